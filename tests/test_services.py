"""Services: set_limit, restore_all, shed_load, request_capacity, and their refusals."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import voluptuous as vol
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.const import CONF_NEVER_SHED, DOMAIN
from custom_components.capacity_manager.events import EVENT_LOAD_RESTORED, EVENT_LOAD_SHED
from tests.harness import (
    ENTRY_ID,
    HEATER,
    HEATER_W,
    POOL,
    House,
    capture,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.helpers import STRINGS


async def _call(hass: HomeAssistant, service: str, **data: Any) -> Any:
    response = await hass.services.async_call(
        DOMAIN,
        service,
        {"config_entry_id": ENTRY_ID, **data},
        blocking=True,
        return_response=service == "request_capacity",
    )
    await hass.async_block_till_done()
    return response


async def _later(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, house: House, seconds: float
) -> None:
    freezer.tick(timedelta(seconds=seconds))
    house.write()
    await hass.async_block_till_done()  # newer HA runs state listeners as tasks
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.fixture
async def house(hass: HomeAssistant, site_data: dict[str, Any]) -> House:
    """The default house with the site set up (5000 W of a 5750 W limit)."""
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    return house


async def test_set_limit_for_a_while_then_back(
    hass: HomeAssistant, house: House, freezer: FrozenDateTimeFactory
) -> None:
    await _call(hass, "set_limit", limit=4000, duration={"minutes": 10})
    assert hass.states.get("sensor.home_effective_limit").state == "4000.0"
    assert hass.states.get("number.home_limit_override").state == "0.0"  # temporary only
    assert hass.states.get(POOL).state == "off"
    await _later(hass, freezer, house, 601)
    assert hass.states.get("sensor.home_effective_limit").state == "5750.0"


async def test_set_limit_without_duration_stays_and_zero_clears(
    hass: HomeAssistant, house: House, freezer: FrozenDateTimeFactory
) -> None:
    await _call(hass, "set_limit", limit=5200)
    await _later(hass, freezer, house, 3600)
    assert hass.states.get("sensor.home_effective_limit").state == "5200.0"
    assert hass.states.get("number.home_limit_override").state == "5200.0"
    await _call(hass, "set_limit", limit=0)
    assert hass.states.get("sensor.home_effective_limit").state == "5750.0"


async def test_restore_all_service(hass: HomeAssistant, house: House) -> None:
    await house.set_base(1500)
    await house.set_base(0)
    restored = capture(hass, EVENT_LOAD_RESTORED)
    await _call(hass, "restore_all")
    assert [e.data["entity_id"] for e in restored] == [POOL]


async def test_shed_load_by_entity_for_a_while(
    hass: HomeAssistant, house: House, freezer: FrozenDateTimeFactory
) -> None:
    await house.set_base(0)  # room to give the heater back afterwards
    shed = capture(hass, EVENT_LOAD_SHED)
    await _call(hass, "shed_load", load=HEATER, duration={"minutes": 5})
    assert hass.states.get(HEATER).state == "off"
    assert [e.data["reason"] for e in shed] == ["manual"]
    await _later(hass, freezer, house, 200)
    assert hass.states.get(HEATER).state == "off"
    for _ in range(4):
        await _later(hass, freezer, house, 60)
    assert hass.states.get(HEATER).state == "on"


async def test_shed_load_by_subentry_id_until_restored(hass: HomeAssistant, house: House) -> None:
    await _call(hass, "shed_load", load="load_pool_pump")
    assert hass.states.get(POOL).state == "off"
    await _call(hass, "restore_all")
    assert hass.states.get(POOL).state == "on"


async def test_request_capacity_granted_then_kept(
    hass: HomeAssistant, house: House, freezer: FrozenDateTimeFactory
) -> None:
    await house.set_base(0)  # 4500 W, all of it sheddable
    response = await _call(hass, "request_capacity", power=2000, duration={"hours": 1})
    assert response["granted"] is True
    assert response["reason"] == "granted"
    assert response["grant_id"]
    start = dt_util.parse_datetime(response["start"])
    end = dt_util.parse_datetime(response["end"])
    assert start is not None
    assert end is not None
    assert end - start == timedelta(hours=1)
    # The room is kept: the limit the controller works to is 2000 W lower.
    assert hass.states.get("sensor.home_effective_limit").state == "3750.0"
    assert hass.states.get("sensor.home_effective_limit").attributes["granted_w"] == 2000
    assert hass.states.get(POOL).state == "off"

    second = await _call(hass, "request_capacity", power=4000, duration={"minutes": 30})
    assert second["granted"] is False
    assert second["reason"] == "conflicts_with_grants"
    assert second["grant_id"] is None

    await _later(hass, freezer, house, 3601)
    assert hass.states.get("sensor.home_effective_limit").state == "5750.0"


async def test_request_capacity_later_window_and_too_much(
    hass: HomeAssistant, house: House
) -> None:
    start = dt_util.now() + timedelta(hours=2)
    response = await _call(
        hass,
        "request_capacity",
        power=1000,
        duration={"minutes": 30},
        start=start.replace(tzinfo=None).isoformat(),
        label="dishwasher",
    )
    assert response["granted"] is True
    assert dt_util.parse_datetime(response["start"]) == start
    assert hass.states.get("sensor.home_effective_limit").state == "5750.0"  # not yet

    too_much = await _call(hass, "request_capacity", power=9000, duration={"minutes": 5})
    assert too_much["granted"] is False
    assert too_much["reason"] == "exceeds_limit"


async def test_request_capacity_without_site_power_is_denied(
    hass: HomeAssistant, house: House
) -> None:
    hass.states.async_set("sensor.grid_power", "unavailable")
    coordinator = hass.config_entries.async_get_entry(ENTRY_ID).runtime_data.coordinator
    coordinator.controller._site_w = None
    response = await _call(hass, "request_capacity", power=100, duration={"minutes": 5})
    assert response == {
        "granted": False,
        "reason": "no_site_power",
        "available_w": 0.0,
        "grant_id": None,
        "start": None,
        "end": None,
    }


@pytest.mark.parametrize(
    ("service", "data", "key"),
    [
        ("shed_load", {"load": "switch.nothing"}, "load_not_found"),
        ("set_limit", {"limit": 0, "duration": {"minutes": 1}}, "limit_required"),
        ("request_capacity", {"power": 0, "duration": {"minutes": 1}}, "power_required"),
    ],
)
async def test_invalid_input_is_refused_with_a_translated_reason(
    hass: HomeAssistant, house: House, service: str, data: dict[str, Any], key: str
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, service, **data)
    assert err.value.translation_key == key
    assert key in STRINGS["exceptions"]


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("set_limit", {"limit": -1}),
        ("set_limit", {"limit": "a lot"}),
        ("set_limit", {"limit": "inf"}),
        ("set_limit", {"limit": float("nan")}),
        ("request_capacity", {"power": float("inf"), "duration": {"minutes": 5}}),
        ("request_capacity", {"power": 100, "duration": {"minutes": 5}, "max_fee": "nan"}),
        ("shed_load", {}),
        ("request_capacity", {"power": 100}),
        ("request_capacity", {"power": 100, "duration": {"minutes": -5}}),
    ],
)
async def test_malformed_calls_are_rejected_by_the_schema(
    hass: HomeAssistant, house: House, service: str, data: dict[str, Any]
) -> None:
    with pytest.raises(vol.Invalid):
        await _call(hass, service, **data)


async def test_unknown_or_unloaded_entry(hass: HomeAssistant, house: House) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "restore_all", {"config_entry_id": "nope"}, blocking=True
        )
    assert err.value.translation_key == "entry_not_found"
    other = MockConfigEntry(domain=DOMAIN, title="Cabin", entry_id="cabin")
    other.add_to_hass(hass)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "restore_all", {"config_entry_id": "cabin"}, blocking=True
        )
    assert err.value.translation_key == "entry_not_loaded"


async def test_never_shed_load_and_inactive_mode_are_refused(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    await make_house(hass)
    loads = [
        switched(HEATER, "Water heater", 10, HEATER_W, **{CONF_NEVER_SHED: True}),
        switched(POOL, "Pool pump", 20, 1500),
    ]
    await setup_entry(hass, make_entry(site_data, loads))
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "shed_load", load=HEATER)
    assert err.value.translation_key == "load_never_shed"
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.home_mode", "option": "monitor"},
        blocking=True,
    )
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "shed_load", load=POOL)
    assert err.value.translation_key == "not_active"
    assert hass.states.get(POOL).state == "on"
