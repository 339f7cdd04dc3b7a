"""`scripts/replay`: replay a house trace (or the built-in demo day) under each controller.

Without `--house` it replays the demo day (tools/demo.py) and writes `out/replay.png`. Bad
input prints one message naming the file, line and column and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from custom_components.capacity_manager.engine.comparison import (
    CONTROLLER_NAMES,
    run_controller,
)
from custom_components.capacity_manager.engine.models import LoadConfig
from custom_components.capacity_manager.engine.scenario import EvSession, Scenario
from custom_components.capacity_manager.engine.simulator import Series, SimResult

from . import demo
from .assemble import build_scenario, check_columns, sessions_from_records
from .ev_sessions import read_ev_sessions
from .inputs import InputError, parse_limit, read_header, read_house
from .loads_file import EvEntry, LoadsFile, read_loads
from .progress import Progress
from .report import text_table

REPO = Path(__file__).resolve().parents[1]
DEMO_PLOT = REPO / "out" / "replay.png"
EXIT_BAD_INPUT = 2


def _number(text: str, *, zero_ok: bool) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (math.isfinite(value) and (value > 0 or (zero_ok and value == 0))):
        raise argparse.ArgumentTypeError(
            f"must be a {'non-negative' if zero_ok else 'positive'} number, got {text!r}"
        )
    return value


def _positive(text: str) -> float:
    return _number(text, zero_ok=False)


def _non_negative(text: str) -> float:
    return _number(text, zero_ok=True)


def parser() -> argparse.ArgumentParser:
    """The command-line interface (documented in README, "Replay input formats")."""
    p = argparse.ArgumentParser(
        prog="scripts/replay",
        description="Replay a house power trace under each controller and compare them. "
        "Without --house: the built-in demo day, plotted to out/replay.png.",
    )
    p.add_argument("--house", type=Path, help="house CSV (.csv or .csv.gz): timestamp, grid_w, …")
    p.add_argument(
        "--total-column", default="grid_w", help="whole-house power column (default grid_w)"
    )
    p.add_argument("--loads", type=Path, help="loads YAML (see README)")
    p.add_argument(
        "--ev-sessions", type=Path, help="EV sessions CSV: plug_in, plug_out, energy_kwh"
    )
    p.add_argument("--ev-user", help="keep only this user_id of the EV sessions CSV")
    p.add_argument(
        "--charger-kw", type=_positive, default=7.4, help="EV charger power (default 7.4)"
    )
    p.add_argument("--voltage", type=_positive, default=230.0, help="EV/site voltage (default 230)")
    p.add_argument(
        "--limit", default="7200", help="W, or A×V×phases such as 32A, 30Ax240V (default 7200)"
    )
    p.add_argument(
        "--controller",
        choices=[*CONTROLLER_NAMES, "all"],
        default="all",
        help="controller to run (default all)",
    )
    p.add_argument(
        "--latency", type=_non_negative, help="detection + actuation latency, s (default 10)"
    )
    p.add_argument(
        "--sample-interval", type=_positive, help="controller sample interval, s (default: trace's)"
    )
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--plot", type=Path, help="write a PNG plot here")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    return p


def _warn(message: str) -> None:
    print(f"replay: {message}", file=sys.stderr)


def _ev_sessions(entry: EvEntry, args: argparse.Namespace) -> list[EvSession]:
    path = entry.sessions or args.ev_sessions
    user = entry.user if entry.user is not None else args.ev_user
    ev_file = read_ev_sessions(path, user=user)
    for message in ev_file.skipped_messages():
        _warn(message)
    if not ev_file.records:
        raise InputError(path, "no usable EV session left after skipping the rows above")
    return sessions_from_records(path, ev_file.records)


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """Read and check every input file and build the scenario (InputError on bad input)."""
    limit_w = parse_limit(args.limit)
    if args.house is None:
        entry, sessions = demo.ev()
        return build_scenario(
            name="demo day",
            house=demo.house(),
            switched=demo.switched_loads(),
            evs=[(entry.config(args.charger_kw), sessions)],
            limit_w=limit_w,
            latency_s=args.latency,
            sample_interval_s=args.sample_interval,
            voltage_v=args.voltage,
        )
    loads = read_loads(args.loads) if args.loads else LoadsFile(path=Path(), switched=[], evs=[])
    header = read_header(args.house)
    check_columns(loads.path, loads.switched, args.house, header)
    house = read_house(
        args.house, total_column=args.total_column, columns=[e.column for e in loads.switched]
    )
    ev_entries = list(loads.evs)
    if args.ev_sessions and not any(e.sessions is None for e in ev_entries):
        lowest = max((e.config.priority for e in loads.switched), default=0)
        ev_entries.append(EvEntry(load_id="ev", name="EV", priority=lowest + 1, line=0))
    evs: list[tuple[LoadConfig, list[EvSession]]] = []
    for entry in ev_entries:
        if entry.sessions is None and args.ev_sessions is None:
            raise InputError(
                loads.path,
                f"EV {entry.name!r} has no sessions: add `sessions:` or pass --ev-sessions",
                line=entry.line,
            )
        sessions = _ev_sessions(entry, args)
        source = loads.path if entry.charger_kw is not None else "--charger-kw"
        evs.append((entry.config(args.charger_kw, source=source), sessions))
        start, end = house.timestamps_s[0], house.timestamps_s[-1] + house.interval_s
        if not any(start <= s.plug_in_s < end for s in sessions):
            _warn(f"no session of EV {entry.name!r} plugs in during the house trace")
    if not loads.switched and not evs:
        _warn("no controllable loads (give --loads and/or --ev-sessions): nothing to control")
    return build_scenario(
        name=args.house.name,
        house=house,
        switched=loads.switched,
        source=args.loads,
        evs=evs,
        limit_w=limit_w,
        latency_s=args.latency,
        sample_interval_s=args.sample_interval,
        voltage_v=args.voltage,
    )


def run(
    scenario: Scenario, names: Sequence[str], *, record: bool, progress: Progress
) -> dict[str, SimResult]:
    """Every named controller (and, when recording for a plot, the uncontrolled run)."""
    todo = [*names, "uncontrolled"] if record else list(names)
    results: dict[str, SimResult] = {}
    for done, name in enumerate(todo):
        progress.label = name
        progress(done, len(todo))
        results[name] = run_controller(name, scenario, record=record)
    progress(len(todo), len(todo))
    progress.close()
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = parser().parse_args(argv)
    if args.house is None and (args.loads or args.ev_sessions):
        parser().error("--loads and --ev-sessions need --house")
    try:
        scenario = scenario_from_args(args)
    except InputError as err:
        print(f"replay: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    names = list(CONTROLLER_NAMES) if args.controller == "all" else [args.controller]
    plot_path: Path | None = args.plot or (DEMO_PLOT if args.house is None else None)
    results = run(
        scenario,
        names,
        record=plot_path is not None,
        progress=Progress("replay", enabled=args.progress),
    )
    summary = {
        "name": scenario.name,
        "limit_w": scenario.limit_w,
        "latency_s": scenario.latency_s,
        "step_s": scenario.step_s,
        "hours": (scenario.trace.end_s - scenario.trace.start_s) / 3600.0,
    }
    if args.json:
        out = {"scenario": summary, "controllers": {n: results[n].metrics for n in names}}
        print(json.dumps(out, indent=2, sort_keys=True))
    else:
        print(
            f"{scenario.name}: {summary['hours']:.1f} h, limit {scenario.limit_w:.0f} W, "
            f"sample every {scenario.step_s:g} s, latency {scenario.latency_s:g} s"
        )
        print(text_table({n: results[n].metrics for n in names}))
    if plot_path is not None:
        from .plot import plot_replay  # matplotlib is slow to import: only when plotting

        shown = "capacity_manager" if "capacity_manager" in names else names[0]
        plot_replay(
            plot_path,
            title=f"{scenario.name} — limit {scenario.limit_w:.0f} W",
            limit_w=scenario.limit_w,
            uncontrolled=_series(results["uncontrolled"]),
            controlled=_series(results[shown]),
            controller=shown,
        )
        print(f"plot: {plot_path}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _series(result: SimResult) -> Series:
    if result.series is None:  # pragma: no cover - run(record=True) always records
        raise RuntimeError("the run was not recorded")
    return result.series


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into `head`: not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # drop unflushed output
        sys.exit(0)
