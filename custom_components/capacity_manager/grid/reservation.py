"""Capacity reservations with an OpenADR 3 VTN (pure): the request report and reading the answer.

The VEN asks with a report carrying `IMPORT_RESERVATION_CAPACITY` (kW) for the window it wants,
and `IMPORT_RESERVATION_FEE` when it names the most it will pay. The VTN answers with an event
whose `IMPORT_CAPACITY_RESERVATION` intervals say what it granted (0: denied), optionally priced
with `IMPORT_CAPACITY_RESERVATION_FEE`. Until such an interval covers the window, it is pending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from .schedule import IMPORT_RESERVATION, IMPORT_RESERVATION_FEE, GridSchedule, Interval

REQUEST_CAPACITY = "IMPORT_RESERVATION_CAPACITY"
REQUEST_FEE = "IMPORT_RESERVATION_FEE"


class Verdict(StrEnum):
    """What became of a reservation request."""

    GRANTED = "granted"
    DENIED = "denied"
    PENDING = "pending"  # the VTN has not answered yet


@dataclass(frozen=True, slots=True)
class Answer:
    """The VTN's answer for one requested window."""

    verdict: Verdict
    granted_w: float = 0.0
    fee: float | None = None


def build_report(
    *,
    program_id: str,
    event_id: str,
    ven_name: str,
    start: float,
    duration_s: float,
    power_w: float,
    max_fee: float | None,
    label: str,
) -> dict[str, Any]:
    """The report that asks for `power_w` more import capacity from `start` for `duration_s`."""
    payloads: list[dict[str, Any]] = [{"type": REQUEST_CAPACITY, "values": [power_w / 1000]}]
    descriptors: list[dict[str, Any]] = [
        {"objectType": "REPORT_PAYLOAD_DESCRIPTOR", "payloadType": REQUEST_CAPACITY, "units": "KW"}
    ]
    if max_fee is not None:
        payloads.append({"type": REQUEST_FEE, "values": [max_fee]})
        descriptors.append({"objectType": "REPORT_PAYLOAD_DESCRIPTOR", "payloadType": REQUEST_FEE})
    return {
        "objectType": "REPORT",
        "programID": program_id,
        "eventID": event_id,
        "clientName": ven_name,
        "reportName": f"capacity reservation {label}".strip(),
        "payloadDescriptors": descriptors,
        "resources": [
            {
                "resourceName": "AGGREGATED_REPORT",
                "intervalPeriod": {
                    "start": datetime.fromtimestamp(start, UTC).isoformat().replace("+00:00", "Z"),
                    "duration": f"PT{round(duration_s)}S",
                },
                "intervals": [{"id": 0, "payloads": payloads}],
            }
        ],
    }


def _asks_for_reservations(event: dict[str, Any]) -> bool:
    descriptors = event.get("reportDescriptors")
    return isinstance(descriptors, list) and any(
        isinstance(d, dict) and d.get("payloadType") == REQUEST_CAPACITY for d in descriptors
    )


def report_event(events: Sequence[object]) -> str | None:
    """The event a reservation report belongs to (a report must name one).

    One that asks for reservation reports, else the latest event of the program.
    """
    usable = [e for e in events if isinstance(e, dict) and isinstance(e.get("id"), str)]
    for event in usable:
        if _asks_for_reservations(event):
            return str(event["id"])
    return str(usable[-1]["id"]) if usable else None


def answer(schedule: GridSchedule, before: frozenset[Interval], start: float, end: float) -> Answer:
    """The VTN's answer for [start, end).

    It is a reservation interval that is new since the request and overlaps the window:
    granted if it holds capacity, denied if it holds none.
    """
    new = [
        i
        for i in schedule.intervals(IMPORT_RESERVATION)
        if i not in before and i.start < end and start < i.end
    ]
    if not new:
        return Answer(Verdict.PENDING)
    granted = min(i.value for i in new)
    fees = [
        i.value
        for i in schedule.intervals(IMPORT_RESERVATION_FEE)
        if i.start < end and start < i.end
    ]
    fee = max(fees) if fees else None
    return Answer(Verdict.GRANTED if granted > 0 else Verdict.DENIED, granted, fee)
