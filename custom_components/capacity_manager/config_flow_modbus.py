"""Config flow steps of a Modbus meter source: the meter, then (custom profile) its registers.

The flow connects and reads the meter once before it accepts it; a failure is shown as the
meter layer's error key (`cannot_connect`, `timeout`, `not_sunspec`, `bad_register`). Connection
problems are shown on the meter form, where host and port can be fixed; a register map the
meter rejects on the register form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigFlow, ConfigFlowResult

from .const import CONF_METER_PROFILE, CONF_MODBUS, CONF_REGISTER_MAP, LOGGER
from .flow_schemas_modbus import (
    meter_schema,
    meter_settings,
    meter_suggestions,
    register_map_input,
    registers_schema,
    registers_suggestions,
)
from .flow_validation import meter_unique_id
from .sources.modbus import (
    PROFILE_CUSTOM,
    MeterConfig,
    MeterConnectionError,
    MeterError,
    MeterTimeoutError,
    async_probe,
    resolve_profile,
)

# Errors that are about reaching the meter rather than about what it answered.
_CONNECTION_ERRORS = frozenset({MeterConnectionError.error_key, MeterTimeoutError.error_key})


async def async_check_meter(settings: Mapping[str, Any]) -> str | None:
    """Read the meter once with the stored settings; the error key, or None when it answered."""
    try:
        config = MeterConfig.from_dict(settings)
        profile = resolve_profile(settings[CONF_METER_PROFILE], settings.get(CONF_REGISTER_MAP))
        reading, description = await async_probe(config, profile)
    except MeterError as err:
        LOGGER.debug("Modbus meter check failed: %s", err)
        return err.error_key
    LOGGER.debug("Modbus meter %s (%s) reads %.0f W", config.label, description, reading.total_w)
    return None


class SourceSteps(ConfigFlow):
    """The shared part of the site flow: what is being reconfigured, one source per entry."""

    _data: dict[str, Any]

    @property
    def _previous(self) -> Mapping[str, Any]:
        """The data being reconfigured, to prefill the forms ({} when creating)."""
        if self.source == SOURCE_RECONFIGURE:
            return self._get_reconfigure_entry().data
        return {}

    async def _async_claim(self, unique_id: str) -> ConfigFlowResult | None:
        """Take `unique_id` for this entry; an abort when another entry has it."""
        if self.source == SOURCE_RECONFIGURE:
            entry_id = self._get_reconfigure_entry().entry_id
            if any(
                entry.unique_id == unique_id and entry.entry_id != entry_id
                for entry in self._async_current_entries(include_ignore=False)
            ):
                return self.async_abort(reason="already_configured")
            await self.async_set_unique_id(unique_id, raise_on_progress=False)
        else:
            await self.async_set_unique_id(unique_id)
            self._abort_if_unique_id_configured()
        return None

    async def _async_source_done(self, source: dict[str, Any]) -> ConfigFlowResult:
        """Store the source and go on with the limit (the site flow provides it)."""
        raise NotImplementedError


class ModbusSourceSteps(SourceSteps):
    """Steps `source_modbus` and `modbus_registers`."""

    _meter_input: dict[str, Any] | None = None  # the meter form as last submitted
    _meter: dict[str, Any] | None = None  # its settings, once valid
    _registers_input: dict[str, Any] | None = None  # the register form as last submitted

    async def async_step_source_modbus(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Host, port, unit id, transport, profile and poll interval; read once to accept."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._meter_input = user_input
            settings, errors = meter_settings(user_input)
            if not errors:
                if (abort := await self._async_claim(meter_unique_id(settings))) is not None:
                    return abort
                self._meter = settings
                if settings[CONF_METER_PROFILE] == PROFILE_CUSTOM:
                    return await self.async_step_modbus_registers()
                if (error := await async_check_meter(settings)) is None:
                    return await self._async_source_done({CONF_MODBUS: settings})
                errors["base"] = error
        return self._meter_form(errors)

    async def async_step_modbus_registers(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The custom register map; read once to accept."""
        assert self._meter is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            self._registers_input = user_input
            register_map, errors = register_map_input(user_input)
            if not errors:
                settings = {**self._meter, CONF_REGISTER_MAP: register_map}
                error = await async_check_meter(settings)
                if error is None:
                    return await self._async_source_done({CONF_MODBUS: settings})
                if error in _CONNECTION_ERRORS:
                    return self._meter_form({"base": error})
                errors["base"] = error
        suggested = self._registers_input or registers_suggestions(self._previous)
        return self.async_show_form(
            step_id="modbus_registers",
            data_schema=self.add_suggested_values_to_schema(registers_schema(), suggested),
            errors=errors,
        )

    def _meter_form(self, errors: dict[str, str]) -> ConfigFlowResult:
        suggested = self._meter_input or meter_suggestions(self._previous)
        return self.async_show_form(
            step_id="source_modbus",
            data_schema=self.add_suggested_values_to_schema(meter_schema(), suggested),
            errors=errors,
        )
