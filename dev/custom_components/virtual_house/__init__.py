"""Virtual house: a development-only house for trying Capacity Manager in a real Home Assistant.

NOT part of the Capacity Manager integration and never shipped through HACS: `scripts/develop`
links it into a throw-away configuration. It plays a day of household load (generated, or a
real UCI day) into a site power sensor, time-compressed, and has loads that answer commands: an
EV charger (charging current and a pause switch), a water heater, a pool pump and a dryer, plus
an oven you switch on by hand to overload the house. Every load's power feeds the site sensor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ConfigEntryError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .const import (
    CONF_DATA_DIR,
    CONF_DAY,
    CONF_PROFILE,
    CONF_SPEED,
    CONF_START,
    DEFAULT_SPEED,
    DEFAULT_START,
    DOMAIN,
    LOGGER,
    PROFILE_UCI,
)
from .house import DAY_S, House, clock
from .profile import DayProfile, default_data_dir, generated_day, uci_day
from .runner import HouseRunner

PLATFORMS = [Platform.NUMBER, Platform.SENSOR, Platform.SWITCH]

type VirtualHouseConfigEntry = ConfigEntry[HouseRunner]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)
SERVICE_SET_CLOCK = "set_clock"
ATTR_FAST_FORWARD_TO = "fast_forward_to"
SET_CLOCK_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_FAST_FORWARD_TO): cv.string,
        vol.Optional(CONF_SPEED): vol.All(vol.Coerce(float), vol.Range(min=0, max=3600)),
    }
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register `virtual_house.set_clock`: fast-forward to a time of day, change the speed."""

    async def set_clock(call: ServiceCall) -> None:
        entry = next(iter(hass.config_entries.async_entries(DOMAIN)), None)
        if entry is None or entry.state is not ConfigEntryState.LOADED:
            raise ServiceValidationError("the virtual house is not running")
        runner: HouseRunner = entry.runtime_data
        if (target := call.data.get(ATTR_FAST_FORWARD_TO)) is not None:
            try:
                seconds = (clock(target) - runner.house.now) % DAY_S
            except ValueError as err:
                raise ServiceValidationError(str(err)) from err
            # Forward, as if the day had run: appliances keep what was done to them. At most
            # 1440 one-minute steps: quick enough for the event loop, and no race with a tick.
            runner.house.advance(seconds)
        if (speed := call.data.get(CONF_SPEED)) is not None:
            runner.speed = speed
        runner.async_notify()

    hass.services.async_register(DOMAIN, SERVICE_SET_CLOCK, set_clock, SET_CLOCK_SCHEMA)
    return True


def load_profile(options: dict[str, Any]) -> DayProfile:
    """The day profile the entry asks for (blocking: reads a file for a UCI day)."""
    if options.get(CONF_PROFILE) == PROFILE_UCI:
        data_dir = Path(str(options.get(CONF_DATA_DIR) or default_data_dir()))
        day = options.get(CONF_DAY)
        return uci_day(data_dir, str(day) if day else None)
    return generated_day()


async def async_setup_entry(hass: HomeAssistant, entry: VirtualHouseConfigEntry) -> bool:
    """Build the house at its start time and start its clock."""
    settings: dict[str, Any] = {**entry.data, **entry.options}
    start_text = str(settings.get(CONF_START, DEFAULT_START))
    try:
        profile = await hass.async_add_executor_job(load_profile, settings)
        start = clock(start_text)
        speed = float(settings.get(CONF_SPEED, DEFAULT_SPEED))
    except (OSError, ValueError, TypeError) as err:
        raise ConfigEntryError(f"virtual house: {err}") from err
    house = await hass.async_add_executor_job(House.starting_at, profile, start)
    runner = HouseRunner(hass, house, speed)
    entry.runtime_data = runner
    LOGGER.info("Virtual house: %s from %s at %sx speed", profile.name, start_text, speed)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    runner.async_start()
    return True


async def async_unload_entry(hass: HomeAssistant, entry: VirtualHouseConfigEntry) -> bool:
    """Stop the clock and remove the entities."""
    entry.runtime_data.async_stop()
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
