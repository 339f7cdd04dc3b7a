"""In-HA replay: real house data through Home Assistant gives the pure simulator's metrics.

Source `uci_day`: the first day of the first UCI week in `../shared/data`, with the loads of the
benchmark (kitchen, laundry, water heater as switched loads rated at the day's column peaks,
priorities 1-3; a 7.4 kW EV at 32 A, priority 4, shed first) and a limit of 75 % of the day's
peak house power (the benchmark's rule, on one day). The benchmark's EV user
(`tools.bench_data`) has no session on that Monday, so their first day with sessions in the
matching week is laid over it by whole days (same time of day). Replayed: 12:00-21:00 of that
day (nine hours, 32,400 one-second ticks: a whole day takes minutes in HA's test harness); it
holds switched sheds and restores, EV modulations, the EV's pause and resume. Source `generated`:
a generated three-hour evening (`generated_evening`); `uci_day` falls back to it, and says so,
when `../shared/data` is absent.

HA side: the meter is a sensor state, the loads are input_boolean / input_number helpers with
power sensors (`tests/replay_house.py`), our integration runs with its real coordinator, timer
and actuators. Time is frozen and advanced one second at a time (freezer + the coordinator's
1 s tick through `async_fire_time_changed`); the meter's new sample of a second is dispatched
before that second's tick, as the simulator's sample comes before its decision.

Latency: a command is carried out within the frozen second it is decided in (its service call
completes in the same `async_block_till_done`), and the controller steps at least once a second
(tick), and also on every meter or load change. So the simulator runs with `latency_s = 0` and
`sample_interval_s = 1`, and with the controller configuration read back from the HA entry
(site, thresholds, timings, load configs): both paths run the same controller on the same house.
"""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.const import (
    CONF_LIMIT_TYPE,
    CONF_LOAD_POWER_SENSOR,
    CONF_MAX_CURRENT,
    CONF_MIN_OFF,
    CONF_PANEL_LIMIT_W,
    LIMIT_WATTS,
)
from custom_components.capacity_manager.engine.comparison import run_controller
from custom_components.capacity_manager.engine.scenario import EvSession, Scenario
from tests.harness import ev, make_entry, setup_entry, switched
from tests.helpers import GRID_SENSOR
from tests.replay_house import EV_ENTITIES, ReplayHouse, power_entity, switch_entity
from tools import bench_data
from tools.assemble import build_scenario
from tools.inputs import HouseData
from tools.loads_file import EvEntry

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DAY_S = 86_400.0
WINDOW_H = (12.0, 21.0)  # the part of the UCI day replayed (hours)

# Tolerance per metric: |HA - simulator| <= max(absolute, relative × the larger). Both paths run
# the same controller on the same physics; what may differ: the HA house integrates whole
# seconds (an EV filling up or a debt paid off mid-second counts its whole last second), and
# the coordinator also steps on meter and load changes within a second, so a decision may land
# a second apart. In practice the two agree exactly; the margins allow one such decision.
TOLERANCES: dict[str, tuple[float, float]] = {
    "seconds_above_limit": (5.0, 0.02),
    "max_overshoot_w": (1.0, 0.01),
    "energy_above_limit_wh": (1.0, 0.02),
    "sheds": (1.0, 0.0),
    "switch_cycles": (2.0, 0.0),
    "modulations": (2.0, 0.0),
    "energy_deferred_kwh": (0.01, 0.01),
    "energy_unserved_kwh": (0.01, 0.01),
    "ev_energy_delivered_kwh": (0.01, 0.01),
    "ev_sessions_fully_served": (0.0, 0.0),
}


def _slice(house: HouseData, start_s: float, end_s: float) -> HouseData:
    keep = [i for i, t in enumerate(house.timestamps_s) if start_s <= t < end_s]
    a, b = keep[0], keep[-1] + 1
    return dataclasses.replace(
        house,
        times=house.times[a:b],
        timestamps_s=house.timestamps_s[a:b],
        total_w=house.total_w[a:b],
        columns={name: values[a:b] for name, values in house.columns.items()},
    )


def _onto_first_day(sessions: list[EvSession], start: float) -> list[EvSession]:
    """The sessions of the first day that has any, moved by whole days onto the first day."""
    if not sessions:
        return []
    shift = int((sessions[0].plug_in_s - start) // DAY_S) * DAY_S
    return [
        dataclasses.replace(s, plug_in_s=s.plug_in_s - shift, plug_out_s=s.plug_out_s - shift)
        for s in sessions
        if s.plug_in_s - shift < start + DAY_S
    ]


def uci_day() -> tuple[HouseData, list[EvSession], float] | None:
    """The replayed hours of the first UCI day, its EV sessions and limit (None: no data)."""
    weeks = bench_data.uci_weeks(DATA) if DATA.is_dir() else []
    if not weeks:
        return None
    week = bench_data.read_week(weeks[0])
    ev_file, user, _ = bench_data.load_ev(DATA)
    sessions: list[EvSession] = []
    if ev_file is not None and user is not None:
        busy = bench_data.user_weeks(ev_file, user)
        sessions = bench_data.overlay(week, busy[0]).sessions if busy else []
    midnight = week.timestamps_s[0]
    day = _slice(week, midnight, midnight + DAY_S)
    limit = round(bench_data.PEAK_FRACTION * max(day.total_w))
    first, last = (midnight + h * 3600.0 for h in WINDOW_H)
    return _slice(day, first, last), _onto_first_day(sessions, midnight), limit


def generated_evening(tmp: Path) -> tuple[HouseData, list[EvSession], float]:
    """17:00-20:00 at 1 min: water heater, dinner, laundry; a car plugged in at 17:20."""
    start = datetime(2007, 1, 1, 17, tzinfo=UTC)
    rows = ["timestamp,grid_w,kitchen_w,laundry_w,waterheater_ac_w"]
    for minute in range(3 * 60):
        kitchen = 2400.0 if 30 <= minute < 75 else 0.0
        laundry = 2200.0 if 60 <= minute < 150 else 60.0
        heater = 1080.0 if minute < 30 or 120 <= minute < 160 else 0.0
        base = 500.0 + 400.0 * (minute % 17 < 5)
        stamp = (start + timedelta(minutes=minute)).replace(tzinfo=None).isoformat()
        rows.append(f"{stamp},{base + kitchen + laundry + heater},{kitchen},{laundry},{heater}")
    path = tmp / "uci_generated_week_2007-01-01.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    plug_in = start.timestamp() + 20 * 60
    session = EvSession(plug_in_s=plug_in, plug_out_s=plug_in + 150 * 60, energy_wh=8000.0)
    house = bench_data.read_week(path)
    return house, [session], round(bench_data.PEAK_FRACTION * max(house.total_w))


def scenario_for(house: HouseData, sessions: list[EvSession], limit_w: float) -> Scenario:
    """The benchmark's loads on `house` under `limit_w`, HA timing (see the docstring)."""
    charger = EvEntry(load_id="ev", name="EV", priority=bench_data.EV_PRIORITY, line=0)
    evs = [(charger.config(bench_data.CHARGER_KW), sessions)] if sessions else []
    return build_scenario(
        name=house.path.name,
        house=house,
        switched=bench_data.switched_loads(house),
        evs=evs,
        limit_w=limit_w,
        latency_s=0.0,
        sample_interval_s=1.0,
    )


def ha_loads(scenario: Scenario) -> list[dict[str, Any]]:
    """One subentry per scenario load, its id the engine load id, with a power sensor."""
    loads = [
        {
            **switched(
                switch_entity(spec.config.load_id),
                spec.config.name,
                spec.config.priority,
                spec.config.rated_power_w,
                **{CONF_LOAD_POWER_SENSOR: power_entity(spec.config.load_id)},
            ),
            "subentry_id": spec.config.load_id,
        }
        for spec in scenario.switched
    ]
    for spec in scenario.evs:
        cfg = spec.config
        extra = {
            CONF_MAX_CURRENT: cfg.max_setpoint,
            CONF_MIN_OFF: cfg.min_off_s,
            CONF_LOAD_POWER_SENSOR: EV_ENTITIES.power,
        }
        loads.append({**ev(cfg.priority, **extra), "subentry_id": cfg.load_id})
    return loads


async def make_helpers(hass: HomeAssistant, scenario: Scenario) -> None:
    """input_boolean per switched load (on), the EV's current (at max) and pause (on)."""
    booleans = {spec.config.load_id: {"initial": True} for spec in scenario.switched}
    for spec in scenario.evs:
        maximum = spec.config.max_setpoint
        booleans[EV_ENTITIES.pause.split(".")[1]] = {"initial": True}
        current = {"min": 0, "max": maximum, "step": 1, "initial": maximum}
        config = {"input_number": {EV_ENTITIES.current.split(".")[1]: current}}
        assert await async_setup_component(hass, "input_number", config)
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})


@contextmanager
def quiet_loop(hass: HomeAssistant) -> Iterator[None]:
    """Event-loop debug off for the replay loop only: it costs about a fifth of the time.

    The checks it makes (calls from the wrong thread, slow callbacks) are exercised by every
    other test; here frozen time makes each callback look a second slow anyway.
    """
    debug = hass.loop.get_debug()
    hass.loop.set_debug(False)
    try:
        yield
    finally:
        hass.loop.set_debug(debug)


async def replay_in_ha(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
    scenario: Scenario,
) -> tuple[dict[str, Any], Scenario]:
    """Run `scenario` through HA; its metrics and the scenario as HA configured it."""
    start, end = scenario.trace.start_s, scenario.trace.end_s
    freezer.move_to(datetime.fromtimestamp(start, UTC))
    await make_helpers(hass, scenario)
    house = ReplayHouse(hass, scenario, GRID_SENSOR)
    house.follow()  # before the integration: the house answers a command first
    site = {**site_data, CONF_LIMIT_TYPE: LIMIT_WATTS, CONF_PANEL_LIMIT_W: scenario.limit_w}
    coordinator = await setup_entry(hass, make_entry(site, ha_loads(scenario)))
    configs = {b.load_id: b.config for b in coordinator.bindings.values()}
    configured = dataclasses.replace(
        scenario,
        site=coordinator.site,
        switched=[
            dataclasses.replace(s, config=configs[s.config.load_id]) for s in scenario.switched
        ],
        evs=[dataclasses.replace(e, config=configs[e.config.load_id]) for e in scenario.evs],
    )
    with quiet_loop(hass):
        for second in range(1, round(end - start) + 1):
            freezer.tick(timedelta(seconds=1))
            if house.advance(start + second):
                # State changes are dispatched on the next loop turn: the step of the new
                # sample runs before this second's tick, as in the simulator.
                await hass.async_block_till_done()
            async_fire_time_changed(hass)
            await hass.async_block_till_done()
    house.stop()
    return house.finish(), configured


def _table(ha: dict[str, Any], sim: dict[str, Any]) -> str:
    lines = [f"{'metric':<26}{'in HA':>12}{'simulator':>12}"]
    lines += [f"{k:<26}{ha[k]:>12.3f}{sim[k]:>12.3f}" for k in TOLERANCES]
    return "\n".join(lines)


@pytest.mark.parametrize("source", ["uci_day", "generated"])
async def test_replay_in_ha_gives_the_simulators_metrics(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
    tmp_path: Path,
    source: str,
) -> None:
    real = uci_day() if source == "uci_day" else None
    if real is not None:
        used = f"real UCI day, {WINDOW_H[0]:02.0f}:00-{WINDOW_H[1]:02.0f}:00"
    elif source == "uci_day":
        used = "generated evening: ../shared/data is absent"
    else:
        used = "generated evening"
    house, sessions, limit = real or generated_evening(tmp_path)
    scenario = scenario_for(house, sessions, limit)

    ha, configured = await replay_in_ha(hass, freezer, site_data, scenario)
    sim = run_controller("capacity_manager", configured).metrics

    print(f"\nin-HA replay ({used}): {scenario.name}, limit {scenario.limit_w:.0f} W,")
    print(f"{len(sessions)} EV session(s); simulator latency 0 s, 1 s steps\n{_table(ha, sim)}")
    assert ha["sheds"] > 0, "the replay must make the integration act"
    for key, (absolute, relative) in TOLERANCES.items():
        allowed = max(absolute, relative * max(abs(ha[key]), abs(sim[key])))
        assert abs(ha[key] - sim[key]) <= allowed, f"{key} ({used})\n{_table(ha, sim)}"
