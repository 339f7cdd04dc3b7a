"""Reserve cap: keep what modulated loads are *offered* within the limit, not only what they draw.

A charger offered 32 A with no car draws nothing, and jumps to 7 kW when a car plugs in. If the
site could not take that jump, the offer is turned down (to the target level) before it happens,
least important first, down to its minimum. This keeps a plug-in or a car waking up from
overloading the panel (at worst by its minimum offer, which the shed ladder then handles).
"""

from __future__ import annotations

from itertools import groupby

from .ladder import Step, floor_to_step, water_level
from .models import ActionKind, Reason
from .results import Action
from .tracking import Held, LoadTrack

_EPS = 1e-6


def plan_reserve(
    least_important_first: list[LoadTrack],
    site_w: float,
    shed_w: float,
    target_w: float,
    now: float,
) -> list[Step]:
    """Turn down offers whose jump to full draw would cross the shed threshold."""
    offered = [
        (t, pot)
        for t in least_important_first
        if (pot := _offered_w(t)) > _EPS and t.controllable(now) and t.held is not Held.SHED
    ]
    if not offered or site_w + sum(p for _, p in offered) <= shed_w:
        return []
    need = site_w + sum(p for _, p in offered) - target_w
    steps: list[Step] = []
    for _priority, group_iter in groupby(offered, key=lambda o: o[0].cfg.priority):
        if need <= _EPS:
            break
        # Its last command not seen yet (the entity updates after the steps its own change
        # triggers): counted at that offer, not sent again.
        group = [t for t, _ in group_iter if t.cmd_at is None or t.confirmed]
        if not group:
            continue
        # Equal priorities are capped to a common offer (two idle chargers end equal).
        offers = [t.cfg.power_at(t.state.setpoint or 0.0) for t in group]
        floors = [max(t.cfg.power_at(t.cfg.min_setpoint), t.current_power()) for t in group]
        reducible = sum(max(0.0, o - f) for o, f in zip(offers, floors, strict=True))
        level = 0.0 if reducible <= need else water_level(offers, floors, need)
        for track, offer, floor in zip(group, offers, floors, strict=True):
            cfg = track.cfg
            setpoint = track.state.setpoint
            assert setpoint is not None
            goal_w = max(level, floor)
            goal = max(
                cfg.min_setpoint, floor_to_step(goal_w / cfg.setpoint_unit_w, cfg.setpoint_step)
            )
            # An idle load is capped at its minimum offer, not paused: pausing would make every
            # plug-in wait for a restore, and pause/resume cycles wear chargers and cars.
            if goal >= setpoint - _EPS:
                continue
            need -= offer - cfg.power_at(goal)
            steps.append(_step(track, ActionKind.MODULATE, goal, setpoint, Held.MODULATED))
    return steps


def _step(
    track: LoadTrack, kind: ActionKind, goal: float | None, setpoint: float, held: Held
) -> Step:
    return Step(
        track,
        Action(
            load_id=track.cfg.load_id,
            kind=kind,
            reason=Reason.RESERVE,
            setpoint=goal,
            old_setpoint=setpoint,
            expected_delta_w=0.0,  # nothing is drawn now: the meter will not move
            detail="offer capped so that a start cannot overload",
        ),
        held,
    )


def _offered_w(track: LoadTrack) -> float:
    """What the load could start drawing: at its commanded offer while that is not seen yet."""
    potential = track.potential_w()
    pending = track.cmd_setpoint
    if potential <= _EPS or track.cmd_at is None or track.confirmed or pending is None:
        return potential
    return max(0.0, min(potential, track.cfg.power_at(pending) - track.current_power()))
