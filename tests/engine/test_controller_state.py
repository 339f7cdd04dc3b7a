"""Modes, the user's overrides, service calls, limits set at run time and restarts."""

from __future__ import annotations

import json
import math

from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LimitSource,
    LoadState,
    LoadStatus,
    Measurement,
    Mode,
    Reason,
    SiteStatus,
)
from custom_components.capacity_manager.engine.results import NoticeKind
from tests.engine.harness import Loop, SimLoad, ev, site_config, switched

SITE = site_config(10_000, override_s=600)


def _status(loop: Loop, load_id: str) -> LoadStatus:
    assert loop.last is not None
    return next(ld.status for ld in loop.last.snapshot.loads if ld.load_id == load_id)


def _held_loop() -> Loop:
    """Car turned down to 6 A and heater shed at t=0 (7000 + 1500 + 7360 W)."""
    loop = Loop.build(SITE, switched("heater", 1500, priority=9), ev("car", priority=1), base=7000)
    loop.run(5)
    return loop


# -- modes ---------------------------------------------------------------------------------


def test_monitor_mode_reports_what_it_would_do_and_never_acts() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), ev("car"), base=6000, mode=Mode.MONITOR)
    loop.run(300)
    assert loop.history == []
    assert loop.load("heater").on
    assert loop.load("car").setpoint == 32
    assert loop.advisory
    assert all(a.reason is Reason.OVER_LIMIT for _, a in loop.advisory)
    assert {a.load_id for _, a in loop.advisory} <= {"heater", "car"}
    assert loop.last is not None
    assert loop.last.snapshot.status is SiteStatus.MONITOR
    assert loop.last.snapshot.mode is Mode.MONITOR
    assert loop.notices_of(NoticeKind.OVERLOAD)  # users still hear about the overload


def test_switching_off_gives_back_what_we_hold_one_load_per_step() -> None:
    loop = _held_loop()
    assert _status(loop, "heater") is LoadStatus.SHED
    loop.controller.set_mode(Mode.OFF)
    first, second, third = loop.tick(), loop.tick(), loop.tick()
    assert [(a.load_id, a.kind, a.reason) for a in first.actions] == [
        ("car", ActionKind.RESTORE, Reason.MODE_CHANGE)  # most important first
    ]
    assert first.actions[0].setpoint == 32
    assert [(a.load_id, a.kind) for a in second.actions] == [("heater", ActionKind.RESTORE)]
    assert third.actions == ()
    # Off means off: even far over the limit nothing is commanded any more.
    loop.run(120)
    assert len(loop.history) == 4
    assert loop.last is not None
    assert loop.last.snapshot.status is SiteStatus.OFF
    assert loop.controller.mode is Mode.OFF


def test_switching_to_monitor_also_gives_back_then_only_advises() -> None:
    loop = _held_loop()
    loop.controller.set_mode(Mode.MONITOR)
    loop.run(10)
    released = [(a.load_id, a.reason) for t, a in loop.history if t >= 5]
    assert released == [("car", Reason.MODE_CHANGE), ("heater", Reason.MODE_CHANGE)]
    assert loop.advisory  # over the limit again, it says what it would do


def test_back_to_active_takes_control_again() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), base=7000, mode=Mode.OFF)
    loop.run(30)
    assert loop.history == []
    loop.controller.set_mode(Mode.ACTIVE)
    result = loop.tick()
    assert [a.kind for a in result.actions] == [ActionKind.SHED]


# -- the user's overrides ------------------------------------------------------------------


def test_user_turning_a_shed_load_back_on_is_respected_for_the_override_window() -> None:
    loop = Loop.build(
        SITE, switched("heater", 3000, priority=9), switched("pool", 3000, priority=1), base=5000
    )
    loop.run(5)
    assert not loop.load("heater").on
    assert loop.load("pool").on
    loop.load("heater").on = True  # the user turns it back on at t=5
    result = loop.tick()
    assert [(n.kind, n.load_id) for n in result.notices if n.kind is NoticeKind.OVERRIDE] == [
        (NoticeKind.OVERRIDE, "heater")
    ]
    loop.run(60)
    # Hands off the heater: the pool goes instead.
    assert [a.load_id for t, a in loop.history if t >= 5] == ["pool"]
    assert _status(loop, "heater") is LoadStatus.OVERRIDE
    loop.plant.base = 7000  # over the limit again while the override lasts
    loop.run(530)
    assert loop.load("heater").on
    assert [a.load_id for t, a in loop.history if t >= 5] == ["pool"]
    loop.run(20)  # the window (600 s from t=5) is over: it may be shed again
    late = [(t, a.load_id) for t, a in loop.history if t >= 6]
    assert late == [(605.0, "heater")]


def test_user_changing_the_ev_current_we_set_is_an_override() -> None:
    loop = Loop.build(SITE, ev("car"), base=4000)
    loop.run(5)
    assert loop.load("car").setpoint == 21
    loop.load("car").setpoint = 32
    loop.run(5)
    assert len(loop.notices_of(NoticeKind.OVERRIDE)) == 1
    assert len(loop.history) == 1


def test_user_turning_off_a_load_means_it_is_never_auto_restored() -> None:
    loop = Loop.build(SITE, switched("heater", 1000), ev("car"), base=0)
    loop.run(5)
    loop.load("heater").on = False  # not by us
    loop.load("car").on = False
    loop.run(900)
    assert loop.history == []
    assert _status(loop, "heater") is LoadStatus.OFF


def test_user_pausing_a_turned_down_ev_is_not_undone() -> None:
    loop = Loop.build(SITE, ev("car"), base=4000)
    loop.run(5)
    loop.load("car").on = False  # the user stops charging
    loop.plant.base = 0
    loop.run(900)
    assert len(loop.history) == 1
    assert not loop.load("car").on


def test_note_override_from_the_glue() -> None:
    loop = _held_loop()
    notice = loop.controller.note_override("heater", loop.now)
    assert notice is not None
    assert (notice.kind, notice.load_id) == (NoticeKind.OVERRIDE, "heater")
    assert loop.controller.note_override("unknown", loop.now) is None
    never = Controller(SITE, [switched("fridge", 100, never_shed=True)])
    assert never.note_override("fridge", 0) is None
    loop.load("heater").on = True  # the user's change now arrives
    loop.run(30)
    assert loop.actions_for("heater")[1:] == []
    assert _status(loop, "heater") is LoadStatus.OVERRIDE


# -- service calls -------------------------------------------------------------------------


def test_restore_all_gives_everything_back_one_per_step() -> None:
    loop = _held_loop()
    loop.plant.base = 0
    loop.controller.restore_all()
    loop.controller.restore_all()  # asking twice does not give twice
    first, second, third = loop.tick(), loop.tick(), loop.tick()
    assert [(a.load_id, a.reason) for a in first.actions] == [("car", Reason.MANUAL)]
    assert [(a.load_id, a.reason) for a in second.actions] == [("heater", Reason.MANUAL)]
    assert third.actions == ()
    assert loop.load("heater").on
    assert loop.load("car").setpoint == 32


def test_shed_load_on_demand_until_a_time() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), base=500)
    loop.run(100)
    loop.controller.shed_load("heater", loop.now, until=400)
    result = loop.tick()
    assert [(a.kind, a.reason) for a in result.actions] == [(ActionKind.SHED, Reason.MANUAL)]
    loop.run(280)  # plenty of headroom, but it is held until t=400
    assert len(loop.history) == 1
    loop.run(100)
    assert [(t, a.kind) for t, a in loop.history][1] == (400.0, ActionKind.RESTORE)


def test_shed_load_without_end_holds_until_restore_all() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), base=500)
    loop.tick()
    loop.controller.shed_load("heater", loop.now)
    loop.run(3600)
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]
    loop.controller.restore_all()
    loop.tick()
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED, ActionKind.RESTORE]
    loop.run(600)
    assert len(loop.history) == 2  # not shed again


def test_shed_load_never_touches_a_never_shed_load() -> None:
    loop = Loop.build(SITE, switched("fridge", 300, never_shed=True), base=500)
    loop.controller.shed_load("fridge", 0)
    loop.run(10)
    assert loop.history == []


def test_release_actions_give_back_everything_at_once_for_the_caller_to_stagger() -> None:
    loop = _held_loop()
    actions = loop.controller.release_actions()
    assert sorted((a.load_id, a.kind, a.reason) for a in actions) == [
        ("car", ActionKind.RESTORE, Reason.MANUAL),
        ("heater", ActionKind.RESTORE, Reason.MANUAL),
    ]
    car = next(a for a in actions if a.load_id == "car")
    assert car.setpoint == 32
    assert loop.controller.release_actions() == []  # nothing held any more
    snapshot = loop.controller.snapshot()
    assert all(ld.reason is None for ld in snapshot.loads)


def test_update_loads_keeps_what_we_hold() -> None:
    loop = _held_loop()
    controller = loop.controller
    controller.update_loads(
        [switched("heater", 2500, priority=2), ev("car", priority=1), switched("new", 100)]
    )
    snapshot = controller.snapshot()
    by_id = {ld.load_id: ld for ld in snapshot.loads}
    assert by_id["heater"].status is LoadStatus.SHED
    assert by_id["heater"].priority == 2
    assert by_id["car"].status is LoadStatus.MODULATED
    controller.update_loads([ev("car", priority=1)])
    assert [ld.load_id for ld in controller.snapshot().loads] == ["car"]


# -- limits set at run time ----------------------------------------------------------------


def test_user_limit_override_sheds_to_the_new_target_and_is_announced() -> None:
    loop = Loop.build(SITE, switched("heater", 3000), switched("pool", 1000), base=3000)
    loop.run(5)
    assert loop.history == []
    loop.controller.set_limit_override(6000)
    result = loop.tick()
    changed = [n for n in result.notices if n.kind is NoticeKind.LIMIT_CHANGED]
    assert [(n.old_value, n.new_value, n.detail) for n in changed] == [(10_000, 6000, "override")]
    assert result.snapshot.limit_source is LimitSource.OVERRIDE
    assert result.actions
    loop.run(5)
    assert loop.plant.site_power(loop.now) <= 0.9 * 6000


def test_override_above_the_panel_or_not_positive_changes_nothing() -> None:
    controller = Controller(SITE, [])
    controller.set_limit_override(20_000)
    assert controller.step(0, Measurement(site_power_w=0), {}).snapshot.effective_limit_w == 10_000
    controller.set_limit_override(-5)
    controller.set_limit_override(0)
    assert controller.limits.override_w is None
    controller.set_limit_override(5000)
    controller.set_limit_override(None)
    assert controller.step(1, Measurement(site_power_w=0), {}).snapshot.effective_limit_w == 10_000


def test_grid_limit_and_override_the_tightest_wins() -> None:
    controller = Controller(SITE, [])
    controller.set_grid_limits(8000, 3000)
    controller.set_limit_override(9000)
    snap = controller.step(0, Measurement(site_power_w=0), {}).snapshot
    assert (snap.effective_limit_w, snap.limit_source) == (8000, LimitSource.GRID)
    assert snap.export_limit_w == 3000
    controller.set_limit_override(7000)
    snap = controller.step(1, Measurement(site_power_w=0), {}).snapshot
    assert (snap.effective_limit_w, snap.limit_source) == (7000, LimitSource.OVERRIDE)
    controller.set_grid_limits(None, None)
    controller.set_limit_override(None)
    snap = controller.step(2, Measurement(site_power_w=0), {}).snapshot
    assert (snap.effective_limit_w, snap.limit_source) == (10_000, LimitSource.PANEL)
    assert snap.export_limit_w is None


# -- restarts --------------------------------------------------------------------------------


def _restarted(loop: Loop, data: object) -> Loop:
    """A new controller (same config) that imported `data`, over the same plant."""
    configs = [load.cfg for load in loop.plant.loads.values()]
    controller = Controller(loop.controller.site, configs)
    controller.import_state(data, loop.now)  # type: ignore[arg-type]
    return Loop(controller, loop.plant, now=loop.now)


def test_restart_while_shed_keeps_loads_held_until_fresh_data_and_hold_off() -> None:
    loop = _held_loop()
    saved = json.loads(json.dumps(loop.controller.export_state()))
    loop.plant.base = 0  # plenty of headroom after the restart
    restart_at = loop.now
    after = _restarted(loop, saved)
    after.run(30, measure=False)  # no data yet (shorter than the stale timeout)
    assert all(a.kind is not ActionKind.RESTORE for _, a in after.history)
    assert after.last is not None
    statuses = {ld.load_id: ld.status for ld in after.last.snapshot.loads}
    assert statuses == {"car": LoadStatus.MODULATED, "heater": LoadStatus.SHED}
    fresh_at = after.now
    after.run(300)
    restores = [t for t, a in after.history if a.kind is ActionKind.RESTORE]
    assert restores
    assert min(restores) >= fresh_at + SITE.timing.restore_holdoff_s
    assert restart_at < fresh_at


def test_restart_without_data_does_nothing_before_the_stale_timeout() -> None:
    loop = _held_loop()
    saved = loop.controller.export_state()
    loop.plant.base = 0
    after = _restarted(loop, saved)
    after.run(30, measure=False)
    assert after.history == []


def test_user_change_after_restart_is_seen_as_an_override() -> None:
    loop = _held_loop()
    after = _restarted(loop, loop.controller.export_state())
    after.tick()
    assert after.notices_of(NoticeKind.OVERRIDE) == []  # the car at 6 A is what we commanded
    after.load("heater").on = True
    after.load("car").setpoint = 16
    after.run(3)
    overrides = {n.load_id for _, n in after.notices_of(NoticeKind.OVERRIDE)}
    assert overrides == {"heater", "car"}


def test_saved_state_without_commanded_setpoint_does_not_fake_an_override() -> None:
    loop = _held_loop()
    saved = loop.controller.export_state()
    del saved["loads"]["car"]["cmd_setpoint"]  # e.g. saved by an older version
    after = _restarted(loop, saved)
    after.run(5)
    assert after.notices_of(NoticeKind.OVERRIDE) == []
    assert _status(after, "car") is LoadStatus.MODULATED


def test_forced_shed_and_learned_power_survive_a_restart() -> None:
    loop = Loop.build(SITE, SimLoad(switched("heater", 3000), draw_w=4000), base=500)
    loop.run(30)  # learns 4000 W from its sensor
    loop.controller.shed_load("heater", loop.now)
    loop.tick()
    saved = json.loads(json.dumps(loop.controller.export_state()))
    assert saved["loads"]["heater"]["forced_until"] == "inf"
    after = _restarted(loop, saved)
    after.run(900)
    assert after.history == []  # held on demand, with headroom all along
    snap = after.controller.snapshot()
    assert snap.loads[0].status is LoadStatus.SHED
    assert snap.loads[0].reason is Reason.MANUAL
    assert math.isclose(snap.loads[0].expected_power_w, 4000)


def test_garbage_saved_state_is_ignored() -> None:
    loop = _held_loop()
    good = loop.controller.export_state()
    garbage: list[object] = [
        {},
        {"version": 2, "loads": good["loads"]},
        {"version": 1, "loads": "nope", "limits": "nope"},
        {"version": 1, "loads": {"heater": "nope", "unknown": {"held": 2}}},
        {"version": 1, "loads": {"heater": {"held": 7}, "car": {"held": None}}},
        {"version": 1, "loads": {"heater": {"held": 2, "reason": "bogus"}}},
        {"version": 1, "limits": {"bucket_s": "x", "continuous_active": "yes"}},
    ]
    for data in garbage:
        after = _restarted(loop, data)
        after.run(3)
        snap = after.controller.snapshot()
        assert all(ld.reason is None for ld in snap.loads), data
        assert all(ld.status is not LoadStatus.SHED for ld in snap.loads), data
        assert not after.controller.limits.export_state()["continuous_active"]


def test_saved_state_with_odd_values_still_holds_the_load() -> None:
    loop = _held_loop()
    odd = {
        "version": 1,
        "loads": {
            "heater": {"held": 2, "reason": None, "held_since": "x", "estimator": "x"},
            "car": {"held": 1, "free_setpoint": "x", "forced_until": "x"},
        },
    }
    after = _restarted(loop, odd)
    snap = after.controller.snapshot()
    heater = next(ld for ld in snap.loads if ld.load_id == "heater")
    assert heater.reason is Reason.OVER_LIMIT
    assert heater.shed_since == loop.now


def test_never_shed_load_is_not_held_from_saved_state() -> None:
    loop = Loop.build(SITE, switched("fridge", 300, never_shed=True), base=0)
    after = _restarted(loop, {"version": 1, "loads": {"fridge": {"held": 2}}})
    after.run(300)
    assert after.history == []
    assert after.controller.release_actions() == []


def test_step_accepts_loads_in_any_state_without_crashing() -> None:
    controller = Controller(SITE, [ev("car"), switched("heater", 3000)])
    odd = {
        "car": LoadState(is_on=True, setpoint=None, power_w=None),
        "heater": LoadState(is_on=True, power_w=-50),
    }
    result = controller.step(0, Measurement(site_power_w=20_000), odd)
    assert all(a.reason for a in result.actions)


def test_saved_state_with_non_finite_numbers_gives_back_a_settable_setpoint() -> None:
    loop = _held_loop()
    saved = loop.controller.export_state()
    saved["loads"]["car"]["free_setpoint"] = float("nan")
    saved["loads"]["car"]["held_since"] = float("inf")
    after = _restarted(loop, saved)
    after.controller.restore_all()
    actions = [a for r in after.run(30) for a in r.actions if a.load_id == "car"]
    assert actions  # given back
    assert all(a.setpoint is None or math.isfinite(a.setpoint) for a in actions)
    assert all(math.isfinite(a.expected_delta_w) for a in actions)
