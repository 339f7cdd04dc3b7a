"""When the controller gives loads back: the restore gate of each step.

Split from `controller.py` (the step) so the step reads as shed-or-restore and the rules for
giving back live in one place: the restore threshold held for the hold-off (calm.py), one
switch-on per restore interval, max off times, the per-phase restore current, the learned step
margin for chargers (margin.py), and loads past their patience swapping in above the restore
threshold (restore.py).
"""

from __future__ import annotations

from .controller_base import ControllerBase
from .ladder import Step
from .limits import LimitState
from .models import Reason
from .plan import calm_margin_w
from .restore import plan_restore
from .restore_rules import may_restore
from .swap import make_room
from .tracking import Held


class RestoreGate(ControllerBase):
    """Restore decisions on top of the controller's state (`Controller` adds the step)."""

    def _plan_restores(self, now: float, site: float, limits: LimitState) -> list[Step]:
        timing = self.site.timing
        restore_w = limits.effective_w * self.site.thresholds.restore
        exporting = limits.export_limit_w is not None and site < -limits.export_limit_w
        peak = site
        if site > restore_w and not exporting:
            self._calm.clear()
        else:
            peak = self._calm.add(now, site, timing.restore_holdoff_s)
        allow_switch_on = now - self._last_switch_on >= timing.restore_interval_s
        if allow_switch_on:
            shed_w = limits.effective_w * self.site.thresholds.shed
            overdue = self._give_back_overdue(now, self._phase_restore_w(site, shed_w) - site)
            if overdue:
                return overdue
        if site > restore_w and not exporting:
            self._below_since = None
            if not allow_switch_on or not self._any_waited(now):
                return []
            # Above the restore threshold (a charger filled the room up to the target): a load
            # past its patience may still come back in place of less important ones (restore.py).
            return plan_restore(
                self._most_important_first,
                self._phase_restore_w(site, restore_w) - site,
                now,
                allow_switch_on=True,
                modulate_interval_s=timing.modulate_interval_s,
                patience_s=timing.restore_patience_s,
                limit_room_w=limits.effective_w - site,
                swap_only=True,
            )
        if self._below_since is None:
            self._below_since = now
        if not exporting and now - self._below_since < timing.restore_holdoff_s:
            return []
        restore_w = self._phase_restore_w(site, restore_w)
        return plan_restore(
            self._most_important_first,
            # Room that lasted the whole hold-off (calm.py); export is absorbed at once.
            restore_w - (site if exporting else peak),
            now,
            allow_switch_on=allow_switch_on,
            modulate_interval_s=timing.modulate_interval_s,
            reason=Reason.EXPORT_LIMIT if exporting else Reason.HEADROOM,
            patience_s=timing.restore_patience_s,
            limit_room_w=limits.effective_w - site,
            # Chargers turned up leave the learned step margin free below the limit (margin.py),
            # and more while their plan is on track (plan.py).
            margin_w=max(
                0.0, restore_w - (limits.effective_w - self._margin.value(now, limits.effective_w))
            ),
            calm_margin_w=max(
                0.0, restore_w - (limits.effective_w - calm_margin_w(limits.effective_w))
            ),
        )

    def _give_back_overdue(self, now: float, room_w: float) -> list[Step]:
        """A shed load past its max off time, given back ahead of the usual rules.

        No headroom, hold-off, margins or comeback estimate: only its typical power must fit
        under the shed threshold, if need be after less important loads are turned down or
        switched off for it (swap.py). If even that does not fit it waits: given back into an
        overload it would be the ladder's first cut again, on and off every max off time. A
        timed shed (`shed_load` until) and the min off time still hold (restore_rules.py).
        """
        for track in self._most_important_first:
            max_off_s = track.cfg.max_off_s
            if (
                track.held is not Held.SHED
                or not max_off_s
                or track.held_since is None
                or now - track.held_since < max_off_s
                or not may_restore(track, now, auto_only=False)
            ):
                continue
            power = track.estimator.typical_w
            deficit = power - room_w
            steps: list[Step] = []
            if deficit > 0:
                steps = make_room(
                    self._most_important_first, track, deficit, now, [], pause_deficit_w=deficit
                )
                if not steps:
                    continue
            return [*steps, self._release(track, Reason.MAX_OFF_TIME)]
        return []

    def _phase_restore_w(self, site: float, restore_w: float) -> float:
        """The restore level, lowered so the fullest phase stays under its restore current."""
        if self._phase_currents is not None and self.site.limits.phase_current_limit_a:
            phase_room = self.site.limits.phase_current_limit_a * self.site.thresholds.restore
            worst = max(self._phase_currents)
            restore_w = min(restore_w, site + (phase_room - worst) * self.site.voltage_v)
        return restore_w

    def _any_waited(self, now: float) -> bool:
        """Some shed load has waited past its restore patience."""
        patience = self.site.timing.restore_patience_s
        return any(
            t.held is Held.SHED and t.held_since is not None and now - t.held_since >= patience
            for t in self._most_important_first
        )
