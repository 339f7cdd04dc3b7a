"""Failsafe: what happens when site power is unknown for too long, and how it ends."""

from __future__ import annotations

from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    FailsafePolicy,
    LoadState,
    LoadStatus,
    Measurement,
    Mode,
    Reason,
    SiteStatus,
)
from custom_components.capacity_manager.engine.results import NoticeKind
from tests.engine.harness import Loop, SimLoad, ev, site_config, switched

SITE = site_config(16_000, stale_timeout_s=60, restore_holdoff_s=60)


def _loop(mode: Mode = Mode.ACTIVE) -> Loop:
    return Loop.build(
        SITE,
        switched("heater", 3000, priority=9),
        switched("fridge", 200, never_shed=True),
        switched("pump", 800, priority=8, failsafe_policy=FailsafePolicy.KEEP),
        ev("car", priority=5, min_off_s=0),  # no pause guard: restore order is the point here
        base=500,
        mode=mode,
    )


def test_stale_site_power_enters_failsafe_within_the_timeout_per_policy() -> None:
    loop = _loop()
    loop.run(10)  # fresh data t=0..9, nothing to do (11 860 W)
    assert loop.history == []
    loop.run(59, measure=False)  # t=10..68: the last sample was at t=9
    assert loop.history == []
    result = loop.tick(measure=False)  # t=69: 60 s without data
    assert [n.kind for n in result.notices] == [NoticeKind.FAILSAFE_ENTER]
    assert {(a.load_id, a.kind, a.reason) for a in result.actions} == {
        ("heater", ActionKind.SHED, Reason.FAILSAFE),
        ("car", ActionKind.SHED, Reason.FAILSAFE),  # an EV without a fallback pauses
    }
    assert result.snapshot.status is SiteStatus.FAILSAFE
    loads = {load.load_id: load.status for load in result.snapshot.loads}
    assert loads == {
        "fridge": LoadStatus.NEVER_SHED,
        "car": LoadStatus.SHED,
        "pump": LoadStatus.ON,  # its policy keeps it as it is
        "heater": LoadStatus.SHED,
    }


def test_failsafe_commands_are_sent_once_and_announced_once() -> None:
    loop = _loop()
    loop.tick()
    loop.run(600, measure=False)
    assert len(loop.history) == 2
    assert len(loop.notices_of(NoticeKind.FAILSAFE_ENTER)) == 1
    assert loop.notices_of(NoticeKind.FAILSAFE_EXIT) == []


def test_no_data_at_all_since_start_also_leads_to_failsafe() -> None:
    loop = _loop()
    loop.run(60, measure=False)  # t=0..59
    assert loop.history == []
    assert loop.last is not None
    assert loop.last.snapshot.site_power_w is None
    assert loop.last.snapshot.status is SiteStatus.NORMAL
    loop.tick(measure=False)  # t=60
    assert [t for t, _ in loop.notices_of(NoticeKind.FAILSAFE_ENTER)] == [60.0]


def test_modulated_load_goes_to_its_fallback_setpoint_or_minimum() -> None:
    loop = Loop.build(
        SITE,
        ev("fallback", failsafe_setpoint=10),
        ev("nopause", can_pause=False),
        SimLoad(ev("low", failsafe_setpoint=10), setpoint=8),  # already below its fallback
        base=0,
    )
    loop.run(61, measure=False)
    actions = {a.load_id: (a.kind, a.setpoint, a.reason) for _, a in loop.history}
    assert actions == {
        "fallback": (ActionKind.MODULATE, 10, Reason.FAILSAFE),
        "nopause": (ActionKind.MODULATE, 6, Reason.FAILSAFE),
    }
    loop.run(120, measure=False)
    assert len(loop.history) == 2


def test_fresh_data_ends_failsafe_and_restores_only_after_the_hold_off() -> None:
    loop = _loop()
    loop.tick()
    loop.run(100, measure=False)  # failsafe from t=60
    exit_at = loop.now
    result = loop.tick()  # fresh data: 500 + 200 + 800 W
    assert [n.kind for n in result.notices] == [NoticeKind.FAILSAFE_EXIT]
    assert result.actions == ()
    assert result.snapshot.status is not SiteStatus.FAILSAFE
    loop.run(300)
    restores = [(t, a.load_id) for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert restores
    assert restores[0][0] >= exit_at + SITE.timing.restore_holdoff_s
    # Still one at a time, most important first.
    assert [load_id for _, load_id in restores][:2] == ["car", "heater"]
    assert restores[1][0] - restores[0][0] >= SITE.timing.restore_interval_s
    assert len(loop.notices_of(NoticeKind.FAILSAFE_EXIT)) == 1


def test_a_sample_now_and_then_keeps_failsafe_away() -> None:
    loop = _loop()
    for _ in range(10):
        loop.tick()
        loop.run(50, measure=False)
    assert loop.history == []
    assert not loop.notices_of(NoticeKind.FAILSAFE_ENTER)


def test_monitor_mode_only_reports_what_failsafe_would_do() -> None:
    loop = _loop(mode=Mode.MONITOR)
    loop.run(61, measure=False)
    assert loop.history == []
    assert {a.load_id for _, a in loop.advisory} == {"heater", "car"}
    assert loop.load("heater").on
    assert loop.notices_of(NoticeKind.FAILSAFE_ENTER)


def test_failsafe_leaves_loads_the_user_overrode_or_does_not_manage() -> None:
    controller = Controller(SITE, [switched("heater", 3000), switched("pool", 1000)])
    controller.step(0, Measurement(site_power_w=1000), {"heater": LoadState(), "pool": LoadState()})
    controller.note_override("heater", 0)
    states = {"heater": LoadState(), "pool": LoadState(managed=False)}
    result = controller.step(60, None, states)
    assert result.notices[-1].kind is NoticeKind.FAILSAFE_ENTER
    assert result.actions == ()


def test_a_sample_as_old_as_its_oldest_reading_leads_to_failsafe_in_time() -> None:
    """A per-phase sample whose one phase stopped reporting at 0 s: failsafe at the timeout."""
    controller = Controller(site_config(10_000), [switched("heater", 2000)])
    states = {"heater": LoadState(is_on=True, power_w=2000.0)}
    entered = []
    for t in range(70):
        sample = Measurement(site_power_w=5000.0, taken_at=0.0)  # fresh events, frozen phase
        result = controller.step(float(t), sample, states)
        entered += [t for n in result.notices if n.kind is NoticeKind.FAILSAFE_ENTER]
    assert entered == [60]
