"""`python -m tools.bench_tradeoff [--data DIR]`: what the unmet targets would cost.

Two of the issue's per-scenario targets compare us with `threshold_rule`: no more time above
the limit and no more switch cycles than it. That rule keeps its room by giving back only what
fits under 80 % at its nameplate power, so on the benchmark weeks it never gives the car back
(0 EV sessions served). This tool runs `capacity_manager` on the benchmark scenarios
(`tools.bench_data`, the same as `scripts/bench`) with the defaults and with stricter
thresholds, down to the rule's own (shed 90 %, restore 80 %) and below, and reports, per
setting, the totals and how many of each target's checks are met. It shows whether keeping
more room would meet the threshold_rule targets, and what it would cost the car and the
appliances. Baselines (oracle, threshold_rule, ev_headroom) do not depend on our thresholds
and run once per scenario.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from custom_components.capacity_manager.engine.comparison import run_controller
from custom_components.capacity_manager.engine.models import Thresholds
from custom_components.capacity_manager.engine.scenario import Scenario

from . import bench_data
from .bench import DEFAULT_DATA
from .bench_checks import scenario_checks

BASELINES = ("oracle", "threshold_rule", "ev_headroom")
#: (shed, target, restore): the defaults, then ever more room kept free.
SETTINGS: tuple[Thresholds, ...] = (
    Thresholds(),
    Thresholds(shed=0.90, target=0.85, restore=0.80),
    Thresholds(shed=0.85, target=0.80, restore=0.75),
    Thresholds(shed=0.80, target=0.75, restore=0.70),
)


def _with(scenario: Scenario, thresholds: Thresholds) -> Scenario:
    return dataclasses.replace(
        scenario, site=dataclasses.replace(scenario.site, thresholds=thresholds)
    )


def tradeoff(
    scenarios: Sequence[Scenario], settings: Sequence[Thresholds] = SETTINGS
) -> list[dict[str, Any]]:
    """Per setting: totals of `capacity_manager` and the number of checks met per target."""
    baselines = [{name: run_controller(name, sc).metrics for name in BASELINES} for sc in scenarios]
    rows: list[dict[str, Any]] = []
    for thresholds in settings:
        totals: Counter[str] = Counter()
        met: Counter[str] = Counter()
        for scenario, base in zip(scenarios, baselines, strict=True):
            ours = run_controller("capacity_manager", _with(scenario, thresholds)).metrics
            for key in (
                "seconds_above_limit",
                "overload_events",
                "switch_cycles",
                "energy_unserved_kwh",
                "ev_sessions",
                "ev_sessions_fully_served",
            ):
                totals[key] += ours[key]
            document = {
                "name": scenario.name,
                "latency_s": scenario.latency_s,
                "controllers": {**base, "capacity_manager": ours},
            }
            for check in scenario_checks(document):
                met[check.target] += check.ok
        rows.append({"thresholds": thresholds, "totals": totals, "met": met})
    return rows


def markdown(rows: Sequence[dict[str, Any]], scenario_count: int) -> str:
    """One line per setting: thresholds, totals, and checks met (of one per scenario)."""
    head = (
        "| shed / target / restore | above s | events | cycles | unserved kWh | EV served "
        "| time above ≤ rule | cycles ≤ rule | unserved ≤ oracle | EV ≥ oracle | all checks |"
    )
    lines = [head, "|" + "---|" * 11]
    for row in rows:
        t, tot, met = row["thresholds"], row["totals"], row["met"]
        lines.append(
            f"| {t.shed:.0%} / {t.target:.0%} / {t.restore:.0%} "
            f"| {tot['seconds_above_limit']:.0f} | {tot['overload_events']} "
            f"| {tot['switch_cycles']} | {tot['energy_unserved_kwh']:.1f} "
            f"| {tot['ev_sessions_fully_served']}/{tot['ev_sessions']} "
            f"| {met['time above limit ≤ threshold_rule and ev_headroom']}/{scenario_count} "
            f"| {met['switch cycles ≤ threshold_rule']}/{scenario_count} "
            f"| {met['energy never served ≤ 1.05 × oracle + 0.1 kWh']}/{scenario_count} "
            f"| {met['EV sessions fully served ≥ oracle − 1 pp']}/{scenario_count} "
            f"| {sum(met.values())}/{scenario_count * 6} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sweep on DIR (the layout of ../shared/data) and print the table."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench_tradeoff", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    weeks = bench_data.uci_weeks(args.data) if args.data.is_dir() else []
    if not weeks:
        print(f"bench_tradeoff: no UCI weeks in {args.data}: nothing to compare.")
        return 0
    ev, user, messages = bench_data.load_ev(args.data)
    for message in messages:
        print(f"bench_tradeoff: {message}", file=sys.stderr)
    scenarios = [scenario for scenario, _ in bench_data.scenarios(weeks, ev, user)]
    print(markdown(tradeoff(scenarios), len(scenarios)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
