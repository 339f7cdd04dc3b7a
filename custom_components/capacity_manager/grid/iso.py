"""ISO 8601 date-times and durations as OpenADR 3 writes them (pure).

Durations may use years and months ("P1M"), so an end is computed from its start on the calendar.
A duration of a hundred years or more ("P9999Y" is the usual way) means "no end".
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import UTC, datetime, timedelta

_DURATION = re.compile(
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_FOREVER_YEARS = 100


def parse_datetime(text: object) -> datetime:
    """An aware UTC datetime; a time without offset is taken as UTC. Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError(f"date-time expected, got {text!r}")  # noqa: TRY004 - bad input, not a bug
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _add_months(start: datetime, months: int) -> datetime:
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    if year > 9999:
        raise OverflowError
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def end_of(start: datetime, duration: object) -> float:
    """Timestamp at `start` + `duration` (math.inf for "no end"). Raises ValueError."""
    if not isinstance(duration, str) or not (match := _DURATION.match(duration)):
        raise ValueError(f"ISO 8601 duration expected, got {duration!r}")
    years, months, weeks, days, hours, minutes = (int(g or 0) for g in match.groups()[:6])
    seconds = float(match.group(7) or 0)
    if years >= _FOREVER_YEARS:
        return math.inf
    try:
        end = _add_months(start, years * 12 + months)
    except OverflowError:
        return math.inf
    rest = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    try:
        return (end + rest).timestamp()
    except OverflowError:  # "P3650000D": past the calendar, so no end
        return math.inf


def is_zero(duration: object) -> bool:
    """True for a zero duration ("PT0S"), which OpenADR uses for "until further notice"."""
    if not isinstance(duration, str) or not (match := _DURATION.match(duration)):
        return False
    return all(float(g or 0) == 0 for g in match.groups())
