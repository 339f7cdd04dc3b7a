"""What the controller remembers about each load between steps.

`LoadTrack` holds the controller's own intent (held or not, and why), the last command and
whether it was seen to take effect, the user's override window and the on/off history used by
min on / min off times. `observe` folds a new `LoadState` into it and reports overrides and
ineffective commands. What the load draws is its base class's (load_draw.py); what survives a
restart is memory.py's.
"""

from __future__ import annotations

import math
from enum import IntEnum

from .load_draw import LoadDraw
from .models import LoadConfig, LoadState, Reason, Timing
from .readings import finite, settable, without_non_finite
from .results import Notice, NoticeKind

_UNKNOWN_PAST = -math.inf


class Held(IntEnum):
    """How we hold a load away from what it would do on its own."""

    NONE = 0
    MODULATED = 1  # running below its free setpoint
    SHED = 2  # switched off / paused
    ABSORB = 3  # switched on / turned up by us to absorb export (given back by turning off/down)


# A shed this soon after we switched a load back on says its room was not really there: the
# next restore waits longer (restore.py, `min_off_s`), so a relay does not short-cycle.
SHORT_CYCLE_S = 600.0


class LoadTrack(LoadDraw):
    """Runtime record of one load."""

    __slots__ = (
        "cmd_at",
        "cmd_on",
        "cmd_setpoint",
        "confirmed",
        "forced_until",
        "free_setpoint",
        "given_back",
        "held",
        "held_since",
        "ineffective_until",
        "last_up_at",
        "off_since",
        "on_since",
        "override_until",
        "plan_at_risk",
        "reason",
        "restored_at",
        "shed_power_w",
        "short_cycles",
        "user_cfg",
    )

    def __init__(self, cfg: LoadConfig) -> None:
        """Nothing known yet: treated as unavailable until a state arrives."""
        super().__init__(cfg)
        self.user_cfg = cfg  # as configured; `cfg` may rank it higher for its plan (plan.py)
        self.plan_at_risk = False
        self.held = Held.NONE
        self.shed_power_w = 0.0
        self.reason: Reason | None = None
        self.held_since: float | None = None
        self.free_setpoint: float | None = None
        # What we held until the last give-back, kept until that command is seen to take.
        self.given_back: tuple[Held, Reason | None, float | None, float | None] | None = None
        self.cmd_on: bool | None = None
        self.cmd_setpoint: float | None = None
        self.cmd_at: float | None = None
        self.confirmed = True
        self.override_until = _UNKNOWN_PAST
        self.ineffective_until = _UNKNOWN_PAST
        self.forced_until: float | None = None
        self.on_since = _UNKNOWN_PAST
        self.off_since = _UNKNOWN_PAST
        self.last_up_at = _UNKNOWN_PAST
        self.restored_at = _UNKNOWN_PAST  # when we last switched it back on
        self.short_cycles = 0  # sheds in a row that came soon after our restore

    # -- what switching it on adds -------------------------------------------------------

    def restore_power_w(self, now: float | None = None, patience_s: float = math.inf) -> float:
        """What switching it back on is expected to add.

        The larger of its comeback power (estimation.py; a modulated load resumes at a setpoint
        we choose: its learned power) and what it drew when it was shed. A load that never fits
        that way (an oven bigger than the room the restore threshold ever leaves) would stay
        off forever, so after `patience_s` off its typical running power is what must fit.
        """
        estimator = self.estimator
        learned = estimator.expected_w if self.cfg.is_modulated else estimator.comeback_w
        cautious = max(learned, self.shed_power_w)
        if now is None or self.held_since is None or now - self.held_since < patience_s:
            return cautious
        return min(cautious, self.estimator.typical_w)

    # -- intent ----------------------------------------------------------------------------

    def hold(self, held: Held, reason: Reason, now: float) -> None:
        """Record that we now hold the load (keeps the first time and the free setpoint)."""
        if held is Held.SHED and self.held is not Held.SHED:
            # What it drew when cut is what comes back (a dryer resumes at full power).
            self.shed_power_w = self.current_power()
            soon = now - self.restored_at < SHORT_CYCLE_S
            self.short_cycles = self.short_cycles + 1 if soon else 0
        if self.held is Held.NONE:
            self.held_since = now
            if self.cfg.is_modulated:
                state = self.state
                self.free_setpoint = settable(
                    self.cfg,
                    state.demand_setpoint
                    if state.demand_setpoint is not None
                    else state.setpoint
                    if state.setpoint is not None
                    else self.cfg.max_setpoint,
                )
        self.held = held
        self.reason = reason

    def release(self) -> None:
        """We no longer hold the load."""
        if self.held is not Held.NONE:
            self.given_back = (self.held, self.reason, self.held_since, self.free_setpoint)
        self.held = Held.NONE
        self.reason = None
        self.held_since = None
        self.free_setpoint = None
        self.forced_until = None

    def command(self, now: float, on: bool, setpoint: float | None) -> None:
        """Remember a command so its effect can be verified."""
        self.given_back = None
        self.cmd_on = on
        self.cmd_setpoint = setpoint
        self.cmd_at = now
        self.confirmed = False

    def _matches(self, state: LoadState) -> bool:
        if state.is_on != self.cmd_on:
            return False
        if self.cmd_on and self.cmd_setpoint is not None and state.setpoint is not None:
            return abs(state.setpoint - self.cmd_setpoint) <= self.cfg.setpoint_step / 2
        return True

    # -- observation -------------------------------------------------------------------------

    def observe(self, now: float, state: LoadState, timing: Timing) -> Notice | None:
        """Fold in the latest state; report an override or an ineffective command."""
        previous = self.state
        if state is not previous and not finite(state):  # (the same object: checked already)
            state = without_non_finite(state)
        self.state = state
        if not state.managed and self.held is not Held.NONE:
            # Its Managed switch went off: hands off, so no command gives it back either. It
            # stays as we left it until the user (or an automation) decides.
            self.release()
            self.given_back = None
            self.cmd_at = None
        if state.available:
            # Only a change we saw starts a min on/off time: a load found running at start-up
            # (or back from unavailable) has been on for an unknown time, not since now.
            if state.is_on and not previous.is_on and previous.available:
                self.on_since = now
            elif previous.is_on and not state.is_on and previous.available:
                self.off_since = now
            power = state.power_w
            # Learn from new readings only: a repeated state is not a new sample.
            if (
                state.is_on
                and power is not None
                and power > self.cfg.running_threshold_w
                and (power != previous.power_w or not previous.is_on)
            ):
                self.estimator.observe_running(power)
                if (  # the first readings after our give-back: its comeback power
                    self.cmd_on
                    and self.cmd_at is not None
                    and self.cmd_at <= self.on_since
                    and now - self.on_since <= timing.verify_s
                ):
                    self.estimator.observe_comeback(power)
        if self.cmd_at is None or not state.available:
            return None
        if not self.confirmed:
            late = now - self.cmd_at >= timing.verify_s
            if self._matches(state) and not self._still_drawing(state):
                self.confirmed = True
            elif late and self._matches(state):
                return self._no_drop(now, timing)
            elif late:
                return self._ineffective(now, timing)
            return None
        if self.held is not Held.NONE and not self._matches(state):
            return self._override(now, timing)
        return None

    def _still_drawing(self, state: LoadState) -> bool:
        """Switched off as told, yet its own meter still shows it running."""
        return (
            self.cmd_on is False
            and state.power_w is not None
            and state.power_w > self.cfg.running_threshold_w
        )

    def _no_drop(self, now: float, timing: Timing) -> Notice:
        """Off in Home Assistant but still drawing (a stuck relay, a sensor of another load).

        It stays held (it is off as far as HA knows, and comes back when restored); it is
        skipped for a while, and since it frees nothing the overload sheds the next load.
        """
        self.confirmed = True
        self.cmd_at = None
        self.ineffective_until = now + timing.ineffective_retry_s
        return Notice(
            kind=NoticeKind.INEFFECTIVE,
            load_id=self.cfg.load_id,
            detail="switched off but its power did not drop",
        )

    def _ineffective(self, now: float, timing: Timing) -> Notice:
        self.confirmed = True
        self.cmd_at = None
        self.ineffective_until = now + timing.ineffective_retry_s
        if self.held is not Held.NONE and self.cmd_on is False:
            # The load kept running: it is not shed, whatever we intended.
            self.cut_failed()
        self.retake()
        return Notice(
            kind=NoticeKind.INEFFECTIVE,
            load_id=self.cfg.load_id,
            detail="command had no visible effect",
        )

    def cut_failed(self) -> None:
        """A cut did not take: the load runs as before, so it is held only as far as it was.

        A charger we had already turned down (below its free setpoint) stays ours, so it is
        ramped back up later; dropping it would leave the car at the reduced current for good.
        """
        state = self.state
        free = self.free_setpoint
        if (
            self.cfg.is_modulated
            and free is not None
            and state.setpoint is not None
            and state.setpoint < free - self.cfg.setpoint_step / 2
        ):
            self.held = Held.MODULATED
        else:
            self.release()

    def retake(self) -> None:
        """A give-back did not take: hold the load again, so it is retried, not forgotten.

        Without this a restore lost on the way (relay stuck, network glitch) would leave the
        load off for good, reported as turned off by the user.
        """
        if self.cmd_on and self.held is Held.NONE and self.given_back is not None:
            self.held, self.reason, self.held_since, self.free_setpoint = self.given_back
        elif self.cmd_on and self.held is Held.MODULATED and not self.state.is_on:
            self.held = Held.SHED  # resuming at a reduced offer did not take: still paused
        self.given_back = None

    def _override(self, now: float, timing: Timing) -> Notice:
        self.release()
        self.cmd_at = None
        self.override_until = now + timing.override_s
        return Notice(kind=NoticeKind.OVERRIDE, load_id=self.cfg.load_id, detail="changed by user")

    def note_override(self, now: float, timing: Timing) -> Notice:
        """The glue saw a user's change (by context): hands off for the override window."""
        return self._override(now, timing)

    # -- eligibility -------------------------------------------------------------------------

    def controllable(self, now: float) -> bool:
        """May we command this load at all right now?"""
        return (
            self.state.available
            and self.state.managed
            and not self.cfg.never_shed
            and now >= self.override_until
            and now >= self.ineffective_until
        )
