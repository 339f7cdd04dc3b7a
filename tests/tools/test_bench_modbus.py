"""The Modbus benchmark: a real pymodbus server in another process, our reader, the engine."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from tests.tools.test_bench import tiny_data
from tools import bench, bench_modbus


def test_poll_to_decision_is_timed_against_a_real_server(socket_enabled: None) -> None:
    result = bench_modbus.modbus_bench(seconds=2.0, interval_s=0.05)
    assert "skipped" not in result, result
    assert result["failed_polls"] == 0
    assert result["polls"] >= 20  # about 40 in 2 s; a busy machine may manage fewer
    assert 0 < result["latency_ms_p50"] <= result["latency_ms_p99"] <= result["latency_ms_max"]
    assert result["latency_ms_p50"] < 100  # a local read and a step take milliseconds
    assert result["cpu_us_per_poll"] > 0
    assert result["server"].startswith("pymodbus 3.")


def test_skipped_politely_without_pymodbus(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "pymodbus" else real(name, *args),
    )
    assert bench_modbus.modbus_bench(seconds=1.0) == {"skipped": "pymodbus is not installed"}


def test_skipped_politely_without_sockets() -> None:
    # pytest-socket blocks sockets in this test, as a sandbox would.
    result = bench_modbus.modbus_bench(seconds=1.0)
    assert set(result) == {"skipped"}
    assert "socket" in result["skipped"]


def test_result_is_added_to_an_existing_bench_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"engine": {"step_us_5_loads": 1.0}}), encoding="utf-8")
    monkeypatch.setattr(bench_modbus, "modbus_bench", lambda seconds: {"skipped": "test"})
    assert bench_modbus.main(["--seconds", "1", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "engine": {"step_us_5_loads": 1.0},
        "modbus": {"skipped": "test"},
    }


def test_scripts_bench_adds_the_modbus_block_and_keeps_its_keys(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    assert (
        bench.main(
            [
                "--ha-samples",
                "0",
                "--what-if-days",
                "1",
                "--data",
                str(tiny_data(tmp_path)),
                "--out",
                str(out),
            ]
        )  # fmt: skip
        == 0
    )
    results = json.loads(out.read_text(encoding="utf-8"))
    assert {"scenarios", "engine", "meta", "modbus", "what_if"} <= set(results)
    assert results["what_if"]["days"] == 1
    assert results["what_if"]["samples"] == 8640
    assert "socket" in results["modbus"]["skipped"]  # sockets are blocked in this test
    assert "Modbus poll-to-decision: skipped" in out.with_suffix(".md").read_text("utf-8")

    assert (
        bench.main(
            [
                "--ha-samples",
                "0",
                "--data",
                str(tiny_data(tmp_path / "b")),
                "--out",
                str(out),
                "--no-modbus",
                "--what-if-days",
                "0",
            ]
        )
        == 0
    )
    second = json.loads(out.read_text(encoding="utf-8"))
    assert "modbus" not in second
    assert "what_if" not in second
