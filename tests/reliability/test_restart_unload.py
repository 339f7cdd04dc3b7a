"""Rows 7-8: a restart never forgets what we shed; unloading gives it back and leaves nothing.

Giving back is gentle (one load at a time); no listener, timer or task of ours is left behind.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryDisabler, ConfigEntryState
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant, ServiceCall

from custom_components.capacity_manager.events import EVENT_LOAD_RESTORED
from custom_components.capacity_manager.release import RELEASE_SPACING_S
from tests.harness import (
    HEATER,
    POOL,
    House,
    capture,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.helpers import GRID_SENSOR
from tests.reliability.common import ServiceLog, now, run_seconds, state

HOLDOFF_S = 60


async def _both_shed(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> tuple[House, Any]:
    house = await make_house(hass)
    house.stop_following()
    entry = make_entry(site_data)
    house.listeners = _listeners(hass)  # type: ignore[attr-defined]
    await setup_entry(hass, entry)
    house.base_w = 3500  # 8000 W: the pool pump and the water heater go
    await run_seconds(hass, freezer, 3, lambda _: house.write())
    assert state(hass, HEATER) == "off"
    assert state(hass, POOL) == "off"
    return house, entry


def _ours(hass: HomeAssistant) -> int:
    """Timers and background work of the integration still scheduled on the loop."""
    scheduled = [h for h in hass.loop._scheduled if not h.cancelled()]  # type: ignore[attr-defined]
    timers = sum(_names_us(h._callback) or any(map(_names_us, h._args)) for h in scheduled)
    tasks = sum("capacity_manager" in repr(t) for t in asyncio.all_tasks(hass.loop) if not t.done())
    return timers + tasks


def _names_us(thing: object) -> bool:
    """True for a callback or job of ours (by its job name, module or owner)."""
    owner = getattr(thing, "__self__", thing)
    names = (
        getattr(thing, "name", None),
        getattr(owner, "job_name", None),
        getattr(thing, "__module__", None),
        getattr(getattr(thing, "target", None), "__module__", None),
        type(owner).__module__,
    )
    return any("capacity_manager" in str(name) for name in names if name)


def _listeners(hass: HomeAssistant) -> dict[str, int]:
    """Listeners of the events we follow (state changes and reports, start-up, the clock)."""
    counts = hass.bus.async_listeners()
    keys = ("state_changed", "state_reported", "homeassistant_started")
    ours = sum(
        "custom_components" in repr(listener)
        for listeners in hass.bus._listeners.values()
        for listener in listeners
    )
    return {**{key: counts.get(key, 0) for key in keys}, "capacity_manager": ours}


async def test_a_restart_keeps_shed_loads_ours_until_fresh_data_and_the_hold_off(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Row 7."""
    house, entry = await _both_shed(hass, site_data, freezer)
    assert await hass.config_entries.async_unload(entry.entry_id)  # HA stops
    await hass.async_block_till_done()

    # HA starts again: the meter and the loads are not there yet.
    hass.set_state(CoreState.starting)
    for entity_id in (GRID_SENSOR, HEATER, POOL):
        hass.states.async_set(entity_id, "unavailable")
    caplog.clear()
    log = ServiceLog(hass, {HEATER, POOL})
    restored = capture(hass, EVENT_LOAD_RESTORED)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    held = entry.runtime_data.coordinator.controller.export_state()["loads"]
    assert {load_id: saved["held"] for load_id, saved in held.items()} == {
        "load_water_heater": 2,
        "load_pool_pump": 2,
    }  # both still shed by us
    await run_seconds(hass, freezer, 120)  # a slow start-up

    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done()
    hass.states.async_set(HEATER, "off")  # the loads are back, as we left them
    hass.states.async_set(POOL, "off")
    await run_seconds(hass, freezer, 30)  # the meter is still unavailable
    assert state(hass, "sensor.pool_pump_status") == "shed"
    assert state(hass, "sensor.water_heater_status") == "shed"

    house.base_w = 0  # fresh data at last: room for both
    first_fresh = now() + 1
    await run_seconds(hass, freezer, HOLDOFF_S - 1, lambda _: house.write())
    assert restored == []
    assert log.calls == []
    await run_seconds(hass, freezer, 120, lambda _: house.write())
    assert [e.data["entity_id"] for e in restored] == [HEATER, POOL]
    assert restored[0].time_fired.timestamp() - first_fresh >= HOLDOFF_S
    problems = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert problems == []


async def test_disabling_gives_loads_back_one_by_one_and_leaves_nothing_running(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 8: the default policy of an unload for good (disable): give back, staggered."""
    house, entry = await _both_shed(hass, site_data, freezer)
    before_listeners = house.listeners  # type: ignore[attr-defined]
    house.base_w = 0
    restored = capture(hass, EVENT_LOAD_RESTORED)

    await hass.config_entries.async_set_disabled_by(entry.entry_id, ConfigEntryDisabler.USER)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED
    # Never all at once: the most important first, the next after the spacing.
    assert [e.data["entity_id"] for e in restored] == [HEATER]
    assert state(hass, POOL) == "off"
    await run_seconds(hass, freezer, int(RELEASE_SPACING_S))
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [e.data["entity_id"] for e in restored] == [HEATER, POOL]
    gap = restored[1].time_fired.timestamp() - restored[0].time_fired.timestamp()
    assert gap >= RELEASE_SPACING_S

    assert _ours(hass) == 0
    assert _listeners(hass) == before_listeners
    await run_seconds(hass, freezer, 120, lambda _: house.write())
    assert len(restored) == 2  # nothing runs any more


async def test_a_reload_while_shed_keeps_them_and_does_not_stack_listeners(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 8: a reload is not a stop; what we hold is carried over, nothing is doubled."""
    house, entry = await _both_shed(hass, site_data, freezer)
    listeners = _listeners(hass)
    ours = _ours(hass)
    assert listeners["capacity_manager"] > 0  # the checks below can see ours
    assert ours > 0
    restored = capture(hass, EVENT_LOAD_RESTORED)
    log = ServiceLog(hass, {HEATER, POOL})
    for _ in range(3):
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        await run_seconds(hass, freezer, 5, lambda _: house.write())
    assert restored == []
    assert log.calls == []
    assert _listeners(hass) == listeners
    assert _ours(hass) == ours
    assert state(hass, "sensor.pool_pump_status") == "shed"


async def test_unloading_in_the_middle_of_a_give_back_stops_cleanly(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 8: removed while the staggered give-back runs: it completes, nothing is left."""
    house, entry = await _both_shed(hass, site_data, freezer)
    restored = capture(hass, EVENT_LOAD_RESTORED)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    await run_seconds(hass, freezer, 5)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert [e.data["entity_id"] for e in restored] == [HEATER, POOL]
    assert state(hass, POOL) == "on"
    assert _ours(hass) == 0
    house.stop_following()


async def test_a_give_back_lost_in_a_restart_is_given_again_afterwards(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 7: the restore command was sent but not seen to take when HA restarted."""
    house = await make_house(hass)
    house.stop_following()
    boiler = "fan.boiler"  # no fan integration: its services are ours to define
    lost: list[ServiceCall] = []

    async def switch(call: ServiceCall) -> None:
        hass.states.async_set(boiler, call.service.removeprefix("turn_"), context=call.context)

    hass.services.async_register("fan", "turn_off", switch)
    hass.services.async_register("fan", "turn_on", lost.append)  # lost on the way
    hass.states.async_set(boiler, "on")
    house.switched_w.pop(POOL)
    house.switched_w[boiler] = 1500.0
    loads = [switched(HEATER, "Water heater", 10, 3000.0), switched(boiler, "Boiler", 20, 1500.0)]
    entry = make_entry(site_data, loads)
    await setup_entry(hass, entry)
    house.base_w = 1500  # 6000 W: the boiler goes
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    assert state(hass, boiler) == "off"
    house.base_w = 0
    await run_seconds(hass, freezer, HOLDOFF_S + 5, lambda _: house.write())
    assert len(lost) == 1  # we gave it back, as far as we know

    assert await hass.config_entries.async_unload(entry.entry_id)  # HA stops at once
    await hass.async_block_till_done()
    hass.services.async_register("fan", "turn_on", switch)  # the relay works again
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert state(hass, "sensor.boiler_status") == "shed"  # still ours, not "off"
    await run_seconds(hass, freezer, HOLDOFF_S + 5, lambda _: house.write())
    assert state(hass, boiler) == "on"
