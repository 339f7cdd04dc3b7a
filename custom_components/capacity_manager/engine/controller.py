"""The shed/restore controller: one deterministic `step` per sample or timer tick.

Public API (HA glue and the simulator rely on it):
- `Controller(site, loads, mode=Mode.ACTIVE)`
- `step(now, measurement, states) -> StepResult`: `measurement` is None when no valid site power
  sample arrived since the last step (timer tick); after `site.timing.stale_timeout_s` without
  one the controller enters failsafe. `states` maps load_id → LoadState; a missing load counts
  as unavailable.
- `mode`, `set_mode(mode)`: leaving active mode gives back what we hold, one load per step.
- `set_limit_override(watts | None)`, `set_grid_limits(import_w, export_w)`.
- `update_loads(loads)`: reconfigure (priorities, options) without losing what we hold.
- `restore_all()`: give back every held load, one per step.
- `shed_load(load_id, now, until=None)`: shed on demand, held until `until` (or restore_all).
- `note_override(load_id, now)`: the user changed a load we hold: hands off for override_s.
- `report_failure(load_id, now)`: an actuator failed: skip it; the caller steps again.
- `release_actions() -> list[Action]`: give back everything we hold (unload); caller staggers.
- `export_state()` / `import_state(data, now)`: JSON-safe memory of what we hold.
"""

from __future__ import annotations

from collections.abc import Mapping

from .controller_base import ladder
from .failsafe import plan_failsafe
from .inflight import pending_phase_currents
from .ladder import Need, Step, shed_step
from .limits import LimitState
from .load_draw import UNAVAILABLE_STATE
from .margin import house_sample
from .models import ActionKind, LimitSource, LoadState, Measurement, Mode, Reason
from .plan import drawing_at_risk, next_risk, shed_with_plans, steer_plans, update_risks
from .readings import fresh_sample, sample_time
from .reserve import plan_reserve
from .restore_gate import RestoreGate
from .results import Action, Notice, NoticeKind, StepResult
from .tracking import Held, LoadTrack
from .wakeup import next_wake

_REASON_BY_SOURCE = {
    LimitSource.PANEL: Reason.OVER_LIMIT,
    LimitSource.GRID: Reason.OVER_LIMIT,
    LimitSource.OVERRIDE: Reason.OVER_LIMIT,
    LimitSource.CONTINUOUS: Reason.CONTINUOUS_LIMIT,
    LimitSource.WINDOW: Reason.WINDOW_LIMIT,
}


class Controller(RestoreGate):
    """Keeps a site under its limit by turning loads down/off and giving them back."""

    # -- the step ----------------------------------------------------------------------------

    def step(
        self, now: float, measurement: Measurement | None, states: Mapping[str, LoadState]
    ) -> StepResult:
        """Advance to `now`: observe, then decide (see module docstring)."""
        self._now = now
        self._wake_at = now  # no skipping unless the decision path below says so
        if self._first_step is None:
            self._first_step = now
        notices: list[Notice] = []
        timing = self.site.timing
        get_state = states.get
        for load_id, track in self._tracks.items():
            notice = track.observe(now, get_state(load_id, UNAVAILABLE_STATE), timing)
            if notice is not None:
                notices.append(notice)
                if notice.kind is NoticeKind.INEFFECTIVE:
                    self._in_flight.drop(load_id)
        if update_risks(self._on_offer, now):
            self._order()  # a charger's plan changed its rank (plan.py)

        if measurement is not None and not fresh_sample(measurement, now, timing.stale_timeout_s):
            measurement = None  # no reading: a stream of them leads to failsafe, as silence does
        if measurement is not None:
            house = house_sample(measurement.site_power_w, self._on_offer, self._in_flight.flights)
            self._margin.observe(now, *house)
            self._site_w = measurement.site_power_w
            self._phase_currents = measurement.phase_currents_a
            self._last_valid = sample_time(measurement, now)
            if self._failsafe:
                self._failsafe = False
                self._below_since = None
                self._calm.clear()
                notices.append(Notice(kind=NoticeKind.FAILSAFE_EXIT))
        limit_state = self.limits.update(now, measurement.site_power_w if measurement else None)
        self._limit_state = limit_state
        if limit_state.effective_w != self._limit_w:
            notices.append(
                Notice(
                    kind=NoticeKind.LIMIT_CHANGED,
                    old_value=self._limit_w,
                    new_value=limit_state.effective_w,
                    detail=limit_state.source.value,
                )
            )
            self._limit_w = limit_state.effective_w

        if self._mode is Mode.OFF or (self._mode is Mode.MONITOR and self._release_queue):
            actions = self._drain_release_queue()
            return StepResult(actions, tuple(notices), (), self._snapshot)

        stale_since = self._last_valid if self._last_valid is not None else self._first_step
        if now - stale_since >= timing.stale_timeout_s:
            if not self._failsafe:
                self._failsafe = True
                notices.append(Notice(kind=NoticeKind.FAILSAFE_ENTER))
            plan = self._export.plan_failsafe(self._ordered, now)
            plan += plan_failsafe(ladder(self._least_important_first, plan), now)
            return self._finish(plan, notices)
        if self._site_w is None:
            return StepResult((), tuple(notices), (), self._snapshot)

        release = self._drain_release_queue()
        if release:
            return StepResult(release, tuple(notices), (), self._snapshot)
        return self._finish(self._decide(now, limit_state, notices), notices)

    def _decide(self, now: float, limits: LimitState, notices: list[Notice]) -> list[Step]:
        site = self._effective_site(now)
        limit = limits.effective_w
        thresholds = self.site.thresholds
        shed_w = limit * thresholds.shed
        need = Need(total_w=0.0, phase_w={})
        if site > shed_w:
            need.total_w = site - limit * thresholds.target
        phase_reason = self._phase_needs(need)
        overload = need.total_w > 0 or bool(need.phase_w)
        if overload != self._overload:
            self._overload = overload
            notices.append(
                Notice(
                    kind=NoticeKind.OVERLOAD if overload else NoticeKind.OVERLOAD_END,
                    new_value=site,
                    detail=limits.source.value,
                )
            )
        plan = [
            shed_step(t, Reason.MANUAL) for t in self._least_important_first if _forced_now(t, now)
        ]
        if overload:
            self._below_since = None
            self._calm.clear()
            reason = phase_reason if need.total_w <= 0 else _REASON_BY_SOURCE[limits.source]
            # Curtailed generation and our absorbers go first (export.py).
            if self._export_loads:
                plan += self._export.plan_overload(ladder(self._ordered, plan, keep=True), now)
            else:
                self._export.clear()  # all plan_overload does without generators or absorbers
            for step in plan:
                need.credit(step.track, -step.action.expected_delta_w)
            # Modulated loads go down far enough to leave the learned step margin free.
            margin = self._margin.value(now, limit)
            rest = ladder(self._least_important_first, plan, absorbing=self._export_loads)
            plan.extend(shed_with_plans(rest, need, now, reason, limit, thresholds, margin))
            plan += self._room_for_plans(now, site, limit * thresholds.restore, plan)
            self._plan_wake(now, plan)
            return plan
        plan += self._plan_restores(now, site, limits)
        if not plan:  # plans at risk get room made; plans on track leave room (plan.py)
            plan += steer_plans(
                self._most_important_first,
                self._least_important_first,
                self._on_offer,
                site,
                limit,
                thresholds.restore,
                now,
            )
        after = site + sum(s.action.expected_delta_w for s in plan)
        rest = ladder(self._least_important_first, plan, absorbing=self._export_loads)
        plan += plan_reserve(rest, after, shed_w, limit * thresholds.target, now)
        plan += self._plan_export(now, after, limits, plan)
        self._plan_wake(now, plan)
        return plan

    def _phase_needs(self, need: Need) -> Reason:
        currents = self._phase_currents
        limit_a = self.site.limits.phase_current_limit_a
        if currents is None or limit_a is None:
            return Reason.PHASE_LIMIT
        thresholds = self.site.thresholds
        # Like the total (`_effective_site`), a phase counts what was just commanded as done:
        # else the step between a shed's confirmation and the next meter reading sheds again.
        pending = pending_phase_currents(self._in_flight.flights, self._tracks, self.site.voltage_v)
        for index, measured in enumerate(currents, start=1):
            current = measured + pending.get(index, 0.0)
            if current > limit_a * thresholds.shed:
                need.phase_w[index] = (current - limit_a * thresholds.target) * self.site.voltage_v
        return Reason.PHASE_LIMIT

    def _effective_site(self, now: float) -> float:
        """Measured site power plus commands the meter does not show yet."""
        site = self._site_w
        assert site is not None
        return self._in_flight.effective_site(
            site, now, self.site.timing.verify_s, self._learn_drop
        )

    def _learn_drop(self, load_id: str, drop_w: float) -> None:
        track = self._tracks.get(load_id)
        if track is not None and track.state.power_w is None:
            track.estimator.observe_shed_drop(drop_w)

    # -- committing ------------------------------------------------------------------------

    def _finish(self, plan: list[Step], notices: list[Notice]) -> StepResult:
        actions = tuple(step.action for step in plan)
        if self._mode is Mode.MONITOR:
            return StepResult((), tuple(notices), actions, self._snapshot)
        now = self._now
        site = self._site_w if self._site_w is not None else 0.0
        for step in plan:
            track, action = step.track, step.action
            on = action.kind is not ActionKind.SHED
            track.command(now, on, action.setpoint)
            if step.held is Held.NONE:
                track.release()
            else:
                track.hold(step.held, action.reason, now)
            if action.kind is ActionKind.RESTORE and not track.state.is_on:
                self._last_switch_on = now
                track.restored_at = now
            if action.expected_delta_w > 0 and action.setpoint is not None:
                track.last_up_at = now
            if action.expected_delta_w:
                self._in_flight.add(action.load_id, action.expected_delta_w, now, site)
        return StepResult(actions, tuple(notices), (), self._snapshot)

    def _drain_release_queue(self) -> tuple[Action, ...]:
        while self._release_queue:
            track = self._tracks.get(self._release_queue.pop(0))
            if track is not None and track.held is not Held.NONE:
                step = self._release(
                    track, Reason.MANUAL if self._mode is Mode.ACTIVE else Reason.MODE_CHANGE
                )
                track.command(
                    self._now, step.action.kind is not ActionKind.SHED, step.action.setpoint
                )
                track.release()
                return (step.action,)
        return ()

    def skippable(self, now: float, site_power_w: float, loads_changed: bool) -> bool:
        """True if a step with this sample would decide nothing new; the sample is recorded.

        Holds when the load states did not change, the site power equals the last step's, the
        last step decided nothing and no timer runs out before `now` (see `wakeup.py`), and no
        limit depends on time. The simulator uses it to skip such samples.
        """
        if (
            loads_changed
            or now >= self._wake_at
            or site_power_w != self._site_w
            or self._mode is not Mode.ACTIVE
            or drawing_at_risk(self._on_offer)  # a plan's energy to go counts down (plan.py)
        ):
            return False
        self._now = now
        self._last_valid = now
        self.limits.skip_to(now, site_power_w)
        self._calm.touch(now)  # the same power, still there: as if a step had seen it
        return True

    def _plan_wake(self, now: float, plan: list[Step]) -> None:
        limits = self.site.limits
        if (
            plan
            or self._release_queue
            or limits.continuous_enabled
            or limits.window_limit_w
            or self._export_loads  # export.py keeps its own timers
        ):
            self._wake_at = now
            return
        self._wake_at = min(
            next_wake(
                now,
                self._tracks.values(),
                self.site.timing,
                below_since=self._below_since,
                last_switch_on=self._last_switch_on,
                in_flight_since=(f.issued_at for f in self._in_flight.flights),
            ),
            self._calm.next_drop(self.site.timing.restore_holdoff_s),
            self._margin.next_drop(),
            next_risk(self._on_offer, now),
        )


def _forced_now(track: LoadTrack, now: float) -> bool:
    return (
        track.forced_until is not None
        and now < track.forced_until
        and track.held is not Held.SHED
        and track.state.available
        and not track.cfg.never_shed
        and track.state.is_on
    )
