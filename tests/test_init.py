"""Set-up, reload, unload, removal and restart: nothing left behind, nothing forgotten."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryDisabler, ConfigEntryState, ConfigSubentry
from homeassistant.const import (
    EVENT_HOMEASSISTANT_STARTED,
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
)
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.const import (
    CONF_PANEL_LIMIT_W,
    CONF_PRIORITY,
    DOMAIN,
)
from custom_components.capacity_manager.events import (
    EVENT_FAILSAFE,
    EVENT_LOAD_RESTORED,
    EVENT_LOAD_SHED,
)
from tests.harness import (
    ENTRY_ID,
    HEATER,
    HEATER_W,
    POOL,
    POOL_W,
    capture,
    make_entry,
    make_house,
    setup_entry,
    switched,
)

STORE_KEY = f"{DOMAIN}.{ENTRY_ID}"


def _listeners(hass: HomeAssistant) -> dict[str, int]:
    counts = hass.bus.async_listeners()
    return {key: counts.get(key, 0) for key in (EVENT_STATE_CHANGED, EVENT_STATE_REPORTED)}


async def test_unload_leaves_no_listener_or_timer(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    before = _listeners(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert _listeners(hass) != before

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.NOT_LOADED
    assert _listeners(hass) == before
    shed = capture(hass, EVENT_LOAD_SHED)
    await house.set_base(3000)  # far above the limit: nobody listens any more
    freezer.tick(timedelta(seconds=120))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert shed == []
    assert hass.states.get(POOL).state == "on"
    assert hass.states.get("sensor.home_status").state == "unavailable"


async def test_reload_after_a_subentry_change_keeps_what_we_hold(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(1500)
    assert hass.states.get(POOL).state == "off"
    restored = capture(hass, EVENT_LOAD_RESTORED)

    heater = entry.subentries["load_water_heater"]
    hass.config_entries.async_update_subentry(entry, heater, data={**heater.data, CONF_PRIORITY: 5})
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data.coordinator.bindings["load_water_heater"].config.priority == 5
    assert restored == []
    assert hass.states.get(POOL).state == "off"
    assert hass.states.get("sensor.pool_pump_status").state == "shed"


async def test_a_new_load_subentry_gets_its_entities(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    await make_house(hass)
    entry = make_entry(site_data, [switched(HEATER, "Water heater", 10, HEATER_W)])
    await setup_entry(hass, entry)
    assert hass.states.get("sensor.pool_pump_status") is None
    pool = switched(POOL, "Pool pump", 20, POOL_W)
    hass.config_entries.async_add_subentry(
        entry,
        ConfigSubentry(
            data=pool["data"],
            subentry_type=pool["subentry_type"],
            title=pool["title"],
            unique_id=pool["unique_id"],
        ),
    )
    await hass.async_block_till_done()
    assert hass.states.get("sensor.pool_pump_status").state == "on"


async def test_disabling_gives_back_what_we_hold_one_at_a_time(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(3000)  # both loads go
    assert hass.states.get(POOL).state == "off"
    assert hass.states.get(HEATER).state == "off"
    restored = capture(hass, EVENT_LOAD_RESTORED)

    with patch("custom_components.capacity_manager.release.RELEASE_SPACING_S", 0.01):
        await hass.config_entries.async_set_disabled_by(entry.entry_id, ConfigEntryDisabler.USER)
        await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.states.get(POOL).state == "on"
    assert hass.states.get(HEATER).state == "on"
    # Most important first, one after the other.
    assert [e.data["entity_id"] for e in restored] == [HEATER, POOL]
    assert all(e.time_fired < f.time_fired for e, f in pairwise(restored))


async def test_removing_the_entry_gives_back_and_forgets(
    hass: HomeAssistant, site_data: dict[str, Any], hass_storage: dict[str, Any]
) -> None:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(1500)
    assert hass.states.get(POOL).state == "off"

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert hass.states.get(POOL).state == "on"
    assert STORE_KEY not in hass_storage


async def test_a_restart_remembers_what_we_shed(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(1500)
    coordinator = entry.runtime_data.coordinator
    await coordinator.async_save_memory()
    saved = hass_storage[STORE_KEY]["data"]
    assert saved["engine"]["loads"]["load_pool_pump"]["held"] == 2  # shed

    # A new HA start: same storage, the pump still off, the meter not yet reporting.
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    hass.states.async_set("sensor.grid_power", "unknown")
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    restored = capture(hass, EVENT_LOAD_RESTORED)
    assert hass.states.get("sensor.pool_pump_status").state == "shed"

    freezer.tick(timedelta(seconds=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert restored == []  # no fresh data yet: nothing given back
    await house.set_base(0)
    freezer.tick(timedelta(seconds=61))
    house.write()
    await hass.async_block_till_done()  # newer HA runs state listeners as tasks
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert [e.data["entity_id"] for e in restored] == [POOL]


async def test_corrupt_memory_is_ignored(
    hass: HomeAssistant, site_data: dict[str, Any], hass_storage: dict[str, Any]
) -> None:
    await make_house(hass)
    hass_storage[STORE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORE_KEY,
        "data": {"engine": "garbage", "settings": [], "grants": {"x": 1}},
    }
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("select.home_mode").state == "active"


async def test_invalid_site_config_fails_setup_with_a_reason(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    site_data[CONF_PANEL_LIMIT_W] = 0
    entry = make_entry(site_data)
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert "panel_limit_w" in (entry.reason or "")


async def test_a_broken_load_is_skipped_and_logged(
    hass: HomeAssistant, site_data: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    await make_house(hass)
    broken = switched(POOL, "Pool pump", 20, -5)  # negative power
    entry = make_entry(site_data, [switched(HEATER, "Water heater", 10, HEATER_W), broken])
    await setup_entry(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("sensor.water_heater_status") is not None
    assert hass.states.get("sensor.pool_pump_status") is None
    assert "load Pool pump skipped" in caplog.text


async def test_nothing_counts_as_stale_before_home_assistant_has_started(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    house.stop_following()
    hass.states.async_remove("sensor.grid_power")  # the meter is not there yet
    hass.set_state(CoreState.starting)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    failsafe = capture(hass, EVENT_FAILSAFE)
    freezer.tick(timedelta(seconds=300))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert failsafe == []  # no tick yet: start-up may take a while

    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done()
    for _ in range(61):
        freezer.tick(timedelta(seconds=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert [e.data["action"] for e in failsafe] == ["enter"]


async def test_a_refresh_request_is_answered_from_the_engine(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    await hass.services.async_call(
        "homeassistant",
        "update_entity",
        {"entity_id": "sensor.home_site_power"},
        blocking=True,
    )
    assert hass.states.get("sensor.home_site_power").state == "5000.0"


async def test_mode_and_curtailed_energy_survive_a_reload(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(1500)
    for _ in range(30):
        freezer.tick(timedelta(seconds=10))
        house.write()
        await hass.async_block_till_done()
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    energy = float(hass.states.get("sensor.home_curtailed_energy").state)
    assert energy > 0.1
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.home_mode", "option": "monitor"},
        blocking=True,
    )

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert hass.states.get("select.home_mode").state == "monitor"
    assert float(hass.states.get("sensor.home_curtailed_energy").state) >= energy


async def test_removing_a_load_we_hold_gives_it_back(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(1500)
    assert hass.states.get(POOL).state == "off"
    restored = capture(hass, EVENT_LOAD_RESTORED)

    assert hass.config_entries.async_remove_subentry(entry, "load_pool_pump")
    await hass.async_block_till_done()

    assert hass.states.get(POOL).state == "on"
    assert [e.data["detail"] for e in restored] == ["load removed from the site"]
    assert hass.states.get("sensor.pool_pump_status") is None
    # The pump is no longer ours to shed: with the site over its limit, the heater goes.
    assert hass.states.get("sensor.water_heater_status").state == "shed"
