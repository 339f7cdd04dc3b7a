"""Form of a load subentry per kind, and the conversion between form values and stored data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import (
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfPower,
    UnitOfTime,
)
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
    TextSelector,
)

from .const import (
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
    CONF_PRIORITY,
    CONF_PROTECT_CYCLE,
    CONF_RUNNING_THRESHOLD,
    CONF_SETPOINT_STEP,
    CONF_SETPOINT_UNIT,
    DEFAULT_AUTO_RESTORE,
    DEFAULT_FAILSAFE_POLICY,
    DEFAULT_LOAD_PHASES,
    DEFAULT_MAX_CURRENT,
    DEFAULT_MIN_CURRENT,
    DEFAULT_PRIORITY,
    DEFAULT_RUNNING_THRESHOLD,
    DEFAULT_SETPOINT_STEP,
    EV_MAX_CURRENT,
    EV_MIN_CURRENT,
    FAILSAFE_POLICIES,
    KIND_EV,
    KIND_GENERATION,
    KIND_MODULATED,
    KIND_SWITCHED,
    MAX_PRIORITY,
    MIN_PRIORITY,
    NUMBER_DOMAINS,
    PAUSE_DOMAINS,
    SETPOINT_UNITS,
    SWITCHED_DOMAINS,
    UNIT_WATT,
)
from .flow_schemas import number, select, sensor

TIMING_KEYS = (CONF_MIN_ON, CONF_MIN_OFF, CONF_MAX_OFF)
# Stored as int; the phase selects give strings, the priority box a float.
_SELECT_INT_KEYS = (CONF_LOAD_PHASES, CONF_LOAD_PHASE)
_INT_KEYS = (CONF_PRIORITY, *_SELECT_INT_KEYS)
_MAX_W = 1_000_000


def _entities(domains: tuple[str, ...]) -> EntitySelector:
    return EntitySelector(EntitySelectorConfig(domain=list(domains)))


def generation_schema() -> vol.Schema:
    """The details form of a generator's power limit (a PV inverter's number in W).

    No timings, pause switch or failsafe policy: it is only ever curtailed to keep export under
    the export limit and given back; never shed, never switched off.
    """
    return vol.Schema(
        {
            vol.Required(CONF_NAME): TextSelector(),
            vol.Required(CONF_ENTITY): _entities(NUMBER_DOMAINS),
            vol.Required(CONF_PRIORITY, default=DEFAULT_PRIORITY): number(
                None, MIN_PRIORITY, MAX_PRIORITY
            ),
            vol.Required(CONF_MIN_SETPOINT, default=0): number(UnitOfPower.WATT, 0, _MAX_W),
            vol.Required(CONF_MAX_SETPOINT): number(UnitOfPower.WATT, 0, _MAX_W),
            vol.Required(CONF_SETPOINT_STEP, default=DEFAULT_SETPOINT_STEP): number(
                UnitOfPower.WATT, 0.001, _MAX_W, 0.001
            ),
            vol.Optional(CONF_LOAD_POWER_SENSOR): sensor(SensorDeviceClass.POWER),
            vol.Required(CONF_NEVER_SHED, default=False): BooleanSelector(),
        }
    )


def load_schema(kind: str, *, site_phases: int, site_voltage: float) -> vol.Schema:
    """The details form of a load of `kind`."""
    if kind == KIND_GENERATION:
        return generation_schema()
    schema: dict[vol.Marker, Any] = {vol.Required(CONF_NAME): TextSelector()}
    if kind == KIND_SWITCHED:
        schema[vol.Required(CONF_ENTITY)] = _entities(SWITCHED_DOMAINS)
    else:
        schema[vol.Required(CONF_ENTITY)] = _entities(NUMBER_DOMAINS)
        schema[vol.Optional(CONF_PAUSE_SWITCH)] = _entities(PAUSE_DOMAINS)
    schema[vol.Required(CONF_PRIORITY, default=DEFAULT_PRIORITY)] = number(
        None, MIN_PRIORITY, MAX_PRIORITY
    )
    if kind == KIND_MODULATED:
        schema[vol.Required(CONF_SETPOINT_UNIT, default=UNIT_WATT)] = select(SETPOINT_UNITS)
        schema[vol.Required(CONF_MIN_SETPOINT, default=0)] = number(None, 0, _MAX_W, 0.001)
        schema[vol.Required(CONF_MAX_SETPOINT)] = number(None, 0, _MAX_W, 0.001)
        schema[vol.Required(CONF_SETPOINT_STEP, default=DEFAULT_SETPOINT_STEP)] = number(
            None, 0.001, _MAX_W, 0.001
        )
    if kind == KIND_EV:
        for key, default in (
            (CONF_MIN_CURRENT, DEFAULT_MIN_CURRENT),
            (CONF_MAX_CURRENT, DEFAULT_MAX_CURRENT),
        ):
            schema[vol.Required(key, default=default)] = number(
                UnitOfElectricCurrent.AMPERE, EV_MIN_CURRENT, EV_MAX_CURRENT
            )
    if site_phases > 1:
        # A load uses one phase or all of them; on one phase, which one.
        schema[vol.Required(CONF_LOAD_PHASES, default=str(DEFAULT_LOAD_PHASES))] = select(
            ["1", str(site_phases)]
        )
        schema[vol.Required(CONF_LOAD_PHASE, default="1")] = select(
            [str(phase) for phase in range(1, site_phases + 1)]
        )
    if kind != KIND_SWITCHED:
        schema[vol.Required(CONF_LOAD_VOLTAGE, default=site_voltage)] = number(
            UnitOfElectricPotential.VOLT, 100, 480
        )
    if kind == KIND_SWITCHED:
        schema[vol.Optional(CONF_EXPECTED_POWER)] = number(UnitOfPower.WATT, 0, _MAX_W)
    schema[vol.Optional(CONF_LOAD_POWER_SENSOR)] = sensor(SensorDeviceClass.POWER)
    schema[vol.Required(CONF_NEVER_SHED, default=False)] = BooleanSelector()
    if kind != KIND_EV:
        schema[vol.Required(CONF_ABSORB_EXPORT, default=False)] = BooleanSelector()
    for key in TIMING_KEYS:
        schema[vol.Required(key, default=0)] = number(UnitOfTime.SECONDS, 0, 7 * 86400)
    schema[vol.Required(CONF_AUTO_RESTORE, default=DEFAULT_AUTO_RESTORE)] = BooleanSelector()
    schema[vol.Required(CONF_PROTECT_CYCLE, default=False)] = BooleanSelector()
    schema[vol.Required(CONF_RUNNING_THRESHOLD, default=DEFAULT_RUNNING_THRESHOLD)] = number(
        UnitOfPower.WATT, 0, _MAX_W
    )
    schema[vol.Required(CONF_FAILSAFE_POLICY, default=DEFAULT_FAILSAFE_POLICY)] = select(
        FAILSAFE_POLICIES, CONF_FAILSAFE_POLICY
    )
    return vol.Schema(schema)


def load_data(kind: str, user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Form values → subentry data (the name becomes the title, so it is left out)."""
    data: dict[str, Any] = {CONF_LOAD_KIND: kind}
    for key, value in user_input.items():
        if key == CONF_NAME:
            continue
        data[key] = int(value) if key in _INT_KEYS else value
    return data


def load_suggestions(title: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Subentry data → form values, to prefill a reconfigure form."""
    values = {key: str(value) if key in _SELECT_INT_KEYS else value for key, value in data.items()}
    values[CONF_NAME] = title
    return values
