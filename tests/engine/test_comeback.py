"""Comeback power: a load given back may draw more than it ran at before it was cut."""

from __future__ import annotations

import math

import pytest

from custom_components.capacity_manager.engine.estimation import PowerEstimator
from custom_components.capacity_manager.engine.models import ActionKind
from tests.engine.harness import Loop, SimLoad, site_config, switched
from tests.engine.test_controller_restore import _ramp

# Shed above 9500 W, target 9000 W, restore below 8500 W.
SITE = site_config(10_000)


def test_comeback_starts_at_the_rated_power_and_follows_what_give_backs_show() -> None:
    estimator = PowerEstimator(3000)
    estimator.observe_running(1000)
    assert estimator.expected_w == 1000
    assert estimator.comeback_w == 3000  # nothing seen yet: the nameplate stands in
    estimator.observe_comeback(3600)
    assert estimator.comeback_w == 3600  # a higher comeback counts at once
    estimator.observe_comeback(1200)
    assert estimator.comeback_w > 3000  # one calm give-back (a short cut) is not the rule
    for _ in range(40):
        estimator.observe_comeback(1200)
    assert 1200 <= estimator.comeback_w < 1300  # many calm give-backs bring it down
    estimator.observe_running(2000)
    assert estimator.comeback_w >= estimator.expected_w  # never below its running power


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_nonsense_comeback_readings_are_ignored(bad: float) -> None:
    estimator = PowerEstimator(0)
    estimator.observe_comeback(bad)
    assert estimator.export()["comeback"] is None


def test_learned_comeback_survives_a_restart() -> None:
    estimator = PowerEstimator(1000)
    estimator.observe_comeback(2500)
    restored = PowerEstimator(1000)
    restored.restore(estimator.export())
    assert restored.comeback_w == 2500


def test_water_heater_that_reheats_at_full_power_is_given_back_only_when_that_fits() -> None:
    # Rated 3000 W, it ran at 1000 W (thermostat nearly satisfied) when it was cut; an hour
    # later it reheats at its full 3000 W. Expecting 1000 W would put the site over its limit.
    heater = SimLoad(switched("heater", 3000), draw_w=1000)
    loop = Loop.build(SITE, heater, base=1000)
    loop.run(10)
    _ramp(loop, 8800)  # 9800 W: shed (a gradual rise: no step margin, see margin.py)
    loop.run(10)
    assert not heater.on
    heater.draw_w = 3000  # what it will draw when it comes back
    loop.plant.base = 6000  # room for 1000 W under the restore threshold, not for 3000 W
    loop.run(600)
    assert not heater.on
    loop.plant.base = 5400  # 8400 W with 3000 W: fits
    loop.run(200)
    assert heater.on
    assert loop.max_site_since(20) <= 8500


def test_comeback_is_learned_from_give_backs_when_no_rating_is_known() -> None:
    # No rated power: the first give-back is judged on its running power (1000 W) and comes
    # back at 2500 W; the next time the controller waits for room for 2500 W.
    heater = SimLoad(switched("heater", 0), draw_w=1000)
    loop = Loop.build(SITE, heater, base=1000)
    loop.run(10)
    for cycle in range(2):
        heater.draw_w = 1000
        loop.run(10)
        _ramp(loop, 8600)  # 9600 W: shed
        loop.run(10)
        assert not heater.on
        heater.draw_w = 2500
        loop.plant.base = 7000  # 1500 W of room under the restore threshold
        loop.run(300)
        if cycle == 0:
            assert heater.on  # judged on 1000 W: back, at 2500 W (9500 W)
            loop.plant.base = 1000
            loop.run(60)
        else:
            assert not heater.on  # learned: 2500 W do not fit in 1500 W
    restores = [a for _, a in loop.actions_for("heater") if a.kind is ActionKind.RESTORE]
    assert len(restores) == 1
