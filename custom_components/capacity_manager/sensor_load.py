"""Per-load sensors: each load's status, why it is there and, for a charger, its plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .charging_plan import PlanView
from .coordinator import CapacityCoordinator
from .engine.models import LoadStatus
from .engine.results import LoadSnapshot
from .entity import CapacityLoadEntity


def round_w(value: float | None) -> float | None:
    """Watts as shown: one decimal."""
    return None if value is None else round(value, 1)


@dataclass(frozen=True, kw_only=True)
class LoadSensorDescription(SensorEntityDescription):
    """A per-load sensor; its attributes also see the charger's plan, if it has one."""

    value_fn: Callable[[LoadSnapshot], StateType]
    attrs_fn: Callable[[LoadSnapshot, PlanView | None], dict[str, Any]] | None = None


def _iso(timestamp: float | None) -> str | None:
    return None if timestamp is None else dt_util.utc_from_timestamp(timestamp).isoformat()


def _load_status_attrs(load: LoadSnapshot, plan: PlanView | None) -> dict[str, Any]:
    """Why the load is where it is; for a charger with a plan, the plan and whether it is late."""
    attrs: dict[str, Any] = {
        "reason": load.reason.value if load.reason else None,
        "priority": load.priority,
        "power_w": round_w(load.power_w),
        "setpoint": load.setpoint,
        "setpoint_unit": load.setpoint_unit,
        "expected_power_w": round_w(load.expected_power_w),
        "shed_since": _iso(load.shed_since),
    }
    if plan is not None:
        attrs["departure"] = _iso(plan.departure_s)
        attrs["energy_to_go_kwh"] = plan.energy_to_go_kwh
        attrs["plan_at_risk"] = load.plan_at_risk
    return attrs


LOAD_SENSORS: tuple[LoadSensorDescription, ...] = (
    LoadSensorDescription(
        key="load_status",
        device_class=SensorDeviceClass.ENUM,
        options=[s.value for s in LoadStatus],
        value_fn=lambda load: load.status.value,
        attrs_fn=_load_status_attrs,
    ),
)


class LoadSensor(CapacityLoadEntity, SensorEntity):
    """A per-load sensor."""

    entity_description: LoadSensorDescription

    def __init__(
        self, coordinator: CapacityCoordinator, load_id: str, description: LoadSensorDescription
    ) -> None:
        super().__init__(coordinator, load_id, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The load's value from the latest step."""
        load = self.load
        return None if load is None else self.entity_description.value_fn(load)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Why the load is where it is (and a charger's plan)."""
        load, attrs_fn = self.load, self.entity_description.attrs_fn
        if load is None or attrs_fn is None:
            return None
        return attrs_fn(load, self.coordinator.data.plans.get(self.load_id))
