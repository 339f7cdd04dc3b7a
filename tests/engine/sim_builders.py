"""Small hand-made scenarios for simulator, metrics, oracle and baseline tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LimitConfig,
    LoadConfig,
    LoadKind,
    LoadState,
    Measurement,
    Reason,
    SiteConfig,
)
from custom_components.capacity_manager.engine.results import Action
from custom_components.capacity_manager.engine.scenario import (
    EvSession,
    EvSpec,
    HouseTrace,
    LoadBehaviour,
    Scenario,
    SwitchedLoadSpec,
)

MINUTE = 60.0
HOUR = 3600.0
EV_UNIT_W = 230.0  # 1 phase, 230 V: 32 A = 7360 W


def trace(
    total: Sequence[float], *, interval_s: float = MINUTE, **columns: Sequence[float]
) -> HouseTrace:
    """A trace starting at t=0 with one sample per `interval_s`."""
    return HouseTrace(
        timestamps_s=[i * interval_s for i in range(len(total))],
        interval_s=interval_s,
        total_w=total,
        columns=columns,
    )


def site(limit_w: float = 7200.0) -> SiteConfig:
    """A single-phase site with a panel limit."""
    return SiteConfig(limits=LimitConfig(panel_limit_w=limit_w))


def switched(
    load_id: str,
    column: str | None = None,
    *,
    behaviour: LoadBehaviour = LoadBehaviour.DEFERRABLE,
    rated_w: float = 0.0,
    priority: int = 10,
    never_shed: bool = False,
) -> SwitchedLoadSpec:
    """A switched load fed by trace column `column` (default: its id)."""
    return SwitchedLoadSpec(
        config=LoadConfig(
            load_id=load_id,
            name=load_id,
            kind=LoadKind.SWITCHED,
            rated_power_w=rated_w,
            priority=priority,
            never_shed=never_shed,
        ),
        column=column or load_id,
        behaviour=behaviour,
    )


def ev(
    load_id: str = "ev",
    *sessions: tuple[float, float, float],
    priority: int = 10,
    never_shed: bool = False,
) -> EvSpec:
    """A 32 A single-phase charger with sessions given as (plug_in_s, plug_out_s, energy_wh)."""
    return EvSpec(
        config=LoadConfig.ev(
            load_id, load_id, priority=priority, max_current_a=32, never_shed=never_shed
        ),
        sessions=[EvSession(plug_in_s=a, plug_out_s=b, energy_wh=e) for a, b, e in sessions],
    )


def scenario(
    house: HouseTrace,
    *,
    limit_w: float = 7200.0,
    loads: Sequence[SwitchedLoadSpec] = (),
    evs: Sequence[EvSpec] = (),
    latency_s: float = 10.0,
    sample_interval_s: float | None = None,
) -> Scenario:
    """A scenario around `house`."""
    return Scenario(
        name="test",
        trace=house,
        site=site(limit_w),
        switched=loads,
        evs=evs,
        latency_s=latency_s,
        sample_interval_s=sample_interval_s,
    )


Plan = Mapping[float, Sequence[tuple[str, ActionKind, float | None]]]


class Scripted:
    """Issues given actions at given sample times and records what it saw."""

    def __init__(
        self, plan: Mapping[float, Sequence[tuple[str, ActionKind, float | None]]]
    ) -> None:
        self.plan = plan
        self.seen: list[tuple[float, float, dict[str, LoadState]]] = []

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> list[Action]:
        self.seen.append((now, measurement.site_power_w, dict(states)))
        return [
            Action(load_id=load_id, kind=kind, reason=Reason.MANUAL, setpoint=setpoint)
            for load_id, kind, setpoint in self.plan.get(now, ())
        ]


def without_timing(metrics: Mapping[str, object]) -> dict[str, object]:
    """Metrics minus the wall-clock ones (the rest is deterministic)."""
    return {
        k: v
        for k, v in metrics.items()
        if k not in ("decision_time_us_per_step", "controller_calls")
    }
