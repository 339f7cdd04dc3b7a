"""A frozen phase sensor makes the site stale; What if… across the spring DST change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_PANEL_LIMIT_W,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_PHASES,
    CONF_SOURCE_TYPE,
    DOMAIN,
    MEASURE_POWER,
    SOURCE_PER_PHASE,
)
from custom_components.capacity_manager.events import (
    EVENT_FAILSAFE,
)
from tests.harness import (
    ENTRY_ID,
    HEATER,
    HEATER_W,
    capture,
    make_entry,
    make_house,
    setup_entry,
    switched,
)
from tests.helpers import GRID_SENSOR
from tests.reliability.common import run_seconds, state

STALE_S = 60  # the default stale timeout


# -- site source: one phase sensor of three freezes ------------------------------------------


PHASES = ["sensor.l1_power", "sensor.l2_power", "sensor.l3_power"]


async def _per_phase_site(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> Callable[[list[str]], None]:
    """A three-phase site read by one power sensor per phase, running normally for 5 s."""
    house = await make_house(hass)
    house.stop_following()
    attrs = {"unit_of_measurement": "W", "device_class": "power"}

    def report(entities: list[str]) -> None:
        for entity_id in entities:
            hass.states.async_set(entity_id, "1500", attrs)  # the same value: state_reported

    report(PHASES)
    site_data.update(
        {
            CONF_SOURCE_TYPE: SOURCE_PER_PHASE,
            CONF_PHASE_SENSORS: PHASES,
            CONF_PHASE_MEASUREMENT: MEASURE_POWER,
            CONF_PHASES: 3,
            CONF_BREAKER_A: 25.0,
            CONF_PANEL_LIMIT_W: 25.0 * 230 * 3,
        }
    )
    await setup_entry(hass, make_entry(site_data, [switched(HEATER, "Water heater", 10, HEATER_W)]))
    await run_seconds(hass, freezer, 5, lambda _: report(PHASES))
    assert state(hass, "sensor.home_status") == "normal"
    return report


async def test_phase_sensors_reporting_the_same_value_stay_fresh(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """An unchanged value re-reported every second (state_reported) is not frozen."""
    report = await _per_phase_site(hass, site_data, freezer)
    failsafe = capture(hass, EVENT_FAILSAFE)
    await run_seconds(hass, freezer, 3 * STALE_S, lambda _: report(PHASES))
    assert failsafe == []
    assert state(hass, "sensor.home_status") == "normal"


async def test_a_frozen_phase_sensor_makes_the_site_stale(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """README, Reliability: a frozen sensor (no longer reported) is stale by last_reported.

    With one sensor per phase, a phase whose sensor stops reporting (a clamp that dropped off
    the network without going unavailable) keeps its last number forever; the other two
    phases keep reporting. Site power then rests on a reading minutes or hours old, which the
    README promises is never used: once the phase's reading is older than the stale timeout,
    every sample is rejected (logged once) and the site goes to failsafe.

    Each sample is as old as its oldest reading (`Measurement.taken_at`), so the engine's
    stale clock runs from L2's last report: failsafe one stale timeout after the freeze, as
    for a single frozen meter (the next test).
    """
    report = await _per_phase_site(hass, site_data, freezer)
    failsafe = capture(hass, EVENT_FAILSAFE)

    # L2 freezes: its state stays, it is no longer reported; L1 and L3 report every second.
    await run_seconds(hass, freezer, STALE_S + 5, lambda _: report([PHASES[0], PHASES[2]]))

    assert [e.data["action"] for e in failsafe] == ["enter"]
    assert state(hass, "sensor.home_status") == "failsafe"
    assert state(hass, HEATER) == "off"  # failsafe policy: shed
    stale_lines = [
        r for r in caplog.records if "ignoring site power from sensor.l2_power: stale" in r.message
    ]
    assert len(stale_lines) == 1  # logged once, not every sample

    await run_seconds(hass, freezer, 1, lambda _: report(PHASES))  # L2 is back, same value
    assert [e.data["action"] for e in failsafe] == ["enter", "exit"]
    assert "site power readings are valid again" in caplog.text


async def test_a_frozen_phase_sensor_is_stale_within_one_timeout(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """Like a frozen single meter: failsafe one stale timeout after the phase's last report."""
    report = await _per_phase_site(hass, site_data, freezer)
    failsafe = capture(hass, EVENT_FAILSAFE)
    await run_seconds(hass, freezer, STALE_S + 5, lambda _: report([PHASES[0], PHASES[2]]))
    assert [e.data["action"] for e in failsafe] == ["enter"]


# -- what-if: a range of dates across the spring DST change, ending today ---------------------


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """The recorder's database comes before `hass` (the recorder fixtures require it)."""


async def test_simulate_a_range_across_spring_dst_ending_today(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
) -> None:
    """The card's "range of dates" sends local midnights: 29 March to the end of today.

    The range crosses the spring DST change (30 March in Europe) and ends after now, so `end`
    becomes now (UTC) while `start` stays local. The days are then cut in local wall time
    (23 h on the DST day) but counted in real time: the last 30 minutes are never read, the
    trace's columns come out shorter than its grid and HouseTrace raises a bare ValueError.
    """
    await hass.config.async_set_time_zone("Europe/Berlin")
    attrs = {"unit_of_measurement": "W", "device_class": "power", "state_class": "measurement"}
    first = datetime(2025, 3, 28, 22, 0, tzinfo=dt_util.UTC)  # 29 March 00:00 local (CET)
    for hour in range(0, 72, 2):
        freezer.move_to(first + timedelta(hours=hour))
        hass.states.async_set(GRID_SENSOR, str(1000 + 10 * hour), attrs)
        await hass.async_block_till_done()
    # Now: 1 April, 00:30 local (CEST), the day the user picked as the range's end.
    freezer.move_to(datetime(2025, 3, 31, 22, 30, tzinfo=dt_util.UTC))
    await async_wait_recording_done(hass)
    await setup_entry(hass, make_entry(site_data))

    response = await hass.services.async_call(
        DOMAIN,
        "simulate",
        {
            "config_entry_id": ENTRY_ID,
            "start": "2025-03-29 00:00:00",
            "end": "2025-04-02 00:00:00",
        },
        blocking=True,
        return_response=True,
    )
    assert response is not None
    # 29 March 00:00 CET to now, 1 April 00:30 CEST: 71.5 real hours, read in three days.
    assert response["resolution_days"]["states"] == 3
    assert sum(response["resolution_days"].values()) == 3
    assert response["start"] == "2025-03-29T00:00:00+01:00"
    assert response["end"] == "2025-04-01T00:30:00+02:00"
