"""Failsafe: what to do with loads while site power is unknown.

Without a trustworthy meter reading we cannot know the headroom, so each load follows its own
policy: modulated loads drop to their fallback setpoint (or minimum, or pause), switched loads
are switched off when their policy says so, but not inside their min on time or a running
cycle they must not interrupt (a dryer's program): those follow once they may. Nothing is
restored until fresh data arrives.
"""

from __future__ import annotations

from .ladder import Step, may_switch_off
from .models import ActionKind, FailsafePolicy, Reason
from .results import Action
from .tracking import Held, LoadTrack


def plan_failsafe(tracks: list[LoadTrack], now: float) -> list[Step]:
    """Commands that bring every load to its failsafe state (idempotent across steps)."""
    steps: list[Step] = []
    for track in tracks:
        cfg = track.cfg
        state = track.state
        if (
            cfg.failsafe_policy is not FailsafePolicy.SHED
            or not track.controllable(now)
            or not state.is_on
            or track.held is Held.SHED
            or (track.cmd_at is not None and not track.confirmed)
        ):
            continue
        if cfg.is_modulated:
            fallback = cfg.failsafe_setpoint
            if fallback is None and not cfg.can_pause:
                fallback = cfg.min_setpoint
            if fallback is not None:
                current = state.setpoint
                if current is None or current <= fallback + 1e-6:
                    continue
                steps.append(
                    Step(
                        track,
                        Action(
                            load_id=cfg.load_id,
                            kind=ActionKind.MODULATE,
                            reason=Reason.FAILSAFE,
                            setpoint=fallback,
                            old_setpoint=current,
                            expected_delta_w=track.power_after_cut(fallback)
                            - track.current_power(),
                        ),
                        Held.MODULATED,
                    )
                )
                continue
        if not may_switch_off(track, now):
            continue  # its min on time or a running cycle it must not interrupt (ladder.py)
        steps.append(
            Step(
                track,
                Action(
                    load_id=cfg.load_id,
                    kind=ActionKind.SHED,
                    reason=Reason.FAILSAFE,
                    old_setpoint=state.setpoint,
                    expected_delta_w=-track.current_power(),
                ),
                Held.SHED,
            )
        )
    return steps
