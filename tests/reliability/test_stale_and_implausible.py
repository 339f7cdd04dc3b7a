"""Rows 4-6: a meter that goes away, freezes or lies never keeps a load at full power.

A site of 11 500 W (50 A) with a water heater (failsafe: off), a pool pump (failsafe: keep) and
an EV charging at 16 A (failsafe: its minimum, 6 A). The meter reports once a second.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_EXPORT_POSSIBLE,
    CONF_FAILSAFE_POLICY,
    CONF_PANEL_LIMIT_W,
    DOMAIN,
    FAILSAFE_KEEP,
)
from custom_components.capacity_manager.events import EVENT_FAILSAFE, EVENT_LOAD_SHED
from tests.harness import (
    ENTRY_ID,
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

STALE_S = 60  # the default stale timeout
FAILSAFE_ISSUE = f"{ENTRY_ID}_failsafe"


def _big_site(site_data: dict[str, Any]) -> dict[str, Any]:
    site_data[CONF_BREAKER_A] = 50.0
    site_data[CONF_PANEL_LIMIT_W] = 11_500.0
    return site_data


def _loads() -> list[dict[str, Any]]:
    return [
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched(POOL, "Pool pump", 20, POOL_W, **{CONF_FAILSAFE_POLICY: FAILSAFE_KEEP}),
        ev(priority=30),
    ]


def _our_lines(caplog: pytest.LogCaptureFixture, since: int) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records[since:]
        if r.name.startswith("custom_components.capacity_manager") and r.levelno >= logging.INFO
    ]


async def _running_site(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> House:
    house = await make_house(hass, with_ev=True)  # 500 + 3000 + 1500 + 3680 = 8680 W
    house.stop_following()
    await setup_entry(hass, make_entry(_big_site(site_data), _loads()))
    await run_seconds(hass, freezer, 5, lambda _: house.write())
    assert state(hass, "sensor.home_status") == "normal"
    return house


def _assert_failsafe_state(hass: HomeAssistant, issue_registry: ir.IssueRegistry) -> None:
    assert state(hass, "sensor.home_status") == "failsafe"
    assert state(hass, HEATER) == "off"  # policy: shed
    assert state(hass, POOL) == "on"  # policy: keep
    assert float(state(hass, EV_CURRENT)) == 6  # its minimum, still charging
    assert state(hass, EV_PAUSE) == "on"
    assert (DOMAIN, FAILSAFE_ISSUE) in issue_registry.issues


@pytest.mark.parametrize("lost", ["unavailable", "unknown"])
async def test_a_lost_meter_means_failsafe_in_time_per_load_policy_with_an_issue(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    issue_registry: ir.IssueRegistry,
    lost: str,
) -> None:
    """Row 4."""
    house = await _running_site(hass, site_data, freezer)
    failsafe = capture(hass, EVENT_FAILSAFE)
    shed = capture(hass, EVENT_LOAD_SHED)
    last_valid = now()
    lines_before = len(caplog.records)
    hass.states.async_set(GRID_SENSOR, lost)
    await run_seconds(hass, freezer, STALE_S - 1)
    assert failsafe == []
    assert state(hass, HEATER) == "on"
    await run_seconds(hass, freezer, 2)  # the stale timeout plus one step

    assert [e.data["action"] for e in failsafe] == ["enter"]
    assert failsafe[0].time_fired.timestamp() - last_valid <= STALE_S + 1
    _assert_failsafe_state(hass, issue_registry)
    assert [(e.data["entity_id"], e.data["reason"]) for e in shed] == [(HEATER, "failsafe")]
    entry_lines = _our_lines(caplog, lines_before)
    assert [r.levelno for r in entry_lines] == [logging.WARNING]

    await run_seconds(hass, freezer, 600)  # a long outage: no repeated lines or commands
    later = _our_lines(caplog, lines_before)[1:]
    # ... only the source's own repair issue once it has been unavailable for 10 minutes.
    assert [r.getMessage().split(": ", 1)[1] for r in later] == [
        f"{GRID_SENSOR} has been unavailable for more than 10 minutes"
    ]
    assert len(shed) == 1

    lines_before = len(caplog.records)
    await run_seconds(hass, freezer, 1, lambda _: house.write())
    assert [e.data["action"] for e in failsafe] == ["enter", "exit"]
    assert state(hass, "sensor.home_status") != "failsafe"
    assert (DOMAIN, FAILSAFE_ISSUE) not in issue_registry.issues
    recovery = [r for r in _our_lines(caplog, lines_before) if "failsafe" in r.getMessage()]
    assert [r.levelno for r in recovery] == [logging.INFO]


async def test_a_meter_that_keeps_reporting_the_same_value_is_fresh(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 5: an unchanged reading that is re-reported every second is not frozen."""
    house = await _running_site(hass, site_data, freezer)
    failsafe = capture(hass, EVENT_FAILSAFE)
    await run_seconds(hass, freezer, 300, lambda _: house.write())  # same value each time
    assert failsafe == []
    meter = hass.states.get(GRID_SENSOR)
    assert meter is not None
    assert meter.last_changed < meter.last_reported


async def test_a_frozen_meter_is_stale_like_a_lost_one(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Row 5: a numeric state that is no longer reported (last_reported stands still)."""
    house = await _running_site(hass, site_data, freezer)
    failsafe = capture(hass, EVENT_FAILSAFE)
    last_valid = now()
    await run_seconds(hass, freezer, STALE_S + 1)  # the meter says nothing, its state stays
    assert state(hass, GRID_SENSOR) == "8680.0"
    assert [e.data["action"] for e in failsafe] == ["enter"]
    assert failsafe[0].time_fired.timestamp() - last_valid <= STALE_S + 1
    _assert_failsafe_state(hass, issue_registry)

    await run_seconds(hass, freezer, 1, lambda _: house.write())  # reported again, same value
    assert [e.data["action"] for e in failsafe] == ["enter", "exit"]


async def test_a_frozen_meter_at_reload_is_not_taken_as_fresh(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    """Row 5: after a reload an old reading does not count as a new sample."""
    await _running_site(hass, site_data, freezer)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await run_seconds(hass, freezer, 50)  # the meter froze 50 s ago
    failsafe = capture(hass, EVENT_FAILSAFE)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await run_seconds(hass, freezer, STALE_S - 2)
    assert failsafe == []  # the stale clock starts with the new run, not with the old reading
    await run_seconds(hass, freezer, 3)
    assert [e.data["action"] for e in failsafe] == ["enter"]
    _assert_failsafe_state(hass, issue_registry)


# Samples that must never be believed (the site reads 8680 W before each of them).
IMPLAUSIBLE = {
    "nan": ("nan", "W", "not_numeric"),
    "inf": ("inf", "W", "not_numeric"),
    "minus_inf": ("-inf", "W", "not_numeric"),
    "text": ("on fire", "W", "not_numeric"),
    "above_3x_rating": ("34501", "W", "implausible"),
    "megawatts": ("0.04", "MW", "implausible"),  # 40 kW on an 11.5 kW panel
    "relabelled_kw": ("8680", "kW", "unit_change"),  # the number stayed, the unit changed
    "unknown_unit": ("8680", "VA", "unit"),
}


@pytest.mark.parametrize("case", list(IMPLAUSIBLE))
async def test_an_implausible_sample_is_rejected_counted_and_never_used(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    issue_registry: ir.IssueRegistry,
    case: str,
) -> None:
    """Row 6: rejected, counted, logged once; persistent rejection is stale data."""
    await _running_site(hass, site_data, freezer)
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    source = entry.runtime_data.coordinator.source
    value, unit, reason = IMPLAUSIBLE[case]
    log = ServiceLog(hass)
    failsafe = capture(hass, EVENT_FAILSAFE)
    lines_before = len(caplog.records)

    def bad(_: int) -> None:
        hass.states.async_set(GRID_SENSOR, value, {"unit_of_measurement": unit})

    await run_seconds(hass, freezer, 30, bad)
    assert source.rejected[reason] >= 30
    assert state(hass, "sensor.home_site_power") == "8680.0"  # the last valid one
    assert log.calls == []  # no decision used it
    warnings = [r for r in _our_lines(caplog, lines_before) if "ignoring" in r.getMessage()]
    assert len(warnings) == 1

    await run_seconds(hass, freezer, STALE_S - 30 + 1, bad)  # it goes on: stale data
    assert [e.data["action"] for e in failsafe] == ["enter"]
    _assert_failsafe_state(hass, issue_registry)


@pytest.mark.parametrize("export_possible", [False, True])
async def test_export_at_a_site_that_cannot_export_is_rejected(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    export_possible: bool,
) -> None:
    """Row 6: negative import without solar or battery is a glitch (a small offset is not).

    The same reading at a site that can export (the flow's default) is a real export.
    """
    site_data[CONF_EXPORT_POSSIBLE] = export_possible
    house = await _running_site(hass, site_data, freezer)
    source = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator.source
    hass.states.async_set(GRID_SENSOR, "-3000", {"unit_of_measurement": "W"})
    await hass.async_block_till_done()
    if export_possible:
        assert sum(source.rejected.values()) == 0
        assert state(hass, "sensor.home_site_power") == "-3000.0"
        return
    assert source.rejected["implausible"] == 1
    assert state(hass, "sensor.home_site_power") == "8680.0"
    hass.states.async_set(GRID_SENSOR, "-40", {"unit_of_measurement": "W"})  # meter noise
    await hass.async_block_till_done()
    assert state(hass, "sensor.home_site_power") == "-40.0"
    house.write()


async def test_a_real_change_of_unit_is_followed(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 6: 8680 W shown as 8.68 kW is the same power; then a real rise is acted on."""
    await _running_site(hass, site_data, freezer)
    source = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator.source
    shed = capture(hass, EVENT_LOAD_SHED)
    hass.states.async_set(GRID_SENSOR, "8.68", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    assert state(hass, "sensor.home_site_power") == "8680.0"
    hass.states.async_set(GRID_SENSOR, "11.4", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    assert shed or state(hass, EV_CURRENT) != "16.0"  # acted on
    assert sum(source.rejected.values()) == 0


async def test_a_relabelled_unit_stays_untrusted_until_the_old_unit_is_back(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Row 6: kW numbers labelled W would read as almost nothing; they never count."""
    house = await _running_site(hass, site_data, freezer)
    source = hass.config_entries.async_entries(DOMAIN)[0].runtime_data.coordinator.source
    hass.states.async_set(GRID_SENSOR, "8.68", {"unit_of_measurement": "kW"})  # a real change
    await hass.async_block_till_done()
    for value in ("8.7", "3.1", "0.5", "12"):  # then W with kW numbers, whatever they do
        hass.states.async_set(GRID_SENSOR, value, {"unit_of_measurement": "W"})
        await hass.async_block_till_done()
        assert state(hass, "sensor.home_site_power") == "8680.0"
    assert source.rejected["unit_change"] == 4
    hass.states.async_set(GRID_SENSOR, "8.5", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    assert state(hass, "sensor.home_site_power") == "8500.0"
    house.write()
