"""Latency of the integration inside a real Home Assistant, in-process, outside any test harness.

For 5, 20 and 100 loads (the mix of `bench_engine.bench_loads`: every fifth an EV charger, the
others switched loads of 0.5-4 kW) a fresh Home Assistant runs from a temporary config folder
with its registries, the `input_boolean` / `input_number` helpers as loads and one config entry
whose subentries are the loads, added through `hass.config_entries.async_add`.

One sample: the site power sensor is written above the shed threshold (`hass.states.async_set`)
and the time until the first actuator service call is taken (an `EVENT_CALL_SERVICE` listener
sees the real `input_boolean.turn_off` or `input_number.set_value` go out); then the meter drops
to 0 W and everything settles (what was shed comes back: hold-off and restore interval are 0
here, so the next sample starts from all loads on). That is the whole path a real sample takes:
state machine, event dispatch, the coordinator's step (engine step, events, entity updates) and
the executor. Next to it, in the same run and interleaved, the bare cost of HA's dispatch: the
time from `async_set` of another sensor to a plain `async_track_state_change_event` callback.
The issue's target: p99 ≤ 5 ms with 20 loads (`bench_checks`).
Times are `time.perf_counter_ns`; p50 and p99 over the samples (nearest rank).
"""

from __future__ import annotations

import asyncio
import logging
import math
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any

from homeassistant import bootstrap, loader
from homeassistant.config_entries import SOURCE_USER, ConfigEntries, ConfigEntry
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT, EVENT_CALL_SERVICE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component

from custom_components.capacity_manager.const import (
    CONF_CONTINUOUS_ENABLED,
    CONF_ENTITY,
    CONF_EXPECTED_POWER,
    CONF_EXPORT_NEGATIVE,
    CONF_LIMIT_TYPE,
    CONF_LOAD_KIND,
    CONF_LOAD_VOLTAGE,
    CONF_MAX_CURRENT,
    CONF_MIN_CURRENT,
    CONF_MIN_OFF,
    CONF_NAME,
    CONF_PANEL_LIMIT_W,
    CONF_PAUSE_SWITCH,
    CONF_PHASES,
    CONF_POWER_SENSOR,
    CONF_PRIORITY,
    CONF_RESTORE_HOLDOFF,
    CONF_RESTORE_INTERVAL,
    CONF_SOURCE_TYPE,
    CONF_TARGET_PCT,
    CONF_VOLTAGE,
    DEFAULT_OPTIONS,
    DEFAULT_SHED_PCT,
    DOMAIN,
    KIND_EV,
    KIND_SWITCHED,
    LIMIT_WATTS,
    SOURCE_SINGLE,
    SUBENTRY_LOAD,
)
from custom_components.capacity_manager.engine.models import LoadConfig, LoadKind

from .bench_engine import bench_loads

LOAD_COUNTS = (5, 20, 100)
SAMPLES = 200
WARMUP = 10
METER = "sensor.site_power"
PROBE = "sensor.bare_probe"
VOLTS = 230.0
TIMEOUT_S = 2.0
ACTUATOR_DOMAINS = frozenset({"input_boolean", "input_number"})
_POWER = {ATTR_UNIT_OF_MEASUREMENT: "W", ATTR_DEVICE_CLASS: "power"}


@dataclass(frozen=True, slots=True)
class Latency:
    """Percentiles of one load count (ms); `asdict` gives `ha_latency.loads_N` of the JSON."""

    p50_ms: float
    p99_ms: float
    bare_p50_ms: float
    bare_p99_ms: float


def percentile(values_ns: Sequence[int], q: float) -> float:
    """The nearest-rank `q` percentile of `values_ns`, in ms."""
    ordered = sorted(values_ns)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[rank - 1] / 1e6


def _subentry(config: LoadConfig) -> dict[str, Any]:
    """The subentry of one bench load: an input_boolean, or an EV's current and pause."""
    data: dict[str, Any] = {CONF_PRIORITY: config.priority}
    if config.kind is LoadKind.EV:
        data |= {
            CONF_LOAD_KIND: KIND_EV,
            CONF_ENTITY: f"input_number.{config.load_id}_current",
            CONF_PAUSE_SWITCH: f"input_boolean.{config.load_id}_charging",
            CONF_MIN_CURRENT: config.min_setpoint,
            CONF_MIN_OFF: config.min_off_s,
            CONF_MAX_CURRENT: config.max_setpoint,
            CONF_LOAD_VOLTAGE: VOLTS,
        }
    else:
        data |= {
            CONF_LOAD_KIND: KIND_SWITCHED,
            CONF_ENTITY: f"input_boolean.{config.load_id}",
            CONF_EXPECTED_POWER: config.rated_power_w,
        }
    return {
        "subentry_id": config.load_id,
        "subentry_type": SUBENTRY_LOAD,
        "title": config.name,
        "unique_id": data[CONF_ENTITY],
        "data": data,
    }


async def _helpers(hass: HomeAssistant, loads: Sequence[LoadConfig]) -> None:
    """The loads' helper entities, all on (EVs at their maximum current)."""
    booleans: dict[str, Any] = {}
    numbers: dict[str, Any] = {}
    for config in loads:
        if config.kind is LoadKind.EV:
            booleans[f"{config.load_id}_charging"] = {"initial": True}
            top = config.max_setpoint
            numbers[f"{config.load_id}_current"] = {"min": 0, "max": top, "initial": top}
        else:
            booleans[config.load_id] = {"initial": True}
    for domain, helpers in (("input_boolean", booleans), ("input_number", numbers)):
        if not await async_setup_component(hass, domain, {domain: helpers}):
            raise RuntimeError(f"Home Assistant could not set up {domain}")


def _entry(loads: Sequence[LoadConfig], limit_w: float) -> ConfigEntry:
    """The site entry: one meter, a limit in W, a subentry per load.

    The target sits just under the shed threshold so that a sample sheds about one load, and
    restores need no waiting: the next sample starts from all loads on, quickly.
    """
    data = {
        CONF_NAME: "Bench",
        CONF_SOURCE_TYPE: SOURCE_SINGLE,
        CONF_POWER_SENSOR: METER,
        CONF_EXPORT_NEGATIVE: True,
        CONF_PHASES: 1,
        CONF_VOLTAGE: VOLTS,
        CONF_LIMIT_TYPE: LIMIT_WATTS,
        CONF_PANEL_LIMIT_W: limit_w,
        CONF_CONTINUOUS_ENABLED: False,
    }
    options = {
        **DEFAULT_OPTIONS,
        CONF_TARGET_PCT: DEFAULT_SHED_PCT - 1.0,
        CONF_RESTORE_HOLDOFF: 0.0,
        CONF_RESTORE_INTERVAL: 0.0,
    }
    return ConfigEntry(
        data=data,
        discovery_keys=MappingProxyType({}),
        domain=DOMAIN,
        minor_version=1,
        options=options,
        source=SOURCE_USER,
        subentries_data=[_subentry(c) for c in loads],  # type: ignore[misc]
        title="Bench",
        unique_id=METER,
        version=1,
    )


async def _start(config_dir: str) -> HomeAssistant:
    """A running Home Assistant with registries and config entries, nothing else."""
    hass = HomeAssistant(config_dir)
    hass.config.skip_pip = True
    loader.async_setup(hass)
    hass.config_entries = ConfigEntries(hass, {})
    await loader.async_get_custom_components(hass)
    await bootstrap.async_load_base_functionality(hass)
    await hass.async_start()
    return hass


class _Clock:
    """Records the first moment something happens after `arm()`."""

    def __init__(self) -> None:
        self.at: int | None = None
        self.done = asyncio.Event()

    def arm(self) -> None:
        self.at = None
        self.done.clear()

    def hit(self) -> None:
        if self.at is None:
            self.at = time.perf_counter_ns()
            self.done.set()


async def _timed_write(
    hass: HomeAssistant, clock: _Clock, entity_id: str, watts: float
) -> int | None:
    """Time (ns) from writing `entity_id` to `clock`'s first hit (None: none in time)."""
    clock.arm()
    start = time.perf_counter_ns()
    hass.states.async_set(entity_id, str(watts), _POWER)
    try:
        await asyncio.wait_for(clock.done.wait(), TIMEOUT_S)
    except TimeoutError:
        return None
    assert clock.at is not None
    return clock.at - start


async def _measure(hass: HomeAssistant, count: int, samples: int) -> Latency:
    loads = bench_loads(count)
    limit = 0.6 * sum(c.rated_power_w for c in loads)
    over = limit * DEFAULT_SHED_PCT / 100.0 + 100.0  # just above: shed one load
    await _helpers(hass, loads)
    hass.states.async_set(PROBE, "0", _POWER)
    hass.states.async_set(METER, "0", _POWER)
    bare, call = _Clock(), _Clock()

    @callback  # run in the loop like the coordinator's listeners (not in an executor thread)
    def _on_probe(_event: Event[Any]) -> None:
        bare.hit()

    @callback
    def _on_call(event: Event[Any]) -> None:
        if event.data.get("domain") in ACTUATOR_DOMAINS:
            call.hit()

    unsub_probe = async_track_state_change_event(hass, [PROBE], _on_probe)

    unsub_calls = hass.bus.async_listen(EVENT_CALL_SERVICE, _on_call)
    await hass.config_entries.async_add(_entry(loads, limit))
    await hass.async_block_till_done()
    bare_ns: list[int] = []
    call_ns: list[int] = []
    missed = 0
    for k in range(WARMUP + samples):
        probe = await _timed_write(hass, bare, PROBE, float(k))
        shed = await _timed_write(hass, call, METER, over)
        await hass.async_block_till_done()
        hass.states.async_set(METER, "0", _POWER)  # headroom: what was shed comes back
        await hass.async_block_till_done()
        if k < WARMUP:
            continue
        if probe is None or shed is None:
            missed += 1
            continue
        bare_ns.append(probe)
        call_ns.append(shed)
    unsub_probe()
    unsub_calls()
    if not call_ns or missed > samples // 10:
        raise RuntimeError(f"{count} loads: {missed} of {samples} writes led to no command")
    return Latency(
        p50_ms=percentile(call_ns, 50),
        p99_ms=percentile(call_ns, 99),
        bare_p50_ms=percentile(bare_ns, 50),
        bare_p99_ms=percentile(bare_ns, 99),
    )


async def _run(samples: int, counts: Sequence[int]) -> dict[str, dict[str, float]]:
    # One warning per start that a custom integration is loaded: known, and noise here.
    logging.getLogger(loader.__name__).setLevel(logging.ERROR)
    out: dict[str, dict[str, float]] = {}
    for count in counts:
        with tempfile.TemporaryDirectory(prefix="bench-ha-") as config_dir:
            hass = await _start(config_dir)
            try:
                out[f"loads_{count}"] = asdict(await _measure(hass, count, samples))
            finally:
                await hass.async_stop()
    return out


def ha_latency(
    samples: int = SAMPLES, counts: Sequence[int] = LOAD_COUNTS
) -> dict[str, dict[str, float]]:
    """`{"loads_N": {"p50_ms", "p99_ms", "bare_p50_ms", "bare_p99_ms"}}` for each count."""
    return asyncio.run(_run(samples, counts))
