"""Charging plans: set_charging_plan / clear_charging_plan, what the engine and the user see."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import Any

import pytest
import voluptuous as vol
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.charging_plan import MAX_GAP_S
from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_LOAD_POWER_SENSOR,
    CONF_PANEL_LIMIT_W,
    DOMAIN,
)
from custom_components.capacity_manager.coordinator import CapacityCoordinator
from custom_components.capacity_manager.diagnostics import async_get_config_entry_diagnostics
from custom_components.capacity_manager.engine.models import LoadState
from custom_components.capacity_manager.services_plan import departure_at
from tests.harness import (
    ENTRY_ID,
    EV_CURRENT,
    EV_PAUSE,
    HEATER,
    HEATER_W,
    POOL,
    POOL_W,
    VOLTS,
    House,
    ev,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.helpers import STRINGS, SetSensor

EV_POWER = "sensor.car_power"
STATUS = "sensor.car_status"
STORE_KEY = f"{DOMAIN}.{ENTRY_ID}"
CHARGING_W = 16 * VOLTS  # the harness's charger: 16 A at 230 V, one phase


class EngineInputs:
    """The load states the controller receives, step by step."""

    def __init__(self, coordinator: CapacityCoordinator) -> None:
        self.seen: list[dict[str, LoadState]] = []
        original = coordinator.controller.step

        def step(now: float, measurement: Any, states: dict[str, LoadState]) -> Any:
            self.seen.append(states)
            return original(now, measurement, states)

        coordinator.controller.step = step  # type: ignore[method-assign, assignment]

    @property
    def car(self) -> LoadState:
        """The charger's state in the last step."""
        return self.seen[-1]["load_ev"]


async def _call(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(
        DOMAIN, service, {"config_entry_id": ENTRY_ID, **data}, blocking=True
    )
    await hass.async_block_till_done()


async def _later(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, house: House, seconds: float
) -> None:
    freezer.tick(timedelta(seconds=seconds))
    house.write()
    await hass.async_block_till_done()
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def _site(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    *,
    power_sensor: bool = True,
) -> tuple[House, MockConfigEntry]:
    """The house with its charger at 16 A, under a 63 A breaker: nothing needs shedding."""
    site_data |= {CONF_BREAKER_A: 63.0, CONF_PANEL_LIMIT_W: 63.0 * VOLTS}
    house = await make_house(hass, with_ev=True)
    set_power_sensor(EV_POWER, CHARGING_W)
    extra = {CONF_LOAD_POWER_SENSOR: EV_POWER} if power_sensor else {}
    loads = [
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched(POOL, "Pool pump", 20, POOL_W),
    ]
    entry = make_entry(site_data, [*loads, ev(**extra)])
    await setup_entry(hass, entry)
    return house, entry


def _in(hours: float) -> datetime:
    return dt_util.now() + timedelta(hours=hours)


async def test_plan_reaches_the_engine_and_counts_down(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    freezer: FrozenDateTimeFactory,
) -> None:
    house, entry = await _site(hass, site_data, set_power_sensor)
    engine = EngineInputs(entry.runtime_data.coordinator)
    departure = _in(8).replace(microsecond=0)
    await _call(hass, "set_charging_plan", load=EV_CURRENT, departure=departure, energy=10)
    assert engine.car.departure_s == departure.timestamp()
    assert engine.car.energy_to_go_wh == 10_000

    await _later(hass, freezer, house, 60)  # 60 s at 3680 W: 61.3 Wh
    assert engine.car.energy_to_go_wh == pytest.approx(10_000 - CHARGING_W / 60, abs=1)
    set_power_sensor(EV_POWER, 0)  # the car takes a break (seen at the next step: a meter sample)
    await _later(hass, freezer, house, 0)
    await _later(hass, freezer, house, 60)
    assert engine.car.energy_to_go_wh == pytest.approx(10_000 - CHARGING_W / 60, abs=1)

    attrs = hass.states.get(STATUS).attributes
    assert dt_util.parse_datetime(attrs["departure"]) == departure
    assert attrs["energy_to_go_kwh"] == 9.94
    assert attrs["plan_at_risk"] is False  # 10 kWh in 8 h at 3.7 kW: easily
    assert "departure" not in hass.states.get("sensor.pool_pump_status").attributes


async def test_a_stall_credits_at_most_five_minutes(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    freezer: FrozenDateTimeFactory,
) -> None:
    house, entry = await _site(hass, site_data, set_power_sensor)
    engine = EngineInputs(entry.runtime_data.coordinator)
    await _call(hass, "set_charging_plan", load=EV_CURRENT, departure=_in(8), energy=10)
    await _later(hass, freezer, house, 3600)  # the loop stalled for an hour
    credited = 10_000 - (engine.car.energy_to_go_wh or 0)
    assert credited == pytest.approx(CHARGING_W * MAX_GAP_S / 3600, abs=1)


async def test_without_a_power_sensor_the_setpoint_counts_while_charging(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    freezer: FrozenDateTimeFactory,
) -> None:
    house, entry = await _site(hass, site_data, set_power_sensor, power_sensor=False)
    engine = EngineInputs(entry.runtime_data.coordinator)
    await _call(hass, "set_charging_plan", load="load_ev", departure=_in(8), energy=5)
    await _later(hass, freezer, house, 60)
    assert engine.car.energy_to_go_wh == pytest.approx(5000 - CHARGING_W / 60, abs=1)
    await hass.services.async_call(
        "input_boolean", "turn_off", {"entity_id": EV_PAUSE}, blocking=True
    )
    await hass.async_block_till_done()
    await _later(hass, freezer, house, 60)  # paused: nothing delivered
    await _later(hass, freezer, house, 60)
    assert engine.car.energy_to_go_wh == pytest.approx(5000 - CHARGING_W / 60, abs=1)


async def test_a_plan_survives_a_restart(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    house, entry = await _site(hass, site_data, set_power_sensor)
    departure = _in(6)
    await _call(hass, "set_charging_plan", load=EV_CURRENT, departure=departure, energy=20)
    await _later(hass, freezer, house, 120)

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    saved = hass_storage[STORE_KEY]["data"]["plans"]["load_ev"]
    assert saved["departure"] == departure.timestamp()
    assert saved["wanted_wh"] == 20_000
    assert saved["delivered_wh"] == pytest.approx(CHARGING_W / 30, abs=1)

    freezer.tick(timedelta(minutes=10))  # down for 10 minutes: no energy credited for them
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    engine = EngineInputs(entry.runtime_data.coordinator)
    await _later(hass, freezer, house, 1)
    assert engine.car.departure_s == departure.timestamp()
    assert engine.car.energy_to_go_wh == pytest.approx(20_000 - CHARGING_W / 30, abs=5)
    assert hass.states.get(STATUS).attributes["energy_to_go_kwh"] == 19.88


async def test_malformed_stored_plans_are_ignored_with_one_warning(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    plans = {
        "load_ev": {"departure": "tomorrow", "wanted_wh": 1},
        "load_pool_pump": {"departure": 1.0, "wanted_wh": -5, "delivered_wh": 0},
    }
    hass_storage[STORE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORE_KEY,
        "data": {"plans": plans},
    }
    with caplog.at_level(logging.WARNING):
        _, entry = await _site(hass, site_data, set_power_sensor)
    assert entry.state is ConfigEntryState.LOADED
    assert caplog.text.count("malformed stored charging plans") == 1
    assert "departure" not in hass.states.get(STATUS).attributes


async def test_the_plan_ends_when_the_car_leaves(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    house, entry = await _site(hass, site_data, set_power_sensor)
    engine = EngineInputs(entry.runtime_data.coordinator)
    await _call(
        hass, "set_charging_plan", load=EV_CURRENT, departure=_in(0.5).isoformat(), energy=30
    )
    assert engine.car.departure_s is not None
    with caplog.at_level(logging.INFO):
        await _later(hass, freezer, house, 1801)
        await _later(hass, freezer, house, 60)
    assert engine.car.departure_s is None
    assert engine.car.energy_to_go_wh is None
    assert caplog.text.count("the charging plan of Car ended") == 1
    assert "departure" not in hass.states.get(STATUS).attributes
    assert entry.runtime_data.coordinator.charging.export() == {}


async def test_clear_charging_plan(
    hass: HomeAssistant, site_data: dict[str, Any], set_power_sensor: SetSensor
) -> None:
    _, entry = await _site(hass, site_data, set_power_sensor)
    engine = EngineInputs(entry.runtime_data.coordinator)
    await _call(hass, "set_charging_plan", load=EV_CURRENT, departure=_in(3), energy=7.5)
    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    assert diagnostics["charging_plans"]["load_ev"]["wanted_wh"] == 7500
    assert hass.states.get(STATUS).attributes["energy_to_go_kwh"] == 7.5

    await _call(hass, "clear_charging_plan", load=EV_CURRENT)
    assert engine.car.departure_s is None
    assert "energy_to_go_kwh" not in hass.states.get(STATUS).attributes
    await _call(hass, "clear_charging_plan", load="load_ev")  # none left: nothing to do


async def test_departure_as_a_time_of_day_is_its_next_occurrence(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    freezer: FrozenDateTimeFactory,
) -> None:
    noon = datetime(2025, 1, 15, 12, 0, tzinfo=dt_util.get_default_time_zone())
    freezer.move_to(noon)
    await _site(hass, site_data, set_power_sensor)
    await _call(hass, "set_charging_plan", load=EV_CURRENT, departure="07:30", energy=10)
    departure = dt_util.parse_datetime(hass.states.get(STATUS).attributes["departure"])
    assert departure == noon + timedelta(hours=19, minutes=30)
    # Later the same day stays today.
    assert departure_at(time(18, 0), noon) == noon + timedelta(hours=6)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"load": "number.nothing"}, "load_not_found"),
        ({"load": POOL}, "load_not_ev_charger"),
        ({"departure": "2001-01-01 07:00:00"}, "departure_in_past"),
    ],
)
async def test_mistakes_are_refused_with_a_translated_reason(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    set_power_sensor: SetSensor,
    data: dict[str, Any],
    key: str,
) -> None:
    await _site(hass, site_data, set_power_sensor)
    call = {"load": EV_CURRENT, "departure": _in(2).isoformat(), "energy": 10, **data}
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "set_charging_plan", **call)
    assert err.value.translation_key == key
    assert key in STRINGS["exceptions"]
    if key != "departure_in_past":
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, "clear_charging_plan", load=call["load"])
        assert err.value.translation_key == key


async def test_an_unloaded_site_is_refused(
    hass: HomeAssistant, site_data: dict[str, Any], set_power_sensor: SetSensor
) -> None:
    await _site(hass, site_data, set_power_sensor)
    other = MockConfigEntry(domain=DOMAIN, title="Cabin", entry_id="cabin")
    other.add_to_hass(hass)
    for service, extra in (
        ("set_charging_plan", {"departure": _in(2), "energy": 10}),
        ("clear_charging_plan", {}),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await hass.services.async_call(
                DOMAIN,
                service,
                {"config_entry_id": "cabin", "load": EV_CURRENT, **extra},
                blocking=True,
            )
        assert err.value.translation_key == "entry_not_loaded"


@pytest.mark.parametrize("energy", [0, -1, 200.1, "lots"])
async def test_energy_out_of_range_is_rejected_by_the_schema(
    hass: HomeAssistant, site_data: dict[str, Any], set_power_sensor: SetSensor, energy: Any
) -> None:
    await _site(hass, site_data, set_power_sensor)
    with pytest.raises(vol.Invalid):
        await _call(hass, "set_charging_plan", load=EV_CURRENT, departure=_in(2), energy=energy)


async def test_a_plan_at_risk_is_shown(
    hass: HomeAssistant, site_data: dict[str, Any], set_power_sensor: SetSensor
) -> None:
    await _site(hass, site_data, set_power_sensor)
    # 10 kWh in an hour from a 3.7 kW charger: more than it can deliver.
    await _call(hass, "set_charging_plan", load=EV_CURRENT, departure=_in(1), energy=10)
    assert hass.states.get(STATUS).attributes["plan_at_risk"] is True
