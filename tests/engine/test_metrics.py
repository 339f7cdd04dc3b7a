"""Metrics: how time and energy above the limit, episodes and EV sessions are counted."""

from __future__ import annotations

import json

import pytest

from custom_components.capacity_manager.engine.metrics import (
    REQUIRED_KEYS,
    EvSessionOutcome,
    LoadCounters,
    OverLimitTracker,
    RunStats,
)
from custom_components.capacity_manager.engine.simulator import simulate
from tests.engine.sim_builders import scenario, trace


def test_contiguous_intervals_above_limit_are_one_event() -> None:
    t = OverLimitTracker(limit_w=1000.0)
    t.add(10, 1200, 0)  # avoidable
    t.add(5, 1500, 1100)  # unavoidable, same episode
    t.add(20, 900, 0)
    t.add(3, 1001, 0)
    assert t.events == 2
    assert t.seconds_above == 18
    assert t.unavoidable_seconds == 5
    assert t.max_overshoot_w == 500
    assert t.energy_above_ws == 200 * 10 + 500 * 5 + 1 * 3
    assert t.max_event_avoidable_s == 10


def test_exactly_at_the_limit_is_not_above() -> None:
    t = OverLimitTracker(limit_w=7200.0)
    t.add(60, 7200.0 + 1e-9, 0)  # float noise of a controller landing on the limit
    assert (t.events, t.seconds_above) == (0, 0)


def test_ev_outcome_served_and_delay() -> None:
    on_time = EvSessionOutcome(
        load_id="ev",
        plug_in_s=0,
        plug_out_s=7200,
        requested_wh=1000,
        deliverable_wh=1000,
        reference_done_s=600,
        delivered_wh=1000,
        done_s=1800,
    )
    assert on_time.fully_served
    assert on_time.delay_s == 1200
    short = EvSessionOutcome(
        load_id="ev",
        plug_in_s=0,
        plug_out_s=7200,
        requested_wh=1000,
        deliverable_wh=1000,
        reference_done_s=600,
        delivered_wh=999,
    )
    assert not short.fully_served
    assert short.delay_s == 6600  # never done: counted until plug-out


def test_metrics_dict_has_the_benchmark_keys_and_is_json() -> None:
    stats = RunStats(tracker=OverLimitTracker(limit_w=1.0))
    stats.loads["a"] = LoadCounters(sheds=2, restores=1, deferred_wh=500, unserved_wh=250)
    stats.loads["b"] = LoadCounters(sheds=1, modulations=4)
    stats.sessions.append(
        EvSessionOutcome(
            load_id="b",
            plug_in_s=0,
            plug_out_s=100,
            requested_wh=2000,
            deliverable_wh=1500,
            reference_done_s=100,
            delivered_wh=1000,
        )
    )
    m = stats.to_dict()
    assert set(REQUIRED_KEYS) <= set(m)
    assert m["switch_cycles"] == 4
    assert m["energy_deferred_kwh"] == 0.5
    assert m["energy_unserved_kwh"] == pytest.approx(0.75)  # 250 Wh + 500 Wh the car missed
    assert m["per_load"]["a"] == {
        "sheds": 2,
        "switch_cycles": 3,
        "modulations": 0,
        "energy_deferred_kwh": 0.5,
        "energy_unserved_kwh": 0.25,
    }
    assert m["per_load"]["b"]["energy_unserved_kwh"] == pytest.approx(0.5)
    assert (m["ev_sessions"], m["ev_sessions_fully_served"]) == (1, 0)
    json.dumps(m)


def test_no_sessions_means_no_delay_and_full_share() -> None:
    m = simulate(scenario(trace([100.0]))).metrics
    assert (m["ev_sessions"], m["ev_mean_delay_min"], m["ev_sessions_fully_served_pct"]) == (
        0,
        0.0,
        100.0,
    )
    assert m["decision_time_us_per_step"] == 0.0
