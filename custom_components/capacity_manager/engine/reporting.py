"""Builds the `Snapshot` a step reports (only when someone asks for it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import LimitSource, LoadKind, LoadStatus, Mode, SiteStatus
from .results import LoadSnapshot, Snapshot
from .tracking import Held, LoadTrack

if TYPE_CHECKING:
    from .controller_base import ControllerBase

_SHED = (Held.SHED, Held.MODULATED)  # what the ladder holds (a consumer kept from drawing)


def load_status(track: LoadTrack, now: float) -> LoadStatus:
    """How one load stands, as users see it."""
    if track.cfg.never_shed:
        return LoadStatus.NEVER_SHED
    state = track.state
    if not state.available:
        return LoadStatus.UNAVAILABLE
    if now < track.override_until:
        return LoadStatus.OVERRIDE
    if track.held is Held.SHED:
        return LoadStatus.SHED
    if track.held is Held.MODULATED:
        return LoadStatus.MODULATED
    return LoadStatus.ON if state.is_on else LoadStatus.OFF


def _setpoint_unit(track: LoadTrack) -> str | None:
    cfg = track.cfg
    if not cfg.is_modulated:
        return None
    if cfg.kind is LoadKind.EV or cfg.setpoint_unit_w != 1:
        return "%" if cfg.is_generation else "A"
    return "W"


def build_snapshot(controller: ControllerBase) -> Snapshot:
    """The controller's current view."""
    # The snapshot reads the controller's private state by design: it is its report.
    now = controller._now
    site_w = controller._site_w
    limit_state = controller._limit_state
    thresholds = controller.site.thresholds
    limit = limit_state.effective_w if limit_state else controller.site.limits.panel_limit_w
    tracks = controller._ordered
    loads = tuple(
        LoadSnapshot(
            load_id=t.cfg.load_id,
            name=t.cfg.name,
            priority=t.user_cfg.priority,
            status=load_status(t, now),
            setpoint=t.state.setpoint,
            setpoint_unit=_setpoint_unit(t),
            expected_power_w=t.estimator.expected_w,
            power_w=t.current_power() if t.state.available else None,
            reason=t.reason,
            shed_since=t.held_since,
            generation=t.cfg.is_generation,
            plan_at_risk=t.plan_at_risk,
        )
        for t in tracks
    )
    status = _site_status(controller, tracks, site_w, limit * thresholds.restore)
    export = controller._export
    return Snapshot(
        now=now,
        mode=controller.mode,
        status=status,
        site_power_w=site_w,
        effective_limit_w=limit,
        limit_source=limit_state.source if limit_state else LimitSource.PANEL,
        shed_threshold_w=limit * thresholds.shed,
        target_w=limit * thresholds.target,
        restore_threshold_w=limit * thresholds.restore,
        headroom_w=None if site_w is None else limit - site_w,
        overload=site_w is not None and site_w > limit,
        export_limit_w=limit_state.export_limit_w if limit_state else None,
        window_average_w=limit_state.window_average_w if limit_state else None,
        window_projection_w=limit_state.window_projection_w if limit_state else None,
        phase_currents_a=controller._phase_currents,
        loads=loads,
        pv_curtailed_w=sum(export.held_back_w(t) for t in tracks if t.cfg.is_generation),
    )


def _site_status(
    controller: ControllerBase, tracks: list[LoadTrack], site_w: float | None, restore_w: float
) -> SiteStatus:
    """Shedding and restoring are about consumers; holding back export alone is its own state."""
    mode = controller.mode
    shed = any(t.held in _SHED and not t.cfg.is_generation for t in tracks)
    held = any(t.held is not Held.NONE for t in tracks)
    if mode is Mode.OFF:
        return SiteStatus.OFF
    if controller._failsafe:
        return SiteStatus.FAILSAFE
    if mode is Mode.MONITOR:
        return SiteStatus.MONITOR
    if controller._overload:
        return SiteStatus.SHEDDING
    if shed:
        restoring = site_w is not None and site_w <= restore_w
        return SiteStatus.RESTORING if restoring else SiteStatus.SHEDDING
    return SiteStatus.LIMITING_EXPORT if held else SiteStatus.NORMAL
