"""scripts/bench's capacity-tariff part: the billed 15-minute peak with and without the tariff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.tools.test_bench import tiny_data
from tools import bench_data
from tools.bench import main
from tools.bench_checks import tariff_checks
from tools.bench_tariff import WINDOW_FRACTION, highest_window_average_w

TARIFF_CHECK = "highest 15-min average with the tariff < without"


def _bench(tmp_path: Path, *extra: str) -> tuple[dict[str, Any], str]:
    out = tmp_path / "results.json"
    args = ["--data", str(tiny_data(tmp_path)), "--out", str(out), "--no-progress"]
    args += ["--ha-samples", "0", "--what-if-days", "0", "--no-modbus", *extra]
    assert main(args) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    return results, out.with_suffix(".md").read_text(encoding="utf-8")


def test_the_tariff_lowers_the_billed_peak_of_the_week(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results, markdown = _bench(tmp_path)
    tariff = results["tariff"]
    assert tariff["window_min"] == 15.0
    [week] = tariff["weeks"]  # one week, its fixed-panel scenario only
    assert week["name"].endswith(f"@ {bench_data.FIXED_LIMIT_W:.0f} W")
    assert week["window_limit_w"] == pytest.approx(WINDOW_FRACTION * bench_data.FIXED_LIMIT_W)
    # The car at 7.4 kW on top of the house: far above the tariff when nothing controls it.
    assert week["peak_uncontrolled_w"] > week["peak_without_w"]
    assert week["peak_with_w"] < week["peak_without_w"]
    assert week["peak_with_w"] <= week["window_limit_w"] * 1.02  # the window limit is held
    # The price: what the car did not get (never less than without the tariff).
    assert week["ev_unserved_kwh_with"] >= week["ev_unserved_kwh_without"]
    assert week["ev_sessions"] == 2
    assert tariff["seconds"] >= 0

    printed = capsys.readouterr().out
    assert f"PASS tariff uci_test_house_week_2007-01-01: {TARIFF_CHECK}" in printed
    assert "| capacity tariff (15 min) | panel W | window limit W |" in markdown
    assert f"| uci_test_house_week_2007-01-01 | 7200 | {week['window_limit_w']:.0f} |" in markdown
    assert TARIFF_CHECK in markdown


def test_no_tariff_leaves_it_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results, markdown = _bench(tmp_path, "--no-tariff")
    assert "tariff" not in results
    assert {"scenarios", "engine"} <= set(results)  # the rest still runs
    assert "capacity tariff" not in markdown
    assert TARIFF_CHECK not in capsys.readouterr().out


def test_windows_are_clock_aligned_quarter_hours() -> None:
    minutes = [float(60 * m) for m in range(60)]  # one hour from 00:00, one sample a minute
    # 6 kW from 00:10 to 00:25: 15 minutes, but split over two billing windows.
    straddling = [6000.0 if 10 <= m < 25 else 0.0 for m in range(60)]
    assert highest_window_average_w(minutes, straddling, 60.0) == pytest.approx(4000.0)
    aligned = [6000.0 if 15 <= m < 30 else 0.0 for m in range(60)]
    assert highest_window_average_w(minutes, aligned, 60.0) == pytest.approx(6000.0)
    # A trace that ends mid-window: that window is averaged over the part it covers.
    assert highest_window_average_w(minutes[:20], [1000.0] * 20, 60.0) == pytest.approx(1000.0)
    assert highest_window_average_w([], [], 60.0) == 0.0


def test_a_tariff_that_did_not_lower_the_peak_fails_its_check() -> None:
    week = {
        "name": "w @ 7200 W",
        "window_limit_w": 5040.0,
        "peak_with_w": 6000.0,
        "peak_without_w": 6000.0,
        "unserved_kwh_with": 0.0,
        "unserved_kwh_without": 0.0,
    }
    [check] = tariff_checks({"weeks": [week]})
    assert not check.ok
    assert check.line().startswith(f"FAIL tariff w: {TARIFF_CHECK} (6000 vs 6000 W")
    assert tariff_checks({}) == []
