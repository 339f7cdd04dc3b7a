"""`capacity_manager.simulate`: replay recorded history with a candidate limit and load list.

The period is read one day at a time in the recorder's executor: recorded states where they
exist, else 5-minute statistics, else hourly statistics (per sensor and day, and for the hours
before a sensor's first state of the day; the response counts days by the site meter). Each day
fills a `TraceBuilder` on a 10 s grid and fires a progress event; the run stops between days
(and between the two simulations) when `simulate_cancel` is called or the entry unloads. Loads
with a power sensor replay that sensor; switched loads without one replay their on/off state ×
expected power; others stay part of the house and are listed.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .engine.models import LoadKind, SiteConfig
from .parsing import Rejected, is_on, read_number
from .recorder_io import SiteSensors, async_run, means_job, site_sensors, states_job
from .what_if_period import day_chunks, period, what_if_error
from .what_if_trace import ReplayLoad, TraceBuilder, build_scenario, run_what_if

if TYPE_CHECKING:
    from .coordinator import CapacityCoordinator
    from .engine_config import LoadBinding

EVENT_SIMULATE_PROGRESS: Final = "capacity_manager_simulate_progress"
STEP_S: Final = 10.0
SITE: Final = "site"
_RUNS: Final = f"{DOMAIN}_what_if_runs"

SIMULATE_SCHEMA: Final = vol.Schema(
    {
        vol.Required("config_entry_id"): cv.string,
        vol.Optional("start"): cv.datetime,
        vol.Optional("end"): cv.datetime,
        vol.Optional("limit"): vol.All(vol.Coerce(float), vol.Range(min=1)),
        vol.Optional("limit_a"): vol.All(vol.Coerce(float), vol.Range(min=0.1)),
        vol.Optional("loads"): vol.All(cv.ensure_list, [cv.string]),
    }
)
CANCEL_SCHEMA: Final = vol.Schema({vol.Required("config_entry_id"): cv.string})
_UNITS = {"W": 1.0, "kW": 1000.0, "MW": 1e6, "mW": 1e-3, "A": 1.0, "mA": 1e-3}


def candidate_limit_w(data: Mapping[str, Any], site: SiteConfig) -> float:
    """The limit to try in W (amps × the site's voltage × phases; default: the panel limit)."""
    if "limit" in data and "limit_a" in data:
        raise what_if_error("simulate_limit_twice")
    if "limit_a" in data:
        return float(data["limit_a"]) * site.voltage_v * site.phases
    return float(data.get("limit", site.limits.panel_limit_w))


@dataclass(frozen=True, slots=True)
class Column:
    """One trace column: the entity it comes from and how a state becomes watts."""

    name: str
    entity_id: str
    on_w: float | None = None  # None: a power sensor; else W while the entity is on


def _choose_loads(
    coordinator: CapacityCoordinator, refs: list[str] | None
) -> tuple[list[tuple[LoadBinding, Column]], list[dict[str, Any]]]:
    bindings = list(coordinator.bindings.values())
    if refs is not None:
        bindings = []
        for ref in refs:
            found = coordinator.find_load(ref) or next(
                (b for b in coordinator.bindings.values() if b.config.name == ref), None
            )
            if found is None:
                raise what_if_error("load_not_found", load=ref)
            bindings.append(found)
    chosen: list[tuple[LoadBinding, Column]] = []
    report: list[dict[str, Any]] = []
    for b in bindings:
        kind, source, column = b.config.kind, None, None
        if kind not in (LoadKind.MODULATED, LoadKind.GENERATION) and b.power_sensor:
            source, column = "power_sensor", Column(b.load_id, b.power_sensor)
        elif kind is LoadKind.SWITCHED and b.config.rated_power_w > 0:
            source, column = "on_off_state", Column(b.load_id, b.entity_id, b.config.rated_power_w)
        report.append({"load": b.config.name, "simulated": column is not None, "source": source})
        if column is not None:
            chosen.append((b, column))
    return chosen, report


def _points(states: list[State], column: Column, scale: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for state in states:
        if column.on_w is not None:
            out.append((state.last_updated_timestamp, column.on_w if is_on(state) else 0.0))
        elif not isinstance(value := read_number(state, _UNITS), Rejected):
            out.append((state.last_updated_timestamp, value * scale))
    return out


def _fill_day(
    hass: HomeAssistant,
    builder: TraceBuilder,
    columns: list[Column],
    sensors: SiteSensors,
    day: tuple[datetime, datetime],
) -> str:
    """Read one day into `builder` (executor); returns how the site meter was read."""
    start, end = day
    states = states_job(hass, start, end, sorted({c.entity_id for c in columns}))
    recorded = {
        c.name: _points(states.get(c.entity_id, []), c, _scale(c, sensors)) for c in columns
    }
    # Before a sensor's first usable state (a fresh install, the purge horizon, a sensor that
    # was unavailable) statistics fill in: holding the previous day's last value over those hours
    # would replay a house that never was. On/off columns have no statistics.
    gap_until = {
        c.entity_id: recorded[c.name][0][0] if recorded[c.name] else math.inf
        for c in columns
        if c.on_w is None
    }
    missing = {e for e, t in gap_until.items() if t > start.timestamp() + STEP_S}
    stats: dict[str, list[tuple[float, float]]] = {}
    how = "states"
    for period_name in ("5minute", "hour"):
        if not missing:
            break
        for entity_id, means in means_job(hass, start, end, missing, period_name).items():
            if before := [p for p in means if p[0] < gap_until[entity_id]]:
                stats[entity_id] = before
        missing -= set(stats)
        if how == "states" and any(
            e in stats and gap_until[e] == math.inf for e in sensors.entity_ids
        ):
            how = f"statistics_{period_name}"
    if any(e in missing and gap_until[e] == math.inf for e in sensors.entity_ids):
        how = "none"
    until = end.timestamp()
    for column in columns:
        scale = _scale(column, sensors)
        filled = [(t, v * scale) for t, v in stats.get(column.entity_id, [])]
        builder.add(column.name, until, filled + recorded[column.name])
    return how


def _scale(column: Column, sensors: SiteSensors) -> float:
    """Site meter readings take the meter's factor (sign; voltage for current sensors)."""
    return sensors.factor if column.name.startswith(f"{SITE}:") else 1.0


def _register(hass: HomeAssistant, entry_id: str) -> asyncio.Event:
    runs: dict[str, set[asyncio.Event]] = hass.data.setdefault(_RUNS, {})
    flag = asyncio.Event()
    runs.setdefault(entry_id, set()).add(flag)
    return flag


def cancel_runs(hass: HomeAssistant, entry_id: str) -> int:
    """Ask every running simulation of the entry to stop; returns how many there were."""
    flags: set[asyncio.Event] = hass.data.get(_RUNS, {}).get(entry_id, set())
    for flag in flags:
        flag.set()
    return len(flags)


async def async_simulate(
    hass: HomeAssistant, coordinator: CapacityCoordinator, data: Mapping[str, Any]
) -> dict[str, Any]:
    """Replay the period; the response of `capacity_manager.simulate`."""
    entry = coordinator.entry
    if "recorder" not in hass.config.components:
        raise what_if_error("recorder_unavailable")
    sensors = site_sensors(entry.data)
    if sensors is None:
        raise what_if_error("no_site_sensor")
    start, end = period(data, dt_util.utcnow())
    limit_w = candidate_limit_w(data, coordinator.site)
    loads, report = _choose_loads(coordinator, data.get("loads"))
    columns = [Column(f"{SITE}:{e}", e) for e in sensors.entity_ids] + [c for _, c in loads]
    builder = TraceBuilder(start.timestamp(), end.timestamp(), STEP_S, [c.name for c in columns])
    days = day_chunks(start, end)
    flag = _register(hass, entry.entry_id)

    def stopped() -> bool:
        return flag.is_set() or entry.state is not ConfigEntryState.LOADED

    def progress(stage: str, done: int, total: int) -> None:
        hass.bus.async_fire(
            EVENT_SIMULATE_PROGRESS,
            {"config_entry_id": entry.entry_id, "stage": stage, "done": done, "total": total},
        )

    try:
        resolution = dict.fromkeys(("states", "statistics_5minute", "statistics_hour", "none"), 0)
        for k, day in enumerate(days):
            if stopped():
                raise HomeAssistantError(
                    translation_domain=DOMAIN, translation_key="simulate_cancelled"
                )
            resolution[await async_run(hass, _fill_day, builder, columns, sensors, day)] += 1
            progress("history", k + 1, len(days))
        if resolution["none"] == len(days):
            raise what_if_error(
                "no_history",
                start=dt_util.as_local(start).isoformat(),
                end=dt_util.as_local(end).isoformat(),
            )
        site_col = builder.columns[f"{SITE}:{sensors.entity_ids[0]}"]
        for extra in sensors.entity_ids[1:]:  # per-phase sensors: the site is their sum
            other = builder.columns[f"{SITE}:{extra}"]
            for i, v in enumerate(other):
                site_col[i] += v
        builder.columns[SITE] = site_col
        replay = [ReplayLoad(b.config, c.name) for b, c in loads]
        result = await hass.async_add_executor_job(
            _replay, builder, coordinator, limit_w, replay, stopped
        )
        if result is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="simulate_cancelled"
            )
        progress("simulate", 1, 1)
    finally:
        flags: set[asyncio.Event] = hass.data[_RUNS][entry.entry_id]
        flags.discard(flag)
        if not flags:
            del hass.data[_RUNS][entry.entry_id]
    return {
        "start": dt_util.as_local(start).isoformat(),
        "end": dt_util.as_local(end).isoformat(),
        "limit_w": limit_w,
        "step_s": STEP_S,
        "resolution_days": resolution,
        "loads": report,
        **result,
    }


def _replay(
    builder: TraceBuilder,
    coordinator: CapacityCoordinator,
    limit_w: float,
    loads: list[ReplayLoad],
    stopped: Callable[[], bool],
) -> dict[str, Any] | None:
    scenario = build_scenario(
        builder, site_column=SITE, site=coordinator.site, limit_w=limit_w, loads=loads
    )
    return run_what_if(scenario, stopped)
