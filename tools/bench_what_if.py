"""What-if replay cost: 30 days of 10-second history through `what_if_trace`, time and memory.

Synthetic, deterministic history (no recorder, no data files): a site meter reporting every
10 s, a water heater and a pool pump switching on a daily pattern, an EV charging most evenings.
Measured: wall time (untraced run) and peak traced memory (tracemalloc, second run) of the replay part the service runs off
the event loop — resampling the states into a trace, then simulating managed and uncontrolled.
`python -m tools.bench_what_if` prints the JSON that `tools.bench` stores under "what_if".
"""

from __future__ import annotations

import json
import math
import random
import time
import tracemalloc
from typing import Any

from custom_components.capacity_manager.engine.models import (
    LimitConfig,
    LoadConfig,
    LoadKind,
    SiteConfig,
)
from custom_components.capacity_manager.what_if_trace import (
    ReplayLoad,
    TraceBuilder,
    build_scenario,
    run_what_if,
)

DAY_S = 86_400.0
STEP_S = 10.0
HEATER_W, POOL_W, EV_W = 3000.0, 1200.0, 7400.0
LIMIT_W = 9000.0


def synthetic_day(day: int, rng: random.Random) -> dict[str, list[tuple[float, float]]]:
    """One day of recorded changes (time s, W): meter every 10 s, loads when they switch."""
    t0 = day * DAY_S
    heater = [(t0, 0.0), (t0 + 6 * 3600, HEATER_W), (t0 + 8 * 3600, 0.0)]
    heater += [(t0 + 18 * 3600, HEATER_W), (t0 + 19.5 * 3600, 0.0)]
    pool = [(t0, 0.0), (t0 + 10 * 3600, POOL_W), (t0 + 16 * 3600, 0.0)]
    charging = day % 7 != 3  # one evening a week without the car
    ev = [(t0, 0.0), (t0 + 18.5 * 3600, EV_W if charging else 0.0), (t0 + 22 * 3600, 0.0)]

    def at(points: list[tuple[float, float]], t: float) -> float:
        return next(v for s, v in reversed(points) if s <= t)

    site = []
    for i in range(int(DAY_S / STEP_S)):
        t = t0 + i * STEP_S
        base = 400.0 + 1800.0 * max(0.0, math.sin(math.pi * (t - t0) / DAY_S)) ** 4
        base += rng.uniform(0.0, 300.0)
        site.append((t, base + at(heater, t) + at(pool, t) + at(ev, t)))
    return {"site": site, "heater": heater, "pool": pool, "ev": ev}


def what_if_bench(days: int = 30) -> dict[str, Any]:
    """Time and peak memory of building the trace and simulating `days` of 10 s history."""
    rng = random.Random(20250404)
    site = SiteConfig(limits=LimitConfig(panel_limit_w=LIMIT_W))
    loads = [
        ReplayLoad(
            LoadConfig(
                load_id="heater", name="Water heater", kind=LoadKind.SWITCHED,
                rated_power_w=HEATER_W, priority=10,
            ),
            "heater",
        ),
        ReplayLoad(
            LoadConfig(
                load_id="pool", name="Pool pump", kind=LoadKind.SWITCHED,
                rated_power_w=POOL_W, priority=20,
            ),
            "pool",
        ),
        ReplayLoad(LoadConfig.ev("ev", "Car", min_current_a=6, max_current_a=32, priority=30), "ev"),
    ]  # fmt: skip
    history = [synthetic_day(d, rng) for d in range(days)]  # the recorder's part: not measured

    def replay() -> tuple[float, float, dict[str, Any]]:
        t0 = time.perf_counter()
        builder = TraceBuilder(0.0, days * DAY_S, STEP_S, ["site", "heater", "pool", "ev"])
        for d, chunk in enumerate(history):
            for name, points in chunk.items():
                builder.add(name, (d + 1) * DAY_S, points)
        scenario = build_scenario(
            builder, site_column="site", site=site, limit_w=LIMIT_W, loads=loads
        )
        built = time.perf_counter() - t0
        result = run_what_if(scenario)
        assert result is not None
        return built, time.perf_counter() - t0, result

    # Timed without tracemalloc (it slows allocation-heavy code severalfold), then traced.
    built_s, total_s, result = replay()
    tracemalloc.start()
    replay()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "days": days,
        "step_s": STEP_S,
        "samples": int(days * DAY_S / STEP_S),
        "build_trace_s": round(built_s, 3),
        "total_s": round(total_s, 3),
        "peak_memory_mb": round(peak / 1e6, 1),
        "managed_minutes_above_limit": result["managed"]["minutes_above_limit"],
        "uncontrolled_minutes_above_limit": result["uncontrolled"]["minutes_above_limit"],
    }


if __name__ == "__main__":
    print(json.dumps(what_if_bench(), indent=2))
