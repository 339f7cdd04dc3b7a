"""Sensors: the site meter, the household's own load, each load's power and the house clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from homeassistant.const import UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import VirtualHouseConfigEntry
from .entity import VirtualHouseEntity
from .house import House
from .runner import HouseRunner

# key, name, power of the house in W
_POWERS: tuple[tuple[str, str, Callable[[House], float]], ...] = (
    ("grid_power", "Grid power", lambda h: h.site_w),
    ("base_load", "Household base load", lambda h: h.base_w),
    ("ev_power", "EV charger power", lambda h: h.ev.power_w),
    ("water_heater_power", "Water heater power", lambda h: h.water_heater.power_w),
    ("pool_pump_power", "Pool pump power", lambda h: h.pool_pump.power_w),
    ("dryer_power", "Dryer power", lambda h: h.dryer.power_w),
    ("oven_power", "Oven power", lambda h: h.oven.power_w),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VirtualHouseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One power sensor per load, the meter and the clock."""
    runner = entry.runtime_data
    entities: list[VirtualHouseEntity] = [
        PowerSensor(runner, entry.entry_id, key, name, value) for key, name, value in _POWERS
    ]
    entities.append(ClockSensor(runner, entry.entry_id, "clock", "Virtual time"))
    async_add_entities(entities)


class PowerSensor(VirtualHouseEntity, SensorEntity):
    """A power reading in W."""

    _attr_device_class = SensorDeviceClass.POWER
    _attr_native_unit_of_measurement = UnitOfPower.WATT
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_suggested_display_precision = 0

    def __init__(
        self,
        runner: HouseRunner,
        entry_id: str,
        key: str,
        name: str,
        value: Callable[[House], float],
    ) -> None:
        super().__init__(runner, entry_id, key, name)
        self._key = key
        self._value = value
        self.always_write = key == "grid_power"
        if key == "ev_power":
            self._attr_icon = "mdi:ev-station"

    @property
    def native_value(self) -> float:
        """The reading, to the watt."""
        return round(self._value(self.runner.house), 0)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The meter tells what it plays; the charger how its session goes."""
        house = self.runner.house
        if self.always_write:
            return {"profile": house.profile.name, "speed": self.runner.speed}
        if self._key == "ev_power":
            return {
                "plugged_in": house.ev.plugged,
                "energy_wanted_kwh": round(house.ev.wants_kwh, 2),
            }
        return None


class ClockSensor(VirtualHouseEntity, SensorEntity):
    """The virtual time of day, HH:MM."""

    _attr_icon = "mdi:clock-fast"

    @property
    def native_value(self) -> str:
        """The house clock."""
        minutes = int(self.runner.house.now // 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
