"""Simulator properties on random traces: skipping idle samples changes nothing, energy adds up."""

from __future__ import annotations

import gzip
import random
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from custom_components.capacity_manager.engine.comparison import make_controller
from custom_components.capacity_manager.engine.models import ActionKind
from custom_components.capacity_manager.engine.scenario import (
    HouseTrace,
    LoadBehaviour,
    Scenario,
)
from custom_components.capacity_manager.engine.simulator import simulate
from tests.engine.sim_builders import Scripted, ev, scenario, switched, without_timing

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def random_scenario(seed: int, *, minutes: int = 120, sample_s: float | None = None) -> Scenario:
    """A house with bursts on three sub-metered circuits and two EV sessions."""
    rng = random.Random(seed)
    columns: dict[str, list[float]] = {"laundry": [], "wh": [], "kitchen": []}
    total = []
    for _ in range(minutes):
        laundry = rng.choice([0.0, 0.0, 150.0, rng.uniform(1000, 4500)])
        wh = rng.choice([0.0, 1140.0])
        kitchen = rng.choice([0.0, 0.0, 0.0, rng.uniform(500, 4000)])
        columns["laundry"].append(laundry)
        columns["wh"].append(wh)
        columns["kitchen"].append(kitchen)
        total.append(rng.uniform(200, 3500) + laundry + wh + kitchen)
    start = rng.uniform(0, 1800)
    car = ev("ev", (start, start + rng.uniform(600, 5000), rng.uniform(1000, 15000)), priority=12)
    return scenario(
        HouseTrace(
            timestamps_s=[60.0 * i for i in range(minutes)],
            interval_s=60.0,
            total_w=total,
            columns=columns,
        ),
        limit_w=rng.uniform(4000, 8000),
        loads=[
            switched("laundry", rated_w=4500, priority=5),
            switched("wh", rated_w=1140, priority=8),
            switched("kitchen", behaviour=LoadBehaviour.INTERRUPTIBLE, priority=2),
        ],
        evs=[car],
        latency_s=rng.choice([0.0, 2.0, 10.0, 45.0]),
        sample_interval_s=sample_s,
    )


def _both_ways(name: str, scen: Scenario) -> None:
    fast = simulate(scen, make_controller(name, scen), skip_idle=True, record=True)
    slow = simulate(scen, make_controller(name, scen), skip_idle=False, record=True)
    assert without_timing(fast.metrics) == without_timing(slow.metrics)
    assert fast.series == slow.series
    assert fast.stats.controller_calls <= slow.stats.controller_calls


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    name=st.sampled_from(["threshold_rule", "ev_headroom"]),
    sample_s=st.sampled_from([None, 7.0, 20.0]),
)
def test_skipping_idle_samples_gives_identical_results(
    seed: int, name: str, sample_s: float | None
) -> None:
    _both_ways(name, random_scenario(seed, sample_s=sample_s))


def test_skipping_really_skips_for_threshold_rule() -> None:
    scen = random_scenario(7, sample_s=1.0)
    result = simulate(scen, make_controller("threshold_rule", scen))
    assert result.stats.controller_calls < result.stats.samples / 2


def _week(path: Path) -> HouseTrace:
    with gzip.open(path, "rt") as fh:
        rows = [line.strip().split(",") for line in fh.readlines()[1:]]
    return HouseTrace(
        timestamps_s=[datetime.fromisoformat(r[0]).timestamp() for r in rows],
        interval_s=60.0,
        total_w=[float(r[1]) for r in rows],
        columns={"kitchen": [float(r[2]) for r in rows], "laundry": [float(r[3]) for r in rows]},
    )


def test_skipping_is_identical_on_a_real_week() -> None:
    weeks = sorted(DATA.glob("uci_sceaux_house1_week_*.csv.gz"))
    if not weeks:
        pytest.skip(f"shared benchmark data not found in {DATA}")
    house = _week(weeks[0])
    t0 = house.start_s
    car = ev(
        "ev", *[(t0 + d * 86400 + 18 * 3600, t0 + d * 86400 + 31 * 3600, 12_000) for d in range(6)]
    )
    scen = scenario(
        house,
        limit_w=0.75 * max(house.total_w),
        loads=[
            switched("laundry", priority=5),
            switched("kitchen", behaviour=LoadBehaviour.INTERRUPTIBLE, priority=3),
        ],
        evs=[car],
    )
    for name in ("threshold_rule", "ev_headroom"):
        _both_ways(name, scen)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), sample_s=st.sampled_from([None, 13.0, 60.0, 150.0]))
def test_energy_adds_up_under_any_shed_restore_sequence(seed: int, sample_s: float | None) -> None:
    """Served + never served = wanted, for every load, whatever a controller does."""
    scen = random_scenario(seed, minutes=60, sample_s=sample_s)
    rng = random.Random(seed)
    step = scen.step_s
    plan: dict[float, list[tuple[str, ActionKind, float | None]]] = {}
    for _ in range(12):
        at = step * rng.randrange(int(3600 // step))
        load = rng.choice(["laundry", "wh", "kitchen", "ev"])
        kind = rng.choice([ActionKind.SHED, ActionKind.RESTORE, ActionKind.MODULATE])
        plan.setdefault(at, []).append((load, kind, float(rng.randrange(0, 33))))
    result = simulate(scen, Scripted(plan), record=True)
    m, series = result.metrics, result.series
    assert series is not None
    spans = [min(t + step, scen.trace.end_s) - t for t in series.times_s]
    served_wh = sum(p * d for p, d in zip(series.switched_w, spans, strict=True)) / 3600
    wanted_wh = sum(sum(scen.trace.columns[c]) * 60 / 3600 for c in ("laundry", "wh", "kitchen"))
    unserved_wh = 1000 * (m["energy_unserved_kwh"] - m["ev_energy_unserved_kwh"])
    assert served_wh + unserved_wh == pytest.approx(wanted_wh, rel=1e-9, abs=1e-6)
    ev_wh = sum(p * d for p, d in zip(series.ev_w, spans, strict=True)) / 3600
    assert ev_wh == pytest.approx(1000 * m["ev_energy_delivered_kwh"], abs=1e-6)
    assert m["ev_energy_delivered_kwh"] <= m["ev_energy_requested_kwh"] + 1e-9
