"""Config subentry flow of a controllable load: add, reconfigure, and every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.climate.const import ClimateEntityFeature
from homeassistant.components.water_heater import WaterHeaterEntityFeature
from homeassistant.config_entries import SOURCE_USER, ConfigSubentry
from homeassistant.const import ATTR_SUPPORTED_FEATURES, ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import (
    CONF_ABSORB_EXPORT,
    CONF_AUTO_RESTORE,
    CONF_ENTITY,
    CONF_EXPECTED_POWER,
    CONF_FAILSAFE_POLICY,
    CONF_LOAD_KIND,
    CONF_LOAD_PHASE,
    CONF_LOAD_PHASES,
    CONF_LOAD_POWER_SENSOR,
    CONF_LOAD_VOLTAGE,
    CONF_MAX_CURRENT,
    CONF_MAX_OFF,
    CONF_MAX_SETPOINT,
    CONF_MIN_CURRENT,
    CONF_MIN_OFF,
    CONF_MIN_ON,
    CONF_MIN_SETPOINT,
    CONF_NAME,
    CONF_NEVER_SHED,
    CONF_PAUSE_SWITCH,
    CONF_PHASES,
    CONF_PRIORITY,
    CONF_PROTECT_CYCLE,
    CONF_RUNNING_THRESHOLD,
    CONF_SETPOINT_STEP,
    CONF_SETPOINT_UNIT,
    CONF_VOLTAGE,
    FAILSAFE_KEEP,
    KIND_EV,
    KIND_MODULATED,
    KIND_SWITCHED,
    SUBENTRY_LOAD,
    UNIT_AMPERE,
    UNIT_WATT,
)
from tests.helpers import (
    GRID_SENSOR,
    SetSensor,
    assert_renders,
    assert_translated,
    form_fields,
    form_values,
    start_subentry_reconfigure,
)

pytestmark = pytest.mark.usefixtures("mock_setup_entry")

WALLBOX = "number.wallbox_current"
WALLBOX_PAUSE = "switch.wallbox_pause"
HEAT_PUMP = "number.heat_pump_power"
BOILER = "switch.boiler"
POOL = "switch.pool_pump"
HEATER_POWER = "sensor.boiler_power"


@pytest.fixture
def entry(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, set_power_sensor: SetSensor
) -> MockConfigEntry:
    """A single-phase site, with the devices of a home as real states."""
    mock_config_entry.add_to_hass(hass)
    set_power_sensor(GRID_SENSOR, "2500")
    set_power_sensor(HEATER_POWER, "2000")
    set_power_sensor("sensor.pool_power", "900")
    hass.states.async_set(BOILER, "on")
    hass.states.async_set(POOL, "off")
    hass.states.async_set(WALLBOX_PAUSE, "on")
    hass.states.async_set(
        WALLBOX, "16", {ATTR_UNIT_OF_MEASUREMENT: "A", "min": 6, "max": 32, "step": 1}
    )
    hass.states.async_set(
        HEAT_PUMP, "2000", {ATTR_UNIT_OF_MEASUREMENT: "W", "min": 500, "max": 3000}
    )
    return mock_config_entry


@pytest.fixture
def three_phase_entry(
    hass: HomeAssistant, entry: MockConfigEntry, site_data: dict[str, Any]
) -> MockConfigEntry:
    """The same site on three phases (230 V per phase)."""
    hass.config_entries.async_update_entry(entry, data={**site_data, CONF_PHASES: 3})
    return entry


async def start(hass: HomeAssistant, entry: MockConfigEntry, kind: str) -> FlowResult[Any, Any]:
    """Start adding a load and pick its kind."""
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LOAD), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert_renders(result)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {CONF_LOAD_KIND: kind}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == kind
    assert_renders(result)
    return result


async def add(
    hass: HomeAssistant, entry: MockConfigEntry, kind: str, user_input: dict[str, Any]
) -> FlowResult[Any, Any]:
    """Add a load in one go."""
    result = await start(hass, entry, kind)
    return await hass.config_entries.subentries.async_configure(result["flow_id"], user_input)


def only_load(entry: MockConfigEntry, entity_id: str) -> ConfigSubentry:
    """The load subentry managing `entity_id`."""
    (subentry,) = (s for s in entry.subentries.values() if s.unique_id == entity_id)
    return subentry


def boiler(**overrides: Any) -> dict[str, Any]:
    return {CONF_NAME: "Boiler", CONF_ENTITY: BOILER, CONF_EXPECTED_POWER: 2000, **overrides}


def wallbox(**overrides: Any) -> dict[str, Any]:
    return {CONF_NAME: "Car", CONF_ENTITY: WALLBOX, **overrides}


def heat_pump(**overrides: Any) -> dict[str, Any]:
    return {
        CONF_NAME: "Heat pump",
        CONF_ENTITY: HEAT_PUMP,
        CONF_MIN_SETPOINT: 500,
        CONF_MAX_SETPOINT: 3000,
        **overrides,
    }


async def test_add_switched_load_with_defaults(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """A switched load: the name becomes the title, the entity its unique id."""
    result = await start(hass, entry, KIND_SWITCHED)
    assert CONF_LOAD_PHASE not in form_fields(result)  # one phase: nothing to ask
    assert CONF_LOAD_PHASES not in form_fields(result)
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], boiler())
    assert result["type"] is FlowResultType.CREATE_ENTRY
    subentry = only_load(entry, BOILER)
    assert subentry.title == "Boiler"
    assert subentry.subentry_type == SUBENTRY_LOAD
    assert dict(subentry.data) == {
        CONF_LOAD_KIND: KIND_SWITCHED,
        CONF_ENTITY: BOILER,
        CONF_PRIORITY: 10,
        CONF_EXPECTED_POWER: 2000,
        CONF_NEVER_SHED: False,
        CONF_ABSORB_EXPORT: False,
        CONF_MIN_ON: 0,
        CONF_MIN_OFF: 0,
        CONF_MAX_OFF: 0,
        CONF_AUTO_RESTORE: True,
        CONF_PROTECT_CYCLE: False,
        CONF_RUNNING_THRESHOLD: 10,
        CONF_FAILSAFE_POLICY: "shed",
    }
    assert isinstance(subentry.data[CONF_PRIORITY], int)


async def test_add_switched_load_with_every_option(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    options = {
        CONF_PRIORITY: 3,
        CONF_LOAD_POWER_SENSOR: HEATER_POWER,
        CONF_MIN_ON: 600,
        CONF_MIN_OFF: 300,
        CONF_MAX_OFF: 7200,
        CONF_AUTO_RESTORE: False,
        CONF_PROTECT_CYCLE: True,
        CONF_RUNNING_THRESHOLD: 50,
        CONF_FAILSAFE_POLICY: FAILSAFE_KEEP,
    }
    result = await add(hass, entry, KIND_SWITCHED, boiler(**options))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = only_load(entry, BOILER).data
    assert {key: data[key] for key in options} == options


async def test_blank_name_uses_the_entity(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_NAME: " "}))
    assert only_load(entry, BOILER).title == BOILER


@pytest.mark.parametrize(
    ("entity_id", "attributes"),
    [
        ("climate.heat_pump", {ATTR_SUPPORTED_FEATURES: ClimateEntityFeature.TURN_OFF}),
        ("water_heater.tank", {ATTR_SUPPORTED_FEATURES: WaterHeaterEntityFeature.ON_OFF}),
        ("light.sauna", {}),
        ("input_boolean.dryer", {}),
    ],
)
async def test_switched_domains_that_can_turn_off(
    hass: HomeAssistant, entry: MockConfigEntry, entity_id: str, attributes: dict[str, Any]
) -> None:
    hass.states.async_set(entity_id, "on", attributes)
    result = await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_ENTITY: entity_id}))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert only_load(entry, entity_id).data[CONF_ENTITY] == entity_id


@pytest.mark.parametrize(
    ("entity_id", "attributes", "error"),
    [
        ("switch.missing", None, "entity_not_found"),
        ("climate.old_thermostat", {ATTR_SUPPORTED_FEATURES: 0}, "not_controllable"),
        ("water_heater.old", {}, "not_controllable"),
    ],
)
async def test_switched_entity_errors(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    entity_id: str,
    attributes: dict[str, Any] | None,
    error: str,
) -> None:
    """A missing entity, or one we could not turn off, is refused; fixing it goes on."""
    if attributes is not None:
        hass.states.async_set(entity_id, "heat", attributes)
    result = await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_ENTITY: entity_id}))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_ENTITY: error}
    assert_translated(result, "config_subentries", "load")
    assert form_values(result)[CONF_ENTITY] == entity_id

    result = await hass.config_entries.subentries.async_configure(result["flow_id"], boiler())
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_switched_load_needs_a_power(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Without expected power or a power sensor we could not know what shedding frees."""
    result = await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_EXPECTED_POWER: 0}))
    assert result["errors"] == {"base": "power_required"}
    assert_translated(result, "config_subentries", "load")

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {CONF_NAME: "Boiler", CONF_ENTITY: BOILER, CONF_LOAD_POWER_SENSOR: HEATER_POWER},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert CONF_EXPECTED_POWER not in only_load(entry, BOILER).data


async def test_protecting_a_running_cycle_needs_a_power_sensor(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    result = await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_PROTECT_CYCLE: True}))
    assert result["errors"] == {"base": "cycle_needs_power_sensor"}
    assert_translated(result, "config_subentries", "load")

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        boiler(**{CONF_PROTECT_CYCLE: True, CONF_LOAD_POWER_SENSOR: HEATER_POWER}),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_never_shed_load_takes_no_timings(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    result = await add(
        hass, entry, KIND_SWITCHED, boiler(**{CONF_NEVER_SHED: True, CONF_MAX_OFF: 60})
    )
    assert result["errors"] == {"base": "never_shed_timings"}
    assert_translated(result, "config_subentries", "load")

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], boiler(**{CONF_NEVER_SHED: True})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert only_load(entry, BOILER).data[CONF_NEVER_SHED] is True


async def test_add_ev_charger(hass: HomeAssistant, three_phase_entry: MockConfigEntry) -> None:
    """An EV charger: 6-16 A by default, at the site's voltage, with a pause switch."""
    entry = three_phase_entry
    result = await start(hass, entry, KIND_EV)
    shown = form_values(result)
    assert (shown[CONF_MIN_CURRENT], shown[CONF_MAX_CURRENT]) == (6, 16)
    assert shown[CONF_LOAD_VOLTAGE] == 230
    assert shown[CONF_LOAD_PHASES] == "1"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        wallbox(**{CONF_PAUSE_SWITCH: WALLBOX_PAUSE, CONF_LOAD_PHASES: "3", CONF_PRIORITY: 50}),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = only_load(entry, WALLBOX).data
    assert data[CONF_LOAD_KIND] == KIND_EV
    assert data[CONF_PAUSE_SWITCH] == WALLBOX_PAUSE
    assert (data[CONF_MIN_CURRENT], data[CONF_MAX_CURRENT]) == (6, 16)
    assert data[CONF_LOAD_PHASES] == 3
    assert data[CONF_PRIORITY] == 50


async def test_ev_charger_errors(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Min above max; a range the charger refuses; a number that is not in amps."""
    result = await add(
        hass, entry, KIND_EV, wallbox(**{CONF_MIN_CURRENT: 20, CONF_MAX_CURRENT: 10})
    )
    assert result["errors"] == {CONF_MAX_CURRENT: "min_greater_than_max"}
    assert_translated(result, "config_subentries", "load")

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], wallbox(**{CONF_MAX_CURRENT: 40})
    )
    assert result["errors"] == {CONF_ENTITY: "outside_entity_range"}
    assert_translated(result, "config_subentries", "load")

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], wallbox(**{CONF_ENTITY: HEAT_PUMP})
    )
    assert result["errors"] == {CONF_ENTITY: "wrong_unit"}
    assert_translated(result, "config_subentries", "load")

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], wallbox(**{CONF_ENTITY: "number.gone"})
    )
    assert result["errors"] == {CONF_ENTITY: "entity_not_found"}

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], wallbox(**{CONF_MAX_CURRENT: 32})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_add_modulated_load_in_watts(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    result = await add(hass, entry, KIND_MODULATED, heat_pump(**{CONF_SETPOINT_STEP: 100}))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = only_load(entry, HEAT_PUMP).data
    assert data[CONF_SETPOINT_UNIT] == UNIT_WATT
    assert (data[CONF_MIN_SETPOINT], data[CONF_MAX_SETPOINT], data[CONF_SETPOINT_STEP]) == (
        500,
        3000,
        100,
    )
    assert CONF_PAUSE_SWITCH not in data


async def test_add_modulated_load_in_amps_without_unit(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """A number without a unit or range of its own is taken as the user says."""
    hass.states.async_set("input_number.heater_amps", "10")
    result = await add(
        hass,
        entry,
        KIND_MODULATED,
        heat_pump(
            **{
                CONF_ENTITY: "input_number.heater_amps",
                CONF_SETPOINT_UNIT: UNIT_AMPERE,
                CONF_MIN_SETPOINT: 0,
                CONF_MAX_SETPOINT: 13,
            }
        ),
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert only_load(entry, "input_number.heater_amps").data[CONF_SETPOINT_UNIT] == UNIT_AMPERE


async def test_modulated_load_errors(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    result = await add(
        hass, entry, KIND_MODULATED, heat_pump(**{CONF_MIN_SETPOINT: 3000, CONF_MAX_SETPOINT: 1000})
    )
    assert result["errors"] == {CONF_MAX_SETPOINT: "min_greater_than_max"}

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], heat_pump(**{CONF_MIN_SETPOINT: 100})
    )
    assert result["errors"] == {CONF_ENTITY: "outside_entity_range"}

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], heat_pump(**{CONF_SETPOINT_UNIT: UNIT_AMPERE})
    )
    assert result["errors"] == {CONF_ENTITY: "wrong_unit"}
    assert_translated(result, "config_subentries", "load")


async def test_single_phase_site_asks_no_phases(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    """On one phase every load is on it: neither the phase nor the phase count is asked."""
    result = await start(hass, entry, KIND_EV)
    assert not {CONF_LOAD_PHASE, CONF_LOAD_PHASES} & form_fields(result)
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], wallbox())
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert not {CONF_LOAD_PHASE, CONF_LOAD_PHASES} & set(only_load(entry, WALLBOX).data)


async def test_split_phase_site_offers_both_legs(
    hass: HomeAssistant, entry: MockConfigEntry, site_data: dict[str, Any]
) -> None:
    """Two legs (split phase): a 240 V load spans both, a 120 V one sits on one leg."""
    hass.config_entries.async_update_entry(
        entry, data={**site_data, CONF_PHASES: 2, CONF_VOLTAGE: 120}
    )
    result = await start(hass, entry, KIND_EV)
    assert form_values(result)[CONF_LOAD_VOLTAGE] == 120
    phases_select = next(
        validator
        for marker, validator in result["data_schema"].schema.items()
        if str(marker) == CONF_LOAD_PHASES
    )
    assert phases_select.config["options"] == ["1", "2"]
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], wallbox(**{CONF_LOAD_PHASES: "2"})
    )
    assert only_load(entry, WALLBOX).data[CONF_LOAD_PHASES] == 2


async def test_multi_phase_site_asks_the_phase(
    hass: HomeAssistant, three_phase_entry: MockConfigEntry
) -> None:
    """On a 3-phase site a load says which phase it is on (and how many it uses)."""
    result = await start(hass, three_phase_entry, KIND_SWITCHED)
    assert {CONF_LOAD_PHASE, CONF_LOAD_PHASES} <= form_fields(result)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], boiler(**{CONF_LOAD_PHASE: "2"})
    )
    data = only_load(three_phase_entry, BOILER).data
    assert (data[CONF_LOAD_PHASE], data[CONF_LOAD_PHASES]) == (2, 1)


async def test_an_entity_belongs_to_one_load(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Controlled entities and load power sensors are used once; the site sensor never."""
    await add(
        hass,
        entry,
        KIND_EV,
        wallbox(**{CONF_PAUSE_SWITCH: WALLBOX_PAUSE, CONF_LOAD_POWER_SENSOR: HEATER_POWER}),
    )

    result = await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_ENTITY: WALLBOX_PAUSE}))
    assert result["errors"] == {CONF_ENTITY: "entity_in_use"}
    assert_translated(result, "config_subentries", "load")

    result = await add(hass, entry, KIND_EV, wallbox())
    assert result["errors"] == {CONF_ENTITY: "entity_in_use"}

    result = await add(hass, entry, KIND_MODULATED, heat_pump(**{CONF_PAUSE_SWITCH: WALLBOX_PAUSE}))
    assert result["errors"] == {CONF_PAUSE_SWITCH: "entity_in_use"}

    result = await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_LOAD_POWER_SENSOR: HEATER_POWER}))
    assert result["errors"] == {CONF_LOAD_POWER_SENSOR: "entity_in_use"}

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], boiler(**{CONF_LOAD_POWER_SENSOR: GRID_SENSOR})
    )
    assert result["errors"] == {CONF_LOAD_POWER_SENSOR: "entity_is_source"}
    assert_translated(result, "config_subentries", "load")
    assert len(entry.subentries) == 1


@pytest.mark.parametrize(
    ("sensor", "error"),
    [
        ("sensor.boiler_energy", "wrong_device_class"),
        ("sensor.nowhere", "entity_not_found"),
    ],
)
async def test_load_power_sensor_errors(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    set_power_sensor: SetSensor,
    sensor: str,
    error: str,
) -> None:
    set_power_sensor("sensor.boiler_energy", "12.5", unit="kWh", device_class="energy")
    result = await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_LOAD_POWER_SENSOR: sensor}))
    assert result["errors"] == {CONF_LOAD_POWER_SENSOR: error}


async def test_pause_switch_must_exist(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    result = await add(hass, entry, KIND_EV, wallbox(**{CONF_PAUSE_SWITCH: "switch.gone"}))
    assert result["errors"] == {CONF_PAUSE_SWITCH: "entity_not_found"}


async def test_reconfigure_load(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Reconfigure shows the stored values and updates title, data and unique id."""
    await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_PRIORITY: 5, CONF_MIN_OFF: 120}))
    subentry = only_load(entry, BOILER)
    result = await start_subentry_reconfigure(hass, entry, subentry.subentry_id)
    assert result["step_id"] == KIND_SWITCHED
    shown = form_values(result)
    assert (shown[CONF_NAME], shown[CONF_ENTITY], shown[CONF_PRIORITY], shown[CONF_MIN_OFF]) == (
        "Boiler",
        BOILER,
        5,
        120,
    )

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], boiler(**{CONF_NAME: "Pool pump", CONF_ENTITY: POOL, CONF_PRIORITY: 7})
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert_translated(result, "config_subentries", "load")
    updated = entry.subentries[subentry.subentry_id]
    assert (updated.title, updated.unique_id) == ("Pool pump", POOL)
    assert updated.data[CONF_ENTITY] == POOL
    assert updated.data[CONF_PRIORITY] == 7
    assert updated.data[CONF_MIN_OFF] == 0


async def test_reconfigure_keeps_its_own_entities_and_refuses_others(
    hass: HomeAssistant, three_phase_entry: MockConfigEntry
) -> None:
    entry = three_phase_entry
    await add(hass, entry, KIND_SWITCHED, boiler(**{CONF_LOAD_PHASE: "3"}))
    await add(
        hass,
        entry,
        KIND_EV,
        wallbox(**{CONF_PAUSE_SWITCH: WALLBOX_PAUSE, CONF_LOAD_PHASES: "3"}),
    )
    subentry = only_load(entry, WALLBOX)
    result = await start_subentry_reconfigure(hass, entry, subentry.subentry_id)
    assert result["step_id"] == KIND_EV
    assert form_values(result)[CONF_LOAD_PHASES] == "3"  # ints shown as the select's strings
    assert form_values(result)[CONF_PAUSE_SWITCH] == WALLBOX_PAUSE

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], wallbox(**{CONF_PAUSE_SWITCH: BOILER})
    )
    assert result["errors"] == {CONF_PAUSE_SWITCH: "entity_in_use"}

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        wallbox(**{CONF_PAUSE_SWITCH: WALLBOX_PAUSE, CONF_MAX_CURRENT: 32, CONF_LOAD_VOLTAGE: 240}),
    )
    assert result["reason"] == "reconfigure_successful"
    data = entry.subentries[subentry.subentry_id].data
    assert (data[CONF_MAX_CURRENT], data[CONF_LOAD_VOLTAGE], data[CONF_LOAD_PHASES]) == (32, 240, 1)
    assert entry.subentries[subentry.subentry_id].unique_id == WALLBOX
