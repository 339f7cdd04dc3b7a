"""Bad replay input: one clear message naming file, line and column; exit status 2."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools.replay import main

REPO = Path(__file__).resolve().parents[2]

HOUSE = """timestamp,grid_w,laundry_w,kitchen_w
2007-01-01T00:00:00,3000,1000,0
2007-01-01T00:01:00,3100,1000,0
2007-01-01T00:02:00,8000,1000,4000
2007-01-01T00:03:00,2500,0,0
"""
LOADS = """loads:
  - name: Laundry
    column: laundry_w
    priority: 2
  - name: Kitchen
    column: kitchen_w
    behaviour: interruptible
    priority: 1
"""
EV = """plug_in,plug_out,energy_kwh,user_id
2007-01-01T00:01,2007-01-01T00:03,0.1,u1
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run_bad(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the CLI, expect exit 2 with a single error line, return it."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("replay: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_missing_total_column_names_file_and_column(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE.replace("grid_w", "power_w"))
    message = run_bad(capsys, ["--house", str(house)])
    assert "house.csv" in message
    assert "line 1" in message
    assert "'grid_w'" in message
    assert "power_w" in message  # the columns that do exist are listed


def test_unknown_total_column_option(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    message = run_bad(capsys, ["--house", str(house), "--total-column", "mains_w"])
    assert "house.csv, line 1, column 'mains_w'" in message


def test_missing_timestamp_column(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE.replace("timestamp", "time"))
    message = run_bad(capsys, ["--house", str(house)])
    assert "column 'timestamp'" in message


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [
        ("2007-01-01T00:02:00", "2007-01-01T00:01:00", "duplicate"),
        ("2007-01-01T00:02:00", "2007-01-01T00:00:30", "earlier"),
    ],
)
def test_timestamps_must_increase(tmp_path, capsys, old, new, word):
    house = write(tmp_path, "house.csv", HOUSE.replace(old, new))
    message = run_bad(capsys, ["--house", str(house)])
    assert "house.csv, line 4, column 'timestamp'" in message
    assert word in message


def test_bad_timestamp_text(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE.replace("2007-01-01T00:03:00", "yesterday"))
    message = run_bad(capsys, ["--house", str(house)])
    assert "line 5, column 'timestamp'" in message
    assert "'yesterday'" in message


@pytest.mark.parametrize("value", ["nan", "", "abc", "inf"])
def test_not_a_number_in_power_column(tmp_path, capsys, value):
    house = write(tmp_path, "house.csv", HOUSE.replace("3100,", f"{value},"))
    message = run_bad(capsys, ["--house", str(house)])
    assert "house.csv, line 3, column 'grid_w'" in message


def test_nan_in_a_load_column_gzip(tmp_path, capsys):
    house = write(tmp_path, "house.csv.gz", HOUSE.replace("8000,1000,4000", "8000,NaN,4000"))
    loads = write(tmp_path, "loads.yaml", LOADS)
    message = run_bad(capsys, ["--house", str(house), "--loads", str(loads)])
    assert "house.csv.gz, line 4, column 'laundry_w'" in message


def test_negative_sub_metered_power(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE.replace("8000,1000,4000", "8000,1000,-60"))
    loads = write(tmp_path, "loads.yaml", LOADS)
    message = run_bad(capsys, ["--house", str(house), "--loads", str(loads)])
    assert "line 4, column 'kitchen_w'" in message
    assert "negative" in message


def test_row_with_missing_fields(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE.replace("2500,0,0", "2500,0"))
    message = run_bad(capsys, ["--house", str(house)])
    assert "house.csv, line 5" in message


def test_unknown_load_column_names_loads_line(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    loads = write(tmp_path, "loads.yaml", LOADS.replace("column: kitchen_w", "column: oven_w"))
    message = run_bad(capsys, ["--house", str(house), "--loads", str(loads)])
    assert "loads.yaml, line 6, column 'oven_w'" in message
    assert "house.csv" in message


@pytest.mark.parametrize(
    ("old", "new", "line", "word"),
    [
        ("priority: 2", "prority: 2", 4, "unknown key 'prority'"),
        ("priority: 2", "priority: high", 4, "priority"),
        ("priority: 2", "priority: 0", 4, "priority"),
        ("priority: 2", "priority: 2.5", 4, "whole number"),
        ("priority: 2", "priority: 2\n    never_shed: 1", 5, "true or false"),
        ("priority: 2", "priority: 2\n    min_off_s: -1", 5, "min_off_s"),
        ("behaviour: interruptible", "behaviour: sometimes", 7, "behaviour"),
        ("  - name: Laundry\n", "  - kind: switched\n", 2, "name"),
        ("column: laundry_w", "column: laundry_w\n    kind: modulated", 4, "modulated"),
        ("column: laundry_w", "column: laundry_w\n    kind: heater", 4, "kind"),
        ("name: Kitchen", "name: Laundry", 5, "two loads"),
        ("priority: 2", "priority: [2", 5, "YAML"),
    ],
)
def test_bad_loads_yaml_names_the_line(tmp_path, capsys, old, new, line, word):
    house = write(tmp_path, "house.csv", HOUSE)
    loads = write(tmp_path, "loads.yaml", LOADS.replace(old, new))
    message = run_bad(capsys, ["--house", str(house), "--loads", str(loads)])
    assert f"loads.yaml, line {line}" in message
    assert word in message


@pytest.mark.parametrize("limit", ["-7200", "0", "-32A", "lots", "nan"])
def test_bad_limit(capsys, limit):
    message = run_bad(capsys, [f"--limit={limit}"])
    assert "--limit" in message


def test_missing_file(tmp_path, capsys):
    message = run_bad(capsys, ["--house", str(tmp_path / "nope.csv")])
    assert "nope.csv" in message
    assert "cannot open" in message


def test_ev_file_without_energy_column(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    ev = write(tmp_path, "ev.csv", EV.replace("energy_kwh", "kwh"))
    message = run_bad(capsys, ["--house", str(house), "--ev-sessions", str(ev)])
    assert "ev.csv, line 1, column 'energy_kwh'" in message


@pytest.mark.parametrize(("value", "word"), [("-3", "negative"), ("x", "not a finite number")])
def test_ev_bad_energy(tmp_path, capsys, value, word):
    house = write(tmp_path, "house.csv", HOUSE)
    ev = write(tmp_path, "ev.csv", EV.replace(",0.1,", f",{value},"))
    message = run_bad(capsys, ["--house", str(house), "--ev-sessions", str(ev)])
    assert "ev.csv, line 2, column 'energy_kwh'" in message
    assert word in message


def test_ev_overlapping_sessions_need_a_user(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    ev = write(tmp_path, "ev.csv", EV + "2007-01-01T00:02,2007-01-01T00:04,0.1,u2\n")
    message = run_bad(capsys, ["--house", str(house), "--ev-sessions", str(ev)])
    assert "ev.csv, line 3, column 'plug_in'" in message
    assert "--ev-user" in message
    assert main(["--house", str(house), "--ev-sessions", str(ev), "--ev-user", "u2"]) == 0


def test_ev_plug_out_not_after_plug_in_is_skipped_and_counted(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    bad = "2007-01-01T00:02,2007-01-01T00:02,1,u1\n2007-01-01T00:03,2007-01-01T00:01,1,u1\n"
    ev = write(tmp_path, "ev.csv", EV + bad + "2007-01-01T00:03,,5,u1\n")
    assert main(["--house", str(house), "--ev-sessions", str(ev), "--json"]) == 0
    captured = capsys.readouterr()
    assert "skipped 2 sessions with plug-out not after plug-in (lines 3, 4)" in captured.err
    assert "skipped 1 session without a plug-out time (line 5)" in captured.err
    assert '"ev_sessions": 1' in captured.out  # the one good session is replayed


def test_ev_file_with_only_bad_sessions_is_an_error(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    ev = write(tmp_path, "ev.csv", EV.replace("00:03,0.1", "00:01,0.1"))
    message = run_bad(capsys, ["--house", str(house), "--ev-sessions", str(ev)])
    assert "ev.csv" in message
    assert "no usable EV session" in message


def test_ev_load_without_sessions(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    loads = write(tmp_path, "loads.yaml", LOADS + "  - name: Car\n    kind: ev\n")
    message = run_bad(capsys, ["--house", str(house), "--loads", str(loads)])
    assert "loads.yaml, line 9" in message
    assert "--ev-sessions" in message


def test_script_exits_2_without_traceback(tmp_path):
    house = write(tmp_path, "house.csv", HOUSE.replace("3100", "nan"))
    done = subprocess.run(
        [sys.executable, "-m", "tools.replay", "--house", str(house)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"replay: error: {house}, line 3, column 'grid_w': 'nan' is not a finite number (W)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "line 1: the file is empty"),
        ("timestamp,grid_w,grid_w\n", "line 1, column 'grid_w': this column name appears twice"),
        ("timestamp,,grid_w\n", "line 1: a column has no name"),
        ("timestamp,grid_w\n", "line 2: no data rows"),
    ],
)
def test_degenerate_house_files(tmp_path, capsys, text, expected):
    house = write(tmp_path, "house.csv", text)
    assert expected in run_bad(capsys, ["--house", str(house)])


def test_corrupt_gzip_is_reported(tmp_path, capsys):
    house = tmp_path / "house.csv.gz"
    house.write_bytes(b"\x1f\x8b\x08\x00garbage")
    message = run_bad(capsys, ["--house", str(house)])
    assert "house.csv.gz: cannot read" in message


def test_blank_lines_are_ignored(tmp_path, capsys):
    house = write(
        tmp_path, "house.csv", HOUSE.replace("\n2007-01-01T00:02", "\n\n2007-01-01T00:02")
    )
    assert main(["--house", str(house), "--json", "--controller", "oracle"]) == 0
    assert json.loads(capsys.readouterr().out)["scenario"]["hours"] == pytest.approx(4 / 60)


def test_two_loads_on_one_column_is_reported_against_the_loads_file(tmp_path, capsys):
    house = write(tmp_path, "house.csv", HOUSE)
    loads = write(tmp_path, "loads.yaml", LOADS.replace("column: kitchen_w", "column: laundry_w"))
    message = run_bad(capsys, ["--house", str(house), "--loads", str(loads)])
    assert "loads.yaml: cannot build the scenario" in message
    assert "'laundry_w'" in message
