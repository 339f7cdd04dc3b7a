"""Limits: the tightest of the panel, continuous (NEC 80 %), grid, override and window limits.

The continuous rule uses a leaky bucket: time above `continuous_fraction` of the rating fills it,
time below drains it at the same rate. When it holds `grace` seconds the continuous limit applies,
and it stays applied until the bucket is empty again, so the limit does not flap at its edge.

The rolling-window limit (a 15-minute capacity tariff) projects the window's average: the power
still allowed for the rest of the current clock-aligned window is
(limit × window − energy so far) / time left.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeGuard

from .models import LimitConfig, LimitSource

# Near a window's end the "allowed for the rest" figure is dominated by a few seconds; below this
# many seconds left, the window limit itself is used so one sample cannot swing the limit wildly.
_WINDOW_TAIL_S = 30.0
# A restart shorter than this continues from the last sample (its power held over the gap);
# after a longer one nothing is assumed about the gap.
_RESUME_MAX_GAP_S = 300.0


@dataclass(frozen=True, slots=True)
class LimitState:
    """The limits in force at one instant."""

    effective_w: float
    source: LimitSource
    continuous_active: bool
    window_average_w: float | None
    window_projection_w: float | None
    export_limit_w: float | None


class LimitTracker:
    """Tracks the time-dependent limits of one site."""

    __slots__ = (
        "_bucket_s",
        "_continuous_active",
        "_last_now",
        "_last_power",
        "_resumed",
        "_window_energy_ws",
        "_window_start",
        "config",
        "grid_export_w",
        "grid_import_w",
        "override_w",
    )

    def __init__(self, config: LimitConfig) -> None:
        """Start with empty history."""
        self.config = config
        self.override_w: float | None = None
        self.grid_import_w: float | None = None
        self.grid_export_w: float | None = None
        self._bucket_s = 0.0
        self._continuous_active = False
        self._last_now: float | None = None
        self._last_power: float | None = None
        self._window_start: float | None = None
        self._window_energy_ws = 0.0
        self._resumed: tuple[float, float] | None = None  # last sample before a restart

    def export_state(self) -> dict[str, float | bool | None]:
        """JSON-safe memory: the continuous bucket, the tariff window so far, the last sample."""
        return {
            "bucket_s": self._bucket_s,
            "continuous_active": self._continuous_active,
            "window_start": self._window_start,
            "window_energy_ws": self._window_energy_ws,
            "last_now": self._last_now,
            "last_power": self._last_power,
        }

    def import_state(self, data: dict[str, object]) -> None:
        """Load memory saved by `export_state`; invalid values are ignored.

        A restart within the tariff window keeps the energy drawn so far in it (forgetting it
        would loosen the window's limit); the gap is counted at the last power seen, if the
        restart was quick (`_RESUME_MAX_GAP_S`).
        """
        bucket = data.get("bucket_s")
        if _number(bucket) and bucket >= 0:
            self._bucket_s = float(bucket)
        self._continuous_active = data.get("continuous_active") is True
        start, energy = data.get("window_start"), data.get("window_energy_ws")
        if _number(start) and _number(energy) and energy >= 0:
            self._window_start, self._window_energy_ws = float(start), float(energy)
        last_now, last_power = data.get("last_now"), data.get("last_power")
        if _number(last_now) and _number(last_power):
            self._resumed = (float(last_now), float(last_power))

    def skip_to(self, now: float, power_w: float) -> None:
        """Record a sample without computing limits (only valid when none depends on time)."""
        self._last_now = now
        self._last_power = power_w

    def update(self, now: float, power_w: float | None) -> LimitState:
        """Advance to `now` with the latest valid site power (None: unknown)."""
        config = self.config
        last_now, last_power = self._last_now, self._last_power
        if last_now is None and self._resumed is not None:
            if 0.0 <= now - self._resumed[0] <= _RESUME_MAX_GAP_S:
                last_now, last_power = self._resumed
            self._resumed = None
        dt = 0.0 if last_now is None else max(0.0, now - last_now)
        self._last_now = now
        if power_w is not None:
            self._last_power = power_w

        limit = config.panel_limit_w
        source = LimitSource.PANEL

        if config.continuous_enabled and last_power is not None:
            continuous_w = config.panel_limit_w * config.continuous_fraction
            if last_power > continuous_w:
                self._bucket_s += dt
            else:
                self._bucket_s = max(0.0, self._bucket_s - dt)
            if self._bucket_s >= config.continuous_grace_s and self._bucket_s > 0:
                self._continuous_active = True
            elif self._bucket_s <= 0:
                self._continuous_active = False
        if self._continuous_active:
            limit = config.panel_limit_w * config.continuous_fraction
            source = LimitSource.CONTINUOUS

        if self.grid_import_w is not None and self.grid_import_w < limit:
            limit, source = self.grid_import_w, LimitSource.GRID
        if self.override_w is not None and self.override_w < limit:
            limit, source = self.override_w, LimitSource.OVERRIDE

        average = projection = None
        if config.window_limit_w is not None:
            allowed, average, projection = self._window(now, dt, last_power, power_w)
            if allowed < limit:
                limit, source = allowed, LimitSource.WINDOW

        export_limit = config.export_limit_w
        if self.grid_export_w is not None and (
            export_limit is None or self.grid_export_w < export_limit
        ):
            export_limit = self.grid_export_w
        return LimitState(
            effective_w=limit,
            source=source,
            continuous_active=self._continuous_active,
            window_average_w=average,
            window_projection_w=projection,
            export_limit_w=export_limit,
        )

    def _window(
        self, now: float, dt: float, last_power: float | None, power_w: float | None
    ) -> tuple[float, float, float]:
        """Allowed power for the rest of the window, the average so far and the projection."""
        window_s = self.config.window_s
        window_limit = self.config.window_limit_w
        assert window_limit is not None
        start = math.floor(now / window_s) * window_s
        if self._window_start != start:
            # Attribute the part of the last interval that fell into the new window to it.
            self._window_start = start
            into_new = min(dt, now - start)
            self._window_energy_ws = max(0.0, last_power or 0.0) * into_new  # export counts 0
        elif last_power is not None:
            self._window_energy_ws += max(0.0, last_power) * dt
        elapsed = now - start
        left = window_s - elapsed
        current = power_w if power_w is not None else (last_power or 0.0)
        average = self._window_energy_ws / elapsed if elapsed > 0 else current
        projection = (self._window_energy_ws + max(0.0, current) * left) / window_s
        if left < _WINDOW_TAIL_S:
            allowed = max(window_limit, (window_limit * window_s - self._window_energy_ws) / left)
        else:
            allowed = (window_limit * window_s - self._window_energy_ws) / left
        return max(0.0, allowed), average, projection


def _number(value: object) -> TypeGuard[float]:
    """A finite int or float from stored JSON (bool is not one)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
