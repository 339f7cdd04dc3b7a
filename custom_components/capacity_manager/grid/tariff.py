"""Capacity tariff: the engine's rolling-window limit from a subentry, and the month's peak (pure).

Capacity tariffs (Belgium, the Netherlands, the Nordics) bill the highest average over a
clock-aligned window (usually 15 minutes) in a month. The engine keeps each window's average
under the limit; `MonthPeak` records the highest completed window of the current month.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..engine.models import LimitConfig
from .const import (
    CONF_SOURCE_KIND,
    CONF_WINDOW_LIMIT_KW,
    CONF_WINDOW_MIN,
    DEFAULT_WINDOW_MIN,
    KIND_TARIFF,
    SUBENTRY_LIMIT_SOURCE,
)


class _Subentry(Protocol):
    @property
    def subentry_type(self) -> str: ...
    @property
    def data(self) -> Mapping[str, Any]: ...


def tariff_window(subentries: Iterable[_Subentry]) -> tuple[float, float] | None:
    """(limit W, window s) of the first capacity tariff subentry, if any and valid."""
    for subentry in subentries:
        data = subentry.data
        if (
            subentry.subentry_type != SUBENTRY_LIMIT_SOURCE
            or data.get(CONF_SOURCE_KIND) != KIND_TARIFF
        ):
            continue
        limit_kw = data.get(CONF_WINDOW_LIMIT_KW)
        minutes = data.get(CONF_WINDOW_MIN, DEFAULT_WINDOW_MIN)
        if (
            isinstance(limit_kw, int | float)
            and isinstance(minutes, int | float)
            and limit_kw > 0
            and minutes > 0
        ):
            return float(limit_kw) * 1000, float(minutes) * 60
    return None


def with_tariff(limits: LimitConfig, subentries: Iterable[_Subentry]) -> LimitConfig:
    """`limits` with the rolling-window limit of a capacity tariff subentry, if there is one."""
    window = tariff_window(subentries)
    if window is None:
        return limits
    return replace(limits, window_limit_w=window[0], window_s=window[1])


@dataclass(slots=True)
class MonthPeak:
    """The highest completed window average of the current month."""

    month: str | None = None  # "YYYY-MM" the peak belongs to
    peak_w: float | None = None
    peak_start: float | None = None  # start of the peak window (timestamp)
    _window: float | None = None  # start of the window being watched
    _window_month: str | None = None
    _average: float | None = None  # its latest average

    def observe(self, window_start: float, month: str, average_w: float | None) -> bool:
        """Feed the current window's projected average; True when the peak or month changed.

        `month` is the (local) month of `window_start`. A window counts once it is complete,
        that is when a sample of a later window arrives; its last projection is its average.
        """
        changed = False
        if self._window is not None and window_start != self._window:
            if self._average is not None and self._window_month is not None:
                changed = self._complete(self._window, self._window_month, self._average)
            self._average = None
        if month != self.month:
            self.month, self.peak_w, self.peak_start = month, None, None
            changed = True
        self._window, self._window_month = window_start, month
        if average_w is not None:
            self._average = average_w
        return changed

    def _complete(self, start: float, month: str, average: float) -> bool:
        if month != self.month:
            return False  # a window of a month already closed
        if self.peak_w is None or average > self.peak_w:
            self.peak_w, self.peak_start = average, start
            return True
        return False

    def export(self) -> dict[str, Any]:
        """What a restart needs (stored as the sensor's extra data)."""
        return {"month": self.month, "peak_w": self.peak_w, "peak_start": self.peak_start}

    @classmethod
    def restore(cls, data: Mapping[str, Any] | None) -> MonthPeak:
        """From `export`; anything invalid starts empty."""
        if not data:
            return cls()
        month, peak, start = data.get("month"), data.get("peak_w"), data.get("peak_start")
        if not isinstance(month, str) or not isinstance(peak, int | float):
            return cls()
        return cls(
            month=month,
            peak_w=float(peak),
            peak_start=float(start) if isinstance(start, int | float) else None,
        )
