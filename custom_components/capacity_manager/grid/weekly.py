"""A weekly time window with import/export limits, in local wall-clock time (pure).

A rule starts at `start` on each of its days and lasts until `end`; an end at or before the start
runs past midnight into the next day (22:00–06:00), and start = end means 24 hours. Wall-clock
arithmetic keeps "17:00–21:00" at 17:00–21:00 on the days the clocks change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from .const import CONF_DAYS, CONF_END, CONF_EXPORT_KW, CONF_IMPORT_KW, CONF_START, WEEKDAYS

_DAY = timedelta(days=1)
_WEEK_S = 7 * 86_400


def _clock(value: object) -> time:
    if not isinstance(value, str):
        raise ValueError(f"time expected, got {value!r}")  # noqa: TRY004 - bad input, not a bug
    return time.fromisoformat(value)


def _kw(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError(f"limit must be a number >= 0, got {value!r}")
    return float(value) * 1000


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """Limits in force on some weekdays between two times of day."""

    days: frozenset[int]  # 0 = Monday
    start: time
    end: time
    import_w: float | None
    export_w: float | None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> WeeklyRule:
        """Read a schedule subentry; raises ValueError when it is inconsistent."""
        days = data.get(CONF_DAYS)
        if not isinstance(days, list) or not days or any(d not in WEEKDAYS for d in days):
            raise ValueError(f"days must be a non-empty list of {WEEKDAYS}")
        rule = cls(
            days=frozenset(WEEKDAYS.index(d) for d in days),
            start=_clock(data.get(CONF_START)),
            end=_clock(data.get(CONF_END)),
            import_w=_kw(data.get(CONF_IMPORT_KW)),
            export_w=_kw(data.get(CONF_EXPORT_KW)),
        )
        if rule.import_w is None and rule.export_w is None:
            raise ValueError("a schedule needs an import or an export limit")
        return rule

    @property
    def length(self) -> timedelta:
        """How long one window lasts (wall clock)."""
        start = timedelta(
            hours=self.start.hour, minutes=self.start.minute, seconds=self.start.second
        )
        end = timedelta(hours=self.end.hour, minutes=self.end.minute, seconds=self.end.second)
        return (end - start) % _DAY or _DAY

    def _windows(self, wall: datetime, days_before: int, days_after: int) -> list[datetime]:
        first = wall.date() - timedelta(days=days_before)
        return [
            datetime.combine(first + timedelta(days=n), self.start)
            for n in range(days_before + days_after + 1)
            if (first + timedelta(days=n)).weekday() in self.days
        ]

    def active(self, local: datetime) -> bool:
        """Whether the rule is in force at a local time (its zone is ignored: wall clock)."""
        wall = local.replace(tzinfo=None)
        length = self.length
        return any(begin <= wall < begin + length for begin in self._windows(wall, 1, 0))

    def next_change(self, local: datetime) -> datetime | None:
        """The next wall-clock time at which the rule starts or stops applying (naive)."""
        wall = local.replace(tzinfo=None)
        length = self.length
        edges = [
            edge
            for begin in self._windows(wall, 1, 7)
            for edge in (begin, begin + length)
            if edge > wall
        ]
        # Back-to-back windows (every day, 00:00–00:00) have no edge where nothing changes.
        starts = set(self._windows(wall, 1, 8))
        ends = {begin + length for begin in self._windows(wall, 1, 8)}
        real = [edge for edge in edges if not (edge in starts and edge in ends)]
        return min(real) if real else None


def limits_at(rules: list[WeeklyRule], local: datetime) -> tuple[float | None, float | None]:
    """The tightest import and export limits of the rules in force."""
    imports = [r.import_w for r in rules if r.import_w is not None and r.active(local)]
    exports = [r.export_w for r in rules if r.export_w is not None and r.active(local)]
    return (min(imports) if imports else None), (min(exports) if exports else None)


def _week_spans(rule: WeeklyRule) -> list[tuple[float, float]]:
    """The rule's windows as [start, end) seconds from Monday 00:00; the Sunday night wraps."""
    start = rule.start.hour * 3600 + rule.start.minute * 60 + rule.start.second
    length = rule.length.total_seconds()
    spans: list[tuple[float, float]] = []
    for day in rule.days:
        begin = float(day * 86_400 + start)
        end = begin + length
        spans.append((begin, min(end, _WEEK_S)))
        if end > _WEEK_S:
            spans.append((0.0, end - _WEEK_S))
    return spans


def first_overlap(rules: Sequence[WeeklyRule]) -> tuple[int, int] | None:
    """The first two rules (by index) in force at the same time for the same direction.

    One rule ending when the next starts is no overlap. An import rule and an export rule may
    overlap: they limit different things.
    """
    spans = [_week_spans(rule) for rule in rules]
    for j, later in enumerate(rules):
        for i in range(j):
            earlier = rules[i]
            same_direction = (earlier.import_w is not None and later.import_w is not None) or (
                earlier.export_w is not None and later.export_w is not None
            )
            if same_direction and any(
                a0 < b1 and b0 < a1 for a0, a1 in spans[i] for b0, b1 in spans[j]
            ):
                return i, j
    return None
