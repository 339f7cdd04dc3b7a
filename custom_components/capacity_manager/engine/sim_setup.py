"""Scenario → flat lists the simulators loop over (shared by the simulator and the oracle).

Done once per run so the hot loops touch only lists of floats.
"""

from __future__ import annotations

import math
import operator
from collections import deque
from dataclasses import dataclass

from .metrics import EvSessionOutcome, LoadCounters, OverLimitTracker, RunStats
from .scenario import EvSession, LoadBehaviour, Scenario

INF = math.inf
EPS_WH = 1e-9  # energy below this is done (float rounding of exact interval ends)


class OwedEnergy:
    """What a deferrable load still owes: chunks of (power it was wanted at W, Wh), oldest first.

    Paying back replays the missed demand in order, at the power it was wanted at (capped by
    the load's rating on top of its present demand): a water heater reheats at its rating, a
    circuit whose fridge was cut catches up at fridge power, an interrupted dryer resumes at
    dryer power.
    """

    __slots__ = ("chunks", "total_wh")

    def __init__(self) -> None:
        self.chunks: deque[list[float]] = deque()
        self.total_wh = 0.0

    def add(self, power_w: float, energy_wh: float) -> None:
        """Owe `energy_wh` more, wanted at `power_w`."""
        chunks = self.chunks
        if chunks and chunks[-1][0] == power_w:
            chunks[-1][1] += energy_wh
        else:
            chunks.append([power_w, energy_wh])
        self.total_wh += energy_wh

    def pay(self, energy_wh: float) -> None:
        """Pay `energy_wh`, oldest chunks first."""
        chunks = self.chunks
        self.total_wh -= energy_wh
        while chunks:
            head = chunks[0]
            if head[1] - energy_wh > EPS_WH:
                head[1] -= energy_wh
                break
            energy_wh -= head[1]
            chunks.popleft()
        if self.total_wh <= EPS_WH:
            chunks.clear()
            self.total_wh = 0.0


@dataclass(frozen=True, slots=True)
class EvEvent:
    """A plug-in or plug-out of one EV session (plug-outs sort first at equal times)."""

    time_s: float
    ev: int  # index into scenario.evs
    session: int  # index into the run's session outcomes
    plug_in: bool


@dataclass(frozen=True, slots=True)
class SimSetup:
    """Per-run constants derived from a scenario (lists indexed by trace sample / load)."""

    times: tuple[float, ...]  # trace sample start times
    base: list[float]  # total minus every switched column (W)
    columns: list[tuple[float, ...]]  # demand of each switched load (W)
    catchup_w: list[float]  # most a deferrable load draws while paying back: rating, else peak
    deferrable: list[bool]
    never_shed_sw: list[bool]
    ev_max_w: list[float]
    never_shed_ev: list[bool]
    ev_events: list[EvEvent]
    sessions: list[tuple[int, EvSession]]  # (ev index, session), numbered as EvEvent.session
    start_s: float
    end_s: float
    limit_w: float

    def new_stats(self, scenario: Scenario) -> RunStats:
        """Fresh accumulators for one run, with an outcome per EV session in the trace."""
        stats = RunStats(tracker=OverLimitTracker(limit_w=self.limit_w))
        for cfg in scenario.load_configs():
            stats.loads[cfg.load_id] = LoadCounters()
        for ev_index, session in self.sessions:
            ev = scenario.evs[ev_index]
            p_max = self.ev_max_w[ev_index]
            out = min(session.plug_out_s, self.end_s)
            deliverable = min(session.energy_wh, p_max * (out - session.plug_in_s) / 3600.0)
            stats.sessions.append(
                EvSessionOutcome(
                    load_id=ev.config.load_id,
                    plug_in_s=session.plug_in_s,
                    plug_out_s=out,
                    requested_wh=session.energy_wh,
                    deliverable_wh=deliverable,
                    reference_done_s=session.plug_in_s + deliverable * 3600.0 / p_max,
                )
            )
        return stats


def prepare(scenario: Scenario) -> SimSetup:
    """Flatten `scenario` for a simulation loop."""
    trace = scenario.trace
    columns = [tuple(trace.columns[spec.column]) for spec in scenario.switched]
    base = list(trace.total_w)
    for col in columns:
        base = list(map(operator.sub, base, col))
    catchup = [
        spec.config.rated_power_w if spec.config.rated_power_w > 0 else max(col)
        for spec, col in zip(scenario.switched, columns, strict=True)
    ]
    events: list[EvEvent] = []
    sessions: list[tuple[int, EvSession]] = []
    for e, ev in enumerate(scenario.evs):
        for session in ev.sessions:
            if not trace.start_s <= session.plug_in_s < trace.end_s:
                continue
            out = min(session.plug_out_s, trace.end_s)
            n = len(sessions)
            sessions.append((e, session))
            events.append(EvEvent(time_s=session.plug_in_s, ev=e, session=n, plug_in=True))
            events.append(EvEvent(time_s=out, ev=e, session=n, plug_in=False))
    # plug-outs first at equal times (back-to-back sessions of one EV)
    events.sort(key=lambda ev: (ev.time_s, ev.plug_in, ev.session))
    return SimSetup(
        times=tuple(trace.timestamps_s),
        base=base,
        columns=columns,
        catchup_w=catchup,
        deferrable=[s.behaviour is LoadBehaviour.DEFERRABLE for s in scenario.switched],
        never_shed_sw=[s.config.never_shed for s in scenario.switched],
        ev_max_w=[ev.max_power_w for ev in scenario.evs],
        never_shed_ev=[ev.config.never_shed for ev in scenario.evs],
        ev_events=events,
        sessions=sessions,
        start_s=trace.start_s,
        end_s=trace.end_s,
        limit_w=scenario.limit_w,
    )
