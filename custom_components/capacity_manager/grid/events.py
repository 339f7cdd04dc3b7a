"""Reading OpenADR 3 events into interval series (pure: no I/O, no Home Assistant).

Timing follows the OpenADR 3 definitions: an event's `intervalPeriod` gives the start and
duration of its first interval, and intervals without their own period follow one another with
that duration; an interval's own period overrides it. A zero duration (PT0S) or one of a hundred
years or more means "until further notice". `randomizeStart` is ignored (a limit must not start
late). Times become UTC timestamps.

Values are scaled to W by the payload descriptor's units (event first, then program; KW when
none is given). An event that cannot be read is rejected as a whole: `merge` keeps its previous
valid version, so a malformed update never loosens or drops a limit that was in force. Payload
types we do not know are ignored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from .iso import end_of, is_zero, parse_datetime
from .schedule import NO_PRIORITY, POWER_TYPES, PRICE_TYPES, EventSeries, GridSchedule, Interval

_UNIT_W = {"W": 1.0, "KW": 1000.0, "MW": 1_000_000.0}


class MalformedEvent(ValueError):
    """An event that cannot be read; it is ignored and its previous version kept."""


def _descriptors(obj: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found = obj.get("payloadDescriptors") or []
    if not isinstance(found, list):
        raise MalformedEvent("payloadDescriptors is not a list")
    return {d["payloadType"]: d for d in found if isinstance(d, dict) and "payloadType" in d}


def _scale(payload_type: str, descriptor: Mapping[str, Any] | None) -> float:
    if payload_type in PRICE_TYPES:
        return 1.0
    units = (descriptor or {}).get("units") or "KW"
    if not isinstance(units, str) or units.upper() not in _UNIT_W:
        raise MalformedEvent(f"{payload_type}: unsupported units {units!r}")
    return _UNIT_W[units.upper()]


def _value(payload_type: str, payload: Mapping[str, Any], scale: float) -> float:
    values = payload.get("values")
    if not isinstance(values, list) or not values:
        raise MalformedEvent(f"{payload_type}: no values")
    value = values[0]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MalformedEvent(f"{payload_type}: not a number: {value!r}")
    if payload_type in POWER_TYPES and value < 0:
        raise MalformedEvent(f"{payload_type}: negative power {value!r}")
    return float(value) * scale


def _span(start: datetime, duration: object) -> tuple[float, float]:
    """(start, end) timestamps; no duration or a zero one is open-ended."""
    try:
        end = math.inf if duration is None or is_zero(duration) else end_of(start, duration)
    except ValueError as err:
        raise MalformedEvent(f"intervalPeriod: {err}") from err
    if end <= start.timestamp():
        raise MalformedEvent("intervalPeriod ends before it starts")
    return start.timestamp(), end


def _period(period: object, default_duration: object) -> tuple[float, float]:
    """(start, end) of an intervalPeriod; raises MalformedEvent."""
    if not isinstance(period, dict):
        raise MalformedEvent("intervalPeriod is not an object")
    try:
        start = parse_datetime(period.get("start"))
    except ValueError as err:
        raise MalformedEvent(f"intervalPeriod: {err}") from err
    return _span(start, period.get("duration", default_duration))


def parse_event(
    event: object, program_descriptors: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, tuple[Interval, ...]]:
    """The known payload series of one event. Raises MalformedEvent."""
    if not isinstance(event, dict):
        raise MalformedEvent("event is not an object")
    intervals = event.get("intervals")
    if not isinstance(intervals, list):
        raise MalformedEvent("event has no list of intervals")
    descriptors = {**(program_descriptors or {}), **_descriptors(event)}
    priority = event.get("priority")
    rank = priority if isinstance(priority, int) and not isinstance(priority, bool) else None
    default = event.get("intervalPeriod")
    next_start: float | None = None
    default_duration: object = None
    if default is not None:
        next_start, _ = _period(default, None)
        default_duration = default.get("duration") if isinstance(default, dict) else None
    series: dict[str, list[Interval]] = {}
    for interval in intervals:
        if not isinstance(interval, dict) or not isinstance(interval.get("payloads"), list):
            raise MalformedEvent("interval without a list of payloads")
        if interval.get("intervalPeriod") is not None:
            start, end = _period(interval["intervalPeriod"], default_duration)
        elif next_start is not None:
            start, end = _span(datetime.fromtimestamp(next_start, UTC), default_duration)
        else:
            raise MalformedEvent("interval without a period and no event period")
        next_start = end if math.isfinite(end) else None
        for payload in interval["payloads"]:
            kind = payload.get("type") if isinstance(payload, dict) else None
            if kind not in POWER_TYPES and kind not in PRICE_TYPES:
                continue  # unknown payload types are not ours to judge
            assert isinstance(kind, str)
            assert isinstance(payload, dict)
            value = _value(kind, payload, _scale(kind, descriptors.get(kind)))
            item = Interval(start, end, value, NO_PRIORITY if rank is None else rank)
            series.setdefault(kind, []).append(item)
    return {kind: tuple(items) for kind, items in series.items()}


def is_for_ven(event: Mapping[str, Any], ven_name: str) -> bool:
    """False when the event targets VEN names and ours is not one of them."""
    targets = event.get("targets")
    if not isinstance(targets, list):
        return True
    for target in targets:
        if isinstance(target, dict) and target.get("type") == "VEN_NAME":
            values = target.get("values")
            if isinstance(values, list) and ven_name not in values:
                return False
    return True


def event_key(event: object, index: int) -> str:
    """A stable key for an event: its id, else its position."""
    if isinstance(event, dict) and isinstance(event.get("id"), str):
        return str(event["id"])
    return f"#{index}"


def merge(
    events: Sequence[object],
    previous: GridSchedule,
    program: Mapping[str, Any] | None,
    ven_name: str,
) -> tuple[GridSchedule, list[tuple[str, str]]]:
    """A schedule from a fresh list of events and the problems found (event key, message).

    A malformed event keeps its previous valid version; events no longer listed are dropped.
    """
    problems: list[tuple[str, str]] = []
    try:
        program_descriptors = _descriptors(program or {})
    except MalformedEvent as err:
        problems.append(("program", str(err)))
        program_descriptors = {}
    accepted: dict[str, EventSeries] = {}
    for index, event in enumerate(events):
        key = event_key(event, index)
        if isinstance(event, dict) and not is_for_ven(event, ven_name):
            continue
        try:
            accepted[key] = parse_event(event, program_descriptors)
        except MalformedEvent as err:
            problems.append((key, str(err)))
            if key in previous.events:
                accepted[key] = previous.events[key]
    return GridSchedule(events=accepted), problems
