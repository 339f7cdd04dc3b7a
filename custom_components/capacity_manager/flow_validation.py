"""Checks shared by the config, options and load flows.

Each check returns the translation key of an error (see strings.json `config.error`) or None.
A sensor that is unavailable or unknown while the user sets things up is accepted (a meter may be
offline for a moment; the runtime's failsafe covers it), but its device class and unit must fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.components.climate.const import ClimateEntityFeature
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.components.water_heater import WaterHeaterEntityFeature
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_SUPPORTED_FEATURES,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfElectricCurrent,
    UnitOfPower,
)
from homeassistant.core import HomeAssistant, split_entity_id

from .const import (
    CONF_BREAKER_A,
    CONF_ENTITY,
    CONF_LIMIT_TYPE,
    CONF_LOAD_POWER_SENSOR,
    CONF_MODBUS,
    CONF_PANEL_LIMIT_W,
    CONF_PAUSE_SWITCH,
    CONF_PHASE_SENSORS,
    CONF_PHASES,
    CONF_POWER_SENSOR,
    CONF_RESTORE_PCT,
    CONF_SHED_PCT,
    CONF_SOURCE_TYPE,
    CONF_TARGET_PCT,
    CONF_VOLTAGE,
    LIMIT_BREAKER,
    SOURCE_MODBUS,
    SOURCE_SINGLE,
    SUBENTRY_LOAD,
)
from .sources.modbus import Transport

ERROR_NOT_FOUND = "entity_not_found"
ERROR_NOT_NUMERIC = "not_numeric"
ERROR_DEVICE_CLASS = "wrong_device_class"
ERROR_UNIT = "wrong_unit"
ERROR_LIMIT = "limit_not_positive"
ERROR_THRESHOLDS = "thresholds_order"
ERROR_DUPLICATE_SENSOR = "duplicate_sensor"
ERROR_NOT_CONTROLLABLE = "not_controllable"
ERROR_IN_USE = "entity_in_use"
ERROR_IS_SOURCE = "entity_is_source"
ERROR_MIN_MAX = "min_greater_than_max"
ERROR_ENTITY_RANGE = "outside_entity_range"
ERROR_NEVER_SHED_TIMINGS = "never_shed_timings"
ERROR_POWER_REQUIRED = "power_required"
ERROR_CYCLE_NEEDS_SENSOR = "cycle_needs_power_sensor"

POWER_UNITS = frozenset({UnitOfPower.WATT, UnitOfPower.KILO_WATT})
CURRENT_UNITS = frozenset({UnitOfElectricCurrent.AMPERE})

# Domains that must advertise an off command to be switched by us.
_REQUIRED_FEATURES: dict[str, int] = {
    "climate": ClimateEntityFeature.TURN_OFF,
    "water_heater": WaterHeaterEntityFeature.ON_OFF,
}


def sensor_error(hass: HomeAssistant, entity_id: str, *, current: bool = False) -> str | None:
    """Check a power sensor (W/kW) or, with `current`, a current sensor (A)."""
    if (state := hass.states.get(entity_id)) is None:
        return ERROR_NOT_FOUND
    device_class = SensorDeviceClass.CURRENT if current else SensorDeviceClass.POWER
    if state.attributes.get(ATTR_DEVICE_CLASS) != device_class:
        return ERROR_DEVICE_CLASS
    if state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) not in (
        CURRENT_UNITS if current else POWER_UNITS
    ):
        return ERROR_UNIT
    if state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return None
    try:
        float(state.state)
    except ValueError:
        return ERROR_NOT_NUMERIC
    return None


def controllable_error(hass: HomeAssistant, entity_id: str) -> str | None:
    """Check that an entity exists and can be turned off (the selector checks its domain)."""
    if (state := hass.states.get(entity_id)) is None:
        return ERROR_NOT_FOUND
    required = _REQUIRED_FEATURES.get(split_entity_id(entity_id)[0])
    if required is not None and not state.attributes.get(ATTR_SUPPORTED_FEATURES, 0) & required:
        return ERROR_NOT_CONTROLLABLE
    return None


def setpoint_error(
    hass: HomeAssistant, entity_id: str, minimum: float, maximum: float, unit: str
) -> str | None:
    """Check a number entity used as a setpoint in `unit`.

    Its unit, when it has one, must be `unit`; [minimum, maximum] must lie within the entity's
    own range, so every setpoint we send is accepted.
    """
    if (state := hass.states.get(entity_id)) is None:
        return ERROR_NOT_FOUND
    attributes = state.attributes
    if attributes.get(ATTR_UNIT_OF_MEASUREMENT, unit) != unit:
        return ERROR_UNIT
    low, high = attributes.get("min"), attributes.get("max")
    if (isinstance(low, int | float) and minimum < low) or (
        isinstance(high, int | float) and maximum > high
    ):
        return ERROR_ENTITY_RANGE
    return None


def thresholds_error(values: Mapping[str, Any]) -> str | None:
    """Thresholds must satisfy restore <= target < shed."""
    if values[CONF_RESTORE_PCT] <= values[CONF_TARGET_PCT] < values[CONF_SHED_PCT]:
        return None
    return ERROR_THRESHOLDS


def panel_limit_w(data: Mapping[str, Any]) -> float:
    """The panel limit in W from the limit fields of entry data."""
    if data[CONF_LIMIT_TYPE] == LIMIT_BREAKER:
        return float(data[CONF_BREAKER_A] * data[CONF_VOLTAGE] * data[CONF_PHASES])
    return float(data[CONF_PANEL_LIMIT_W])


def source_entities(data: Mapping[str, Any]) -> list[str]:
    """The site power sensors of entry data, in phase order (none for a Modbus meter)."""
    if data[CONF_SOURCE_TYPE] == SOURCE_SINGLE:
        return [data[CONF_POWER_SENSOR]]
    if data[CONF_SOURCE_TYPE] == SOURCE_MODBUS:
        return []
    return list(data[CONF_PHASE_SENSORS])


def meter_unique_id(meter: Mapping[str, Any]) -> str:
    """host:port:unit (serial: port:unit), so one meter is configured once."""
    unit = int(meter.get("unit_id", 1))
    if meter.get("transport") == Transport.SERIAL:
        return f"{str(meter.get('serial_port', '')).strip()}:{unit}"
    return f"{str(meter.get('host', '')).strip().lower()}:{int(meter.get('port', 502))}:{unit}"


def source_unique_id(data: Mapping[str, Any]) -> str:
    """The entry's unique id: its sensors, order-free, or its meter, so a source is set up once."""
    if data[CONF_SOURCE_TYPE] == SOURCE_MODBUS:
        return meter_unique_id(data[CONF_MODBUS])
    return ",".join(sorted(source_entities(data)))


def load_entities(entry: ConfigEntry, *, exclude: str | None = None) -> tuple[set[str], set[str]]:
    """Entities used by the entry's loads: (controlled entities, power sensors).

    `exclude` is a subentry id left out (the load being reconfigured).
    """
    controlled: set[str] = set()
    sensors: set[str] = set()
    for subentry_id, subentry in entry.subentries.items():
        if subentry.subentry_type != SUBENTRY_LOAD or subentry_id == exclude:
            continue
        data = subentry.data
        controlled.update(
            entity for key in (CONF_ENTITY, CONF_PAUSE_SWITCH) if (entity := data.get(key))
        )
        if sensor := data.get(CONF_LOAD_POWER_SENSOR):
            sensors.add(sensor)
    return controlled, sensors
