"""OpenADR 3 schedules (pure): which limit is in force, in which units, and what is rejected."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.capacity_manager.grid.events import MalformedEvent, merge, parse_event
from custom_components.capacity_manager.grid.iso import end_of
from custom_components.capacity_manager.grid.schedule import (
    EMPTY,
    IMPORT_AVAILABLE,
    IMPORT_LIMIT,
    GridSchedule,
    envelope,
    subscriptions,
)

DAY = datetime(2025, 3, 30, tzinfo=UTC)  # the EU clocks change this day (UTC does not)
VEN = "ven-1"


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def ts(moment: datetime) -> float:
    return moment.timestamp()


def doe_event(
    values_kw: list[float], *, start: datetime = DAY, units: str | None = "KW"
) -> dict[str, Any]:
    """A day of half-hour import limits, intervals following one another."""
    event: dict[str, Any] = {
        "id": "doe",
        "programID": "p",
        "intervalPeriod": {"start": iso(start), "duration": "PT30M"},
        "intervals": [
            {"id": n, "payloads": [{"type": IMPORT_LIMIT, "values": [value]}]}
            for n, value in enumerate(values_kw)
        ],
    }
    if units is not None:
        event["payloadDescriptors"] = [
            {"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": IMPORT_LIMIT, "units": units}
        ]
    return event


def subscription_event(kw: float, export_kw: float | None = None) -> dict[str, Any]:
    payloads = [{"type": "IMPORT_CAPACITY_SUBSCRIPTION", "values": [kw]}]
    if export_kw is not None:
        payloads.append({"type": "EXPORT_CAPACITY_SUBSCRIPTION", "values": [export_kw]})
    return {
        "id": "sub",
        "programID": "p",
        "intervalPeriod": {"start": iso(DAY - timedelta(days=30)), "duration": "P9999Y"},
        "intervals": [{"id": 0, "payloads": payloads}],
    }


def schedule_of(*events: dict[str, Any], previous: GridSchedule = EMPTY) -> GridSchedule:
    schedule, problems = merge(list(events), previous, None, VEN)
    assert problems == []
    return schedule


def test_a_doe_day_of_48_half_hours_applies_each_interval_in_watts() -> None:
    values = [4.0 + (n % 8) * 0.5 for n in range(48)]
    schedule = schedule_of(doe_event(values), subscription_event(9.0))
    for n, value in enumerate(values):
        middle = DAY + timedelta(minutes=30 * n + 15)
        assert envelope(schedule, ts(middle)).import_w == pytest.approx(value * 1000)
    # Interval edges belong to the interval that starts there.
    assert envelope(schedule, ts(DAY + timedelta(minutes=30))).import_w == values[1] * 1000


def test_subscription_applies_before_the_first_and_after_the_last_interval() -> None:
    schedule = schedule_of(doe_event([3.0, 2.0]), subscription_event(9.0, export_kw=4.0))
    before = envelope(schedule, ts(DAY - timedelta(minutes=1)))
    during = envelope(schedule, ts(DAY + timedelta(minutes=45)))
    ran_out = envelope(schedule, ts(DAY + timedelta(hours=1, seconds=1)))
    assert (before.import_w, before.export_w) == (9000.0, 4000.0)
    assert (during.import_w, during.export_w) == (2000.0, 4000.0)
    assert (ran_out.import_w, ran_out.export_w) == (9000.0, 4000.0)


def test_without_any_subscription_the_fallback_applies_and_none_means_no_limit() -> None:
    schedule = schedule_of(doe_event([3.0]))
    later = ts(DAY + timedelta(hours=2))
    assert envelope(schedule, later, import_fallback_w=7000.0).import_w == 7000.0
    assert envelope(schedule, later).import_w is None
    assert envelope(EMPTY, later, import_fallback_w=7000.0).import_w == 7000.0


def test_an_ended_subscription_stays_the_default_and_is_what_we_remember() -> None:
    event = subscription_event(6.0)
    event["intervalPeriod"]["duration"] = "P1D"
    schedule = schedule_of(event)
    much_later = ts(DAY + timedelta(days=60))
    assert envelope(schedule, much_later).import_w == 6000.0
    assert subscriptions(schedule, much_later) == (6000.0, None)


@pytest.mark.parametrize(
    ("units", "program_units", "expected_w"),
    [
        ("KW", None, 5000.0),
        ("W", None, 5.0),
        ("MW", None, 5_000_000.0),
        ("kw", None, 5000.0),
        (None, "W", 5.0),
        (None, None, 5000.0),
    ],
)
def test_values_are_scaled_by_the_event_then_the_program_descriptor(
    units: str | None, program_units: str | None, expected_w: float
) -> None:
    program = {"programName": "DOE"}
    if program_units is not None:
        program["payloadDescriptors"] = [  # type: ignore[assignment]
            {
                "objectType": "EVENT_PAYLOAD_DESCRIPTOR",
                "payloadType": IMPORT_LIMIT,
                "units": program_units,
            }
        ]
    schedule, problems = merge([doe_event([5.0], units=units)], EMPTY, program, VEN)
    assert problems == []
    assert envelope(schedule, ts(DAY + timedelta(minutes=1))).import_w == expected_w


@pytest.mark.parametrize(
    "breakage",
    [
        {"values": ["lots"]},  # not a number
        {"values": [-2.0]},  # a negative power
        {"values": []},
        {"values": [True]},
        {"units": "KWH"},  # energy is not a power limit
        {"start": "yesterday"},
        {"duration": "30 minutes"},
    ],
)
def test_a_malformed_update_keeps_the_previous_valid_version(breakage: dict[str, Any]) -> None:
    good = schedule_of(doe_event([3.0, 3.0]))
    bad = doe_event([3.0, 3.0])
    if "values" in breakage:
        bad["intervals"][1]["payloads"][0]["values"] = breakage["values"]
    if "units" in breakage:
        bad["payloadDescriptors"][0]["units"] = breakage["units"]
    for key in ("start", "duration"):
        if key in breakage:
            bad["intervalPeriod"][key] = breakage[key]
    schedule, problems = merge([bad], good, None, VEN)
    assert [key for key, _ in problems] == ["doe"]
    assert envelope(schedule, ts(DAY + timedelta(minutes=40))).import_w == 3000.0


def test_a_malformed_event_never_seen_before_is_simply_ignored() -> None:
    schedule, problems = merge([{"id": "x", "intervals": "none"}, 42], EMPTY, None, VEN)
    assert [key for key, _ in problems] == ["x", "#1"]
    assert schedule.events == {}


def test_unknown_payload_types_are_ignored_without_complaint() -> None:
    event = doe_event([3.0])
    event["intervals"][0]["payloads"].append({"type": "PRICE", "values": ["cheap"]})
    event["intervals"].append({"id": 9, "payloads": [{"type": "GHG", "values": [1]}]})
    schedule = schedule_of(event)
    assert envelope(schedule, ts(DAY + timedelta(minutes=1))).import_w == 3000.0


def test_events_no_longer_listed_are_dropped() -> None:
    first = schedule_of(doe_event([3.0]), subscription_event(9.0))
    second = schedule_of(subscription_event(9.0), previous=first)
    assert envelope(second, ts(DAY + timedelta(minutes=1))).import_w == 9000.0


def test_an_interval_period_of_its_own_overrides_the_event_period() -> None:
    event = doe_event([3.0, 2.0])
    event["intervals"][1]["intervalPeriod"] = {
        "start": iso(DAY + timedelta(hours=5)),
        "duration": "PT1H",
    }
    schedule = schedule_of(event)
    assert envelope(schedule, ts(DAY + timedelta(minutes=45))).import_w is None
    assert envelope(schedule, ts(DAY + timedelta(hours=5, minutes=30))).import_w == 2000.0
    assert schedule.next_change(ts(DAY + timedelta(minutes=10))) == ts(DAY + timedelta(minutes=30))


def test_randomize_start_is_ignored_and_a_zero_duration_lasts_until_further_notice() -> None:
    event = doe_event([3.0])
    event["intervalPeriod"] = {"start": iso(DAY), "duration": "PT0S", "randomizeStart": "PT5M"}
    schedule = schedule_of(event)
    assert envelope(schedule, ts(DAY)).import_w == 3000.0
    assert envelope(schedule, ts(DAY + timedelta(days=400))).import_w == 3000.0


def test_overlapping_events_the_higher_priority_wins() -> None:
    low, high = doe_event([3.0]), doe_event([5.0])
    low.update(id="low", priority=5)
    high.update(id="high", priority=1)
    schedule = schedule_of(low, high)
    assert envelope(schedule, ts(DAY + timedelta(minutes=1))).import_w == 5000.0


def test_a_granted_reservation_raises_the_limit_only_inside_its_interval() -> None:
    reservation = {
        "id": "res",
        "intervalPeriod": {"start": iso(DAY + timedelta(hours=2)), "duration": "PT1H"},
        "intervals": [
            {"id": 0, "payloads": [{"type": "IMPORT_CAPACITY_RESERVATION", "values": [4]}]}
        ],
    }
    schedule = schedule_of(subscription_event(9.0), reservation)
    assert envelope(schedule, ts(DAY + timedelta(hours=1))).import_w == 9000.0
    assert envelope(schedule, ts(DAY + timedelta(hours=2, minutes=30))).import_w == 13000.0
    assert envelope(schedule, ts(DAY + timedelta(hours=3))).import_w == 9000.0


def test_events_for_other_vens_are_not_ours() -> None:
    event = doe_event([3.0])
    event["targets"] = [{"type": "VEN_NAME", "values": ["someone-else"]}]
    schedule = schedule_of(event)
    assert envelope(schedule, ts(DAY + timedelta(minutes=1))).import_w is None


def test_capacity_offers_are_read_in_watts() -> None:
    event = {
        "id": "offer",
        "intervalPeriod": {"start": iso(DAY), "duration": "PT1H"},
        "intervals": [
            {
                "id": 0,
                "payloads": [
                    {"type": IMPORT_AVAILABLE, "values": [2.5]},
                    {"type": "IMPORT_CAPACITY_AVAILABLE_PRICE", "values": [-0.5]},
                ],
            }
        ],
    }
    series = parse_event(event)
    assert series[IMPORT_AVAILABLE][0].value == 2500.0
    assert series["IMPORT_CAPACITY_AVAILABLE_PRICE"][0].value == -0.5  # prices may be negative


def test_an_interval_needs_a_period_from_somewhere() -> None:
    with pytest.raises(MalformedEvent):
        parse_event({"intervals": [{"id": 0, "payloads": []}]})


def test_durations_follow_the_calendar_and_very_long_ones_never_end() -> None:
    jan31 = datetime(2025, 1, 31, tzinfo=UTC)
    assert end_of(jan31, "P1M") == ts(datetime(2025, 2, 28, tzinfo=UTC))
    assert end_of(jan31, "P1DT1H30M") == ts(jan31 + timedelta(days=1, hours=1, minutes=30))
    assert end_of(jan31, "P9999Y") == math.inf
    with pytest.raises(ValueError, match="duration"):
        end_of(jan31, "PT")
