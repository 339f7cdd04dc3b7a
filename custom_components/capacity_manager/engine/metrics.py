"""Control-quality metrics of one simulated run, as a JSON-able dict.

Definitions (power W, time s, energy as named):
- "above the limit": site power > limit + 1 µW (the tolerance absorbs float rounding of a
  controller that lands exactly on the limit).
- unavoidable: the uncontrollable load alone (trace minus controllable columns, plus never-shed
  loads) is above the limit; avoidable = above the limit but not unavoidable.
- overload event: a contiguous episode above the limit.
- switch cycles: switching operations (on→off plus off→on) actually carried out; setpoint changes
  of a running EV are counted apart as modulations.
- energy deferred: energy a deferrable load wanted while shed (served later if it can be).
- energy unserved: interruptible energy lost while shed + deferrable energy still owed at the end
  of the trace + EV energy not delivered that uncontrolled charging would have delivered.
- EV session: judged against uncontrolled charging at the charger's maximum from plug-in:
  `deliverable_wh` = what that would deliver before plug-out (or the end of the trace); fully
  served = delivered ≥ deliverable − tolerance; delay = time the deliverable energy was reached
  minus the time uncontrolled charging reached it (for a session not fully served: plug-out
  minus that time, a lower bound).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ABOVE_TOLERANCE_W = 1e-6
EV_TOLERANCE_WH = 1e-3

#: Keys every metrics dict has (the benchmark's JSON relies on them; never remove or rename).
REQUIRED_KEYS = (
    "seconds_above_limit",
    "unavoidable_seconds_above_limit",
    "overload_events",
    "max_overshoot_w",
    "energy_above_limit_wh",
    "switch_cycles",
    "energy_deferred_kwh",
    "energy_unserved_kwh",
    "ev_sessions",
    "ev_sessions_fully_served",
    "ev_mean_delay_min",
)


@dataclass(slots=True)
class OverLimitTracker:
    """Integrates piecewise-constant site power against the limit."""

    limit_w: float
    seconds_above: float = 0.0
    unavoidable_seconds: float = 0.0
    events: int = 0
    max_overshoot_w: float = 0.0
    energy_above_ws: float = 0.0
    max_event_avoidable_s: float = 0.0
    in_event: bool = False  # inside an episode above the limit
    _event_avoidable_s: float = 0.0

    def add(self, duration_s: float, site_w: float, unavoidable_w: float) -> None:
        """Account `duration_s` seconds at `site_w` (uncontrollable part `unavoidable_w`)."""
        over = site_w - self.limit_w
        if over <= ABOVE_TOLERANCE_W:
            self.in_event = False
            return
        if not self.in_event:
            self.in_event = True
            self.events += 1
            self._event_avoidable_s = 0.0
        self.seconds_above += duration_s
        self.energy_above_ws += over * duration_s
        self.max_overshoot_w = max(self.max_overshoot_w, over)
        if unavoidable_w - self.limit_w > ABOVE_TOLERANCE_W:
            self.unavoidable_seconds += duration_s
        else:
            self._event_avoidable_s += duration_s
            self.max_event_avoidable_s = max(self.max_event_avoidable_s, self._event_avoidable_s)


@dataclass(slots=True)
class LoadCounters:
    """What happened to one controllable load."""

    sheds: int = 0  # on → off (switched off / EV paused)
    restores: int = 0  # off → on
    modulations: int = 0  # setpoint changes
    deferred_wh: float = 0.0
    unserved_wh: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-able view."""
        return {
            "sheds": self.sheds,
            "switch_cycles": self.sheds + self.restores,
            "modulations": self.modulations,
            "energy_deferred_kwh": self.deferred_wh / 1000.0,
            "energy_unserved_kwh": self.unserved_wh / 1000.0,
        }


@dataclass(slots=True)
class EvSessionOutcome:
    """One EV session as simulated (times s, energy Wh)."""

    load_id: str
    plug_in_s: float
    plug_out_s: float  # effective: cut at the end of the trace
    requested_wh: float
    deliverable_wh: float  # what uncontrolled charging delivers before plug-out
    reference_done_s: float  # when uncontrolled charging reached deliverable_wh
    delivered_wh: float = 0.0
    done_s: float | None = None  # when delivered_wh reached deliverable_wh

    @property
    def fully_served(self) -> bool:
        """Delivered what uncontrolled charging would have delivered."""
        return self.delivered_wh >= self.deliverable_wh - EV_TOLERANCE_WH

    @property
    def delay_s(self) -> float:
        """Completion delay against uncontrolled charging (plug-out if never completed)."""
        done = self.done_s if self.done_s is not None else self.plug_out_s
        return max(0.0, done - self.reference_done_s)


@dataclass(slots=True)
class RunStats:
    """Everything a run accumulates; `to_dict` makes the metrics."""

    tracker: OverLimitTracker
    loads: dict[str, LoadCounters] = field(default_factory=dict)
    sessions: list[EvSessionOutcome] = field(default_factory=list)
    samples: int = 0
    controller_calls: int = 0
    decision_ns: int = 0
    ignored_actions: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The metrics as a JSON-able dict (keys: REQUIRED_KEYS plus extras)."""
        t = self.tracker
        sessions = self.sessions
        served = sum(1 for s in sessions if s.fully_served)
        ev_unserved_wh = sum(max(0.0, s.deliverable_wh - s.delivered_wh) for s in sessions)
        avoidable = max(0.0, t.seconds_above - t.unavoidable_seconds)
        return {
            "seconds_above_limit": t.seconds_above,
            "unavoidable_seconds_above_limit": t.unavoidable_seconds,
            "avoidable_seconds_above_limit": avoidable,
            "overload_events": t.events,
            "max_avoidable_seconds_per_event": t.max_event_avoidable_s,
            "max_overshoot_w": t.max_overshoot_w,
            "energy_above_limit_wh": t.energy_above_ws / 3600.0,
            "switch_cycles": sum(c.sheds + c.restores for c in self.loads.values()),
            "sheds": sum(c.sheds for c in self.loads.values()),
            "modulations": sum(c.modulations for c in self.loads.values()),
            "energy_deferred_kwh": sum(c.deferred_wh for c in self.loads.values()) / 1000.0,
            "energy_unserved_kwh": (
                sum(c.unserved_wh for c in self.loads.values()) + ev_unserved_wh
            )
            / 1000.0,
            "ev_sessions": len(sessions),
            "ev_sessions_fully_served": served,
            "ev_sessions_fully_served_pct": 100.0 * served / len(sessions) if sessions else 100.0,
            "ev_mean_delay_min": (
                sum(s.delay_s for s in sessions) / len(sessions) / 60.0 if sessions else 0.0
            ),
            "ev_energy_requested_kwh": sum(s.requested_wh for s in sessions) / 1000.0,
            "ev_energy_delivered_kwh": sum(s.delivered_wh for s in sessions) / 1000.0,
            "ev_energy_unserved_kwh": ev_unserved_wh / 1000.0,
            "decision_time_us_per_step": (
                self.decision_ns / self.controller_calls / 1000.0 if self.controller_calls else 0.0
            ),
            "samples": self.samples,
            "controller_calls": self.controller_calls,
            "ignored_actions": self.ignored_actions,
            "per_load": self._per_load(),
        }

    def _per_load(self) -> dict[str, dict[str, Any]]:
        per_load = {load_id: c.as_dict() for load_id, c in sorted(self.loads.items())}
        for s in self.sessions:
            entry = per_load.get(s.load_id)
            if entry is not None:
                entry["energy_unserved_kwh"] += max(0.0, s.deliverable_wh - s.delivered_wh) / 1e3
        return per_load
