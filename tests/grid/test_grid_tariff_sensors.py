"""Capacity tariff sensors with frozen time: the window's projected average and the month's peak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.events import EVENT_LOAD_SHED
from tests.grid.conftest import limit_source
from tests.harness import House, capture, default_loads, make_entry, make_house, setup_entry

NOON = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)  # a window boundary
PROJECTION = "sensor.home_projected_window_average"
PEAK = "sensor.home_month_s_peak_average"


def value(hass: HomeAssistant, entity_id: str) -> float | None:
    found = hass.states.get(entity_id)
    assert found is not None, entity_id
    return None if found.state in ("unknown", "unavailable") else float(found.state)


async def run(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, house: House, seconds: int
) -> None:
    """Let time pass with the meter reporting every 30 s."""
    for _ in range(seconds // 30):
        freezer.tick(timedelta(seconds=30))
        house.write()
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


@pytest.fixture
async def house(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> House:
    """5000 W, a 20 kW capacity tariff over 15 minutes (high enough that nothing is shed)."""
    freezer.move_to(NOON)
    house = await make_house(hass)
    tariff = limit_source("tariff", "Capacity tariff", window_limit_kw=20, window_min=15)
    await setup_entry(hass, make_entry(site_data, [*default_loads(), tariff]))
    return house


async def test_projection_and_peak_of_completed_windows(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, house: House
) -> None:
    await run(hass, freezer, house, 15 * 60)  # window 1 at 5000 W
    await house.set_base(800.0)  # window 2 at 5300 W (under the panel's shed threshold)
    assert value(hass, PEAK) == pytest.approx(5000.0)
    await run(hass, freezer, house, 7 * 60 + 30)
    assert value(hass, PROJECTION) == pytest.approx(5300.0)
    assert value(hass, PEAK) == pytest.approx(5000.0)  # window 2 is not complete yet
    await run(hass, freezer, house, 7 * 60 + 30 + 30)  # nothing visible changes at 12:30
    assert value(hass, PEAK) == pytest.approx(5300.0)
    await house.set_base(0.0)  # window 3 mostly at 4500 W: lower, the peak stays
    await run(hass, freezer, house, 15 * 60)
    state = hass.states.get(PEAK)
    assert state is not None
    assert float(state.state) == pytest.approx(5300.0)
    assert state.attributes["peak_start"] == (NOON + timedelta(minutes=15)).isoformat()
    assert state.attributes["month"] == "2025-06"


async def test_the_peak_survives_a_reload_and_a_new_month_starts_afresh(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, house: House
) -> None:
    await run(hass, freezer, house, 16 * 60)
    assert value(hass, PEAK) == pytest.approx(5000.0)
    (entry,) = hass.config_entries.async_entries("capacity_manager")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await house.set_base(0.0)
    await run(hass, freezer, house, 15 * 60)
    assert value(hass, PEAK) == pytest.approx(5000.0)  # kept over the reload, not lowered

    freezer.move_to(datetime(2025, 7, 1, 12, 0, tzinfo=UTC))
    await run(hass, freezer, house, 60)
    state = hass.states.get(PEAK)
    assert state is not None
    assert state.state == "unknown"
    assert state.attributes["month"] == "2025-07"


async def test_a_tariff_below_the_usual_draw_makes_the_engine_shed_for_the_window(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(NOON)
    shed = capture(hass, EVENT_LOAD_SHED)
    house = await make_house(hass)  # 5000 W
    tariff = limit_source("tariff", "Capacity tariff", window_limit_kw=4, window_min=15)
    await setup_entry(hass, make_entry(site_data, [*default_loads(), tariff]))
    await run(hass, freezer, house, 120)
    assert [e.data["reason"] for e in shed][:1] == ["window_limit"]
    assert value(hass, PROJECTION) is not None
    assert value(hass, PROJECTION) <= 4000.0 * 1.01  # type: ignore[operator]
