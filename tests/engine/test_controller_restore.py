"""Restoring: giving loads back, most important first, only what fits, calmly."""

from __future__ import annotations

import itertools

from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LoadStatus,
    Measurement,
    Reason,
    SiteStatus,
)
from custom_components.capacity_manager.engine.results import NoticeKind, Snapshot
from tests.engine.harness import Loop, SimLoad, dimmer, ev, site_config, switched

# Shed above 9500 W, target 9000 W, restore below 8500 W; hold-off 60 s, one restore per 30 s.
SITE = site_config(10_000)
RESTORE_W = 8500


def _status(snapshot: Snapshot, load_id: str) -> LoadStatus:
    return next(ld.status for ld in snapshot.loads if ld.load_id == load_id)


def _ramp(loop: Loop, to_w: float, w_per_s: float = 1000.0) -> None:
    """Move the house load to `to_w` from now on, at most `w_per_s` per second.

    A jump of several kW in one sample is a house step the controller keeps room for over
    the next hour (margin.py); tests about other rules move the house gradually instead.
    """
    start, t0 = loop.plant.base_w(loop.now), loop.now
    sign = 1.0 if to_w >= start else -1.0

    def base(now: float) -> float:
        moved = start + sign * w_per_s * max(0.0, now - t0)
        return min(moved, to_w) if sign > 0 else max(moved, to_w)

    loop.plant.base = base


def test_restores_after_hold_off_most_important_first_one_per_interval() -> None:
    loop = Loop.build(
        SITE, switched("pool", 1500, priority=5), switched("heater", 3000, priority=9), base=9000
    )
    loop.run(10)  # 13 500 W: both shed at t=0
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED, ActionKind.SHED]
    loop.plant.base = 3000  # from t=10 power is low
    loop.run(200)
    restores = [(t, a.load_id, a.reason) for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert restores == [
        (70.0, "pool", Reason.HEADROOM),  # 60 s hold-off
        (100.0, "heater", Reason.HEADROOM),  # 30 s between restores
    ]
    assert loop.last is not None
    assert loop.last.snapshot.status is SiteStatus.NORMAL


def test_load_is_given_back_only_if_it_fits_under_the_restore_threshold() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), base=7000)
    loop.run(10)  # 10 000 W → heater shed
    loop.plant.base = 6000  # 6000 + 3000 = 9000 W > 8500 W: it would not fit
    loop.run(600)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]
    assert loop.last is not None
    assert loop.last.snapshot.status is SiteStatus.RESTORING
    loop.plant.base = 5400  # 8400 W with the heater: fits
    loop.run(120)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED, ActionKind.RESTORE]
    assert loop.max_site_since(10) <= RESTORE_W


def test_hold_off_restarts_when_power_rises_again() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), base=7000)
    loop.run(10)
    loop.plant.base = 4000  # below the restore threshold from t=10…
    loop.run(40)
    _ramp(loop, 8800, w_per_s=4800 / 5)  # …above it (but below shedding) from t=55…
    loop.run(20)
    loop.plant.base = 4000  # …and below again from t=70
    loop.run(200)
    (restore,) = [t for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert restore == 130.0


def test_minimum_off_time_is_respected() -> None:
    loop = Loop.build(SITE, switched("heater", 3000, min_off_s=300), base=7000)
    loop.run(1)
    loop.plant.base = 1000
    loop.run(600)
    (shed, restore) = [t for t, _ in loop.history]
    assert restore - shed >= 300


def test_maximum_off_time_gives_a_load_back_even_without_headroom() -> None:
    loop = Loop.build(SITE, switched("freezer", 1000, max_off_s=120), base=8800)  # 9800 W
    loop.run(1)
    loop.plant.base = 8000  # 8000 W: no headroom for 1000 W under 8500 W
    loop.run(300)
    kinds = [(t, a.kind, a.reason) for t, a in loop.history]
    assert kinds == [
        (0.0, ActionKind.SHED, Reason.OVER_LIMIT),
        (120.0, ActionKind.RESTORE, Reason.MAX_OFF_TIME),
    ]


def test_load_that_must_not_auto_restore_stays_off_until_asked() -> None:
    loop = Loop.build(SITE, switched("sauna", 6000, auto_restore=False), base=5000)
    loop.run(1)
    loop.plant.base = 500
    loop.run(900)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].status is LoadStatus.SHED
    loop.controller.restore_all()
    result = loop.tick()
    assert [(a.load_id, a.kind, a.reason) for a in result.actions] == [
        ("sauna", ActionKind.RESTORE, Reason.MANUAL)
    ]
    assert loop.load("sauna").on


def test_turned_down_ev_ramps_up_in_steps_and_never_over_the_restore_threshold() -> None:
    loop = Loop.build(SITE, ev("car"), base=7000)
    loop.run(10)
    assert loop.load("car").setpoint == 8
    loop.plant.base = 4000
    loop.run(120)
    assert loop.max_site_since(10) <= RESTORE_W
    setpoints = [a.setpoint for _, a in loop.actions_for("car")]
    assert setpoints[0] == 8
    assert setpoints[1] == 19  # floor((8500 − 5840) / 230) = 11 A more, after the hold-off
    assert loop.load("car").setpoint == 19  # 8370 W: another amp would cross the threshold
    loop.plant.base = 1000
    loop.run(120)
    ups = [(t, a) for t, a in loop.actions_for("car") if a.expected_delta_w > 0]
    assert all(b[0] - a[0] >= SITE.timing.modulate_interval_s for a, b in itertools.pairwise(ups))
    last = ups[-1][1]
    assert (last.kind, last.setpoint, last.reason) == (ActionKind.RESTORE, 32, Reason.HEADROOM)
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].status is LoadStatus.ON
    assert loop.max_site_since(10) <= RESTORE_W


def test_ev_gets_back_what_the_user_asked_for_not_more() -> None:
    car = SimLoad(ev("car"), setpoint=20, demand_setpoint=20)
    loop = Loop.build(SITE, car, base=7000)  # 11 600 W
    loop.run(5)
    assert car.setpoint is not None
    assert car.setpoint < 20
    loop.plant.base = 0
    loop.run(120)
    assert car.setpoint == 20
    assert all(a.setpoint is not None and a.setpoint <= 20 for _, a in loop.history)


def test_paused_ev_resumes_only_when_its_minimum_current_fits() -> None:
    loop = Loop.build(SITE, ev("car"), base=9000)
    loop.run(5)
    assert not loop.load("car").on  # paused
    loop.plant.base = 7200  # 1300 W of room under 8500 W: 6 A (1380 W) does not fit
    loop.run(300)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]
    loop.plant.base = 7000  # 1500 W of room: resume at 6 A
    loop.run(100)
    resume = loop.history[1][1]
    assert (resume.kind, resume.setpoint) == (ActionKind.RESTORE, 6)
    assert loop.load("car").on
    assert loop.max_site_since(5) <= RESTORE_W


def test_equal_priority_evs_share_headroom_and_ramp_together() -> None:
    loop = Loop.build(SITE, ev("car_a"), ev("car_b"), base=3000)  # 17 720 W
    loop.run(10)
    a, b = loop.load("car_a"), loop.load("car_b")
    assert (a.on, a.setpoint) == (b.on, b.setpoint)
    loop.plant.base = 1000
    for _ in range(30):
        loop.run(10)
        assert (a.on, a.setpoint) == (b.on, b.setpoint)
    assert loop.max_site_since(10) <= RESTORE_W
    assert a.setpoint is not None
    assert a.setpoint > 6


def test_export_above_the_export_limit_gives_loads_back_without_hold_off() -> None:
    site = site_config(10_000, limits={"export_limit_w": 2000})
    loop = Loop.build(site, switched("heater", 3000), base=7000)
    loop.run(10)
    loop.plant.base = -6000  # solar: exporting 6000 W
    result = loop.tick()
    assert [(a.kind, a.reason) for a in result.actions] == [
        (ActionKind.RESTORE, Reason.EXPORT_LIMIT)
    ]
    assert result.snapshot.export_limit_w == 2000


def test_nothing_restored_while_power_stays_between_restore_and_shed() -> None:
    loop = Loop.build(SITE, switched("heater", 500), base=9500)
    loop.run(5)  # 10 000 W → shed → 9500 W, which is not above the shed threshold
    loop.run(900)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]


def test_load_that_ignores_the_restore_command_is_retried_later_not_hammered() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), base=7000)
    loop.run(5)
    loop.load("heater").responsive = False  # e.g. the relay is stuck off
    loop.plant.base = 1000
    loop.run(720)
    restores = [t for t, a in loop.history if a.kind is ActionKind.RESTORE]
    ineffective = [t for t, n in loop.notices if n.kind is NoticeKind.INEFFECTIVE]
    # 60 s after the last sample without room for it (t=4: 7000 + 3000 W > 8500 W).
    assert restores[0] == 64.0
    assert ineffective == [t + SITE.timing.verify_s for t in restores]
    retry = SITE.timing.ineffective_retry_s
    assert all(b - a >= retry for a, b in itertools.pairwise(restores))
    assert len(restores) == 3  # once every retry period, not every step
    assert loop.last is not None
    assert _status(loop.last.snapshot, "heater") is LoadStatus.SHED  # still ours to give back
    loop.load("heater").responsive = True
    loop.run(400)
    assert loop.load("heater").on


def test_turned_down_car_that_stopped_drawing_gets_only_what_its_full_draw_fits() -> None:
    # A car that draws nothing now may start drawing its whole offer at any moment: the offer
    # is raised only as far as base + full offer stays under the restore threshold.
    car = SimLoad(ev("car"))
    loop = Loop.build(SITE, car, base=7000)
    loop.run(5)
    assert car.setpoint == 8
    car.draw_w = 0  # battery full for now: on, but drawing nothing
    loop.plant.base = 6000
    loop.run(300)
    assert car.setpoint == 10  # 6000 + 10 × 230 = 8300 W; 11 A would be 8530 W
    up = [a for t, a in loop.history if t > 5]
    assert [(a.kind, a.setpoint) for a in up] == [(ActionKind.MODULATE, 10)]
    assert up[0].expected_delta_w == 2 * 230  # nominal: the car may take all of it


def test_failed_give_back_is_retried_later_not_forgotten() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), base=7000)
    loop.run(5)
    loop.plant.base = 1000
    result = None
    while result is None or not result.actions:
        result = loop.controller.step(loop.now, Measurement(site_power_w=1000), loop.plant.states())
        loop.now += 1
    (restore,) = result.actions
    assert restore.kind is ActionKind.RESTORE
    loop.controller.report_failure("heater", loop.now - 1)  # the service call raised
    again = loop.controller.step(loop.now - 1, Measurement(site_power_w=1000), loop.plant.states())
    assert again.actions == ()
    assert _status(again.snapshot, "heater") is LoadStatus.SHED  # still ours to give back
    loop.run(SITE.timing.ineffective_retry_s + 10)
    assert loop.load("heater").on


def test_paused_ev_whose_resume_does_not_take_stays_paused_and_is_retried() -> None:
    car = SimLoad(ev("car", min_off_s=0))
    loop = Loop.build(SITE, car, base=9000)
    loop.run(5)
    assert not car.on
    car.responsive = False
    loop.plant.base = 6000  # room for 10 A: resumed at a reduced offer
    loop.run(120)
    (resume,) = [a for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert resume.setpoint == 10
    assert [n.load_id for _, n in loop.notices_of(NoticeKind.INEFFECTIVE)] == ["car"]
    assert loop.last is not None
    assert _status(loop.last.snapshot, "car") is LoadStatus.SHED
    car.responsive = True
    loop.run(SITE.timing.ineffective_retry_s)
    assert loop.load("car").on
    assert loop.load("car").setpoint == 10


def test_failed_turn_up_keeps_the_load_held_and_ramps_later() -> None:
    car = SimLoad(ev("car"))
    loop = Loop.build(SITE, car, base=7000)
    loop.run(5)
    assert car.setpoint == 8
    loop.plant.base = 1000
    result = None
    while result is None or not result.actions:
        result = loop.tick()
    (up,) = result.actions
    car.setpoint = 8  # the charger refused the new current
    loop.controller.report_failure("car", loop.now - 1)
    assert _status(loop.controller.snapshot(), "car") is LoadStatus.MODULATED
    loop.run(SITE.timing.ineffective_retry_s + 60)
    assert car.setpoint == 32
    assert up.setpoint is not None
    assert up.setpoint > 8


def test_paused_ev_stays_paused_at_least_five_minutes_by_default() -> None:
    # Chargers and cars do not like being cycled: a pause lasts 5 minutes unless configured.
    car = SimLoad(ev("car"))
    loop = Loop.build(SITE, car, base=9000)
    loop.run(5)
    assert not car.on
    loop.plant.base = 0
    loop.run(400)
    (resume,) = [t for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert resume >= 300
    assert car.on


def test_more_important_load_takes_current_from_a_less_important_car() -> None:
    loop = Loop.build(SITE, switched("heater", 3000, priority=1), ev("car", priority=5), base=1000)
    loop.run(2)
    loop.controller.shed_load("heater", loop.now, until=100)  # e.g. a tariff hour
    loop.run(98)
    assert loop.load("car").setpoint == 32  # the car took the room meanwhile: 8360 W
    result = loop.tick()  # t=100: the heater is free to come back, but does not fit
    made = {(a.load_id, a.kind, a.reason) for a in result.actions}
    assert made == {
        ("car", ActionKind.MODULATE, Reason.PRIORITY),
        ("heater", ActionKind.RESTORE, Reason.HEADROOM),
    }
    loop.run(60)
    assert loop.load("heater").on
    assert loop.max_site_since(100) <= RESTORE_W


def test_load_that_never_fits_with_its_peak_comes_back_at_its_typical_power_in_time() -> None:
    site = site_config(10_000, restore_patience_s=600)
    heater = SimLoad(switched("heater", 2000), draw_w=2000)
    loop = Loop.build(site, heater, base=1000)
    loop.run(5)
    heater.draw_w = 4000  # a short peak…
    loop.run(2)
    heater.draw_w = 2000  # …then its usual 2000 W
    loop.run(5)
    _ramp(loop, 8000)  # 10 000 W: shed at t=19
    loop.run(10)
    assert not heater.on
    loop.plant.base = 6000  # 2500 W of room: enough for 2000 W, not for the learned peak
    loop.run(500)
    assert not loop.load("heater").on  # cautious first: what came back could be the peak
    loop.run(200)
    assert loop.load("heater").on  # after the patience time only its typical power must fit
    (restore,) = [t for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert restore >= 12 + 600


def test_room_made_for_a_more_important_load_is_not_handed_back_at_once() -> None:
    # The heat pump is turned down to make room for the heater. The meter then shows the net
    # of both commands; the room made must not be mistaken for new headroom (the heat pump
    # turned straight back up would put the site at its limit and start a cycle).
    loop = Loop.build(
        SITE,
        switched("heater", 3000, priority=1),
        dimmer("heat_pump", 6000, min_w=500, priority=2),
        base=1000,
    )
    loop.controller.shed_load("heater", 0, until=100)
    loop.run(300)
    after = [(t, a.load_id, a.reason) for t, a in loop.history if t >= 100]
    assert after == [(100.0, "heat_pump", Reason.PRIORITY), (100.0, "heater", Reason.HEADROOM)]
    assert loop.max_site_since(100) <= RESTORE_W


def test_a_load_shed_again_soon_after_each_restore_waits_longer_each_time() -> None:
    # A 7000 W spike one minute in every five: the heater fits between spikes, not during them.
    loop = Loop.build(
        SITE, switched("heater", 3000), base=lambda now: 7000.0 if now % 300 >= 240 else 5000.0
    )
    loop.run(3 * 3600)
    events = [(t, a.kind) for t, a in loop.history]
    sheds = [t for t, kind in events if kind is ActionKind.SHED]
    restores = [t for t, kind in events if kind is ActionKind.RESTORE]
    assert len(sheds) >= 4
    # Off times after each short cycle: at least 5, 10, 20, then 30 minutes (the cap).
    offs = [restore - shed for shed, restore in zip(sheds[1:], restores[1:], strict=False)]
    for off, floor in zip(offs, (300, 600, 1200, 1800, 1800), strict=False):
        assert off >= floor
    assert max(offs) < 1800 + 300  # capped: it still comes back within the next calm spell
    # Without the back-off it would have cycled in every five-minute period (36 times).
    assert len(sheds) <= 10


def test_a_load_that_ran_a_while_before_its_shed_comes_back_without_extra_wait() -> None:
    spikes = {(1200.0, 1260.0), (3000.0, 3060.0)}  # 15 minutes on between them: not short
    loop = Loop.build(
        SITE,
        switched("heater", 3000),
        base=lambda now: 7000.0 if any(a <= now < b for a, b in spikes) else 5000.0,
    )
    loop.run(3600)
    events = [(t, a.kind) for t, a in loop.history]
    assert [kind for _, kind in events] == [ActionKind.SHED, ActionKind.RESTORE] * 2
    assert events[3][0] <= 3060.0 + 60.0  # back after the hold-off only, no extra wait
