"""`ev_headroom` baseline: the EV-only load-balancer pattern.

Every `interval_s` (30 s) it sets each EV charger to
amps = floor((limit − other load) / (voltage × phases)), where other load = site power minus the
EVs' measured power, shared equally between the EVs; it pauses an EV below its minimum (6 A) and
caps at its maximum. Nothing else is ever shed. Evaluations happen on the first sample at or
after the due time (the simulator samples at least that often).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .models import ActionKind, LoadConfig, LoadKind, LoadState, Measurement, Reason
from .results import Action


class EvHeadroom:
    """Give every EV the headroom left by the rest of the house, in whole amps."""

    def __init__(
        self, limit_w: float, loads: Sequence[LoadConfig], *, interval_s: float = 30.0
    ) -> None:
        if not limit_w > 0:
            raise ValueError(f"limit_w must be > 0, got {limit_w}")
        if not interval_s > 0:
            raise ValueError(f"interval_s must be > 0, got {interval_s}")
        self._limit_w = limit_w
        self._interval_s = interval_s
        self._evs = [c for c in loads if c.kind is LoadKind.EV and not c.never_shed]
        self._next_s = -math.inf

    def skippable(self, now: float, site_power_w: float, loads_changed: bool) -> bool:
        """Between evaluations it does nothing."""
        return now < self._next_s or not self._evs

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> Sequence[Action]:
        """Re-balance the EVs if an evaluation is due."""
        if now < self._next_s or not self._evs:
            return []
        self._next_s = now + self._interval_s
        ev_power = 0.0
        for cfg in self._evs:
            state = states.get(cfg.load_id)
            if state is not None and state.power_w is not None:
                ev_power += state.power_w
        share_w = (self._limit_w - (measurement.site_power_w - ev_power)) / len(self._evs)
        actions: list[Action] = []
        for cfg in self._evs:
            state = states.get(cfg.load_id)
            if state is None or not state.available:
                continue
            amps = min(float(math.floor(share_w / cfg.setpoint_unit_w)), cfg.max_setpoint)
            if amps < cfg.min_setpoint:
                if state.is_on:
                    actions.append(
                        Action(load_id=cfg.load_id, kind=ActionKind.SHED, reason=Reason.OVER_LIMIT)
                    )
                continue
            if not state.is_on:
                kind, reason = ActionKind.RESTORE, Reason.HEADROOM
            elif amps != state.setpoint:
                going_up = state.setpoint is not None and amps > state.setpoint
                kind = ActionKind.MODULATE
                reason = Reason.HEADROOM if going_up else Reason.OVER_LIMIT
            else:
                continue
            actions.append(
                Action(
                    load_id=cfg.load_id,
                    kind=kind,
                    reason=reason,
                    setpoint=amps,
                    old_setpoint=state.setpoint,
                    expected_delta_w=(amps - (state.setpoint or 0.0)) * cfg.setpoint_unit_w,
                )
            )
        return actions
