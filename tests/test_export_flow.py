"""The load subentry flow for export limits: a generation limit, and the absorb-export option."""

from __future__ import annotations

import pytest
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import (
    CONF_ABSORB_EXPORT,
    CONF_ENTITY,
    CONF_LOAD_KIND,
    CONF_LOAD_POWER_SENSOR,
    CONF_MAX_SETPOINT,
    CONF_MIN_SETPOINT,
    CONF_NAME,
    CONF_NEVER_SHED,
    CONF_PRIORITY,
    CONF_SETPOINT_STEP,
    KIND_EV,
    KIND_GENERATION,
    KIND_MODULATED,
    KIND_SWITCHED,
)
from custom_components.capacity_manager.engine.models import FailsafePolicy, LoadKind
from custom_components.capacity_manager.engine_config import build_load, build_site
from tests.helpers import assert_translated, form_fields
from tests.test_config_flow_load import add, entry, start  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("mock_setup_entry")

INVERTER = "number.inverter_power_limit"
INVERTER_POWER = "sensor.inverter_power"


@pytest.fixture
def inverter(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:  # noqa: F811
    hass.states.async_set(
        INVERTER, "8000", {ATTR_UNIT_OF_MEASUREMENT: "W", "min": 0, "max": 10_000}
    )
    hass.states.async_set(
        INVERTER_POWER, "5000", {ATTR_UNIT_OF_MEASUREMENT: "W", "device_class": "power"}
    )
    return entry


def _subentry(site: MockConfigEntry, entity_id: str) -> ConfigSubentry:
    (subentry,) = (s for s in site.subentries.values() if s.unique_id == entity_id)
    return subentry


async def test_add_a_pv_inverter_limit(hass: HomeAssistant, inverter: MockConfigEntry) -> None:
    result = await start(hass, inverter, KIND_GENERATION)
    assert form_fields(result) == {
        CONF_NAME,
        CONF_ENTITY,
        CONF_PRIORITY,
        CONF_MIN_SETPOINT,
        CONF_MAX_SETPOINT,
        CONF_SETPOINT_STEP,
        CONF_LOAD_POWER_SENSOR,
        CONF_NEVER_SHED,
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Roof PV",
            CONF_ENTITY: INVERTER,
            CONF_MAX_SETPOINT: 8000,
            CONF_LOAD_POWER_SENSOR: INVERTER_POWER,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    subentry = _subentry(inverter, INVERTER)
    assert subentry.data[CONF_LOAD_KIND] == KIND_GENERATION
    binding = build_load(subentry, build_site(inverter), None)
    config = binding.config
    assert (config.kind, config.max_setpoint, config.rated_power_w) == (
        LoadKind.GENERATION,
        8000,
        8000,
    )
    assert config.failsafe_policy is FailsafePolicy.KEEP  # curtailment stays as it is
    assert binding.power_sensor == INVERTER_POWER


async def test_a_pv_limit_beyond_the_entity_range_is_refused(
    hass: HomeAssistant, inverter: MockConfigEntry
) -> None:
    result = await add(
        hass,
        inverter,
        KIND_GENERATION,
        {CONF_NAME: "Roof PV", CONF_ENTITY: INVERTER, CONF_MAX_SETPOINT: 12_000},
    )
    assert result["errors"] == {CONF_ENTITY: "outside_entity_range"}
    assert_translated(result, "config_subentries", "load")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            CONF_NAME: "Roof PV",
            CONF_ENTITY: INVERTER,
            CONF_MIN_SETPOINT: 9000,
            CONF_MAX_SETPOINT: 8000,
        },
    )
    assert result["errors"] == {CONF_MAX_SETPOINT: "min_greater_than_max"}


@pytest.mark.parametrize(
    ("kind", "offered"), [(KIND_SWITCHED, True), (KIND_MODULATED, True), (KIND_EV, False)]
)
async def test_absorb_export_is_offered_for_switched_and_modulated_loads(
    hass: HomeAssistant, inverter: MockConfigEntry, kind: str, offered: bool
) -> None:
    result = await start(hass, inverter, kind)
    assert (CONF_ABSORB_EXPORT in form_fields(result)) is offered


async def test_an_absorber_is_built_with_its_option(
    hass: HomeAssistant, inverter: MockConfigEntry
) -> None:
    hass.states.async_set("switch.boiler", "off")
    result = await add(
        hass,
        inverter,
        KIND_SWITCHED,
        {
            CONF_NAME: "Boiler",
            CONF_ENTITY: "switch.boiler",
            "expected_power_w": 2000,
            CONF_ABSORB_EXPORT: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    subentry = _subentry(inverter, "switch.boiler")
    assert build_load(subentry, build_site(inverter), None).config.absorb_export
