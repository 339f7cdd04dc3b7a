"""What a user sees of export limiting: status, loads shed, PV curtailed, giving back, refusals.

The sunny house of test_export_limits.py: a PV inverter makes min(sun, its limit number), a
500 W house, a 2000 W water heater, and an export limit of 3000 W from an entity limit source.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryDisabler
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import (
    CONF_ABSORB_EXPORT,
    CONF_LOAD_POWER_SENSOR,
    DOMAIN,
)
from custom_components.capacity_manager.events import EVENT_LOAD_RESTORED, EVENT_LOAD_SHED
from tests.harness import ENTRY_ID, HEATER, capture, make_entry, setup_entry, switched
from tests.helpers import STRINGS
from tests.test_export_limits import (
    PV_LIMIT,
    PV_MAX_W,
    PV_POWER,
    SunnyHouse,
    export_source,
    make_sunny_house,
    number,
    pv_subentry,
    run,
)

STATUS = "sensor.home_status"
LOADS_SHED = "sensor.home_loads_shed"
PV_CURTAILED = "sensor.home_pv_curtailed"
CURTAILED_ENERGY = "sensor.home_curtailed_energy"
REMOVED = "load removed from the site"


def state(hass: HomeAssistant, entity_id: str) -> str:
    current = hass.states.get(entity_id)
    assert current is not None, entity_id
    return current.state


def absorber() -> dict[str, Any]:
    return switched(HEATER, "Water heater", 20, 2000.0, **{CONF_ABSORB_EXPORT: True})


def metered_pv() -> dict[str, Any]:
    return pv_subentry(**{CONF_LOAD_POWER_SENSOR: PV_POWER})


@pytest.fixture
def site(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> Callable[..., Awaitable[tuple[SunnyHouse, MockConfigEntry]]]:
    """Sets the sunny house up with some loads and the export cap, then runs it a while."""

    async def _site(
        loads: list[dict[str, Any]], sun_w: float, *, heater_on: bool = False, s: int = 30
    ) -> tuple[SunnyHouse, MockConfigEntry]:
        house = await make_sunny_house(hass, sun_w=sun_w, heater_on=heater_on)
        entry = make_entry(site_data, [*loads, export_source()])
        await setup_entry(hass, entry)
        await run(hass, freezer, house, s)
        return house, entry

    return _site


type Site = Callable[..., Awaitable[tuple[SunnyHouse, MockConfigEntry]]]


async def test_curtailed_pv_is_limiting_export_not_a_shed_load(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, site: Site
) -> None:
    house, _ = await site([metered_pv()], sun_w=7000)
    assert number(hass, PV_LIMIT) < PV_MAX_W  # curtailed

    assert state(hass, STATUS) == "limiting_export"
    assert state(hass, LOADS_SHED) == "0"
    assert hass.states.get(LOADS_SHED).attributes["loads"] == []  # type: ignore[union-attr]
    # What the sun gives less what the inverter may make now.
    assert float(state(hass, PV_CURTAILED)) == house.sun_w - house.made() > 0
    await run(hass, freezer, house, 120)  # two minutes still curtailed
    assert float(state(hass, CURTAILED_ENERGY)) == 0.0  # no consumer went without

    house.sun_w = 1500  # clouds: the export is gone, the limit goes back up
    await run(hass, freezer, house, 90)
    assert number(hass, PV_LIMIT) == PV_MAX_W
    assert state(hass, STATUS) == "normal"
    assert float(state(hass, PV_CURTAILED)) == 0.0


async def test_a_site_without_generation_has_no_pv_curtailed_sensor(
    hass: HomeAssistant, site: Site
) -> None:
    await site([absorber()], sun_w=0)
    assert hass.states.get(STATUS) is not None
    assert hass.states.get(PV_CURTAILED) is None


async def test_an_absorber_on_for_export_is_limiting_export(
    hass: HomeAssistant, site: Site
) -> None:
    await site([pv_subentry(), absorber()], sun_w=5000)
    assert state(hass, HEATER) == "on"  # switched on by us: 4500 W export less 2000 W
    assert number(hass, PV_LIMIT) == PV_MAX_W
    assert state(hass, STATUS) == "limiting_export"
    assert state(hass, LOADS_SHED) == "0"


async def test_removing_an_absorber_we_switched_on_switches_it_off(
    hass: HomeAssistant, site: Site
) -> None:
    _, entry = await site([pv_subentry(), absorber()], sun_w=5000)
    assert state(hass, HEATER) == "on"
    shed = capture(hass, EVENT_LOAD_SHED)

    assert hass.config_entries.async_remove_subentry(entry, "load_water_heater")
    await hass.async_block_till_done()

    assert state(hass, HEATER) == "off"
    assert [(e.data["entity_id"], e.data["detail"]) for e in shed] == [(HEATER, REMOVED)]


async def test_removing_an_absorber_the_user_runs_leaves_it_on(
    hass: HomeAssistant, site: Site
) -> None:
    _, entry = await site([pv_subentry(), absorber()], sun_w=1000, heater_on=True)
    shed = capture(hass, EVENT_LOAD_SHED)

    assert hass.config_entries.async_remove_subentry(entry, "load_water_heater")
    await hass.async_block_till_done()

    assert state(hass, HEATER) == "on"
    assert shed == []


async def test_removing_a_curtailed_inverter_gives_its_limit_back(
    hass: HomeAssistant, site: Site
) -> None:
    _, entry = await site([metered_pv()], sun_w=7000)
    assert number(hass, PV_LIMIT) < PV_MAX_W
    restored = capture(hass, EVENT_LOAD_RESTORED)

    assert hass.config_entries.async_remove_subentry(entry, "load_pv")
    await hass.async_block_till_done()

    assert number(hass, PV_LIMIT) == PV_MAX_W
    assert [(e.data["entity_id"], e.data["detail"]) for e in restored] == [(PV_LIMIT, REMOVED)]
    assert hass.states.get(PV_CURTAILED) is None  # no generation left


async def _absorbing_and_curtailing(
    hass: HomeAssistant, site: Site
) -> tuple[SunnyHouse, MockConfigEntry]:
    """7000 W of sun: the heater takes 2000 W and the inverter is curtailed for the rest."""
    house, entry = await site([metered_pv(), absorber()], sun_w=7000)
    assert state(hass, HEATER) == "on"
    assert number(hass, PV_LIMIT) < PV_MAX_W
    return house, entry


async def test_disabling_the_site_switches_our_absorber_off_and_gives_pv_back(
    hass: HomeAssistant, site: Site
) -> None:
    _, entry = await _absorbing_and_curtailing(hass, site)

    with patch("custom_components.capacity_manager.release.RELEASE_SPACING_S", 0):  # time is frozen
        await hass.config_entries.async_set_disabled_by(entry.entry_id, ConfigEntryDisabler.USER)
        await hass.async_block_till_done(wait_background_tasks=True)

    assert state(hass, HEATER) == "off"
    assert number(hass, PV_LIMIT) == PV_MAX_W


async def test_restore_all_switches_our_absorber_off_and_gives_pv_back(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, site: Site
) -> None:
    house, _ = await _absorbing_and_curtailing(hass, site)
    shed = capture(hass, EVENT_LOAD_SHED)
    restored = capture(hass, EVENT_LOAD_RESTORED)

    await hass.services.async_call(
        DOMAIN, "restore_all", {"config_entry_id": ENTRY_ID}, blocking=True
    )
    await run(hass, freezer, house, 2)  # one load given back per step

    assert [(e.data["entity_id"], e.data["reason"]) for e in shed] == [(HEATER, "manual")]
    assert [(e.data["entity_id"], e.data["reason"]) for e in restored] == [(PV_LIMIT, "manual")]


async def test_shed_load_refuses_a_generator(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, site: Site
) -> None:
    house, _ = await site([pv_subentry()], sun_w=1000)  # importing: nothing to curtail
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "shed_load",
            {"config_entry_id": ENTRY_ID, "load": PV_LIMIT},
            blocking=True,
        )
    assert err.value.translation_key == "load_is_generation"
    assert err.value.translation_placeholders == {"load": "PV inverter"}
    assert "{load}" in STRINGS["exceptions"]["load_is_generation"]["message"]
    await run(hass, freezer, house, 30)
    assert number(hass, PV_LIMIT) == PV_MAX_W
