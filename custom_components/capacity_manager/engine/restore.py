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
from collections.abc import Callable
from itertools import groupby

from .ladder import (
    Step,
    floor_to_step,
    pause_room_w,
    turn_down_room_w,
)
from .models import ActionKind, Reason
from .plan import risk_margin_w
from .restore_rules import may_restore
from .results import Action
from .sharing import ramp_shares, resume_share
from .swap import make_room
from .tracking import Held, LoadTrack

_EPS = 1e-6
_BOUND_SLACK_W = 1e-3
_TAKING = 0.8  # a charger drawing this share of its offer takes what it is given  # float noise between the bound and what the ladder adds up


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
    calm_margin_w: float = 0.0,
    swap_only: bool = False,
) -> list[Step]:
    """Give back what fits in `headroom_w` (restore threshold − site power).

    Modulated loads (chargers) get `margin_w` less: they are turned up or resumed only below the
    limit less the learned step margin (margin.py), where a switched load would come back; a
    charger with a plan on track `calm_margin_w` less, one whose plan is at risk no less.
    A load past its patience may pause less important ones to come back (`make_room`), but
    only if what it was seen to draw (not just its typical power) then fits, and not while a
    more important load is still waiting that could later pause it in turn (a chain of swaps
    would run a load for seconds). `swap_only` (site above the restore threshold): only loads
    past their patience come back, and only in place of less important ones.
    """
    steps: list[Step] = []
    switched_on = False
    initial = headroom_w
    # (priority, most turning it down frees) per load, worked out once if needed: an upper
    # bound of what `make_room` can turn down, so a hopeless search is skipped.
    turn_down: list[tuple[int, float]] | None = None
    # The same for pausing too; and the priority of a load that waits and could pause others
    # once past its patience: loads less important than it do not pause anything meanwhile.
    pause_rooms: list[tuple[int, float]] | None = None
    waiting_priority: int | None = None
    for _priority, group_iter in groupby(most_important_first, key=lambda t: t.cfg.priority):
        members = list(group_iter)
        group = [t for t in members if t.held is not Held.NONE and may_restore(t, now)]
        if not group:
            continue
        reserve = sum(t.potential_w() for t in members)
        taken = {id(s.track) for s in steps}
        running = [
            t
            for t in group
            if t.held is Held.MODULATED and t.state.setpoint is not None and t.state.is_on
        ]
        turned_down = [
            t for t in running if id(t) not in taken and now - t.last_up_at >= modulate_interval_s
        ]
        room = headroom_w - reserve
        margins = (_margin(t, margin_w, calm_margin_w, room, now) for t in turned_down)
        room -= min(margins, default=0.0)
        # Paused chargers of one priority come back one per interval: each gets its share of
        # the room (at least its minimum), so twins end at equal power, not first come first;
        # the running ones leave the paused ones' shares free while those could use them.
        paused = (
            [t for t in group if t.held is Held.SHED and t.cfg.is_modulated]
            if len(group) > 1
            else []  # alone in its priority: nobody to share with
        )
        if turned_down and room > _EPS:
            for track, share in ramp_shares(room, turned_down, running, paused):
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
            waited = track.held_since is not None and now - track.held_since >= patience_s
            planned: list[Step] = []
            if waited or not swap_only:
                # Past its patience only its typical power must fit the restore threshold, but
                # what it was seen to draw must still fit under the limit itself (not its rated
                # power: an oven rated above the room would never come back at all).
                seen = max(track.estimator.seen_comeback_w, track.shed_power_w)
                limit_room = limit_room_w - (initial - headroom_w)
                # (A charger at risk resumes at whatever setpoint the room allows.)
                over_limit = (
                    not track.plan_at_risk and power < track.restore_power_w() and seen > limit_room
                )
                fits = room
                if track.cfg.is_modulated:
                    fits = resume_share(
                        track,
                        room - _margin(track, margin_w, calm_margin_w, room, now),
                        paused,
                        running,
                    )
                step = None if over_limit else _switch_on(track, fits, reason, power)
                if step is not None:
                    planned = [step]
                elif not track.cfg.is_modulated:
                    deficit = max(power - room, seen - limit_room if over_limit else 0.0)
                    if not waited:
                        if turn_down is None:
                            turn_down = _rooms(most_important_first, now, turn_down_room_w)
                        hopeless = _room_below(turn_down, track.cfg.priority) < deficit
                    else:
                        hopeless = False
                    if not hopeless:
                        planned = _swap_in(
                            most_important_first,
                            track,
                            steps,
                            now,
                            deficit_w=deficit,
                            room_w=room,
                            reason=reason,
                            power_w=power,
                            # Pausing others is for a load whose seen power fits (not only
                            # its typical): a load that drew more when shed or when given back
                            # would soon be shed again, and the swap repeat. Not its rated
                            # power: that may be a nameplate guess.
                            pause_deficit_w=max(deficit, max(power, seen) - room)
                            if waited
                            and (waiting_priority is None or waiting_priority >= track.cfg.priority)
                            else None,
                        )
            if planned:
                steps.extend(planned)
                headroom_w -= sum(x.action.expected_delta_w for x in planned)
                switched_on = True
                break
            if not waited and waiting_priority is None and not track.cfg.is_modulated:
                if pause_rooms is None:
                    pause_rooms = _rooms(most_important_first, now, pause_room_w)
                if power <= room + _room_below(pause_rooms, track.cfg.priority):
                    waiting_priority = track.cfg.priority
    return steps


def _rooms(
    most_important_first: list[LoadTrack], now: float, room_of: Callable[[LoadTrack, float], float]
) -> list[tuple[int, float]]:
    return [(t.cfg.priority, room_of(t, now)) for t in most_important_first]


def _room_below(rooms: list[tuple[int, float]], priority: int) -> float:
    """What the loads less important than `priority` could free together (an upper bound)."""
    return sum(w for p, w in rooms if p > priority) + _BOUND_SLACK_W


def _swap_in(
    most_important_first: list[LoadTrack],
    track: LoadTrack,
    planned: list[Step],
    now: float,
    *,
    deficit_w: float,
    room_w: float,
    reason: Reason,
    power_w: float,
    pause_deficit_w: float | None,
) -> list[Step]:
    """Steps that make room for `track` and switch it on, or none."""
    making_room = make_room(
        most_important_first, track, deficit_w, now, planned, pause_deficit_w=pause_deficit_w
    )
    if not making_room:
        return []
    freed = -sum(s.action.expected_delta_w for s in making_room)
    step = _switch_on(track, room_w + freed, reason, power_w)
    return [*making_room, step] if step is not None else []


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


def _margin(
    track: LoadTrack, margin_w: float, calm_margin_w: float, room_w: float, now: float
) -> float:
    """Room a charger leaves free when turned up (plan.py).

    The learned step margin; the larger calm margin with a plan on track (waiting costs it
    nothing); with a plan at risk, only what the plan can spare (`risk_margin_w`).
    """
    if track.plan_at_risk:
        return risk_margin_w(track, margin_w, room_w, now)
    if track.has_plan():
        return max(margin_w, calm_margin_w)
    return margin_w
