"""Capacity tariff (pure): the month's peak of completed windows, and the engine's window limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from custom_components.capacity_manager.engine.models import LimitConfig
from custom_components.capacity_manager.grid.tariff import MonthPeak, with_tariff

Q = 900.0  # a quarter hour


def test_a_window_counts_once_complete_and_the_highest_is_kept() -> None:
    peak = MonthPeak()
    peak.observe(0 * Q, "2025-03", 1000.0)
    peak.observe(0 * Q, "2025-03", 2500.0)  # the average so far grows within the window
    assert peak.peak_w is None  # not complete yet
    peak.observe(1 * Q, "2025-03", 800.0)
    assert peak.export() == {"month": "2025-03", "peak_w": 2500.0, "peak_start": 0.0}
    peak.observe(2 * Q, "2025-03", 3000.0)  # window 1 ended at 800 W: lower
    assert peak.peak_w == 2500.0
    peak.observe(3 * Q, "2025-03", None)  # window 2 ended at 3000 W: the new peak
    assert peak.export() == {"month": "2025-03", "peak_w": 3000.0, "peak_start": 2 * Q}


def test_a_new_month_starts_from_nothing_and_the_old_months_last_window_does_not_leak() -> None:
    peak = MonthPeak()
    peak.observe(0.0, "2025-03", 4000.0)
    peak.observe(Q, "2025-04", 500.0)
    assert (peak.month, peak.peak_w) == ("2025-04", None)
    peak.observe(2 * Q, "2025-04", 700.0)
    assert peak.peak_w == 500.0


def test_the_peak_survives_a_restart_within_the_month() -> None:
    before = MonthPeak()
    before.observe(0.0, "2025-03", 4000.0)
    before.observe(Q, "2025-03", 100.0)
    after = MonthPeak.restore(before.export())
    after.observe(5 * Q, "2025-03", 50.0)
    after.observe(6 * Q, "2025-03", 50.0)
    assert after.peak_w == 4000.0
    assert MonthPeak.restore({"month": 3, "peak_w": "x"}).peak_w is None


@dataclass
class _Sub:
    subentry_type: str
    data: dict[str, Any] = field(default_factory=dict)


def test_a_tariff_subentry_sets_the_engines_window_limit() -> None:
    limits = LimitConfig(panel_limit_w=9000.0)
    tariff = _Sub("limit_source", {"kind": "tariff", "window_limit_kw": 2.5, "window_min": 15})
    other = _Sub("load", {"kind": "tariff", "window_limit_kw": 1})
    applied = with_tariff(limits, [other, tariff])
    assert (applied.window_limit_w, applied.window_s) == (2500.0, 900.0)
    assert with_tariff(limits, [other]).window_limit_w is None
    broken = _Sub("limit_source", {"kind": "tariff", "window_limit_kw": 0})
    assert with_tariff(limits, [broken]) == limits
