"""Scenario validation: bad input gives one clear ValueError naming the culprit."""

from __future__ import annotations

import math
import pickle
import re

import pytest

from custom_components.capacity_manager.engine.models import LoadConfig, LoadKind
from custom_components.capacity_manager.engine.scenario import (
    EvSession,
    EvSpec,
    HouseTrace,
    SwitchedLoadSpec,
)
from tests.engine.sim_builders import ev, scenario, switched, trace


def test_trace_is_normalised_to_tuples_and_knows_its_span() -> None:
    house = HouseTrace(timestamps_s=[10, 70], interval_s=60, total_w=[1, 2], columns={"a": [0, 1]})
    assert house.timestamps_s == (10.0, 70.0)
    assert house.columns["a"] == (0.0, 1.0)
    assert (house.start_s, house.end_s, len(house)) == (10.0, 130.0, 2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timestamps_s": [0, 60, 60]}, "strictly increasing: sample 2"),
        ({"timestamps_s": [0, 120, 60]}, "strictly increasing"),
        ({"timestamps_s": []}, "no samples"),
        ({"total_w": [1.0, math.nan, 3.0]}, "total_w[1] is not a finite number"),
        ({"total_w": [1.0, 2.0]}, "total_w has 2 samples"),
        ({"interval_s": 0}, "interval_s must be a positive number"),
        ({"columns": {"oven": [1.0, 2.0]}}, "column 'oven' has 2 samples"),
        ({"columns": {"oven": [1.0, math.inf, 2.0]}}, "column 'oven'[1]"),
    ],
)
def test_bad_trace_is_rejected(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "timestamps_s": [0, 60, 120],
        "interval_s": 60,
        "total_w": [1.0, 2.0, 3.0],
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=re.escape(message)):
        HouseTrace(**args)  # type: ignore[arg-type]


def test_unknown_column_names_the_load_and_known_columns() -> None:
    with pytest.raises(ValueError, match="load wh: unknown column 'water'") as info:
        scenario(trace([1.0], oven=[0.0]), loads=[switched("wh", "water")])
    assert "oven" in str(info.value)


def test_negative_column_and_duplicates_are_rejected() -> None:
    with pytest.raises(ValueError, match="negative at 1"):
        scenario(trace([1.0, 1.0], oven=[0.0, -5.0]), loads=[switched("oven")])
    with pytest.raises(ValueError, match="mapped twice"):
        scenario(trace([1.0], oven=[0.0]), loads=[switched("a", "oven"), switched("b", "oven")])
    with pytest.raises(ValueError, match="duplicate load id 'a'"):
        scenario(trace([1.0], x=[0.0], y=[0.0]), loads=[switched("a", "x"), switched("a", "y")])
    with pytest.raises(ValueError, match="duplicate load id 'a'"):
        scenario(trace([1.0], x=[0.0]), loads=[switched("a", "x")], evs=[ev("a")])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"latency_s": -1.0}, "latency_s must be >= 0"),
        ({"sample_interval_s": 0.0}, "sample_interval_s must be > 0"),
        ({"sample_interval_s": math.nan}, "sample_interval_s must be > 0"),
    ],
)
def test_bad_timing_is_rejected(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        scenario(trace([1.0]), **kwargs)  # type: ignore[arg-type]


def test_step_defaults_to_the_trace_interval() -> None:
    assert scenario(trace([1.0], interval_s=15.0)).step_s == 15.0
    assert scenario(trace([1.0]), sample_interval_s=1.0).step_s == 1.0
    assert scenario(trace([1.0]), limit_w=5000.0).limit_w == 5000.0


def test_bad_ev_sessions_are_rejected() -> None:
    with pytest.raises(ValueError, match="plug_out_s .* is not after plug_in_s"):
        EvSession(plug_in_s=100.0, plug_out_s=50.0, energy_wh=1.0)
    with pytest.raises(ValueError, match="energy_wh is negative"):
        EvSession(plug_in_s=0.0, plug_out_s=50.0, energy_wh=-1.0)
    with pytest.raises(ValueError, match="plug_in_s is not a finite number"):
        EvSession(plug_in_s=math.nan, plug_out_s=50.0, energy_wh=1.0)
    with pytest.raises(ValueError, match="ev: EV sessions overlap"):
        ev("ev", (0.0, 100.0, 1.0), (50.0, 200.0, 1.0))


def test_sessions_are_sorted_and_back_to_back_is_fine() -> None:
    spec = ev("ev", (100.0, 200.0, 1.0), (0.0, 100.0, 2.0))
    assert [s.plug_in_s for s in spec.sessions] == [0.0, 100.0]
    assert spec.max_power_w == 32 * 230.0


def test_load_kinds_must_match_their_spec() -> None:
    switched_cfg = LoadConfig(load_id="s", name="s", kind=LoadKind.SWITCHED)
    ev_cfg = LoadConfig.ev("e", "e")
    with pytest.raises(ValueError, match="e: a SwitchedLoadSpec needs a SWITCHED load"):
        SwitchedLoadSpec(config=ev_cfg, column="x")
    with pytest.raises(ValueError, match="s: an EvSpec needs an EV load"):
        EvSpec(config=switched_cfg)
    with pytest.raises(ValueError, match="column name is empty"):
        SwitchedLoadSpec(config=switched_cfg, column="")
    with pytest.raises(ValueError, match="max_setpoint must be > 0"):
        EvSpec(config=LoadConfig.ev("e", "e", min_current_a=0, max_current_a=0))


def test_scenarios_survive_pickling_for_worker_processes() -> None:
    scen = scenario(trace([1.0, 2.0], heater=[0.0, 1.0]), loads=[switched("heater")])
    assert pickle.loads(pickle.dumps(scen)) == scen
