"""Engine speed: time per controller step with N loads, and replay throughput.

The step timing drives `engine.controller.Controller` directly in a busy but realistic state:
one EV per five loads and switched loads of 0.5-4 kW, a limit at 60 % of their combined power,
and a house base load that wanders (slow swing plus noise, deterministic) so the controller
keeps shedding, modulating and restoring. Load states follow the controller's actions at once,
as a fast site would. The median over many steps is reported (robust to a busy machine).
"""

from __future__ import annotations

import dataclasses
import math
import random
import statistics
import time

from custom_components.capacity_manager.engine.comparison import run_controller
from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LimitConfig,
    LoadConfig,
    LoadKind,
    LoadState,
    Measurement,
    SiteConfig,
)
from custom_components.capacity_manager.engine.results import Action
from custom_components.capacity_manager.engine.scenario import Scenario

WARMUP_STEPS = 300
TIMED_STEPS = 3000


def bench_loads(count: int) -> list[LoadConfig]:
    """`count` loads: every fifth an EV (32 A), the rest switched loads of 0.5-4 kW."""
    rng = random.Random(count)
    loads = []
    for i in range(count):
        priority = 1 + i % 10
        if i % 5 == 4:
            # No pause guard: the benchmarks cycle loads far faster than a real car would.
            loads.append(LoadConfig.ev(f"ev{i}", f"EV {i}", priority=priority, min_off_s=0.0))
        else:
            watts = float(rng.choice((500, 1000, 1500, 2000, 3000, 4000)))
            loads.append(
                LoadConfig(
                    load_id=f"load{i}",
                    name=f"Load {i}",
                    kind=LoadKind.SWITCHED,
                    priority=priority,
                    rated_power_w=watts,
                )
            )
    return loads


class _Site:
    """Load states that follow the controller's actions, and the resulting site power."""

    def __init__(self, loads: list[LoadConfig]) -> None:
        self.loads = {c.load_id: c for c in loads}
        self.states = {
            c.load_id: LoadState(
                is_on=True,
                setpoint=c.max_setpoint if c.is_modulated else None,
                power_w=c.rated_power_w,
                demand_setpoint=c.max_setpoint if c.is_modulated else None,
            )
            for c in loads
        }

    def apply(self, action: Action) -> None:
        cfg, state = self.loads[action.load_id], self.states[action.load_id]
        if action.kind is ActionKind.SHED:
            self.states[action.load_id] = LoadState(
                is_on=False,
                setpoint=state.setpoint,
                power_w=0.0,
                demand_setpoint=state.demand_setpoint,
            )
            return
        setpoint = action.setpoint if action.setpoint is not None else state.setpoint
        power = (
            cfg.power_at(setpoint)
            if cfg.is_modulated and setpoint is not None
            else cfg.rated_power_w
        )
        self.states[action.load_id] = LoadState(
            is_on=True, setpoint=setpoint, power_w=power, demand_setpoint=state.demand_setpoint
        )

    def load_power(self) -> float:
        return sum(s.power_w or 0.0 for s in self.states.values())


def step_time_us(count: int, *, steps: int = TIMED_STEPS) -> float:
    """Median wall time (µs) of one `Controller.step` with `count` loads."""
    loads = bench_loads(count)
    total = sum(c.rated_power_w for c in loads)
    limit = 0.6 * total
    controller = Controller(SiteConfig(limits=LimitConfig(panel_limit_w=limit)), loads)
    site = _Site(loads)
    rng = random.Random(1000 + count)
    samples: list[int] = []
    for k in range(WARMUP_STEPS + steps):
        now = float(k)  # one sample per second
        swing = 0.25 * limit * (1.0 + math.sin(2 * math.pi * k / 600.0))
        base = 0.1 * limit + swing + rng.uniform(-0.03, 0.03) * limit
        measurement = Measurement(site_power_w=base + site.load_power())
        t0 = time.perf_counter_ns()
        result = controller.step(now, measurement, site.states)
        elapsed = time.perf_counter_ns() - t0
        for action in result.actions:
            site.apply(action)
        if k >= WARMUP_STEPS:
            samples.append(elapsed)
    return statistics.median(samples) / 1000.0


REPLAY_SAMPLE_INTERVAL_S = 1.0  # Home Assistant steps the controller every second


def replay_samples_per_s(scenario: Scenario, *, runs: int = 3) -> float:
    """Median samples/s of the simulator with our controller over `runs` replays.

    Replayed at Home Assistant's 1 s step: samples whose inputs repeat and where no timer runs
    out are skipped by the controller's `skippable` (results stay identical: tested).
    """
    fine = dataclasses.replace(scenario, sample_interval_s=REPLAY_SAMPLE_INTERVAL_S)
    rates = [run_controller("capacity_manager", fine).samples_per_s for _ in range(runs)]
    return float(statistics.median(rates))
