"""Device readings made safe to act on: finite numbers, setpoints a device may be given.

Home Assistant's glue already rejects non-finite readings (parsing.py); the engine does not
rely on it, since a NaN setpoint would come back out in a command and an inf one would raise.
"""

from __future__ import annotations

import dataclasses
import math

from .models import LoadConfig, LoadState, Measurement


def settable(cfg: LoadConfig, setpoint: float) -> float:
    """`setpoint` as we may command it: within min..max, whole steps (a charger's amps).

    What the device reported can be anything (a 16.5 A reading, a 40 A wish on a 32 A
    charger); giving back more than its max or a fraction of a step is not ours to do.
    """
    if not math.isfinite(setpoint):
        return cfg.max_setpoint
    steps = math.floor((setpoint - cfg.min_setpoint) / cfg.setpoint_step + 1e-9)
    return min(
        max(cfg.min_setpoint + steps * cfg.setpoint_step, cfg.min_setpoint), cfg.max_setpoint
    )


def finite(state: LoadState) -> bool:
    """No NaN or inf among the numbers (checked on every load every step: kept cheap).

    `x - x == 0` only fails for NaN and ±inf, and costs no call.
    """
    s, p, d, e = state.setpoint, state.power_w, state.demand_setpoint, state.energy_to_go_wh
    return (
        (s is None or s - s == 0)
        and (p is None or p - p == 0)
        and (d is None or d - d == 0)
        and (e is None or e - e == 0)
    )


def without_non_finite(state: LoadState) -> LoadState:
    """NaN or inf read as unknown: such a number is no reading (the glue rejects them too)."""

    def keep(value: float | None) -> float | None:
        return value if value is None or math.isfinite(value) else None

    return dataclasses.replace(
        state,
        setpoint=keep(state.setpoint),
        power_w=keep(state.power_w),
        demand_setpoint=keep(state.demand_setpoint),
        energy_to_go_wh=keep(state.energy_to_go_wh),
    )


def fresh_sample(measurement: Measurement, now: float, stale_s: float) -> bool:
    """A site sample to act on: a finite power, and no reading in it older than `stale_s`.

    One sensor per phase, one of them frozen: every event of the others would carry its
    old reading; such a sample is as old as that reading (`taken_at`), and once that is
    stale it counts as none, so failsafe comes as for a single frozen meter.
    """
    if not math.isfinite(measurement.site_power_w):
        return False
    taken = measurement.taken_at
    return taken is None or now - taken < stale_s


def sample_time(measurement: Measurement, now: float) -> float:
    """When a fresh sample was taken: its oldest reading's time, else `now`."""
    taken = measurement.taken_at
    return now if taken is None else min(now, taken)
