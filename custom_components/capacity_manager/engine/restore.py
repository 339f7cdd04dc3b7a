"""Restore planning: give back what fits, most important first.

Headroom is the restore threshold minus site power. A group of turned-down modulated loads
also subtracts its own *reserve*: what its members could start drawing by themselves (a
plugged-out EV offered 16 A draws 0 W now, and the full 16 A the moment a car plugs in). Other
groups ignore that reserve, so an idle charger never starves a water heater; the reserve cap
(`reserve.py`) turns the charger's offer down if the two no longer fit together.

At most one load is switched on or resumed per call; turned-down loads ramp up together, sharing
the room of their group equally (two EVs ramp in step).
"""

from __future__ import annotations

import math
from itertools import groupby

from .ladder import Need, Step, floor_to_step, plan_turn_down
from .models import Action, ActionKind, Reason
from .tracking import Held, LoadTrack

_EPS = 1e-6


def plan_restore(
    most_important_first: list[LoadTrack],
    headroom_w: float,
    now: float,
    *,
    allow_switch_on: bool,
    modulate_interval_s: float,
    reason: Reason = Reason.HEADROOM,
    patience_s: float = math.inf,
    limit_room_w: float = math.inf,
    margin_w: float = 0.0,
) -> list[Step]:
    """Give back what fits in `headroom_w` (restore threshold − site power).

    Modulated loads (chargers) get `margin_w` less: they are turned up or resumed only below the
    limit less the learned step margin (margin.py), where a switched load would come back.
    """
    steps: list[Step] = []
    switched_on = False
    initial = headroom_w
    for _priority, group_iter in groupby(most_important_first, key=lambda t: t.cfg.priority):
        members = list(group_iter)
        reserve = sum(t.potential_w() for t in members)
        group = [t for t in members if t.held is not Held.NONE and may_restore(t, now)]
        if not group:
            continue
        taken = {id(s.track) for s in steps}
        turned_down = [
            t
            for t in group
            if id(t) not in taken
            and t.held is Held.MODULATED
            and now - t.last_up_at >= modulate_interval_s
            and t.state.setpoint is not None
            and t.state.is_on
        ]
        room = headroom_w - reserve - margin_w
        if turned_down and room > _EPS:
            share = room / len(turned_down)
            for track in turned_down:
                step = _turn_up(track, share, reason)
                if step is not None:
                    steps.append(step)
                    headroom_w -= step.action.expected_delta_w
        if switched_on or not allow_switch_on:
            continue
        room = headroom_w - reserve
        for track in sorted(
            (t for t in group if t.held is Held.SHED),
            # Smallest first (most likely to fit); equal: the one off longest, then by name.
            key=lambda t: (t.restore_power_w(now, patience_s), t.off_since, t.cfg.load_id),
        ):
            power = track.restore_power_w(now, patience_s)
            seen = max(track.estimator.seen_comeback_w, track.shed_power_w)
            if power < track.restore_power_w() and seen > limit_room_w - (initial - headroom_w):
                # Past its patience only its typical power must fit the restore threshold, but
                # what it was seen to draw must still fit under the limit itself (not its rated
                # power: an oven rated above the room would never come back at all).
                continue
            fits = room - margin_w if track.cfg.is_modulated else room
            step = _switch_on(track, fits, reason, power)
            if step is None and not track.cfg.is_modulated:
                making_room = _make_room(most_important_first, track, power - room, now, steps)
                if making_room:
                    freed = -sum(s.action.expected_delta_w for s in making_room)
                    step = _switch_on(track, room + freed, reason, power)
                    if step is not None:
                        steps.extend(making_room)
                        headroom_w += freed
            if step is not None:
                steps.append(step)
                headroom_w -= step.action.expected_delta_w
                switched_on = True
                break
    return steps


def _make_room(
    most_important_first: list[LoadTrack],
    track: LoadTrack,
    deficit_w: float,
    now: float,
    planned: list[Step],
) -> list[Step]:
    """Turn less important modulated loads down so that `track` fits (or nothing).

    Priority means a more important load gets power before a less important one: a water
    heater waiting to come back may take current from the car. Only turning down, never pausing,
    so this cannot cycle anything.
    """
    taken = {id(s.track) for s in planned}
    less_important = [
        t
        for t in reversed(most_important_first)
        if t.cfg.priority > track.cfg.priority and id(t) not in taken
    ]
    need = Need(total_w=deficit_w, phase_w={})
    steps = plan_turn_down(less_important, need, now, Reason.PRIORITY)
    return steps if need.covered() else []


def _free_setpoint(track: LoadTrack) -> float:
    return track.free_setpoint if track.free_setpoint is not None else track.cfg.max_setpoint


def _turn_up(track: LoadTrack, room_w: float, reason: Reason) -> Step | None:
    """Offer `room_w` more (nominal power: the load may take all of it)."""
    cfg = track.cfg
    current = track.state.setpoint
    assert current is not None
    free = _free_setpoint(track)
    goal = min(free, floor_to_step(current + room_w / cfg.setpoint_unit_w, cfg.setpoint_step))
    if goal <= current + _EPS:
        return None
    released = goal >= free - _EPS
    return Step(
        track,
        Action(
            load_id=cfg.load_id,
            kind=ActionKind.RESTORE if released else ActionKind.MODULATE,
            reason=reason,
            setpoint=goal,
            old_setpoint=current,
            expected_delta_w=cfg.power_at(goal) - cfg.power_at(current),
        ),
        Held.NONE if released else Held.MODULATED,
    )


def _switch_on(
    track: LoadTrack, room_w: float, reason: Reason, power_w: float = 0.0
) -> Step | None:
    cfg = track.cfg
    setpoint: float | None = None
    held = Held.NONE
    if cfg.is_modulated:
        free = _free_setpoint(track)
        goal = min(free, floor_to_step(room_w / cfg.setpoint_unit_w, cfg.setpoint_step))
        if goal < cfg.min_setpoint - _EPS:
            return None
        delta = cfg.power_at(goal)
        setpoint = goal
        if goal < free - _EPS:
            held = Held.MODULATED
    else:
        delta = power_w
        if delta > room_w + _EPS:
            return None
    return Step(
        track,
        Action(
            load_id=cfg.load_id,
            kind=ActionKind.RESTORE,
            reason=reason,
            setpoint=setpoint,
            old_setpoint=track.state.setpoint,
            expected_delta_w=delta,
        ),
        held,
    )


def may_restore(track: LoadTrack, now: float) -> bool:
    """Not blocked by availability, a forced shed, don't-auto-restore or min off time."""
    cfg = track.cfg
    if not track.state.available or now < track.ineffective_until:
        return False
    if track.forced_until is not None and now < track.forced_until:
        return False
    if track.held is Held.SHED:
        if not cfg.auto_restore:
            return False
        if cfg.min_off_s and now - track.off_since < cfg.min_off_s:
            return False
    return True
