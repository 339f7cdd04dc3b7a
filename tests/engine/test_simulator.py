"""Trace simulator: small hand-made traces whose outcome can be worked out by hand."""

from __future__ import annotations

import json
import math

import pytest

from custom_components.capacity_manager.engine.ev_headroom import EvHeadroom
from custom_components.capacity_manager.engine.models import ActionKind
from custom_components.capacity_manager.engine.oracle import run_oracle
from custom_components.capacity_manager.engine.scenario import LoadBehaviour
from custom_components.capacity_manager.engine.simulator import simulate
from custom_components.capacity_manager.engine.threshold_rule import ThresholdRule
from tests.engine.sim_builders import (
    EV_UNIT_W,
    HOUR,
    Plan,
    Scripted,
    ev,
    scenario,
    switched,
    trace,
    without_timing,
)

SHED, RESTORE, MODULATE = ActionKind.SHED, ActionKind.RESTORE, ActionKind.MODULATE
EV_MAX_W = 32 * EV_UNIT_W


def test_uncontrolled_trace_with_known_overshoot() -> None:
    house = trace([5000, 8000, 8000, 6000, 9000])
    result = simulate(scenario(house, limit_w=7200))
    m = result.metrics
    assert m["seconds_above_limit"] == 180
    assert m["unavoidable_seconds_above_limit"] == 180  # nothing controllable
    assert m["overload_events"] == 2
    assert m["max_overshoot_w"] == 1800
    assert m["energy_above_limit_wh"] == pytest.approx((800 * 120 + 1800 * 60) / 3600)
    assert m["samples"] == 5
    json.dumps(m)  # JSON-able as it is


def test_controllable_load_makes_overload_avoidable() -> None:
    house = trace([5000, 8000, 8000, 5000], heater=[0, 3000, 3000, 0])
    m = simulate(scenario(house, loads=[switched("heater")])).metrics
    assert m["seconds_above_limit"] == 120
    assert m["unavoidable_seconds_above_limit"] == 0
    assert m["avoidable_seconds_above_limit"] == 120


def test_never_shed_load_counts_as_unavoidable() -> None:
    house = trace([5000, 9000], fridge=[0, 2000], heater=[0, 1000])
    loads = [switched("fridge", never_shed=True), switched("heater")]
    m = simulate(scenario(house, loads=loads)).metrics
    # base 6000 + never-shed 2000 = 8000 > 7200: the heater could not help
    assert m["unavoidable_seconds_above_limit"] == 60


def test_never_shed_ev_counts_as_unavoidable_for_us_and_the_oracle() -> None:
    scen = scenario(trace([1000.0, 1000.0]), evs=[ev("ev", (60.0, 120.0, 1e6), never_shed=True)])
    for m in (simulate(scen).metrics, run_oracle(scen).metrics):
        assert m["seconds_above_limit"] == m["unavoidable_seconds_above_limit"] == 60
        assert m["ev_energy_delivered_kwh"] == pytest.approx(EV_MAX_W / 60 / 1000)


def test_uncontrolled_run_is_the_same_with_or_without_skipping() -> None:
    house = trace([5000, 8000, 8000], heater=[0, 500, 0])
    scen = scenario(house, loads=[switched("heater")], evs=[ev("ev", (30.0, 150.0, 100.0))])
    fast, slow = simulate(scen), simulate(scen, skip_idle=False)
    assert without_timing(fast.metrics) == without_timing(slow.metrics)
    assert slow.stats.controller_calls == 3
    assert fast.stats.controller_calls == 0
    assert fast.samples_per_s > 0


@pytest.mark.parametrize("latency", [0.0, 5.0, 10.0, 30.0])
def test_time_above_limit_is_the_latency_per_event(latency: float) -> None:
    demand = [0.0] * 20
    for minute in (1, 2, 10, 11):
        demand[minute] = 5000.0
    house = trace([3000 + d for d in demand], oven=demand)
    plan = {
        60.0: [("oven", SHED, None)],
        180.0: [("oven", RESTORE, None)],
        600.0: [("oven", SHED, None)],
        720.0: [("oven", RESTORE, None)],
    }
    loads = [switched("oven", behaviour=LoadBehaviour.INTERRUPTIBLE)]
    m = simulate(scenario(house, loads=loads, latency_s=latency), Scripted(plan)).metrics
    assert m["seconds_above_limit"] == pytest.approx(2 * latency)
    assert m["overload_events"] == (2 if latency else 0)
    assert m["max_avoidable_seconds_per_event"] == pytest.approx(latency)
    # the oven ran only during the latency before each shed
    assert m["energy_unserved_kwh"] == pytest.approx(2 * 5000 * (120 - latency) / 3600 / 1000)
    assert m["switch_cycles"] == 4
    assert m["per_load"]["oven"]["sheds"] == 2


def _shed_then_restore(behaviour: LoadBehaviour, restore_at: float | None) -> dict[str, object]:
    house = trace([2000.0] * 40, wh=[1000.0] * 40)
    plan = {0.0: [("wh", SHED, None)]}
    if restore_at is not None:
        plan[restore_at] = [("wh", RESTORE, None)]
    load = switched("wh", behaviour=behaviour, rated_w=2000)
    result = simulate(scenario(house, loads=[load], latency_s=0), Scripted(plan), record=True)
    assert result.series is not None
    return {"metrics": result.metrics, "switched_w": result.series.switched_w}


def test_deferrable_load_serves_owed_energy_after_restore() -> None:
    out = _shed_then_restore(LoadBehaviour.DEFERRABLE, restore_at=600.0)
    m, power = out["metrics"], out["switched_w"]
    assert isinstance(m, dict)
    assert m["energy_deferred_kwh"] == pytest.approx(1000 * 600 / 3600 / 1000)
    assert m["energy_unserved_kwh"] == 0
    # off 10 min, then demand + catch-up at its 2000 W rating for 10 min, then demand again
    assert power == [0.0] * 10 + [2000.0] * 10 + [1000.0] * 20


def test_interruptible_load_loses_energy_while_shed() -> None:
    out = _shed_then_restore(LoadBehaviour.INTERRUPTIBLE, restore_at=600.0)
    m, power = out["metrics"], out["switched_w"]
    assert isinstance(m, dict)
    assert m["energy_deferred_kwh"] == 0
    assert m["energy_unserved_kwh"] == pytest.approx(1000 * 600 / 3600 / 1000)
    assert power == [0.0] * 10 + [1000.0] * 30


def test_deferrable_energy_still_owed_at_the_end_is_unserved() -> None:
    out = _shed_then_restore(LoadBehaviour.DEFERRABLE, restore_at=None)
    m = out["metrics"]
    assert isinstance(m, dict)
    assert m["energy_deferred_kwh"] == pytest.approx(1000 * 40 * 60 / 3600 / 1000)
    assert m["energy_unserved_kwh"] == pytest.approx(m["energy_deferred_kwh"])


def test_catch_up_never_exceeds_rating_while_demand_is_high() -> None:
    demand = [1000.0] * 10 + [1800.0] * 10 + [0.0] * 10
    house = trace([d + 500 for d in demand], wh=demand)
    plan = {0.0: [("wh", SHED, None)], 300.0: [("wh", RESTORE, None)]}
    load = switched("wh", rated_w=2000)
    result = simulate(scenario(house, loads=[load], latency_s=0), Scripted(plan), record=True)
    assert result.series is not None
    assert max(result.series.switched_w) == 2000.0
    # debt 5 min × 1000 W: paid at 1000 W extra for 5 min, the demand 1800 W leaves only 200 W
    assert result.metrics["energy_unserved_kwh"] == 0
    assert sum(result.series.switched_w) * 60 / 3600 == pytest.approx(sum(demand) * 60 / 3600)


def test_deferred_demand_is_replayed_in_order_at_the_power_it_was_wanted() -> None:
    """A cut fridge catches up at fridge power; an interrupted dryer resumes at dryer power."""
    demand = [100.0] * 10 + [4000.0] * 5 + [100.0] * 25
    house = trace([1000.0 + d for d in demand], laundry=demand)
    plan: Plan = {0.0: [("laundry", SHED, None)], 900.0: [("laundry", RESTORE, None)]}
    load = switched("laundry", rated_w=4500)
    result = simulate(scenario(house, loads=[load], latency_s=0), Scripted(plan), record=True)
    assert result.series is not None
    expected = [0.0] * 15 + [200.0] * 10 + [4100.0] * 5 + [100.0] * 10
    assert result.series.switched_w == pytest.approx(expected)
    assert result.metrics["energy_unserved_kwh"] == 0


def _ev_paused_for_30_min(plug_out_s: float) -> dict[str, object]:
    house = trace([1000.0] * 120)
    car = ev("ev", (0.0, plug_out_s, EV_MAX_W * 1.0))  # one hour at full power
    plan: Plan = {0.0: [("ev", SHED, None)], 1800.0: [("ev", RESTORE, 32.0)]}
    return simulate(scenario(house, evs=[car], latency_s=0), Scripted(plan)).metrics


def test_ev_delay_is_completion_minus_uncontrolled_completion() -> None:
    m = _ev_paused_for_30_min(plug_out_s=6000.0)
    assert m["ev_sessions"] == 1
    assert m["ev_sessions_fully_served"] == 1
    assert m["ev_mean_delay_min"] == pytest.approx(30.0)
    assert m["energy_unserved_kwh"] == pytest.approx(0.0, abs=1e-9)


def test_ev_unplugged_before_done_is_not_served_and_delayed_to_plug_out() -> None:
    m = _ev_paused_for_30_min(plug_out_s=4500.0)
    assert m["ev_sessions_fully_served"] == 0
    assert m["ev_energy_delivered_kwh"] == pytest.approx(EV_MAX_W * 2700 / 3600 / 1000)
    assert m["ev_energy_unserved_kwh"] == pytest.approx(EV_MAX_W * 900 / 3600 / 1000)
    assert m["energy_unserved_kwh"] == pytest.approx(m["ev_energy_unserved_kwh"])
    assert m["ev_mean_delay_min"] == pytest.approx(15.0)  # lower bound: plug-out − 1 h


def test_controller_sees_site_power_and_load_states() -> None:
    house = trace([1000.0, 1000.0, 1000.0], heater=[500.0, 500.0, 500.0])
    car = ev("ev", (30.0, 150.0, EV_MAX_W * 60 / 3600))  # one minute of charge
    script = Scripted({60.0: [("heater", SHED, None)]})
    simulate(scenario(house, loads=[switched("heater")], evs=[car], latency_s=0), script)
    (t0, p0, s0), (t1, p1, s1), (t2, p2, s2) = script.seen
    assert (t0, p0) == (0.0, 1000.0)
    assert (s0["ev"].power_w, s0["ev"].setpoint) == (0, 32)  # no car yet
    assert s0["ev"].demand_setpoint == 32  # the user's setting: as fast as allowed
    assert (t1, p1) == (60.0, 1000.0 + EV_MAX_W)
    assert s1["ev"].power_w == EV_MAX_W
    assert (s1["heater"].is_on, s1["heater"].power_w) == (True, 500)
    assert p2 == 500.0  # heater shed, car full after 60 s of charge
    assert (s2["heater"].is_on, s2["heater"].power_w) == (False, 0)
    assert s2["ev"].power_w == 0


def test_paper_setup_ev_yields_to_house_peak_and_resumes() -> None:
    """One EV under a 7200 W limit: it lowers its power during a house peak, then resumes."""
    base = [2000.0] * 60 + [4000.0] * 30 + [2000.0] * 270
    car = ev("ev", (0.0, 6 * HOUR, 20_000.0))
    scen = scenario(trace(base), evs=[car], latency_s=10.0)
    result = simulate(scen, EvHeadroom(7200.0, scen.load_configs()), record=True)
    m, series = result.metrics, result.series
    assert series is not None
    low, peak = math.floor(5200 / EV_UNIT_W), math.floor(3200 / EV_UNIT_W)  # 22 A and 13 A
    assert series.ev_w[30] == low * EV_UNIT_W
    assert series.ev_w[75] == peak * EV_UNIT_W
    assert series.ev_w[100] == low * EV_UNIT_W  # resumed after the peak
    # over the limit only while the command travels: at plug-in and when the peak starts
    assert m["seconds_above_limit"] == pytest.approx(20.0)
    assert m["overload_events"] == 2
    assert m["ev_sessions_fully_served"] == 1
    delivered = EV_MAX_W * 10 / 3600 + low * EV_UNIT_W * 1.0 + peak * EV_UNIT_W * 0.5
    done_s = 5410 + (20_000 - delivered) * 3600 / (low * EV_UNIT_W)
    reference_s = 20_000 * 3600 / EV_MAX_W
    assert m["ev_mean_delay_min"] == pytest.approx((done_s - reference_s) / 60)
    # the oracle on the same scenario stays exactly at the limit
    assert run_oracle(scen).metrics["seconds_above_limit"] == 0


def test_zero_latency_acts_before_the_interval_runs() -> None:
    house = trace([3000.0, 8000.0, 3000.0], oven=[0.0, 5000.0, 0.0])
    plan = {60.0: [("oven", SHED, None)]}
    loads = [switched("oven", behaviour=LoadBehaviour.INTERRUPTIBLE)]
    m = simulate(scenario(house, loads=loads, latency_s=0), Scripted(plan)).metrics
    assert m["seconds_above_limit"] == 0


def test_actions_for_unknown_loads_or_kinds_are_ignored_and_counted() -> None:
    house = trace([3000.0, 3000.0], heater=[1000.0, 1000.0])
    plan = {0.0: [("nope", SHED, None), ("heater", MODULATE, 5.0), ("ev", MODULATE, None)]}
    scen = scenario(house, loads=[switched("heater")], evs=[ev("ev")], latency_s=0)
    m = simulate(scen, Scripted(plan)).metrics
    assert m["ignored_actions"] == 3
    assert m["switch_cycles"] == 0


def test_ev_setpoint_below_minimum_charges_nothing_and_counts_modulations() -> None:
    house = trace([1000.0] * 10)
    car = ev("ev", (0.0, 600.0, 50_000.0))
    plan = {0.0: [("ev", MODULATE, 5.0)], 300.0: [("ev", MODULATE, 10.0)]}
    result = simulate(scenario(house, evs=[car], latency_s=0), Scripted(plan), record=True)
    assert result.series is not None
    assert result.series.ev_w == [0.0] * 5 + [10 * EV_UNIT_W] * 5
    assert result.metrics["per_load"]["ev"]["modulations"] == 2
    assert result.metrics["switch_cycles"] == 0


def test_sessions_outside_the_trace_are_ignored_and_late_ones_cut() -> None:
    house = trace([1000.0] * 60)  # one hour
    car = ev("ev", (-100.0, 600.0, 1000.0), (1800.0, 3 * HOUR, 50_000.0), (4 * HOUR, 5 * HOUR, 1.0))
    m = simulate(scenario(house, evs=[car])).metrics
    assert m["ev_sessions"] == 1
    # uncontrolled charging delivers what fits before the end of the trace: fully served
    assert m["ev_sessions_fully_served"] == 1
    assert m["ev_energy_delivered_kwh"] == pytest.approx(EV_MAX_W * 0.5 / 1000)


@pytest.mark.parametrize("sample_s", [1.0, 15.0, 60.0, 90.0])
def test_sample_interval_does_not_change_uncontrolled_physics(sample_s: float) -> None:
    house = trace([5000, 8000, 8000, 6000, 9000, 4000], heater=[0, 500, 0, 500, 0, 0])
    car = ev("ev", (45.0, 200.0, 100.0))
    scen = scenario(house, loads=[switched("heater")], evs=[car], sample_interval_s=sample_s)
    reference = simulate(scenario(house, loads=[switched("heater")], evs=[car])).metrics
    m = simulate(scen).metrics
    for key in ("seconds_above_limit", "energy_above_limit_wh", "max_overshoot_w"):
        assert m[key] == pytest.approx(reference[key])
    assert m["samples"] == math.ceil(360 / sample_s)


@pytest.mark.parametrize(("sample_s", "above_s"), [(1.0, 5.0), (60.0, 30.0 + 5.0)])
def test_finer_sampling_shortens_detection(sample_s: float, above_s: float) -> None:
    """A car plugged in mid-minute is caught at the next sample, then the latency runs."""
    house = trace([3000.0] * 5)
    car = ev("ev", (90.0, 250.0, 100_000.0))
    scen = scenario(house, evs=[car], latency_s=5.0, sample_interval_s=sample_s)
    m = simulate(scen, ThresholdRule(7200.0, scen.load_configs())).metrics
    assert m["seconds_above_limit"] == pytest.approx(above_s)
