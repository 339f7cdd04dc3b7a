"""`threshold_rule` baseline: the logic of a popular Home Assistant load-shedding blueprint.

It runs on every site-power sample (the blueprint also re-runs every minute; in the simulator
samples come at least that often):
- power > shed fraction (90 %) of capacity: walk the loads that are on from the lowest priority
  (largest number; equal priorities in configuration order, last first) and switch each off —
  idle ones too — subtracting its measured power (else its max power) from the deficit
  (power − 90 % × capacity) until the deficit is covered;
- power < restore fraction (80 %) of capacity and at least 5 min since its last action: give the
  loads it shed back from the highest priority, each only if its max power fits in
  80 % × capacity − power (counting the ones given back in this pass).
EVs are switched like any load (paused / resumed at their previous setpoint). Never-shed loads
are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .models import ActionKind, LoadConfig, LoadState, Measurement, Reason
from .results import Action


class ThresholdRule:
    """Shed at 90 %, restore below 80 % after 5 min, by priority."""

    def __init__(
        self,
        capacity_w: float,
        loads: Sequence[LoadConfig],
        *,
        shed_fraction: float = 0.90,
        restore_fraction: float = 0.80,
        min_interval_s: float = 300.0,
    ) -> None:
        if not capacity_w > 0:
            raise ValueError(f"capacity_w must be > 0, got {capacity_w}")
        if not 0 < restore_fraction <= shed_fraction:
            raise ValueError("need 0 < restore_fraction <= shed_fraction")
        self._shed_w = shed_fraction * capacity_w
        self._restore_w = restore_fraction * capacity_w
        self._min_interval_s = min_interval_s
        managed = [c for c in loads if not c.never_shed]
        order = sorted(range(len(managed)), key=lambda i: (managed[i].priority, i))
        self._restore_order = [managed[i] for i in order]  # most important first
        self._shed_order = self._restore_order[::-1]  # least important first
        self._shed: set[str] = set()
        self._last_action_s = -float("inf")
        self._smallest_shed_w = 0.0  # max power of the smallest load we hold off

    @staticmethod
    def _max_power(cfg: LoadConfig) -> float:
        if cfg.is_modulated:
            return cfg.power_at(cfg.max_setpoint)
        return cfg.rated_power_w

    def skippable(self, now: float, site_power_w: float, loads_changed: bool) -> bool:
        """True exactly when `decide` would do nothing (its state only changes on actions)."""
        if site_power_w > self._shed_w:
            return False
        return (
            not self._shed
            or not site_power_w < self._restore_w
            or now - self._last_action_s < self._min_interval_s
            or self._smallest_shed_w > self._restore_w - site_power_w  # nothing would fit
        )

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> Sequence[Action]:
        """Shed or restore per the blueprint's rule."""
        power = measurement.site_power_w
        actions: list[Action] = []
        if power > self._shed_w:
            deficit = power - self._shed_w
            for cfg in self._shed_order:
                if deficit <= 0:
                    break
                state = states.get(cfg.load_id)
                if state is None or not state.available or not state.is_on:
                    continue
                measured = state.power_w
                deficit -= measured if measured is not None else self._max_power(cfg)
                self._shed.add(cfg.load_id)
                actions.append(
                    Action(load_id=cfg.load_id, kind=ActionKind.SHED, reason=Reason.OVER_LIMIT)
                )
        elif (
            self._shed
            and power < self._restore_w
            and now - self._last_action_s >= self._min_interval_s
        ):
            budget = self._restore_w - power
            for cfg in self._restore_order:
                if cfg.load_id not in self._shed:
                    continue
                need = self._max_power(cfg)
                if need > budget:
                    continue
                budget -= need
                self._shed.discard(cfg.load_id)
                state = states.get(cfg.load_id)
                actions.append(
                    Action(
                        load_id=cfg.load_id,
                        kind=ActionKind.RESTORE,
                        reason=Reason.HEADROOM,
                        setpoint=state.setpoint if state is not None else None,
                    )
                )
        if actions:
            self._last_action_s = now
            self._smallest_shed_w = min(
                (self._max_power(c) for c in self._restore_order if c.load_id in self._shed),
                default=0.0,
            )
        return actions
