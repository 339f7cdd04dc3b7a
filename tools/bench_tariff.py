"""The 15-minute capacity tariff on the UCI weeks: the billed peak with and without it.

A capacity tariff bills the highest average over a clock-aligned 15-minute window. For each
week's fixed-panel scenario (7200 W, the one limit not derived from the data) our controller
runs twice: with the panel limit alone, and with the engine's rolling-window limit
(`LimitConfig.window_limit_w`) set to `WINDOW_FRACTION` of the panel limit as well. Reported per
week: the highest 15-minute average demand (the billed peak) of both runs and of the house left
uncontrolled, and the energy never served (all loads, and the EV alone): what the lower peak
costs. Each week stands in for a billing month.

Why a fraction of the panel limit and not of the uncontrolled peak: with an EV the uncontrolled
15-minute peak is far above what the panel allows (10-13 kW against 7.2 kW), so a tariff set
from it would not bind; the panel limit is the level the site already lives with.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Mapping, Sequence
from typing import Any

from custom_components.capacity_manager.engine.comparison import run_controller
from custom_components.capacity_manager.engine.scenario import Scenario

from .bench_data import FIXED_LIMIT_W

WINDOW_S = 900.0
WINDOW_FRACTION = 0.7  # the tariff's window limit, as a share of the panel limit


def highest_window_average_w(
    times_s: Sequence[float], site_w: Sequence[float], step_s: float, window_s: float = WINDOW_S
) -> float:
    """The highest average power over clock-aligned windows (a partial window: its own span).

    `site_w[i]` is the average power of the step starting at `times_s[i]` (`step_s` long).
    """
    energy: dict[int, float] = {}
    span: dict[int, float] = {}
    for t, watts in zip(times_s, site_w, strict=True):
        key = math.floor(t / window_s)
        energy[key] = energy.get(key, 0.0) + watts * step_s
        span[key] = span.get(key, 0.0) + step_s
    return max((energy[k] / span[k] for k in energy), default=0.0)


def with_window_limit(scenario: Scenario, window_limit_w: float) -> Scenario:
    """The same scenario with a capacity tariff: the window average must stay below the limit."""
    limits = dataclasses.replace(
        scenario.site.limits, window_limit_w=window_limit_w, window_s=WINDOW_S
    )
    return dataclasses.replace(scenario, site=dataclasses.replace(scenario.site, limits=limits))


def _peak(name: str, scenario: Scenario) -> tuple[float, dict[str, Any]]:
    result = run_controller(name, scenario, record=True)
    assert result.series is not None  # record=True
    series = result.series
    return highest_window_average_w(series.times_s, series.site_w, scenario.step_s), result.metrics


def tariff_week(scenario: Scenario) -> dict[str, Any]:
    """Our controller on one scenario with and without the tariff, and the house uncontrolled."""
    window_limit = WINDOW_FRACTION * scenario.limit_w
    uncontrolled, _ = _peak("uncontrolled", scenario)
    without, before = _peak("capacity_manager", scenario)
    with_, after = _peak("capacity_manager", with_window_limit(scenario, window_limit))
    return {
        "name": scenario.name,
        "panel_limit_w": float(scenario.limit_w),
        "window_limit_w": round(window_limit, 1),
        "peak_uncontrolled_w": round(uncontrolled, 1),
        "peak_without_w": round(without, 1),
        "peak_with_w": round(with_, 1),
        "unserved_kwh_without": round(before["energy_unserved_kwh"], 3),
        "unserved_kwh_with": round(after["energy_unserved_kwh"], 3),
        "ev_unserved_kwh_without": round(before["ev_energy_unserved_kwh"], 3),
        "ev_unserved_kwh_with": round(after["ev_energy_unserved_kwh"], 3),
        "ev_sessions": before["ev_sessions"],
        "ev_served_without": before["ev_sessions_fully_served"],
        "ev_served_with": after["ev_sessions_fully_served"],
    }


def tariff_bench(scenarios: Sequence[Scenario]) -> dict[str, Any]:
    """Every week's fixed-panel scenario (the others are skipped), and the time it took."""
    t0 = time.perf_counter()
    weeks = [tariff_week(s) for s in scenarios if s.limit_w == FIXED_LIMIT_W]
    return {
        "window_min": WINDOW_S / 60.0,
        "window_fraction_of_panel": WINDOW_FRACTION,
        "weeks": weeks,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def tariff_table(tariff: Mapping[str, Any]) -> str:
    """One markdown row per week: the billed peak and the energy never served, both ways."""
    lines = [
        "| capacity tariff (15 min) | panel W | window limit W | uncontrolled peak W | "
        "peak without W | peak with W | unserved kWh without | with | EV unserved kWh "
        "without | with | EV served without | with |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {w['name'].split(' @ ')[0]} | {w['panel_limit_w']:.0f} | {w['window_limit_w']:.0f} | "
        f"{w['peak_uncontrolled_w']:.0f} | {w['peak_without_w']:.0f} | {w['peak_with_w']:.0f} | "
        f"{w['unserved_kwh_without']:.2f} | {w['unserved_kwh_with']:.2f} | "
        f"{w['ev_unserved_kwh_without']:.2f} | {w['ev_unserved_kwh_with']:.2f} | "
        f"{w['ev_served_without']}/{w['ev_sessions']} | {w['ev_served_with']}/{w['ev_sessions']} |"
        for w in tariff["weeks"]
    ]
    return "\n".join(lines)
