"""ISO 8601 as OpenADR 3 servers write it: when an event ends, and what "no end" looks like.

A server that says "P1M" from 31 January means the end of February, not 31 days; "P9999Y", a
duration past the calendar or one that runs past year 9999 means the limit never ends; a
time without an offset is UTC. Anything else is refused (the event is then ignored).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from custom_components.capacity_manager.grid.iso import end_of, is_zero, parse_datetime

JAN_31 = datetime(2024, 1, 31, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("duration", "end"),
    [
        ("PT15M", datetime(2024, 1, 31, 18, 15, tzinfo=UTC)),
        ("P1M", datetime(2024, 2, 29, 18, 0, tzinfo=UTC)),  # leap year: the month's last day
        ("P1Y1M", datetime(2025, 2, 28, 18, 0, tzinfo=UTC)),
        ("P1W1DT1H30.5S", datetime(2024, 2, 8, 19, 0, 30, 500_000, tzinfo=UTC)),
        ("P13M", datetime(2025, 2, 28, 18, 0, tzinfo=UTC)),
    ],
)
def test_an_end_is_counted_on_the_calendar(duration: str, end: datetime) -> None:
    assert end_of(JAN_31, duration) == end.timestamp()


@pytest.mark.parametrize("duration", ["P9999Y", "P100Y", "P3650000D", "P99Y"])
def test_durations_past_the_calendar_mean_no_end(duration: str) -> None:
    start = datetime(9950, 6, 1, tzinfo=UTC)  # P99Y runs past year 9999
    assert end_of(start, duration) == math.inf


@pytest.mark.parametrize("duration", ["", "P", "PT", "1H", "PT1.5H", "P-1D", None, 3600])
def test_a_duration_that_is_not_iso_8601_is_refused(duration: object) -> None:
    with pytest.raises(ValueError, match="ISO 8601 duration expected"):
        end_of(JAN_31, duration)


def test_a_time_without_offset_is_utc_and_offsets_are_converted() -> None:
    assert parse_datetime("2024-05-01T12:00:00") == datetime(2024, 5, 1, 12, tzinfo=UTC)
    assert parse_datetime("2024-05-01T14:00:00+02:00") == datetime(2024, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("text", [None, 1714564800, "yesterday", ""])
def test_a_date_time_that_is_not_one_is_refused(text: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the parser's own
        parse_datetime(text)


@pytest.mark.parametrize(
    ("duration", "zero"),
    [("PT0S", True), ("P0D", True), ("P0Y0M0DT0H0M0.0S", True), ("PT1S", False), ("P1D", False)],
)
def test_zero_duration_means_until_further_notice(duration: str, zero: bool) -> None:
    assert is_zero(duration) is zero


@pytest.mark.parametrize("duration", [None, 0, "zero", ""])
def test_what_is_not_a_duration_is_not_zero(duration: object) -> None:
    assert is_zero(duration) is False
