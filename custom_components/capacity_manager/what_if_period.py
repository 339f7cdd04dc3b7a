"""The period a What if… replay covers, and the days it is read in.

Apart from the replay (what_if.py): the dates are where the card's local midnights meet the
recorder's UTC, and where a day across a DST change is 23 or 25 hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from .const import DOMAIN

CHUNK: Final = timedelta(days=1)
MAX_PERIOD: Final = timedelta(days=31)
DEFAULT_PERIOD: Final = timedelta(days=7)


def what_if_error(key: str, **placeholders: str) -> ServiceValidationError:
    """A refused What if… call, translated."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


def _utc(value: datetime | None) -> datetime | None:
    """An aware UTC time; a naive one is local wall time (the card sends local midnights)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt_util.get_default_time_zone())
    return dt_util.as_utc(value)


def period(data: Mapping[str, Any], now: datetime) -> tuple[datetime, datetime]:
    """The period to replay (default: the last 7 days); bad periods are refused.

    Both ends are aware UTC: arithmetic on two local times of one zone is wall-clock time (a
    day across the spring DST change would be 23 real hours), on mixed zones it is real time.
    """
    now = dt_util.as_utc(now)
    end = _utc(data.get("end")) or now
    start = _utc(data.get("start")) or end - DEFAULT_PERIOD
    if start >= now:
        raise what_if_error("period_in_future")
    end = min(end, now)
    if end <= start:
        raise what_if_error("period_end_before_start")
    if end - start > MAX_PERIOD:
        raise what_if_error("period_too_long", days=str(MAX_PERIOD.days))
    return start, end


def day_chunks(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Days of real time (24 h, UTC) from `start`; the last one ends at `end` exactly."""
    chunks: list[tuple[datetime, datetime]] = []
    since = start
    while since < end:
        until = min(end, since + CHUNK)
        chunks.append((since, until))
        since = until
    return chunks
