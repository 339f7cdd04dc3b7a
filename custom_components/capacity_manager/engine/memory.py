"""Restoring the controller's memory of one load after a restart (validated field by field)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .models import Reason
from .tracking import Held, LoadTrack


def import_track(track: LoadTrack, saved: Mapping[str, Any], now: float) -> None:
    """Load what `LoadTrack.export` saved; anything malformed leaves the load unheld."""
    held = saved.get("held")
    if held not in (Held.MODULATED, Held.SHED, Held.ABSORB) or track.cfg.never_shed:
        return
    reason = saved.get("reason")
    try:
        track.held = Held(held)
        track.reason = Reason(reason) if reason else Reason.OVER_LIMIT
    except ValueError:
        track.release()
        return
    since = saved.get("held_since")
    track.held_since = float(since) if isinstance(since, (int, float)) else now
    free = saved.get("free_setpoint")
    track.free_setpoint = float(free) if isinstance(free, (int, float)) else None
    forced = saved.get("forced_until")
    track.forced_until = (
        math.inf if forced == "inf" else forced if isinstance(forced, (int, float)) else None
    )
    # Treat the hold as a confirmed command so a user's change after restart is an override.
    track.cmd_on = held != Held.SHED
    # A turned-down load is checked against the setpoint we commanded (unknown: on/off only).
    commanded = saved.get("cmd_setpoint")
    track.cmd_setpoint = (
        float(commanded)
        if held in (Held.MODULATED, Held.ABSORB) and isinstance(commanded, (int, float))
        else None
    )
    track.cmd_at = now
    track.confirmed = True
    estimator = saved.get("estimator")
    if isinstance(estimator, dict):
        track.estimator.restore(estimator)
