"""Capacity reservations (pure): the report the VEN sends and how the VTN's answer is read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from custom_components.capacity_manager.grid.events import merge
from custom_components.capacity_manager.grid.reservation import (
    Verdict,
    answer,
    build_report,
    report_event,
)
from custom_components.capacity_manager.grid.schedule import EMPTY, IMPORT_RESERVATION

START = datetime(2025, 6, 2, 18, 0, tzinfo=UTC).timestamp()


def reservation_event(event_id: str, kw: float, fee: float | None = None) -> dict[str, Any]:
    payloads = [{"type": IMPORT_RESERVATION, "values": [kw]}]
    if fee is not None:
        payloads.append({"type": "IMPORT_CAPACITY_RESERVATION_FEE", "values": [fee]})
    return {
        "id": event_id,
        "intervalPeriod": {"start": "2025-06-02T18:00:00Z", "duration": "PT2H"},
        "intervals": [{"id": 0, "payloads": payloads}],
    }


def test_the_report_asks_for_kilowatts_over_the_window() -> None:
    report = build_report(
        program_id="p1",
        event_id="e1",
        ven_name="home",
        start=START,
        duration_s=7200,
        power_w=3500,
        max_fee=2.0,
        label="dryer",
    )
    assert report["programID"] == "p1"
    assert report["eventID"] == "e1"
    assert report["clientName"] == "home"
    resource = report["resources"][0]
    assert resource["intervalPeriod"] == {"start": "2025-06-02T18:00:00Z", "duration": "PT7200S"}
    payloads = {p["type"]: p["values"] for p in resource["intervals"][0]["payloads"]}
    assert payloads == {"IMPORT_RESERVATION_CAPACITY": [3.5], "IMPORT_RESERVATION_FEE": [2.0]}


def test_the_report_goes_to_the_event_that_asks_for_reservations() -> None:
    asking = {"id": "ask", "reportDescriptors": [{"payloadType": "IMPORT_RESERVATION_CAPACITY"}]}
    assert report_event([{"id": "a"}, asking, {"id": "z"}]) == "ask"
    assert report_event([{"id": "a"}, {"id": "z"}, {"no": "id"}]) == "z"
    assert report_event([]) is None


def test_granted_denied_and_pending() -> None:
    end = START + 7200
    schedule, _ = merge([reservation_event("old", 9.0)], EMPTY, None, "home")
    before = frozenset(schedule.intervals(IMPORT_RESERVATION))
    assert answer(schedule, before, START, end).verdict is Verdict.PENDING  # only an old one
    granted, _ = merge(
        [reservation_event("old", 9.0), reservation_event("new", 3.5, fee=4.2)],
        schedule,
        None,
        "home",
    )
    result = answer(granted, before, START, end)
    assert (result.verdict, result.granted_w, result.fee) == (Verdict.GRANTED, 3500.0, 4.2)
    denied, _ = merge([reservation_event("no", 0)], EMPTY, None, "home")
    assert answer(denied, frozenset(), START, end).verdict is Verdict.DENIED
    assert answer(denied, frozenset(), end, end + 60).verdict is Verdict.PENDING  # other window
