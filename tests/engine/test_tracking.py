"""Per-load memory: what a load draws, what we hold, verification, overrides, eligibility."""

from __future__ import annotations

import math

import pytest

from custom_components.capacity_manager.engine.inflight import InFlightLedger
from custom_components.capacity_manager.engine.memory import export_track
from custom_components.capacity_manager.engine.models import LoadState, Reason, Timing
from custom_components.capacity_manager.engine.results import NoticeKind
from custom_components.capacity_manager.engine.tracking import Held, LoadTrack
from tests.engine.harness import dimmer, ev, switched

TIMING = Timing(verify_s=15, override_s=600, ineffective_retry_s=300)


def _track(cfg=None, **state: object) -> LoadTrack:
    track = LoadTrack(cfg or switched("heater", 2000))
    track.observe(0, LoadState(**state), TIMING)  # type: ignore[arg-type]
    return track


def test_a_new_load_is_unknown_until_its_state_arrives() -> None:
    track = LoadTrack(switched("heater", 2000))
    assert not track.state.available
    assert track.current_power() == 0
    assert not track.controllable(0)


def test_current_power_from_sensor_setpoint_or_estimate() -> None:
    assert _track(power_w=1800).current_power() == 1800
    assert _track(power_w=-30).current_power() == 0  # a meter glitch is not negative load
    assert _track(is_on=False, power_w=1800).current_power() == 0
    assert _track().current_power() == 2000  # no sensor: rated
    assert _track(ev("car"), setpoint=10).current_power() == 2300
    assert _track(available=False).current_power() == 0


def test_power_at_a_new_setpoint_scales_the_measured_draw_for_restores() -> None:
    nominal = _track(ev("car"), setpoint=10)
    assert nominal.power_at(16) == 16 * 230
    # Measured 2100 W at 10 A (a lower real voltage): 16 A is expected to draw 3360 W.
    scaled = _track(ev("car"), setpoint=10, power_w=2100)
    assert scaled.power_at(16) == pytest.approx(3360)
    assert _track(ev("car"), setpoint=10, power_w=5000).power_at(16) == 16 * 230  # capped


def test_cut_estimate_errs_high_for_a_car_drawing_less_than_offered() -> None:
    # Offered 32 A, the battery takes 3000 W: offering 20 A (4600 W) frees nothing.
    limited = _track(ev("car"), setpoint=32, power_w=3000)
    assert limited.watts_per_unit() == 230
    assert limited.power_after_cut(20) == 3000
    assert limited.power_after_cut(8) == 8 * 230
    # A charger on a higher voltage than nominal draws more per amp than 230 W.
    high = _track(ev("car"), setpoint=10, power_w=2400)
    assert high.watts_per_unit() == 240
    assert high.power_after_cut(6) == 6 * 240
    assert _track(ev("car"), setpoint=10).power_after_cut(6) == 6 * 230


def test_hold_remembers_the_first_time_and_what_the_load_wanted() -> None:
    car = _track(ev("car"), setpoint=32, demand_setpoint=16)
    car.hold(Held.MODULATED, Reason.OVER_LIMIT, 5)
    car.hold(Held.SHED, Reason.PHASE_LIMIT, 9)
    assert (car.held, car.reason, car.held_since, car.free_setpoint) == (
        Held.SHED,
        Reason.PHASE_LIMIT,
        5,
        16,
    )
    at_setpoint = _track(ev("car"), setpoint=20)
    at_setpoint.hold(Held.MODULATED, Reason.OVER_LIMIT, 0)
    assert at_setpoint.free_setpoint == 20
    no_setpoint = _track(dimmer("pump", 4000))
    no_setpoint.state = LoadState()
    no_setpoint.hold(Held.SHED, Reason.OVER_LIMIT, 0)
    assert no_setpoint.free_setpoint == 4000
    switched_track = _track()
    switched_track.hold(Held.SHED, Reason.OVER_LIMIT, 0)
    assert switched_track.free_setpoint is None
    switched_track.forced_until = 50
    switched_track.release()
    assert export_track(switched_track)["held"] == Held.NONE
    assert export_track(switched_track)["reason"] is None
    assert switched_track.forced_until is None


def test_on_and_off_times_follow_observed_transitions() -> None:
    track = _track()  # found on at t=0: for how long is unknown
    assert track.on_since == -math.inf
    track.observe(10, LoadState(is_on=False), TIMING)
    assert track.off_since == 10
    track.observe(20, LoadState(available=False, is_on=False), TIMING)
    track.observe(30, LoadState(is_on=True), TIMING)
    assert track.on_since == -math.inf  # back from unavailable: on since when is unknown
    track.observe(40, LoadState(is_on=False), TIMING)
    track.observe(50, LoadState(is_on=True), TIMING)
    assert (track.off_since, track.on_since) == (40, 50)


def test_command_seen_to_take_effect_is_confirmed() -> None:
    track = _track()
    track.command(0, False, None)
    assert track.observe(1, LoadState(is_on=True), TIMING) is None  # not yet, still in time
    assert track.observe(2, LoadState(is_on=False), TIMING) is None
    assert track.confirmed


def test_setpoint_within_half_a_step_counts_as_done() -> None:
    car = _track(ev("car"), setpoint=32)
    car.command(0, True, 16)
    car.observe(1, LoadState(setpoint=16.4), TIMING)
    assert car.confirmed


def test_command_without_effect_is_reported_once_and_the_load_skipped() -> None:
    track = _track()
    track.hold(Held.SHED, Reason.OVER_LIMIT, 0)
    track.command(0, False, None)
    assert track.observe(10, LoadState(), TIMING) is None
    notice = track.observe(15, LoadState(), TIMING)
    assert notice is not None
    assert (notice.kind, notice.load_id) == (NoticeKind.INEFFECTIVE, "heater")
    assert track.held is Held.NONE  # it kept running: we do not claim it is shed
    assert not track.controllable(100)
    assert track.controllable(15 + 300)
    assert track.observe(16, LoadState(), TIMING) is None  # reported once


def test_ineffective_turn_up_keeps_the_hold() -> None:
    car = _track(ev("car"), setpoint=10)
    car.hold(Held.MODULATED, Reason.OVER_LIMIT, 0)
    car.command(0, True, 16)
    notice = car.observe(20, LoadState(setpoint=10), TIMING)
    assert notice is not None
    assert notice.kind is NoticeKind.INEFFECTIVE
    assert car.held is Held.MODULATED


def test_user_change_of_a_held_load_is_an_override() -> None:
    track = _track()
    track.hold(Held.SHED, Reason.OVER_LIMIT, 0)
    track.command(0, False, None)
    track.observe(1, LoadState(is_on=False), TIMING)
    notice = track.observe(100, LoadState(is_on=True), TIMING)
    assert notice is not None
    assert notice.kind is NoticeKind.OVERRIDE
    assert track.held is Held.NONE
    assert not track.controllable(100 + 599)
    assert track.controllable(100 + 600)
    assert track.observe(101, LoadState(is_on=False), TIMING) is None  # no longer held


def test_changes_while_unavailable_are_not_overrides() -> None:
    track = _track()
    track.hold(Held.SHED, Reason.OVER_LIMIT, 0)
    track.command(0, False, None)
    assert track.observe(1, LoadState(available=False, is_on=False), TIMING) is None
    assert track.observe(100, LoadState(available=False, is_on=False), TIMING) is None
    assert track.held is Held.SHED


def test_loads_we_may_not_touch() -> None:
    assert _track().controllable(0)
    assert not _track(managed=False).controllable(0)
    assert not _track(switched("fridge", 100, never_shed=True)).controllable(0)
    assert not _track(available=False).controllable(0)


def test_export_is_json_safe() -> None:
    track = _track()
    track.hold(Held.SHED, Reason.MANUAL, 3)
    track.forced_until = math.inf
    saved = export_track(track)
    assert saved["held"] == int(Held.SHED)
    assert saved["reason"] == "manual"
    assert saved["forced_until"] == "inf"
    assert saved["held_since"] == 3
    track.forced_until = 40
    assert export_track(track)["forced_until"] == 40


# -- commands in flight ------------------------------------------------------------------------


def test_command_counts_until_the_meter_shows_half_of_it_or_verification_time_passes() -> None:
    ledger = InFlightLedger()
    assert not ledger
    seen: list[tuple[str, float]] = []

    def note(load_id: str, drop: float) -> None:
        seen.append((load_id, drop))

    ledger.add("heater", -3000, 0, 10_000)
    assert ledger
    assert ledger.effective_site(10_000, 1, 15, note) == 7000  # meter not updated yet
    assert ledger.effective_site(9000, 2, 15, note) == 6000  # moved by a third: still pending
    assert ledger.effective_site(8400, 3, 15, note) == 8400  # moved by more than half: seen
    assert seen == [("heater", 1600)]
    assert not ledger
    ledger.add("car", 2300, 4, 5000)
    assert ledger.effective_site(5000, 18, 15, note) == 7300
    assert ledger.effective_site(5000, 19, 15, note) == 5000  # verify time over: forgotten
    ledger.add("car", 2300, 20, 5000)
    ledger.drop("car")
    assert ledger.effective_site(5000, 21, 15, note) == 5000
    assert seen == [("heater", 1600)]  # only drops teach anything


def test_commands_of_one_step_are_judged_by_their_sum() -> None:
    ledger = InFlightLedger()
    seen: list[tuple[str, float]] = []

    def note(load_id: str, drop: float) -> None:
        seen.append((load_id, drop))

    # A turn-down making room and the restore it made room for: the meter moves by the net.
    ledger.add("heat_pump", -1500, 100, 7000)
    ledger.add("heater", 3000, 100, 7000)
    assert ledger.effective_site(7000, 100.5, 15, note) == 8500  # not shown yet
    assert ledger.effective_site(8500, 101, 15, note) == 8500  # shown: nothing pending
    assert not ledger
    # Two loads shed at once: the drop is not one load's power, so nothing is learned from it.
    ledger.add("heater", -3000, 200, 10_000)
    ledger.add("pool", -1500, 200, 10_000)
    assert ledger.effective_site(5500, 201, 15, note) == 5500
    assert seen == []
