"""The EV charger's charging-current setpoint, in whole amperes."""

from __future__ import annotations

from homeassistant.components.number import NumberEntity, NumberMode
from homeassistant.const import UnitOfElectricCurrent
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import VirtualHouseConfigEntry
from .entity import VirtualHouseEntity
from .runner import HouseRunner


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VirtualHouseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The charging-current number."""
    async_add_entities([ChargingCurrent(entry.runtime_data, entry.entry_id)])


class ChargingCurrent(VirtualHouseEntity, NumberEntity):
    """Charging current: the car draws this x voltage x phases while a session runs."""

    _attr_icon = "mdi:current-ac"
    _attr_mode = NumberMode.BOX
    _attr_native_step = 1.0
    _attr_native_unit_of_measurement = UnitOfElectricCurrent.AMPERE

    def __init__(self, runner: HouseRunner, entry_id: str) -> None:
        super().__init__(runner, entry_id, "ev_charging_current", "EV charging current")
        self._attr_native_min_value = runner.house.ev.min_a
        self._attr_native_max_value = runner.house.ev.max_a

    @property
    def native_value(self) -> float:
        """The setpoint."""
        return self.runner.house.ev.current_a

    async def async_set_native_value(self, value: float) -> None:
        """Change the setpoint; whole amps, as chargers accept."""
        self.runner.house.ev.current_a = float(round(value))
        self.runner.async_notify()
