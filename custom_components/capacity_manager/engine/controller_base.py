"""State of the controller and the commands it takes from outside (services, UI, glue).

`ControllerBase` holds what the controller remembers between steps and everything that is not
the step itself: modes, limits set from outside, reconfiguration, on-demand shed and restore,
user overrides, actuator failures and the memory kept across restarts. `controller.py` adds the
step.
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping, Sequence
from typing import Any

from .calm import RecentPeak
from .export import ExportControl, release_step
from .inflight import InFlightLedger, phase_room_w
from .ladder import Step
from .limits import LimitState, LimitTracker
from .margin import StepMargin, draws_on_offer
from .memory import export_track, import_track
from .models import ActionKind, LoadConfig, Mode, Reason, SiteConfig
from .plan import make_room_for_plans, ranked
from .reporting import build_snapshot
from .results import Action, Notice, Snapshot
from .tracking import Held, LoadTrack


class ControllerBase:
    """What the controller remembers, and the commands it takes from outside."""

    def __init__(
        self, site: SiteConfig, loads: Sequence[LoadConfig], *, mode: Mode = Mode.ACTIVE
    ) -> None:
        """Nothing is held at start; the stale timer starts at the first step."""
        self.site = site
        self.limits = LimitTracker(site.limits)
        self._tracks: dict[str, LoadTrack] = {}
        self._mode = mode
        self.update_loads(loads)
        self._site_w: float | None = None
        self._last_valid: float | None = None
        self._first_step: float | None = None
        self._below_since: float | None = None
        self._calm = RecentPeak()  # site power since (at most a hold-off before) now
        self._margin = StepMargin()  # room kept free for the home's own rises (margin.py)
        self._export = ExportControl()
        self._last_switch_on = -math.inf
        self._in_flight = InFlightLedger()
        self._wake_at = -math.inf  # see skippable()
        self._release_queue: list[str] = []
        self._failsafe = False
        self._overload = False
        self._limit_w = site.limits.panel_limit_w
        self._limit_state: LimitState | None = None
        self._phase_currents: tuple[float, ...] | None = None
        self._now = 0.0

    # -- configuration --------------------------------------------------------------------

    @property
    def mode(self) -> Mode:
        """Current mode."""
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        """Change mode; leaving active gives back what we hold, staggered."""
        self._wake_at = -math.inf  # every call below changes what the next step decides
        if mode is not Mode.ACTIVE and self._mode is Mode.ACTIVE:
            self.restore_all()
        self._mode = mode

    def set_limit_override(self, watts: float | None) -> None:
        """A user's limit (tighter than the panel only); None clears it."""
        self._wake_at = -math.inf
        self.limits.override_w = watts if watts is not None and watts > 0 else None

    def set_grid_limits(self, import_w: float | None, export_w: float | None) -> None:
        """Limits sent by the grid (None: no grid limit; NaN or inf count as none)."""
        self._wake_at = -math.inf
        self.limits.grid_import_w = (
            import_w if import_w is None or math.isfinite(import_w) else None
        )
        self.limits.grid_export_w = (
            export_w if export_w is None or math.isfinite(export_w) else None
        )

    def update_loads(self, loads: Sequence[LoadConfig]) -> None:
        """Replace load configs; tracks of loads that stay keep their state."""
        self._wake_at = -math.inf
        tracks: dict[str, LoadTrack] = {}
        for cfg in loads:
            track = self._tracks.get(cfg.load_id)
            if track is None:
                track = LoadTrack(cfg)
            else:
                track.user_cfg = cfg
                track.cfg = ranked(cfg, at_risk=track.plan_at_risk)
                track.estimator.rated_w = cfg.rated_power_w
            tracks[cfg.load_id] = track
        self._tracks = tracks
        self._order()

    def _order(self) -> None:
        """The orders the ladder, restores and reports walk (after a change of priorities)."""
        tracks = self._tracks
        ordered = sorted(tracks.values(), key=lambda t: (t.cfg.priority, t.cfg.load_id))
        self._ordered = ordered  # every load: reporting and giving back
        self._refresh_export_loads()
        # The ladder's loads: turning a generator down raises site power (export.py's alone).
        consumers = [t for t in ordered if not t.cfg.is_generation]
        self._most_important_first = consumers
        self._on_offer = draws_on_offer(tracks.values())  # margin.py: not the house's own draw
        self._least_important_first = sorted(
            consumers, key=lambda t: -t.cfg.priority
        )  # stable: equal priorities keep a fixed order, the ladder sorts ties by power

    def restore_all(self) -> None:
        """Queue every held load for release (one per step)."""
        self._wake_at = -math.inf
        for track in self._ordered:
            track.forced_until = None
            if track.held is not Held.NONE and track.cfg.load_id not in self._release_queue:
                self._release_queue.append(track.cfg.load_id)

    def shed_load(self, load_id: str, now: float, until: float | None = None) -> None:
        """Hold a load off on demand (a service call); it is shed at the next step."""
        self._wake_at = -math.inf
        track = self._tracks[load_id]
        track.forced_until = math.inf if until is None else until

    def note_override(self, load_id: str, now: float) -> Notice | None:
        """The user changed a load (seen by the glue through the change's context)."""
        self._wake_at = -math.inf
        track = self._tracks.get(load_id)
        if track is None or track.cfg.never_shed:
            return None
        return track.note_override(now, self.site.timing)

    def report_failure(self, load_id: str, now: float) -> None:
        """An actuator failed: the load is skipped for a while and its credit dropped."""
        self._wake_at = -math.inf
        track = self._tracks.get(load_id)
        if track is None:
            return
        self._in_flight.drop(load_id)
        track.ineffective_until = now + self.site.timing.ineffective_retry_s
        track.cmd_at = None
        track.confirmed = True
        raising = (track.cmd_setpoint or 0.0) > (track.state.setpoint or 0.0)
        if track.held is not Held.NONE and track.state.is_on and not raising:
            track.cut_failed()  # it keeps running as it was
        else:
            track.retake()  # a failed give-back: hold it again so it is retried later

    def release_actions(self, load_ids: Container[str] | None = None) -> list[Action]:
        """Actions that give back everything we hold (or the loads `load_ids`); caller staggers."""
        self._wake_at = -math.inf
        held = [t for t in self._held_tracks() if load_ids is None or t.cfg.load_id in load_ids]
        actions = [self._release(track, Reason.MANUAL).action for track in held]
        for track in held:
            track.release()
        return actions

    # -- memory across restarts -------------------------------------------------------------

    def export_state(self) -> dict[str, Any]:
        """What we hold, learned powers and limit memory (JSON-safe)."""
        return {
            "version": 1,
            "loads": {tid: export_track(t) for tid, t in self._tracks.items()},
            "limits": self.limits.export_state(),
        }

    def import_state(self, data: object, now: float) -> None:
        """Load memory saved by `export_state`; unknown loads and bad values are ignored."""
        self._wake_at = -math.inf
        if not isinstance(data, Mapping) or data.get("version") != 1:
            return
        limits = data.get("limits")
        if isinstance(limits, dict):
            self.limits.import_state(limits)
        loads = data.get("loads")
        if not isinstance(loads, Mapping):
            return
        for load_id, saved in loads.items():
            track = self._tracks.get(load_id)
            if track is None or not isinstance(saved, Mapping):
                continue
            import_track(track, saved, now)
        self._refresh_export_loads()

    def _refresh_export_loads(self) -> None:
        """Does export control (export.py) have anything to do with our loads?

        Only generators and absorbers take part (and a load still held absorbing from before a
        reconfiguration or restart): without any, export control is skipped unless an export
        limit is set, saving its work on every step.
        """
        self._export_loads = any(
            t.cfg.is_generation or t.cfg.absorb_export or t.held is Held.ABSORB
            for t in self._ordered
        )

    def _room_for_plans(
        self, now: float, site_w: float, restore_w: float, planned: list[Step]
    ) -> list[Step]:
        """In an overload, room for a plan at risk too: as much as a higher limit would make.

        Without it a tighter limit would shed less in this step than a looser one, whose
        step (no overload) makes room for the plan at once (plan.py).
        """
        if not any(t.plan_at_risk for t in self._on_offer):
            return []
        after = site_w + sum(s.action.expected_delta_w for s in planned)
        chargers = self._on_offer
        return make_room_for_plans(
            self._most_important_first, chargers, restore_w - after, now, planned
        )

    def _release(self, track: LoadTrack, reason: Reason) -> Step:
        cfg = track.cfg
        if cfg.is_generation or track.held is Held.ABSORB:
            return release_step(track, reason)
        setpoint = None
        if cfg.is_modulated:
            setpoint = track.free_setpoint if track.free_setpoint is not None else cfg.max_setpoint
        delta = cfg.power_at(setpoint) if setpoint is not None else track.estimator.expected_w
        action = Action(
            load_id=cfg.load_id,
            kind=ActionKind.RESTORE,
            reason=reason,
            setpoint=setpoint,
            old_setpoint=track.state.setpoint,
            expected_delta_w=delta - track.current_power(),
        )
        return Step(track, action, Held.NONE)

    def _plan_export(
        self, now: float, site_w: float, limits: LimitState, plan: list[Step]
    ) -> list[Step]:
        """Export limit decisions (export.py) after this step's restores and reserve caps."""
        if not self._export_loads and limits.export_limit_w is None:
            self._export.clear()  # what export.plan would do, with nothing else to decide
            return []
        timing = self.site.timing
        switched_on = any(
            s.action.kind is ActionKind.RESTORE and not s.track.state.is_on for s in plan
        )
        return self._export.plan(
            ladder(self._ordered, plan, keep=True),
            site_w,
            limits.export_limit_w,
            now=now,
            restore_w=limits.effective_w * self.site.thresholds.restore,
            thresholds=self.site.thresholds,
            timing=timing,
            allow_switch_on=not switched_on
            and now - self._last_switch_on >= timing.restore_interval_s,
            phase_room_w=phase_room_w(
                self._phase_currents, self.site, self._in_flight.flights, self._tracks, plan
            ),
        )

    def _held_tracks(self) -> list[LoadTrack]:
        return [t for t in self._ordered if t.held is not Held.NONE]

    def _snapshot(self) -> Snapshot:
        return build_snapshot(self)

    def snapshot(self) -> Snapshot:
        """The current view without stepping."""
        return build_snapshot(self)


def ladder(
    tracks: list[LoadTrack], plan: list[Step], *, keep: bool = False, absorbing: bool = True
) -> list[LoadTrack]:
    """`tracks` not in `plan`; without `keep`, also not absorbing export for us (export.py's).

    `absorbing=False` says no track can be held absorbing: with an empty plan, `tracks` itself
    is returned (not copied; callers only read it).
    """
    if not plan and (keep or not absorbing):
        return tracks
    planned = {id(s.track) for s in plan}
    return [t for t in tracks if id(t) not in planned and (keep or t.held is not Held.ABSORB)]
