"""Form schemas of the site config flow and the options flow (selectors only, no logic)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import voluptuous as vol
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import (
    PERCENTAGE,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfPower,
    UnitOfTime,
)
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
)

from .const import (
    CONF_BREAKER_A,
    CONF_CONTINUOUS_ENABLED,
    CONF_CONTINUOUS_GRACE,
    CONF_EXPORT_NEGATIVE,
    CONF_EXPORT_POSSIBLE,
    CONF_LIMIT_TYPE,
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
    DEFAULT_CONTINUOUS_ENABLED,
    DEFAULT_CONTINUOUS_GRACE,
    DEFAULT_EXPORT_NEGATIVE,
    DEFAULT_EXPORT_POSSIBLE,
    DEFAULT_NAME,
    DEFAULT_OPTIONS,
    DEFAULT_PHASES,
    DEFAULT_VOLTAGE,
    LIMIT_BREAKER,
    LIMIT_TYPES,
    MAX_THRESHOLD_PCT,
    MEASURE_POWER,
    MODES,
    PHASE_MEASUREMENTS,
    SOURCE_SINGLE,
    SOURCE_TYPES,
)

SECTION_THRESHOLDS = "thresholds"
SECTION_TIMINGS = "timings"
THRESHOLD_KEYS = (CONF_SHED_PCT, CONF_TARGET_PCT, CONF_RESTORE_PCT)
TIMING_KEYS = (CONF_RESTORE_HOLDOFF, CONF_RESTORE_INTERVAL, CONF_STALE_TIMEOUT, CONF_OVERRIDE)
MAX_PHASES = 3


def phase_key(phase: int) -> str:
    """Form field of the sensor of phase `phase` (1-based)."""
    return f"phase_{phase}"


class FiniteNumberSelector(NumberSelector):
    """A number selector that also refuses NaN and infinity.

    The frontend never sends them, but any client of the flow API can (JSON allows NaN), and
    HA's own range check lets NaN through: a NaN stale timeout would disable the failsafe.
    """

    def __call__(self, data: Any) -> float:
        """Validate the passed number."""
        value = super().__call__(data)
        if not math.isfinite(value):
            raise vol.Invalid(f"Value {value} is not a finite number")
        return value


def number(unit: str | None, minimum: float, maximum: float, step: float = 1) -> NumberSelector:
    """A number box with a unit."""
    config = NumberSelectorConfig(min=minimum, max=maximum, step=step, mode=NumberSelectorMode.BOX)
    if unit is not None:
        config["unit_of_measurement"] = unit
    return FiniteNumberSelector(config)


def select(options: Iterable[str], translation_key: str | None = None) -> SelectSelector:
    """A short list of choices, translated when `translation_key` is given."""
    config = SelectSelectorConfig(options=list(options), mode=SelectSelectorMode.LIST)
    if translation_key is not None:
        config["translation_key"] = translation_key
    return SelectSelector(config)


def sensor(device_class: str | list[str]) -> EntitySelector:
    """A sensor picker filtered by device class."""
    return EntitySelector(EntitySelectorConfig(domain="sensor", device_class=device_class))


def site_schema() -> vol.Schema:
    """First step: name, kind of source and of limit, phases and voltage."""
    return vol.Schema(
        {
            vol.Required(CONF_NAME, default=DEFAULT_NAME): TextSelector(),
            vol.Required(CONF_SOURCE_TYPE, default=SOURCE_SINGLE): select(
                SOURCE_TYPES, CONF_SOURCE_TYPE
            ),
            vol.Required(CONF_LIMIT_TYPE, default=LIMIT_BREAKER): select(
                LIMIT_TYPES, CONF_LIMIT_TYPE
            ),
            vol.Required(CONF_PHASES, default=DEFAULT_PHASES): number(None, 1, MAX_PHASES),
            vol.Required(CONF_VOLTAGE, default=DEFAULT_VOLTAGE): number(
                UnitOfElectricPotential.VOLT, 100, 480
            ),
        }
    )


def export_fields() -> dict[vol.Marker, Any]:
    """How the meter signs export, and whether the site can export at all.

    Without solar or a battery, a clearly negative reading is a glitch and is rejected.
    """
    return {
        vol.Required(CONF_EXPORT_NEGATIVE, default=DEFAULT_EXPORT_NEGATIVE): BooleanSelector(),
        vol.Required(CONF_EXPORT_POSSIBLE, default=DEFAULT_EXPORT_POSSIBLE): BooleanSelector(),
    }


def source_single_schema() -> vol.Schema:
    """One power sensor for the whole site."""
    return vol.Schema(
        {
            vol.Required(CONF_POWER_SENSOR): sensor(SensorDeviceClass.POWER),
            **export_fields(),
        }
    )


def source_phases_schema(phases: int) -> vol.Schema:
    """One power or current sensor per phase."""
    schema: dict[vol.Marker, Any] = {
        vol.Required(CONF_PHASE_MEASUREMENT, default=MEASURE_POWER): select(
            PHASE_MEASUREMENTS, CONF_PHASE_MEASUREMENT
        )
    }
    for phase in range(1, phases + 1):
        schema[vol.Required(phase_key(phase))] = sensor(
            [SensorDeviceClass.POWER, SensorDeviceClass.CURRENT]
        )
    schema.update(export_fields())
    return vol.Schema(schema)


def source_suggestions(data: Mapping[str, Any]) -> dict[str, Any]:
    """Entry data as values of the source forms (the phase list becomes phase_n fields)."""
    values = dict(data)
    for phase, entity_id in enumerate(data.get(CONF_PHASE_SENSORS, ()), start=1):
        values[phase_key(phase)] = entity_id
    return values


def thresholds_schema() -> vol.Schema:
    """Shed, target and restore thresholds in % of the effective limit."""
    return vol.Schema(
        {
            vol.Required(key, default=DEFAULT_OPTIONS[key]): number(
                PERCENTAGE, 1, MAX_THRESHOLD_PCT, 0.5
            )
            for key in THRESHOLD_KEYS
        }
    )


def timings_schema() -> vol.Schema:
    """Control timings in seconds."""
    maxima = {
        CONF_RESTORE_HOLDOFF: 3600,
        CONF_RESTORE_INTERVAL: 3600,
        CONF_STALE_TIMEOUT: 3600,
        CONF_OVERRIDE: 86400,
    }
    minima = {CONF_STALE_TIMEOUT: 5}
    return vol.Schema(
        {
            vol.Required(key, default=DEFAULT_OPTIONS[key]): number(
                UnitOfTime.SECONDS, minima.get(key, 0), maxima[key]
            )
            for key in TIMING_KEYS
        }
    )


def control_sections(*, collapsed: bool) -> dict[vol.Marker, Any]:
    """The thresholds and timings sections (user step and options flow)."""
    return {
        vol.Required(SECTION_THRESHOLDS): section(thresholds_schema(), {"collapsed": collapsed}),
        vol.Required(SECTION_TIMINGS): section(timings_schema(), {"collapsed": collapsed}),
    }


def control_values(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten the sections of a form into option values."""
    return {**user_input[SECTION_THRESHOLDS], **user_input[SECTION_TIMINGS]}


def control_suggestions(options: Mapping[str, Any]) -> dict[str, Any]:
    """Option values as suggested values of the sections."""
    return {
        SECTION_THRESHOLDS: {key: options[key] for key in THRESHOLD_KEYS},
        SECTION_TIMINGS: {key: options[key] for key in TIMING_KEYS},
    }


def limit_schema(*, breaker: bool, with_control: bool) -> vol.Schema:
    """The limit (breaker amps or watts), the continuous rule and, on creation, the controls."""
    schema: dict[vol.Marker, Any] = (
        {vol.Required(CONF_BREAKER_A): number(UnitOfElectricCurrent.AMPERE, 0, 2000)}
        if breaker
        else {vol.Required(CONF_PANEL_LIMIT_W): number(UnitOfPower.WATT, 0, 1_000_000)}
    )
    schema[vol.Required(CONF_CONTINUOUS_ENABLED, default=DEFAULT_CONTINUOUS_ENABLED)] = (
        BooleanSelector()
    )
    schema[vol.Required(CONF_CONTINUOUS_GRACE, default=DEFAULT_CONTINUOUS_GRACE)] = number(
        UnitOfTime.SECONDS, 0, 86400
    )
    if with_control:
        schema.update(control_sections(collapsed=True))
    return vol.Schema(schema)


def options_schema() -> vol.Schema:
    """The options flow: default mode, thresholds and timings."""
    return vol.Schema(
        {
            vol.Required(CONF_MODE, default=DEFAULT_OPTIONS[CONF_MODE]): select(MODES, CONF_MODE),
            **control_sections(collapsed=False),
        }
    )
