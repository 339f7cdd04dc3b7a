"""Rows 9-12: the user always wins, and a device that fails or ignores us costs one step.

The house meter reports once a second. Loads: water heater (priority 10, 3000 W), dryer
(priority 15, 2000 W) and a third, lowest-priority load (priority 20, 1500 W) that misbehaves.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import Context, Event, HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.const import CONF_LOAD_POWER_SENSOR
from custom_components.capacity_manager.engine.models import ActionKind, LoadState, LoadStatus
from custom_components.capacity_manager.engine.results import NoticeKind
from custom_components.capacity_manager.events import (
    EVENT_ACTION_FAILED,
    EVENT_LOAD_SHED,
    EVENT_MANUAL_OVERRIDE,
)
from tests.engine.harness import (
    Loop,
    SimLoad,
    ev as engine_ev,
    site_config,
    switched as engine_switched,
)
from tests.harness import (
    EV_CURRENT,
    EV_PAUSE,
    HEATER,
    HEATER_W,
    POOL,
    POOL_W,
    House,
    capture,
    ev,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.helpers import GRID_SENSOR
from tests.reliability.common import ServiceLog, now, run_seconds, state

DRYER = "input_boolean.dryer"
DRYER_W = 2000.0
BAD = "fan.bad"  # a fan without a fan integration: we register its services by hand
BAD_W = 1500.0
VERIFY_S = 15
OVERRIDE_S = 3600


async def _house(hass: HomeAssistant, *, bad: bool = False, base_w: float = 500) -> House:
    """The harness house with a dryer too; the meter reports when written (once a second)."""
    booleans = {
        name: {"name": name.replace("_", " ").title(), "initial": True}
        for name in ("water_heater", "pool_pump", "dryer")
    }
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})
    house = House(hass, base_w=base_w, switched_w={HEATER: HEATER_W, POOL: POOL_W, DRYER: DRYER_W})
    if bad:
        house.switched_w.pop(POOL)
        house.switched_w[BAD] = BAD_W
        hass.states.async_set(BAD, "on")
    house.write()
    await hass.async_block_till_done()
    return house


def _loads(third: str = POOL, **third_options: Any) -> list[dict[str, Any]]:
    return [
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched(DRYER, "Dryer", 15, DRYER_W),
        switched(third, "Third", 20, BAD_W, **third_options),
    ]


def _our_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("custom_components.capacity_manager") and r.levelno >= logging.WARNING
    ]


# -- row 9 -------------------------------------------------------------------------------------


async def test_a_user_taking_back_a_shed_load_gets_it_for_the_override_window(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await _house(hass, base_w=-1000)  # 6000 W: above the shed threshold (5462.5 W)
    await setup_entry(hass, make_entry(site_data, _loads()))
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    assert state(hass, POOL) == "off"
    overrides = capture(hass, EVENT_MANUAL_OVERRIDE)
    shed = capture(hass, EVENT_LOAD_SHED)
    log = ServiceLog(hass, {POOL})

    await hass.services.async_call(
        "input_boolean", "turn_on", {ATTR_ENTITY_ID: POOL}, blocking=True, context=Context()
    )
    taken_back = now()
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    assert [(e.data["entity_id"], e.data["action"]) for e in overrides] == [(POOL, "override")]
    assert state(hass, "sensor.third_status") == "override"
    # Above the limit again: the next load goes instead, in the step that saw it.
    assert [e.data["entity_id"] for e in shed] == [DRYER]
    assert shed[0].time_fired.timestamp() - taken_back <= 1

    house.base_w = 1500  # even worse: still never the pool pump during its window
    await run_seconds(hass, freezer, OVERRIDE_S - 10, lambda _: house.write())
    assert [c.service for c in log.calls] == ["turn_on"]  # only the user's own call
    assert state(hass, POOL) == "on"
    assert state(hass, HEATER) == "off"
    swapped = len(shed)
    await run_seconds(hass, freezer, 20, lambda _: house.write())  # the window is over
    # The ladder counts again: the water heater, more important and kept off for the whole
    # hour, comes back in the pool pump's place (4500 W, under the restore threshold).
    assert [(e.data["entity_id"], e.data["reason"]) for e in shed[swapped:]] == [(POOL, "priority")]
    assert state(hass, POOL) == "off"
    assert state(hass, HEATER) == "on"


# -- row 10 ------------------------------------------------------------------------------------


async def test_a_load_the_user_switched_off_after_taking_it_back_stays_off(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await _house(hass, base_w=-1000)
    await setup_entry(hass, make_entry(site_data, _loads()))
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    assert state(hass, POOL) == "off"
    for service in ("turn_on", "turn_off"):  # takes it back, then switches it off itself
        await hass.services.async_call(
            "input_boolean", service, {ATTR_ENTITY_ID: POOL}, blocking=True, context=Context()
        )
        await run_seconds(hass, freezer, 1, lambda _: house.write())
    log = ServiceLog(hass, {POOL})
    house.base_w = -3000  # plenty of room from now on
    await run_seconds(hass, freezer, OVERRIDE_S + 600, lambda _: house.write())
    assert log.calls == []
    assert state(hass, POOL) == "off"
    assert state(hass, "sensor.third_status") == "off"


async def test_a_car_the_user_paused_while_we_held_it_down_is_never_resumed(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_house(hass, with_ev=True, base_w=0)
    house.stop_following()
    house.switched_w.pop(POOL)
    house.write()
    await setup_entry(
        hass,
        make_entry(site_data, [switched(HEATER, "Water heater", 10, HEATER_W), ev()]),
    )
    await run_seconds(hass, freezer, 2, lambda _: house.write())  # 3000 + 3680: turned down
    assert state(hass, "sensor.car_status") == "modulated"
    overrides = capture(hass, EVENT_MANUAL_OVERRIDE)
    await hass.services.async_call(
        "input_boolean", "turn_off", {ATTR_ENTITY_ID: EV_PAUSE}, blocking=True, context=Context()
    )
    log = ServiceLog(hass, {EV_PAUSE, EV_CURRENT})
    house.base_w = -2000
    await run_seconds(hass, freezer, 2 * OVERRIDE_S, lambda _: house.write())
    assert [e.data["entity_id"] for e in overrides] == [EV_CURRENT]
    assert log.calls == []
    assert state(hass, EV_PAUSE) == "off"


# -- row 11 ------------------------------------------------------------------------------------


async def _failing_setup(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> House:
    house = await _house(hass, bad=True, base_w=-2000)  # 5000 W: nothing to do yet
    await setup_entry(hass, make_entry(site_data, _loads(BAD)))
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    return house


async def _overload(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, house: House, base_w: float = -500.0
) -> float:
    """6500 W by default: the lowest-priority load (1500 W) alone would do."""
    house.base_w = base_w
    await run_seconds(hass, freezer, 1, lambda _: house.write())
    return now()


@pytest.mark.parametrize("failure", ["service_error", "service_not_found"])
async def test_a_failing_actuator_is_skipped_for_the_next_load_in_the_same_step(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    failure: str,
) -> None:
    if failure == "service_error":

        async def broken(call: ServiceCall) -> None:
            raise HomeAssistantError("relay did not answer")

        hass.services.async_register("fan", "turn_off", broken)
    house = await _failing_setup(hass, site_data, freezer)
    failed = capture(hass, EVENT_ACTION_FAILED)
    shed = capture(hass, EVENT_LOAD_SHED)
    caplog.clear()
    at = await _overload(hass, freezer, house)

    assert [(e.data["entity_id"], e.data["reason"]) for e in failed] == [(BAD, failure)]
    assert failed[0].data["action"] == "shed"
    # The failed load still draws its 1500 W: the dryer (next up) covers it, in the same step.
    assert [e.data["entity_id"] for e in shed] == [DRYER]
    assert {e.time_fired.timestamp() for e in failed + shed} == {at}
    assert state(hass, HEATER) == "on"
    assert len([m for m in _our_warnings(caplog) if "could not" in m]) == 1
    await run_seconds(hass, freezer, 60, lambda _: house.write())
    assert house.power() <= 5750
    assert len(failed) == 1  # not hammered again


async def test_a_load_that_goes_away_just_before_its_command_is_skipped(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    house = await _house(hass, base_w=-2000)
    await setup_entry(hass, make_entry(site_data, _loads()))
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    failed = capture(hass, EVENT_ACTION_FAILED)
    shed = capture(hass, EVENT_LOAD_SHED)

    @callback
    def drop_off_the_network(event: Event[Any]) -> None:
        # The pool pump's relay vanishes after the step decided, before the command runs.
        if state(hass, POOL) == "on":
            hass.states.async_set(POOL, "unavailable")

    async_track_state_change_event(hass, [GRID_SENSOR], drop_off_the_network)
    caplog.clear()
    at = await _overload(hass, freezer, house)  # 6500 W, the pump would do

    assert [(e.data["entity_id"], e.data["reason"]) for e in failed] == [(POOL, "unavailable")]
    assert [e.data["entity_id"] for e in shed] == [DRYER]
    assert {e.time_fired.timestamp() for e in failed + shed} == {at}
    assert len([m for m in _our_warnings(caplog) if "could not" in m]) == 1


async def test_a_stuck_actuator_times_out_without_holding_up_other_loads(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    never = asyncio.Event()

    async def hangs(call: ServiceCall) -> None:
        await never.wait()

    hass.services.async_register("fan", "turn_off", hangs)
    house = await _failing_setup(hass, site_data, freezer)
    failed = capture(hass, EVENT_ACTION_FAILED)
    shed = capture(hass, EVENT_LOAD_SHED)
    caplog.clear()

    async def second() -> None:
        # Not `async_block_till_done`: it would wait for the stuck call, which is the point.
        freezer.tick(1)
        house.write()
        async_fire_time_changed(hass)
        for _ in range(50):
            await asyncio.sleep(0)

    house.base_w = 1000  # 8000 W: the fan and the dryer
    try:
        await second()
        at = now()
        assert [e.data["entity_id"] for e in shed] == [DRYER]  # not held up by the stuck fan
        assert shed[0].time_fired.timestamp() == at
        for _ in range(11):  # the 10 s timeout
            await second()
    finally:
        never.set()  # whatever happens, let the hass fixture finish
    assert [(e.data["entity_id"], e.data["reason"]) for e in failed] == [(BAD, "timeout")]
    assert failed[0].time_fired.timestamp() - at == pytest.approx(10, abs=1)
    # The fan still runs: the meter showed it at the next sample, so the heater (the last one
    # left) went then, without waiting for the timeout.
    assert [e.data["entity_id"] for e in shed] == [DRYER, HEATER]
    assert shed[1].time_fired.timestamp() - at <= 1
    assert house.power() <= 5750
    assert len([m for m in _our_warnings(caplog) if "could not" in m]) == 1


# -- row 12 ------------------------------------------------------------------------------------


async def test_a_command_the_device_ignores_is_ineffective_and_the_next_load_goes(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    calls: list[ServiceCall] = []
    hass.services.async_register("fan", "turn_off", calls.append)  # accepted, nothing happens
    house = await _failing_setup(hass, site_data, freezer)
    failed = capture(hass, EVENT_ACTION_FAILED)
    shed = capture(hass, EVENT_LOAD_SHED)
    at = await _overload(hass, freezer, house)
    assert len(calls) == 1
    await run_seconds(hass, freezer, VERIFY_S + 1, lambda _: house.write())

    assert [(e.data["entity_id"], e.data["reason"]) for e in failed] == [(BAD, "no_effect")]
    assert [e.data["entity_id"] for e in shed] == [BAD, DRYER]
    assert shed[1].time_fired.timestamp() - at <= VERIFY_S + 1
    assert house.power() <= 5750
    await run_seconds(hass, freezer, 200, lambda _: house.write())
    assert len(calls) == 1  # not retried within its retry time


async def test_a_relay_that_reports_off_but_still_draws_is_ineffective(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """The switch says off, the load's own meter says 1500 W: a welded relay."""
    house = await _house(hass)
    house.switched_w.pop(POOL)  # the pump draws whatever its switch says
    house.base_w = -2000 + POOL_W  # 5000 W
    house.write()
    hass.states.async_set("sensor.pool_power", str(POOL_W), {"unit_of_measurement": "W"})
    loads = _loads(POOL, **{CONF_LOAD_POWER_SENSOR: "sensor.pool_power"})
    await setup_entry(hass, make_entry(site_data, loads))
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    failed = capture(hass, EVENT_ACTION_FAILED)
    shed = capture(hass, EVENT_LOAD_SHED)
    house.base_w += 1500  # 6500 W: the pump alone would do
    await run_seconds(hass, freezer, 1, lambda _: house.write())
    at = now()
    assert state(hass, POOL) == "off"  # the command was accepted
    await run_seconds(hass, freezer, VERIFY_S + 1, lambda _: house.write())

    assert [(e.data["entity_id"], e.data["reason"]) for e in failed] == [(POOL, "no_effect")]
    assert [e.data["entity_id"] for e in shed] == [POOL, DRYER]
    assert shed[1].time_fired.timestamp() - at <= VERIFY_S + 1
    assert house.power() <= 5750
    # Still ours: it is off as far as HA knows, and given back like any shed load.
    assert state(hass, "sensor.third_status") == "shed"


async def test_a_load_that_frees_nothing_is_followed_by_the_next_within_the_verify_time(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """No own meter: the switch follows, site power does not drop (it was idle)."""
    house = await _house(hass)
    house.switched_w[POOL] = 0.0  # the pump was not running: switching it off frees nothing
    house.base_w = -2000
    house.write()
    await setup_entry(hass, make_entry(site_data, _loads()))
    await run_seconds(hass, freezer, 2, lambda _: house.write())
    shed = capture(hass, EVENT_LOAD_SHED)
    at = await _overload(hass, freezer, house, base_w=1000)  # 6500 W
    await run_seconds(hass, freezer, VERIFY_S + 1, lambda _: house.write())
    assert [e.data["entity_id"] for e in shed] == [POOL, DRYER]
    assert shed[1].time_fired.timestamp() - at <= VERIFY_S + 1
    assert house.power() <= 5750


# -- the engine on its own: a switch that says off while its load keeps drawing -----------------


@dataclass
class WeldedRelay(SimLoad):
    """Reports off when told, but the load behind it keeps drawing its power."""

    welded: bool = False

    @property
    def power_w(self) -> float:
        return self.cfg.rated_power_w if self.welded or self.on else 0.0

    def state(self) -> LoadState:
        return LoadState(is_on=self.on, power_w=self.power_w)


def test_engine_marks_a_shed_without_power_drop_ineffective_keeps_it_held_and_sheds_the_next() -> (
    None
):
    site = site_config(10_000)
    relay = WeldedRelay(engine_switched("relay", 3000, priority=20), welded=True)
    loop = Loop.build(site, relay, engine_switched("heater", 3000, priority=10), base=4000)
    loop.run(5)  # 10 000 W: the relay goes (3000 W would do), and says it is off
    assert [(a.load_id, a.kind) for _, a in loop.history] == [("relay", ActionKind.SHED)]
    loop.run(site.timing.verify_s + 1)
    ineffective = loop.notices_of(NoticeKind.INEFFECTIVE)
    assert [(t, n.load_id) for t, n in ineffective] == [(site.timing.verify_s, "relay")]
    assert [(t, a.load_id) for t, a in loop.history][1:] == [(site.timing.verify_s, "heater")]
    assert loop.last is not None
    statuses = {load.load_id: load.status for load in loop.last.snapshot.loads}
    assert statuses["relay"] is LoadStatus.SHED  # still ours: given back like any shed load
    relay.welded = False  # repaired; the house quietens: both come back in time
    loop.plant.base = 1000
    loop.run(site.timing.ineffective_retry_s + 200)
    assert relay.on
    assert loop.load("heater").on


def test_engine_keeps_a_turned_down_car_ours_when_a_further_cut_fails() -> None:
    """A car held at 7 A (it wants 12 A): pausing it fails. It is still ours, so it comes back."""
    site = site_config(10_000)
    car = SimLoad(engine_ev("car", max_current_a=12, min_off_s=0), setpoint=12)
    loop = Loop.build(site, car, base=7200)  # 7200 + 2760 W: turned down to 7 A
    loop.run(3)
    assert car.setpoint == 7
    car.responsive = False  # the charger stops answering
    loop.plant.base = 8200  # more is needed: the car is to be paused
    assert [a.kind for a in loop.tick().actions] == [ActionKind.SHED]
    loop.controller.report_failure("car", loop.now)  # the actuator's error comes back
    car.responsive = True
    loop.plant.base = 1000
    loop.run(site.timing.ineffective_retry_s + 120)
    assert car.on
    assert car.setpoint == 12  # given back in full, not left at 7 A for good
