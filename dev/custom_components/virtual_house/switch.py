"""Switches: relays of the water heater, pool pump, dryer and oven; the charger's pause switch.

The charger's switch is on while it may charge; the oven is switched by hand to overload the
house.
"""

from __future__ import annotations

from typing import Any, Protocol

from homeassistant.components.switch import SwitchEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import VirtualHouseConfigEntry
from .entity import VirtualHouseEntity
from .house import House
from .runner import HouseRunner


class _Relay(Protocol):
    relay_on: bool


_RELAYS: tuple[tuple[str, str, str], ...] = (
    ("water_heater", "Water heater", "mdi:water-boiler"),
    ("pool_pump", "Pool pump", "mdi:pool"),
    ("dryer", "Dryer", "mdi:tumble-dryer"),
    ("oven", "Oven", "mdi:stove"),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VirtualHouseConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A relay per switched load and the charger's pause switch."""
    runner = entry.runtime_data
    entities: list[VirtualHouseEntity] = [
        RelaySwitch(runner, entry.entry_id, key, name, icon) for key, name, icon in _RELAYS
    ]
    entities.append(EvChargingSwitch(runner, entry.entry_id, "ev_charging", "EV charging"))
    async_add_entities(entities)


class RelaySwitch(VirtualHouseEntity, SwitchEntity):
    """The relay in front of one load."""

    def __init__(self, runner: HouseRunner, entry_id: str, key: str, name: str, icon: str) -> None:
        super().__init__(runner, entry_id, key, name)
        self._key = key
        self._attr_icon = icon

    def _relay(self, house: House) -> _Relay:
        relay: _Relay = getattr(house, self._key)
        return relay

    @property
    def is_on(self) -> bool:
        """Whether the relay is closed."""
        return self._relay(self.runner.house).relay_on

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Close the relay; the load's power follows at once."""
        self._relay(self.runner.house).relay_on = True
        self.runner.async_notify()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Open the relay."""
        self._relay(self.runner.house).relay_on = False
        self.runner.async_notify()


class EvChargingSwitch(VirtualHouseEntity, SwitchEntity):
    """The charger's pause switch: off pauses the session, on lets it charge."""

    _attr_icon = "mdi:ev-plug-type2"

    @property
    def is_on(self) -> bool:
        """Whether charging is allowed."""
        return self.runner.house.ev.enabled

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Resume charging."""
        self.runner.house.ev.enabled = True
        self.runner.async_notify()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Pause charging."""
        self.runner.house.ev.enabled = False
        self.runner.async_notify()
