"""What the coordinator publishes to its entities, and its record of recent decisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from .charging_plan import PlanView
from .engine.models import LoadStatus, Mode
from .engine.results import LoadSnapshot, Snapshot

# Load statuses that count as "taken away by us" (loads shed sensor, curtailed energy).
HELD_STATUSES = (LoadStatus.SHED, LoadStatus.MODULATED)


@dataclass(frozen=True, kw_only=True, slots=True)
class Decision:
    """One action the controller decided, and what became of it."""

    time: float
    load_id: str
    name: str
    entity_id: str
    action: str  # shed / restore / modulate
    reason: str
    setpoint: float | None
    result: str  # "done", "failed: <reason>", "advisory" (monitor mode), "pending"

    def as_dict(self) -> dict[str, object]:
        """Plain form for attributes and diagnostics."""
        return {
            "time": self.time,
            "load_id": self.load_id,
            "name": self.name,
            "entity_id": self.entity_id,
            "action": self.action,
            "reason": self.reason,
            "setpoint": self.setpoint,
            "result": self.result,
        }


@dataclass(frozen=True, kw_only=True, slots=True)
class CapacityData:
    """One published view: the engine snapshot plus the glue's own figures."""

    snapshot: Snapshot
    mode: Mode
    limit_override_w: float | None
    granted_w: float  # capacity kept for granted requests right now
    curtailed_kwh: float
    last_action: Decision | None
    managed: dict[str, bool] = field(default_factory=dict)
    priorities: dict[str, int] = field(default_factory=dict)
    plans: dict[str, PlanView] = field(default_factory=dict)  # chargers' plans, by load id
    # Loads by id: every load entity looks its load up on every update (100 loads, 3 each).
    _by_id: dict[str, LoadSnapshot] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {load.load_id: load for load in self.snapshot.loads})

    def load(self, load_id: str) -> LoadSnapshot | None:
        """The snapshot of one load, if the engine knows it."""
        return self._by_id.get(load_id)

    @property
    def held_loads(self) -> list[LoadSnapshot]:
        """Consumers we shed or turned down right now (a curtailed inverter takes nothing away)."""
        return [
            load
            for load in self.snapshot.loads
            if load.status in HELD_STATUSES and not load.generation
        ]


def curtailed_w(snapshot: Snapshot) -> float:
    """Estimated power we keep loads from drawing right now.

    A shed load would draw its expected power; a turned-down load the difference between its
    expected power and what it draws now. Curtailed generation is not counted: it is
    production held back, not consumption (`Snapshot.pv_curtailed_w`).
    """
    total = 0.0
    for load in snapshot.loads:
        if load.generation:
            continue
        if load.status is LoadStatus.SHED:
            total += load.expected_power_w
        elif load.status is LoadStatus.MODULATED:
            total += max(0.0, load.expected_power_w - (load.power_w or 0.0))
    return total
