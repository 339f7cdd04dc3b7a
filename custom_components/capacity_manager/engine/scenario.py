"""Scenario description for the trace simulator: a house trace plus controllable loads.

Units: time in seconds (float, any epoch, e.g. Unix seconds), power in W, energy in Wh.

A trace sample holds its value from its timestamp until the next timestamp (the last one for
`interval_s`), so the simulator may step on a finer grid than the trace. Everything is validated
in `__post_init__`; bad input raises `ValueError` with a message that names the culprit.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .models import LoadConfig, LoadKind, SiteConfig


class LoadBehaviour(StrEnum):
    """What happens to the energy a switched load wanted while it was shed."""

    DEFERRABLE = "deferrable"  # owed: served after restore (water heater, laundry)
    INTERRUPTIBLE = "interruptible"  # lost: never served (oven, kettle)


def _floats(name: str, values: Sequence[float]) -> tuple[float, ...]:
    out = tuple(float(v) for v in values)
    for i, v in enumerate(out):
        if not math.isfinite(v):
            raise ValueError(f"{name}[{i}] is not a finite number ({v})")
    return out


@dataclass(frozen=True, kw_only=True, slots=True)
class HouseTrace:
    """Measured whole-house power with optional sub-metered columns.

    - `timestamps_s`: strictly increasing sample start times (s).
    - `interval_s`: nominal sample spacing (s); also the duration of the last sample.
    - `total_w`: whole-house measured power (W) — everything, including the sub-metered columns
      but no simulated EV. Negative = export.
    - `columns`: name -> per-sample power (W) of sub-metered circuits (each as long as `total_w`).
    Sequences are stored as tuples of float.
    """

    timestamps_s: Sequence[float]
    interval_s: float
    total_w: Sequence[float]
    columns: Mapping[str, Sequence[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.interval_s) and self.interval_s > 0):
            raise ValueError(f"trace interval_s must be a positive number, got {self.interval_s}")
        ts = _floats("timestamps_s", self.timestamps_s)
        if not ts:
            raise ValueError("trace has no samples")
        for i in range(1, len(ts)):
            if ts[i] <= ts[i - 1]:
                raise ValueError(
                    f"timestamps_s must be strictly increasing: sample {i} ({ts[i]}) "
                    f"follows {ts[i - 1]}"
                )
        total = _floats("total_w", self.total_w)
        if len(total) != len(ts):
            raise ValueError(f"total_w has {len(total)} samples, timestamps_s has {len(ts)}")
        columns: dict[str, tuple[float, ...]] = {}
        for name, values in self.columns.items():
            col = _floats(f"column {name!r}", values)
            if len(col) != len(ts):
                raise ValueError(
                    f"column {name!r} has {len(col)} samples, timestamps_s has {len(ts)}"
                )
            columns[name] = col
        object.__setattr__(self, "timestamps_s", ts)
        object.__setattr__(self, "total_w", total)
        object.__setattr__(self, "columns", columns)  # a plain dict: scenarios stay picklable

    @property
    def start_s(self) -> float:
        """Start of the first sample (s)."""
        return self.timestamps_s[0]

    @property
    def end_s(self) -> float:
        """End of the last sample (s): last timestamp + interval_s."""
        return self.timestamps_s[-1] + self.interval_s

    def __len__(self) -> int:
        return len(self.timestamps_s)


@dataclass(frozen=True, kw_only=True, slots=True)
class SwitchedLoadSpec:
    """A switched (on/off) load whose demand is a trace column.

    A deferrable load pays back owed energy on top of its demand, replaying what it missed at
    the power it was wanted at, but never draws more than `config.rated_power_w` (0: the
    column's peak) in total. See `simulator` for the whole model.
    """

    config: LoadConfig
    column: str
    behaviour: LoadBehaviour = LoadBehaviour.DEFERRABLE

    def __post_init__(self) -> None:
        if self.config.kind is not LoadKind.SWITCHED:
            raise ValueError(f"{self.config.load_id}: a SwitchedLoadSpec needs a SWITCHED load")
        if not self.column:
            raise ValueError(f"{self.config.load_id}: column name is empty")
        object.__setattr__(self, "behaviour", LoadBehaviour(self.behaviour))


@dataclass(frozen=True, kw_only=True, slots=True)
class EvSession:
    """One charging session: plugged in [plug_in_s, plug_out_s), wants `energy_wh`."""

    plug_in_s: float
    plug_out_s: float
    energy_wh: float

    def __post_init__(self) -> None:
        for name in ("plug_in_s", "plug_out_s", "energy_wh"):
            if not math.isfinite(getattr(self, name)):
                raise ValueError(f"EV session {name} is not a finite number")
        if self.plug_out_s <= self.plug_in_s:
            raise ValueError(
                f"EV session plug_out_s ({self.plug_out_s}) is not after plug_in_s "
                f"({self.plug_in_s})"
            )
        if self.energy_wh < 0:
            raise ValueError(f"EV session energy_wh is negative ({self.energy_wh})")


@dataclass(frozen=True, kw_only=True, slots=True)
class EvSpec:
    """An EV charger (`LoadConfig.ev(...)`) and its sessions (sorted, non-overlapping).

    Charger maximum power = `config.max_setpoint * config.setpoint_unit_w`.
    """

    config: LoadConfig
    sessions: Sequence[EvSession] = ()
    # The driver gives a charging plan (plan.py) at each plug-in: the session's plug-out as
    # departure and its energy as what the car wants, as when setting both in an app.
    plans: bool = False

    def __post_init__(self) -> None:
        if self.config.kind is not LoadKind.EV:
            raise ValueError(f"{self.config.load_id}: an EvSpec needs an EV load (LoadConfig.ev)")
        if not self.config.max_setpoint > 0:
            raise ValueError(f"{self.config.load_id}: EV max_setpoint must be > 0")
        sessions = tuple(sorted(self.sessions, key=lambda s: s.plug_in_s))
        for a, b in itertools.pairwise(sessions):
            if b.plug_in_s < a.plug_out_s:
                raise ValueError(
                    f"{self.config.load_id}: EV sessions overlap (plug-in at {b.plug_in_s} "
                    f"before the previous plug-out at {a.plug_out_s})"
                )
        object.__setattr__(self, "sessions", sessions)

    @property
    def max_power_w(self) -> float:
        """Charger maximum power (W)."""
        return self.config.max_setpoint * self.config.setpoint_unit_w


@dataclass(frozen=True, kw_only=True, slots=True)
class Scenario:
    """A house trace, its controllable loads, the site (limit) and the simulation timing.

    - `sample_interval_s`: how often the controller gets a measurement (s); None = the trace's
      interval. May be finer than the trace (values are held).
    - `latency_s`: detection + actuation latency (s): an action decided at sample time t takes
      effect at t + latency_s.
    - The limit used by metrics is `site.limits.panel_limit_w` (`limit_w`).
    - EV sessions that plug in outside the trace are ignored; sessions still plugged at the end
      of the trace are cut there.
    """

    name: str
    trace: HouseTrace
    site: SiteConfig
    switched: Sequence[SwitchedLoadSpec] = ()
    evs: Sequence[EvSpec] = ()
    sample_interval_s: float | None = None
    latency_s: float = 10.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "switched", tuple(self.switched))
        object.__setattr__(self, "evs", tuple(self.evs))
        if self.sample_interval_s is not None and not (
            math.isfinite(self.sample_interval_s) and self.sample_interval_s > 0
        ):
            raise ValueError(f"sample_interval_s must be > 0, got {self.sample_interval_s}")
        if not (math.isfinite(self.latency_s) and self.latency_s >= 0):
            raise ValueError(f"latency_s must be >= 0, got {self.latency_s}")
        seen: set[str] = set()
        used_columns: set[str] = set()
        for spec in self.switched:
            load_id = spec.config.load_id
            if spec.column not in self.trace.columns:
                known = ", ".join(sorted(self.trace.columns)) or "none"
                raise ValueError(
                    f"load {load_id}: unknown column {spec.column!r} (trace columns: {known})"
                )
            if spec.column in used_columns:
                raise ValueError(f"load {load_id}: column {spec.column!r} is mapped twice")
            used_columns.add(spec.column)
            bad = next((i for i, v in enumerate(self.trace.columns[spec.column]) if v < 0), None)
            if bad is not None:
                raise ValueError(f"load {load_id}: column {spec.column!r} is negative at {bad}")
            if load_id in seen:
                raise ValueError(f"duplicate load id {load_id!r}")
            seen.add(load_id)
        for ev in self.evs:
            if ev.config.load_id in seen:
                raise ValueError(f"duplicate load id {ev.config.load_id!r}")
            seen.add(ev.config.load_id)

    @property
    def step_s(self) -> float:
        """The simulation step (s): `sample_interval_s` or the trace interval."""
        return (
            self.sample_interval_s
            if self.sample_interval_s is not None
            else (self.trace.interval_s)
        )

    @property
    def limit_w(self) -> float:
        """The limit the metrics judge against (W)."""
        return self.site.limits.panel_limit_w

    def load_configs(self) -> list[LoadConfig]:
        """All controllable loads, switched first then EVs (for building a controller)."""
        return [s.config for s in self.switched] + [e.config for e in self.evs]
