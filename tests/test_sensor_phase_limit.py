"""The effective-limit sensor publishes the per-phase current limit the card's phase bars use."""

from __future__ import annotations

from typing import Any

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant

from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_LIMIT_TYPE,
    CONF_PHASES,
    CONF_VOLTAGE,
    LIMIT_WATTS,
)
from tests.harness import make_entry, setup_entry
from tests.helpers import GRID_SENSOR

LIMIT_SENSOR = "sensor.home_effective_limit"
# The attribute frontend/src/model.ts reads (and frontend/test/fixtures/house.mjs supplies).
PHASE_LIMIT = "phase_limit_a"


async def test_a_breaker_limit_is_published_as_the_phase_current_limit(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    hass.states.async_set(GRID_SENSOR, "2000", {ATTR_UNIT_OF_MEASUREMENT: "W"})
    site = {**site_data, CONF_PHASES: 3, CONF_VOLTAGE: 230.0, CONF_BREAKER_A: 25.0}
    await setup_entry(hass, make_entry(site))

    limit = hass.states.get(LIMIT_SENSOR)
    assert limit is not None
    assert limit.attributes[PHASE_LIMIT] == 25.0
    assert limit.attributes["phases"] == 3


async def test_a_limit_in_watts_has_no_phase_current_limit(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    hass.states.async_set(GRID_SENSOR, "2000", {ATTR_UNIT_OF_MEASUREMENT: "W"})
    site = {**site_data, CONF_LIMIT_TYPE: LIMIT_WATTS}
    del site[CONF_BREAKER_A]
    await setup_entry(hass, make_entry(site))

    limit = hass.states.get(LIMIT_SENSOR)
    assert limit is not None
    assert PHASE_LIMIT in limit.attributes  # always there, so the card need not guess
    assert limit.attributes[PHASE_LIMIT] is None
