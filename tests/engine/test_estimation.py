"""Expected power: learned from the load's sensor, else from the drop seen at shed, else rated."""

from __future__ import annotations

import math

import pytest

from custom_components.capacity_manager.engine.estimation import PowerEstimator
from custom_components.capacity_manager.engine.models import ActionKind
from tests.engine.harness import Loop, SimLoad, site_config, switched

SITE = site_config(10_000)  # shed > 9500 W, target 9000 W, restore ≤ 8500 W


def test_rated_power_until_something_is_learned() -> None:
    estimator = PowerEstimator(2000)
    assert (estimator.expected_w, estimator.source) == (2000, "rated")


def test_sensor_readings_form_an_upper_envelope() -> None:
    # What comes back after a shed is the load at full power: quick to learn a higher draw,
    # slow to forget it.
    estimator = PowerEstimator(1000)
    estimator.observe_running(3000)
    assert (estimator.expected_w, estimator.source) == (3000, "sensor")
    estimator.observe_running(4000)
    rise = estimator.expected_w - 3000
    before = estimator.expected_w
    estimator.observe_running(before - 1000)
    fall = before - estimator.expected_w
    assert 0 < fall < rise / 5
    for _ in range(500):  # a load that really draws less is learned in the end
        estimator.observe_running(400)
    assert estimator.expected_w == pytest.approx(400)


def test_shed_drops_are_used_when_there_is_no_sensor_and_sensor_wins() -> None:
    estimator = PowerEstimator(2000)
    estimator.observe_shed_drop(3500)
    assert (estimator.expected_w, estimator.source) == (3500, "shed_drop")
    estimator.observe_shed_drop(5000)
    assert 3500 < estimator.expected_w < 5000
    estimator.observe_running(2500)
    assert (estimator.expected_w, estimator.source) == (2500, "sensor")
    estimator.observe_shed_drop(9000)  # the sensor keeps priority over drops
    assert estimator.expected_w == 2500


@pytest.mark.parametrize("bad", [0.0, -100.0, math.nan, math.inf, -math.inf])
def test_nonsense_observations_are_ignored(bad: float) -> None:
    estimator = PowerEstimator(2000)
    estimator.observe_running(bad)
    estimator.observe_shed_drop(bad)
    assert (estimator.expected_w, estimator.source) == (2000, "rated")


def test_learned_values_round_trip_and_bad_saved_values_are_ignored() -> None:
    estimator = PowerEstimator(2000)
    estimator.observe_running(2600)
    estimator.observe_shed_drop(2400)
    saved = estimator.export()
    assert saved == {"sensor": 2600, "drops": 2400, "comeback": None}
    restored = PowerEstimator(2000)
    restored.restore(saved)
    assert (restored.expected_w, restored.source) == (2600, "sensor")
    junk = PowerEstimator(2000)
    junk.restore({"sensor": -1.0, "drops": math.nan})
    junk.restore({"sensor": math.inf, "drops": "x"})  # type: ignore[dict-item]
    junk.restore({"comeback": -5.0})
    assert junk.export() == {"sensor": None, "drops": None, "comeback": None}


# -- what users see: restores that fit, because the controller knows the real power -------


def test_power_learned_from_the_sensor_decides_whether_a_load_fits() -> None:
    # Rated 1500 W, but it draws 3000 W: with 5000 W of base, 1500 W would fit under 8500 W
    # and 3000 W does not. Giving it back would overload the panel and shed it again.
    heater = SimLoad(switched("heater", 1500), draw_w=3000)
    loop = Loop.build(SITE, heater, base=5000)
    loop.run(30)
    loop.plant.base = 7000
    loop.run(5)
    assert not heater.on
    loop.plant.base = 6000
    loop.run(600)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].expected_power_w == pytest.approx(3000)


def test_power_learned_from_the_drop_at_shed_time_without_a_sensor() -> None:
    heater = SimLoad(switched("heater", 1500), draw_w=3000, sensor=False)
    loop = Loop.build(SITE, heater, base=7000)  # 10 000 W
    loop.run(5)
    assert not heater.on
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].expected_power_w == pytest.approx(3000)
    loop.plant.base = 6000  # rated would fit, the real 3000 W would not
    loop.run(600)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]
    loop.plant.base = 5000
    loop.run(120)
    assert loop.load("heater").on
    assert loop.max_site_since(35) <= 8500


def test_rated_power_is_used_when_nothing_was_learned() -> None:
    heater = SimLoad(switched("heater", 3000), sensor=False)
    loop = Loop.build(SITE, heater, base=500)
    loop.run(10)
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].expected_power_w == 3000


def test_idle_readings_do_not_drag_the_estimate_down() -> None:
    heater = SimLoad(switched("heater", 3000), draw_w=3000)
    loop = Loop.build(SITE, heater, base=500)
    loop.run(10)
    heater.draw_w = 2  # thermostat satisfied: on, but idle
    loop.run(300)
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].expected_power_w == pytest.approx(3000)


def test_typical_power_is_a_plain_mean_and_falls_back_to_the_estimate() -> None:
    estimator = PowerEstimator(1500)
    assert estimator.typical_w == pytest.approx(1500)  # nothing learned: the rated power
    estimator.observe_shed_drop(1800)
    assert estimator.typical_w == pytest.approx(1800)  # no sensor: what shedding it freed
    estimator.observe_running(2000)
    estimator.observe_running(4000)  # one peak
    assert estimator.expected_w > estimator.typical_w > 2000
