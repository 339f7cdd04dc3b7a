"""Switch per load: "managed" — whether the load takes part in shedding."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import CapacityManagerConfigEntry
from .coordinator import CapacityCoordinator
from .entity import CapacityLoadEntity

PARALLEL_UPDATES = 0

MANAGED_DESCRIPTION = SwitchEntityDescription(key="managed", entity_category=EntityCategory.CONFIG)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CapacityManagerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One managed switch per load, on the load's subentry."""
    coordinator = entry.runtime_data.coordinator
    for load_id in coordinator.bindings:
        async_add_entities([ManagedSwitch(coordinator, load_id)], config_subentry_id=load_id)


class ManagedSwitch(CapacityLoadEntity, SwitchEntity):
    """Off: the integration leaves this load alone (remembered across restarts)."""

    def __init__(self, coordinator: CapacityCoordinator, load_id: str) -> None:
        super().__init__(coordinator, load_id, MANAGED_DESCRIPTION.key)
        self.entity_description = MANAGED_DESCRIPTION

    @property
    def is_on(self) -> bool:
        """Whether the load is managed."""
        return self.coordinator.data.managed.get(self.load_id, True)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Let the integration shed this load."""
        self.coordinator.set_managed(self.load_id, True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Leave this load alone."""
        self.coordinator.set_managed(self.load_id, False)
