"""Step margin: room kept free for the rises this home makes, learned from its own samples."""

from __future__ import annotations

import math

from custom_components.capacity_manager.engine.margin import StepMargin
from custom_components.capacity_manager.engine.models import ActionKind, Reason
from tests.engine.harness import Loop, SimLoad, ev, site_config, switched
from tests.engine.test_controller_restore import _ramp

# Shed above 9500 W, target 9000 W, restore below 8500 W.
SITE = site_config(10_000)
HOUR = 3600.0


def test_margin_is_the_largest_rise_of_the_last_hour() -> None:
    margin = StepMargin()
    for t, site in enumerate([1000, 1500, 3500, 3000, 3400, 2000]):
        margin.observe(float(t), site, 0.0)
    assert margin.value(5) == 2000  # 1500 → 3500
    assert margin.next_drop() == 2 + HOUR
    assert margin.value(2 + HOUR) == 400  # an hour old: only 3000 → 3400 is recent enough
    assert margin.next_drop() == 4 + HOUR
    assert margin.value(10 * HOUR) == 0
    assert margin.next_drop() == math.inf


def test_rises_our_own_commands_explain_do_not_count() -> None:
    margin = StepMargin()
    margin.observe(0, 1000, 0.0)
    margin.observe(1, 4000, 3000.0)  # we switched 3000 W on
    assert margin.value(1) == 0
    margin.observe(2, 4200, 0.0)
    assert margin.value(2) == 200
    margin.observe(3, math.inf, 0.0)  # nonsense is not a rise
    assert margin.value(3) == 200


def test_after_the_house_stepped_up_the_car_leaves_that_step_free() -> None:
    # A 2500 W kettle-and-oven step overloads the site; the car is turned down. Once the step is
    # over, the car ramps up again, but only to 10 000 − 2500 W for the next hour (not to the
    # 8500 W restore threshold): the same step again would not cross the limit.
    car = SimLoad(ev("car", priority=5))
    loop = Loop.build(SITE, car, base=1000, dt=1.0)
    loop.run(10)  # 1000 + 7360 W: under the limit
    loop.plant.base = 3500  # + 2500 W at once: 10 860 W
    loop.run(30)
    assert car.setpoint is not None
    assert car.setpoint < 32
    turned_down = [a for _, a in loop.actions_for("car") if a.reason is Reason.OVER_LIMIT]
    assert turned_down
    loop.plant.base = 1000
    loop.run(600)
    assert loop.plant.site_power(loop.now) <= 10_000 - 2500 + 1e-6
    assert loop.max_site_since(100) + 2500 <= 10_000 + 1e-6
    loop.run(HOUR)  # a calm hour: the margin is forgotten, the car gets its full 32 A back
    assert car.setpoint == 32


def test_the_margin_turns_the_car_down_further_but_switches_nothing_more_off() -> None:
    # The overload needs 1360 W; the learned 3000 W step asks the car to go down further, to
    # 10 000 − 3000 W. The heater (more important) stays on: only turning down goes deeper.
    car = SimLoad(ev("car", priority=5))
    heater = SimLoad(switched("heater", 1000, priority=1))
    loop = Loop.build(SITE, heater, car, base=0, dt=1.0)
    loop.run(5)
    loop.plant.base = 3000  # a 3000 W step: 3000 + 1000 + 7360 = 11 360 W
    loop.run(5)
    assert heater.on
    assert loop.plant.site_power(loop.now) <= 10_000 - 3000 + 1e-6
    assert not [a for _, a in loop.history if a.kind is ActionKind.SHED]


def test_a_car_starting_to_charge_is_not_a_house_step() -> None:
    # A car plugging in jumps from 0 to 7 kW by itself: the reserve cap is there for that.
    # Counting it as the house's own rise would keep the car itself turned down for an hour.
    car = SimLoad(ev("car", priority=5), draw_w=0.0)
    loop = Loop.build(SITE, car, base=1000, dt=1.0)
    loop.run(10)
    car.draw_w = None  # the car starts: 7360 W
    loop.run(10)
    assert loop.controller._margin.value(loop.now) == 0  # what was learned
    assert car.setpoint == 32


def test_a_gradual_rise_keeps_only_a_small_margin() -> None:
    heater = SimLoad(switched("heater", 3000, priority=1))
    loop = Loop.build(SITE, heater, base=1000, dt=1.0)
    loop.run(5)
    _ramp(loop, 8000, w_per_s=200)  # a heat pump ramping 200 W/s: shed at 9500 W
    loop.run(60)
    assert not heater.on
    _ramp(loop, 5000, w_per_s=200)
    loop.run(200)
    assert heater.on  # 5000 + 3000 W fits 8500 W; a 200 W margin takes nothing from it


def test_margin_keeps_at_most_half_the_limit_free() -> None:
    # A meter jumping from 0 to nearly the limit says little about room to keep for an hour.
    margin = StepMargin()
    margin.observe(0, 0.0, 0.0)
    margin.observe(1, 9600.0, 0.0)
    assert margin.value(1) == 9600
    assert margin.value(1, 10_000) == 5000
