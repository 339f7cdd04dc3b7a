"""Sensors of grid limits, OpenADR offers and the capacity tariff.

The limits in force and their next change, what an OpenADR VTN offers (capacity and its price),
and the capacity tariff (this window's projected average and the month's peak).

They exist only when the site has limit sources; per-source sensors belong to their subentry.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import (
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfPower
from homeassistant.core import callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .entity import CapacityEntity
from .grid.const import CONF_SOURCE_KIND, KIND_TARIFF, SUBENTRY_LIMIT_SOURCE
from .grid.manager import GridManager
from .grid.openadr_source import OpenAdrSource
from .grid.schedule import (
    EXPORT_AVAILABLE,
    EXPORT_AVAILABLE_PRICE,
    IMPORT_AVAILABLE,
    IMPORT_AVAILABLE_PRICE,
)
from .grid.sources import Combined
from .grid.tariff import MonthPeak

if TYPE_CHECKING:
    from . import CapacityManagerConfigEntry
    from .coordinator import CapacityCoordinator

PEAK_CHECK = timedelta(seconds=5)  # how often the month's peak looks at the window
_POWER: dict[str, Any] = {
    "device_class": SensorDeviceClass.POWER,
    "native_unit_of_measurement": UnitOfPower.WATT,
    "suggested_display_precision": 0,
    "state_class": SensorStateClass.MEASUREMENT,
}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, kw_only=True)
class GridSensorDescription(SensorEntityDescription):
    """A site sensor fed by the combined grid limits."""

    value_fn: Callable[[Combined], StateType | datetime]
    attrs_fn: Callable[[Combined], dict[str, Any]] | None = None


GRID_SENSORS = (
    GridSensorDescription(
        key="grid_import_limit",
        value_fn=lambda c: _round(c.import_w),
        attrs_fn=lambda c: {
            "source": c.import_source.kind if c.import_source else None,
            "source_name": c.import_source.name if c.import_source else None,
        },
        **_POWER,
    ),
    GridSensorDescription(
        key="grid_export_limit",
        value_fn=lambda c: _round(c.export_w),
        attrs_fn=lambda c: {
            "source": c.export_source.kind if c.export_source else None,
            "source_name": c.export_source.name if c.export_source else None,
        },
        **_POWER,
    ),
    GridSensorDescription(
        key="grid_next_change",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda c: c.next_change,
    ),
)

# OpenADR payload types shown per VTN: (sensor key, payload type, is a power)
VTN_SENSORS = (
    ("import_capacity_available", IMPORT_AVAILABLE, True),
    ("import_capacity_price", IMPORT_AVAILABLE_PRICE, False),
    ("export_capacity_available", EXPORT_AVAILABLE, True),
    ("export_capacity_price", EXPORT_AVAILABLE_PRICE, False),
)


def async_add_grid_sensors(
    entry: CapacityManagerConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the grid sensors the site's limit sources call for."""
    coordinator, grid = entry.runtime_data.coordinator, entry.runtime_data.grid
    if grid.sources:
        async_add_entities([GridLimitSensor(coordinator, grid, d) for d in GRID_SENSORS])
    for source in grid.openadr_sources:
        async_add_entities(
            [VtnSensor(coordinator, grid, source, *spec) for spec in VTN_SENSORS],
            config_subentry_id=source.source_id,
        )
    for subentry in entry.subentries.values():
        if subentry.subentry_type == SUBENTRY_LIMIT_SOURCE and (
            subentry.data.get(CONF_SOURCE_KIND) == KIND_TARIFF
        ):
            if coordinator.site.limits.window_limit_w is not None:
                async_add_entities(
                    [TariffProjectionSensor(coordinator), MonthPeakSensor(coordinator)],
                    config_subentry_id=subentry.subentry_id,
                )
            break


class _GridEntity(CapacityEntity):
    """Follows the grid manager as well as the coordinator."""

    def __init__(self, coordinator: CapacityCoordinator, grid: GridManager, key: str) -> None:
        super().__init__(coordinator, key)
        self._grid = grid

    async def async_added_to_hass(self) -> None:
        """Also update when grid limits change."""
        await super().async_added_to_hass()
        self.async_on_remove(self._grid.add_listener(self.async_write_ha_state))


class GridLimitSensor(_GridEntity, SensorEntity):
    """The combined grid limits."""

    entity_description: GridSensorDescription

    def __init__(
        self,
        coordinator: CapacityCoordinator,
        grid: GridManager,
        description: GridSensorDescription,
    ) -> None:
        super().__init__(coordinator, grid, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType | datetime:
        """The value now."""
        return self.entity_description.value_fn(self._grid.combined)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Which source sets it."""
        attrs_fn = self.entity_description.attrs_fn
        return None if attrs_fn is None else attrs_fn(self._grid.combined)


class VtnSensor(_GridEntity, SensorEntity):
    """A value an OpenADR VTN publishes (available capacity, its price)."""

    def __init__(
        self,
        coordinator: CapacityCoordinator,
        grid: GridManager,
        source: OpenAdrSource,
        key: str,
        payload_type: str,
        power: bool,
    ) -> None:
        super().__init__(coordinator, grid, key)
        self._attr_unique_id = f"{coordinator.entry.entry_id}_{source.source_id}_{key}"
        self._source = source
        self._payload_type = payload_type
        if power:
            self._attr_device_class = SensorDeviceClass.POWER
            self._attr_native_unit_of_measurement = UnitOfPower.WATT
            self._attr_state_class = SensorStateClass.MEASUREMENT
            self._attr_suggested_display_precision = 0

    @property
    def native_value(self) -> float | None:
        """The value in force, unknown when the VTN has not said (or is not reachable)."""
        return _round(self._source.value(self._payload_type, dt_util.utcnow()))

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Whether the VTN's data is current."""
        return {"vtn": self._source.name, "fresh": self._source.fresh}


class TariffProjectionSensor(CapacityEntity, SensorEntity):
    """The current window's average projected to its end (what the tariff will count)."""

    _attr_device_class = SensorDeviceClass.POWER
    _attr_native_unit_of_measurement = UnitOfPower.WATT
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_suggested_display_precision = 0

    def __init__(self, coordinator: CapacityCoordinator) -> None:
        super().__init__(coordinator, "tariff_window_projection")

    @property
    def native_value(self) -> float | None:
        """Projected average of this window."""
        return _round(self.coordinator.data.snapshot.window_projection_w)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The average so far and the limit."""
        return {
            "average_w": _round(self.coordinator.data.snapshot.window_average_w),
            "window_limit_w": self.coordinator.site.limits.window_limit_w,
        }


class MonthPeakSensor(CapacityEntity, RestoreSensor):
    """The highest completed window average this month (survives restarts)."""

    _attr_device_class = SensorDeviceClass.POWER
    _attr_native_unit_of_measurement = UnitOfPower.WATT
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_suggested_display_precision = 0

    def __init__(self, coordinator: CapacityCoordinator) -> None:
        super().__init__(coordinator, "tariff_month_peak")
        self._peak = MonthPeak()

    async def async_added_to_hass(self) -> None:
        """Continue this month's peak after a restart."""
        await super().async_added_to_hass()
        last = await self.async_get_last_state()
        sensor = await self.async_get_last_sensor_data()
        if last is not None and sensor is not None:
            self._peak = MonthPeak.restore(
                {
                    "month": last.attributes.get("month"),
                    "peak_w": sensor.native_value,
                    "peak_start": _timestamp(last.attributes.get("peak_start")),
                }
            )
        self._observe()
        # Steps that change nothing visible are not published, so look on a timer as well.
        self.async_on_remove(
            async_track_time_interval(
                self.hass, self._on_timer, PEAK_CHECK, cancel_on_shutdown=True
            )
        )

    def _observe(self) -> bool:
        snapshot = self.coordinator.data.snapshot
        if snapshot.window_projection_w is None:
            return False  # no step yet (or no window limit): nothing to count
        window_s = self.coordinator.site.limits.window_s
        start = math.floor(snapshot.now / window_s) * window_s
        month = dt_util.as_local(dt_util.utc_from_timestamp(start)).strftime("%Y-%m")
        return self._peak.observe(start, month, snapshot.window_projection_w)

    @callback
    def _on_timer(self, _now: datetime) -> None:
        if self._observe():
            self.async_write_ha_state()

    @callback
    def _handle_coordinator_update(self) -> None:
        self._observe()
        super()._handle_coordinator_update()

    @property
    def native_value(self) -> float | None:
        """This month's peak."""
        return _round(self._peak.peak_w)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Which month, and when the peak window started."""
        start = self._peak.peak_start
        return {
            "month": self._peak.month,
            "peak_start": None if start is None else dt_util.utc_from_timestamp(start).isoformat(),
        }


def _timestamp(value: object) -> float | None:
    parsed = dt_util.parse_datetime(value) if isinstance(value, str) else None
    return None if parsed is None else parsed.timestamp()
