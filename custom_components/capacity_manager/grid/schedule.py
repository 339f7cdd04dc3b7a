"""The grid limits an OpenADR 3 schedule sets at an instant (pure: no I/O, no Home Assistant).

A schedule holds, per accepted event, the intervals of each payload type we know (see
`events.py` for how events are read). Everything is matched in UTC timestamps. Import (export)
limit at an instant: an `IMPORT_CAPACITY_LIMIT` interval if one is active; else the
subscription (the latest the VTN gave, else a fallback the caller remembers); plus a granted
`IMPORT_CAPACITY_RESERVATION` while one of its intervals is active.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

IMPORT_LIMIT = "IMPORT_CAPACITY_LIMIT"
EXPORT_LIMIT = "EXPORT_CAPACITY_LIMIT"
IMPORT_SUBSCRIPTION = "IMPORT_CAPACITY_SUBSCRIPTION"
EXPORT_SUBSCRIPTION = "EXPORT_CAPACITY_SUBSCRIPTION"
IMPORT_RESERVATION = "IMPORT_CAPACITY_RESERVATION"
EXPORT_RESERVATION = "EXPORT_CAPACITY_RESERVATION"
IMPORT_RESERVATION_FEE = "IMPORT_CAPACITY_RESERVATION_FEE"
EXPORT_RESERVATION_FEE = "EXPORT_CAPACITY_RESERVATION_FEE"
IMPORT_AVAILABLE = "IMPORT_CAPACITY_AVAILABLE"
EXPORT_AVAILABLE = "EXPORT_CAPACITY_AVAILABLE"
IMPORT_AVAILABLE_PRICE = "IMPORT_CAPACITY_AVAILABLE_PRICE"
EXPORT_AVAILABLE_PRICE = "EXPORT_CAPACITY_AVAILABLE_PRICE"

POWER_TYPES = frozenset(
    {
        IMPORT_LIMIT,
        EXPORT_LIMIT,
        IMPORT_SUBSCRIPTION,
        EXPORT_SUBSCRIPTION,
        IMPORT_RESERVATION,
        EXPORT_RESERVATION,
        IMPORT_AVAILABLE,
        EXPORT_AVAILABLE,
    }
)
PRICE_TYPES = frozenset(
    {IMPORT_RESERVATION_FEE, EXPORT_RESERVATION_FEE, IMPORT_AVAILABLE_PRICE, EXPORT_AVAILABLE_PRICE}
)
NO_PRIORITY = 1 << 30  # events without a priority rank below every numbered one


@dataclass(frozen=True, slots=True)
class Interval:
    """One value of one payload type over [start, end) (UTC timestamps; end may be inf)."""

    start: float
    end: float
    value: float
    priority: int = NO_PRIORITY


type EventSeries = Mapping[str, tuple[Interval, ...]]  # payload type → its intervals


@dataclass(frozen=True, slots=True)
class GridSchedule:
    """All intervals of all events we accepted, by event key."""

    events: Mapping[str, EventSeries]

    def _all(self, payload_type: str) -> Iterable[Interval]:
        for series in self.events.values():
            yield from series.get(payload_type, ())

    def active(self, payload_type: str, now: float) -> Interval | None:
        """The interval in force: the most important event's, then the latest to start."""
        live = [i for i in self._all(payload_type) if i.start <= now < i.end]
        return min(live, key=lambda i: (i.priority, -i.start)) if live else None

    def last_started(self, payload_type: str, now: float) -> Interval | None:
        """The latest interval that started at or before `now` (it may have ended)."""
        past = [i for i in self._all(payload_type) if i.start <= now]
        return max(past, key=lambda i: (i.start, -i.priority)) if past else None

    def value(self, payload_type: str, now: float) -> float | None:
        """The value in force, or None."""
        interval = self.active(payload_type, now)
        return None if interval is None else interval.value

    def intervals(self, payload_type: str) -> list[Interval]:
        """Every interval of one type, by start."""
        return sorted(self._all(payload_type), key=lambda i: i.start)

    def next_change(self, now: float) -> float | None:
        """The first interval start or end after `now`."""
        edges = [
            edge
            for series in self.events.values()
            for items in series.values()
            for item in items
            for edge in (item.start, item.end)
            if now < edge < math.inf
        ]
        return min(edges) if edges else None


EMPTY = GridSchedule(events={})


@dataclass(frozen=True, slots=True)
class Envelope:
    """Import and export limits a schedule sets at one instant (None: no limit)."""

    import_w: float | None
    export_w: float | None


def _direction(
    schedule: GridSchedule,
    now: float,
    types: tuple[str, str, str],
    fallback_w: float | None,
) -> float | None:
    limit_type, subscription_type, reservation_type = types
    subscription = schedule.active(subscription_type, now) or schedule.last_started(
        subscription_type, now
    )
    base = schedule.value(limit_type, now)
    if base is None:
        base = subscription.value if subscription is not None else fallback_w
    if base is None:
        return None
    return base + (schedule.value(reservation_type, now) or 0.0)


def envelope(
    schedule: GridSchedule,
    now: float,
    *,
    import_fallback_w: float | None = None,
    export_fallback_w: float | None = None,
) -> Envelope:
    """Limits at `now`.

    A limit interval if one is active, else the subscription (the latest the VTN gave, else
    the fallback), plus a granted reservation while one is active.
    """
    return Envelope(
        import_w=_direction(
            schedule,
            now,
            (IMPORT_LIMIT, IMPORT_SUBSCRIPTION, IMPORT_RESERVATION),
            import_fallback_w,
        ),
        export_w=_direction(
            schedule,
            now,
            (EXPORT_LIMIT, EXPORT_SUBSCRIPTION, EXPORT_RESERVATION),
            export_fallback_w,
        ),
    )


def subscriptions(schedule: GridSchedule, now: float) -> tuple[float | None, float | None]:
    """The latest import and export subscription values (to remember across restarts)."""
    found = []
    for kind in (IMPORT_SUBSCRIPTION, EXPORT_SUBSCRIPTION):
        interval = schedule.active(kind, now) or schedule.last_started(kind, now)
        found.append(None if interval is None else interval.value)
    return found[0], found[1]
