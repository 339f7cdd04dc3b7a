"""Modbus meter benchmark: poll-to-decision latency and CPU per poll against a real server.

A pymodbus TCP server on 127.0.0.1 (tests/modbus/sim.py, the one the tests use) runs in its own
process and serves an Eastron SDM630 image whose house load wanders (2-7 kW, changing every
20 ms). This process polls it with the integration's `ModbusMeter` every `interval_s` and hands
each reading to the engine's `Controller` (five loads that follow its actions, added to the
meter's power: the server cannot see them). Per poll it times the read plus the decision (wall
clock: p50, p99, max) and the CPU this process spent on it (the server's CPU is not counted).
The first poll, which also connects, is reported on its own.

`python -m tools.bench_modbus [--seconds S] [--out FILE]` prints the result as JSON and, with
`--out`, stores it under the key "modbus" of FILE; `scripts/bench` adds it to its results.
Without pymodbus or local sockets the result is `{"skipped": reason}`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import math
import multiprocessing
import socket
import statistics
import sys
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as EventType
from pathlib import Path
from typing import Any

DEFAULT_SECONDS = 10.0
POLL_INTERVAL_S = 0.05
SERVER_START_S = 15.0
LOADS = 5
LIMIT_W = 9000.0


def modbus_bench(
    seconds: float = DEFAULT_SECONDS, interval_s: float = POLL_INTERVAL_S
) -> dict[str, Any]:
    """Run the benchmark for `seconds`; the "modbus" block of the bench JSON."""
    if importlib.util.find_spec("pymodbus") is None:
        return {"skipped": "pymodbus is not installed"}
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
    except Exception as err:  # OSError, or pytest-socket's RuntimeError
        return {"skipped": f"no local TCP sockets here ({err})"}
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    stop = context.Event()
    server = context.Process(target=_serve, args=(sender, stop), daemon=True)
    server.start()
    try:
        if not receiver.poll(SERVER_START_S):
            return {"skipped": "the pymodbus server did not start"}
        port, version = receiver.recv()
        result = asyncio.run(_measure(int(port), seconds, interval_s))
        result["server"] = f"pymodbus {version} on 127.0.0.1, in another process"
        return result
    finally:
        stop.set()
        server.join(5)
        if server.is_alive():
            server.kill()


def _house_w(t: float) -> float:
    """The uncontrolled house: 2-7 kW, a slow swing and a faster ripple."""
    return 4500.0 + 2000.0 * math.sin(2 * math.pi * t / 7.0) + 500.0 * math.sin(2 * math.pi * t)


def _serve(sender: Connection, stop: EventType) -> None:
    """The server process: report (port, pymodbus version), then serve until `stop`."""
    asyncio.run(_async_serve(sender, stop))


async def _async_serve(sender: Connection, stop: EventType) -> None:
    # Imported here: only the server process needs these, and only when pymodbus exists.
    import pymodbus

    from tests.modbus.meters import State, write_sdm630
    from tests.modbus.sim import RegisterBank, SimServer

    def write(t: float) -> None:
        total = _house_w(t)
        watts = (0.5 * total, 0.3 * total, 0.2 * total)
        volts = (230.0, 231.0, 229.0)
        amps = tuple(w / v for w, v in zip(watts, volts, strict=True))
        write_sdm630(bank, State(phase_w=watts, phase_a=amps, phase_v=volts))

    bank = RegisterBank()
    write(0.0)
    server = SimServer(bank)
    await server.start()
    sender.send((server.port, pymodbus.__version__))
    started = time.monotonic()
    while not stop.is_set():
        write(time.monotonic() - started)
        await asyncio.sleep(0.02)
    await server.stop()


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


async def _measure(port: int, seconds: float, interval_s: float) -> dict[str, Any]:
    """Poll and decide every `interval_s` for `seconds`; timings of every successful poll."""
    # Imported here so that a machine without pymodbus can still import this module.
    from custom_components.capacity_manager.engine.controller import Controller
    from custom_components.capacity_manager.engine.models import (
        LimitConfig,
        Measurement,
        SiteConfig,
    )
    from custom_components.capacity_manager.sources.modbus import (
        MeterConfig,
        MeterError,
        ModbusMeter,
        resolve_profile,
    )

    from .bench_engine import _Site, bench_loads

    loads = bench_loads(LOADS)
    site = _Site(loads)
    controller = Controller(SiteConfig(limits=LimitConfig(panel_limit_w=LIMIT_W)), loads)
    meter = ModbusMeter(MeterConfig(host="127.0.0.1", port=port), resolve_profile("sdm630"))
    latencies: list[float] = []
    cpu: list[float] = []
    failed = actions = 0
    connect_ms: float | None = None  # the first poll also connects: reported on its own
    loop = asyncio.get_running_loop()
    start = next_poll = loop.time()
    try:
        while loop.time() - start < seconds:
            wall, used = time.perf_counter(), time.process_time()
            try:
                reading = await meter.async_read()
            except MeterError:
                failed += 1
            else:
                site_w = reading.total_w + site.load_power()
                result = controller.step(time.time(), Measurement(site_power_w=site_w), site.states)
                if connect_ms is None:
                    connect_ms = 1000 * (time.perf_counter() - wall)
                else:
                    latencies.append(time.perf_counter() - wall)
                    cpu.append(time.process_time() - used)
                for action in result.actions:
                    site.apply(action)
                actions += len(result.actions)
            next_poll += interval_s
            await asyncio.sleep(max(0.0, next_poll - loop.time()))
    finally:
        await meter.async_close()
    if not latencies:
        return {"skipped": f"no poll succeeded ({failed} failed)"}
    return {
        "profile": "sdm630",
        "seconds": round(seconds, 1),
        "poll_interval_s": interval_s,
        "polls": len(latencies),
        "failed_polls": failed,
        "actions": actions,
        "first_poll_ms": None if connect_ms is None else round(connect_ms, 3),
        "latency_ms_p50": round(1000 * statistics.median(latencies), 3),
        "latency_ms_p99": round(1000 * _percentile(latencies, 0.99), 3),
        "latency_ms_max": round(1000 * max(latencies), 3),
        "cpu_us_per_poll": round(1e6 * statistics.fmean(cpu), 1),
    }


def summary_line(result: dict[str, Any]) -> str:
    """One line for the console and results.md."""
    if "skipped" in result:
        return f"Modbus poll-to-decision: skipped ({result['skipped']})."
    return (
        f"Modbus poll-to-decision ({result['polls']} polls of an SDM630 on "
        f"{result.get('server', 'a local pymodbus server')}): p50 {result['latency_ms_p50']:.2f} ms, "
        f"p99 {result['latency_ms_p99']:.2f} ms, CPU {result['cpu_us_per_poll']:.0f} µs per poll."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run, print, optionally store under "modbus" in an existing results file."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.bench_modbus", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="polling time (10)")
    parser.add_argument("--out", type=Path, help='a bench JSON to add the "modbus" key to')
    args = parser.parse_args(argv)
    result = modbus_bench(min(max(args.seconds, 1.0), 30.0))
    print(summary_line(result))
    print(json.dumps(result, indent=2))
    if args.out is not None:
        out: Path = args.out
        results = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        results["modbus"] = result
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
