"""The commands of export control (export.py decides when; this module how much).

Generators are raised by what the site may export more (to their free setpoint when the sun,
not the limit, holds them back) and curtailed by what it exports too much. Absorbers are in
export_absorb.py.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from .ladder import Step, floor_to_step
from .models import ActionKind, Reason, Timing
from .results import Action
from .tracking import Held, LoadTrack

EPS = 1e-6
BAND_W = 50.0  # least distance between the export bands (a zero-export limit)
IMPORT_W = 2 * BAND_W  # import above this is "importing" (below: meter noise)
MARGIN_W = 2 * BAND_W  # an absorber turned on must leave the site exporting this much


def production(track: LoadTrack, export_w: float = math.inf) -> float:
    """What a generator produces now: its meter, else its limit (at most `export_w`).

    Without a meter all we know is that it makes at most its limit and, when it is the only
    generator, at least the export (the house draws something).
    """
    state = track.state
    if state.power_w is not None:
        return abs(state.power_w)  # inverters' own sensors read production either way round
    setpoint = state.setpoint if state.setpoint is not None else track.cfg.max_setpoint
    return min(track.cfg.power_at(setpoint), max(0.0, export_w))


def _slack_w(track: LoadTrack) -> float:
    cfg = track.cfg
    return max(2 * BAND_W, cfg.setpoint_step * cfg.setpoint_unit_w)


def binding(track: LoadTrack) -> bool:
    """Its setpoint holds it back (or we cannot tell): it draws/produces about what is allowed."""
    state = track.state
    if state.power_w is None or state.setpoint is None:
        return True
    drawn = abs(state.power_w) if track.cfg.is_generation else state.power_w
    return drawn >= track.cfg.power_at(state.setpoint) - _slack_w(track)


def free_setpoint(track: LoadTrack) -> float:
    """The setpoint a load goes back to when we let it go (its own, else its max)."""
    return track.free_setpoint if track.free_setpoint is not None else track.cfg.max_setpoint


def since_change(track: LoadTrack, now: float) -> float:
    """Seconds since our last command to the load (inf: none remembered)."""
    return math.inf if track.cmd_at is None else now - track.cmd_at


def command_step(
    track: LoadTrack, kind: ActionKind, reason: Reason, goal: float | None, delta: float, held: Held
) -> Step:
    """One export control command and the hold it leaves the load in."""
    return Step(
        track,
        Action(
            load_id=track.cfg.load_id,
            kind=kind,
            reason=reason,
            setpoint=goal,
            old_setpoint=track.state.setpoint,
            expected_delta_w=delta,
        ),
        held,
    )


def release_step(track: LoadTrack, reason: Reason) -> Step:
    """Give back a load we hold for export: a generator to its free setpoint, an absorber off.

    A raised generator is not counted on to lower site power (the sun may be gone), so its
    expected change is 0; an absorber going off frees what it draws.
    """
    cfg = track.cfg
    if cfg.is_generation:
        return command_step(track, ActionKind.RESTORE, reason, free_setpoint(track), 0.0, Held.NONE)
    if cfg.is_modulated:
        goal = free_setpoint(track)
        setpoint = track.state.setpoint
        delta = 0.0 if setpoint is None else track.power_after_cut(goal) - track.current_power()
        return command_step(track, ActionKind.MODULATE, reason, goal, min(0.0, delta), Held.NONE)
    return command_step(track, ActionKind.SHED, reason, None, -track.current_power(), Held.NONE)


def usable(track: LoadTrack, now: float) -> bool:
    """Controllable, and no command of ours still awaited (no stacking on a slow device)."""
    return track.controllable(now) and (track.cmd_at is None or track.confirmed)


def min_on_done(track: LoadTrack, now: float) -> bool:
    """A switched load's minimum on time is over (modulated ones are only turned down)."""
    min_on = track.cfg.min_on_s
    return track.cfg.is_modulated or not min_on or now - track.on_since >= min_on


def forget_lost_absorbers(tracks: list[LoadTrack]) -> None:
    """An absorber we hold that is off with no command awaited (a failed turn-on) is not ours."""
    for track in tracks:
        if (
            track.held is Held.ABSORB
            and track.state.available
            and not track.state.is_on
            and (track.cmd_at is None or track.confirmed)
        ):
            track.release()


def raise_generation(
    curtailed: list[LoadTrack], room_w: float, now: float, timing: Timing, *, importing: bool
) -> list[Step]:
    """Raise curtailed generators by `room_w` (to their free setpoint when not held back).

    Importing: at once after a curtailment; otherwise one change per modulate interval.
    """
    steps: list[Step] = []
    for track in curtailed:
        lowered_last = track.reason is Reason.EXPORT_CURTAIL
        if since_change(track, now) < timing.modulate_interval_s and not (
            importing and lowered_last
        ):
            continue
        cfg = track.cfg
        free = free_setpoint(track)
        current = track.state.setpoint
        if current is None or not binding(track):
            goal = free  # the sun, not the limit, holds it back: nothing to lose
        elif room_w <= EPS:
            continue
        else:
            gain = room_w
            # At least one step: a coarse limit (500 W steps) must not stay stuck for good.
            wanted = floor_to_step(current + gain / cfg.setpoint_unit_w, cfg.setpoint_step)
            goal = min(free, max(current + cfg.setpoint_step, wanted))
            if goal <= current + EPS:
                continue
            room_w -= cfg.power_at(goal - current)
        released = goal >= free - EPS
        steps.append(
            command_step(
                track,
                ActionKind.RESTORE if released else ActionKind.MODULATE,
                Reason.EXPORT_RELEASE,
                goal,
                0.0,
                Held.NONE if released else Held.MODULATED,
            )
        )
    return steps


def curtail(
    least_important_first: list[LoadTrack],
    need_w: float,
    now: float,
    timing: Timing,
    stalled: Collection[str] = (),
) -> list[Step]:
    """Lower generators' limits until `need_w` less is produced.

    Without a meter the limit is cut from where it is; if the sun is below it the cut shows
    nothing (the load is in `stalled`), so the next cut at least doubles what is held back.
    """
    steps: list[Step] = []
    for track in least_important_first:
        if need_w <= EPS:
            break
        cfg = track.cfg
        current = track.state.setpoint
        if (
            current is None
            or not track.state.is_on
            or not usable(track, now)
            or since_change(track, now) < timing.modulate_interval_s
        ):
            continue
        produced = production(track)
        cut = need_w
        metered = track.state.power_w is not None
        if not metered and track.cfg.load_id in stalled:
            cut = max(cut, cfg.power_at(cfg.max_setpoint - current))
        cut = min(cut, produced - cfg.power_at(cfg.min_setpoint))
        if cut <= EPS:
            continue
        goal = max(
            cfg.min_setpoint,
            floor_to_step((produced - cut) / cfg.setpoint_unit_w, cfg.setpoint_step),
        )
        if goal >= current - EPS:
            continue
        # Unmetered: what it frees is unknown; counting it would hold the next cut for verify_s.
        freed = max(0.0, produced - cfg.power_at(goal)) if metered else 0.0
        steps.append(
            command_step(
                track, ActionKind.MODULATE, Reason.EXPORT_CURTAIL, goal, freed, Held.MODULATED
            )
        )
        need_w -= freed
    return steps
