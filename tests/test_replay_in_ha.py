"""In-HA replay: one day through Home Assistant gives the pure simulator's metrics.

The day: the first day (00:00-24:00, 1 min samples) of the first UCI week in `../shared/data`,
with the loads of the benchmark (kitchen, laundry, water heater as switched loads rated at the
day's column peaks, priorities 1-3; a 7.4 kW EV, priority 4, shed first). The benchmark's EV
user (`tools.bench_data`) has no session on that Monday, so their first day with sessions in the
matching EV week is laid over it, by whole days (same time of day). The limit is 75 % of the
day's peak house power (the benchmark's rule, on one day). Without `../shared/data`: a generated
six-hour evening (`generated_evening`), said so in the output.

HA side: the meter is a sensor state, the loads are input_boolean / input_number helpers with
power sensors (`tests/replay_house.py`), our integration runs with its real coordinator, timer
and actuators. Time is frozen and advanced one second at a time (the coordinator's tick), for the
whole day (86,400 ticks).

Latency: a command is carried out within the same frozen second it is decided in (its service
call completes in the same `async_block_till_done`), and the controller steps at least once a
second (tick) and at once on every meter or load change. So the simulator runs with
`latency_s = 0` and `sample_interval_s = 1`, with the controller configuration read back from
the HA entry (site, thresholds, timings, load configs), so both paths run the same controller.
"""

from __future__ import annotations

import dataclasses
import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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

# Metrics compared, with the tolerance each must meet (absolute, or relative to the larger).
# Why any tolerance: the HA path is quantised to whole seconds (the plant integrates second by
# second, so an EV filling up or a debt paid off mid-second counts its whole last second), and
# the coordinator also steps on each meter and load change within a second, where the simulator
# decides exactly once per second.
TOLERANCES: dict[str, tuple[float, float]] = {
    # metric: (absolute, relative)
    "seconds_above_limit": (30.0, 0.05),
    "energy_above_limit_wh": (5.0, 0.05),
    "sheds": (1.0, 0.05),
    "switch_cycles": (2.0, 0.05),
    "modulations": (2.0, 0.05),
    "energy_deferred_kwh": (0.05, 0.02),
    "energy_unserved_kwh": (0.05, 0.02),
    "ev_energy_delivered_kwh": (0.05, 0.01),
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


def uci_day() -> tuple[HouseData, list[EvSession]] | None:
    """The first day of the first UCI week and its EV sessions (None: no data)."""
    weeks = bench_data.uci_weeks(DATA) if DATA.is_dir() else []
    if not weeks:
        return None
    week = bench_data.read_week(weeks[0])
    ev_file, user, _ = bench_data.load_ev(DATA)
    sessions: list[EvSession] = []
    if ev_file is not None and user is not None:
        busy = bench_data.user_weeks(ev_file, user)
        sessions = bench_data.overlay(week, busy[0]).sessions if busy else []
    day = _slice(week, week.timestamps_s[0], week.timestamps_s[0] + DAY_S)
    return day, _onto_first_day(sessions, day.timestamps_s[0])


def generated_evening(tmp: Path) -> tuple[HouseData, list[EvSession]]:
    """16:00-22:00 at 1 min: dinner (kitchen), laundry, water heater, a car plugged at 17:30."""
    start = datetime(2007, 1, 1, 16, tzinfo=UTC)
    rows = ["timestamp,grid_w,kitchen_w,laundry_w,waterheater_ac_w"]
    for minute in range(6 * 60):
        kitchen = 2400.0 if 120 <= minute < 165 else 0.0
        laundry = 2200.0 if 180 <= minute < 270 else 60.0
        heater = 1080.0 if 60 <= minute < 90 or 240 <= minute < 280 else 0.0
        base = 600.0 + 400.0 * (minute % 17 < 5)
        stamp = (start + timedelta(minutes=minute)).replace(tzinfo=None).isoformat()
        rows.append(f"{stamp},{base + kitchen + laundry + heater},{kitchen},{laundry},{heater}")
    path = tmp / "uci_generated_week_2007-01-01.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")
    plug_in = start.timestamp() + 90 * 60
    return bench_data.read_week(path), [
        EvSession(plug_in_s=plug_in, plug_out_s=plug_in + 4 * 3600, energy_wh=12_000.0)
    ]


def day_scenario(house: HouseData, sessions: list[EvSession]) -> Scenario:
    """The benchmark's loads on `house`, limit 75 % of its peak, HA timing (see docstring)."""
    charger = EvEntry(load_id="ev", name="EV", priority=bench_data.EV_PRIORITY, line=0)
    evs = [(charger.config(bench_data.CHARGER_KW), sessions)] if sessions else []
    return build_scenario(
        name=house.path.name,
        house=house,
        switched=bench_data.switched_loads(house),
        evs=evs,
        limit_w=round(bench_data.PEAK_FRACTION * max(house.total_w)),
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
        booleans[EV_ENTITIES.pause.split(".")[1]] = {"initial": True}
        number = {"min": 0, "max": spec.config.max_setpoint, "step": 1}
        assert await async_setup_component(
            hass,
            "input_number",
            {"input_number": {EV_ENTITIES.current.split(".")[1]: {**number, "initial": 32}}},
        )
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})


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
    house.follow()  # before the integration: the meter is right when it steps
    site = {**site_data, CONF_LIMIT_TYPE: LIMIT_WATTS, CONF_PANEL_LIMIT_W: scenario.limit_w}
    coordinator = await setup_entry(hass, make_entry(site, ha_loads(scenario)))
    configs = {b.load_id: b.config for b in coordinator.bindings.values()}
    as_configured = dataclasses.replace(
        scenario,
        site=coordinator.site,
        switched=[dataclasses.replace(s, config=configs[s.config.load_id]) for s in scenario.switched],
        evs=[dataclasses.replace(e, config=configs[e.config.load_id]) for e in scenario.evs],
    )
    for second in range(1, round(end - start) + 1):
        freezer.tick(timedelta(seconds=1))
        if house.advance(start + second):
            # HA dispatches state changes on the next loop turn: let the step of the new
            # sample run before this second's tick, as the simulator's sample comes first.
            await hass.async_block_till_done()
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    house.stop()
    return house.finish(), as_configured


def _table(ha: dict[str, Any], sim: dict[str, Any]) -> str:
    lines = [f"{'metric':<28}{'in HA':>14}{'simulator':>14}"]
    lines += [f"{k:<28}{ha[k]:>14.3f}{sim[k]:>14.3f}" for k in TOLERANCES]
    return "\n".join(lines)


async def test_a_day_in_ha_gives_the_simulators_metrics(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
    tmp_path: Path,
) -> None:
    real = uci_day()
    source = "real UCI day" if real else "generated evening (../shared/data absent)"
    house, sessions = real or generated_evening(tmp_path)
    scenario = day_scenario(house, sessions)

    ha, configured = await replay_in_ha(hass, freezer, site_data, scenario)
    sim = run_controller("capacity_manager", configured).metrics

    print(f"\nin-HA replay of a {source}: {scenario.name}, limit {scenario.limit_w:.0f} W, ")
    print(f"{len(sessions)} EV session(s), latency 0 s, 1 s steps\n{_table(ha, sim)}")
    assert ha["sheds"] > 0 and ha["seconds_above_limit"] > 0  # the day does test control
    for key, (absolute, relative) in TOLERANCES.items():
        allowed = max(absolute, relative * max(abs(ha[key]), abs(sim[key])))
        assert abs(ha[key] - sim[key]) <= allowed, f"{key}: {source}\n{_table(ha, sim)}"
