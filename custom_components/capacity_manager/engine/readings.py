"""Device readings made safe to act on: finite numbers, setpoints a device may be given.

Home Assistant's glue already rejects non-finite readings (parsing.py); the engine does not
rely on it, since a NaN setpoint would come back out in a command and an inf one would raise.
"""

from __future__ import annotations

import dataclasses
import math

from .models import LoadConfig, LoadState


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
