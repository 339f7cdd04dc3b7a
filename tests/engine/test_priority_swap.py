"""Priority swap: a more important load that waited past its patience may pause less important ones.

The case from a what-if replay: a water heater (priority 30) is shed in an overload; a car
(priority 40) then takes the room, and with house + heater + car at its minimum current over
the restore threshold the heater used to wait until the car was full. Turning the car down is
always allowed; pausing it only once the heater has waited its patience time, so that nothing
is cycled back and forth.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.capacity_manager.engine.models import ActionKind, Reason
from tests.engine.harness import Loop, SimLoad, ev, site_config, switched

LIMIT_W = 10_000.0
RESTORE_W = 8_500.0  # default thresholds: restore below 85 %
PATIENCE_S = 600.0


def _heater_blocked_by_car(**timing: float) -> tuple[Loop, SimLoad, SimLoad]:
    """Heater shed at t=0 while the car draws nothing; the car plugs in and takes the room."""
    site = site_config(LIMIT_W, restore_patience_s=PATIENCE_S, **timing)
    heater = SimLoad(switched("heater", 3000, priority=30))
    car = SimLoad(ev("car", priority=40), draw_w=0)  # offered 32 A, no car plugged in yet
    loop = Loop.build(site, heater, car, base=8000)
    loop.run(30)
    assert not heater.on
    loop.plant.base = 5000  # heater alone would fit now: 8000 W
    loop.run(10)
    car.draw_w = None  # the car arrives and charges at its offer
    return loop, heater, car


def test_heater_waiting_past_its_patience_pauses_the_less_important_car() -> None:
    loop, heater, car = _heater_blocked_by_car()
    loop.run(PATIENCE_S - loop.now - 1)
    assert not heater.on  # before its patience: the car only loses what turning down frees
    assert car.on
    loop.run(31)
    assert heater.on
    assert not car.on
    swap = [(a.load_id, a.kind, a.reason) for t, a in loop.history if t >= PATIENCE_S - 1]
    assert swap == [
        ("car", ActionKind.SHED, Reason.PRIORITY),
        ("heater", ActionKind.RESTORE, Reason.HEADROOM),
    ]
    loop.run(1800)
    assert heater.on  # never taken back for the car
    assert loop.max_site_since(PATIENCE_S) <= RESTORE_W


def test_car_that_cannot_pause_is_only_turned_down() -> None:
    site = site_config(LIMIT_W, restore_patience_s=PATIENCE_S)
    heater = SimLoad(switched("heater", 3000, priority=30))
    car = SimLoad(ev("car", priority=40, can_pause=False), draw_w=0)
    loop = Loop.build(site, heater, car, base=8000)
    loop.run(30)
    loop.plant.base = 5000
    loop.run(10)
    car.draw_w = None
    loop.run(2 * PATIENCE_S)
    assert car.on
    assert not heater.on  # 5000 + 3000 + 6 A does not fit, and the car may not be paused
    assert not [a for _, a in loop.actions_for("car") if a.kind is ActionKind.SHED]


def test_limit_room_counts_what_the_less_important_load_can_give() -> None:
    # The heater once drew 4000 W (its peak), typically 2000 W. Past its patience its typical
    # power must fit the restore threshold and its peak the limit itself. With the car at 2000 W
    # the peak does not fit under the limit (4500 + 2000 + 4000 W); the car turned down to its
    # minimum makes the room, so the heater no longer waits for the car to finish.
    loop, heater, car = _heater_shed_after_a_4000_w_peak()
    assert not heater.on
    shed_at = next(t for t, a in loop.actions_for("heater") if a.kind is ActionKind.SHED)
    loop.plant.base = 4500
    loop.run(30)
    car.draw_w = 2000  # the car is battery-limited: 2000 W whatever it is offered
    loop.run(shed_at + PATIENCE_S - 1 - loop.now)
    assert not heater.on  # before its patience its 4000 W peak must fit: it does not
    loop.run(60)
    assert heater.on
    assert car.on
    assert car.setpoint == 6
    assert loop.max_site_since(shed_at + PATIENCE_S) <= RESTORE_W


def test_a_load_whose_peak_does_not_fit_pauses_nothing() -> None:
    # Past its patience the heater may come back at its typical power, but pausing the car for
    # it needs its cautious power (after a 4000 W peak) to fit too: else it would soon be shed
    # again.
    loop, heater, car = _heater_shed_after_a_4000_w_peak()
    loop.plant.base = 6000  # + its typical power fits with the car paused, its peak does not
    loop.run(30)
    car.draw_w = 2500
    loop.run(2 * PATIENCE_S)
    assert not heater.on
    assert car.on


def test_a_running_cycle_and_min_on_time_are_not_interrupted_for_a_swap() -> None:
    site = site_config(LIMIT_W, restore_patience_s=PATIENCE_S)
    heater = SimLoad(switched("heater", 3000, priority=30))
    dryer = SimLoad(switched("dryer", 3000, priority=40, protect_running_cycle=True))
    loop = Loop.build(site, heater, dryer, base=3000)
    loop.controller.shed_load("heater", 0, until=10)
    loop.run(10)
    assert not heater.on
    loop.plant.base = 3000  # 3000 + dryer 3000 + heater 3000 > 8500
    loop.run(2 * PATIENCE_S)
    assert dryer.on
    assert not heater.on


# -- the property ------------------------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    house_w=st.integers(3000, 5500),
    heater_w=st.sampled_from([1500.0, 2000.0, 3000.0]),
    car_phases=st.sampled_from([1, 3]),
    car_cap_w=st.sampled_from([None, 2500.0, 5000.0]),
    car_min_off_s=st.sampled_from([0.0, 300.0, 900.0]),
    pump=st.sampled_from([None, 0.0, 1200.0]),  # a less important switched load: its min on
    patience_s=st.sampled_from([300.0, 600.0, 1800.0]),
    interval_s=st.sampled_from([10.0, 30.0, 120.0]),
)
def test_more_important_load_waits_at_most_patience_plus_one_interval(
    house_w: int,
    heater_w: float,
    car_phases: int,
    car_cap_w: float | None,
    car_min_off_s: float,
    pump: float | None,
    patience_s: float,
    interval_s: float,
) -> None:
    site = site_config(LIMIT_W, restore_patience_s=patience_s, restore_interval_s=interval_s)
    heater = SimLoad(switched("heater", heater_w, priority=30))
    car_cfg = ev("car", priority=40, phases=car_phases, min_off_s=car_min_off_s)
    car = SimLoad(car_cfg, draw_w=0)
    loads = [heater, car]
    if pump is not None:
        loads.append(SimLoad(switched("pump", 500, priority=50, min_on_s=pump)))
    loop = Loop.build(site, *loads)
    loop.controller.shed_load("heater", 0, until=20)
    loop.run(20)
    assert not heater.on
    loop.plant.base = float(house_w)
    loop.run(10)
    car.draw_w = car_cap_w  # the car arrives and takes what it is offered (up to its cap)
    loop.run(patience_s + interval_s + 60 - loop.now)

    # House + heater (+ the pump while its min on time protects it) fits: the heater is back.
    assert heater.on, loop.history
    (back,) = [t for t, a in loop.actions_for("heater") if a.kind is ActionKind.RESTORE]
    assert back <= patience_s + interval_s
    swap_at = back

    loop.run(patience_s + 1800)
    # No load flaps because of the swap: the heater stays on, a paused load is paused once and
    # comes back no sooner than its min off time, and nothing goes over the limit.
    assert heater.on
    for load_id in ("car", "pump"):
        actions = [(t, a.kind) for t, a in loop.actions_for(load_id) if t >= swap_at]
        sheds = [t for t, kind in actions if kind is ActionKind.SHED]
        assert len(sheds) <= 1, actions
        if sheds and load_id == "car":
            resumed = [t for t, kind in actions if kind is ActionKind.RESTORE and t > sheds[0]]
            assert all(t - sheds[0] >= car_min_off_s for t in resumed)
    assert loop.max_site_since(swap_at) <= LIMIT_W


def test_above_the_restore_threshold_only_a_load_past_its_patience_swaps_in() -> None:
    # The car, offered what fits below the target, holds the site between the restore and the
    # shed threshold: nothing is given back the usual way. The heater, past its patience, still
    # comes back by turning the car down; the dryer, shed only a moment ago, waits.
    site = site_config(LIMIT_W, restore_patience_s=300, restore_interval_s=10)
    heater = SimLoad(switched("heater", 1500, priority=30))
    dryer = SimLoad(switched("dryer", 500, priority=20))
    car = SimLoad(ev("car", priority=40, min_off_s=0.0), draw_w=0)
    loop = Loop.build(site, heater, dryer, car)
    loop.controller.shed_load("heater", 0, until=20)
    loop.run(20)
    loop.plant.base = 3000.0
    loop.run(10)
    car.draw_w = None  # draws its capped offer: the site sits above 8500 W
    loop.run(250 - loop.now)
    loop.controller.shed_load("dryer", loop.now, until=loop.now + 10)
    loop.plant.base = 3500.0  # the kettle goes on as the dryer goes off
    loop.run(40)
    assert RESTORE_W < loop.plant.site_power(loop.now) < 0.95 * LIMIT_W
    assert not heater.on
    loop.run(20)
    assert heater.on
    assert not dryer.on
    swap = [(a.load_id, a.reason) for t, a in loop.history if 290 <= t <= 310]
    assert swap == [("car", Reason.PRIORITY), ("heater", Reason.HEADROOM)]


def test_a_less_important_load_does_not_swap_while_a_more_important_one_still_waits() -> None:
    # Dryer (20) shed a little before the heater (10); the pool pump (30) is switched on later.
    # The dryer's patience ends first, but pausing the pool pump for it would only run the
    # dryer until the heater's ends and the heater paused it in turn: the heater takes the
    # pool pump's place, once, and the dryer keeps waiting.
    site = site_config(LIMIT_W, restore_patience_s=PATIENCE_S)
    heater = SimLoad(switched("heater", 3000, priority=10))
    dryer = SimLoad(switched("dryer", 2000, priority=20))
    pool = SimLoad(switched("pool", 1500, priority=30))
    pool.on = False
    loop = Loop.build(site, heater, dryer, pool, base=5500)
    loop.run(10)  # 10500 W: the dryer goes
    loop.plant.base = 7000
    loop.run(10)  # 10000 W: the heater goes
    pool.on = True
    loop.plant.base = 5300  # 6800 W: either fits only in the pool pump's place
    loop.run(PATIENCE_S + 60)
    assert heater.on
    assert not dryer.on
    assert not pool.on
    swaps = [(t, a.load_id, a.kind) for t, a in loop.history if a.reason is Reason.PRIORITY]
    assert [(load_id, kind) for _, load_id, kind in swaps] == [("pool", ActionKind.SHED)]
    assert swaps[0][0] >= 10 + PATIENCE_S  # the heater's own patience, not the dryer's
    assert not [a for _, a in loop.actions_for("dryer") if a.kind is ActionKind.RESTORE]


def _heater_shed_after_a_4000_w_peak() -> tuple[Loop, SimLoad, SimLoad]:
    """A 2000 W heater seen once at 4000 W, then shed for a 9000 W house; an idle car."""
    site = site_config(LIMIT_W, restore_patience_s=PATIENCE_S)
    heater = SimLoad(switched("heater", 2000, priority=30), draw_w=2000)
    car = SimLoad(ev("car", priority=40), draw_w=0)
    loop = Loop.build(site, heater, car, base=1000)
    for draw in (2000, 4000, 2000, 2000, 2000, 2000):
        heater.draw_w = draw
        loop.run(1)
    loop.plant.base = 9000
    loop.run(5)
    return loop, heater, car
