"""Rows 1-3: an overload is acted on at once, loads come back carefully, nothing flaps.

The house meter reports once a second (it does not follow the loads at once, as a real meter
does not), and time moves one second per control tick.
"""

from __future__ import annotations

import math
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant

from custom_components.capacity_manager.const import CONF_MIN_OFF, CONF_MIN_ON
from custom_components.capacity_manager.engine.calm import RecentPeak
from custom_components.capacity_manager.engine.models import ActionKind
from custom_components.capacity_manager.events import EVENT_LOAD_RESTORED, EVENT_LOAD_SHED
from tests.engine.harness import Loop, site_config, switched as engine_switched
from tests.harness import (
    EV_CURRENT,
    EV_PAUSE,
    HEATER,
    HEATER_W,
    POOL,
    POOL_W,
    capture,
    ev,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.reliability.common import ServiceLog, now, run_seconds, state

LIMIT_W = 5750.0  # the site fixture: 25 A x 230 V
SHED_W = 0.95 * LIMIT_W
RESTORE_W = 0.85 * LIMIT_W
HOLDOFF_S = 60
INTERVAL_S = 30


async def test_an_overload_is_acted_on_in_its_first_step_and_gone_within_30_s(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 1: a car starts charging on a busy evening (8680 W on a 5750 W panel)."""
    house = await make_house(hass, with_ev=True)
    house.stop_following()  # the meter reports on its own rhythm, once a second
    await hass.services.async_call(
        "input_boolean", "turn_off", {ATTR_ENTITY_ID: EV_PAUSE}, blocking=True
    )
    house.write()
    loads = [
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched(POOL, "Pool pump", 20, POOL_W),
        ev(priority=30),
    ]
    await setup_entry(hass, make_entry(site_data, loads))
    log = ServiceLog(hass, {HEATER, POOL, EV_CURRENT, EV_PAUSE})
    await run_seconds(hass, freezer, 10, lambda _: house.write())
    assert log.calls == []  # 5000 W: nothing to do

    # The car is plugged in by its owner (not us); the meter shows it at the next sample.
    await hass.services.async_call(
        "input_boolean", "turn_on", {ATTR_ENTITY_ID: EV_PAUSE}, blocking=True, context=Context()
    )
    log.calls.clear()
    readings: list[tuple[float, float]] = []

    def sample(_: int) -> None:
        house.write()
        readings.append((now(), house.power()))

    await run_seconds(hass, freezer, 1, sample)
    first_over = next(t for t, w in readings if w > SHED_W)
    ours = [c for c in log.calls if not (c.entity_id == EV_PAUSE and c.service == "turn_on")]
    assert ours, "no command in the step of the first sample above the shed threshold"
    assert ours[0].time <= first_over  # one control step: the step that read the sample

    await run_seconds(hass, freezer, 30, sample)
    under = next(t for t, w in readings if t > first_over and w <= LIMIT_W)
    assert under - first_over <= 30
    await run_seconds(hass, freezer, 120, sample)
    assert all(w <= LIMIT_W for t, w in readings if t >= under)
    # The car went down before anything was switched off (whole amps, at least 6 A).
    assert float(state(hass, EV_CURRENT)) in {float(a) for a in range(6, 16)} or (
        state(hass, EV_PAUSE) == "off"
    )


async def test_a_big_jump_of_the_uncontrolled_load_sheds_enough_in_one_step(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 1: the oven and the kettle at once; both loads must go in the same step."""
    house = await make_house(hass)
    house.stop_following()
    await setup_entry(hass, make_entry(site_data))
    shed = capture(hass, EVENT_LOAD_SHED)
    await run_seconds(hass, freezer, 5, lambda _: house.write())
    house.base_w = 3500  # 3500 + 3000 + 1500 = 8000 W
    readings: list[tuple[float, float]] = []

    def sample(_: int) -> None:
        house.write()
        readings.append((now(), house.power()))

    await run_seconds(hass, freezer, 1, sample)
    first_over = readings[0][0]
    assert {e.data["entity_id"] for e in shed} == {HEATER, POOL}
    assert {e.time_fired.timestamp() for e in shed} == {first_over}
    await run_seconds(hass, freezer, 30, sample)
    assert all(w <= LIMIT_W for t, w in readings[1:])


async def test_restore_waits_for_the_hold_off_has_room_and_goes_one_load_per_interval(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 2: both loads shed; the house calms down; they come back one at a time."""
    house = await make_house(hass)
    house.stop_following()
    await setup_entry(hass, make_entry(site_data))
    restored = capture(hass, EVENT_LOAD_RESTORED)
    shed = capture(hass, EVENT_LOAD_SHED)
    readings: list[tuple[float, float]] = []

    def sample(_: int) -> None:
        house.write()
        readings.append((now(), house.power()))

    house.base_w = 3500
    await run_seconds(hass, freezer, 3, sample)
    assert state(hass, HEATER) == "off"
    assert state(hass, POOL) == "off"
    # Below the restore threshold from the shed on (the engine counts commands in flight as
    # done, then the meter shows 3500 W, then 2000 W): the hold-off runs from there.
    calm_from = max(e.time_fired.timestamp() for e in shed)

    # 2000 W: the pool pump fits (3500 <= 4887.5 W), the heater does not (5000 W).
    house.base_w = 2000
    await run_seconds(hass, freezer, 600, sample)
    assert [e.data["entity_id"] for e in restored] == [POOL]
    first = restored[0]
    assert first.time_fired.timestamp() - calm_from >= HOLDOFF_S
    assert first.data["site_power_w"] + POOL_W <= RESTORE_W
    assert state(hass, HEATER) == "off"  # 2000 + 1500 + 3000 W would not fit

    # Almost nothing else runs: the heater fits too, not before the restore interval.
    house.base_w = 0
    await run_seconds(hass, freezer, 300, sample)
    assert [e.data["entity_id"] for e in restored] == [POOL, HEATER]
    heater = restored[1]
    assert heater.data["site_power_w"] + HEATER_W <= RESTORE_W
    assert heater.time_fired.timestamp() - first.time_fired.timestamp() >= INTERVAL_S
    # After each give-back the site stayed under the restore threshold.
    assert max(w for t, w in readings if t > first.time_fired.timestamp()) <= RESTORE_W


async def test_two_loads_that_fit_at_once_still_come_back_one_per_interval(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 2: room for both, yet never two switch-ons within the restore interval."""
    house = await make_house(hass)
    house.stop_following()
    await setup_entry(hass, make_entry(site_data))
    restored = capture(hass, EVENT_LOAD_RESTORED)
    shed = capture(hass, EVENT_LOAD_SHED)
    readings: list[tuple[float, float]] = []

    def sample(_: int) -> None:
        house.write()
        readings.append((now(), house.power()))

    house.base_w = 3500
    await run_seconds(hass, freezer, 3, sample)
    house.base_w = 0
    await run_seconds(hass, freezer, 200, sample)
    calm_from = max(e.time_fired.timestamp() for e in shed)
    times = [e.time_fired.timestamp() for e in restored]
    assert [e.data["entity_id"] for e in restored] == [HEATER, POOL]  # most important first
    assert times[0] - calm_from >= HOLDOFF_S
    assert times[1] - times[0] >= INTERVAL_S


def _oscillating(house_base: float, amplitude: float, t: int) -> float:
    """A square-ish wave (a compressor or a kettle cycling) of period 20 s."""
    return house_base + amplitude * math.copysign(1.0, math.sin(2 * math.pi * (t + 0.5) / 20))


async def _oscillate_for_an_hour(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
    **pool_options: Any,
) -> list[float]:
    """Pool-pump switch times while the rest of the house swings ±10 % of the limit."""
    house = await make_house(hass)
    house.stop_following()
    house.switched_w.pop(HEATER)  # the heater is not part of this house
    loads = [switched(POOL, "Pool pump", 20, POOL_W, **pool_options)]
    await setup_entry(hass, make_entry(site_data, loads))
    log = ServiceLog(hass, {POOL})
    mean = 0.94 * LIMIT_W - POOL_W  # with the pump on: 84 % .. 104 % of the limit

    def plant(t: int) -> None:
        house.base_w = _oscillating(mean, 0.10 * LIMIT_W, t)
        house.write()

    await run_seconds(hass, freezer, 3600, plant)
    return [c.time for c in log.calls]


async def test_a_load_swinging_around_the_limit_does_not_make_a_load_flap(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 3, default options (no minimum on/off time): at most one cycle in the hour.

    The pump fits back only in the troughs of the swing; the room never lasts a whole hold-off,
    so it is shed once and not given back while the swing goes on (no relay chatter).
    """
    switches = await _oscillate_for_an_hour(hass, freezer, site_data)
    assert 1 <= len(switches) <= 2


async def test_a_load_with_minimum_on_and_off_times_cycles_at_most_once_per_cycle_time(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 3: min on 5 min + min off 5 min = one cycle per 10 minutes at most."""
    switches = await _oscillate_for_an_hour(
        hass, freezer, site_data, **{CONF_MIN_ON: 300, CONF_MIN_OFF: 300}
    )
    cycle_s = 600
    assert len(switches) // 2 <= 3600 // cycle_s
    offs, ons = switches[0::2], switches[1::2]
    assert all(on - off >= 300 for off, on in zip(offs, ons, strict=False))
    assert all(off - on >= 300 for on, off in zip(ons, offs[1:], strict=False))


# -- the engine on its own (no Home Assistant): what row 3 rests on ------------------------------


def test_recent_peak_is_the_highest_value_of_the_window() -> None:
    peak = RecentPeak()
    assert peak.add(0, 100, 60) == 100
    assert peak.add(10, 300, 60) == 300
    assert peak.add(20, 200, 60) == 300
    assert peak.next_drop(60) == 70  # 300 leaves the window at t=70
    assert peak.add(69, 150, 60) == 300
    assert peak.add(70, 150, 60) == 200
    assert peak.add(81, 100, 60) == 150
    peak.touch(100)  # 100 still there at t=100 (a skipped, unchanged sample)
    assert peak.add(141, 50, 60) == 100
    peak.clear()
    assert peak.add(142, 10, 60) == 10
    assert peak.next_drop(60) == math.inf


def test_a_swinging_house_gives_a_load_back_only_when_it_fits_over_the_whole_hold_off() -> None:
    """Engine: +-1000 W every 10 s around 8000 W; a 1500 W load fits only in the troughs."""
    site = site_config(10_000)  # restore below 8500 W, hold-off 60 s

    def swinging(t: float) -> float:
        return 6500.0 + (1000.0 if int(t // 10) % 2 else -1000.0) if t < 600 else 5000.0

    loop = Loop.build(site, engine_switched("pump", 1500), base=10_000)
    loop.run(5)  # 11 500 W: the pump goes
    loop.plant.base = swinging
    loop.run(600)  # troughs at 5500 + 1500 = 7000 W, peaks at 7500 + 1500 = 9000 W
    assert [a.kind for _, a in loop.history] == [ActionKind.SHED]
    loop.run(120)  # 5000 W from t=600: room that lasts
    restores = [t for t, a in loop.history if a.kind is ActionKind.RESTORE]
    assert len(restores) == 1
    assert restores[0] >= 600 + site.timing.restore_holdoff_s - 1


def test_skipping_unchanged_samples_does_not_forget_a_peak() -> None:
    """The simulator skips unchanged samples; the hold-off peak must stay the same."""
    site = site_config(10_000)
    results = []
    for skip in (False, True):
        loop = Loop.build(site, engine_switched("pump", 1500), base=10_000)
        loop.skip_idle = skip
        loop.run(5)
        loop.plant.base = lambda t: 7500.0 if t < 100 else 5000.0
        loop.run(300)
        results.append([(t, a.kind) for t, a in loop.history])
    assert results[0] == results[1]
