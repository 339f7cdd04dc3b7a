"""Button: give back every load we hold."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import CapacityManagerConfigEntry
from .coordinator import CapacityCoordinator
from .entity import CapacityEntity

PARALLEL_UPDATES = 0

RESTORE_ALL_DESCRIPTION = ButtonEntityDescription(key="restore_all")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CapacityManagerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the restore-all button."""
    async_add_entities([RestoreAllButton(entry.runtime_data.coordinator)])


class RestoreAllButton(CapacityEntity, ButtonEntity):
    """Gives back every shed or turned-down load, one per step."""

    def __init__(self, coordinator: CapacityCoordinator) -> None:
        super().__init__(coordinator, RESTORE_ALL_DESCRIPTION.key)
        self.entity_description = RESTORE_ALL_DESCRIPTION

    async def async_press(self) -> None:
        """Restore all loads."""
        self.coordinator.restore_all()
