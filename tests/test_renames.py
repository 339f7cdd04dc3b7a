"""What a rename rewrites: every stored reference to the entity, and nothing else.

The running behaviour (control goes on, no repair issue) is proven in
tests/reliability/test_invariants.py; here the entry is not set up, so only the stored data is
looked at.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from custom_components.capacity_manager.const import (
    CONF_ENTITY,
    CONF_LOAD_POWER_SENSOR,
    CONF_PAUSE_SWITCH,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_PHASES,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    MEASURE_POWER,
    SOURCE_PER_PHASE,
)
from custom_components.capacity_manager.renames import async_follow_rename
from tests.harness import EV_CURRENT, EV_PAUSE, HEATER, ev, make_entry, switched

PHASES = ["sensor.l1_power", "sensor.l2_power", "sensor.l3_power"]


def _per_phase(site_data: dict[str, Any]) -> dict[str, Any]:
    site = {k: v for k, v in site_data.items() if k != CONF_POWER_SENSOR}
    return {
        **site,
        CONF_SOURCE_TYPE: SOURCE_PER_PHASE,
        CONF_PHASE_MEASUREMENT: MEASURE_POWER,
        CONF_PHASE_SENSORS: PHASES,
        CONF_PHASES: 3,
    }


async def test_a_renamed_phase_sensor_is_replaced_in_place(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    entry = make_entry(_per_phase(site_data))
    entry.add_to_hass(hass)
    async_follow_rename(hass, entry, "sensor.l2_power", "sensor.phase_b")
    assert entry.data[CONF_PHASE_SENSORS] == [
        "sensor.l1_power",
        "sensor.phase_b",
        "sensor.l3_power",
    ]
    assert entry.unique_id == ",".join(
        sorted(["sensor.l1_power", "sensor.phase_b", "sensor.l3_power"])
    )


async def test_a_load_follows_its_power_sensor_and_pause_switch(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    heater = switched(HEATER, "Water heater", 10, 3000, **{CONF_LOAD_POWER_SENSOR: "sensor.wh"})
    entry = make_entry(site_data, [heater, ev()])
    entry.add_to_hass(hass)
    async_follow_rename(hass, entry, "sensor.wh", "sensor.water_heater_power")
    async_follow_rename(hass, entry, EV_PAUSE, "switch.wallbox_charging")
    loads = {s.subentry_id: s for s in entry.subentries.values()}
    assert loads["load_water_heater"].data[CONF_LOAD_POWER_SENSOR] == "sensor.water_heater_power"
    assert loads["load_water_heater"].unique_id == HEATER  # its own entity did not change
    assert loads["load_ev"].data[CONF_PAUSE_SWITCH] == "switch.wallbox_charging"
    assert loads["load_ev"].data[CONF_ENTITY] == EV_CURRENT
    assert loads["load_ev"].unique_id == EV_CURRENT


async def test_a_rename_of_an_entity_we_do_not_use_changes_nothing(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    entry = make_entry(site_data)
    entry.add_to_hass(hass)
    before = (
        dict(entry.data),
        entry.unique_id,
        {k: dict(s.data) for k, s in entry.subentries.items()},
    )
    async_follow_rename(hass, entry, "light.kitchen", "light.kitchen_ceiling")
    after = (
        dict(entry.data),
        entry.unique_id,
        {k: dict(s.data) for k, s in entry.subentries.items()},
    )
    assert after == before
