"""Export limits in a running site: a PV inverter's limit number and a switched absorber.

The house is the runtime tests' (harness.py): its meter follows the load entities. A PV
inverter here makes min(sun, its limit number) and the meter shows it as export. The export limit
comes from an entity limit source (a sensor in W), as a grid operator's automation would set it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, callback
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.const import (
    CONF_ABSORB_EXPORT,
    CONF_ENTITY,
    CONF_LOAD_KIND,
    CONF_LOAD_POWER_SENSOR,
    CONF_MAX_SETPOINT,
    CONF_MIN_SETPOINT,
    CONF_NEVER_SHED,
    CONF_PRIORITY,
    CONF_SETPOINT_STEP,
    KIND_GENERATION,
    SUBENTRY_LOAD,
)
from custom_components.capacity_manager.events import (
    EVENT_LOAD_MODULATED,
    EVENT_LOAD_RESTORED,
    EVENT_LOAD_SHED,
)
from tests.grid.conftest import limit_source
from tests.harness import HEATER, House, capture, make_entry, setup_entry, switched

PV_LIMIT = "input_number.pv_limit"
PV_POWER = "sensor.pv_power"
EXPORT_CAP = "sensor.export_cap"
SITE_POWER = "sensor.home_site_power"
PV_MAX_W = 8000.0
EXPORT_LIMIT_W = 3000.0


@dataclass
class SunnyHouse(House):
    """The runtime house with a PV inverter: it makes min(sun, its limit)."""

    sun_w: float = 0.0

    def made(self) -> float:
        """What the inverter feeds in."""
        limit = self.hass.states.get(PV_LIMIT)
        return min(self.sun_w, float(limit.state)) if limit is not None else 0.0

    def power(self) -> float:
        """House and loads, less what the inverter feeds in."""
        return super().power() - self.made()

    @callback
    def write(self, *_: Any) -> None:
        """The grid meter, and the inverter's own production sensor."""
        self.hass.states.async_set(
            PV_POWER, str(self.made()), {"unit_of_measurement": "W", "device_class": "power"}
        )
        super().write()


def pv_subentry(**extra: Any) -> dict[str, Any]:
    return {
        "subentry_id": "load_pv",
        "subentry_type": SUBENTRY_LOAD,
        "title": "PV inverter",
        "unique_id": PV_LIMIT,
        "data": {
            CONF_LOAD_KIND: KIND_GENERATION,
            CONF_ENTITY: PV_LIMIT,
            CONF_PRIORITY: 10,
            CONF_MIN_SETPOINT: 0.0,
            CONF_MAX_SETPOINT: PV_MAX_W,
            CONF_SETPOINT_STEP: 100.0,
            CONF_NEVER_SHED: False,
            **extra,
        },
    }


async def make_sunny_house(hass: HomeAssistant, sun_w: float, *, heater_on: bool) -> SunnyHouse:
    assert await async_setup_component(
        hass,
        "input_number",
        {
            "input_number": {
                "pv_limit": {
                    "min": 0,
                    "max": PV_MAX_W,
                    "step": 100,
                    "initial": PV_MAX_W,
                    "unit_of_measurement": "W",
                }
            }
        },
    )
    assert await async_setup_component(
        hass,
        "input_boolean",
        {"input_boolean": {"water_heater": {"name": "Water heater", "initial": heater_on}}},
    )
    house = SunnyHouse(hass, base_w=500.0, switched_w={HEATER: 2000.0}, sun_w=sun_w)
    house.numbers = {PV_LIMIT: 0.0}  # followed by the meter; its power is `power()`'s
    house.follow()
    house.write()
    hass.states.async_set(EXPORT_CAP, str(EXPORT_LIMIT_W), {"unit_of_measurement": "W"})
    await hass.async_block_till_done()
    return house


async def run(hass: HomeAssistant, freezer: FrozenDateTimeFactory, house: House, s: int) -> None:
    """`s` seconds, the meter reporting every second (a real meter does)."""
    for _ in range(s):
        freezer.tick(timedelta(seconds=1))
        house.write()
        await hass.async_block_till_done()
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


def number(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None
    return float(state.state)


def export_source() -> dict[str, Any]:
    return limit_source("entity", "Export cap", entity_id=EXPORT_CAP, direction="export", unit="W")


async def test_pv_is_curtailed_under_the_export_limit_and_given_back(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_sunny_house(hass, sun_w=7000, heater_on=False)  # 6500 W export
    modulated = capture(hass, EVENT_LOAD_MODULATED)
    restored = capture(hass, EVENT_LOAD_RESTORED)
    await setup_entry(hass, make_entry(site_data, [pv_subentry(), export_source()]))
    await run(hass, freezer, house, 15)  # no inverter meter: a second cut an interval later

    assert number(hass, PV_LIMIT) < PV_MAX_W
    assert 2000 <= -house.power() <= EXPORT_LIMIT_W
    first, second = modulated
    assert {e.data["reason"] for e in modulated} == {"export_curtail"}
    assert first.data["entity_id"] == PV_LIMIT
    assert first.data["old_value"] == PV_MAX_W
    assert second.data["new_value"] == number(hass, PV_LIMIT)
    assert first.data["site_power_w"] == -6500.0
    assert first.data["export_limit_w"] == EXPORT_LIMIT_W
    site = hass.states.get(SITE_POWER)
    assert site is not None
    assert float(site.state) < 0
    assert site.attributes["export_limit_w"] == EXPORT_LIMIT_W
    status = hass.states.get("sensor.pv_inverter_status")
    assert status is not None
    assert (status.state, status.attributes["reason"]) == ("modulated", "export_curtail")
    assert status.attributes["setpoint_unit"] == "W"

    house.sun_w = 1500  # clouds: the export is gone
    await run(hass, freezer, house, 90)
    assert number(hass, PV_LIMIT) == PV_MAX_W
    (back,) = restored
    assert (back.data["reason"], back.data["new_value"]) == ("export_release", PV_MAX_W)


async def test_a_switched_absorber_uses_the_surplus_and_goes_off_when_it_would_import(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_sunny_house(hass, sun_w=5000, heater_on=False)  # 4500 W export
    heater = switched(HEATER, "Water heater", 20, 2000.0, **{CONF_ABSORB_EXPORT: True})
    restored = capture(hass, EVENT_LOAD_RESTORED)
    shed = capture(hass, EVENT_LOAD_SHED)
    await setup_entry(hass, make_entry(site_data, [pv_subentry(), heater, export_source()]))
    await run(hass, freezer, house, 5)

    assert hass.states.get(HEATER).state == "on"  # type: ignore[union-attr]
    assert number(hass, PV_LIMIT) == PV_MAX_W  # the heater took it: nothing curtailed
    assert -house.power() == 2500
    assert [(e.data["entity_id"], e.data["reason"]) for e in restored] == [
        (HEATER, "export_absorb")
    ]

    house.sun_w = 1000  # clouds: 1500 W import with the heater on
    await run(hass, freezer, house, 5)
    assert hass.states.get(HEATER).state == "off"  # type: ignore[union-attr]
    assert [(e.data["entity_id"], e.data["reason"]) for e in shed] == [(HEATER, "export_release")]


async def test_a_heater_the_user_runs_is_not_switched_off_for_export(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_sunny_house(hass, sun_w=1000, heater_on=True)  # the user's: importing
    heater = switched(HEATER, "Water heater", 20, 2000.0, **{CONF_ABSORB_EXPORT: True})
    shed = capture(hass, EVENT_LOAD_SHED)
    await setup_entry(hass, make_entry(site_data, [pv_subentry(), heater, export_source()]))
    await run(hass, freezer, house, 60)
    assert shed == []
    assert hass.states.get(HEATER).state == "on"  # type: ignore[union-attr]


async def test_a_never_shed_inverter_is_never_curtailed(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_sunny_house(hass, sun_w=7000, heater_on=False)
    await setup_entry(
        hass, make_entry(site_data, [pv_subentry(**{CONF_NEVER_SHED: True}), export_source()])
    )
    await run(hass, freezer, house, 30)
    assert number(hass, PV_LIMIT) == PV_MAX_W


async def test_an_inverter_with_a_power_sensor_is_cut_exactly_in_one_step(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    house = await make_sunny_house(hass, sun_w=7000, heater_on=False)  # 6500 W export
    modulated = capture(hass, EVENT_LOAD_MODULATED)
    pv = pv_subentry(**{CONF_LOAD_POWER_SENSOR: PV_POWER})
    await setup_entry(hass, make_entry(site_data, [pv, export_source()]))
    await run(hass, freezer, house, 30)
    assert len(modulated) == 1
    assert number(hass, PV_LIMIT) == 3200  # 7000 W made - (6500 - 2700 W export aimed at)
    assert -house.power() == 2700
