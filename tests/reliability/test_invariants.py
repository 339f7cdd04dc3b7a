"""Rows 13-16: never-shed loads, a stalled event loop, one owner per entity, vanished entities.

Row 13 is also guarded suite-wide: `tests/conftest.py::integration_commands` fails any test in
which the integration commands a never-shed load.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntryDisabler
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.capacity_manager.const import (
    CONF_ENTITY,
    CONF_EXPECTED_POWER,
    CONF_LOAD_KIND,
    CONF_NAME,
    CONF_NEVER_SHED,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    DOMAIN,
    KIND_SWITCHED,
    SOURCE_SINGLE,
    SUBENTRY_LOAD,
)
from custom_components.capacity_manager.events import EVENT_LOAD_SHED
from tests.conftest import SentCommand
from tests.harness import (
    ENTRY_ID,
    HEATER,
    HEATER_W,
    POOL,
    POOL_W,
    House,
    capture,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.helpers import GRID_SENSOR
from tests.reliability.common import run_seconds, state

FRIDGE = "input_boolean.fridge"
ROUTER = "input_boolean.router"


# -- row 13 ------------------------------------------------------------------------------------


async def test_never_shed_loads_are_never_commanded_whatever_happens(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    integration_commands: list[SentCommand],
) -> None:
    """Overload, failsafe, restore all, shed on demand, mode off and disabling the site."""
    house = await make_house(hass)
    house.stop_following()
    for entity_id in (FRIDGE, ROUTER):
        hass.states.async_set(entity_id, "on")
    house.switched_w |= {FRIDGE: 300.0, ROUTER: 50.0}
    never = {CONF_NEVER_SHED: True}
    loads = [
        switched(FRIDGE, "Fridge", 50, 300, **never),  # the lowest priority, and big enough
        switched(ROUTER, "Router", 90, 50, **never),
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched(POOL, "Pool pump", 20, POOL_W),
    ]
    entry = make_entry(site_data, loads)
    await setup_entry(hass, entry)

    house.base_w = 5000  # far above the limit, even with every other load off
    await run_seconds(hass, freezer, 120, lambda _: house.write())
    hass.states.async_set(GRID_SENSOR, "unavailable")  # then the meter dies: failsafe
    await run_seconds(hass, freezer, 120)
    house.base_w = 0
    await run_seconds(hass, freezer, 300, lambda _: house.write())
    await hass.services.async_call(
        DOMAIN, "restore_all", {"config_entry_id": ENTRY_ID}, blocking=True
    )
    with pytest.raises(ServiceValidationError) as refused:
        await hass.services.async_call(
            DOMAIN, "shed_load", {"config_entry_id": ENTRY_ID, "load": FRIDGE}, blocking=True
        )
    assert refused.value.translation_key == "load_never_shed"
    await hass.services.async_call(
        "select",
        "select_option",
        {ATTR_ENTITY_ID: "select.home_mode", "option": "off"},
        blocking=True,
    )
    await hass.config_entries.async_set_disabled_by(entry.entry_id, ConfigEntryDisabler.USER)
    await run_seconds(hass, freezer, 10)
    await hass.async_block_till_done(wait_background_tasks=True)

    commanded = {c.binding.entity_id for c in integration_commands}
    assert {HEATER, POOL} <= commanded  # the test did make the integration act
    assert commanded.isdisjoint({FRIDGE, ROUTER})
    assert state(hass, FRIDGE) == "on"
    assert state(hass, ROUTER) == "on"


# -- row 14 ------------------------------------------------------------------------------------


def _per_load(commands: list[SentCommand]) -> Counter[str]:
    return Counter(c.binding.entity_id for c in commands)


async def test_a_5_s_stall_of_the_event_loop_does_not_burst_commands(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    integration_commands: list[SentCommand],
) -> None:
    """Samples queued during the stall arrive at once, swinging: one command per load."""
    house = await make_house(hass)
    house.stop_following()
    await setup_entry(hass, make_entry(site_data))
    await run_seconds(hass, freezer, 5, lambda _: house.write())
    integration_commands.clear()

    freezer.tick(timedelta(seconds=5))  # the loop was blocked for 5 s...
    for base in (3000, 0, 3000, 0, 3000):  # ... its samples are delivered back to back
        hass.states.async_set(GRID_SENSOR, str(base + 4500.0), {"unit_of_measurement": "W"})
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    burst = _per_load(integration_commands)
    assert max(burst.values()) <= 1

    integration_commands.clear()
    house.base_w = 0
    await run_seconds(hass, freezer, 30, lambda _: house.write())
    # After the stall: no catching up, nothing given back before its hold-off.
    assert not any(c.action.kind.value == "restore" for c in integration_commands)


async def test_a_long_stall_with_loads_to_give_back_gives_at_most_one(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    integration_commands: list[SentCommand],
) -> None:
    """Every timer ran out during the stall; still one give-back per step."""
    house = await make_house(hass)
    house.stop_following()
    await setup_entry(hass, make_entry(site_data))
    house.base_w = 3500
    await run_seconds(hass, freezer, 3, lambda _: house.write())
    house.base_w = 0
    house.write()
    await hass.async_block_till_done()
    integration_commands.clear()
    freezer.tick(timedelta(seconds=600))
    house.write()
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert len(integration_commands) <= 1


# -- row 15 ------------------------------------------------------------------------------------


async def _load_flow(hass: HomeAssistant, entry_id: str, entity_id: str) -> Any:
    result = await hass.config_entries.subentries.async_init(
        (entry_id, SUBENTRY_LOAD), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_LOAD_KIND: KIND_SWITCHED}
    )
    return await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {CONF_NAME: "Load", CONF_ENTITY: entity_id, CONF_EXPECTED_POWER: 1000},
    )


@pytest.mark.usefixtures("mock_setup_entry")
async def test_one_entity_has_one_owner_across_loads_and_sites(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    """Two sites, or two loads of one site, naming the same entity: refused in the flow."""
    hass.states.async_set(
        GRID_SENSOR, "1000", {"unit_of_measurement": "W", "device_class": "power"}
    )
    hass.states.async_set(
        "sensor.garage_power", "10", {"unit_of_measurement": "W", "device_class": "power"}
    )
    hass.states.async_set(HEATER, "on")
    home = make_entry(site_data, [switched(HEATER, "Water heater", 10, HEATER_W)])
    home.add_to_hass(hass)
    garage = MockConfigEntry(
        domain=DOMAIN,
        title="Garage",
        data={**site_data, CONF_NAME: "Garage", CONF_POWER_SENSOR: "sensor.garage_power"},
        options=dict(home.options),
        unique_id="sensor.garage_power",
    )
    garage.add_to_hass(hass)

    same_site = await _load_flow(hass, home.entry_id, HEATER)
    other_site = await _load_flow(hass, garage.entry_id, HEATER)
    assert same_site["errors"] == {CONF_ENTITY: "entity_in_use"}
    assert other_site["errors"] == {CONF_ENTITY: "entity_in_use"}
    assert len(garage.subentries) == 0

    # The same meter for a second site is refused too.
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_NAME: "Again", CONF_SOURCE_TYPE: SOURCE_SINGLE}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


# -- row 16 ------------------------------------------------------------------------------------


async def _vanish_then_overload(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    house: House,
    vanish: Any,
) -> list[Any]:
    shed = capture(hass, EVENT_LOAD_SHED)
    vanish()
    house.switched_w.pop(POOL)  # whatever it was, the meter no longer sees it
    await run_seconds(hass, freezer, 5, lambda _: house.write())
    house.base_w = 3000  # 6500 W: the heater must go, the missing pump is no help
    await run_seconds(hass, freezer, 11 * 60, lambda _: house.write())
    return shed


async def test_a_deleted_load_entity_raises_an_issue_and_the_rest_keeps_working(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    house = await make_house(hass)
    house.stop_following()
    await setup_entry(hass, make_entry(site_data))
    shed = await _vanish_then_overload(hass, freezer, house, lambda: hass.states.async_remove(POOL))
    assert [e.data["entity_id"] for e in shed] == [HEATER]
    assert (DOMAIN, f"{ENTRY_ID}_load_unavailable_{POOL}") in issue_registry.issues
    assert state(hass, "sensor.pool_pump_status") == "unavailable"
    assert state(hass, "sensor.home_status") != "failsafe"


async def test_a_renamed_load_entity_is_followed_without_an_issue(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """Renamed in HA's entity settings: the load goes on being controlled under its new id."""
    garden = "input_boolean.garden_pump"
    house = await make_house(hass)
    house.stop_following()
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    shed = capture(hass, EVENT_LOAD_SHED)
    entity_registry.async_update_entity(POOL, new_entity_id=garden)
    await hass.async_block_till_done()
    assert hass.states.get(POOL) is None
    assert state(hass, garden) == "on"
    house.switched_w[garden] = house.switched_w.pop(POOL)  # the meter still sees the pump

    (subentry,) = [s for s in entry.subentries.values() if s.data[CONF_ENTITY] == garden]
    assert subentry.unique_id == garden
    await run_seconds(hass, freezer, 5, lambda _: house.write())
    house.base_w = 1000  # 5500 W: over the shed threshold; the pump alone is enough
    await run_seconds(hass, freezer, 11 * 60, lambda _: house.write())
    assert [e.data["entity_id"] for e in shed] == [garden]
    assert state(hass, garden) == "off"
    assert state(hass, HEATER) == "on"
    assert state(hass, "sensor.pool_pump_status") == "shed"
    assert not [i for i in issue_registry.issues if i[0] == DOMAIN]


async def test_a_renamed_site_meter_is_followed(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """The grid sensor renamed: samples under the new id are read, no failsafe, no issue."""
    meter = "sensor.grid_meter"
    entity_registry.async_get_or_create(
        "sensor", "test", "grid", suggested_object_id=GRID_SENSOR.split(".")[1]
    )
    house = await make_house(hass)
    house.stop_following()
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    entity_registry.async_update_entity(GRID_SENSOR, new_entity_id=meter)
    await hass.async_block_till_done()
    assert entry.data[CONF_POWER_SENSOR] == meter
    assert entry.unique_id == meter  # the same meter cannot be added as a second site

    def report(_: int) -> None:  # what the renamed sensor now reports
        hass.states.async_set(
            meter, str(house.power()), {"unit_of_measurement": "W", "device_class": "power"}
        )

    house.base_w = 234  # 4734 W: nothing to do
    await run_seconds(hass, freezer, 120, report)  # twice the stale timeout
    assert state(hass, "sensor.home_site_power") == str(house.power())
    assert state(hass, "sensor.home_status") == "normal"
    assert not [i for i in issue_registry.issues if i[0] == DOMAIN]
