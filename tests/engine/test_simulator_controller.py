"""Our Controller driven by the trace simulator (the reference paper's setup and friends)."""

from __future__ import annotations

from typing import Any

from custom_components.capacity_manager.engine.comparison import (
    CapacityManagerPolicy,
    run_controller,
)
from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.scenario import LoadBehaviour
from custom_components.capacity_manager.engine.simulator import simulate
from tests.engine.sim_builders import HOUR, ev, scenario, switched, trace, without_timing
from tests.engine.test_simulator_properties import random_scenario

LATENCY_S = 10.0


def test_paper_setup_one_ev_modulated_under_7200_w() -> None:
    """The EV lowers its power to keep the site under 7200 W and resumes when the peak ends."""
    base = [2000.0] * 60 + [4000.0] * 30 + [2000.0] * 270
    car = ev("ev", (0.0, 6 * HOUR, 20_000.0))
    scen = scenario(trace(base), evs=[car], latency_s=LATENCY_S)
    result = run_controller("capacity_manager", scen, record=True)
    m, series = result.metrics, result.series
    assert series is not None
    before, during, after = series.ev_w[30], series.ev_w[80], series.ev_w[120]
    assert 0 < during < before  # turned down, not paused
    assert after > during  # given back once the house load drops
    assert max(series.site_w[i] for i in range(1, 360) if i not in (60,)) <= 7200.0
    # above the limit only while a command travels
    assert m["seconds_above_limit"] <= LATENCY_S * m["overload_events"]
    assert m["ev_sessions_fully_served"] == 1
    assert m["switch_cycles"] == 0  # modulated, never switched off


def test_least_important_load_is_shed_and_its_debt_paid_after_restore() -> None:
    minutes = 240
    busy = [0.0] * 30 + [3000.0] * 60 + [0.0] * (minutes - 90)
    house = trace([2000.0 + 2 * b for b in busy], dryer=busy, oven=busy)
    loads = [
        switched("dryer", rated_w=3000, priority=10),
        switched("oven", behaviour=LoadBehaviour.INTERRUPTIBLE, priority=1),
    ]
    m = run_controller(
        "capacity_manager", scenario(house, loads=loads, latency_s=LATENCY_S)
    ).metrics
    assert m["per_load"]["dryer"]["sheds"] >= 1
    assert m["per_load"]["oven"]["sheds"] == 0  # 8 kW → 5 kW by shedding the dryer alone
    assert m["energy_deferred_kwh"] > 0
    assert m["energy_unserved_kwh"] == 0  # the dryer came back and paid its debt
    assert m["seconds_above_limit"] <= LATENCY_S * m["overload_events"]


def test_skip_option_leaves_results_identical() -> None:
    scen = random_scenario(11, minutes=60)
    fast = simulate(scen, CapacityManagerPolicy.for_scenario(scen), skip_idle=True)
    slow = simulate(scen, CapacityManagerPolicy.for_scenario(scen), skip_idle=False)
    assert without_timing(fast.metrics) == without_timing(slow.metrics)


class _Watching(Controller):
    """Our controller, recording what the simulator tells it before each sample."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[tuple[float, bool]] = []

    def skippable(self, now: float, site_power_w: float, loads_changed: bool) -> bool:
        self.asked.append((now, loads_changed))
        return False


def test_policy_asks_the_controller_and_reports_load_changes() -> None:
    house = trace([1000.0, 1000.0], heater=[0.0, 500.0])
    scen = scenario(house, loads=[switched("heater")], sample_interval_s=20.0)
    controller = _Watching(scen.site, scen.load_configs())
    simulate(scen, CapacityManagerPolicy(controller))
    # the heater's power changes at 60 s only (first sample: nothing seen yet)
    assert controller.asked == [
        (0.0, True),
        (20.0, False),
        (40.0, False),
        (60.0, True),
        (80.0, False),
        (100.0, False),
    ]
