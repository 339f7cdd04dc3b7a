"""Loads we hold, seen from Home Assistant.

Our own command confirmed late is not a user's override, and reconfiguring a held load gives
back what we switched off.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.capacity_manager.actuators import Asked, asked
from custom_components.capacity_manager.const import (
    CONF_ENTITY,
    CONF_NEVER_SHED,
    CONF_PAUSE_SWITCH,
)
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LoadConfig,
    LoadState,
    Reason,
)
from custom_components.capacity_manager.engine.results import Action
from custom_components.capacity_manager.engine_config import LoadBinding
from custom_components.capacity_manager.events import EVENT_LOAD_RESTORED, EVENT_MANUAL_OVERRIDE
from custom_components.capacity_manager.parsing import turned_up
from tests.harness import (
    EV_PAUSE,
    POOL,
    capture,
    ev,
    make_entry,
    make_house,
    setup_entry,
)
from tests.helpers import GRID_SENSOR
from tests.reliability.common import now, run_seconds

POWER_ATTRS = {"unit_of_measurement": "W", "device_class": "power"}


async def _pass(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    freezer.tick(timedelta(seconds=seconds))
    await hass.async_block_till_done()
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


# -- 1. our own command, confirmed late, is taken for a user's override ---------------------------

WALLBOX = "number.wallbox_current"
WALLBOX_CHARGING = "switch.wallbox_charging"
WALLBOX_ATTRS = {"unit_of_measurement": "A", "min": 6, "max": 32}
CONFIRM_DELAY_S = 8  # the charger's cloud is polled: its state follows a command 8 s later


async def test_a_charger_confirming_our_turn_up_late_is_not_a_manual_override(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """A cloud charger confirms a new current at its next poll, not inside the service call.

    Home Assistant gives a state written more than 5 s after a service call a fresh context, so
    the coordinator cannot tell it from a user's change by context alone. Confirming the current
    *we* asked for is not a user taking the charger back: it must stay ours, and be turned down
    again when the house overloads.
    """
    base = {"w": 1500.0}
    confirmations: list[tuple[float, str]] = []
    hass.states.async_set(WALLBOX, "16", WALLBOX_ATTRS)
    hass.states.async_set(WALLBOX_CHARGING, "on")

    def meter(_: int = 0) -> None:
        for due, value in list(confirmations):
            if due <= now():  # the charger's integration polls the cloud: a fresh context
                confirmations.remove((due, value))
                hass.states.async_set(WALLBOX, value, WALLBOX_ATTRS)
        amps = float(hass.states.get(WALLBOX).state)
        charging = hass.states.get(WALLBOX_CHARGING).state == "on"
        hass.states.async_set(
            GRID_SENSOR, str(base["w"] + (amps * 230 if charging else 0)), POWER_ATTRS
        )

    meter()
    await setup_entry(
        hass,
        make_entry(site_data, [ev(**{CONF_ENTITY: WALLBOX, CONF_PAUSE_SWITCH: WALLBOX_CHARGING})]),
    )

    # The charger's own integration (registered after ours, which set up `number` and `switch`).
    async def set_value(call: ServiceCall) -> None:
        confirmations.append((now() + CONFIRM_DELAY_S, str(call.data["value"])))

    async def switch(call: ServiceCall) -> None:
        on = call.service == "turn_on"
        hass.states.async_set(WALLBOX_CHARGING, "on" if on else "off", context=call.context)

    hass.services.async_register("number", "set_value", set_value)
    hass.services.async_register("switch", "turn_on", switch)
    hass.services.async_register("switch", "turn_off", switch)
    overrides = capture(hass, EVENT_MANUAL_OVERRIDE)

    base["w"] = 3500.0  # 3500 + 16 A x 230 V = 7180 W on a 5750 W panel
    await run_seconds(hass, freezer, 30, meter)
    assert hass.states.get(WALLBOX).state == "6"  # turned down to its minimum
    base["w"] = 1000.0  # room again: after the hold-off the car is turned up (6 -> 11 A)
    await run_seconds(hass, freezer, 120, meter)
    assert float(hass.states.get(WALLBOX).state) > 6

    base["w"] = 4000.0  # the oven: 4000 + 11 A x 230 V = 6530 W, over the 5750 W limit
    await run_seconds(hass, freezer, 60, meter)

    site_w = float(hass.states.get(GRID_SENSOR).state)
    assert site_w <= 5750, (
        f"site at {site_w} W over its 5750 W limit: the charger (status "
        f"{hass.states.get('sensor.car_status').state}) is left at "
        f"{hass.states.get(WALLBOX).state} A"
    )
    assert overrides == [], "our own command, confirmed late, was taken for a user's override"


# -- 2. reconfiguring a held load forgets what we switched off -----------------------------------


async def _shed_pool_then_reconfigure(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory, **changes: Any
) -> MockConfigEntry:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(1500)  # 1500 + 3000 + 1500 = 6000 W: the pool pump is shed
    assert hass.states.get(POOL).state == "off"

    pool = entry.subentries["load_pool_pump"]
    data = {**pool.data, **{k: v for k, v in changes.items() if k != "unique_id"}}
    hass.config_entries.async_update_subentry(
        entry, pool, data=data, unique_id=changes.get("unique_id", pool.unique_id)
    )
    await hass.async_block_till_done()
    await house.set_base(0)  # plenty of room for a long time
    for _ in range(20):
        house.write()
        await _pass(hass, freezer, 30)
    return entry


async def test_a_shed_load_moved_to_another_entity_gives_the_old_one_back(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """The user replaces the pool pump's smart plug while the pump is shed.

    The old plug was switched off by us and is no longer ours to give back: like a deleted
    load (`test_removing_a_load_we_hold_gives_it_back`), it must be switched on again.
    """
    new_plug = "switch.pool_pump_new_plug"
    hass.states.async_set(new_plug, "on")
    await _shed_pool_then_reconfigure(
        hass, site_data, freezer, **{CONF_ENTITY: new_plug, "unique_id": new_plug}
    )
    assert hass.states.get(POOL).state == "on", (
        "the old plug we switched off is left off for good (load status "
        f"{hass.states.get('sensor.pool_pump_status').state})"
    )


async def test_a_shed_load_made_never_shed_is_given_back(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """The user marks the shed pool pump "never shed": it must not stay off for ever."""
    await _shed_pool_then_reconfigure(hass, site_data, freezer, **{CONF_NEVER_SHED: True})
    assert hass.states.get(POOL).state == "on", (
        "a load we switched off became never-shed and is never given back (status "
        f"{hass.states.get('sensor.pool_pump_status').state})"
    )


async def test_a_paused_charger_given_another_pause_switch_is_resumed_on_the_old_one(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """The user points the charger we paused at another pause switch (a new wallbox module).

    We paused the car with the old switch: that switch must be turned back on, and the new one
    is not taken for a user's override.
    """
    house = await make_house(hass, with_ev=True)  # 500 + 4500 + 16 A x 230 V = 8680 W
    entry = make_entry(site_data, [ev()])
    await setup_entry(hass, entry)
    await run_seconds(hass, freezer, 30, lambda _: house.write())
    assert hass.states.get(EV_PAUSE).state == "off"  # 6 A is still too much: paused
    assert hass.states.get("sensor.car_status").state == "shed"
    overrides = capture(hass, EVENT_MANUAL_OVERRIDE)
    restored = capture(hass, EVENT_LOAD_RESTORED)

    new_pause = "input_boolean.ev_charging_new"
    hass.states.async_set(new_pause, "on")
    car = entry.subentries["load_ev"]
    hass.config_entries.async_update_subentry(
        entry, car, data={**car.data, CONF_PAUSE_SWITCH: new_pause}
    )
    await hass.async_block_till_done()
    house.base_w = -3000  # room for the car
    await run_seconds(hass, freezer, 60, lambda _: house.write())

    assert hass.states.get(EV_PAUSE).state == "on", "the old pause switch is left off for good"
    assert [e.data["detail"] for e in restored] == ["load moved to other entities"]
    assert overrides == []


def test_what_we_asked_is_what_a_change_is_measured_against() -> None:
    """Reaching what our commands asked is ours; going past it, or on when asked off, is not."""
    binding = LoadBinding(
        config=LoadConfig.ev("car", "Car", can_pause=True),
        entity_id=WALLBOX,
        pause_switch=WALLBOX_CHARGING,
    )

    def action(kind: ActionKind, setpoint: float | None = None) -> Action:
        return Action(load_id="car", kind=kind, reason=Reason.OVER_LIMIT, setpoint=setpoint)

    resumed = asked(binding, action(ActionKind.RESTORE, 11))
    assert resumed == Asked(on=True, setpoint=11)
    turned_down = asked(binding, action(ActionKind.MODULATE, 8), resumed)
    assert turned_down == Asked(on=True, setpoint=8)  # still asked to run
    paused = asked(binding, action(ActionKind.SHED), turned_down)
    assert paused == Asked(on=False, setpoint=8)

    at_6 = LoadState(is_on=True, setpoint=6)
    assert not turned_up(binding, at_6, LoadState(is_on=True, setpoint=8), turned_down)
    assert turned_up(binding, at_6, LoadState(is_on=True, setpoint=10), turned_down)
    assert turned_up(binding, at_6, LoadState(is_on=True, setpoint=8), None)  # nothing asked
    off = LoadState(is_on=False, setpoint=6)
    assert not turned_up(binding, off, at_6, resumed)  # the pause switch confirming late
    assert turned_up(binding, off, at_6, paused)  # resumed while we hold it paused
    # A raise while paused with no current ever asked stays the user's.
    assert turned_up(binding, off, LoadState(is_on=False, setpoint=16), Asked(on=False))
