"""Config flow of Capacity Manager: the site's power source and limit, then its options.

Steps: `user` (or `reconfigure`) → `source_single` | `source_phases` | `source_modbus` (→
`modbus_registers` for a custom map; see config_flow_modbus.py) → `limit_breaker` |
`limit_watts`. Creating an entry also stores thresholds and timings as options; reconfiguring
replaces the site data and reloads, leaving options and loads alone.
"""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.core import callback

from .config_flow_limit import LimitSourceSubentryFlow
from .config_flow_load import LoadSubentryFlow
from .config_flow_modbus import ModbusSourceSteps
from .const import (
    CONF_BREAKER_A,
    CONF_CONTINUOUS_ENABLED,
    CONF_CONTINUOUS_GRACE,
    CONF_EXPORT_NEGATIVE,
    CONF_EXPORT_POSSIBLE,
    CONF_LIMIT_TYPE,
    CONF_MODE,
    CONF_NAME,
    CONF_PANEL_LIMIT_W,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_PHASES,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    CONF_VOLTAGE,
    DEFAULT_NAME,
    DEFAULT_OPTIONS,
    DOMAIN,
    LIMIT_BREAKER,
    MEASURE_CURRENT,
    SOURCE_MODBUS,
    SOURCE_SINGLE,
    SUBENTRY_LOAD,
)
from .flow_schemas import (
    control_suggestions,
    control_values,
    limit_schema,
    options_schema,
    phase_key,
    site_schema,
    source_phases_schema,
    source_single_schema,
    source_suggestions,
)
from .flow_validation import (
    ERROR_DUPLICATE_SENSOR,
    ERROR_IN_USE,
    ERROR_LIMIT,
    load_entities,
    panel_limit_w,
    sensor_error,
    source_unique_id,
    thresholds_error,
)
from .grid.const import SUBENTRY_LIMIT_SOURCE


class CapacityManagerConfigFlow(ModbusSourceSteps, domain=DOMAIN):
    """Set up one site: where its power is measured and what its limit is."""

    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with nothing collected."""
        self._data: dict[str, Any] = {}

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> CapacityManagerOptionsFlow:
        """Thresholds, timings and the default mode."""
        return CapacityManagerOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls, config_entry: ConfigEntry
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """One subentry per controllable load, and one per source of grid limits."""
        return {SUBENTRY_LOAD: LoadSubentryFlow, SUBENTRY_LIMIT_SOURCE: LimitSourceSubentryFlow}

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Name, kind of source and of limit, phases and voltage."""
        if user_input is not None:
            return await self._async_site(user_input)
        return self.async_show_form(step_id="user", data_schema=site_schema())

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Same steps as `user`, prefilled with the entry's data."""
        if user_input is not None:
            return await self._async_site(user_input)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(site_schema(), self._previous),
        )

    async def _async_site(self, user_input: dict[str, Any]) -> ConfigFlowResult:
        self._data = {
            CONF_NAME: user_input[CONF_NAME].strip() or DEFAULT_NAME,
            CONF_SOURCE_TYPE: user_input[CONF_SOURCE_TYPE],
            CONF_LIMIT_TYPE: user_input[CONF_LIMIT_TYPE],
            CONF_PHASES: int(user_input[CONF_PHASES]),
            CONF_VOLTAGE: float(user_input[CONF_VOLTAGE]),
        }
        if self._data[CONF_SOURCE_TYPE] == SOURCE_SINGLE:
            return await self.async_step_source_single()
        if self._data[CONF_SOURCE_TYPE] == SOURCE_MODBUS:
            return await self.async_step_source_modbus()
        return await self.async_step_source_phases()

    async def async_step_source_single(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One power sensor for the whole site."""
        errors: dict[str, str] = {}
        if user_input is not None:
            entity_id = user_input[CONF_POWER_SENSOR]
            if error := self._sensor_error(entity_id, current=False):
                errors[CONF_POWER_SENSOR] = error
            else:
                return await self._async_source_done(
                    {
                        CONF_POWER_SENSOR: entity_id,
                        CONF_EXPORT_NEGATIVE: user_input[CONF_EXPORT_NEGATIVE],
                        CONF_EXPORT_POSSIBLE: user_input[CONF_EXPORT_POSSIBLE],
                    }
                )
        return self.async_show_form(
            step_id="source_single",
            data_schema=self.add_suggested_values_to_schema(
                source_single_schema(), user_input or self._previous
            ),
            errors=errors,
        )

    async def async_step_source_phases(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One power or current sensor per phase."""
        phases = self._data[CONF_PHASES]
        errors: dict[str, str] = {}
        if user_input is not None:
            current = user_input[CONF_PHASE_MEASUREMENT] == MEASURE_CURRENT
            sensors = [user_input[phase_key(phase)] for phase in range(1, phases + 1)]
            for phase, entity_id in enumerate(sensors, start=1):
                if entity_id in sensors[: phase - 1]:
                    errors[phase_key(phase)] = ERROR_DUPLICATE_SENSOR
                elif error := self._sensor_error(entity_id, current=current):
                    errors[phase_key(phase)] = error
            if not errors:
                return await self._async_source_done(
                    {
                        CONF_PHASE_MEASUREMENT: user_input[CONF_PHASE_MEASUREMENT],
                        CONF_PHASE_SENSORS: sensors,
                        CONF_EXPORT_NEGATIVE: user_input[CONF_EXPORT_NEGATIVE],
                        CONF_EXPORT_POSSIBLE: user_input[CONF_EXPORT_POSSIBLE],
                    }
                )
        return self.async_show_form(
            step_id="source_phases",
            data_schema=self.add_suggested_values_to_schema(
                source_phases_schema(phases), user_input or source_suggestions(self._previous)
            ),
            errors=errors,
        )

    def _sensor_error(self, entity_id: str, *, current: bool) -> str | None:
        """A site sensor must be valid and not already a load's power sensor."""
        if self.source == SOURCE_RECONFIGURE:
            _, load_sensors = load_entities(self._get_reconfigure_entry())
            if entity_id in load_sensors:
                return ERROR_IN_USE
        return sensor_error(self.hass, entity_id, current=current)

    async def _async_source_done(self, source: dict[str, Any]) -> ConfigFlowResult:
        """Refuse a source another entry already uses, then ask for the limit."""
        self._data.update(source)
        if (abort := await self._async_claim(source_unique_id(self._data))) is not None:
            return abort
        if self._data[CONF_LIMIT_TYPE] == LIMIT_BREAKER:
            return await self.async_step_limit_breaker()
        return await self.async_step_limit_watts()

    async def async_step_limit_breaker(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Limit = breaker amps x voltage x phases."""
        return await self._async_limit("limit_breaker", CONF_BREAKER_A, user_input)

    async def async_step_limit_watts(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Limit in watts."""
        return await self._async_limit("limit_watts", CONF_PANEL_LIMIT_W, user_input)

    async def _async_limit(
        self, step_id: str, limit_key: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        """The limit, the continuous rule and (when creating) thresholds and timings."""
        creating = self.source != SOURCE_RECONFIGURE
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                **self._data,
                limit_key: float(user_input[limit_key]),
                CONF_CONTINUOUS_ENABLED: user_input[CONF_CONTINUOUS_ENABLED],
                CONF_CONTINUOUS_GRACE: float(user_input[CONF_CONTINUOUS_GRACE]),
            }
            data[CONF_PANEL_LIMIT_W] = panel_limit_w(data)
            options = {**DEFAULT_OPTIONS, **control_values(user_input)} if creating else {}
            if data[CONF_PANEL_LIMIT_W] <= 0:
                errors[limit_key] = ERROR_LIMIT
            elif creating and (error := thresholds_error(options)):
                errors["base"] = error
            elif creating:
                return self.async_create_entry(title=data[CONF_NAME], data=data, options=options)
            else:
                return self.async_update_reload_and_abort(
                    self._get_reconfigure_entry(),
                    unique_id=self.unique_id,
                    title=data[CONF_NAME],
                    data=data,
                )
        previous = self._previous
        same_type = previous.get(CONF_LIMIT_TYPE) == self._data[CONF_LIMIT_TYPE]
        return self.async_show_form(
            step_id=step_id,
            data_schema=self.add_suggested_values_to_schema(
                limit_schema(breaker=limit_key == CONF_BREAKER_A, with_control=creating),
                user_input or (previous if same_type else {}),
            ),
            errors=errors,
        )


class CapacityManagerOptionsFlow(OptionsFlow):
    """Default mode, thresholds and timings; the entry reloads with them."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """One form with the mode and two sections."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options = {CONF_MODE: user_input[CONF_MODE], **control_values(user_input)}
            if error := thresholds_error(options):
                errors["base"] = error
            else:
                return self.async_create_entry(data={**self.config_entry.options, **options})
        current = {**DEFAULT_OPTIONS, **self.config_entry.options}
        suggested = user_input or {CONF_MODE: current[CONF_MODE], **control_suggestions(current)}
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(options_schema(), suggested),
            errors=errors,
        )
