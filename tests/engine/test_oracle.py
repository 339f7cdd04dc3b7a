"""Oracle: zero latency, continuous modulation — the floor of what must be curtailed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from custom_components.capacity_manager.engine.comparison import (
    ALL_NAMES,
    compare,
    make_controller,
    run_controller,
)
from custom_components.capacity_manager.engine.metrics import REQUIRED_KEYS
from custom_components.capacity_manager.engine.oracle import run_oracle
from custom_components.capacity_manager.engine.scenario import LoadBehaviour
from tests.engine.sim_builders import EV_UNIT_W, HOUR, ev, scenario, switched, trace
from tests.engine.test_simulator_properties import random_scenario

EV_MAX_W = 32 * EV_UNIT_W


def test_headroom_goes_to_interruptible_then_ev_then_deferrable() -> None:
    minutes = 180
    house = trace(
        [2000 + 3000 + 2000.0] * 60 + [2000.0] * (minutes - 60),
        kitchen=[3000.0] * 60 + [0.0] * (minutes - 60),
        wh=[2000.0] * 60 + [0.0] * (minutes - 60),
    )
    loads = [
        switched("kitchen", behaviour=LoadBehaviour.INTERRUPTIBLE),
        switched("wh", rated_w=2000),
    ]
    car = ev("ev", (0.0, 3 * HOUR, 5200.0 + 2200.0))
    result = run_oracle(scenario(house, loads=loads, evs=[car]), record=True)
    m, series = result.metrics, result.series
    assert series is not None
    # first hour: 5200 W of room → kitchen 3000, car 2200, water heater waits
    assert series.ev_w[30] == pytest.approx(2200.0)
    assert series.switched_w[30] == pytest.approx(3000.0)
    assert m["per_load"]["kitchen"]["energy_unserved_kwh"] == 0
    assert m["energy_deferred_kwh"] == pytest.approx(2.0)
    # then the car takes 5200 W for an hour; the heater pays its 2 kWh at its rating after
    assert series.ev_w[90] == pytest.approx(5200.0)
    assert series.switched_w[150] == pytest.approx(2000.0)
    assert m["energy_unserved_kwh"] == pytest.approx(0.0, abs=1e-9)
    assert m["seconds_above_limit"] == 0
    assert m["switch_cycles"] == 0
    assert m["ev_sessions_fully_served"] == 1


def test_uncontrollable_overload_curtails_everything_and_counts_as_unavoidable() -> None:
    house = trace([8000.0, 9000.0, 3000.0], oven=[0.0, 1000.0, 0.0])
    loads = [switched("oven", behaviour=LoadBehaviour.INTERRUPTIBLE)]
    m = run_oracle(scenario(house, loads=loads)).metrics
    assert m["seconds_above_limit"] == m["unavoidable_seconds_above_limit"] == 120
    assert m["max_overshoot_w"] == 800
    assert m["energy_unserved_kwh"] == pytest.approx(1000 * 60 / 3600 / 1000)


def test_earliest_plug_out_charges_first() -> None:
    house = trace([2000.0] * 240)
    early = ev("early", (0.0, 1.5 * HOUR, 5200.0))
    late = ev("late", (0.0, 4 * HOUR, 5200.0))
    m = run_oracle(scenario(house, evs=[late, early])).metrics
    assert m["ev_sessions_fully_served"] == 2
    assert m["per_load"]["early"]["energy_unserved_kwh"] == 0


def test_never_shed_loads_are_served_in_full() -> None:
    house = trace([8000.0, 8000.0], fridge=[3000.0, 3000.0], oven=[2000.0, 2000.0])
    loads = [switched("fridge", never_shed=True), switched("oven")]
    result = run_oracle(scenario(house, loads=loads), record=True)
    assert result.series is not None
    # other load 3000 W + fridge 3000 W leave the oven 1200 W of its 2000 W
    assert result.series.switched_w == [3000.0 + 1200.0] * 2
    assert result.metrics["seconds_above_limit"] == 0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_oracle_is_above_the_limit_only_when_unavoidable(seed: int) -> None:
    scen = random_scenario(seed, minutes=90)
    oracle = run_oracle(scen, record=True)
    rule = run_controller("threshold_rule", scen)
    assert oracle.metrics["seconds_above_limit"] == pytest.approx(
        oracle.metrics["unavoidable_seconds_above_limit"]
    )
    assert oracle.metrics["seconds_above_limit"] <= rule.metrics["seconds_above_limit"] + 1e-9
    assert oracle.metrics["unavoidable_seconds_above_limit"] == pytest.approx(
        rule.metrics["unavoidable_seconds_above_limit"]
    )
    series = oracle.series
    assert series is not None
    wanted_wh = sum(sum(scen.trace.columns[c]) for c in ("laundry", "wh", "kitchen")) / 60
    served_wh = sum(series.switched_w) / 60
    m = oracle.metrics
    unserved_wh = 1000 * (m["energy_unserved_kwh"] - m["ev_energy_unserved_kwh"])
    assert served_wh + unserved_wh == pytest.approx(wanted_wh, abs=1e-6)


def test_every_controller_reports_the_same_metric_keys() -> None:
    scen = random_scenario(3, minutes=30)
    results = compare(scen, ALL_NAMES)
    assert set(results) == set(ALL_NAMES)
    for result in results.values():
        assert set(REQUIRED_KEYS) <= set(result.metrics)
        assert result.metrics["samples"] == 30


def test_unknown_controller_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown controller 'magic'"):
        make_controller("magic", scenario(trace([1.0])))
