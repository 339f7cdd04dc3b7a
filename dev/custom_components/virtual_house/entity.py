"""Base entity: one device, pushed by the runner (no polling)."""

from __future__ import annotations

from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity

from .const import DOMAIN
from .runner import HouseRunner


class VirtualHouseEntity(Entity):
    """An entity of the virtual house; writes its state when the house changed it.

    `always_write` entities (the site meter) write on every tick even when the value is the
    same, as a real meter reports: a reader that watches for stale data sees it is alive.
    """

    _attr_has_entity_name = True
    _attr_should_poll = False
    always_write = False

    def __init__(self, runner: HouseRunner, entry_id: str, key: str, name: str) -> None:
        self.runner = runner
        self._attr_unique_id = f"{entry_id}_{key}"
        self._attr_name = name
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry_id)},
            name="Virtual house",
            manufacturer="Capacity Manager (development)",
            model="Simulated house",
        )
        self._written: Any = None

    async def async_added_to_hass(self) -> None:
        """Follow the house."""
        self.async_on_remove(self.runner.async_add_listener(self._on_house))

    def fingerprint(self) -> Any:
        """What, when it changes, needs a state write."""
        return (self.state, self.extra_state_attributes)

    @callback
    def _on_house(self) -> None:
        fingerprint = self.fingerprint()
        if self.always_write or fingerprint != self._written:
            self._written = fingerprint
            self.async_write_ha_state()
