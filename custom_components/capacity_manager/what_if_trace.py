"""What-if replay without Home Assistant: history points → HouseTrace → simulated outcome.

The HA glue (`what_if`) reads recorder history chunk by chunk and feeds `TraceBuilder`, which
resamples every series onto a fixed grid (each value holds until the next one: recorder states
are changes, not samples) in compact `array('d')` columns, so 30 days of 10 s history stay small.
`run_what_if` then runs the engine with Capacity Manager and without management.

EV sessions cannot be read from history (no plug state is recorded): a session is a run of
charging power above `EV_CHARGING_W`, runs closer than `EV_MERGE_GAP_S` are one session, and the
car is assumed to stay plugged in `EV_PLUG_SLACK_S` after it stopped charging (never past the
next session or the end of the period).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .engine.comparison import CapacityManagerPolicy, run_controller
from .engine.models import ActionKind, LoadConfig, LoadKind, LoadState, Measurement, SiteConfig
from .engine.results import Action
from .engine.scenario import EvSession, EvSpec, HouseTrace, Scenario, SwitchedLoadSpec
from .engine.simulator import SimResult, simulate

EV_CHARGING_W = 200.0
EV_MERGE_GAP_S = 1800.0
EV_PLUG_SLACK_S = 4 * 3600.0

Points = Sequence[tuple[float, float]]  # (time s, value), sorted by time


class TraceBuilder:
    """Named columns on the grid start_s + i × step_s, filled chunk by chunk (forward fill)."""

    def __init__(self, start_s: float, end_s: float, step_s: float, names: Iterable[str]) -> None:
        if not (step_s > 0 and end_s > start_s):
            raise ValueError("the period must be non-empty and the step positive")
        self.start_s = start_s
        self.step_s = step_s
        self.size = math.ceil((end_s - start_s) / step_s)
        self.columns: dict[str, array[float]] = {n: array("d") for n in names}
        self._last: dict[str, float] = dict.fromkeys(self.columns, 0.0)

    def index(self, time_s: float) -> int:
        """First grid index at or after `time_s` (clamped to the grid)."""
        return min(self.size, max(0, math.ceil((time_s - self.start_s) / self.step_s - 1e-9)))

    def add(self, name: str, until_s: float, points: Points) -> None:
        """Extend column `name` up to (not including) `until_s` from `points`.

        Before the first point the column keeps its previous value (0 at the very start).
        """
        col = self.columns[name]
        stop = self.index(until_s)
        i = len(col)
        value = self._last[name]
        start, step = self.start_s, self.step_s
        for t, v in points:
            first = min(stop, max(i, math.ceil((t - start) / step - 1e-9)))
            if first > i:
                col.extend(array("d", [value]) * (first - i))
                i = first
            value = v
        if stop > i:
            col.extend(array("d", [value]) * (stop - i))
        self._last[name] = value

    def timestamps(self) -> list[float]:
        """The grid times (s)."""
        return [self.start_s + i * self.step_s for i in range(self.size)]


def ev_sessions(power_w: Sequence[float], start_s: float, step_s: float) -> list[EvSession]:
    """Charging sessions seen in an EV's power column (see the module docstring)."""
    runs: list[list[float]] = []  # [first_s, end_s, energy_wh]
    for i, p in enumerate(power_w):
        if p < EV_CHARGING_W:
            continue
        t = start_s + i * step_s
        if runs and t - runs[-1][1] <= EV_MERGE_GAP_S:
            runs[-1][1] = t + step_s
        else:
            runs.append([t, t + step_s, 0.0])
        runs[-1][2] += p * step_s / 3600.0
    end_s = start_s + len(power_w) * step_s
    sessions = []
    for k, (first, last, energy) in enumerate(runs):
        limit = runs[k + 1][0] if k + 1 < len(runs) else end_s
        sessions.append(
            EvSession(
                plug_in_s=first, plug_out_s=min(limit, last + EV_PLUG_SLACK_S), energy_wh=energy
            )
        )
    return sessions


@dataclass(frozen=True, slots=True)
class ReplayLoad:
    """A load of the candidate list and the trace column that holds its power."""

    config: LoadConfig
    column: str


def build_scenario(
    builder: TraceBuilder,
    *,
    site_column: str,
    site: SiteConfig,
    limit_w: float,
    loads: Sequence[ReplayLoad],
) -> Scenario:
    """The scenario: the house as measured, the loads as columns, the candidate limit."""
    cols = builder.columns
    total = array("d", cols[site_column])
    evs: list[EvSpec] = []
    switched: list[SwitchedLoadSpec] = []
    columns: dict[str, Sequence[float]] = {}
    for load in loads:
        col = array("d", (max(0.0, v) for v in cols[load.column]))
        if load.config.kind is LoadKind.EV:
            # The trace holds the house without the simulated car: take its charging out.
            total = array("d", (t - p for t, p in zip(total, col, strict=True)))
            evs.append(
                EvSpec(
                    config=load.config, sessions=ev_sessions(col, builder.start_s, builder.step_s)
                )
            )
        else:
            columns[load.config.load_id] = col
            switched.append(SwitchedLoadSpec(config=load.config, column=load.config.load_id))
    trace = HouseTrace(
        timestamps_s=builder.timestamps(), interval_s=builder.step_s, total_w=total, columns=columns
    )
    limits = replace(site.limits, panel_limit_w=limit_w, phase_current_limit_a=None)
    return Scenario(
        name="what_if",
        trace=trace,
        site=replace(site, limits=limits),
        switched=switched,
        evs=evs,
        latency_s=min(10.0, builder.step_s),
    )


@dataclass(slots=True)
class ShedClock:
    """Wraps a controller and times each load's sheds from its own decisions.

    A shed lasts from the SHED action to the next RESTORE of the same load (or the end).
    """

    inner: CapacityManagerPolicy
    off_since: dict[str, float] = field(default_factory=dict)
    off_s: dict[str, float] = field(default_factory=dict)

    def skippable(self, now: float, site_power_w: float, loads_changed: bool) -> bool:
        """As the wrapped controller."""
        return self.inner.skippable(now, site_power_w, loads_changed)

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> Sequence[Action]:
        """The wrapped controller's actions, timed."""
        actions = self.inner.decide(now, measurement, states)
        for action in actions:
            if action.kind is ActionKind.SHED:
                self.off_since.setdefault(action.load_id, now)
            elif action.kind is ActionKind.RESTORE and action.load_id in self.off_since:
                self._close(action.load_id, now)
        return actions

    def finish(self, end_s: float) -> dict[str, float]:
        """Shed seconds per load, counting sheds still open at `end_s`."""
        for load_id in list(self.off_since):
            self._close(load_id, end_s)
        return self.off_s

    def _close(self, load_id: str, now: float) -> None:
        since = self.off_since.pop(load_id)
        self.off_s[load_id] = self.off_s.get(load_id, 0.0) + max(0.0, now - since)


def summary(
    result: SimResult, names: Mapping[str, str], shed_s: Mapping[str, float]
) -> dict[str, Any]:
    """What a user asks of a run: time above the limit, sheds per load, energy, EV sessions."""
    m = result.metrics
    per_load = {
        names.get(load_id, load_id): {
            "sheds": entry["sheds"],
            "shed_minutes": round(shed_s.get(load_id, 0.0) / 60.0, 1),
            "energy_deferred_kwh": round(entry["energy_deferred_kwh"], 3),
            "energy_unserved_kwh": round(entry["energy_unserved_kwh"], 3),
        }
        for load_id, entry in m["per_load"].items()
    }
    delayed = sum(1 for s in result.stats.sessions if s.delay_s >= 60.0)
    return {
        "minutes_above_limit": round(m["seconds_above_limit"] / 60.0, 1),
        "unavoidable_minutes_above_limit": round(m["unavoidable_seconds_above_limit"] / 60.0, 1),
        "overload_events": m["overload_events"],
        "max_overshoot_w": round(m["max_overshoot_w"], 1),
        "energy_above_limit_kwh": round(m["energy_above_limit_wh"] / 1000.0, 3),
        "sheds": m["sheds"],
        "energy_deferred_kwh": round(m["energy_deferred_kwh"], 3),
        "energy_unserved_kwh": round(m["energy_unserved_kwh"], 3),
        "ev_sessions": m["ev_sessions"],
        "ev_sessions_delayed": delayed,
        "ev_mean_delay_min": round(m["ev_mean_delay_min"], 1),
        "per_load": per_load,
    }


def run_what_if(
    scenario: Scenario, cancelled: Callable[[], bool] = lambda: False
) -> dict[str, Any] | None:
    """Managed and uncontrolled outcome of `scenario` (None when cancelled in between)."""
    names = {c.load_id: c.name for c in scenario.load_configs()}
    clock = ShedClock(CapacityManagerPolicy.for_scenario(scenario))
    managed = simulate(scenario, clock)
    if cancelled():
        return None
    uncontrolled = run_controller("uncontrolled", scenario)
    return {
        "managed": summary(managed, names, clock.finish(scenario.trace.end_s)),
        "uncontrolled": summary(uncontrolled, names, {}),
    }
