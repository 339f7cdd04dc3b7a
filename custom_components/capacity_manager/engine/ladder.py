"""Shed and restore planning over the priority ladder.

Shedding walks from the least important load (largest priority number): first every running
modulated load is turned down toward its minimum, then loads are paused or switched off, until
the needed reduction is covered. Loads of equal priority share a reduction (modulated loads end
at equal power where they can) and are ordered by what they free, not by name, for pausing.

Plans are lists of `Step`s: the controller commits them (active mode) or only reports them
(monitor mode). Restoring is in `restore.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import groupby

from .models import ActionKind, Reason
from .results import Action
from .tracking import Held, LoadTrack

_EPS = 1e-6


@dataclass(slots=True)
class Step:
    """One planned command and the hold it leaves the load in."""

    track: LoadTrack
    action: Action
    held: Held


@dataclass(slots=True)
class Need:
    """Reduction still needed: total W and per-phase W (phase index → W on that phase)."""

    total_w: float
    phase_w: dict[int, float]

    def covered(self) -> bool:
        """True when nothing more needs to be freed."""
        return self.total_w <= _EPS and all(v <= _EPS for v in self.phase_w.values())

    def credit(self, track: LoadTrack, freed_w: float) -> None:
        """Account for `freed_w` taken off `track` (spread evenly over its phases)."""
        self.total_w -= freed_w
        phases = track.cfg.phases
        share = freed_w / len(phases)
        for phase in phases:
            if phase in self.phase_w:
                self.phase_w[phase] -= share

    def wanted_from(self, track: LoadTrack) -> float:
        """How much freeing `track` would still help, in W of its own power."""
        wanted = self.total_w
        phases = track.cfg.phases
        for phase in phases:
            phase_need = self.phase_w.get(phase, 0.0)
            if phase_need > _EPS:
                wanted = max(wanted, phase_need * len(phases))
        return wanted


def floor_to_step(value: float, step: float) -> float:
    """Round down to a whole number of steps (tolerating float noise)."""
    return math.floor(value / step + _EPS) * step


def plan_shed(
    ladder: list[LoadTrack], need: Need, now: float, reason: Reason, *, margin_w: float = 0.0
) -> list[Step]:
    """Free at least `need` (if the ladder allows), least important loads first.

    Modulated loads are turned down `margin_w` further than `need` asks (the step margin,
    margin.py): turning a charger down is cheap, switching a load off is a cycle, so only the
    turn-down stage makes room for the next rise.
    """
    if margin_w > 0 and need.total_w > 0:
        deeper = Need(total_w=need.total_w + margin_w, phase_w=dict(need.phase_w))
        steps = plan_turn_down(ladder, deeper, now, reason)
        for step in steps:
            need.credit(step.track, -step.action.expected_delta_w)
    else:
        steps = plan_turn_down(ladder, need, now, reason)
    if need.covered():
        return steps
    # Stage 2: pause/switch off, least important first; equal priority: biggest, then busiest.
    planned = {id(step.track) for step in steps}
    for _priority, group_iter in groupby(ladder, key=lambda t: t.cfg.priority):
        if need.covered():
            break
        candidates = []
        for track in group_iter:
            if may_switch_off(track, now):
                power = track.current_power()
                if id(track) in planned:
                    power = next(s for s in steps if s.track is track).action.setpoint or 0.0
                    power = track.power_after_cut(power)
                if power > _EPS:
                    candidates.append((power, track))
        # Equal power: the one on longest goes first, so twins take turns; then by name.
        candidates.sort(
            key=lambda c: (-c[0], -c[1].current_power(), c[1].on_since, c[1].cfg.load_id)
        )
        for power, track in candidates:
            if need.covered():
                break
            if need.wanted_from(track) <= _EPS:
                continue
            steps = [s for s in steps if s.track is not track]
            steps.append(shed_step(track, reason, detail=f"frees ~{power:.0f} W"))
            need.credit(track, power)
    return steps


def shed_step(track: LoadTrack, reason: Reason, detail: str = "") -> Step:
    """Pause or switch `track` off: all it draws now is expected to go."""
    action = Action(
        load_id=track.cfg.load_id,
        kind=ActionKind.SHED,
        reason=reason,
        old_setpoint=track.state.setpoint,
        expected_delta_w=-track.current_power(),
        detail=detail,
    )
    return Step(track, action, Held.SHED)


def plan_turn_down(ladder: list[LoadTrack], need: Need, now: float, reason: Reason) -> list[Step]:
    """Stage 1 only: turn running modulated loads down toward their minimum, group by group."""
    steps: list[Step] = []
    for _priority, group_iter in groupby(ladder, key=lambda t: t.cfg.priority):
        if need.covered():
            break
        group = [t for t in group_iter if _can_turn_down(t, now)]
        if group:
            steps.extend(_turn_down_group(group, need, reason))
    return steps


def turn_down_room_w(track: LoadTrack, now: float) -> float:
    """The most turning `track` down to its minimum could free now (0 if it cannot be)."""
    if not _can_turn_down(track, now):
        return 0.0
    return max(0.0, track.current_power() - track.power_after_cut(track.cfg.min_setpoint))


def pause_room_w(track: LoadTrack, now: float) -> float:
    """The most pausing or turning `track` down could free now (0 if neither may be done)."""
    if may_switch_off(track, now):
        return max(0.0, track.current_power())
    return turn_down_room_w(track, now)


def _can_turn_down(track: LoadTrack, now: float) -> bool:
    cfg = track.cfg
    state = track.state
    return (
        cfg.is_modulated
        and state.is_on
        and state.setpoint is not None
        and state.setpoint > cfg.min_setpoint + _EPS
        and track.controllable(now)
    )


def may_switch_off(track: LoadTrack, now: float) -> bool:
    """On, ours to command, and neither its min on time nor a running cycle forbids it."""
    cfg = track.cfg
    state = track.state
    if not (state.is_on and track.controllable(now) and track.held is not Held.SHED):
        return False
    if cfg.is_modulated and not cfg.can_pause:
        return False
    if cfg.min_on_s and now - track.on_since < cfg.min_on_s:
        return False
    if cfg.protect_running_cycle:
        power = state.power_w
        if power is not None and power > cfg.running_threshold_w:
            return False
    return True


def _turn_down_group(group: list[LoadTrack], need: Need, reason: Reason) -> list[Step]:
    """Lower a group's modulated loads to a common power level that frees what is needed."""
    wanted = max(need.wanted_from(t) for t in group)
    if wanted <= _EPS:
        return []
    powers = [t.current_power() for t in group]
    floors = [t.power_after_cut(t.cfg.min_setpoint) for t in group]
    reducible = sum(max(0.0, p - f) for p, f in zip(powers, floors, strict=True))
    # Not enough to share: everyone goes to the minimum.
    level = 0.0 if reducible <= wanted else water_level(powers, floors, wanted)
    steps: list[Step] = []
    for track, power in zip(group, powers, strict=True):
        cfg = track.cfg
        current = track.state.setpoint
        assert current is not None
        per_unit = track.watts_per_unit()  # errs high on the draw at goal: see power_after_cut
        goal = max(cfg.min_setpoint, floor_to_step(level / per_unit, cfg.setpoint_step))
        if goal >= current - _EPS:
            continue
        new_power = track.power_after_cut(goal)
        freed = max(0.0, power - new_power)
        if freed <= _EPS:
            continue  # an offer the load does not use: the reserve cap deals with it
        steps.append(
            Step(
                track,
                Action(
                    load_id=cfg.load_id,
                    kind=ActionKind.MODULATE,
                    reason=reason,
                    setpoint=goal,
                    old_setpoint=current,
                    expected_delta_w=-freed,
                ),
                Held.MODULATED,
            )
        )
        need.credit(track, freed)
    return steps


def water_level(powers: list[float], floors: list[float], wanted: float) -> float:
    """Highest common level L with sum(max(0, p - max(L, floor))) >= wanted."""
    low, high = 0.0, max(powers)
    for _ in range(40):
        mid = (low + high) / 2
        freed = sum(max(0.0, p - max(mid, f)) for p, f in zip(powers, floors, strict=True))
        if freed >= wanted:
            low = mid
        else:
            high = mid
    return low
