"""Format metrics dicts as a compact aligned text table or a markdown table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Metrics = Mapping[str, Any]

CONTROLLERS = ("capacity_manager", "oracle", "threshold_rule", "ev_headroom")


def _avoidable(m: Metrics) -> float:
    return max(0.0, float(m["seconds_above_limit"]) - float(m["unavoidable_seconds_above_limit"]))


def _ev(m: Metrics) -> str:
    return f"{m['ev_sessions_fully_served']}/{m['ev_sessions']}" if m["ev_sessions"] else "-"


#: (header, cell) pairs: one column each; cells are strings so alignment is simple.
COLUMNS: tuple[tuple[str, Callable[[Metrics], str]], ...] = (
    ("above s", lambda m: f"{m['seconds_above_limit']:.0f}"),
    ("avoidable s", lambda m: f"{_avoidable(m):.0f}"),
    ("events", lambda m: f"{m['overload_events']}"),
    ("max over W", lambda m: f"{m['max_overshoot_w']:.0f}"),
    ("above Wh", lambda m: f"{m['energy_above_limit_wh']:.1f}"),
    ("cycles", lambda m: f"{m['switch_cycles']}"),
    ("deferred kWh", lambda m: f"{m['energy_deferred_kwh']:.2f}"),
    ("unserved kWh", lambda m: f"{m['energy_unserved_kwh']:.2f}"),
    ("EV served", _ev),
    ("EV delay min", lambda m: f"{m['ev_mean_delay_min']:.0f}" if m["ev_sessions"] else "-"),
    ("µs/step", lambda m: f"{m.get('decision_time_us_per_step', 0.0):.1f}"),
)


def _rows(results: Mapping[str, Metrics]) -> list[list[str]]:
    return [[name, *(cell(m) for _, cell in COLUMNS)] for name, m in results.items()]


def text_table(results: Mapping[str, Metrics]) -> str:
    """One row per controller, aligned for a terminal (numbers right-aligned)."""
    header = ["controller", *(h for h, _ in COLUMNS)]
    rows = [header, *_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def markdown_table(scenarios: list[Mapping[str, Any]]) -> str:
    """All scenarios of a benchmark, one row per scenario and controller."""
    header = ["scenario", "limit W", "controller", *(h for h, _ in COLUMNS)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for scenario in scenarios:
        for row in _rows(scenario["controllers"]):
            cells = [scenario["name"], f"{scenario['limit_w']:.0f}", *row]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
