"""The controller's memory of one load across a restart: saved, and restored field by field."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeGuard

from .models import Reason
from .readings import settable
from .tracking import Held, LoadTrack


def export_track(track: LoadTrack) -> dict[str, object]:
    """JSON-safe memory of our intent for a restart (`import_track` reads it back)."""
    held, reason, held_since, free = track.held, track.reason, track.held_since, track.free_setpoint
    # The setpoint it runs at by our doing: a command that failed or had no effect (no
    # longer awaited) did not change it, and must not look like a user's change later.
    commanded = track.cmd_setpoint if track.cmd_at is not None else track.state.setpoint
    if held is Held.NONE and track.given_back is not None and not track.confirmed:
        # A give-back not seen to take yet (lost in a restart, or ignored): still ours, so
        # it is given back again after the restart instead of being left off for good.
        held, reason, held_since, free = track.given_back
        commanded = track.state.setpoint
    return {
        "held": int(held),
        "reason": reason.value if reason else None,
        "held_since": held_since,
        "free_setpoint": free,
        # The setpoint we last commanded: after a restart a turned-down load is compared
        # with it, not with its free setpoint (which would look like a user's override).
        "cmd_setpoint": commanded if held in (Held.MODULATED, Held.ABSORB) else None,
        "forced_until": track.forced_until if track.forced_until != math.inf else "inf",
        "estimator": track.estimator.export(),
    }


def import_track(track: LoadTrack, saved: Mapping[str, Any], now: float) -> None:
    """Load what `export_track` saved; anything malformed leaves the load unheld."""
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
    track.held_since = float(since) if _finite_number(since) else now
    free = saved.get("free_setpoint")
    # What we give back must be a setpoint the device may take (readings.py), not a NaN.
    track.free_setpoint = (
        settable(track.cfg, float(free))
        if _finite_number(free) and track.cfg.is_modulated
        else None
    )
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
        if held in (Held.MODULATED, Held.ABSORB) and _finite_number(commanded)
        else None
    )
    track.cmd_at = now
    track.confirmed = True
    estimator = saved.get("estimator")
    if isinstance(estimator, dict):
        track.estimator.restore(estimator)


def _finite_number(value: object) -> TypeGuard[float]:
    """A real, finite number (stored JSON may hold NaN or inf, and bool is an int)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
