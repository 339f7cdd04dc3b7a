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
from .tracking import Held, LoadTrack


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
    times: list[float] = [t + timing.verify_s for t in in_flight_since]
    any_held = False
    for track in tracks:
        cfg = track.cfg
        if track.cmd_at is not None and not track.confirmed:
            times.append(track.cmd_at + timing.verify_s)
        times.extend((track.override_until, track.ineffective_until))
        if track.forced_until is not None:
            times.append(track.forced_until)
        if cfg.min_on_s:
            times.append(track.on_since + cfg.min_on_s)
        if track.held is Held.NONE:
            continue
        any_held = True
        if track.held is Held.MODULATED:
            times.append(track.last_up_at + timing.modulate_interval_s)
            continue
        times.append(track.off_since + cfg.min_off_s)
        if track.held_since is not None:
            times.append(track.held_since + timing.restore_patience_s)
            if cfg.max_off_s:
                times.append(track.held_since + cfg.max_off_s)
    if any_held:
        times.append(last_switch_on + timing.restore_interval_s)
        if below_since is not None:
            times.append(below_since + timing.restore_holdoff_s)
    return min((t for t in times if t > now), default=math.inf)
