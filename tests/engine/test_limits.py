"""Limits: panel, continuous 80 % after its grace time, grid, override, window, export, phases."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.limits import LimitTracker
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LimitConfig,
    LimitSource,
    LoadConfig,
    LoadKind,
    LoadState,
    Measurement,
    Reason,
    Thresholds,
)
from custom_components.capacity_manager.engine.results import NoticeKind
from tests.engine.harness import Loop, SimLoad, ev, site_config, switched


def _feed(tracker: LimitTracker, start: float, seconds: float, power: float | None, dt=10.0):
    state = None
    t = start
    while t < start + seconds - 1e-9:
        state = tracker.update(t, power)
        t += dt
    return state, t


# -- the tracker ---------------------------------------------------------------------------


def test_panel_limit_alone() -> None:
    state = LimitTracker(LimitConfig(panel_limit_w=10_000)).update(0, 12_000)
    assert (state.effective_w, state.source) == (10_000, LimitSource.PANEL)
    assert not state.continuous_active
    assert state.window_average_w is None
    assert state.window_projection_w is None
    assert state.export_limit_w is None


def test_continuous_limit_applies_after_the_grace_time_and_releases_when_drained() -> None:
    config = LimitConfig(panel_limit_w=10_000, continuous_enabled=True, continuous_grace_s=600)
    tracker = LimitTracker(config)
    state, t = _feed(tracker, 0, 600, 9000)  # above 80 % for 590 s of recorded time
    assert state is not None
    assert not state.continuous_active
    state, t = _feed(tracker, t, 20, 9000)
    assert state is not None
    assert state.continuous_active
    assert (state.effective_w, state.source) == (8000, LimitSource.CONTINUOUS)
    # Below 80 % it stays applied until the bucket is empty again (no flapping at the edge).
    state, t = _feed(tracker, t, 500, 7000)
    assert state is not None
    assert state.continuous_active
    state, t = _feed(tracker, t, 200, 7000)
    assert state is not None
    assert not state.continuous_active
    assert state.effective_w == 10_000


def test_short_excursions_above_80_percent_never_trigger_the_continuous_limit() -> None:
    config = LimitConfig(panel_limit_w=10_000, continuous_enabled=True, continuous_grace_s=600)
    tracker = LimitTracker(config)
    t = 0.0
    for _ in range(20):  # 5 min at 95 %, 5 min at 50 %, for more than three hours
        state, t = _feed(tracker, t, 300, 9500)
        assert state is not None
        assert not state.continuous_active
        state, t = _feed(tracker, t, 300, 5000)
        assert state is not None
        assert not state.continuous_active


def test_continuous_limit_disabled_or_zero_grace() -> None:
    off = LimitTracker(LimitConfig(panel_limit_w=10_000))
    state, _ = _feed(off, 0, 20_000, 9900)
    assert state is not None
    assert not state.continuous_active
    config = LimitConfig(panel_limit_w=10_000, continuous_enabled=True, continuous_grace_s=0)
    eager = LimitTracker(config)
    assert not eager.update(0, 9000).continuous_active  # nothing recorded yet
    assert eager.update(1, 9000).continuous_active
    assert eager.update(2, 5000).continuous_active  # the interval 1..2 was still at 9000 W
    assert eager.update(3, 5000).continuous_active  # 2 s above take 2 s below to drain
    assert not eager.update(4, 5000).continuous_active


def test_unknown_power_keeps_integrating_the_last_known_value() -> None:
    config = LimitConfig(panel_limit_w=10_000, continuous_enabled=True, continuous_grace_s=100)
    tracker = LimitTracker(config)
    tracker.update(0, 9000)
    assert tracker.update(120, None).continuous_active


def test_grid_and_override_the_tightest_wins() -> None:
    config = LimitConfig(panel_limit_w=10_000, continuous_enabled=True, continuous_grace_s=0)
    tracker = LimitTracker(config)
    tracker.update(0, 9000)
    assert tracker.update(1, 9000).source is LimitSource.CONTINUOUS
    tracker.grid_import_w = 9000  # looser than the continuous 8000 W
    assert tracker.update(2, 9000).source is LimitSource.CONTINUOUS
    tracker.grid_import_w = 7000
    state = tracker.update(3, 9000)
    assert (state.effective_w, state.source) == (7000, LimitSource.GRID)
    tracker.override_w = 7500
    assert tracker.update(4, 9000).source is LimitSource.GRID
    tracker.override_w = 6000
    state = tracker.update(5, 9000)
    assert (state.effective_w, state.source) == (6000, LimitSource.OVERRIDE)


def test_export_limit_is_the_tightest_of_site_and_grid() -> None:
    tracker = LimitTracker(LimitConfig(panel_limit_w=10_000, export_limit_w=3000))
    assert tracker.update(0, 0).export_limit_w == 3000
    tracker.grid_export_w = 2000
    assert tracker.update(1, 0).export_limit_w == 2000
    tracker.grid_export_w = 4000
    assert tracker.update(2, 0).export_limit_w == 3000
    grid_only = LimitTracker(LimitConfig(panel_limit_w=10_000))
    grid_only.grid_export_w = 1500
    assert grid_only.update(0, 0).export_limit_w == 1500


def test_window_limit_allows_what_is_left_of_the_windows_energy() -> None:
    config = LimitConfig(panel_limit_w=20_000, window_limit_w=5000, window_s=900)
    tracker = LimitTracker(config)
    state, t = _feed(tracker, 0, 460, 8000)  # 8000 W over t=0..450
    assert t == 460
    state = tracker.update(450 + 10, 8000)
    # 460 s at 8000 W used 3.68 MJ of the window's 4.5 MJ: 0.82 MJ left for 440 s.
    assert state.effective_w == pytest.approx((4.5e6 - 8000 * 460) / 440)
    assert state.source is LimitSource.WINDOW
    assert state.window_average_w == pytest.approx(8000)
    assert state.window_projection_w == pytest.approx(8000)


def test_window_projection_mixes_energy_so_far_with_present_power() -> None:
    config = LimitConfig(panel_limit_w=20_000, window_limit_w=5000, window_s=900)
    tracker = LimitTracker(config)
    _feed(tracker, 0, 300, 6000)
    state = tracker.update(300, 3000)
    assert state.window_average_w == pytest.approx(6000)
    assert state.window_projection_w == pytest.approx((6000 * 300 + 3000 * 600) / 900)
    # 2.7 MJ left for 600 s: 4500 W allowed, tighter than the window limit itself.
    assert state.effective_w == pytest.approx((4.5e6 - 1.8e6) / 600)
    assert state.source is LimitSource.WINDOW


def test_window_budget_blown_allows_nothing_more_but_never_negative() -> None:
    config = LimitConfig(panel_limit_w=50_000, window_limit_w=5000, window_s=900)
    tracker = LimitTracker(config)
    state, _ = _feed(tracker, 0, 310, 20_000)
    assert state is not None
    assert state.effective_w == 0


def test_window_tail_uses_the_window_limit_itself() -> None:
    # In the last seconds the "rest of the window" figure would swing wildly.
    config = LimitConfig(panel_limit_w=100_000, window_limit_w=5000, window_s=900)
    tracker = LimitTracker(config)
    _feed(tracker, 0, 880, 4000)
    state = tracker.update(880, 4000)
    assert state.effective_w == pytest.approx((4.5e6 - 4000 * 880) / 20)
    high = LimitTracker(config)
    _feed(high, 0, 880, 5100)
    assert high.update(880, 5100).effective_w == 5000


def test_new_window_starts_from_scratch() -> None:
    config = LimitConfig(panel_limit_w=20_000, window_limit_w=5000, window_s=900)
    tracker = LimitTracker(config)
    _feed(tracker, 0, 900, 7000)
    state = tracker.update(900, 3000)
    assert state.window_average_w == 3000  # nothing elapsed yet in the new window
    state = tracker.update(910, 3000)
    assert state.window_average_w == pytest.approx(3000)
    assert state.effective_w == pytest.approx((4.5e6 - 3000 * 10) / 890)


def test_window_straddling_sample_credits_only_the_new_part() -> None:
    config = LimitConfig(panel_limit_w=20_000, window_limit_w=5000, window_s=900)
    tracker = LimitTracker(config)
    tracker.update(880, 6000)
    state = tracker.update(910, 6000)  # 20 s of the interval in the old window, 10 in the new
    assert state.window_average_w == pytest.approx(6000)
    assert state.effective_w == pytest.approx((4.5e6 - 6000 * 10) / 890)


def test_limit_memory_round_trip_and_garbage() -> None:
    config = LimitConfig(panel_limit_w=10_000, continuous_enabled=True, continuous_grace_s=600)
    tracker = LimitTracker(config)
    _feed(tracker, 0, 700, 9000)
    saved = tracker.export_state()
    assert saved["continuous_active"] is True
    restored = LimitTracker(config)
    restored.import_state(dict(saved))
    assert restored.update(0, 9000).continuous_active
    for bad in ({"bucket_s": -1}, {"bucket_s": math.nan}, {"bucket_s": math.inf}, {"x": 1}):
        fresh = LimitTracker(config)
        fresh.import_state(bad)  # type: ignore[arg-type]
        kept = fresh.export_state()
        assert (kept["bucket_s"], kept["continuous_active"]) == (0.0, False)
        assert kept["window_start"] is None
        assert kept["last_now"] is None


def test_a_quick_restart_keeps_the_tariff_windows_energy_so_far() -> None:
    config = LimitConfig(panel_limit_w=20_000, window_limit_w=5000, window_s=900)
    tracker = LimitTracker(config)
    _feed(tracker, 0, 300, 4500)  # 300 s at 4.5 kW into the window
    saved = json.loads(json.dumps(tracker.export_state()))
    restored = LimitTracker(config)
    restored.import_state(saved)
    same = tracker.update(360, 6520)
    after = restored.update(360, 6520)  # a minute later, as if it had run on
    assert after.effective_w == pytest.approx(same.effective_w)
    assert after.source is LimitSource.WINDOW
    late = LimitTracker(config)
    late.import_state(saved)
    # A long outage says nothing about the gap: only the energy counted before it is kept.
    counted = saved["window_energy_ws"]
    assert late.update(850, 0).window_average_w == pytest.approx(counted / 850)


def test_bad_limit_configs_are_rejected() -> None:
    for kwargs in (
        {"panel_limit_w": 0},
        {"panel_limit_w": 10, "continuous_fraction": 1.5},
        {"panel_limit_w": 10, "continuous_grace_s": -1},
        {"panel_limit_w": 10, "window_s": 0},
        {"panel_limit_w": 10, "window_limit_w": -5},
        {"panel_limit_w": 10, "export_limit_w": 0},
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - the message is checked in models
            LimitConfig(**kwargs)


# -- the controller under each limit -------------------------------------------------------


def test_continuous_limit_sheds_after_grace_with_its_own_reason() -> None:
    site = site_config(10_000, limits={"continuous_enabled": True, "continuous_grace_s": 300})
    loop = Loop.build(site, switched("heater", 2000), base=6500)  # 8500 W: fine for the panel
    loop.run(295)
    assert loop.history == []
    loop.run(10)
    (action,) = [a for _, a in loop.history]
    assert (action.kind, action.reason) == (ActionKind.SHED, Reason.CONTINUOUS_LIMIT)
    changed = loop.notices_of(NoticeKind.LIMIT_CHANGED)
    assert [(n.old_value, n.new_value, n.detail) for _, n in changed] == [
        (10_000, 8000, "continuous")
    ]
    assert loop.last is not None
    assert loop.last.snapshot.limit_source is LimitSource.CONTINUOUS
    assert loop.plant.site_power(loop.now) <= 0.9 * 8000


def test_hard_limit_breach_acts_at_once_even_with_continuous_rule() -> None:
    site = site_config(10_000, limits={"continuous_enabled": True, "continuous_grace_s": 10_800})
    loop = Loop.build(site, switched("heater", 3000), base=8000)
    result = loop.tick()
    assert [(a.kind, a.reason) for a in result.actions] == [(ActionKind.SHED, Reason.OVER_LIMIT)]


def test_phase_current_limit_sheds_a_load_on_the_overloaded_phase_only() -> None:
    site = site_config(20_000, phases=3, limits={"phase_current_limit_a": 16})
    loop = Loop.build(
        site,
        switched("heater", 3000, priority=5, phases=(1,)),
        switched("pump", 2000, priority=10, phases=(2,)),  # less important, but wrong phase
        base=3450,  # 5 A on each phase
        with_phases=True,
    )
    loop.run(30)
    assert [(a.load_id, a.reason) for _, a in loop.history] == [("heater", Reason.PHASE_LIMIT)]
    assert loop.last is not None
    currents = loop.last.snapshot.phase_currents_a
    assert currents is not None
    assert max(currents) <= 16 * 0.9


def test_three_phase_ev_turned_down_for_one_overloaded_phase() -> None:
    site = site_config(40_000, phases=3, limits={"phase_current_limit_a": 25})
    car = ev("car", phases=3)  # 32 A on each phase
    loop = Loop.build(site, car, base=lambda now: 0.0, with_phases=True)
    loop.run(1)
    assert loop.history  # 32 A > 23.75 A on every phase
    assert loop.load("car").setpoint == 22  # 22.5 A target per phase, whole amps
    assert loop.history[0][1].reason is Reason.PHASE_LIMIT


def test_restore_respects_phase_headroom() -> None:
    site = site_config(20_000, phases=3, limits={"phase_current_limit_a": 16})
    loop = Loop.build(site, switched("heater", 3000, phases=(1,)), base=3450, with_phases=True)
    loop.run(5)
    assert not loop.load("heater").on
    loop.run(600)  # 5 A + 13 A would exceed 85 % of 16 A: never given back
    assert len(loop.history) == 1
    loop.plant.base = 0  # 0 + 13 A ≤ 13.6 A
    loop.run(120)
    assert loop.load("heater").on


def test_rolling_window_average_stays_under_its_limit() -> None:
    site = site_config(20_000, limits={"window_limit_w": 5000, "window_s": 900})
    loop = Loop.build(site, switched("heater", 4000), base=4000)
    loop.run(2700)
    assert loop.history[0][1].reason is Reason.WINDOW_LIMIT
    for window in range(3):
        powers = [p for t, p in loop.site if window * 900 <= t < (window + 1) * 900]
        assert sum(powers) / len(powers) <= 5000
    # The heater is given back late in each window, when the energy left allows it.
    restores = [t for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert len(restores) == 3
    assert loop.last is not None
    snap = loop.last.snapshot
    assert snap.window_average_w is not None
    assert snap.window_projection_w is not None


def test_ev_on_a_healthy_phase_is_not_turned_down_for_another_phase() -> None:
    site = site_config(20_000, phases=3, limits={"phase_current_limit_a": 16})
    loop = Loop.build(
        site,
        switched("heater", 3000, priority=1, phases=(1,)),
        SimLoad(ev("car", priority=10, phases=1), setpoint=10),  # on phase 1 by default…
        base=3450,
        with_phases=True,
    )
    loop.plant.loads["car"].cfg = replace(loop.load("car").cfg, phases=(2,))  # …moved to 2
    loop.controller.update_loads([load.cfg for load in loop.plant.loads.values()])
    loop.run(10)
    assert [a.load_id for _, a in loop.history] == ["heater"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"shed": 0.9, "target": 0.95, "restore": 0.8},
        {"shed": 0.95, "target": 0.9, "restore": 0.92},
        {"shed": 1.6, "target": 0.9, "restore": 0.8},
        {"shed": 0.95, "target": 0.9, "restore": 0},
    ],
)
def test_inconsistent_thresholds_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="thresholds"):
        Thresholds(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": LoadKind.EV, "min_setpoint": 16, "max_setpoint": 6}, "min_setpoint"),
        ({"kind": LoadKind.MODULATED, "max_setpoint": 10, "setpoint_step": 0}, "setpoint_step"),
        ({"kind": LoadKind.SWITCHED, "min_on_s": -1}, "timings"),
        ({"kind": LoadKind.SWITCHED, "rated_power_w": -1}, "rated power"),
        ({"kind": LoadKind.SWITCHED, "phases": ()}, "phase"),
    ],
)
def test_inconsistent_load_options_are_rejected(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LoadConfig(load_id="x", name="X", **kwargs)  # type: ignore[arg-type]


def test_a_phase_shed_is_counted_until_the_meter_shows_it() -> None:
    """The load confirms off before the meter's next reading: no second load for one overload."""
    site = site_config(20_000, phases=3, limits={"phase_current_limit_a": 16})
    controller = Controller(
        site,
        [
            switched("heater", 3000, priority=10, phases=(2,)),  # 13 A on phase 2
            switched("pump", 2000, priority=5, phases=(2,)),
        ],
    )
    on = {"heater": LoadState(power_w=3000), "pump": LoadState(power_w=2000)}
    # 27 A on phase 2: 3.8 A over the shed level (15.2 A); the heater alone frees enough.
    overloaded = Measurement(site_power_w=9430, phase_currents_a=(5.0, 27.0, 5.0))
    first = controller.step(0.0, overloaded, on)
    assert [(a.load_id, a.kind) for a in first.actions] == [("heater", ActionKind.SHED)]
    heater_off = {**on, "heater": LoadState(is_on=False, power_w=0.0)}
    second = controller.step(1.0, overloaded, heater_off)  # same (stale) meter reading
    assert second.actions == ()
    after = Measurement(site_power_w=6430, phase_currents_a=(5.0, 14.0, 5.0))
    assert controller.step(2.0, after, heater_off).actions == ()
