"""Absorbers for export control (export.py decides when, this module how much).

Switched on or turned up to use power that would be exported above the export limit, and down
or off again by what the site imports.
"""

from __future__ import annotations

import math

from .export_steps import (
    EPS,
    binding,
    command_step,
    free_setpoint,
    min_on_done,
    release_step,
    since_change,
    usable,
)
from .ladder import Step, floor_to_step
from .models import ActionKind, Reason, Timing
from .tracking import Held, LoadTrack


def absorb(
    most_important_first: list[LoadTrack],
    site_w: float,
    ceiling_w: float,
    now: float,
    timing: Timing,
    *,
    allow_switch_on: bool,
    phase_room_w: dict[int, float] | None = None,
) -> list[Step]:
    """Turn absorbers up or on while the site stays at or below `ceiling_w` (and exporting).

    `phase_room_w`: per phase, what it may still take under its restore current (W): an
    absorber on a phase the house already loads stays off there, or it would be shed by the
    next step's phase overload, and switched on again by the next surplus, over and over.
    """
    steps: list[Step] = []
    switched_on = not allow_switch_on
    for track in most_important_first:
        cfg = track.cfg
        if (
            not cfg.absorb_export
            or track.held not in (Held.NONE, Held.ABSORB)
            or not usable(track, now)
        ):
            continue
        room = ceiling_w - site_w
        if room <= EPS:
            break
        room = min(room, _phase_fit(cfg.phases, phase_room_w))
        state = track.state
        if cfg.is_modulated:
            current = state.setpoint
            if (
                current is None
                or not state.is_on
                or since_change(track, now) < timing.modulate_interval_s
                or not binding(track)  # it does not take what it is offered (battery full)
            ):
                continue
            goal = min(
                cfg.max_setpoint,
                floor_to_step(current + room / cfg.setpoint_unit_w, cfg.setpoint_step),
            )
            if goal <= current + EPS:
                continue
            delta = cfg.power_at(goal - current)
            steps.append(
                command_step(
                    track, ActionKind.MODULATE, Reason.EXPORT_ABSORB, goal, delta, Held.ABSORB
                )
            )
            site_w += delta
            _take(cfg.phases, delta, phase_room_w)
        elif not switched_on and not state.is_on and track.held is Held.NONE:
            power = track.estimator.expected_w
            # Off for a hold-off at least: one whose turn-on did not pay (the sun was not there
            # after all) is not cycled every restore interval.
            rest = max(cfg.min_off_s, timing.restore_holdoff_s)
            if power <= EPS or power > room or now - track.off_since < rest:
                continue
            steps.append(
                command_step(
                    track, ActionKind.RESTORE, Reason.EXPORT_ABSORB, None, power, Held.ABSORB
                )
            )
            site_w += power
            _take(cfg.phases, power, phase_room_w)
            switched_on = True
    return steps


def absorbers_down(tracks: list[LoadTrack], import_w: float, now: float) -> list[Step]:
    """Importing with no generation held back: our absorbers down or off, least important first."""
    steps: list[Step] = []
    for track in reversed(tracks):
        if import_w <= EPS:
            break
        if track.held is not Held.ABSORB or not usable(track, now):
            continue
        cfg = track.cfg
        current = track.state.setpoint
        if cfg.is_modulated and current is not None:
            free = free_setpoint(track)
            goal = max(
                free,
                floor_to_step(current - import_w / cfg.setpoint_unit_w, cfg.setpoint_step),
            )
            if goal >= current - EPS:
                continue
            freed = track.current_power() - track.power_after_cut(goal)
            released = goal <= free + EPS
            steps.append(
                command_step(
                    track,
                    ActionKind.MODULATE,
                    Reason.EXPORT_RELEASE,
                    goal,
                    -max(0.0, freed),
                    Held.NONE if released else Held.ABSORB,
                )
            )
            import_w -= max(0.0, freed)
        elif min_on_done(track, now):
            step = release_step(track, Reason.EXPORT_RELEASE)
            steps.append(step)
            import_w += step.action.expected_delta_w
    return steps


def _phase_fit(phases: tuple[int, ...], phase_room_w: dict[int, float] | None) -> float:
    """The most a load on `phases` may add (spread evenly over them) within their room."""
    if phase_room_w is None:
        return math.inf
    return min(phase_room_w.get(p, math.inf) for p in phases) * len(phases)


def _take(phases: tuple[int, ...], delta_w: float, phase_room_w: dict[int, float] | None) -> None:
    if phase_room_w is not None:
        for phase in phases:
            phase_room_w[phase] = phase_room_w.get(phase, math.inf) - delta_w / len(phases)
