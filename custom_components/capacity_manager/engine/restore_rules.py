"""May a shed load come back yet? Availability, overrides, don't-auto-restore and off times.

Apart from `restore.py` (what comes back and how much) because the wake-up timers (wakeup.py)
need the same off times to know when a skipped sample could change a decision.
"""

from __future__ import annotations

from .models import EV_MIN_OFF_S, Reason
from .tracking import Held, LoadTrack

SWAP_MIN_OFF_S = EV_MIN_OFF_S  # the guard time chargers get after a pause
# Off at least this long after a short cycle (tracking.py), doubling with each one in a row.
SHORT_CYCLE_BACKOFF_S = 300.0
SHORT_CYCLE_BACKOFF_MAX_S = 1800.0


def may_restore(track: LoadTrack, now: float, *, auto_only: bool = True) -> bool:
    """Not blocked by availability, a forced shed, don't-auto-restore or min off time.

    `auto_only=False`: don't-auto-restore does not block (a load past its max off time).
    """
    cfg = track.cfg
    if not track.state.available or now < track.ineffective_until:
        return False
    if track.forced_until is not None and now < track.forced_until:
        return False
    if track.held is Held.SHED:
        if auto_only and not cfg.auto_restore:
            return False
        if now - track.off_since < min_off_s(track):
            return False
    return True


def min_off_s(track: LoadTrack) -> float:
    """How long a shed load stays off at least.

    Paused to make room for a more important load, at least `SWAP_MIN_OFF_S`: the load that
    came back in its place is given time to show what it really draws (it came back at its
    typical power), so the paused one does not return into room that is about to be taken.
    """
    base = track.cfg.min_off_s
    if track.short_cycles and not track.cfg.is_modulated:
        backoff = SHORT_CYCLE_BACKOFF_S * 2 ** (track.short_cycles - 1)
        base = max(base, min(backoff, SHORT_CYCLE_BACKOFF_MAX_S))
    if track.reason is Reason.PRIORITY:
        return max(base, SWAP_MIN_OFF_S)
    return base
