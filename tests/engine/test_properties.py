"""Properties of the controller over generated homes, loads and days (hypothesis).

Examples are generated deterministically (`derandomize`) and bounded so the file stays fast.
Most properties are checked over a closed loop (tests/engine/harness.py): a base load that
jumps between levels, loads that follow the controller's commands, and now and then a gap in
the data, a user's change or a service call.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LoadConfig,
    LoadState,
    Measurement,
    Reason,
)
from custom_components.capacity_manager.engine.results import Action, StepResult
from tests.engine.harness import Loop, SimLoad, dimmer, ev, site_config, switched

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LIMIT_W = 10_000.0
SITE = site_config(LIMIT_W, restore_holdoff_s=20, restore_interval_s=10, override_s=120)
EPS = 1e-6

SHED_REASONS = {
    Reason.OVER_LIMIT,
    Reason.CONTINUOUS_LIMIT,
    Reason.PHASE_LIMIT,
    Reason.WINDOW_LIMIT,
    Reason.FAILSAFE,
    Reason.MANUAL,
    Reason.PRIORITY,
    Reason.RESERVE,
}
RESTORE_REASONS = {
    Reason.HEADROOM,
    Reason.MAX_OFF_TIME,
    Reason.EXPORT_LIMIT,
    Reason.MANUAL,
    Reason.MODE_CHANGE,
}

# -- generated loads -------------------------------------------------------------------------


@st.composite
def sim_loads(
    draw: st.DrawFn, *, timers: bool = True, never_shed: bool = True, fewest: int = 2
) -> list[SimLoad]:
    """`fewest`–6 loads of every kind with options, each in some plausible state."""
    count = draw(st.integers(fewest, 6))
    loads: list[SimLoad] = []
    for index in range(count):
        kind = draw(st.sampled_from(["switched", "ev", "dimmer"]))
        options: dict[str, Any] = {
            "priority": draw(st.integers(1, 3)),
            "never_shed": never_shed and draw(st.integers(0, 5)) == 0,
            "protect_running_cycle": draw(st.integers(0, 4)) == 0,
            "auto_restore": draw(st.integers(0, 5)) != 0,
        }
        if timers:
            options["min_on_s"] = draw(st.sampled_from([0.0, 0.0, 30.0, 120.0]))
            options["min_off_s"] = draw(st.sampled_from([0.0, 0.0, 30.0, 120.0]))
        load_id = f"{kind}_{index}"
        sensor = draw(st.booleans())
        if kind == "switched":
            cfg = switched(
                load_id, draw(st.sampled_from([500.0, 1500.0, 2000.0, 3000.0])), **options
            )
            draw_w = draw(st.sampled_from([None, None, 800.0, 2500.0]))
            loads.append(SimLoad(cfg, on=draw(st.booleans()), draw_w=draw_w, sensor=sensor))
        elif kind == "ev":
            cfg = ev(load_id, can_pause=draw(st.integers(0, 4)) != 0, **options)
            loads.append(
                SimLoad(
                    cfg,
                    setpoint=float(draw(st.integers(6, 32))),
                    draw_w=draw(st.sampled_from([None, None, 3000.0])),
                    sensor=sensor,
                )
            )
        else:
            cfg = dimmer(load_id, 3000, min_w=draw(st.sampled_from([0.0, 500.0])), **options)
            loads.append(
                SimLoad(cfg, setpoint=draw(st.sampled_from([1000.0, 3000.0])), sensor=sensor)
            )
    return loads


@dataclass
class Event:
    """Something that happens at the start of a segment besides the base load changing."""

    kind: str  # "none", "gap", "user_toggle", "shed_load", "restore_all"
    target: int = 0


@dataclass
class Day:
    """A home over a few minutes: loads plus a base load that changes segment by segment."""

    loads: list[SimLoad]
    segments: list[tuple[float, float, Event]] = field(default_factory=list)  # (s, base W, event)

    def __repr__(self) -> str:
        return f"Day(loads={[_short(load) for load in self.loads]}, segments={self.segments})"


def _short(load: SimLoad) -> str:
    """A falsifying example that fits on a screen."""
    cfg = load.cfg
    options = [
        f"{name}={getattr(cfg, name)}"
        for name in ("never_shed", "protect_running_cycle", "auto_restore", "can_pause")
        if getattr(cfg, name) != getattr(switched("x", 1), name)
    ]
    options += [f"{n}={getattr(cfg, n)}" for n in ("min_on_s", "min_off_s") if getattr(cfg, n)]
    return (
        f"{cfg.load_id}(p{cfg.priority} {cfg.rated_power_w:.0f}W {' '.join(options)} | "
        f"on={load.on} sp={load.setpoint} draw={load.draw_w} sensor={load.sensor})"
    )


@st.composite
def days(draw: st.DrawFn, *, events: bool = True, timers: bool = True) -> Day:
    """Loads plus 3–8 segments of 10–180 s at base loads between 0 and 14 kW."""
    loads = draw(sim_loads(timers=timers))
    kinds = ["none"] * 6 + ["gap", "user_toggle", "shed_load", "restore_all"]
    # Mostly quiet hours (restores, ramps), sometimes peaks well above the 10 kW limit.
    bases = [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 11_000, 14_000]
    segments = [
        (
            float(draw(st.integers(10, 180))),
            float(draw(st.sampled_from(bases))),
            Event(draw(st.sampled_from(kinds)) if events else "none", draw(st.integers(0, 5))),
        )
        for _ in range(draw(st.integers(3, 8)))
    ]
    return Day(loads, segments)


@dataclass
class Tick:
    """What one step saw and did."""

    now: float
    site_w: float | None
    result: StepResult
    limit_w: float


def run_day(
    day: Day,
    *,
    dt: float = 2.0,
    check: Callable[[Tick], None] | None = None,
    skip_idle: bool = False,
) -> Loop:
    """Drive a fresh controller over `day` (loads are copied: a day can run twice)."""
    loads = copy.deepcopy(day.loads)
    loop = Loop.build(SITE, *loads, dt=dt)
    loop.skip_idle = skip_idle
    ids = list(loop.plant.loads)
    site: float | None = None
    for seconds, base, event in day.segments:
        loop.plant.base = base
        target = ids[event.target % len(ids)]
        if event.kind == "user_toggle":
            device = loop.load(target)
            device.on = not device.on
        elif event.kind == "shed_load":
            loop.controller.shed_load(target, loop.now, until=loop.now + seconds / 2)
        elif event.kind == "restore_all":
            loop.controller.restore_all()
        end = loop.now + seconds - EPS
        while loop.now < end:
            measure = event.kind != "gap"
            if measure:  # without a new sample the controller works from the last one
                site = loop.plant.site_power(loop.now)
            result = loop.tick(measure=measure)
            if check is not None:
                check(Tick(loop.now - dt, site, result, result.snapshot.effective_limit_w))
    return loop


# -- properties over closed loops --------------------------------------------------------------


@SETTINGS
@given(days())
def test_never_shed_loads_never_get_an_action(day: Day) -> None:
    never = {load.cfg.load_id for load in day.loads if load.cfg.never_shed}
    loop = run_day(day)
    assert not [a for _, a in loop.history if a.load_id in never]
    assert not [a for _, a in loop.advisory if a.load_id in never]
    assert not [a for a in loop.controller.release_actions() if a.load_id in never]


@SETTINGS
@given(days())
def test_every_action_has_a_reason_that_fits_what_it_does(day: Day) -> None:
    def check(tick: Tick) -> None:
        for action in tick.result.actions:
            assert isinstance(action.reason, Reason)
            if action.kind is ActionKind.SHED:
                assert action.reason in SHED_REASONS, action
                assert action.expected_delta_w <= EPS
            elif action.kind is ActionKind.RESTORE:
                assert action.reason in RESTORE_REASONS, action
            else:  # a new setpoint: down is a cut, up is a give-back
                assert action.setpoint is not None
                assert action.old_setpoint is not None
                assert action.setpoint != action.old_setpoint, action
                down = action.setpoint < action.old_setpoint
                assert action.reason in (SHED_REASONS if down else RESTORE_REASONS), action
                assert (action.expected_delta_w <= EPS) if down else (action.expected_delta_w >= 0)
            if action.kind is not ActionKind.SHED and action.setpoint is not None:
                cfg = next(ld.cfg for ld in day.loads if ld.cfg.load_id == action.load_id)
                assert cfg.min_setpoint - EPS <= action.setpoint <= cfg.max_setpoint + EPS

    run_day(day, check=check)


@SETTINGS
@given(days())
def test_restores_never_push_projected_power_over_the_restore_threshold(day: Day) -> None:
    restore_fraction = SITE.thresholds.restore

    def check(tick: Tick) -> None:
        actions = tick.result.actions
        if not any(a.reason is Reason.HEADROOM for a in actions):
            return
        assert tick.site_w is not None
        # What is given back, less what was turned down in the same step to make room for it.
        made = [a for a in actions if a.reason in (Reason.HEADROOM, Reason.PRIORITY)]
        projected = tick.site_w + sum(a.expected_delta_w for a in made)
        assert projected <= tick.limit_w * restore_fraction + EPS, made

    run_day(day, check=check)


@SETTINGS
@given(days())
def test_same_inputs_give_the_same_actions(day: Day) -> None:
    first, second = run_day(day), run_day(day)
    assert first.history == second.history
    assert first.notices == second.notices
    assert first.site == second.site
    assert first.controller.snapshot() == second.controller.snapshot()
    assert first.controller.export_state() == second.controller.export_state()


@SETTINGS
@given(days())
def test_skipping_samples_the_controller_calls_idle_changes_nothing(day: Day) -> None:
    stepped, skipping = run_day(day), run_day(day, skip_idle=True)
    assert skipping.history == stepped.history
    assert skipping.site == stepped.site
    assert skipping.controller.export_state() == stepped.controller.export_state()


@SETTINGS
@given(days(events=False))
def test_no_load_cycles_faster_than_its_min_on_and_min_off(day: Day) -> None:
    loop = run_day(day)
    for load in day.loads:
        cfg = load.cfg
        # A load found on or off at first sight has an unknown on/off time: only changes the
        # controller itself makes (or sees) start a min on / min off time.
        on_since: float | None = None
        off_since: float | None = None
        for t, action in loop.actions_for(cfg.load_id):
            if action.kind is ActionKind.SHED:
                if on_since is not None and cfg.min_on_s:
                    assert t - on_since >= cfg.min_on_s, (cfg.load_id, t, on_since)
                on_since, off_since = None, t
            elif action.kind is ActionKind.RESTORE and on_since is None:
                if off_since is not None and cfg.min_off_s:
                    assert t - off_since >= cfg.min_off_s, (cfg.load_id, t, off_since)
                on_since, off_since = t, None


@SETTINGS
@given(days(events=False), st.integers(1, 9), st.integers(1, 9))
def test_a_higher_limit_never_sheds_more_from_the_same_state(
    day: Day, low_tenths: int, extra_tenths: int
) -> None:
    loop = run_day(day)
    low = LIMIT_W * low_tenths / 10
    high = min(LIMIT_W, low + LIMIT_W * extra_tenths / 10)
    tight, loose = copy.deepcopy(loop), copy.deepcopy(loop)
    tight.controller.set_limit_override(low)
    loose.controller.set_limit_override(high)
    # Same state, same sample: only the limit differs.
    cut_tight = _reduction(tight.tick().actions)
    cut_loose = _reduction(loose.tick().actions)
    assert cut_loose <= cut_tight + EPS


def _reduction(actions: tuple[Action, ...]) -> float:
    return sum(-a.expected_delta_w for a in actions if a.expected_delta_w < 0)


# -- properties of one step ---------------------------------------------------------------------


def _capacity(load: SimLoad) -> float:
    """What a fresh controller may take from `load` in one step (0 when it must not)."""
    cfg, state = load.cfg, load.state()
    if not (state.available and state.managed and state.is_on) or cfg.never_shed:
        return 0.0
    if state.power_w is not None:
        power = max(0.0, state.power_w)
    elif cfg.is_modulated and state.setpoint is not None:
        power = cfg.power_at(state.setpoint)
    else:
        power = cfg.rated_power_w
    running = state.power_w is not None and state.power_w > cfg.running_threshold_w
    may_switch_off = not cfg.min_on_s and not (cfg.protect_running_cycle and running)
    if cfg.is_modulated and not cfg.can_pause:
        may_switch_off = False
    if may_switch_off:
        return power
    if cfg.is_modulated and state.setpoint is not None and state.setpoint > cfg.min_setpoint:
        # At its minimum it draws the nominal minimum (or more per unit, as measured).
        per_unit = cfg.setpoint_unit_w
        if state.power_w is not None and state.setpoint:
            per_unit = max(per_unit, state.power_w / state.setpoint)
        return max(0.0, power - min(cfg.min_setpoint * per_unit, power))
    return 0.0


@settings(SETTINGS, max_examples=100)  # one step each: cheap
@given(sim_loads(), st.integers(0, 14_000))
def test_after_shedding_projected_power_is_at_most_the_target(
    loads: list[SimLoad], base_w: int
) -> None:
    site_w = base_w + sum(load.power_w for load in loads)
    controller = Controller(SITE, [load.cfg for load in loads])
    states = {load.cfg.load_id: load.state() for load in loads}
    result = controller.step(0.0, Measurement(site_power_w=site_w), states)
    target = LIMIT_W * SITE.thresholds.target
    projected = site_w + sum(a.expected_delta_w for a in result.actions)
    if site_w <= LIMIT_W * SITE.thresholds.shed:
        # Nothing to shed; at most idle offers are capped (which changes no measured power).
        assert all(a.reason is Reason.RESERVE for a in result.actions)
        return
    capacity = sum(_capacity(load) for load in loads)
    if capacity >= site_w - target:
        assert projected <= target + EPS
    else:  # not enough: everything it may take is taken
        assert projected <= site_w - capacity + EPS


@st.composite
def twins(
    draw: st.DrawFn,
) -> tuple[list[LoadConfig], dict[str, LoadState], dict[str, LoadState], float]:
    """Two loads with identical options (ids aside) among others, and two states for the pair."""
    others = draw(sim_loads(never_shed=False, fewest=0))
    kind = draw(st.sampled_from(["switched", "ev"]))
    options = {"priority": draw(st.integers(1, 3))}
    if kind == "switched":
        power = draw(st.sampled_from([1000.0, 2000.0]))
        configs = [switched(name, power, **options) for name in ("twin_a", "twin_b")]
    else:
        configs = [ev(name, **options) for name in ("twin_a", "twin_b")]

    def state() -> LoadState:
        if kind == "switched":
            return LoadState(is_on=True, power_w=draw(st.sampled_from([None, 900.0, 2100.0])))
        return LoadState(setpoint=draw(st.sampled_from([6.0, 7.0, 16.0, 32.0])))

    first, second = state(), state()
    states = {load.cfg.load_id: load.state() for load in others}
    one = {**states, "twin_a": first, "twin_b": second}
    two = {**states, "twin_a": second, "twin_b": first}
    # Over the shed threshold by anything from a little to more than all the loads draw.
    total = sum(load.power_w for load in others) + 2 * 7360
    site_w = 9500 + draw(st.integers(1, 100)) * total / 80
    return [load.cfg for load in others] + configs, one, two, site_w


@settings(SETTINGS, max_examples=150)  # one step each: cheap, and ties are rare
@given(twins())
def test_equal_priorities_are_treated_symmetrically(
    case: tuple[list[LoadConfig], dict[str, LoadState], dict[str, LoadState], float],
) -> None:
    configs, one, two, site_w = case
    first = Controller(SITE, configs).step(0, Measurement(site_power_w=site_w), one)
    second = Controller(SITE, configs).step(0, Measurement(site_power_w=site_w), two)
    # Each twin's action follows its situation, not its name: in the second run the twins
    # swapped states, so their actions swap too. (When both are in the same state and only one
    # of them must go, which one is not a matter of fairness within a single step.)
    assert _by_state(first.actions, one) == _by_state(second.actions, two)


def _by_state(actions: tuple[Action, ...], states: dict[str, LoadState]) -> Counter[object]:
    return Counter(
        (states[a.load_id], replace(a, load_id="twin"))
        if a.load_id.startswith("twin_")
        else (a.load_id, a)
        for a in actions
    )
