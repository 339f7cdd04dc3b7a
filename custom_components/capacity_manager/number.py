"""Numbers: the site's limit override, and each load's priority."""

from __future__ import annotations

from homeassistant.components.number import (
    NumberDeviceClass,
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import EntityCategory, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import CapacityManagerConfigEntry
from .const import MAX_PRIORITY, MIN_PRIORITY
from .coordinator import CapacityCoordinator
from .entity import CapacityEntity, CapacityLoadEntity

PARALLEL_UPDATES = 0

LIMIT_OVERRIDE_DESCRIPTION = NumberEntityDescription(
    key="limit_override",
    entity_category=EntityCategory.CONFIG,
    device_class=NumberDeviceClass.POWER,
    native_unit_of_measurement=UnitOfPower.WATT,
    native_min_value=0,
    native_step=10,
    mode=NumberMode.BOX,
)
PRIORITY_DESCRIPTION = NumberEntityDescription(
    key="priority",
    entity_category=EntityCategory.CONFIG,
    native_min_value=MIN_PRIORITY,
    native_max_value=MAX_PRIORITY,
    native_step=1,
    mode=NumberMode.BOX,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CapacityManagerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """The limit override, then one priority number per load (on its subentry)."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities([LimitOverrideNumber(coordinator)])
    for load_id in coordinator.bindings:
        async_add_entities([PriorityNumber(coordinator, load_id)], config_subentry_id=load_id)


class LimitOverrideNumber(CapacityEntity, NumberEntity):
    """A limit tighter than the panel's; 0 means no override."""

    def __init__(self, coordinator: CapacityCoordinator) -> None:
        super().__init__(coordinator, LIMIT_OVERRIDE_DESCRIPTION.key)
        self.entity_description = LIMIT_OVERRIDE_DESCRIPTION
        self._attr_native_max_value = coordinator.site.limits.panel_limit_w

    @property
    def native_value(self) -> float:
        """The override in W (0 = none)."""
        return self.coordinator.data.limit_override_w or 0.0

    async def async_set_native_value(self, value: float) -> None:
        """Set (or with 0 clear) the override."""
        self.coordinator.set_limit_override(value or None)


class PriorityNumber(CapacityLoadEntity, NumberEntity):
    """The load's place in the ladder: 1 is shed last and restored first."""

    def __init__(self, coordinator: CapacityCoordinator, load_id: str) -> None:
        super().__init__(coordinator, load_id, PRIORITY_DESCRIPTION.key)
        self.entity_description = PRIORITY_DESCRIPTION

    @property
    def native_value(self) -> float | None:
        """The priority in force."""
        return self.coordinator.data.priorities.get(self.load_id)

    async def async_set_native_value(self, value: float) -> None:
        """Change the priority without a reload."""
        self.coordinator.set_priority(self.load_id, int(value))
