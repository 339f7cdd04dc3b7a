"""tools.bench_tradeoff: capacity_manager with stricter thresholds on the benchmark scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.capacity_manager.engine.models import Thresholds
from tests.tools.test_bench import tiny_data
from tools import bench_data
from tools.bench_tradeoff import SETTINGS, main, markdown, tradeoff


def test_more_room_kept_means_less_time_above_and_more_energy_lost(tmp_path: Path) -> None:
    data = tiny_data(tmp_path)
    ev, user, _ = bench_data.load_ev(data)
    scenarios = [s for s, _ in bench_data.scenarios(bench_data.uci_weeks(data), ev, user)]
    rows = tradeoff(scenarios, (Thresholds(), Thresholds(shed=0.8, target=0.75, restore=0.7)))
    default, strict = (row["totals"] for row in rows)
    assert default["ev_sessions"] == strict["ev_sessions"] == 2 * len(scenarios)
    # Keeping a fifth of the limit free gives the house's steps room, and costs energy.
    assert strict["seconds_above_limit"] < default["seconds_above_limit"]
    assert strict["energy_unserved_kwh"] > default["energy_unserved_kwh"]
    for row in rows:  # every target is judged once per scenario
        assert sum(row["met"].values()) <= 6 * len(scenarios)
    table = markdown(rows, len(scenarios))
    assert table.splitlines()[2].startswith("| 95% / 90% / 85% |")
    assert table.splitlines()[3].startswith("| 80% / 75% / 70% |")


def test_the_sweep_starts_at_the_defaults_and_only_keeps_more_room() -> None:
    assert SETTINGS[0] == Thresholds()
    restores = [s.restore for s in SETTINGS]
    assert restores == sorted(restores, reverse=True)


def test_without_data_it_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_path / "absent")]) == 0
    assert "nothing to compare" in capsys.readouterr().out
