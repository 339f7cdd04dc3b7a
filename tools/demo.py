"""The built-in demo: a synthetic but realistic day, generated in code (deterministic).

It mirrors the reference paper's simulation: one day of whole-house power under a fictitious
7200 W limit (30 A at 240 V) with an EV that plugs in at 18:00 and wants 30 kWh from a 7.4 kW
charger. The day runs 06:00 to 06:00 so that both the morning and the evening peak and the
night's charging are in view. Around a base load with morning and evening peaks:
- an oven (never shed: dinner is not negotiable) 17:45-19:00, thermostat cycling;
- a tumble dryer (switched, deferrable) 19:15-20:35;
- a 4 kW resistance water heater (switched, deferrable) after the morning showers and at night;
- the EV, shed first (modulated down to 6 A, then paused).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from custom_components.capacity_manager.engine.models import LoadConfig, LoadKind
from custom_components.capacity_manager.engine.scenario import EvSession, LoadBehaviour

from .inputs import HouseData, to_seconds
from .loads_file import EvEntry, SwitchedEntry

START = datetime(2024, 1, 15, 6, 0)  # a Monday
MINUTES = 24 * 60
LIMIT_W = 7200.0  # 30 A × 240 V, as in the paper
CHARGER_KW = 7.4
EV_PLUG_IN = datetime(2024, 1, 15, 18, 0)
EV_PLUG_OUT = datetime(2024, 1, 16, 7, 0)
EV_ENERGY_KWH = 30.0
SEED = 7200


def _window(minute: int, start: str, end: str) -> bool:
    """True when `minute` (since START) falls in [start, end) given as HH:MM clock times."""
    clock = (START + timedelta(minutes=minute)).time().strftime("%H:%M")
    return start <= clock < end


def _base(minute: int, rng: random.Random) -> float:
    """Everything that is not controllable: standby, fridge, lights, cooking, kettle."""
    power = 220.0 + (130.0 if minute % 40 < 15 else 0.0)  # standby + fridge compressor
    if _window(minute, "06:30", "08:30"):
        power += 700.0 + rng.uniform(0.0, 500.0)  # breakfast, lights, hair dryer
    if _window(minute, "06:50", "06:54") or _window(minute, "07:35", "07:38"):
        power += 2000.0  # kettle
    if _window(minute, "12:00", "13:00"):
        power += 400.0 + rng.uniform(0.0, 300.0)
    if _window(minute, "17:00", "22:30"):
        power += 900.0 + rng.uniform(0.0, 600.0)  # lights, TV, cooking hobs
    elif _window(minute, "22:30", "23:59"):
        power += 300.0
    return power + rng.uniform(-40.0, 40.0)


def _cycling(minute: int, start: str, end: str, on: int, period: int, watts: float) -> float:
    """A thermostat: full power for the first minutes, then `on` of every `period` minutes."""
    if not _window(minute, start, end):
        return 0.0
    first = next(m for m in range(minute, -1, -1) if not _window(m - 1, start, end))
    elapsed = minute - first
    return watts if elapsed < 12 or elapsed % period < on else 0.0


def house() -> HouseData:
    """The demo day's trace: whole-house `grid_w` plus the oven, dryer and water heater."""
    rng = random.Random(SEED)
    times = [START + timedelta(minutes=m) for m in range(MINUTES)]
    oven = [_cycling(m, "17:45", "19:00", 4, 7, 2400.0) for m in range(MINUTES)]
    dryer = [
        _cycling(m, "19:15", "20:35", 6, 8, 2600.0) + (200.0 if _window(m, "19:15", "20:35") else 0)
        for m in range(MINUTES)
    ]
    heater = [
        4000.0 if _window(m, "07:40", "08:40") or _window(m, "21:00", "21:50") else 0.0
        for m in range(MINUTES)
    ]
    base = [_base(m, rng) for m in range(MINUTES)]
    total = [round(b + o + d + h) for b, o, d, h in zip(base, oven, dryer, heater, strict=True)]
    return HouseData(
        path=Path("<demo>"),
        times=times,
        timestamps_s=[to_seconds(t) for t in times],
        interval_s=60.0,
        total_column="grid_w",
        total_w=[float(v) for v in total],
        columns={"oven_w": oven, "dryer_w": dryer, "water_heater_w": heater},
    )


def switched_loads() -> list[SwitchedEntry]:
    """Oven (never shed), dryer and water heater; the EV is shed first, the oven never."""

    def entry(
        load_id: str, name: str, column: str, priority: int, watts: float, **kw: object
    ) -> SwitchedEntry:
        behaviour = LoadBehaviour.DEFERRABLE
        config = LoadConfig(
            load_id=load_id,
            name=name,
            kind=LoadKind.SWITCHED,
            priority=priority,
            rated_power_w=watts,
            **kw,  # type: ignore[arg-type]
        )
        return SwitchedEntry(config=config, column=column, behaviour=behaviour, line=0)

    return [
        entry("oven", "Oven", "oven_w", 1, 2400.0, never_shed=True),
        entry("dryer", "Tumble dryer", "dryer_w", 2, 2800.0, min_off_s=120.0),
        entry("water_heater", "Water heater", "water_heater_w", 3, 4000.0, min_off_s=120.0),
    ]


def ev() -> tuple[EvEntry, list[EvSession]]:
    """The EV charger (lowest priority: shed first) and its one evening session."""
    entry = EvEntry(load_id="ev", name="EV", priority=4, line=0, charger_kw=CHARGER_KW)
    session = EvSession(
        plug_in_s=to_seconds(EV_PLUG_IN),
        plug_out_s=to_seconds(EV_PLUG_OUT),
        energy_wh=EV_ENERGY_KWH * 1000.0,
    )
    return entry, [session]
