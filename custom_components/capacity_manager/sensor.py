"""Sensors: site power, limit, headroom, status, loads shed, curtailed energy, last action.

Each load's status sensor is in sensor_load.py.

With a generation load also the PV power held back to keep export under the export limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    DOMAIN as SENSOR_DOMAIN,
    RestoreSensor,
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfEnergy, UnitOfPower
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from . import CapacityManagerConfigEntry
from .const import DOMAIN
from .coordinator import CapacityCoordinator
from .data import CapacityData
from .engine.models import SiteStatus
from .entity import CapacityEntity
from .grid_sensors import async_add_grid_sensors
from .sensor_load import LOAD_SENSORS, LoadSensor, round_w
from .sensor_meter import async_add_meter_sensors

PARALLEL_UPDATES = 0


def _site_power_attrs(data: CapacityData) -> dict[str, Any]:
    """Phase currents, and the export limit in force (site power is negative when exporting)."""
    snapshot = data.snapshot
    attrs: dict[str, Any] = {}
    if snapshot.phase_currents_a is not None:
        attrs["phase_currents_a"] = [round(a, 2) for a in snapshot.phase_currents_a]
    if snapshot.export_limit_w is not None:
        attrs["export_limit_w"] = round_w(snapshot.export_limit_w)
        attrs["export_w"] = round_w(max(0.0, -(snapshot.site_power_w or 0.0)))
    return attrs


def _last_action(data: CapacityData) -> str | None:
    last = data.last_action
    return None if last is None else f"{last.action} {last.name}"[:255]


def _last_action_attrs(data: CapacityData) -> dict[str, Any]:
    last = data.last_action
    if last is None:
        return {}
    attrs = last.as_dict()
    attrs["time"] = dt_util.utc_from_timestamp(last.time).isoformat()
    return attrs


@dataclass(frozen=True, kw_only=True)
class CapacitySensorDescription(SensorEntityDescription):
    """A site sensor: its value (and attributes) from the published data."""

    value_fn: Callable[[CapacityData], StateType]
    attrs_fn: Callable[[CapacityData], dict[str, Any]] | None = None


def _measured(data: CapacityData, watts: float | None) -> float | None:
    """A value that rests on the site meter: unknown in failsafe (the last reading is stale).

    Automations that start a load on headroom, and the card, must not act on a lost meter's
    last word.
    """
    if data.snapshot.status is SiteStatus.FAILSAFE:
        return None
    return round_w(watts)


_POWER: dict[str, Any] = {
    "device_class": SensorDeviceClass.POWER,
    "native_unit_of_measurement": UnitOfPower.WATT,
    "suggested_display_precision": 0,
}

SITE_SENSORS: tuple[CapacitySensorDescription, ...] = (
    CapacitySensorDescription(
        key="site_power",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: _measured(d, d.snapshot.site_power_w),
        attrs_fn=_site_power_attrs,
        **_POWER,
    ),
    CapacitySensorDescription(
        key="effective_limit",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: round_w(d.snapshot.effective_limit_w),
        attrs_fn=lambda d: {
            "limit_source": d.snapshot.limit_source.value,
            "shed_threshold_w": round_w(d.snapshot.shed_threshold_w),
            "target_w": round_w(d.snapshot.target_w),
            "restore_threshold_w": round_w(d.snapshot.restore_threshold_w),
            "granted_w": round_w(d.granted_w),
            "export_limit_w": round_w(d.snapshot.export_limit_w),
        },
        **_POWER,
    ),
    CapacitySensorDescription(
        key="headroom",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: _measured(d, d.snapshot.headroom_w),
        **_POWER,
    ),
    CapacitySensorDescription(
        key="status",
        device_class=SensorDeviceClass.ENUM,
        options=[s.value for s in SiteStatus],
        value_fn=lambda d: d.snapshot.status.value,
    ),
    CapacitySensorDescription(
        key="loads_shed",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda d: len(d.held_loads),
        attrs_fn=lambda d: {"loads": [load.name for load in d.held_loads]},
    ),
    CapacitySensorDescription(
        key="last_action",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_last_action,
        attrs_fn=_last_action_attrs,
    ),
)

# Only on a site with a generation load (a PV inverter's limit).
PV_CURTAILED = CapacitySensorDescription(
    key="pv_curtailed",
    state_class=SensorStateClass.MEASUREMENT,
    value_fn=lambda d: round_w(d.snapshot.pv_curtailed_w),
    **_POWER,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CapacityManagerConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Site sensors, then one status sensor per load (on the load's subentry)."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        [
            *(
                (LimitSensor if description.key == "effective_limit" else CapacitySensor)(
                    coordinator, description
                )
                for description in SITE_SENSORS
            ),
            CurtailedEnergySensor(coordinator),
        ]
    )
    if any(binding.config.is_generation for binding in coordinator.bindings.values()):
        async_add_entities([CapacitySensor(coordinator, PV_CURTAILED)])
    else:  # the last inverter was removed: its site sensor goes too (not left unavailable)
        registry = er.async_get(hass)
        unique_id = f"{entry.entry_id}_{PV_CURTAILED.key}"
        if entity_id := registry.async_get_entity_id(SENSOR_DOMAIN, DOMAIN, unique_id):
            registry.async_remove(entity_id)
    for load_id in coordinator.bindings:
        async_add_entities(
            [LoadSensor(coordinator, load_id, description) for description in LOAD_SENSORS],
            config_subentry_id=load_id,
        )
    async_add_grid_sensors(entry, async_add_entities)
    async_add_meter_sensors(entry, async_add_entities)


class CapacitySensor(CapacityEntity, SensorEntity):
    """A site sensor."""

    entity_description: CapacitySensorDescription

    def __init__(
        self, coordinator: CapacityCoordinator, description: CapacitySensorDescription
    ) -> None:
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The value from the latest step."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Details that explain the value."""
        attrs_fn = self.entity_description.attrs_fn
        return None if attrs_fn is None else attrs_fn(self.coordinator.data)


class LimitSensor(CapacitySensor):
    """The effective limit, with the site's voltage and phases for turning amps into watts.

    Also the per-phase current limit (the breaker rating; None with a limit in watts): the
    card draws each phase's current against it, from the site power's `phase_currents_a`.
    """

    # Fixed by the configuration or seldom changing: not stored with every new limit.
    _unrecorded_attributes = frozenset({"voltage_v", "phases", "phase_limit_a", "export_limit_w"})

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The description's attributes plus the site's voltage, phases and phase limit."""
        site = self.coordinator.site
        attrs = super().extra_state_attributes or {}
        return {
            **attrs,
            "voltage_v": site.voltage_v,
            "phases": site.phases,
            "phase_limit_a": site.limits.phase_current_limit_a,
        }


class CurtailedEnergySensor(CapacityEntity, RestoreSensor):
    """Energy kept from loads by shedding or turning them down (an estimate), ever growing."""

    _attr_device_class = SensorDeviceClass.ENERGY
    _attr_state_class = SensorStateClass.TOTAL_INCREASING
    _attr_native_unit_of_measurement = UnitOfEnergy.KILO_WATT_HOUR
    _attr_suggested_display_precision = 2

    def __init__(self, coordinator: CapacityCoordinator) -> None:
        super().__init__(coordinator, "curtailed_energy")

    async def async_added_to_hass(self) -> None:
        """Continue counting from the last value (restart or reload)."""
        await super().async_added_to_hass()
        last = await self.async_get_last_sensor_data()
        if last is not None and isinstance(last.native_value, int | float):
            # The new coordinator counted from zero since it started: add the old total.
            self.coordinator.curtailed_kwh += float(last.native_value)

    @property
    def native_value(self) -> float:
        """Total so far."""
        return round(self.coordinator.curtailed_kwh, 3)
