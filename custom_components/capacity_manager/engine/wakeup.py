"""When could a step with unchanged inputs decide something new?

With the same site power and the same load states, a step can only decide differently once a
timer runs out: a command's verification, the restore hold-off and interval, a load's min on /
min off / max off time or restore patience, an override or retry window, a forced shed. The
earliest of these is the controller's wake-up time; until then an unchanged sample is a no-op and
may be skipped (the simulator relies on this; results stay identical).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .models import Timing
from .restore_rules import min_off_s
from .tracking import Held, LoadTrack

_NEVER = -math.inf  # a timer that does not run (never after `now`)


def next_wake(
    now: float,
    tracks: Iterable[LoadTrack],
    timing: Timing,
    *,
    below_since: float | None,
    last_switch_on: float,
    in_flight_since: Iterable[float],
) -> float:
    """The earliest time after `now` at which some timer changes what a step may do."""
    # A running minimum over the timers later than `now` (runs on every idle step: no lists).
    wake = math.inf
    verify_s = timing.verify_s
    for issued in in_flight_since:
        t = issued + verify_s
        if now < t < wake:
            wake = t
    any_held = False
    for track in tracks:
        cfg = track.cfg
        cmd = (
            track.cmd_at + verify_s if track.cmd_at is not None and not track.confirmed else _NEVER
        )
        forced = track.forced_until if track.forced_until is not None else _NEVER
        min_on = track.on_since + cfg.min_on_s if cfg.min_on_s else _NEVER
        for t in (cmd, track.override_until, track.ineffective_until, forced, min_on):
            if now < t < wake:
                wake = t
        if track.held is not Held.NONE:
            any_held = True
            wake = min(wake, _held_wake(now, track, timing))
    if any_held:
        t = last_switch_on + timing.restore_interval_s
        if now < t < wake:
            wake = t
        if below_since is not None:
            t = below_since + timing.restore_holdoff_s
            if now < t < wake:
                wake = t
    return wake


def _held_wake(now: float, track: LoadTrack, timing: Timing) -> float:
    """The earliest timer after `now` of a load we hold (inf: none)."""
    if track.held is Held.MODULATED:
        t = track.last_up_at + timing.modulate_interval_s
        return t if t > now else math.inf
    wake = math.inf
    t = track.off_since + min_off_s(track)
    if t > now:
        wake = t
    held_since = track.held_since
    if held_since is not None:
        t = held_since + timing.restore_patience_s
        if now < t < wake:
            wake = t
        max_off = track.cfg.max_off_s
        if max_off:
            t = held_since + max_off
            if now < t < wake:
                wake = t
    return wake
