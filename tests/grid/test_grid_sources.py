"""Entity and weekly-schedule limit sources in a running site: the tightest one is in force."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.events import EVENT_LIMIT_CHANGED, EVENT_LOAD_SHED
from tests.grid.conftest import limit_source
from tests.harness import capture, default_loads, make_entry, make_house, setup_entry

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY_AFTERNOON = datetime(2025, 6, 2, 16, 0, tzinfo=BRUSSELS)
IMPORT_SENSOR = "sensor.home_grid_import_limit"
EXPORT_SENSOR = "sensor.home_grid_export_limit"
LIMIT_SENSOR = "sensor.home_effective_limit"
NEXT_CHANGE = "sensor.home_next_grid_limit_change"


def value(hass: HomeAssistant, entity_id: str) -> float | None:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return None if found.state in ("unknown", "unavailable") else float(found.state)


async def at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime) -> None:
    freezer.move_to(moment)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.fixture
async def brussels(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    await hass.config.async_set_time_zone("Europe/Brussels")
    freezer.move_to(MONDAY_AFTERNOON)
    return freezer


async def _number(hass: HomeAssistant, initial: float, unit: str = "kW") -> str:
    assert await async_setup_component(
        hass,
        "input_number",
        {
            "input_number": {
                "grid_limit": {
                    "min": 0,
                    "max": 20,
                    "step": 0.5,
                    "initial": initial,
                    "unit_of_measurement": unit,
                }
            }
        },
    )
    return "input_number.grid_limit"


async def _setup(hass: HomeAssistant, site_data: dict[str, Any], *sources: dict[str, Any]) -> None:
    await make_house(hass)  # 5000 W with both loads on; the panel allows 5750 W
    await setup_entry(hass, make_entry(site_data, [*default_loads(), *sources]))


async def test_an_entity_in_kw_is_a_limit_and_an_unusable_value_keeps_the_last_one(
    hass: HomeAssistant, site_data: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    number = await _number(hass, 6)
    changes = capture(hass, EVENT_LIMIT_CHANGED)
    shed = capture(hass, EVENT_LOAD_SHED)
    await _setup(
        hass,
        site_data,
        limit_source("entity", "Automation", entity_id=number, direction="import", unit="W"),
    )
    assert value(hass, IMPORT_SENSOR) == 6000.0
    assert value(hass, LIMIT_SENSOR) == 5750.0  # the panel is tighter

    await hass.services.async_call(
        "input_number", "set_value", {"entity_id": number, "value": 4}, blocking=True
    )
    await hass.async_block_till_done()
    assert value(hass, IMPORT_SENSOR) == 4000.0
    assert value(hass, LIMIT_SENSOR) == 4000.0
    assert shed, "5000 W is above a 4 kW limit: a load is shed"
    grid = [e.data for e in changes if e.data["action"] == "grid_import"]
    assert [(d["old_value"], d["new_value"], d["source"], d["source_name"]) for d in grid] == [
        (None, 6000.0, "entity", "Automation"),
        (6000.0, 4000.0, "entity", "Automation"),
    ]

    caplog.set_level(logging.WARNING)
    hass.states.async_set(number, "unavailable")
    await hass.async_block_till_done()
    hass.states.async_set(number, "not a number", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    assert value(hass, IMPORT_SENSOR) == 4000.0
    assert len([r for r in caplog.records if "is not a usable limit" in r.getMessage()]) == 1


async def test_a_sensor_in_w_as_export_limit(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    hass.states.async_set("sensor.export_cap", "2500", {"unit_of_measurement": "W"})
    await _setup(
        hass,
        site_data,
        limit_source(
            "entity", "Export cap", entity_id="sensor.export_cap", direction="export", unit="kW"
        ),
    )
    assert value(hass, EXPORT_SENSOR) == 2500.0
    assert value(hass, IMPORT_SENSOR) is None


async def test_a_weekly_schedule_applies_in_local_time(
    hass: HomeAssistant, site_data: dict[str, Any], brussels: FrozenDateTimeFactory
) -> None:
    changes = capture(hass, EVENT_LIMIT_CHANGED)
    evening = limit_source(
        "schedule",
        "Evening peak",
        days=["mon", "tue"],
        start="17:00:00",
        end="21:00:00",
        import_kw=4,
    )
    await _setup(hass, site_data, evening)
    assert value(hass, IMPORT_SENSOR) is None
    next_change = hass.states.get(NEXT_CHANGE)
    assert next_change is not None
    assert datetime.fromisoformat(next_change.state) == MONDAY_AFTERNOON.replace(hour=17)

    await at(hass, brussels, MONDAY_AFTERNOON.replace(hour=17))
    assert value(hass, IMPORT_SENSOR) == 4000.0
    assert value(hass, LIMIT_SENSOR) == 4000.0
    await at(hass, brussels, MONDAY_AFTERNOON.replace(hour=21))
    assert value(hass, IMPORT_SENSOR) is None
    assert value(hass, LIMIT_SENSOR) == 5750.0
    grid = [
        (e.data["new_value"], e.data["source"])
        for e in changes
        if e.data["action"] == "grid_import"
    ]
    assert grid == [(4000.0, "schedule"), (None, None)]


async def test_the_tightest_source_wins_and_names_itself(
    hass: HomeAssistant, site_data: dict[str, Any], brussels: FrozenDateTimeFactory
) -> None:
    number = await _number(hass, 5)
    await _setup(
        hass,
        site_data,
        limit_source("entity", "Automation", entity_id=number, direction="import", unit="kW"),
        limit_source(
            "schedule",
            "Evening peak",
            "src_evening",
            days=["mon"],
            start="17:00:00",
            end="18:00:00",
            import_kw=3,
        ),
    )
    state = hass.states.get(IMPORT_SENSOR)
    assert state is not None
    assert (float(state.state), state.attributes["source_name"]) == (5000.0, "Automation")
    await at(hass, brussels, MONDAY_AFTERNOON + timedelta(hours=1, minutes=30))
    state = hass.states.get(IMPORT_SENSOR)
    assert state is not None
    assert (float(state.state), state.attributes["source"]) == (3000.0, "schedule")
