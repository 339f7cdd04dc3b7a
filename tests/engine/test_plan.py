"""A driver's charging plan: a car that would miss its departure outranks less important loads.

Set-up shared by the loop tests: a 10 kW limit (shed above 9.5 kW, target 9 kW, restore below
8.5 kW), a 5 kW house, a 3 kW water heater (priority 30) and a 32 A car (priority 40, the
least important: without a plan it is turned down and paused first).
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from custom_components.capacity_manager.engine.models import ActionKind, LoadState, Reason
from custom_components.capacity_manager.engine.plan import (
    FINISH_EARLY_S,
    PLAN_PRIORITY,
    RISK_CUSHION,
    RISK_ENTER,
    RISK_LEAVE,
    at_risk,
    calm_margin_w,
    needed_w,
    ranked,
    risk_from,
    wanted_w,
)
from tests.engine.harness import Loop, SimLoad, ev, site_config, switched

LIMIT_W = 10_000.0
HOUR = 3600.0
CAR = ev("car", priority=40)
FULL_W = CAR.power_at(CAR.max_setpoint)  # 7360 W


def _plan(hours: float, kwh: float, now: float = 0.0) -> LoadState:
    """`kwh` wanted within `hours` of charging time (the plan aims to finish early)."""
    return LoadState(departure_s=now + hours * HOUR + FINISH_EARLY_S, energy_to_go_wh=kwh * 1000)


def _home(*, departure_h: float | None, kwh: float) -> tuple[Loop, SimLoad, SimLoad]:
    heater = SimLoad(switched("heater", 3000, priority=30))
    car = SimLoad(CAR)
    if departure_h is not None:
        car.departure_s = departure_h * HOUR + FINISH_EARLY_S
        car.energy_to_go_wh = kwh * 1000
    loop = Loop.build(site_config(LIMIT_W), heater, car, base=5000)
    return loop, heater, car


def test_needed_power_is_what_is_left_over_the_time_left() -> None:
    assert needed_w(_plan(2, 10), 0) == pytest.approx(5000)
    assert needed_w(_plan(2, 10), HOUR) == pytest.approx(10_000)
    assert needed_w(LoadState(), 0) == 0  # no plan
    assert needed_w(_plan(2, 0), 0) == 0  # the car is full
    assert needed_w(_plan(2, 10), 2 * HOUR + 1) == math.inf  # in the last minutes: all it can
    assert needed_w(_plan(2, 10), 3 * HOUR) == math.inf  # departure passed, still wanted


def test_risk_enters_and_leaves_at_different_shares() -> None:
    entering = RISK_ENTER * FULL_W * 2 / 1000  # kWh that need exactly the entry share over 2 h
    assert not at_risk(CAR, _plan(2, entering * 0.99), 0, was=False)
    assert at_risk(CAR, _plan(2, entering * 1.01), 0, was=False)
    between = (RISK_ENTER + RISK_LEAVE) / 2 * FULL_W * 2 / 1000
    assert at_risk(CAR, _plan(2, between), 0, was=True)  # stays at risk: no flapping rank
    assert not at_risk(CAR, _plan(2, between), 0, was=False)
    assert not at_risk(CAR, LoadState(), 0, was=True)


def test_risk_starts_when_the_time_left_only_just_allows_the_entry_share() -> None:
    start = risk_from(CAR, _plan(10, 7.36), 0)  # 7.36 kWh at 40 % of 7.36 kW takes 2.5 h
    assert start == pytest.approx(7.5 * HOUR)  # of the 10 h the plan leaves for charging
    assert risk_from(CAR, LoadState(), 0) == math.inf


def test_a_charging_car_enters_risk_later_or_never() -> None:
    slow = dataclasses.replace(_plan(10, 7.36), power_w=0.05 * FULL_W)  # 5 % of full power
    start = risk_from(CAR, slow, 0)
    assert 7.5 * HOUR < start < 10 * HOUR
    # There, what is left needs exactly the entry share of what the time left allows.
    left_wh = 7360 - slow.power_w * start / 3600
    assert left_wh * 3600 / (10 * HOUR - start) == pytest.approx(RISK_ENTER * FULL_W)
    fast = dataclasses.replace(_plan(10, 7.36), power_w=RISK_ENTER * FULL_W)
    assert risk_from(CAR, fast, 0) == math.inf  # charging at the entry share: never at risk
    nearly_full = dataclasses.replace(_plan(1, 0.5), power_w=0.3 * FULL_W)
    assert risk_from(CAR, nearly_full, 0) == math.inf  # full long before


def test_wanted_power_is_the_plans_need_between_minimum_and_full() -> None:
    assert wanted_w(CAR, _plan(2, 10), 0, drawing_w=1380) == pytest.approx(5000 - 1380)
    assert wanted_w(CAR, _plan(10, 1), 0, drawing_w=0) == pytest.approx(CAR.power_at(6))
    assert wanted_w(CAR, _plan(1, 50), 0, drawing_w=0) == pytest.approx(FULL_W)
    assert wanted_w(CAR, LoadState(), 0, drawing_w=0) == 0


def test_ranked_config_only_moves_up() -> None:
    assert ranked(CAR, at_risk=True).priority == PLAN_PRIORITY
    assert ranked(CAR, at_risk=False) is CAR
    important = ev("car", priority=PLAN_PRIORITY)
    assert ranked(important, at_risk=True) is important


def test_without_a_plan_the_car_gives_way_to_the_heater() -> None:
    loop, heater, car = _home(departure_h=None, kwh=0)
    loop.run(120)
    assert heater.on
    assert not car.on  # 5 kW + 3 kW leave less than 6 A under the 9 kW target
    assert loop.controller.snapshot().loads[1].plan_at_risk is False


def test_a_plan_at_risk_switches_the_heater_off_for_the_car() -> None:
    loop, heater, car = _home(departure_h=2, kwh=10)  # 5 kW average: 68 % of the charger
    loop.run(300)
    assert not heater.on
    assert car.on
    assert car.setpoint is not None
    assert car.setpoint >= 16  # ~4 kW: the room the heater left
    assert loop.max_site_since(120) <= LIMIT_W
    heater_actions = [(a.kind, a.reason) for _, a in loop.actions_for("heater")]
    assert heater_actions[0] == (ActionKind.SHED, Reason.OVER_LIMIT)
    snapshot = {load.load_id: load for load in loop.controller.snapshot().loads}
    assert snapshot["car"].plan_at_risk
    assert snapshot["car"].priority == 40  # the user's priority is what is shown


def test_a_plan_on_track_keeps_the_users_priorities() -> None:
    loop, heater, car = _home(departure_h=10, kwh=5)  # 0.5 kW average: 7 % of the charger
    loop.run(300)
    assert heater.on
    assert not car.on


def test_a_paused_car_whose_plan_falls_behind_takes_the_heaters_room() -> None:
    # The plan is on track at first (the car waits, paused); with the car still paused the
    # time left shrinks until the plan is at risk: the heater is switched off for it then,
    # also when steps are skipped (the controller wakes itself at that time).
    loop, heater, car = _home(departure_h=3, kwh=7.36)  # at risk from 0.5 h on
    loop.skip_idle = True
    loop.run(0.5 * HOUR - 60)
    assert heater.on
    assert not car.on
    loop.run(600)
    assert not heater.on
    assert car.on
    shed = [(t, a.reason) for t, a in loop.actions_for("heater") if a.kind is ActionKind.SHED]
    assert shed
    assert shed[0][0] <= 0.5 * HOUR + 5
    assert shed[0][1] is Reason.PRIORITY
    assert loop.skipped > 0


def test_once_the_car_is_full_the_heater_comes_back() -> None:
    loop, heater, car = _home(departure_h=1.5, kwh=6)  # 4 kW average: at risk
    loop.run(600)
    assert not heater.on
    car.energy_to_go_wh = 0.0  # the car reports it is full
    car.draw_w = 0.0
    loop.run(1200)
    assert heater.on


def _calm_home(*, departure_h: float | None) -> tuple[Loop, SimLoad]:
    """The car alone under 10 kW: turned down in a 7.5 kW hour, then given back room at 4 kW."""
    car = SimLoad(CAR)
    if departure_h is not None:
        car.departure_s = departure_h * HOUR
        car.energy_to_go_wh = 5000.0  # 0.5 kW average over 10 h: on track
    loop = Loop.build(site_config(LIMIT_W), car, base=7500)
    loop.run(120)  # an overload: the car is turned down
    loop.plant.base = 4000
    loop.run(600)
    return loop, car


def test_a_plan_on_track_keeps_calm_room_below_the_limit() -> None:
    loop, car = _calm_home(departure_h=10)
    assert car.on
    site = loop.plant.site_power(loop.now)
    assert site <= LIMIT_W - calm_margin_w(LIMIT_W) + 1e-6
    assert site > LIMIT_W - calm_margin_w(LIMIT_W) - CAR.setpoint_unit_w  # it did ramp up
    assert loop.controller.snapshot().loads[0].plan_at_risk is False


def test_without_a_plan_the_car_fills_the_room_to_the_restore_threshold() -> None:
    loop, car = _calm_home(departure_h=None)
    site = loop.plant.site_power(loop.now)
    assert site > LIMIT_W - calm_margin_w(LIMIT_W)  # the wider room is for plans only
    assert site <= LIMIT_W * 0.85 + 1e-6


def test_calm_margin_is_an_appliance_step_at_most_a_share_of_the_limit() -> None:
    assert calm_margin_w(20_000) == 2500
    assert calm_margin_w(5000) == 2000  # 40 % of a small limit


def test_a_plan_on_track_gives_room_back_before_the_house_overloads() -> None:
    loop, car = _calm_home(departure_h=10)
    ramped_to = car.setpoint
    loop.plant.base = 5000  # +1 kW: the room left (1.5 kW) is still more than half the margin
    loop.run(120)
    assert car.setpoint == ramped_to  # the house's wobble moves no setpoint
    loop.plant.base = 5600  # +0.6 kW more: 0.9 kW left, less than half of the 2.5 kW margin
    loop.run(60)
    assert car.on
    assert car.setpoint is not None
    assert ramped_to is not None
    assert car.setpoint < ramped_to
    assert loop.plant.site_power(loop.now) <= LIMIT_W - calm_margin_w(LIMIT_W) + 1e-6
    assert loop.max_site_since(720) < LIMIT_W * 0.95  # never an overload on the way
    last = loop.actions_for("car")[-1][1]
    assert (last.kind, last.reason) == (ActionKind.MODULATE, Reason.RESERVE)


def test_keeping_calm_turns_a_car_down_to_its_minimum_never_pauses_it() -> None:
    loop, car = _calm_home(departure_h=10)
    for base in range(4500, 8001, 500):  # the house rises by 0.5 kW a minute to 8 kW
        loop.plant.base = base
        loop.run(60)
    assert loop.max_site_since(720) < LIMIT_W * 0.95  # 8 kW + 6 A (1.4 kW): no overload
    assert car.on
    assert car.setpoint == CAR.min_setpoint


def test_without_a_plan_the_car_keeps_what_it_was_given_until_an_overload() -> None:
    loop, car = _calm_home(departure_h=None)
    given = car.setpoint
    loop.plant.base = 4700  # the room under the limit shrinks, no threshold is crossed
    loop.run(120)
    assert car.setpoint == given


def _risky_home(kwh: float) -> tuple[Loop, SimLoad]:
    """A car at risk (2 h left) in a house that stepped up by 2 kW within the hour."""
    car = SimLoad(CAR)
    car.departure_s = 2 * HOUR + FINISH_EARLY_S
    car.energy_to_go_wh = kwh * 1000
    loop = Loop.build(site_config(LIMIT_W), car, base=4000)
    loop.run(120)
    loop.plant.base = 6000  # the step the margin remembers for an hour
    loop.run(120)
    loop.plant.base = 2000  # room opens: 6.5 kW under the 8.5 kW restore threshold
    loop.run(600)
    assert loop.controller.snapshot().loads[0].plan_at_risk
    return loop, car


def test_a_plan_at_risk_keeps_the_step_margin_out_of_room_it_does_not_need() -> None:
    loop, car = _risky_home(kwh=6.6)  # 3.3 kW on average; 4.1 kW with the cushion
    site = loop.plant.site_power(loop.now)
    assert site <= LIMIT_W - 2000 + 1e-6  # the house's 2 kW step still fits under the limit
    assert car.power_w >= RISK_CUSHION * 3300 - CAR.setpoint_unit_w  # but the plan gets its due


def test_a_plan_at_risk_takes_the_margin_it_needs() -> None:
    loop, car = _risky_home(kwh=11)  # 5.5 kW on average: 6.9 kW with the cushion, room is 6.5
    site = loop.plant.site_power(loop.now)
    assert site > LIMIT_W - 2000  # no margin kept: the plan needs all the room
    assert site <= LIMIT_W * 0.85 + 1e-6
