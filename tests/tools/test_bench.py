"""scripts/bench on a tiny data folder with the shared layout."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from custom_components.capacity_manager.engine.metrics import REQUIRED_KEYS
from tools import bench_data
from tools.bench import README_END, README_START, main, update_readme, without_plans
from tools.bench_checks import all_checks
from tools.ev_sessions import read_ev_sessions

CONTROLLERS = {
    "capacity_manager",
    "capacity_manager_no_plan",
    "oracle",
    "threshold_rule",
    "ev_headroom",
}
ENGINE_KEYS = {"step_us_5_loads", "step_us_20_loads", "step_us_100_loads", "replay_samples_per_s"}

EV_CSV = """plug_in,plug_out,energy_kwh,max_kw,user_id,garage_id,user_type,source_session_id
2019-01-21T08:00,2019-01-21T12:00,6.5,,P1,G,Private,1
2019-01-21T17:00,2019-01-21T23:00,20.0,,P1,G,Private,2
2019-01-22T18:00,2019-01-23T07:00,25.0,,P1,G,Private,3
2019-01-23T18:00,2019-01-23T18:00,1.0,,P1,G,Private,4
2019-01-21T09:00,2019-01-21T10:00,2.0,,S1,G,Shared,5
2019-01-21T11:00,2019-01-21T12:00,2.0,,S1,G,Shared,6
2019-01-21T13:00,2019-01-21T14:00,2.0,,S1,G,Shared,7
2019-01-21T15:00,2019-01-21T16:00,2.0,,S1,G,Shared,8
2019-01-21T19:00,2019-01-21T20:00,2.0,,S1,G,Shared,9
"""


def uci_day(path: Path) -> None:
    """One Monday in the UCI week format: base load, a kitchen, laundry and water heater."""
    rows = ["timestamp,grid_w,kitchen_w,laundry_w,waterheater_ac_w,unmetered_w,voltage_v"]
    for minute in range(24 * 60):
        hour = minute // 60
        kitchen = 2400 if 18 <= hour < 19 else 0
        laundry = 2200 if 19 <= hour < 21 else 60
        heater = 1080 if hour in (7, 20) else 0
        base = 400 + (600 if 17 <= hour < 23 else 0)
        total = base + kitchen + laundry + heater
        stamp = f"2007-01-01T{hour:02d}:{minute % 60:02d}:00"
        rows.append(f"{stamp},{total},{kitchen},{laundry},{heater},{base},240")
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")


def tiny_data(root: Path) -> Path:
    data = root / "data"
    (data / "ev").mkdir(parents=True)
    uci_day(data / "uci_test_house_week_2007-01-01.csv.gz")
    (data / "ev" / "test_sessions.csv").write_text(EV_CSV, encoding="utf-8")
    return data


def test_bench_on_a_tiny_folder_writes_the_schema(tmp_path, capsys):
    out = tmp_path / "results" / "bench.json"
    assert (
        main(
            [
                "--data",
                str(tiny_data(tmp_path)),
                "--out",
                str(out),
                "--ha-samples",
                "0",
                "--what-if-days",
                "0",
            ]
        )
        == 0
    )
    results = json.loads(out.read_text(encoding="utf-8"))
    assert {"scenarios", "engine"} <= set(results)
    assert [s["name"].split(" @ ")[1] for s in results["scenarios"]] == ["75% of peak", "7200 W"]
    peak = 1000 + 2200 + 1080  # 20:00: base, laundry and water heater together
    assert results["scenarios"][0]["limit_w"] == round(0.75 * peak)
    for scenario in results["scenarios"]:
        assert isinstance(scenario["name"], str)
        assert isinstance(scenario["limit_w"], float)
        assert isinstance(scenario["latency_s"], float)
        assert set(scenario["controllers"]) == CONTROLLERS
        for metrics in scenario["controllers"].values():
            assert set(REQUIRED_KEYS) <= set(metrics)
            # the Private user's two Monday sessions fit the day; Tuesday's does not
            assert metrics["ev_sessions"] == 2
        assert scenario["ev_source_week"] == "2019-01-21"
    assert set(results["engine"]) == ENGINE_KEYS
    assert all(isinstance(v, float) and v > 0 for v in results["engine"].values())

    markdown = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "| scenario | limit W | controller |" in markdown
    assert markdown.count("| uci_test_house_week_2007-01-01 @") == 2 * len(CONTROLLERS)
    captured = capsys.readouterr()
    checks = [line for line in captured.out.splitlines() if line.startswith(("PASS ", "FAIL "))]
    assert len(checks) == 2 * 6 + 2 + 1  # + the capacity tariff on the 7200 W scenario
    assert "skipped 1 session with plug-out not after plug-in (line 5)" in captured.err


def test_bench_without_data_says_so_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "results.json"
    assert (
        main(
            [
                "--data",
                str(tmp_path / "absent"),
                "--out",
                str(out),
                "--ha-samples",
                "0",
                "--what-if-days",
                "0",
            ]
        )
        == 0
    )
    assert "nothing to benchmark" in capsys.readouterr().out
    assert not out.exists()


def test_bench_without_ev_folder_runs_the_weeks_alone(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    uci_day(data / "uci_x_week_2007-01-01.csv.gz")
    out = tmp_path / "r.json"
    assert (
        main(
            [
                "--data",
                str(data),
                "--out",
                str(out),
                "--no-progress",
                "--ha-samples",
                "0",
                "--what-if-days",
                "0",
            ]
        )
        == 0
    )
    assert "without an EV" in capsys.readouterr().err
    scenarios = json.loads(out.read_text(encoding="utf-8"))["scenarios"]
    assert all(m["ev_sessions"] == 0 for s in scenarios for m in s["controllers"].values())


def test_bench_reports_bad_data_with_status_2(tmp_path, capsys):
    data = tiny_data(tmp_path)
    (data / "ev" / "test_sessions.csv").write_text(EV_CSV.replace("6.5", "lots"), encoding="utf-8")
    assert (
        main(
            [
                "--data",
                str(data),
                "--out",
                str(tmp_path / "r.json"),
                "--ha-samples",
                "0",
                "--what-if-days",
                "0",
            ]
        )
        == 2
    )
    assert "test_sessions.csv, line 2, column 'energy_kwh'" in capsys.readouterr().err


def test_user_choice_prefers_private_users_then_smallest_id(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(EV_CSV, encoding="utf-8")
    assert bench_data.pick_user(read_ev_sessions(path)) == "P1"  # S1 has more but is Shared
    tie = "".join(
        f"2019-02-0{d}T08:00,2019-02-0{d}T09:00,1.0,,P0,G,Private,{10 + d}\n" for d in range(1, 4)
    )
    path.write_text(EV_CSV + tie, encoding="utf-8")
    assert bench_data.pick_user(read_ev_sessions(path)) == "P0"  # 3 sessions each: smallest id


def test_overlay_keeps_weekday_and_time_of_day(tmp_path):
    data = tiny_data(tmp_path)
    ev = read_ev_sessions(data / "ev" / "test_sessions.csv")
    weeks = bench_data.user_weeks(ev, "P1")
    house = bench_data.read_week(next(iter(bench_data.uci_weeks(data))))
    laid = bench_data.overlay(house, weeks[0])
    start = house.timestamps_s[0]  # Monday 2007-01-01 00:00
    assert [(s.plug_in_s - start) / 3600 for s in laid.sessions] == [8.0, 17.0]
    assert [s.energy_wh for s in laid.sessions] == [6500.0, 20000.0]
    assert laid.dropped == 1


def test_bench_drivers_set_plans_and_the_no_plan_run_has_none(tmp_path):
    data = tiny_data(tmp_path)
    ev = read_ev_sessions(data / "ev" / "test_sessions.csv")
    scenarios = bench_data.scenarios(bench_data.uci_weeks(data), ev, "P1")
    scenario = scenarios[0][0]
    assert scenario.evs
    assert all(e.plans for e in scenario.evs)
    plain = without_plans(scenario)
    assert not any(e.plans for e in plain.evs)
    assert [e.sessions for e in plain.evs] == [e.sessions for e in scenario.evs]


def test_checks_compare_with_the_baselines():
    metrics = dict.fromkeys(REQUIRED_KEYS, 0)
    metrics |= {"ev_sessions": 4, "ev_sessions_fully_served": 4}
    worse = metrics | {"seconds_above_limit": 100, "energy_unserved_kwh": 9, "switch_cycles": 9}
    ours = metrics | {"seconds_above_limit": 5, "overload_events": 1, "switch_cycles": 3}
    scenario = {
        "name": "s",
        "limit_w": 1.0,
        "latency_s": 10.0,
        "controllers": {
            "capacity_manager": ours,
            "oracle": metrics,
            "threshold_rule": worse,
            "ev_headroom": worse,
        },
    }
    engine = {"step_us_20_loads": 60.0, "replay_samples_per_s": 300_000.0}
    lines = [c.line() for c in all_checks({"scenarios": [scenario], "engine": engine})]
    assert all(line.startswith("PASS") for line in lines[:6]), lines
    assert lines[6].startswith("FAIL engine: ≤ 50 µs")
    assert lines[7].startswith("PASS engine: replay")
    scenario["controllers"]["capacity_manager"] = ours | {"ev_sessions_fully_served": 3}
    failing = [c for c in all_checks({"scenarios": [scenario], "engine": engine}) if not c.ok]
    targets = [c.target for c in failing]
    assert targets == ["EV sessions fully served ≥ oracle − 1 pp", "≤ 50 µs per step with 20 loads"]


def test_readme_block_is_replaced_between_markers_only(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# T\n{README_START}\nold\n{README_END}\ntail\n", encoding="utf-8")
    assert update_readme(readme, "| new |\n")
    assert (
        readme.read_text(encoding="utf-8") == f"# T\n{README_START}\n| new |\n{README_END}\ntail\n"
    )
    readme.write_text("no markers\n", encoding="utf-8")
    assert not update_readme(readme, "x")
    assert readme.read_text(encoding="utf-8") == "no markers\n"
