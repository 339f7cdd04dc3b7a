"""`scripts/bench [--data DIR] [--out FILE]`: the control-quality and speed benchmark.

Builds the scenarios of `tools.bench_data` from DIR (default `../shared/data` next to the
repository), runs the four controllers side by side, measures engine speed and the latency of
the integration in a real Home Assistant (`tools.bench_ha`), writes FILE (default
`bench/results.json`, schema in the issue and README) and a markdown table next to it
(`results.md`), then prints the targets as PASS/FAIL lines (informative: exit status 0).
Where the data is absent it says so and measures only the Home Assistant latency (it needs no
data); with `--ha-samples 0` as well it exits 0 without writing anything.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from custom_components.capacity_manager.engine.comparison import CONTROLLER_NAMES, run_controller

from . import bench_data, bench_ha
from .bench_checks import Check, all_checks
from .bench_engine import replay_samples_per_s, step_time_us
from .bench_modbus import modbus_bench, summary_line
from .bench_tariff import tariff_bench, tariff_table
from .bench_what_if import what_if_bench
from .inputs import InputError
from .progress import Progress
from .report import markdown_table, text_table

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "bench" / "results.json"
README = REPO / "README.md"
README_START = "<!-- bench results: start (scripts/bench --readme rewrites this block) -->"
README_END = "<!-- bench results: end -->"


def parser() -> argparse.ArgumentParser:
    """The command-line interface (fixed: other tools rely on it)."""
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder (../shared/data)")
    p.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="JSON results (bench/results.json)"
    )
    p.add_argument(
        "--readme", action="store_true", help="also paste the summary into README.md (Benchmark)"
    )
    p.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )  # fmt: skip
    p.add_argument(
        "--modbus", action=argparse.BooleanOptionalAction, default=True,
        help="also time Modbus poll-to-decision against a local pymodbus server (~15 s)",
    )  # fmt: skip
    p.add_argument(
        "--tariff", action=argparse.BooleanOptionalAction, default=True,
        help="also the 15-min capacity tariff: billed peak with and without it (~5 s)",
    )  # fmt: skip
    p.add_argument(
        "--what-if-days", type=int, default=30, metavar="N",
        help="days of synthetic 10 s history for the what-if replay cost (30; 0: skip)",
    )  # fmt: skip
    p.add_argument(
        "--ha-samples", type=int, default=bench_ha.SAMPLES, metavar="N",
        help=f"Home Assistant latency samples per load count ({bench_ha.SAMPLES}; 0: skip)",
    )  # fmt: skip
    return p


def machine() -> str:
    """CPU model, cores, Python and OS: enough to compare timings between runs."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                cpu,
            )
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def engine_speed(first: Any) -> dict[str, float]:
    """Step times with 5/20/100 loads, and replay throughput on `first` (a week scenario)."""
    return {
        "step_us_5_loads": step_time_us(5),
        "step_us_20_loads": step_time_us(20),
        "step_us_100_loads": step_time_us(100),
        "replay_samples_per_s": replay_samples_per_s(first),
    }


NO_PLAN = "capacity_manager_no_plan"


def without_plans(scenario: Any) -> Any:
    """`scenario` with its drivers' charging plans left out."""
    evs = [dataclasses.replace(e, plans=False) for e in scenario.evs]
    return dataclasses.replace(scenario, evs=evs)


def run_scenarios(
    built: Sequence[tuple[Any, bench_data.Overlay]], progress: Progress
) -> list[dict[str, Any]]:
    """Every controller on every scenario, as the JSON's `scenarios` list."""
    out = []
    total = len(built) * len(CONTROLLER_NAMES)
    for i, (scenario, laid) in enumerate(built):
        controllers = {}
        for j, name in enumerate(CONTROLLER_NAMES):
            progress.label = name
            progress(i * len(CONTROLLER_NAMES) + j, total)
            controllers[name] = run_controller(name, scenario).metrics
        # The same home whose driver never sets a plan: what plans add (bench_data.py).
        controllers[NO_PLAN] = run_controller("capacity_manager", without_plans(scenario)).metrics
        out.append(
            {
                "name": scenario.name,
                "limit_w": float(scenario.limit_w),
                "latency_s": float(scenario.latency_s),
                "step_s": float(scenario.step_s),
                "ev_source_week": laid.source_week.date().isoformat() if laid.source_week else None,
                "controllers": controllers,
            }
        )
    progress(total, total)
    progress.close()
    return out


def ha_table(latency: dict[str, dict[str, float]]) -> str:
    """One row per load count: sensor write → first command, next to a bare state listener."""
    lines = [
        "| HA: sensor write → first command | p50 ms | p99 ms | bare listener p50 ms | p99 ms |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {key.removeprefix('loads_')} loads | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
        f"{row['bare_p50_ms']:.3f} | {row['bare_p99_ms']:.3f} |"
        for key, row in latency.items()
    ]
    return "\n".join(lines)


def summary(results: dict[str, Any], checks: Sequence[Check]) -> str:
    """Date, machine and data, the tables of the parts that ran, and the targets met."""
    meta = results["meta"]
    lines = [
        f"{meta['date']} on {meta['machine']}. Data: {meta['data']} "
        f"(EV sessions of user {meta['ev_user'] or '—'}).",
        "",
    ]
    if results.get("scenarios"):
        lines += [markdown_table(results["scenarios"]), ""]
    if (engine := results.get("engine")) is not None:
        lines += [
            "| step µs, 5 loads | 20 loads | 100 loads | replay samples/s |",
            "|---|---|---|---|",
            f"| {engine['step_us_5_loads']:.1f} | {engine['step_us_20_loads']:.1f} | "
            f"{engine['step_us_100_loads']:.1f} | {engine['replay_samples_per_s']:,.0f} |",
            "",
        ]
    if (latency := results.get("ha_latency")) is not None:
        lines += [ha_table(latency), ""]
    if results.get("tariff", {}).get("weeks"):
        lines += [tariff_table(results["tariff"]), ""]
    lines.append(f"Targets: {sum(c.ok for c in checks)} of {len(checks)} met.")
    return "\n".join(lines) + "\n"


def markdown(results: dict[str, Any], checks: Sequence[Check]) -> str:
    """bench/results.md: the summary, then every target as a PASS/FAIL line."""
    lines = [f"- {c.line()}" for c in checks]
    modbus = f"{summary_line(results['modbus'])}\n\n" if "modbus" in results else ""
    return (
        "# Capacity Manager benchmark\n\n"
        + summary(results, checks)
        + "\n"
        + modbus
        + "\n".join(lines)
        + "\n"
    )


def update_readme(readme: Path, block: str) -> bool:
    """Replace the text between the README's bench markers with `block` (False: no markers)."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    head = text[: start + len(README_START)]
    readme.write_text(f"{head}\n{block.rstrip()}\n{text[end:]}", encoding="utf-8")
    return True


def _shown(data: Path) -> str:
    """The data folder as the README names it (no machine-specific absolute path)."""
    return "../shared/data" if data.resolve() == DEFAULT_DATA.resolve() else str(data)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 also when data is missing)."""
    args = parser().parse_args(argv)
    data: Path = args.data
    weeks = bench_data.uci_weeks(data) if data.is_dir() else []
    if not weeks:
        where = "does not exist" if not data.is_dir() else f"holds no {bench_data.UCI_GLOB} file"
        if args.ha_samples <= 0:
            print(f"bench: {data} {where}: nothing to benchmark (see README, Benchmark).")
            return 0
        print(f"bench: {data} {where}: only the Home Assistant latency is measured.")
    built: list[tuple[Any, bench_data.Overlay]] = []
    user = None
    try:
        if weeks:
            ev, user, messages = bench_data.load_ev(data)
            for message in messages:
                print(f"bench: {message}", file=sys.stderr)
            built = bench_data.scenarios(weeks, ev, user)
    except InputError as err:
        print(f"bench: error: {err}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {}
    if built:
        results["scenarios"] = run_scenarios(built, Progress("bench", enabled=args.progress))
        results["engine"] = engine_speed(built[0][0])
        if args.tariff:
            results["tariff"] = tariff_bench([scenario for scenario, _ in built])
    if args.ha_samples > 0:
        results["ha_latency"] = bench_ha.ha_latency(args.ha_samples)
    results["meta"] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": machine(),
        "data": f"{len(weeks) or 'no'} UCI week(s) in {_shown(data)}",
        "ev_user": user,
    }
    if args.modbus and weeks:
        results["modbus"] = modbus_bench()
    if weeks and args.what_if_days > 0:  # synthetic history, as slow as a scenario
        results["what_if"] = what_if_bench(args.what_if_days)
    checks = all_checks(results)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(results, checks), encoding="utf-8")
    for scenario in results.get("scenarios", []):
        print(f"\n{scenario['name']} (limit {scenario['limit_w']:.0f} W)")
        print(text_table(scenario["controllers"]))
    if "ha_latency" in results:
        print(f"\n{ha_table(results['ha_latency'])}")
    if "modbus" in results:
        print(f"\n{summary_line(results['modbus'])}")
    print()
    for check in checks:
        print(check.line())
    print(f"\nwrote {out} and {out.with_suffix('.md')}")
    if args.readme:
        if update_readme(README, summary(results, checks)):
            print(f"updated {README}")
        else:
            print(f"bench: no bench markers in {README}: not updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
