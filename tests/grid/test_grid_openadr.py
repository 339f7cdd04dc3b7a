"""The OpenADR 3 VEN against the VTN test double over real HTTP on loopback.

Envelopes per interval, the subscription as the default (before, after, across a restart),
malformed updates, an unreachable VTN and capacity reservations, as a user would see them:
the grid limit sensors, the effective limit, events and repair issues.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.events import EVENT_LIMIT_CHANGED
from custom_components.capacity_manager.grid import openadr_source
from tests.grid.conftest import VEN_NAME, openadr_source as source
from tests.grid.vtn_double import VtnDouble
from tests.harness import ENTRY_ID, capture, default_loads, make_entry, make_house, setup_entry

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
IMPORT_SENSOR = "sensor.home_grid_import_limit"
EXPORT_SENSOR = "sensor.home_grid_export_limit"
LIMIT_SENSOR = "sensor.home_effective_limit"
ISSUE = f"{ENTRY_ID}_vtn_unreachable_src_openadr"


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def descriptor(payload_type: str, units: str) -> dict[str, str]:
    return {"objectType": "EVENT_PAYLOAD_DESCRIPTOR", "payloadType": payload_type, "units": units}


def add_subscription(vtn: VtnDouble, import_kw: float, export_kw: float | None = None) -> None:
    payloads = [{"type": "IMPORT_CAPACITY_SUBSCRIPTION", "values": [import_kw]}]
    if export_kw is not None:
        payloads.append({"type": "EXPORT_CAPACITY_SUBSCRIPTION", "values": [export_kw]})
    vtn.add_event(
        "program-1",
        eventName="subscription",
        intervalPeriod={"start": iso(NOW - timedelta(days=1)), "duration": "P9999Y"},
        intervals=[{"id": 0, "payloads": payloads}],
    )


def add_envelope(
    vtn: VtnDouble, values: list[float], *, start: datetime, units: str = "KW", kind: str = "IMPORT"
) -> dict[str, Any]:
    payload_type = f"{kind}_CAPACITY_LIMIT"
    return vtn.add_event(
        "program-1",
        eventName="envelope",
        payloadDescriptors=[descriptor(payload_type, units)],
        intervalPeriod={"start": iso(start), "duration": "PT30M"},
        intervals=[
            {"id": n, "payloads": [{"type": payload_type, "values": [value]}]}
            for n, value in enumerate(values)
        ],
    )


def state(hass: HomeAssistant, entity_id: str) -> str:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return found.state


async def later(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.fixture(autouse=True)
def frozen(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    freezer.move_to(NOW)
    return freezer


async def _setup(
    hass: HomeAssistant, site_data: dict[str, Any], url: str, **data: Any
) -> MockConfigEntry:
    await make_house(hass)  # 5000 W with both loads on; the panel allows 5750 W
    entry = make_entry(site_data, [*default_loads(), source(url, **data)])
    await setup_entry(hass, entry)
    return entry


async def test_envelope_intervals_apply_in_turn_then_the_subscription(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble, frozen: FrozenDateTimeFactory
) -> None:
    add_subscription(vtn, 9.0, export_kw=5.0)
    add_envelope(vtn, [4.0, 3.5, 5.0], start=NOW + timedelta(minutes=30))
    add_envelope(vtn, [2500.0], start=NOW + timedelta(minutes=30), units="W", kind="EXPORT")
    events = capture(hass, EVENT_LIMIT_CHANGED)
    await _setup(hass, site_data, vtn.base_url)

    assert float(state(hass, IMPORT_SENSOR)) == 9000.0  # before the envelope: the subscription
    assert float(state(hass, EXPORT_SENSOR)) == 5000.0
    assert float(state(hass, LIMIT_SENSOR)) == 5750.0  # the panel is tighter
    seen = []
    for _ in range(4):
        await later(hass, frozen, 30 * 60)
        seen.append((float(state(hass, IMPORT_SENSOR)), float(state(hass, LIMIT_SENSOR))))
    assert seen == [(4000.0, 4000.0), (3500.0, 3500.0), (5000.0, 5000.0), (9000.0, 5750.0)]
    grid = [e.data for e in events if e.data["action"] == "grid_import"]
    assert [(d["old_value"], d["new_value"]) for d in grid] == [
        (None, 9000.0),
        (9000.0, 4000.0),
        (4000.0, 3500.0),
        (3500.0, 5000.0),
        (5000.0, 9000.0),
    ]
    assert {(d["source"], d["source_name"], d["reason"]) for d in grid} == {
        ("openadr", "Grid operator", "grid")
    }
    export = [e.data["new_value"] for e in events if e.data["action"] == "grid_export"]
    assert export == [5000.0, 2500.0, 5000.0]  # the W-valued export envelope, 30 minutes long


async def test_after_a_restart_cached_limits_wait_for_a_fresh_poll(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble, frozen: FrozenDateTimeFactory
) -> None:
    add_subscription(vtn, 9.0)
    add_envelope(vtn, [4.0] * 8, start=NOW - timedelta(minutes=10))
    entry = await _setup(hass, site_data, vtn.base_url)
    assert float(state(hass, IMPORT_SENSOR)) == 4000.0

    assert await hass.config_entries.async_unload(entry.entry_id)
    await vtn.stop()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # The envelope is not trusted before the VTN confirms it: the remembered subscription applies.
    assert float(state(hass, IMPORT_SENSOR)) == 9000.0

    await vtn.start()
    await later(hass, frozen, openadr_source.BACKOFF_S[0])
    assert float(state(hass, IMPORT_SENSOR)) == 4000.0


async def test_unreachable_vtn_default_limit_then_repair_then_recovery(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    vtn: VtnDouble,
    frozen: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    await vtn.stop()
    await _setup(hass, site_data, vtn.base_url, default_import_kw=4.5)
    assert float(state(hass, IMPORT_SENSOR)) == 4500.0  # never heard of a subscription
    for delay in openadr_source.BACKOFF_S[:3]:
        await later(hass, frozen, delay)
        assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    await later(hass, frozen, openadr_source.BACKOFF_S[3])  # the 5th failure in a row
    issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
    assert issue is not None
    assert issue.translation_key == "vtn_unreachable"

    add_subscription(vtn, 9.0)
    await vtn.start()
    await later(hass, frozen, openadr_source.BACKOFF_S[4])
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert float(state(hass, IMPORT_SENSOR)) == 9000.0


async def test_a_vtn_that_goes_down_keeps_its_schedule_then_the_subscription_applies(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble, frozen: FrozenDateTimeFactory
) -> None:
    add_subscription(vtn, 9.0)
    add_envelope(vtn, [4.0] * 48, start=NOW - timedelta(minutes=10))
    await _setup(hass, site_data, vtn.base_url)
    await vtn.stop()
    await later(hass, frozen, 60)  # one failed poll: a blip, the envelope stays
    assert float(state(hass, IMPORT_SENSOR)) == 4000.0
    for delay in openadr_source.BACKOFF_S[:4]:
        await later(hass, frozen, delay)
    assert float(state(hass, IMPORT_SENSOR)) == 9000.0


async def test_a_malformed_update_is_ignored_once_logged_and_the_last_valid_limit_kept(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    vtn: VtnDouble,
    frozen: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_subscription(vtn, 9.0)
    event = add_envelope(vtn, [4.0] * 8, start=NOW - timedelta(minutes=10))
    await _setup(hass, site_data, vtn.base_url)
    broken = {
        **event,
        "intervals": [
            {"id": 0, "payloads": [{"type": "IMPORT_CAPACITY_LIMIT", "values": ["lots"]}]}
        ],
    }
    broken["intervals"].append({"id": 1, "payloads": [{"type": "SOMETHING_NEW", "values": [1]}]})
    vtn.events[event["id"]] = broken
    caplog.set_level(logging.WARNING)
    await later(hass, frozen, 60)
    await later(hass, frozen, 60)
    assert float(state(hass, IMPORT_SENSOR)) == 4000.0
    ignored = [r for r in caplog.records if "ignored (previous version kept)" in r.getMessage()]
    assert len(ignored) == 1
    assert "lots" in ignored[0].getMessage()


async def test_a_3_0_vtn_without_discovery_and_form_credentials_works(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble, frozen: FrozenDateTimeFactory
) -> None:
    vtn.auth_server = False
    vtn.accept_basic = False
    add_subscription(vtn, 5.0)
    await _setup(hass, site_data, vtn.base_url)
    assert float(state(hass, IMPORT_SENSOR)) == 5000.0
    assert vtn.token_requests == 2  # HTTP Basic refused, then the form
    await later(hass, frozen, 60)
    assert vtn.event_requests == 2
    assert vtn.token_requests == 2  # the token is reused between polls


async def test_capacity_offers_become_sensors(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble, frozen: FrozenDateTimeFactory
) -> None:
    vtn.add_event(
        "program-1",
        intervalPeriod={"start": iso(NOW), "duration": "PT1H"},
        payloadDescriptors=[descriptor("IMPORT_CAPACITY_AVAILABLE", "KW")],
        intervals=[
            {
                "id": 0,
                "payloads": [
                    {"type": "IMPORT_CAPACITY_AVAILABLE", "values": [2.5]},
                    {"type": "IMPORT_CAPACITY_AVAILABLE_PRICE", "values": [0.8]},
                ],
            }
        ],
    )
    await _setup(hass, site_data, vtn.base_url)
    assert float(state(hass, "sensor.home_import_capacity_available")) == 2500.0
    assert float(state(hass, "sensor.home_import_capacity_price")) == 0.8
    await later(hass, frozen, 3600)
    assert state(hass, "sensor.home_import_capacity_available") == "unknown"


async def _request(hass: HomeAssistant, **data: Any) -> Any:
    response = await hass.services.async_call(
        DOMAIN,
        "request_capacity",
        {"config_entry_id": ENTRY_ID, **data},
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done()
    return response


async def test_a_granted_reservation_raises_the_limit_only_during_its_window(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble, frozen: FrozenDateTimeFactory
) -> None:
    add_subscription(vtn, 5.0)
    vtn.reservation_fee = 1.5
    await _setup(hass, site_data, vtn.base_url)
    events = capture(hass, EVENT_LIMIT_CHANGED)
    response = await _request(
        hass,
        power=3000,
        duration={"hours": 2},
        start=NOW + timedelta(hours=1),
        label="dryer",
        max_fee=2,
    )
    assert response["granted"] is True
    assert (response["reason"], response["granted_w"], response["fee"]) == ("granted", 3000.0, 1.5)
    assert response["start"] == (NOW + timedelta(hours=1)).isoformat()
    report = vtn.reports[-1]
    assert report["clientName"] == VEN_NAME
    payloads = {p["type"]: p["values"] for p in report["resources"][0]["intervals"][0]["payloads"]}
    assert payloads == {"IMPORT_RESERVATION_CAPACITY": [3.0], "IMPORT_RESERVATION_FEE": [2.0]}
    reservation = [e.data for e in events if e.data["action"] == "reservation"]
    assert [(d["reason"], d["new_value"], d["fee"]) for d in reservation] == [
        ("granted", 3000.0, 1.5)
    ]

    assert float(state(hass, IMPORT_SENSOR)) == 5000.0  # not yet
    await later(hass, frozen, 3600)
    assert float(state(hass, IMPORT_SENSOR)) == 8000.0
    await later(hass, frozen, 2 * 3600)
    assert float(state(hass, IMPORT_SENSOR)) == 5000.0


async def test_a_denied_reservation_changes_nothing(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble, frozen: FrozenDateTimeFactory
) -> None:
    add_subscription(vtn, 5.0)
    vtn.reservation_policy = "deny"
    await _setup(hass, site_data, vtn.base_url)
    response = await _request(hass, power=3000, duration={"hours": 2})
    assert (response["granted"], response["reason"]) == (False, "denied")
    await later(hass, frozen, 600)
    assert float(state(hass, IMPORT_SENSOR)) == 5000.0


async def test_an_unanswered_reservation_is_pending(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    vtn: VtnDouble,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_subscription(vtn, 5.0)
    vtn.reservation_policy = "ignore"
    monkeypatch.setattr(openadr_source, "RESERVATION_POLLS", 1)
    await _setup(hass, site_data, vtn.base_url)
    response = await _request(hass, power=3000, duration={"hours": 2})
    assert (response["granted"], response["reason"]) == (False, "pending")
    assert len(vtn.reports) == 1


async def test_a_reservation_the_vtn_cannot_take_is_a_clear_error(
    hass: HomeAssistant, site_data: dict[str, Any], vtn: VtnDouble
) -> None:
    entry = await _setup(hass, site_data, vtn.base_url)  # no event to attach a report to
    assert entry.state is ConfigEntryState.LOADED
    with pytest.raises(HomeAssistantError) as err:
        await _request(hass, power=3000, duration={"hours": 2})
    assert err.value.translation_key == "vtn_request_failed"
