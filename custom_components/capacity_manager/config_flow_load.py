"""Config subentry flow of a controllable load: pick its kind, then its details.

A load's subentry title is its name and its unique id the controlled entity, so one entity is
managed by one load. Reconfiguring keeps the kind (remove and add the load to change it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.core import HomeAssistant

from .const import (
    CONF_ENTITY,
    CONF_EXPECTED_POWER,
    CONF_LOAD_KIND,
    CONF_LOAD_POWER_SENSOR,
    CONF_MAX_CURRENT,
    CONF_MAX_SETPOINT,
    CONF_MIN_CURRENT,
    CONF_MIN_SETPOINT,
    CONF_NAME,
    CONF_NEVER_SHED,
    CONF_PAUSE_SWITCH,
    CONF_PHASES,
    CONF_PROTECT_CYCLE,
    CONF_SETPOINT_UNIT,
    CONF_VOLTAGE,
    DEFAULT_PHASES,
    DEFAULT_VOLTAGE,
    DOMAIN,
    KIND_EV,
    KIND_GENERATION,
    KIND_MODULATED,
    KIND_SWITCHED,
    LOAD_KINDS,
    UNIT_AMPERE,
    UNIT_WATT,
)
from .flow_schemas import select
from .flow_validation import (
    ERROR_CYCLE_NEEDS_SENSOR,
    ERROR_IN_USE,
    ERROR_IS_SOURCE,
    ERROR_MIN_MAX,
    ERROR_NEVER_SHED_TIMINGS,
    ERROR_POWER_REQUIRED,
    controllable_error,
    load_entities,
    sensor_error,
    setpoint_error,
    source_entities,
)
from .load_schema import TIMING_KEYS, load_data, load_schema, load_suggestions


def load_errors(
    hass: HomeAssistant, entry: ConfigEntry, data: Mapping[str, Any], *, exclude: str | None
) -> dict[str, str]:
    """Errors of a load's data, by form field ("base" for the form as a whole)."""
    kind = data[CONF_LOAD_KIND]
    errors: dict[str, str] = {}
    controlled, sensors = load_entities(entry, exclude=exclude)
    for other in hass.config_entries.async_entries(DOMAIN):  # two sites would fight over it
        if other.entry_id != entry.entry_id:
            controlled |= load_entities(other)[0]
    entity = data[CONF_ENTITY]
    if entity in controlled:
        errors[CONF_ENTITY] = ERROR_IN_USE
    elif kind == KIND_SWITCHED and (error := controllable_error(hass, entity)):
        errors[CONF_ENTITY] = error
    if pause := data.get(CONF_PAUSE_SWITCH):
        if pause in controlled:
            errors[CONF_PAUSE_SWITCH] = ERROR_IN_USE
        elif error := controllable_error(hass, pause):
            errors[CONF_PAUSE_SWITCH] = error
    if sensor := data.get(CONF_LOAD_POWER_SENSOR):
        if sensor in source_entities(entry.data):
            errors[CONF_LOAD_POWER_SENSOR] = ERROR_IS_SOURCE
        elif sensor in sensors:
            errors[CONF_LOAD_POWER_SENSOR] = ERROR_IN_USE
        elif error := sensor_error(hass, sensor):
            errors[CONF_LOAD_POWER_SENSOR] = error
    if kind == KIND_SWITCHED:
        if not data.get(CONF_EXPECTED_POWER) and not sensor:
            errors["base"] = ERROR_POWER_REQUIRED
    else:
        ev = kind == KIND_EV
        low_key, high_key = (
            (CONF_MIN_CURRENT, CONF_MAX_CURRENT) if ev else (CONF_MIN_SETPOINT, CONF_MAX_SETPOINT)
        )
        unit = UNIT_AMPERE if ev else data.get(CONF_SETPOINT_UNIT, UNIT_WATT)
        if data[low_key] > data[high_key]:
            errors[high_key] = ERROR_MIN_MAX
        elif CONF_ENTITY not in errors and (
            error := setpoint_error(hass, entity, data[low_key], data[high_key], unit)
        ):
            errors[CONF_ENTITY] = error
    if data.get(CONF_PROTECT_CYCLE) and not sensor:
        errors["base"] = ERROR_CYCLE_NEEDS_SENSOR  # "running" is read from its power
    if data[CONF_NEVER_SHED] and any(data.get(key, 0) > 0 for key in TIMING_KEYS):
        errors["base"] = ERROR_NEVER_SHED_TIMINGS
    return errors


class LoadSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure one controllable load."""

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Pick the kind of load; its details follow."""
        if user_input is not None:
            return await self._async_step_load(user_input[CONF_LOAD_KIND], None)
        return self.async_show_form(
            step_id="user",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_LOAD_KIND, default=KIND_SWITCHED): select(
                        LOAD_KINDS, "load_kind"
                    )
                }
            ),
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Details of an existing load, prefilled; its kind stays."""
        kind = self._get_reconfigure_subentry().data[CONF_LOAD_KIND]
        return await self._async_step_load(kind, None)

    async def async_step_switched(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """A load switched on and off."""
        return await self._async_step_load(KIND_SWITCHED, user_input)

    async def async_step_modulated(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """A load with a number setpoint in W or A."""
        return await self._async_step_load(KIND_MODULATED, user_input)

    async def async_step_ev(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """An EV charger: charging current in whole amps."""
        return await self._async_step_load(KIND_EV, user_input)

    async def async_step_generation(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """A PV inverter's active-power limit in W, curtailed only for the export limit."""
        return await self._async_step_load(KIND_GENERATION, user_input)

    async def _async_step_load(
        self, kind: str, user_input: dict[str, Any] | None
    ) -> SubentryFlowResult:
        entry = self._get_entry()
        subentry = self._get_reconfigure_subentry() if self.source == SOURCE_RECONFIGURE else None
        errors: dict[str, str] = {}
        if user_input is not None:
            data = load_data(kind, user_input)
            errors = load_errors(
                self.hass, entry, data, exclude=subentry.subentry_id if subentry else None
            )
            if not errors:
                title = user_input[CONF_NAME].strip() or data[CONF_ENTITY]
                if subentry is None:
                    return self.async_create_entry(
                        title=title, data=data, unique_id=data[CONF_ENTITY]
                    )
                return self.async_update_and_abort(
                    entry, subentry, title=title, data=data, unique_id=data[CONF_ENTITY]
                )
        suggested: Mapping[str, Any] = user_input or (
            load_suggestions(subentry.title, subentry.data) if subentry else {}
        )
        schema = load_schema(
            kind,
            site_phases=entry.data.get(CONF_PHASES, DEFAULT_PHASES),
            site_voltage=entry.data.get(CONF_VOLTAGE, DEFAULT_VOLTAGE),
        )
        return self.async_show_form(
            step_id=kind,
            data_schema=self.add_suggested_values_to_schema(schema, suggested),
            errors=errors,
        )
