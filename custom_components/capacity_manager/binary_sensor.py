"""Binary sensor: the site is above its effective limit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import CapacityManagerConfigEntry
from .coordinator import CapacityCoordinator
from .data import CapacityData
from .entity import CapacityEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class CapacityBinarySensorDescription(BinarySensorEntityDescription):
    """A site binary sensor."""

    is_on_fn: Callable[[CapacityData], bool]


BINARY_SENSORS: tuple[CapacityBinarySensorDescription, ...] = (
    CapacityBinarySensorDescription(
        key="overload",
        device_class=BinarySensorDeviceClass.PROBLEM,
        is_on_fn=lambda d: d.snapshot.overload,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CapacityManagerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the site's binary sensors."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(CapacityBinarySensor(coordinator, d) for d in BINARY_SENSORS)


class CapacityBinarySensor(CapacityEntity, BinarySensorEntity):
    """A site binary sensor."""

    entity_description: CapacityBinarySensorDescription

    def __init__(
        self, coordinator: CapacityCoordinator, description: CapacityBinarySensorDescription
    ) -> None:
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    def is_on(self) -> bool:
        """On while power is above the limit."""
        return self.entity_description.is_on_fn(self.coordinator.data)
