"""`python -m tools.diagnose_events [--data DIR]`: why does `capacity_manager` go over the limit?

Runs our controller on the benchmark scenarios (`tools.bench_data`) exactly as the benchmark
does (same samples, same latency), but watches the site every `--fine` seconds in between, so
each overload event and each switch cycle can be given a cause:

- events: what rose at the event's start (the house's own load, a switched load's own demand,
  a load we gave back, an EV we turned up, an EV plugging in), the headroom left just before,
  how long ago we last gave something back, how many shed decisions the event took and whether
  the first one was too small;
- cycles: per load, how long it stayed on after a restore before being shed again;
- EV sessions not fully served: how long they were paused or turned down, and whether they
  ended while we held the charger.

The probe only observes: the controller sees the samples it sees in the benchmark, so the
metrics match the benchmark's (checked and printed).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from custom_components.capacity_manager.engine.comparison import (
    CapacityManagerPolicy,
    run_controller,
)
from custom_components.capacity_manager.engine.models import ActionKind, LoadState, Measurement
from custom_components.capacity_manager.engine.results import Action
from custom_components.capacity_manager.engine.scenario import Scenario
from custom_components.capacity_manager.engine.simulator import simulate

from . import bench_data

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TOL = 1e-6


@dataclass(slots=True)
class Sample:
    """The site as the probe saw it at one instant."""

    t: float
    site: float
    powers: dict[str, float]
    on: dict[str, bool]
    setpoints: dict[str, float | None]

    @property
    def base(self) -> float:
        """Uncontrollable part: site minus every controllable load."""
        return self.site - sum(self.powers.values())


@dataclass(slots=True)
class Probe:
    """Sees every fine sample; steps the real controller only at the scenario's own samples."""

    policy: CapacityManagerPolicy
    start: float
    step_s: float
    samples: list[Sample] = field(default_factory=list)
    actions: list[tuple[float, Action]] = field(default_factory=list)
    switch_ons: list[tuple[float, str]] = field(default_factory=list)

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> Sequence[Action]:
        """Record, and call the controller on its own sample grid only."""
        self.samples.append(
            Sample(
                t=now,
                site=measurement.site_power_w,
                powers={k: (s.power_w or 0.0) for k, s in states.items()},
                on={k: s.is_on for k, s in states.items()},
                setpoints={k: s.setpoint for k, s in states.items()},
            )
        )
        offset = (now - self.start) / self.step_s
        if abs(offset - round(offset)) > 1e-9:
            return ()
        actions = self.policy.decide(now, measurement, states)
        self.actions.extend((now, a) for a in actions)
        for a in actions:
            if a.kind is ActionKind.RESTORE and not states[a.load_id].is_on:
                self.switch_ons.append((now, a.load_id))
        return actions


@dataclass(slots=True)
class Event:
    """One overload event, with what the probe could attribute."""

    start: float
    seconds: float
    max_over: float
    cause: str
    step_w: float
    headroom_before: float
    since_give_back: float | None
    shed_decisions: int
    ev_power: float
    ev_held_down: bool


def _cause(prev: Sample, cur: Sample, effective: list[Action]) -> tuple[str, float]:
    """The largest rise between two samples, and its size."""
    rises: list[tuple[float, str]] = [(cur.base - prev.base, "house step")]
    acted = {a.load_id: a for a in effective}
    for load_id, power in cur.powers.items():
        rise = power - prev.powers.get(load_id, 0.0)
        if rise <= 0:
            continue
        action = acted.get(load_id)
        if action is not None and action.kind is ActionKind.RESTORE and not prev.on[load_id]:
            label = f"restore {load_id}"
        elif action is not None and action.setpoint is not None:
            label = f"raise {load_id} ({action.reason.value})"
        elif load_id == "ev" and prev.powers.get(load_id, 0.0) == 0.0:
            label = "ev plug-in / start"
        else:
            label = f"{load_id} own demand"
        rises.append((rise, label))
    size, label = max(rises)
    return label, size


@dataclass(slots=True)
class Analysis:
    """One scenario: its metrics, events and sheds (load, seconds on since our restore)."""

    name: str
    metrics: dict[str, Any]
    mismatch: dict[str, tuple[Any, Any]]
    events: list[Event]
    cycles: list[tuple[str, float, str]]


def analyse(scenario: Scenario, fine_s: float) -> Analysis:
    """Run the probe on one scenario and summarise."""
    policy = CapacityManagerPolicy.for_scenario(scenario)
    probe = Probe(policy, scenario.trace.start_s, scenario.step_s)
    fine = dataclasses.replace(scenario, sample_interval_s=fine_s)
    result = simulate(fine, probe, skip_idle=False)
    reference = run_controller("capacity_manager", scenario).metrics
    keys = ("seconds_above_limit", "overload_events", "switch_cycles", "energy_unserved_kwh")
    # Energies are sums over different interval splits (the probe adds instants): float noise.
    mismatch = {
        k: (result.metrics[k], reference[k])
        for k in keys
        if not math.isclose(result.metrics[k], reference[k], rel_tol=1e-9, abs_tol=1e-9)
    }

    limit = scenario.limit_w
    latency = scenario.latency_s
    give_backs = [
        t for t, a in probe.actions if a.expected_delta_w > 0 or a.kind is ActionKind.RESTORE
    ]
    events: list[Event] = []
    samples = probe.samples
    i = 1
    while i < len(samples):
        cur = samples[i]
        if cur.site > limit + TOL and samples[i - 1].site <= limit + TOL:
            prev = samples[i - 1]
            # actions decided one latency before land in (prev, cur]
            effective = [
                a
                for t, a in probe.actions
                if abs(t + latency - cur.t) < 1e-6 or (prev.t < t + latency <= cur.t)
            ]
            cause, size = _cause(prev, cur, effective)
            j = i
            max_over = 0.0
            while j < len(samples) and samples[j].site > limit + TOL:
                max_over = max(max_over, samples[j].site - limit)
                j += 1
            end = samples[j].t if j < len(samples) else cur.t
            decisions = {
                t for t, a in probe.actions if cur.t - fine_s < t < end and a.expected_delta_w < 0
            }
            before = [t for t in give_backs if t + latency <= cur.t]
            ev_sp = prev.setpoints.get("ev")
            events.append(
                Event(
                    start=cur.t,
                    seconds=end - cur.t,
                    max_over=max_over,
                    cause=cause,
                    step_w=size,
                    headroom_before=limit - prev.site,
                    since_give_back=(cur.t - before[-1] - latency) if before else None,
                    shed_decisions=len(decisions),
                    ev_power=prev.powers.get("ev", 0.0),
                    ev_held_down=ev_sp is not None
                    and ev_sp < 32
                    and prev.powers.get("ev", 0.0) > 0,
                )
            )
            i = j
        i += 1
    # cycles: restores followed by a shed of the same load
    cycles: list[tuple[str, float, str]] = []
    last_restore: dict[str, float] = {}
    ons = set(probe.switch_ons)
    for t, a in probe.actions:
        if (t, a.load_id) in ons:
            last_restore[a.load_id] = t
        elif a.kind is ActionKind.SHED:
            since = t - last_restore[a.load_id] if a.load_id in last_restore else -1.0
            cycles.append((a.load_id, since, a.reason.value))
    return Analysis(scenario.name, result.metrics, mismatch, events, cycles)


def _bucket(seconds: float) -> str:
    if seconds < 0:
        return "first shed"
    for edge in (120, 600, 1800, 3600):
        if seconds < edge:
            return f"< {edge} s"
    return ">= 3600 s"


def report(results: list[Analysis]) -> None:
    """Print per scenario and overall summaries."""
    causes: Counter[str] = Counter()
    cause_s: dict[str, float] = {}
    for res in results:
        m = res.metrics
        print(
            f"\n== {res.name}: above {m['seconds_above_limit']:.0f} s, "
            f"{m['overload_events']} events, cycles {m['switch_cycles']}, "
            f"unserved {m['energy_unserved_kwh']:.2f} kWh, EV {m['ev_sessions_fully_served']}/{m['ev_sessions']}"
            + (f"  MISMATCH {res.mismatch}" if res.mismatch else "")
        )
        for e in res.events:
            key = e.cause.split(" (")[0]
            causes[key] += 1
            cause_s[key] = cause_s.get(key, 0.0) + e.seconds
            print(
                f"  t={e.start:>10.0f} {e.seconds:>4.0f}s over {e.max_over:>5.0f}W  "
                f"{e.cause:<28} step {e.step_w:>5.0f}W room {e.headroom_before:>5.0f}W  "
                f"gave back {'-' if e.since_give_back is None else f'{e.since_give_back:.0f}s ago':>10}  "
                f"sheds {e.shed_decisions}  ev {e.ev_power:>5.0f}W{' held' if e.ev_held_down else ''}"
            )
        cyc: Counter[tuple[str, str]] = Counter(
            (load, _bucket(since)) for load, since, _ in res.cycles
        )
        print("  sheds by load / time on since our restore:", dict(sorted(cyc.items())))
        per_load = m["per_load"]
        print(
            "  per load:",
            {
                k: (v["switch_cycles"], round(v["energy_unserved_kwh"], 2), v["modulations"])
                for k, v in per_load.items()
            },
        )
    print("\n== causes over all scenarios (events, seconds):")
    for key, n in causes.most_common():
        print(f"  {key:<28} {n:>4} events {cause_s[key]:>6.0f} s")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    p = argparse.ArgumentParser(prog="python -m tools.diagnose_events")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--fine", type=float, default=10.0, help="probe interval s (10)")
    p.add_argument("--only", default="", help="scenarios whose name contains this")
    args = p.parse_args(argv)
    ev, user, _ = bench_data.load_ev(args.data)
    built = bench_data.scenarios(bench_data.uci_weeks(args.data), ev, user)
    results = [analyse(s, args.fine) for s, _ in built if args.only in s.name]
    report(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
