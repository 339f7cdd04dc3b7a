"""Base entities: one device per site (the panel) and one per load, linked to it."""

from __future__ import annotations

from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import CapacityCoordinator
from .engine.results import LoadSnapshot

MANUFACTURER = "Capacity Manager"


def load_device_id(entry_id: str, load_id: str) -> str:
    """Device identifier of one load."""
    return f"{entry_id}_{load_id}"


class _WritesOnChange(CoordinatorEntity[CapacityCoordinator]):
    """Writes its state only when what it shows changed.

    The coordinator publishes on every sample; with a hundred loads (three entities each),
    rewriting every entity every second would flood the state machine for nothing.
    """

    _shown: tuple[Any, ...] | None = None

    def _showing(self) -> tuple[Any, ...]:
        return (self.available, self.state, self.state_attributes, self.extra_state_attributes)

    @callback
    def _handle_coordinator_update(self) -> None:
        if self._showing() != self._shown:
            self.async_write_ha_state()

    @callback
    def async_write_ha_state(self) -> None:
        """Write, and remember what was written (whoever asked for the write)."""
        self._shown = self._showing()
        super().async_write_ha_state()


class CapacityEntity(_WritesOnChange):
    """An entity of the site (panel) device."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: CapacityCoordinator, key: str) -> None:
        super().__init__(coordinator)
        entry = coordinator.entry
        self._attr_unique_id = f"{entry.entry_id}_{key}"
        self._attr_translation_key = key
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            name=entry.title,
            manufacturer=MANUFACTURER,
            model="Site",
            entry_type=DeviceEntryType.SERVICE,
        )


class CapacityLoadEntity(_WritesOnChange):
    """An entity of one load's device (a config subentry)."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: CapacityCoordinator, load_id: str, key: str) -> None:
        super().__init__(coordinator, load_id)  # the context: updated only when its load changed
        entry = coordinator.entry
        binding = coordinator.bindings[load_id]
        self.load_id = load_id
        self._attr_unique_id = f"{entry.entry_id}_{load_id}_{key}"
        self._attr_translation_key = key
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, load_device_id(entry.entry_id, load_id))},
            name=binding.config.name,
            manufacturer=MANUFACTURER,
            model=f"Load ({binding.config.kind.value})",
            entry_type=DeviceEntryType.SERVICE,
            via_device=(DOMAIN, entry.entry_id),
        )

    def _showing(self) -> tuple[Any, ...]:
        # What a load entity shows derives from these alone: cheaper than computing it.
        coordinator = self.coordinator
        data = coordinator.data
        load_id = self.load_id
        load = data.load(load_id)
        return (
            coordinator.last_update_success and load is not None,  # `available`, in short
            load,
            data.managed.get(load_id),
            data.priorities.get(load_id),
            data.plans.get(load_id),
            data.mode,
        )

    @property
    def load(self) -> LoadSnapshot | None:
        """The engine's view of this load."""
        return self.coordinator.data.load(self.load_id)

    @property
    def available(self) -> bool:
        """Available while the engine knows the load."""
        return super().available and self.load is not None
