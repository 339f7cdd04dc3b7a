"""A site read from a Modbus meter in Home Assistant: a real pymodbus server on 127.0.0.1.

The simulated SDM630 follows the house: its power is a base load plus every load that is on,
rewritten whenever a load changes, as a real meter would show it. Time is real here (pymodbus
needs a running clock), so the meter is polled every 0.2 s and tests wait for what they expect.
Self-contained (no fixture of tests/conftest.py), so scripts/test-modbus-versions runs it too.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.const import (
    CONF_STALE_TIMEOUT,
    DOMAIN,
)
from custom_components.capacity_manager.engine.models import LimitConfig, SiteConfig
from custom_components.capacity_manager.events import EVENT_FAILSAFE, EVENT_LOAD_SHED
from custom_components.capacity_manager.site_meter import measurement
from custom_components.capacity_manager.sources.modbus import MeterReading
from tests.harness import ENTRY_ID, HEATER, HEATER_W, POOL, POOL_W, capture, make_entry, make_house
from tests.helpers import STRINGS
from tests.modbus.conftest import StartServer, meter_site, until
from tests.modbus.meters import State, write_sdm630
from tests.modbus.sim import RegisterBank, SimServer

POLL_S = 0.2
VOLTS = (230.0, 231.0, 229.0)
METER_LOG = "custom_components.capacity_manager.sources.modbus"


class MeterHouse:
    """The SDM630 image of a house: L1 carries the loads, L2 and L3 a little base load."""

    def __init__(self, hass: HomeAssistant, bank: RegisterBank, base_w: float = 500.0) -> None:
        self.hass = hass
        self.bank = bank
        self.base_w = base_w

    def total_w(self) -> float:
        on = {e: self.hass.states.get(e) for e in (HEATER, POOL)}
        loads = {HEATER: HEATER_W, POOL: POOL_W}
        return self.base_w + sum(
            w for e, w in loads.items() if (s := on[e]) is not None and s.state == STATE_ON
        )

    @callback
    def write(self, *_: Any) -> None:
        total = self.total_w()
        watts = (total - 400.0, 250.0, 150.0)
        amps = tuple(round(w / v, 3) for w, v in zip(watts, VOLTS, strict=True))
        write_sdm630(self.bank, State(phase_w=watts, phase_a=amps, phase_v=VOLTS))

    def follow(self) -> Callable[[], None]:
        @callback
        def _changed(_event: Event[EventStateChangedData]) -> None:
            self.write()

        return async_track_state_change_event(self.hass, [HEATER, POOL], _changed)


def state(hass: HomeAssistant, entity_id: str) -> str | None:
    current = hass.states.get(entity_id)
    return None if current is None else current.state


@pytest.fixture
async def meter_house(
    hass: HomeAssistant, enable_custom_integrations: None, start_server: StartServer
) -> AsyncIterator[tuple[MeterHouse, SimServer, list[MockConfigEntry]]]:
    """The loads, the meter that shows them, its server; entries listed here unload at the end."""
    await make_house(hass)
    bank = RegisterBank()
    house = MeterHouse(hass, bank)
    house.write()
    server = await start_server(bank)
    unfollow = house.follow()
    entries: list[MockConfigEntry] = []
    yield house, server, entries
    unfollow()
    for entry in entries:
        if entry.state is ConfigEntryState.LOADED:
            assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def _setup(
    hass: HomeAssistant, entries: list[MockConfigEntry], port: int, **options: Any
) -> MockConfigEntry:
    entry = make_entry(meter_site(port, profile="sdm630", poll_interval_s=POLL_S), options=options)
    entries.append(entry)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_meter_readings_become_sensors_and_a_rise_sheds_a_load(
    hass: HomeAssistant, meter_house: tuple[MeterHouse, SimServer, list[MockConfigEntry]]
) -> None:
    house, server, entries = meter_house
    entry = await _setup(hass, entries, server.port)
    assert entry.state is ConfigEntryState.LOADED

    # The reading of the set-up goes to the engine at once, not through any template.
    assert state(hass, "sensor.home_site_power") == "5000.0"
    assert state(hass, "sensor.home_meter_power") == "5000.0"
    l1 = hass.states.get("sensor.home_meter_l1_power")
    assert l1 is not None
    assert l1.name == "Home Meter L1 power"
    assert l1.attributes["device_class"] == "power"
    assert l1.attributes["state_class"] == "measurement"
    assert l1.attributes["unit_of_measurement"] == "W"
    assert float(l1.state) == 4600.0
    assert float(state(hass, "sensor.home_meter_l2_current") or 0) == pytest.approx(250 / 231, 1e-3)
    assert state(hass, "sensor.home_meter_l3_voltage") == "229.0"
    assert STRINGS["entity"]["sensor"]["meter_phase_voltage"]["name"] == "Meter L{phase} voltage"

    shed = capture(hass, EVENT_LOAD_SHED)
    house.base_w = 1500.0  # 6000 W: above 95 % of 5750 W
    house.write()
    await until(lambda: state(hass, POOL) == "off")
    assert [(e.data["entity_id"], e.data["site_power_w"]) for e in shed] == [(POOL, 6000.0)]
    assert state(hass, HEATER) == STATE_ON
    # The meter shows the pool pump gone; the sensors follow its polls.
    await until(lambda: state(hass, "sensor.home_meter_power") == "4500.0")
    await until(lambda: state(hass, "sensor.home_site_power") == "4500.0")
    assert server.connections == 1  # one connection, kept for every poll


async def test_meter_down_at_setup_is_retried(
    hass: HomeAssistant,
    meter_house: tuple[MeterHouse, SimServer, list[MockConfigEntry]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, server, entries = meter_house
    await server.stop()
    entry = await _setup(hass, entries, server.port)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert f"The Modbus meter 127.0.0.1:{server.port} unit 1 did not answer" in caplog.text
    assert hass.states.get("sensor.home_site_power") is None

    await server.start()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=30))
    await until(lambda: entry.state is ConfigEntryState.LOADED)
    await hass.async_block_till_done()
    assert state(hass, "sensor.home_site_power") == "5000.0"


async def test_meter_lost_mid_run_fails_safe_and_recovers(
    hass: HomeAssistant,
    meter_house: tuple[MeterHouse, SimServer, list[MockConfigEntry]],
    issue_registry: ir.IssueRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, server, entries = meter_house
    await _setup(hass, entries, server.port, **{CONF_STALE_TIMEOUT: 1.0})
    failsafe = capture(hass, EVENT_FAILSAFE)
    shed = capture(hass, EVENT_LOAD_SHED)
    caplog.set_level(logging.INFO, METER_LOG)

    await server.stop()
    await until(lambda: state(hass, "sensor.home_status") == "failsafe")
    assert [e.data["action"] for e in failsafe] == ["enter"]
    issue = issue_registry.async_get_issue(DOMAIN, f"{ENTRY_ID}_failsafe")
    assert issue is not None
    assert issue.translation_placeholders == {
        "entry_title": "Home",
        "entity_id": f"Modbus meter 127.0.0.1:{server.port} unit 1",
    }
    await until(lambda: {e.data["entity_id"] for e in shed} == {HEATER, POOL})
    assert {e.data["reason"] for e in shed} == {"failsafe"}
    assert state(hass, "sensor.home_meter_power") == STATE_UNAVAILABLE

    await server.start()
    await until(lambda: state(hass, "sensor.home_status") != "failsafe")
    assert [e.data["action"] for e in failsafe] == ["enter", "exit"]
    assert issue_registry.async_get_issue(DOMAIN, f"{ENTRY_ID}_failsafe") is None
    await until(lambda: state(hass, "sensor.home_meter_power") == "500.0")  # loads are off
    lines = [r for r in caplog.records if r.name == METER_LOG and r.levelno >= logging.INFO]
    assert [("unavailable" in r.getMessage(), r.levelno) for r in lines] == [
        (True, logging.INFO),
        (False, logging.INFO),
    ]
    assert "available again" in lines[1].getMessage()
    # pymodbus's warning on each reconnect attempt is not shown (our debug lines hold it).
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and "connect" in r.getMessage()
    ]


async def test_unload_closes_the_connection_and_stops_polling(
    hass: HomeAssistant, meter_house: tuple[MeterHouse, SimServer, list[MockConfigEntry]]
) -> None:
    house, server, entries = meter_house
    entry = await _setup(hass, entries, server.port)
    await until(lambda: house.bank.reads >= 3)  # polling
    assert await hass.config_entries.async_unload(entry.entry_id)
    await until(lambda: server.open_connections == 0)
    reads = house.bank.reads
    await asyncio.sleep(3 * POLL_S)
    assert house.bank.reads == reads


async def test_an_implausible_reading_is_ignored_and_logged_once(
    hass: HomeAssistant,
    meter_house: tuple[MeterHouse, SimServer, list[MockConfigEntry]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    house, server, entries = meter_house
    await _setup(hass, entries, server.port)
    shed = capture(hass, EVENT_LOAD_SHED)
    house.base_w = 100_000.0  # a wrong CT ratio: far beyond the 5750 W limit
    house.write()
    await until(lambda: state(hass, "sensor.home_meter_power") == STATE_UNAVAILABLE)
    reads = house.bank.reads
    await until(lambda: house.bank.reads >= reads + 3)  # it stays wrong for a while
    assert shed == []
    assert state(hass, "sensor.home_site_power") == "5000.0"  # the last valid sample
    assert caplog.text.count("times the panel limit") == 1

    house.base_w = 500.0
    house.write()
    await until(lambda: state(hass, "sensor.home_meter_power") == "5000.0")
    assert "readings are plausible again" in caplog.text


@pytest.mark.parametrize(
    ("site_phases", "phase_w", "phase_a", "currents"),
    [
        (3, (2300.0, 460.0, -230.0), (10.0, 2.0, -1.0), (10.0, 2.0, 1.0)),  # the meter's own
        (3, (2300.0, 460.0, -230.0), None, (10.0, 2.0, 1.0)),  # from power and voltage
        (1, (2300.0, 460.0, -230.0), (10.0, 2.0, 1.0), None),  # a 3-phase meter, 1-phase site
        (3, (2300.0,), (10.0,), None),  # a 1-phase meter on a 3-phase site
    ],
)
def test_phase_currents_reach_the_engine_when_the_meter_has_the_sites_phases(
    site_phases: int,
    phase_w: tuple[float, ...],
    phase_a: tuple[float, ...] | None,
    currents: tuple[float, ...] | None,
) -> None:
    site = SiteConfig(limits=LimitConfig(panel_limit_w=17250.0), phases=site_phases, voltage_v=230)
    reading = MeterReading(total_w=sum(phase_w), phase_w=phase_w, phase_a=phase_a)
    sample = measurement(reading, site)
    assert sample.site_power_w == sum(phase_w)
    assert sample.phase_currents_a == (None if currents is None else pytest.approx(currents))
