"""Config flow of the virtual house: how fast its clock runs, from when, and which day."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
)

from . import load_profile
from .const import (
    CONF_DATA_DIR,
    CONF_DAY,
    CONF_PROFILE,
    CONF_SPEED,
    CONF_START,
    DEFAULT_SPEED,
    DEFAULT_START,
    DOMAIN,
    PROFILE_GENERATED,
    PROFILE_UCI,
    PROFILES,
)
from .house import clock
from .profile import default_data_dir

SCHEMA = vol.Schema(
    {
        vol.Required(CONF_SPEED, default=DEFAULT_SPEED): NumberSelector(
            NumberSelectorConfig(min=0, max=3600, step=1, mode=NumberSelectorMode.BOX)
        ),
        vol.Required(CONF_START, default=DEFAULT_START): TextSelector(),
        vol.Required(CONF_PROFILE, default=PROFILE_GENERATED): SelectSelector(
            SelectSelectorConfig(options=list(PROFILES))
        ),
        vol.Optional(CONF_DATA_DIR): TextSelector(),
        vol.Optional(CONF_DAY): TextSelector(),
    }
)


class VirtualHouseConfigFlow(ConfigFlow, domain=DOMAIN):
    """One virtual house."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Speed, start time and day profile, checked before the house is built."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                clock(user_input[CONF_START])
            except ValueError:
                errors[CONF_START] = "bad_time"
            if user_input[CONF_PROFILE] == PROFILE_UCI:
                user_input.setdefault(CONF_DATA_DIR, str(default_data_dir()))
                try:
                    await self.hass.async_add_executor_job(load_profile, user_input)
                except (OSError, ValueError):
                    errors[CONF_DAY] = "no_uci_day"
            if not errors:
                return self.async_create_entry(title="Virtual house", data=user_input)
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(SCHEMA, user_input or {}),
            errors=errors,
        )
