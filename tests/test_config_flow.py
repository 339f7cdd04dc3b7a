"""Config flow of the site (user, reconfigure) and the options flow."""

from __future__ import annotations

import json
import re
from typing import Any
from unittest.mock import AsyncMock

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_CONTINUOUS_ENABLED,
    CONF_CONTINUOUS_GRACE,
    CONF_EXPORT_NEGATIVE,
    CONF_EXPORT_POSSIBLE,
    CONF_LIMIT_TYPE,
    CONF_LOAD_POWER_SENSOR,
    CONF_MODE,
    CONF_NAME,
    CONF_OVERRIDE,
    CONF_PANEL_LIMIT_W,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_PHASES,
    CONF_POWER_SENSOR,
    CONF_RESTORE_HOLDOFF,
    CONF_RESTORE_INTERVAL,
    CONF_RESTORE_PCT,
    CONF_SHED_PCT,
    CONF_SOURCE_TYPE,
    CONF_STALE_TIMEOUT,
    CONF_TARGET_PCT,
    CONF_VOLTAGE,
    DEFAULT_NAME,
    DEFAULT_OPTIONS,
    DOMAIN,
    LIMIT_BREAKER,
    LIMIT_WATTS,
    MEASURE_CURRENT,
    MEASURE_POWER,
    MODE_MONITOR,
    SOURCE_PER_PHASE,
    SOURCE_SINGLE,
    SUBENTRY_LOAD,
)
from tests.helpers import (
    GRID_SENSOR,
    INTEGRATION_DIR,
    STRINGS,
    SetSensor,
    assert_renders,
    assert_translated,
    form_fields,
    form_values,
)

pytestmark = pytest.mark.usefixtures("mock_setup_entry")

DEFAULT_SECTIONS: dict[str, Any] = {"thresholds": {}, "timings": {}}


def site(**overrides: Any) -> dict[str, Any]:
    """Input of the first step."""
    return {
        CONF_NAME: "Home",
        CONF_SOURCE_TYPE: SOURCE_SINGLE,
        CONF_LIMIT_TYPE: LIMIT_BREAKER,
        CONF_PHASES: 1,
        CONF_VOLTAGE: 230,
        **overrides,
    }


async def start(hass: HomeAssistant, **overrides: Any) -> FlowResult[Any, Any]:
    """Start a user flow and submit the first step."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert not result["errors"]
    assert_renders(result)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], site(**overrides))
    assert_renders(result)
    return result


async def test_single_sensor_breaker(
    hass: HomeAssistant, set_power_sensor: SetSensor, mock_setup_entry: AsyncMock
) -> None:
    """The default path: one sensor, a breaker, default thresholds and timings."""
    set_power_sensor(GRID_SENSOR, "1830")
    result = await start(hass)
    assert result["step_id"] == "source_single"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: False}
    )
    assert result["step_id"] == "limit_breaker"
    assert form_values(result)[CONF_SHED_PCT] == 95
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_BREAKER_A: 32, CONF_CONTINUOUS_ENABLED: True, **DEFAULT_SECTIONS}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Home"
    assert result["data"] == {
        CONF_NAME: "Home",
        CONF_SOURCE_TYPE: SOURCE_SINGLE,
        CONF_LIMIT_TYPE: LIMIT_BREAKER,
        CONF_PHASES: 1,
        CONF_VOLTAGE: 230.0,
        CONF_POWER_SENSOR: GRID_SENSOR,
        CONF_EXPORT_NEGATIVE: False,
        CONF_EXPORT_POSSIBLE: True,  # the default: most homes with a meter can export
        CONF_BREAKER_A: 32.0,
        CONF_PANEL_LIMIT_W: 32 * 230.0,
        CONF_CONTINUOUS_ENABLED: True,
        CONF_CONTINUOUS_GRACE: 10800.0,
    }
    assert result["options"] == DEFAULT_OPTIONS
    assert result["result"].unique_id == GRID_SENSOR
    assert len(mock_setup_entry.mock_calls) == 1


async def test_phase_currents_watts_and_own_thresholds(
    hass: HomeAssistant, set_current_sensor: SetSensor
) -> None:
    """Three current sensors, a limit in watts, thresholds and timings chosen by the user."""
    sensors = [set_current_sensor(f"sensor.l{phase}_current") for phase in (1, 2, 3)]
    result = await start(
        hass,
        **{CONF_SOURCE_TYPE: SOURCE_PER_PHASE, CONF_LIMIT_TYPE: LIMIT_WATTS, CONF_PHASES: 3},
    )
    assert result["step_id"] == "source_phases"
    assert {"phase_1", "phase_2", "phase_3"} <= form_fields(result)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PHASE_MEASUREMENT: MEASURE_CURRENT,
            "phase_1": sensors[0],
            "phase_2": sensors[1],
            "phase_3": sensors[2],
            CONF_EXPORT_NEGATIVE: True,
        },
    )
    assert result["step_id"] == "limit_watts"
    timings = {
        CONF_RESTORE_HOLDOFF: 120,
        CONF_RESTORE_INTERVAL: 45,
        CONF_STALE_TIMEOUT: 30,
        CONF_OVERRIDE: 600,
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PANEL_LIMIT_W: 11000,
            CONF_CONTINUOUS_ENABLED: False,
            CONF_CONTINUOUS_GRACE: 600,
            "thresholds": {CONF_SHED_PCT: 100, CONF_TARGET_PCT: 92, CONF_RESTORE_PCT: 80},
            "timings": timings,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_PHASE_SENSORS] == sensors
    assert result["data"][CONF_PHASE_MEASUREMENT] == MEASURE_CURRENT
    assert result["data"][CONF_PANEL_LIMIT_W] == 11000
    assert result["data"][CONF_CONTINUOUS_GRACE] == 600
    assert CONF_POWER_SENSOR not in result["data"]
    assert result["options"] == {
        **DEFAULT_OPTIONS,
        CONF_SHED_PCT: 100,
        CONF_TARGET_PCT: 92,
        CONF_RESTORE_PCT: 80,
        **timings,
    }
    assert result["result"].unique_id == ",".join(sorted(sensors))


async def test_blank_name_gets_the_default(
    hass: HomeAssistant, set_power_sensor: SetSensor
) -> None:
    set_power_sensor()
    result = await start(hass, **{CONF_NAME: "   ", CONF_LIMIT_TYPE: LIMIT_WATTS})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PANEL_LIMIT_W: 7200,
            CONF_CONTINUOUS_ENABLED: False,
            CONF_CONTINUOUS_GRACE: 0,
            **DEFAULT_SECTIONS,
        },
    )
    assert result["title"] == DEFAULT_NAME


@pytest.mark.parametrize(
    ("state", "attributes", "error"),
    [
        (None, {}, "entity_not_found"),
        ("1200", {"unit": "W", "device_class": "energy"}, "wrong_device_class"),
        ("1200", {"unit": "W", "device_class": None}, "wrong_device_class"),
        ("1200", {"unit": "Wh"}, "wrong_unit"),
        ("1200", {"unit": None}, "wrong_unit"),
        ("high", {}, "not_numeric"),
    ],
)
async def test_single_sensor_errors(
    hass: HomeAssistant,
    set_power_sensor: SetSensor,
    state: str | None,
    attributes: dict[str, Any],
    error: str,
) -> None:
    """A bad sensor is refused with a translated error, and the flow goes on once fixed."""
    if state is not None:
        set_power_sensor("sensor.bad", state, **attributes)
    result = await start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: "sensor.bad", CONF_EXPORT_NEGATIVE: True}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "source_single"
    assert result["errors"] == {CONF_POWER_SENSOR: error}
    assert_translated(result)
    assert form_values(result)[CONF_POWER_SENSOR] == "sensor.bad"

    set_power_sensor(GRID_SENSOR, "-350", unit="kW")
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True}
    )
    assert result["step_id"] == "limit_breaker"


@pytest.mark.parametrize("state", ["unavailable", "unknown"])
async def test_offline_sensor_is_accepted(
    hass: HomeAssistant, set_power_sensor: SetSensor, state: str
) -> None:
    """A meter offline during setup is fine: the runtime failsafe handles missing data."""
    set_power_sensor(GRID_SENSOR, state)
    result = await start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True}
    )
    assert result["step_id"] == "limit_breaker"


async def test_phase_sensor_errors(
    hass: HomeAssistant, set_power_sensor: SetSensor, set_current_sensor: SetSensor
) -> None:
    """Each phase field gets its own error; current and power sensors are not mixed up."""
    power = set_power_sensor("sensor.l1_power", "800")
    current = set_current_sensor("sensor.l2_current")
    milliamps = set_current_sensor("sensor.l3_current", "500", unit="mA")
    result = await start(hass, **{CONF_SOURCE_TYPE: SOURCE_PER_PHASE, CONF_PHASES: 3})

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PHASE_MEASUREMENT: MEASURE_CURRENT,
            "phase_1": power,
            "phase_2": current,
            "phase_3": milliamps,
            CONF_EXPORT_NEGATIVE: True,
        },
    )
    assert result["errors"] == {"phase_1": "wrong_device_class", "phase_3": "wrong_unit"}
    assert_translated(result)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PHASE_MEASUREMENT: MEASURE_POWER,
            "phase_1": power,
            "phase_2": power,
            "phase_3": current,
            CONF_EXPORT_NEGATIVE: True,
        },
    )
    assert result["errors"] == {"phase_2": "duplicate_sensor", "phase_3": "wrong_device_class"}
    assert_translated(result)


@pytest.mark.parametrize(
    ("limit_type", "limit_input", "field"),
    [
        (LIMIT_BREAKER, {CONF_BREAKER_A: 0}, CONF_BREAKER_A),
        (LIMIT_WATTS, {CONF_PANEL_LIMIT_W: 0}, CONF_PANEL_LIMIT_W),
    ],
)
async def test_limit_must_be_positive(
    hass: HomeAssistant,
    set_power_sensor: SetSensor,
    limit_type: str,
    limit_input: dict[str, Any],
    field: str,
) -> None:
    set_power_sensor()
    result = await start(hass, **{CONF_LIMIT_TYPE: limit_type})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True}
    )
    limit = {CONF_CONTINUOUS_ENABLED: False, CONF_CONTINUOUS_GRACE: 0, **DEFAULT_SECTIONS}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**limit, **limit_input}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: "limit_not_positive"}
    assert_translated(result)

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {**limit, field: 10})
    assert result["type"] is FlowResultType.CREATE_ENTRY


@pytest.mark.parametrize(
    "thresholds",
    [
        {CONF_SHED_PCT: 95, CONF_TARGET_PCT: 90, CONF_RESTORE_PCT: 91},
        {CONF_SHED_PCT: 90, CONF_TARGET_PCT: 90, CONF_RESTORE_PCT: 85},
        {CONF_SHED_PCT: 80, CONF_TARGET_PCT: 90, CONF_RESTORE_PCT: 70},
    ],
)
async def test_thresholds_out_of_order(
    hass: HomeAssistant, set_power_sensor: SetSensor, thresholds: dict[str, float]
) -> None:
    set_power_sensor()
    result = await start(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_BREAKER_A: 25,
            CONF_CONTINUOUS_ENABLED: False,
            CONF_CONTINUOUS_GRACE: 0,
            "thresholds": thresholds,
            "timings": {},
        },
    )
    assert result["errors"] == {"base": "thresholds_order"}
    assert_translated(result)
    assert form_values(result)[CONF_RESTORE_PCT] == thresholds[CONF_RESTORE_PCT]


async def test_same_source_twice_aborts(
    hass: HomeAssistant, set_power_sensor: SetSensor, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    set_power_sensor()
    result = await start(hass, **{CONF_NAME: "Again"})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert_translated(result)


async def test_same_phase_sensors_in_another_order_abort(
    hass: HomeAssistant, set_power_sensor: SetSensor
) -> None:
    sensors = [set_power_sensor(f"sensor.l{phase}_power") for phase in (1, 2)]
    MockConfigEntry(domain=DOMAIN, unique_id=",".join(sensors)).add_to_hass(hass)
    result = await start(hass, **{CONF_SOURCE_TYPE: SOURCE_PER_PHASE, CONF_PHASES: 2})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PHASE_MEASUREMENT: MEASURE_POWER,
            "phase_1": sensors[1],
            "phase_2": sensors[0],
            CONF_EXPORT_NEGATIVE: True,
        },
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_to_phase_sensors_and_watts(
    hass: HomeAssistant,
    set_power_sensor: SetSensor,
    mock_config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Reconfigure replaces the site data, keeps the options, and reloads the entry."""
    mock_config_entry.add_to_hass(hass)
    sensors = [set_power_sensor(f"sensor.l{phase}_power") for phase in (1, 2, 3)]
    result = await mock_config_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    assert form_values(result)[CONF_NAME] == "Home"
    assert form_values(result)[CONF_LIMIT_TYPE] == LIMIT_BREAKER

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        site(
            **{
                CONF_NAME: "Cabin",
                CONF_SOURCE_TYPE: SOURCE_PER_PHASE,
                CONF_LIMIT_TYPE: LIMIT_WATTS,
                CONF_PHASES: 3,
                CONF_VOLTAGE: 240,
            }
        ),
    )
    assert result["step_id"] == "source_phases"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PHASE_MEASUREMENT: MEASURE_POWER,
            "phase_1": sensors[0],
            "phase_2": sensors[1],
            "phase_3": sensors[2],
            CONF_EXPORT_NEGATIVE: True,
        },
    )
    assert result["step_id"] == "limit_watts"
    assert "thresholds" not in form_fields(result)
    assert CONF_PANEL_LIMIT_W not in form_values(result)  # the old limit was in amps
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_PANEL_LIMIT_W: 17000, CONF_CONTINUOUS_ENABLED: True, CONF_CONTINUOUS_GRACE: 60},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert_translated(result)
    await hass.async_block_till_done()

    assert mock_config_entry.title == "Cabin"
    assert mock_config_entry.unique_id == ",".join(sorted(sensors))
    assert mock_config_entry.data[CONF_PHASE_SENSORS] == sensors
    assert mock_config_entry.data[CONF_PANEL_LIMIT_W] == 17000
    assert mock_config_entry.data[CONF_VOLTAGE] == 240
    assert CONF_POWER_SENSOR not in mock_config_entry.data
    assert CONF_BREAKER_A not in mock_config_entry.data
    assert mock_config_entry.options == DEFAULT_OPTIONS
    assert len(mock_setup_entry.mock_calls) == 1


async def test_reconfigure_same_source_prefilled(
    hass: HomeAssistant,
    set_power_sensor: SetSensor,
    mock_config_entry: MockConfigEntry,
) -> None:
    """Keeping the source is not a duplicate; every form shows the stored values."""
    mock_config_entry.add_to_hass(hass)
    set_power_sensor()
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], site(**{CONF_PHASES: 3})
    )
    assert form_values(result)[CONF_POWER_SENSOR] == GRID_SENSOR
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True}
    )
    assert result["step_id"] == "limit_breaker"
    assert form_values(result)[CONF_BREAKER_A] == 25
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_BREAKER_A: 25, CONF_CONTINUOUS_ENABLED: False, CONF_CONTINUOUS_GRACE: 0},
    )
    assert result["reason"] == "reconfigure_successful"
    assert mock_config_entry.unique_id == GRID_SENSOR
    assert mock_config_entry.data[CONF_PANEL_LIMIT_W] == 25 * 230 * 3


async def test_a_site_that_cannot_export_is_stored(
    hass: HomeAssistant, set_power_sensor: SetSensor
) -> None:
    """The "can export" switch sits beside the sign of export (on by default) and is stored."""
    set_power_sensor()
    result = await start(hass, **{CONF_LIMIT_TYPE: LIMIT_WATTS})
    assert {CONF_EXPORT_NEGATIVE, CONF_EXPORT_POSSIBLE} <= form_fields(result)
    assert form_values(result)[CONF_EXPORT_POSSIBLE] is True
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True, CONF_EXPORT_POSSIBLE: False},
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PANEL_LIMIT_W: 7200,
            CONF_CONTINUOUS_ENABLED: False,
            CONF_CONTINUOUS_GRACE: 0,
            **DEFAULT_SECTIONS,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_EXPORT_POSSIBLE] is False


async def test_reconfigure_shows_and_changes_whether_the_site_can_export(
    hass: HomeAssistant, set_power_sensor: SetSensor, site_data: dict[str, Any]
) -> None:
    set_power_sensor()
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        data={**site_data, CONF_EXPORT_POSSIBLE: False},
        unique_id=GRID_SENSOR,
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], site())
    assert form_values(result)[CONF_EXPORT_POSSIBLE] is False  # as stored
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_POWER_SENSOR: GRID_SENSOR, CONF_EXPORT_NEGATIVE: True, CONF_EXPORT_POSSIBLE: True},
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_BREAKER_A: 25, CONF_CONTINUOUS_ENABLED: False, CONF_CONTINUOUS_GRACE: 0},
    )
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_EXPORT_POSSIBLE] is True


async def test_phase_sensors_ask_whether_the_site_can_export(
    hass: HomeAssistant, set_power_sensor: SetSensor
) -> None:
    sensors = [set_power_sensor(f"sensor.l{phase}_power") for phase in (1, 2)]
    result = await start(hass, **{CONF_SOURCE_TYPE: SOURCE_PER_PHASE, CONF_PHASES: 2})
    assert CONF_EXPORT_POSSIBLE in form_fields(result)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PHASE_MEASUREMENT: MEASURE_POWER,
            "phase_1": sensors[0],
            "phase_2": sensors[1],
            CONF_EXPORT_NEGATIVE: True,
            CONF_EXPORT_POSSIBLE: False,
        },
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_BREAKER_A: 25, CONF_CONTINUOUS_ENABLED: False, **DEFAULT_SECTIONS},
    )
    assert result["data"][CONF_EXPORT_POSSIBLE] is False


async def test_reconfigure_phases_prefilled(
    hass: HomeAssistant, set_power_sensor: SetSensor
) -> None:
    sensors = [set_power_sensor(f"sensor.l{phase}_power") for phase in (1, 2)]
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=",".join(sensors),
        data={
            CONF_NAME: "Home",
            CONF_SOURCE_TYPE: SOURCE_PER_PHASE,
            CONF_PHASE_SENSORS: sensors,
            CONF_PHASE_MEASUREMENT: MEASURE_POWER,
            CONF_PHASES: 2,
        },
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], site(**{CONF_SOURCE_TYPE: SOURCE_PER_PHASE, CONF_PHASES: 2})
    )
    assert form_values(result)["phase_1"] == sensors[0]
    assert form_values(result)["phase_2"] == sensors[1]


async def test_reconfigure_to_a_source_of_another_entry_aborts(
    hass: HomeAssistant, set_power_sensor: SetSensor, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    other = set_power_sensor("sensor.other_grid")
    MockConfigEntry(domain=DOMAIN, unique_id=other).add_to_hass(hass)
    result = await mock_config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], site())
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: other, CONF_EXPORT_NEGATIVE: True}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_config_entry.data[CONF_POWER_SENSOR] == GRID_SENSOR


async def test_reconfigure_to_a_load_power_sensor_is_refused(
    hass: HomeAssistant, set_power_sensor: SetSensor, site_data: dict[str, Any]
) -> None:
    """A sensor measuring one load cannot become the site's power source."""
    set_power_sensor()
    heater_power = set_power_sensor("sensor.heater_power")
    entry = MockConfigEntry(
        domain=DOMAIN,
        data=site_data,
        unique_id=GRID_SENSOR,
        subentries_data=[
            ConfigSubentryData(
                data={CONF_LOAD_POWER_SENSOR: heater_power, "entity_id": "switch.heater"},
                subentry_type=SUBENTRY_LOAD,
                title="Heater",
                unique_id="switch.heater",
            )
        ],
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], site())
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_POWER_SENSOR: heater_power, CONF_EXPORT_NEGATIVE: True}
    )
    assert result["errors"] == {CONF_POWER_SENSOR: "entity_in_use"}
    assert_translated(result)


async def test_options_flow(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> None:
    """The options form shows the current settings and stores the new ones."""
    mock_config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        mock_config_entry, options={**DEFAULT_OPTIONS, CONF_SHED_PCT: 98, "kept": 1}
    )
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    assert result["step_id"] == "init"
    assert form_values(result)[CONF_SHED_PCT] == 98
    assert form_values(result)[CONF_STALE_TIMEOUT] == 60

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_MODE: MODE_MONITOR,
            "thresholds": {CONF_SHED_PCT: 100, CONF_TARGET_PCT: 95, CONF_RESTORE_PCT: 95},
            "timings": {CONF_STALE_TIMEOUT: 20},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_config_entry.options == {
        **DEFAULT_OPTIONS,
        CONF_MODE: MODE_MONITOR,
        CONF_SHED_PCT: 100,
        CONF_TARGET_PCT: 95,
        CONF_RESTORE_PCT: 95,
        CONF_STALE_TIMEOUT: 20,
        "kept": 1,
    }


async def test_options_flow_thresholds_out_of_order(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    mock_config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(mock_config_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_MODE: MODE_MONITOR,
            "thresholds": {CONF_SHED_PCT: 90, CONF_TARGET_PCT: 95, CONF_RESTORE_PCT: 85},
            "timings": {},
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "thresholds_order"}
    assert_translated(result, "options")
    assert mock_config_entry.options == DEFAULT_OPTIONS


def resolve_references(node: Any, root: dict[str, Any]) -> Any:
    """Replace [%key:component::capacity_manager::a::b%] with the text it points to."""
    if isinstance(node, dict):
        return {key: resolve_references(value, root) for key, value in node.items()}
    if match := re.fullmatch(r"\[%key:component::capacity_manager::(.+)%\]", node):
        target: Any = root
        for part in match.group(1).split("::"):
            target = target[part]
        return resolve_references(target, root)
    assert "[%key:" not in node, f"unresolvable reference {node}"
    return node


def test_english_translation_matches_strings() -> None:
    """translations/en.json is what Home Assistant shows: strings.json with references resolved."""
    english = json.loads((INTEGRATION_DIR / "translations" / "en.json").read_text())
    assert english == resolve_references(STRINGS, STRINGS)
