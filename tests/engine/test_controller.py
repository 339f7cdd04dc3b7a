"""Shedding: what the controller takes away when site power climbs over the shed threshold."""

from __future__ import annotations

from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LoadState,
    LoadStatus,
    Measurement,
    Reason,
    SiteStatus,
)
from custom_components.capacity_manager.engine.results import NoticeKind
from tests.engine.harness import Loop, SimLoad, dimmer, ev, site_config, switched

# 10 kW panel with the default thresholds: shed above 9500 W, down to 9000 W, restore below 8500 W.
SITE = site_config(10_000)


def _three_switched(base: float) -> Loop:
    return Loop.build(
        SITE,
        switched("dryer", 2500, priority=1),
        switched("pool", 1500, priority=5),
        switched("heater", 3000, priority=9),
        base=base,
    )


def test_no_action_between_target_and_shed_threshold() -> None:
    loop = _three_switched(base=2200)  # 9200 W: above the target, below the shed threshold
    loop.run(120)
    assert loop.history == []
    assert loop.last is not None
    assert loop.last.snapshot.status is SiteStatus.NORMAL
    assert not loop.notices_of(NoticeKind.OVERLOAD)


def test_sheds_least_important_load_first_and_stops_at_target() -> None:
    loop = _three_switched(base=4000)  # 11 000 W: 2000 W over the target
    result = loop.tick()
    assert [(a.load_id, a.kind) for a in result.actions] == [("heater", ActionKind.SHED)]
    assert result.actions[0].reason is Reason.OVER_LIMIT
    assert result.actions[0].expected_delta_w == -3000
    loop.run(30)
    assert loop.plant.site_power(loop.now) <= 9000
    assert [a.load_id for _, a in loop.history] == ["heater"]  # no more than needed, no flapping


def test_walks_up_the_ladder_in_one_step_when_one_load_is_not_enough() -> None:
    loop = _three_switched(base=6400)  # 13 400 W: needs 4400 W
    result = loop.tick()
    assert [a.load_id for a in result.actions] == ["heater", "pool"]
    assert loop.plant.site_power(loop.now) <= 9000
    assert loop.load("dryer").on


def test_overload_is_reported_once_and_its_end_too() -> None:
    loop = _three_switched(base=4000)
    loop.run(20)
    assert len(loop.notices_of(NoticeKind.OVERLOAD)) == 1
    assert len(loop.notices_of(NoticeKind.OVERLOAD_END)) == 1
    _, overload = loop.notices_of(NoticeKind.OVERLOAD)[0]
    assert overload.new_value == 11_000


def test_snapshot_shows_what_was_shed_and_why() -> None:
    loop = _three_switched(base=4000)
    assert loop.tick().snapshot.status is SiteStatus.SHEDDING
    loop.run(2)
    assert loop.last is not None
    snapshot = loop.last.snapshot
    # Loads are held and power is under the restore threshold: waiting to give them back.
    assert snapshot.status is SiteStatus.RESTORING
    assert snapshot.effective_limit_w == 10_000
    assert (snapshot.shed_threshold_w, snapshot.target_w) == (9500, 9000)
    assert snapshot.site_power_w == 8000
    assert snapshot.headroom_w == 2000
    by_id = {load.load_id: load for load in snapshot.loads}
    assert by_id["heater"].status is LoadStatus.SHED
    assert by_id["heater"].reason is Reason.OVER_LIMIT
    assert by_id["heater"].shed_since == 0.0
    assert by_id["dryer"].status is LoadStatus.ON
    # Most important first, as users ordered them.
    assert [load.load_id for load in snapshot.loads] == ["dryer", "pool", "heater"]


def test_modulated_load_steps_down_before_a_switched_load_goes_off() -> None:
    # The car is the most important load, yet turning it down a little costs less than
    # switching the water heater off: modulation comes first on the ladder.
    loop = Loop.build(SITE, ev("car", priority=1), switched("heater", 2000, priority=9), base=1000)
    result = loop.tick()  # 10 360 W: 1360 W over the target
    assert [(a.load_id, a.kind) for a in result.actions] == [("car", ActionKind.MODULATE)]
    assert loop.load("heater").on
    assert loop.plant.site_power(loop.now) <= 9000


def test_ev_is_turned_down_in_whole_amps_and_no_further_than_needed() -> None:
    loop = Loop.build(SITE, ev("car"), base=3000)  # 3000 + 7360 W: 1360 W over the target
    result = loop.tick()
    (action,) = result.actions
    assert action.kind is ActionKind.MODULATE
    assert action.setpoint == 26  # 6 A × 230 V = 1380 W ≥ 1360 W; 5 A would not be enough
    assert action.old_setpoint == 32
    assert action.expected_delta_w == -1380
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].status is LoadStatus.MODULATED


def test_ev_goes_to_six_amps_then_pauses_only_if_still_over() -> None:
    loop = Loop.build(SITE, ev("car"), switched("heater", 2000, priority=20), base=3000)
    loop.plant.base = 8000  # 17 360 W: the car at 6 A alone is not enough
    result = loop.tick()
    kinds = {a.load_id: a for a in result.actions}
    assert kinds["heater"].kind is ActionKind.SHED
    assert kinds["car"].kind is ActionKind.SHED  # paused: an EV never goes below 6 A
    loop.run(10)
    setpoints = [a.setpoint for _, a in loop.history if a.setpoint is not None]
    assert all(s >= 6 and s == int(s) for s in setpoints)

    # Turning down is enough: the car keeps charging, at the highest current that fits.
    loop = Loop.build(SITE, ev("car"), base=7000)  # 14 360 W: needs 5360 W, 6 A frees 5980 W
    (action,) = loop.tick().actions
    assert (action.kind, action.setpoint) == (ActionKind.MODULATE, 8)  # 9 A would free 5290 W


def test_ev_that_cannot_pause_stays_at_its_minimum() -> None:
    loop = Loop.build(SITE, ev("car", can_pause=False), switched("heater", 2000), base=9000)
    loop.run(5)
    car = [a for _, a in loop.actions_for("car")]
    assert [(a.kind, a.setpoint) for a in car] == [(ActionKind.MODULATE, 6)]
    assert not loop.load("heater").on


def test_car_drawing_less_than_offered_is_turned_down_by_what_it_draws() -> None:
    # The car is offered 32 A but only draws 3000 W (its battery limits it). Cutting to 16 A
    # would free nothing; the controller scales from the measured draw.
    car = SimLoad(ev("car"), draw_w=3000)
    loop = Loop.build(SITE, car, base=7000)  # 10 000 W: needs 1000 W
    loop.tick()
    assert loop.plant.site_power(loop.now) <= 9000  # at once, not after several tries
    loop.run(60)
    (action,) = [a for _, a in loop.history]
    assert (action.kind, action.setpoint) == (ActionKind.MODULATE, 8)  # 8 A × 230 V ≤ 2000 W
    assert action.expected_delta_w == -(3000 - 8 * 230)


def test_modulated_watt_setpoint_respects_its_step_and_minimum() -> None:
    loop = Loop.build(SITE, dimmer("heat_pump", 4000, min_w=1000), base=6000)  # needs 1000 W
    (action,) = loop.tick().actions
    assert action.kind is ActionKind.MODULATE
    assert action.setpoint == 3000
    loop = Loop.build(SITE, dimmer("heat_pump", 4000, min_w=1000), base=8000)  # needs 3000 W
    (action,) = loop.tick().actions
    assert (action.kind, action.setpoint) == (ActionKind.MODULATE, 1000)


def test_two_evs_of_equal_priority_end_at_equal_current() -> None:
    loop = Loop.build(SITE, ev("car_a"), ev("car_b"), base=2000)  # 16 720 W: 7720 W to free
    loop.run(30)
    a, b = loop.load("car_a"), loop.load("car_b")
    assert a.on
    assert b.on
    assert a.setpoint == b.setpoint
    assert loop.plant.site_power(loop.now) <= 9000
    # Both share: neither was pushed to 6 A while the other kept 32 A.
    assert a.setpoint is not None
    assert 6 < a.setpoint < 32


def test_equal_priority_evs_at_different_currents_are_levelled_from_the_top() -> None:
    # Water filling: the car charging faster gives up current first.
    loop = Loop.build(SITE, SimLoad(ev("car_a"), setpoint=32), SimLoad(ev("car_b"), setpoint=10))
    loop.plant.base = 3000  # 3000 + 7360 + 2300 = 12 660 W: 3660 W to free
    loop.tick()
    a, b = loop.load("car_a"), loop.load("car_b")
    assert b.setpoint == 10  # the slower car is not touched
    assert a.setpoint is not None
    assert a.setpoint >= 10
    assert loop.plant.site_power(loop.now) <= 9000


def test_equal_priority_switched_loads_biggest_first() -> None:
    loop = Loop.build(
        SITE, switched("a_small", 1000, priority=5), switched("b_big", 3000, priority=5), base=7000
    )
    (action,) = loop.tick().actions  # 11 000 W: the big one alone covers it
    assert action.load_id == "b_big"


def test_never_shed_load_is_never_commanded_even_when_it_is_the_only_load() -> None:
    loop = Loop.build(SITE, switched("fridge", 3000, never_shed=True), base=9000)
    loop.run(600)
    assert loop.history == []
    assert loop.last is not None
    assert loop.last.snapshot.loads[0].status is LoadStatus.NEVER_SHED
    assert loop.last.snapshot.overload  # still honest about it


def test_never_shed_ev_is_not_turned_down() -> None:
    loop = Loop.build(
        SITE, ev("car", never_shed=True), switched("heater", 2000, priority=1), base=2000
    )
    loop.run(10)
    assert loop.actions_for("car") == []
    assert not loop.load("heater").on


def test_running_cycle_is_not_interrupted_next_load_is_shed() -> None:
    washer = switched("washer", 2000, priority=20, protect_running_cycle=True)
    loop = Loop.build(SITE, washer, switched("heater", 3000, priority=1), base=6000)
    loop.run(10)
    assert loop.actions_for("washer") == []
    assert not loop.load("heater").on


def test_idle_protected_load_may_be_switched_off() -> None:
    # Between cycles (below its running threshold) the washer may be switched off.
    washer = SimLoad(switched("washer", 2000, protect_running_cycle=True), draw_w=5)
    loop = Loop.build(SITE, washer, base=9600)
    loop.tick()
    assert [a.kind for _, a in loop.actions_for("washer")] == [ActionKind.SHED]


def test_min_on_time_protects_a_load_seen_switching_on() -> None:
    loop = Loop.build(
        SITE,
        switched("pump", 2000, priority=9, min_on_s=300),
        switched("heater", 3000, priority=1),
        base=2000,
    )
    loop.load("pump").on = False
    loop.run(2)
    loop.load("pump").on = True  # seen switching on at t=2
    loop.run(2)
    loop.plant.base = 6000  # 11 000 W at t=4: pump is within its min on time
    loop.run(5)
    assert loop.actions_for("pump") == []
    assert not loop.load("heater").on


def test_a_load_found_running_at_start_up_is_not_protected_by_min_on() -> None:
    # Its on-time is unknown (it may have run for hours): a breach must not wait 300 s.
    loop = Loop.build(
        SITE,
        switched("pump", 2000, priority=9, min_on_s=300),
        switched("heater", 3000, priority=1),
        base=2000,
    )
    loop.run(2)
    loop.plant.base = 6000
    loop.run(5)
    assert [a.kind for _, a in loop.actions_for("pump")] == [ActionKind.SHED]
    assert loop.load("heater").on


def test_unmanaged_unavailable_and_missing_loads_are_left_alone() -> None:
    heater = SimLoad(switched("heater", 3000, priority=9), managed=False)
    ghost = SimLoad(switched("ghost", 3000, priority=9), available=False)
    loop = Loop.build(SITE, heater, ghost, switched("pool", 3000, priority=1), base=5000)
    loop.run(5)
    assert [a.load_id for _, a in loop.history] == ["pool"]

    # A load the caller does not report at all counts as unavailable.
    controller = Controller(SITE, [switched("heater", 3000)])
    result = controller.step(0, Measurement(site_power_w=12_000), {})
    assert result.actions == ()
    assert result.snapshot.loads[0].status is LoadStatus.UNAVAILABLE


def test_meter_lag_does_not_cause_over_shedding() -> None:
    # The meter keeps showing the old value for a few samples after a command: the controller
    # counts its own command as in flight and does not shed the next load for the same excess.
    loop = _three_switched(base=4000)
    loop.tick()  # heater shed
    for _ in range(5):
        loop.tick(site_w=11_000)
    assert [a.load_id for _, a in loop.history] == ["heater"]


def test_command_without_effect_goes_to_the_next_load() -> None:
    stuck = SimLoad(switched("heater", 3000, priority=9), responsive=False)
    loop = Loop.build(SITE, stuck, switched("pool", 3000, priority=1), base=6000)
    loop.run(30)
    ineffective = loop.notices_of(NoticeKind.INEFFECTIVE)
    assert [n.load_id for _, n in ineffective] == ["heater"]
    assert ineffective[0][0] >= SITE.timing.verify_s
    assert not loop.load("pool").on
    assert loop.plant.site_power(loop.now) <= 9000
    # The stuck heater is not commanded again while it is marked ineffective.
    assert len(loop.actions_for("heater")) == 1
    assert loop.last is not None
    heater = next(ld for ld in loop.last.snapshot.loads if ld.load_id == "heater")
    assert heater.status is LoadStatus.ON  # not claimed as shed: it kept running


def test_failed_actuator_next_load_in_a_re_step() -> None:
    controller = Controller(
        SITE, [switched("heater", 3000, priority=9), switched("pool", 3000, priority=1)]
    )
    states = {"heater": LoadState(power_w=3000), "pool": LoadState(power_w=3000)}
    measurement = Measurement(site_power_w=11_000)
    first = controller.step(0, measurement, states)
    assert [a.load_id for a in first.actions] == ["heater"]
    controller.report_failure("heater", 0)
    again = controller.step(0, measurement, states)
    assert [a.load_id for a in again.actions] == ["pool"]
    heater = next(ld for ld in again.snapshot.loads if ld.load_id == "heater")
    assert heater.status is LoadStatus.ON
    # Unknown loads are ignored.
    controller.report_failure("nope", 0)


def test_higher_load_after_shedding_sheds_more() -> None:
    loop = _three_switched(base=4000)
    loop.run(10)
    loop.plant.base = 8000  # 8000 + 2500 + 1500 = 12 000 W
    loop.run(5)
    assert [a.load_id for _, a in loop.history] == ["heater", "pool", "dryer"]
    assert loop.plant.site_power(loop.now) <= 9000


def test_which_of_two_levelled_evs_pauses_follows_their_draw_not_their_names() -> None:
    # Both end at 6 A and one of them must pause: the one that drew more before goes.
    for slow, fast in (("car_a", "car_b"), ("car_b", "car_a")):
        loop = Loop.build(
            SITE, SimLoad(ev(slow), setpoint=6), SimLoad(ev(fast), setpoint=7), base=7000
        )
        actions = {a.load_id: (a.kind, a.setpoint) for a in loop.tick().actions}
        assert actions == {fast: (ActionKind.SHED, None)}, (slow, fast)


def test_idle_car_offer_is_capped_so_that_plugging_in_cannot_overload() -> None:
    # A charger offering 32 A with no car draws nothing; a car plugging in would take 7360 W
    # at once. The offer is capped beforehand, so the plug-in keeps the site under the limit.
    car = SimLoad(ev("car"), draw_w=0)
    loop = Loop.build(SITE, car, base=5000)
    (cap,) = loop.tick().actions
    assert (cap.kind, cap.reason, cap.setpoint) == (ActionKind.MODULATE, Reason.RESERVE, 17)
    assert cap.expected_delta_w == 0  # the meter will not move: nothing is drawn yet
    loop.run(10)
    car.draw_w = None  # the car plugs in and draws what it is offered
    loop.run(30)
    assert loop.max_site_since(0) <= 9500
    assert len(loop.history) == 1


def test_an_offer_cap_not_seen_yet_is_not_sent_again() -> None:
    # In Home Assistant the charger's entity shows a new current only after the steps that
    # other entities' changes trigger in between: the cap must go out once, not once per step.
    car = SimLoad(ev("car"), draw_w=0)
    loop = Loop.build(SITE, car, base=4000, dt=0.01)  # 4000 + 7360 W if a car plugged in
    loop.tick()
    assert [(a.reason, a.setpoint) for _, a in loop.history] == [(Reason.RESERVE, 21)]
    car.setpoint = 32  # the entity still reports the old offer
    loop.run(0.05)
    assert len(loop.history) == 1
    car.setpoint = 21  # now it shows the cap
    loop.run(30)
    assert len(loop.history) == 1


def test_idle_offer_that_fits_is_left_alone() -> None:
    car = SimLoad(ev("car"), draw_w=0)
    loop = Loop.build(SITE, car, base=1000)  # 1000 + 7360 W if it started: fine
    loop.run(30)
    assert loop.history == []


def test_unused_part_of_an_offer_is_capped_at_what_the_car_draws() -> None:
    car = SimLoad(ev("car"), draw_w=31 * 230)  # the car takes 31 A of the 32 A offered
    loop = Loop.build(SITE, car, base=2200)  # 9330 W; 9560 W if it took its last amp
    loop.run(30)
    assert [(a.reason, a.setpoint) for _, a in loop.history] == [(Reason.RESERVE, 31)]


def test_idle_car_at_its_minimum_offer_is_not_paused_by_the_reserve() -> None:
    # Pausing would make a plug-in wait for a restore and wear the charger: 6 A stays offered.
    car = SimLoad(ev("car"), setpoint=6, draw_w=0)
    loop = Loop.build(SITE, car, base=8500)  # 8500 + 1380 W if a car plugged in
    loop.run(30)
    assert loop.history == []


def test_overload_does_not_turn_down_an_offer_nobody_uses() -> None:
    car = SimLoad(ev("car", priority=20), draw_w=0)
    loop = Loop.build(SITE, car, switched("heater", 3000, priority=1), base=7000)
    result = loop.tick()  # 10 000 W: the idle car frees nothing, the heater must go
    assert [(a.load_id, a.kind) for a in result.actions if a.reason is Reason.OVER_LIMIT] == [
        ("heater", ActionKind.SHED)
    ]


def test_least_important_idle_offer_is_capped_first() -> None:
    loop = Loop.build(
        SITE,
        SimLoad(ev("family_car", priority=5), draw_w=0),
        SimLoad(ev("second_car", priority=20), draw_w=0),
        base=0,  # both plugging in at once would take 14 720 W
    )
    loop.run(10)
    assert [(a.load_id, a.reason, a.setpoint) for _, a in loop.history] == [
        ("second_car", Reason.RESERVE, 7)  # 7 A + 32 A = 9010 W: under the shed threshold
    ]
    assert loop.load("family_car").setpoint == 32
