"""Select: the mode (active, monitor, off)."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import CapacityManagerConfigEntry
from .coordinator import CapacityCoordinator
from .engine.models import Mode
from .entity import CapacityEntity

PARALLEL_UPDATES = 0

MODE_DESCRIPTION = SelectEntityDescription(
    key="mode",
    entity_category=EntityCategory.CONFIG,
    options=[mode.value for mode in Mode],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CapacityManagerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the mode select."""
    async_add_entities([ModeSelect(entry.runtime_data.coordinator)])


class ModeSelect(CapacityEntity, SelectEntity):
    """Active: decide and act. Monitor: decide and report only. Off: give everything back."""

    def __init__(self, coordinator: CapacityCoordinator) -> None:
        super().__init__(coordinator, MODE_DESCRIPTION.key)
        self.entity_description = MODE_DESCRIPTION

    @property
    def current_option(self) -> str:
        """The mode in force."""
        return self.coordinator.data.mode.value

    async def async_select_option(self, option: str) -> None:
        """Change the mode (remembered across restarts)."""
        self.coordinator.set_mode(Mode(option))
