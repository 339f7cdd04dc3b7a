"""The replay command on the demo day and on small house files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from custom_components.capacity_manager.engine.comparison import CONTROLLER_NAMES
from custom_components.capacity_manager.engine.metrics import REQUIRED_KEYS
from tools import demo
from tools.inputs import InputError, parse_limit
from tools.replay import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_demo_prints_every_controller_and_writes_a_png(tmp_path, capsys):
    plot = tmp_path / "figures" / "demo.png"
    assert main(["--plot", str(plot)]) == 0
    out = capsys.readouterr().out
    assert "limit 7200 W" in out
    rows = [
        line.split()[0] for line in out.splitlines()[2:] if line and not line.startswith("plot")
    ]
    assert rows == list(CONTROLLER_NAMES)
    assert plot.read_bytes().startswith(PNG_MAGIC)
    assert plot.stat().st_size > 20_000  # a real figure, not an empty canvas


def test_demo_day_is_the_papers_setup():
    house = demo.house()
    entry, sessions = demo.ev()
    assert len(house.total_w) == 24 * 60
    assert max(house.total_w) < demo.LIMIT_W  # the house alone fits…
    config = entry.config(demo.CHARGER_KW)
    charger_w = config.max_setpoint * config.setpoint_unit_w
    assert max(house.total_w) + charger_w > demo.LIMIT_W  # …the house plus the car does not
    assert sessions[0].energy_wh == 30_000
    assert house.total_w == demo.house().total_w  # deterministic


def test_demo_json_for_one_controller(capsys, tmp_path):
    assert main(["--controller", "oracle", "--json", "--plot", str(tmp_path / "p.png")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["controllers"]) == ["oracle"]
    assert set(REQUIRED_KEYS) <= set(data["controllers"]["oracle"])
    assert data["scenario"]["limit_w"] == 7200


def test_limit_latency_and_sample_interval_reach_the_scenario(capsys, tmp_path):
    argv = ["--limit", "30Ax240V", "--latency", "0", "--sample-interval", "30", "--json"]
    assert main([*argv, "--controller", "threshold_rule", "--plot", str(tmp_path / "p.png")]) == 0
    scenario = json.loads(capsys.readouterr().out)["scenario"]
    assert scenario == {**scenario, "limit_w": 7200.0, "latency_s": 0.0, "step_s": 30.0}


def _house(tmp_path: Path) -> Path:
    """Two hours at one minute: a dryer and an oven on top of a base load."""
    lines = ["time,mains_w,dryer_w,oven_w,note"]
    for minute in range(120):
        dryer = 2500 if 30 <= minute < 70 else 0
        oven = 3000 if 50 <= minute < 90 else 0
        stamp = f"2024-03-01T{10 + minute // 60:02d}:{minute % 60:02d}:00"
        lines.append(f"{stamp},{800 + dryer + oven},{dryer},{oven},x")
    path = tmp_path / "house.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines).replace("time,", "timestamp,") + "\n")
    return path


def test_house_loads_and_ev_from_files(tmp_path, capsys):
    loads = tmp_path / "loads.yaml"
    loads.write_text(
        "- {name: Dryer, column: dryer_w, priority: 2, rated_power_w: 2500, min_off_s: 60}\n"
        "- {name: Oven, column: oven_w, behaviour: interruptible, priority: 1, never_shed: true}\n"
        "- {name: Car, kind: ev, priority: 3, charger_kw: 11, phases: 3}\n",
        encoding="utf-8",
    )
    ev = tmp_path / "ev.csv"
    ev.write_text(
        "plug_in,plug_out,energy_kwh,user_id\n"
        "2024-03-01T10:20,2024-03-01T11:50,8,a\n"
        "2024-03-02T10:20,2024-03-02T11:50,8,a\n",  # the next day: outside the trace
        encoding="utf-8",
    )
    argv = ["--house", str(_house(tmp_path)), "--total-column", "mains_w", "--loads", str(loads)]
    assert main([*argv, "--ev-sessions", str(ev), "--limit", "6kW", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"]["hours"] == 2.0
    for metrics in data["controllers"].values():
        assert metrics["ev_sessions"] == 1  # only the session inside the trace
        assert set(metrics["per_load"]) == {"dryer", "oven", "car"}
        assert metrics["per_load"]["oven"]["sheds"] == 0  # never shed stays on


def test_ev_sessions_without_loads_file_add_a_default_charger(tmp_path, capsys):
    ev = tmp_path / "ev.csv"
    ev.write_text("plug_in,plug_out,energy_kwh\n1709287200,1709290800,3\n", encoding="utf-8")
    argv = ["--house", str(_house(tmp_path)), "--total-column", "mains_w", "--ev-sessions", str(ev)]
    assert main([*argv, "--json", "--controller", "ev_headroom"]) == 0
    captured = capsys.readouterr()
    metrics = json.loads(captured.out)["controllers"]["ev_headroom"]
    assert metrics["ev_sessions"] == 1
    assert list(metrics["per_load"]) == ["ev"]


def test_no_loads_is_a_warning_not_an_error(tmp_path, capsys):
    argv = ["--house", str(_house(tmp_path)), "--total-column", "mains_w", "--plot"]
    assert main([*argv, str(tmp_path / "p.png"), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "nothing to control" in err
    assert "100.0%" in err  # the progress bar, forced on
    assert (tmp_path / "p.png").exists()


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--latency=-1"], "--latency"),
        (["--latency", "soon"], "--latency"),
        (["--sample-interval", "0"], "--sample-interval"),
        (["--charger-kw", "nan"], "--charger-kw"),
        (["--controller", "magic"], "--controller"),
    ],
)
def test_bad_options_exit_2_naming_the_option(capsys, argv, option):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert f"argument {option}:" in capsys.readouterr().err


def test_loads_need_a_house(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--loads", str(tmp_path / "loads.yaml")])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("text", "watts"),
    [
        ("7200", 7200.0),
        ("7200W", 7200.0),
        ("7.2 kW", 7200.0),
        ("32A", 32 * 230.0),
        ("30Ax240V", 7200.0),
        ("30A x 240V", 7200.0),
        ("16Ax230Vx3", 16 * 230.0 * 3),
        ("25A*230V*3ph", 25 * 230.0 * 3),
    ],
)
def test_limit_formats(text, watts):
    assert parse_limit(text) == pytest.approx(watts)


@pytest.mark.parametrize("text", ["", "A", "-1", "32Ax", "7200 VA", "1e999"])
def test_bad_limits(text):
    with pytest.raises(InputError, match="--limit"):
        parse_limit(text)
