"""The control loop in Home Assistant: samples in, commands out, events with their fields."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_ON
from homeassistant.core import Context, HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_ENTITY,
    CONF_EXPORT_NEGATIVE,
    CONF_LOAD_KIND,
    CONF_LOAD_PHASE,
    CONF_LOAD_PHASES,
    CONF_MAX_SETPOINT,
    CONF_MIN_SETPOINT,
    CONF_PANEL_LIMIT_W,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_PHASES,
    CONF_PRIORITY,
    CONF_SETPOINT_STEP,
    CONF_SETPOINT_UNIT,
    CONF_SOURCE_TYPE,
    KIND_MODULATED,
    MEASURE_CURRENT,
    SOURCE_PER_PHASE,
    SUBENTRY_LOAD,
    UNIT_WATT,
)
from custom_components.capacity_manager.events import (
    EVENT_ACTION_FAILED,
    EVENT_FAILSAFE,
    EVENT_LIMIT_CHANGED,
    EVENT_LOAD_MODULATED,
    EVENT_LOAD_RESTORED,
    EVENT_LOAD_SHED,
    EVENT_MANUAL_OVERRIDE,
    EVENT_OVERLOAD,
)
from tests.harness import (
    ENTRY_ID,
    EV_CURRENT,
    EV_PAUSE,
    HEATER,
    HEATER_W,
    POOL,
    House,
    capture,
    ev,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.helpers import GRID_SENSOR, settle


async def _tick(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    seconds: float,
    house: House | None = None,
) -> None:
    """Let `seconds` pass, the meter report (when given), then one timer tick."""
    freezer.tick(timedelta(seconds=seconds))
    if house is not None:
        house.write()
        await hass.async_block_till_done()  # newer HA runs state listeners as tasks
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def _without_detail(data: Any) -> dict[str, Any]:
    values = dict(data)
    assert isinstance(values.pop("detail"), str)
    return values


async def test_overload_sheds_the_lowest_priority_load(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    shed = capture(hass, EVENT_LOAD_SHED)
    overload = capture(hass, EVENT_OVERLOAD)

    await house.set_base(1500)  # 1500 + 3000 + 1500 = 6000 W > 95 % of 5750 W

    assert hass.states.get(POOL).state == "off"
    assert hass.states.get(HEATER).state == "on"
    assert len(shed) == 1
    data = dict(shed[0].data)
    assert "1500 W" in data.pop("detail")  # the engine says what it expects to free
    assert data == {
        "config_entry_id": ENTRY_ID,
        "load_id": "load_pool_pump",
        "name": "Pool pump",
        "entity_id": POOL,
        "action": "shed",
        "old_value": "on",
        "new_value": "off",
        "reason": "over_limit",
        "site_power_w": 6000.0,
        "limit_w": 5750.0,
    }
    assert [_without_detail(e.data) for e in overload] == [
        {
            "config_entry_id": ENTRY_ID,
            "action": "start",
            "old_value": False,
            "new_value": True,
            "reason": "panel",
            "site_power_w": 6000.0,
            "limit_w": 5750.0,
        },
        {
            "config_entry_id": ENTRY_ID,
            "action": "end",
            "old_value": True,
            "new_value": False,
            "reason": "panel",
            "site_power_w": 4500.0,
            "limit_w": 5750.0,
        },
    ]
    assert hass.states.get("sensor.pool_pump_status").state == "shed"
    assert hass.states.get("sensor.home_loads_shed").state == "1"
    assert hass.states.get("sensor.home_loads_shed").attributes["loads"] == ["Pool pump"]
    assert hass.states.get("sensor.home_last_action").state == "shed Pool pump"
    assert hass.states.get("sensor.home_last_action").attributes["reason"] == "over_limit"


async def test_restore_waits_for_the_hold_off_and_for_room(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await house.set_base(1500)
    restored = capture(hass, EVENT_LOAD_RESTORED)
    await house.set_base(500)  # 3500 W, but 3500 + 1500 W > 85 % of 5750 W: no room
    for _ in range(4):
        await _tick(hass, freezer, 30, house)
    assert restored == []
    assert hass.states.get(POOL).state == "off"

    await house.set_base(200)  # 3200 + 1500 = 4700 W fits under 4887.5 W
    await _tick(hass, freezer, 1, house)
    assert hass.states.get(POOL).state == "off"  # the room must last the whole hold-off
    await _tick(hass, freezer, 60, house)
    assert hass.states.get(POOL).state == "on"
    assert [_without_detail(e.data) for e in restored] == [
        {
            "config_entry_id": ENTRY_ID,
            "load_id": "load_pool_pump",
            "name": "Pool pump",
            "entity_id": POOL,
            "action": "restore",
            "old_value": "off",
            "new_value": "on",
            "reason": "headroom",
            "site_power_w": 3200.0,
            "limit_w": 5750.0,
        }
    ]


async def test_nothing_is_restored_before_the_hold_off(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await house.set_base(1500)
    await house.set_base(200)  # room for the pool pump again at once
    await _tick(hass, freezer, 30, house)
    await _tick(hass, freezer, 29, house)
    assert hass.states.get(POOL).state == "off"  # hold-off: 60 s
    await _tick(hass, freezer, 2, house)
    assert hass.states.get(POOL).state == "on"


async def test_ev_is_turned_down_in_whole_amps_before_anything_is_shed(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass, with_ev=True)
    house.switched_w.pop(POOL)  # not part of this house
    house.write()
    modulated = capture(hass, EVENT_LOAD_MODULATED)
    shed = capture(hass, EVENT_LOAD_SHED)
    # 500 + 3000 (heater) + 16 A x 230 V = 7180 W at start.
    await setup_entry(
        hass, make_entry(site_data, [switched(HEATER, "Water heater", 10, HEATER_W), ev()])
    )
    await hass.async_block_till_done()

    assert shed == []
    assert hass.states.get(HEATER).state == "on"
    amps = float(hass.states.get(EV_CURRENT).state)
    assert 6 <= amps < 16
    assert amps.is_integer()
    assert house.power() <= 5750 * 0.95
    assert len(modulated) == 1
    data = _without_detail(modulated[0].data)
    assert data["action"] == "modulate"
    assert data["old_value"] == 16.0
    assert data["new_value"] == amps
    assert data["entity_id"] == EV_CURRENT
    assert hass.states.get("sensor.car_status").state == "modulated"


async def test_ev_is_paused_when_its_minimum_is_still_too_much(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass, with_ev=True, base_w=4000)
    house.switched_w.clear()
    shed = capture(hass, EVENT_LOAD_SHED)
    await setup_entry(hass, make_entry(site_data, [ev()]))
    await house.set_base(5000)  # 5000 + even 6 A (1380 W) is above the shed threshold

    assert hass.states.get(EV_PAUSE).state == "off"
    assert [e.data["entity_id"] for e in shed] == [EV_CURRENT]


async def test_failsafe_when_the_meter_goes_quiet_and_back(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    failsafe = capture(hass, EVENT_FAILSAFE)
    shed = capture(hass, EVENT_LOAD_SHED)

    house.stop_following()
    hass.states.async_set(GRID_SENSOR, "unavailable")
    await hass.async_block_till_done()
    await _tick(hass, freezer, 30)
    assert failsafe == []
    await _tick(hass, freezer, 31)  # 61 s without a valid sample (timeout 60 s)

    assert [e.data["action"] for e in failsafe] == ["enter"]
    assert failsafe[0].data["reason"] == "site_power_unknown"
    assert hass.states.get("sensor.home_status").state == "failsafe"
    assert {e.data["entity_id"] for e in shed} == {HEATER, POOL}
    assert {e.data["reason"] for e in shed} == {"failsafe"}

    house.write()
    await hass.async_block_till_done()
    assert [e.data["action"] for e in failsafe] == ["enter", "exit"]
    assert hass.states.get("sensor.home_status").state != "failsafe"
    warnings = [
        r
        for r in caplog.records
        if r.name.startswith("custom_components") and "failsafe" in r.getMessage()
    ]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.INFO]


async def test_readings_that_are_not_plausible_are_ignored_and_logged_once(
    hass: HomeAssistant, site_data: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    shed = capture(hass, EVENT_LOAD_SHED)
    for value in ("900000", "900001", "not a number"):
        hass.states.async_set(GRID_SENSOR, value, {"unit_of_measurement": "W"})
        await hass.async_block_till_done()
    assert shed == []
    messages = [r.getMessage() for r in caplog.records if "ignoring site power" in r.getMessage()]
    assert len(messages) == 2  # implausible (once for both samples), then not numeric
    house.write()
    await hass.async_block_till_done()
    assert "site power readings are valid again" in caplog.text


async def test_kw_meter_that_reads_export_as_positive(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    house.stop_following()
    site_data[CONF_EXPORT_NEGATIVE] = False
    await setup_entry(hass, make_entry(site_data))
    hass.states.async_set(GRID_SENSOR, "-6.2", {"unit_of_measurement": "kW"})  # importing
    await hass.async_block_till_done()
    assert hass.states.get("sensor.home_site_power").state == "6200.0"
    assert hass.states.get(POOL).state == "off"
    hass.states.async_set(GRID_SENSOR, "2.0", {"unit_of_measurement": "kW"})  # exporting
    await hass.async_block_till_done()
    assert hass.states.get("sensor.home_site_power").state == "-2000.0"


async def test_limit_override_changes_the_limit_and_says_so(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    changed = capture(hass, EVENT_LIMIT_CHANGED)
    shed = capture(hass, EVENT_LOAD_SHED)

    await hass.services.async_call(
        "number",
        "set_value",
        {ATTR_ENTITY_ID: "number.home_limit_override", "value": 4000},
        blocking=True,
    )
    await hass.async_block_till_done()

    assert _without_detail(changed[0].data) == {
        "config_entry_id": ENTRY_ID,
        "action": "change",
        "old_value": 5750.0,
        "new_value": 4000.0,
        "reason": "override",
        "site_power_w": 5000.0,
        "limit_w": 4000.0,
    }
    assert hass.states.get("sensor.home_effective_limit").state == "4000.0"
    assert hass.states.get("number.home_limit_override").state == "4000.0"
    assert shed  # 5000 W is above the new limit
    await hass.services.async_call(
        "number",
        "set_value",
        {ATTR_ENTITY_ID: "number.home_limit_override", "value": 0},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert hass.states.get("sensor.home_effective_limit").state == "5750.0"


async def test_user_turning_a_shed_load_on_is_an_override(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await house.set_base(1500)
    assert hass.states.get(POOL).state == "off"
    overrides = capture(hass, EVENT_MANUAL_OVERRIDE)

    await hass.services.async_call(
        "input_boolean",
        SERVICE_TURN_ON,
        {ATTR_ENTITY_ID: POOL},
        blocking=True,
        context=Context(),  # not one of ours
    )
    await settle(hass)  # the meter follows the pump, then the controller reads the meter

    assert hass.states.get(POOL).state == "on"  # not fought back
    assert len(overrides) == 1
    assert _without_detail(overrides[0].data) == {
        "config_entry_id": ENTRY_ID,
        "load_id": "load_pool_pump",
        "name": "Pool pump",
        "entity_id": POOL,
        "action": "override",
        "old_value": None,
        "new_value": None,
        "reason": "manual",
        "site_power_w": 4500.0,  # the meter has not seen the pump come back yet
        "limit_w": 5750.0,
    }
    assert hass.states.get("sensor.pool_pump_status").state == "override"
    # The site is over its limit again: something else goes, not the pool pump.
    assert hass.states.get(HEATER).state == "off"


async def test_a_failing_actuator_is_skipped_for_the_next_load(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    hass.states.async_set("fan.broken", "on")  # no fan integration: no fan.turn_off
    house.switched_w["fan.broken"] = 1500
    house.switched_w.pop(POOL)
    loads = [
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched("fan.broken", "Broken", 20, 1500),
    ]
    await setup_entry(hass, make_entry(site_data, loads))
    failed = capture(hass, EVENT_ACTION_FAILED)
    shed = capture(hass, EVENT_LOAD_SHED)

    await house.set_base(2000)  # 2000 + 3000 + 1500 = 6500 W

    assert len(failed) == 1
    data = dict(failed[0].data)
    assert "fan.turn_off" in data.pop("detail")
    assert data == {
        "config_entry_id": ENTRY_ID,
        "load_id": "load_broken",
        "name": "Broken",
        "entity_id": "fan.broken",
        "action": "shed",
        "old_value": "on",
        "new_value": "off",
        "reason": "service_not_found",
        "action_reason": "over_limit",
        "site_power_w": 6500.0,
        "limit_w": 5750.0,
    }
    assert [e.data["entity_id"] for e in shed] == [HEATER]
    assert hass.states.get(HEATER).state == "off"


async def test_an_unavailable_load_is_not_commanded(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    shed = capture(hass, EVENT_LOAD_SHED)
    hass.states.async_set(POOL, "unavailable")
    await hass.async_block_till_done()
    house.switched_w[POOL] = 0  # the meter no longer sees it either
    await house.set_base(3000)  # 6000 W

    assert hass.states.get("sensor.pool_pump_status").state == "unavailable"
    assert [e.data["entity_id"] for e in shed] == [HEATER]


async def test_a_command_without_effect_is_reported(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    calls: list[ServiceCall] = []
    hass.services.async_register("fan", "turn_off", calls.append)  # does nothing
    hass.states.async_set("fan.stubborn", "on")
    house.switched_w["fan.stubborn"] = 1500
    house.switched_w.pop(POOL)
    loads = [
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched("fan.stubborn", "Stubborn", 20, 1500),
    ]
    await setup_entry(hass, make_entry(site_data, loads))
    failed = capture(hass, EVENT_ACTION_FAILED)
    await house.set_base(1500)
    assert len(calls) == 1
    assert failed == []
    await _tick(hass, freezer, 16, house)  # verify time 15 s

    assert [e.data["reason"] for e in failed] == ["no_effect"]
    assert failed[0].data["entity_id"] == "fan.stubborn"
    assert hass.states.get(HEATER).state == "off"  # the next load goes instead


async def test_monitor_mode_decides_but_never_acts(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await hass.services.async_call(
        "select",
        "select_option",
        {ATTR_ENTITY_ID: "select.home_mode", "option": "monitor"},
        blocking=True,
    )
    shed = capture(hass, EVENT_LOAD_SHED)
    await house.set_base(1500)

    assert shed == []
    assert hass.states.get(POOL).state == "on"
    assert hass.states.get("sensor.home_status").state == "monitor"
    last = hass.states.get("sensor.home_last_action")
    assert last.state == "shed Pool pump"
    assert last.attributes["result"] == "advisory"


async def test_mode_off_gives_back_what_we_hold(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await house.set_base(1500)
    restored = capture(hass, EVENT_LOAD_RESTORED)
    await hass.services.async_call(
        "select",
        "select_option",
        {ATTR_ENTITY_ID: "select.home_mode", "option": "off"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert hass.states.get(POOL).state == "on"
    assert [e.data["reason"] for e in restored] == ["mode_change"]
    assert hass.states.get("sensor.home_status").state == "off"
    assert hass.states.get("select.home_mode").state == "off"


async def test_unmanaged_load_is_left_alone(hass: HomeAssistant, site_data: dict[str, Any]) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await hass.services.async_call(
        "switch", "turn_off", {ATTR_ENTITY_ID: "switch.pool_pump_managed"}, blocking=True
    )
    assert hass.states.get("switch.pool_pump_managed").state == "off"
    await house.set_base(1500)
    assert hass.states.get(POOL).state == "on"
    assert hass.states.get(HEATER).state == "off"
    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: "switch.pool_pump_managed"}, blocking=True
    )
    assert hass.states.get("switch.pool_pump_managed").state == "on"


async def test_priority_number_reorders_the_ladder(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await hass.services.async_call(
        "number",
        "set_value",
        {ATTR_ENTITY_ID: "number.pool_pump_priority", "value": 5},
        blocking=True,
    )
    assert hass.states.get("number.pool_pump_priority").state == "5"
    await house.set_base(1500)
    assert hass.states.get(POOL).state == "on"
    assert hass.states.get(HEATER).state == "off"


async def test_restore_all_button_gives_loads_back(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await house.set_base(1500)
    await house.set_base(0)
    restored = capture(hass, EVENT_LOAD_RESTORED)
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: "button.home_restore_all_loads"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get(POOL).state == "on"
    assert [e.data["reason"] for e in restored] == ["manual"]


async def test_curtailed_energy_counts_while_a_load_is_shed(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await house.set_base(1500)
    for _ in range(36):  # six minutes in ticks of 10 s
        await _tick(hass, freezer, 10, house)
    energy = float(hass.states.get("sensor.home_curtailed_energy").state)
    assert energy == pytest.approx(1500 * 360 / 3_600_000, rel=0.05)  # 0.15 kWh


async def test_a_stalled_loop_does_not_burst_commands(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await house.set_base(1500)
    await house.set_base(0)
    shed_or_restored = capture(hass, EVENT_LOAD_RESTORED) + capture(hass, EVENT_LOAD_SHED)
    # Ten minutes pass at once (the loop was stalled): one tick, at most one command.
    await _tick(hass, freezer, 600, house)
    assert len(shed_or_restored) <= 1
    assert float(hass.states.get("sensor.home_curtailed_energy").state) < 0.01


async def test_panel_limit_from_the_entry_is_used(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    await make_house(hass)
    site_data[CONF_PANEL_LIMIT_W] = 10000.0
    await setup_entry(hass, make_entry(site_data))
    assert hass.states.get("sensor.home_effective_limit").state == "10000.0"
    assert hass.states.get("sensor.home_headroom").state == "5000.0"


async def test_a_load_the_user_turned_off_is_never_turned_on(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await hass.services.async_call(
        "input_boolean", "turn_off", {ATTR_ENTITY_ID: HEATER}, blocking=True
    )
    await house.set_base(0)
    for _ in range(5):
        await _tick(hass, freezer, 60, house)
    assert hass.states.get(HEATER).state == "off"
    assert hass.states.get("sensor.water_heater_status").state == "off"


async def test_a_number_in_watts_is_turned_down(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    assert await async_setup_component(
        hass,
        "input_number",
        {"input_number": {"heat_pump": {"min": 0, "max": 3000, "step": 100, "initial": 2000}}},
    )
    house.numbers["input_number.heat_pump"] = 1.0
    house.switched_w.pop(POOL)
    house.stop_following()
    house.follow()
    heat_pump = {
        "subentry_id": "load_heat_pump",
        "subentry_type": SUBENTRY_LOAD,
        "title": "Heat pump",
        "unique_id": "input_number.heat_pump",
        "data": {
            CONF_LOAD_KIND: KIND_MODULATED,
            CONF_ENTITY: "input_number.heat_pump",
            CONF_PRIORITY: 20,
            CONF_SETPOINT_UNIT: UNIT_WATT,
            CONF_MIN_SETPOINT: 500.0,
            CONF_MAX_SETPOINT: 3000.0,
            CONF_SETPOINT_STEP: 100.0,
        },
    }
    await setup_entry(
        hass, make_entry(site_data, [switched(HEATER, "Water heater", 10, HEATER_W), heat_pump])
    )
    modulated = capture(hass, EVENT_LOAD_MODULATED)
    await house.set_base(1000)  # 1000 + 3000 + 2000 = 6000 W
    assert hass.states.get(HEATER).state == "on"
    setpoint = float(hass.states.get("input_number.heat_pump").state)
    assert 500 <= setpoint < 2000
    assert setpoint % 100 == 0
    assert [e.data["new_value"] for e in modulated] == [setpoint]


async def _three_phase_site(hass: HomeAssistant, site_data: dict[str, Any]) -> list[str]:
    """A 3 x 25 A site read by current sensors; heater on L2, pool pump on all phases."""
    await make_house(hass)
    phases = ["sensor.l1_current", "sensor.l2_current", "sensor.l3_current"]
    for entity_id in phases:
        hass.states.async_set(entity_id, "10", {"unit_of_measurement": "A"})
    site_data.update(
        {
            CONF_SOURCE_TYPE: SOURCE_PER_PHASE,
            CONF_PHASE_SENSORS: phases,
            CONF_PHASE_MEASUREMENT: MEASURE_CURRENT,
            CONF_PHASES: 3,
            CONF_BREAKER_A: 25.0,
            CONF_PANEL_LIMIT_W: 25.0 * 230 * 3,
        }
    )
    loads = [
        switched(HEATER, "Water heater", 20, HEATER_W, **{CONF_LOAD_PHASE: 2}),
        switched(POOL, "Pool pump", 10, 1500, **{CONF_LOAD_PHASES: 3}),
    ]
    await setup_entry(hass, make_entry(site_data, loads))
    return phases


async def test_a_phase_above_its_breaker_sheds_a_load_on_that_phase(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    await _three_phase_site(hass, site_data)
    shed = capture(hass, EVENT_LOAD_SHED)
    hass.states.async_set("sensor.l2_current", "27", {"unit_of_measurement": "A"})
    await hass.async_block_till_done()

    assert hass.states.get(HEATER).state == "off"
    assert (shed[0].data["entity_id"], shed[0].data["reason"]) == (HEATER, "phase_limit")
    assert shed[0].data["site_power_w"] == round(47 * 230.0, 1)


async def test_a_phase_overload_sheds_only_what_is_needed(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    await _three_phase_site(hass, site_data)
    shed = capture(hass, EVENT_LOAD_SHED)
    hass.states.async_set("sensor.l2_current", "27", {"unit_of_measurement": "A"})
    await hass.async_block_till_done()
    hass.states.async_set("sensor.l2_current", "14", {"unit_of_measurement": "A"})
    await hass.async_block_till_done()
    assert [e.data["entity_id"] for e in shed] == [HEATER]
    assert hass.states.get(POOL).state == "on"
