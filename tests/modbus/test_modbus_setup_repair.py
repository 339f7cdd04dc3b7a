"""A meter that answers at set-up, but not as its profile expects: retried, with a repair issue.

A real pymodbus server on 127.0.0.1 serves a Carlo Gavazzi meter where a SunSpec one was chosen:
every set-up fails with "not SunSpec" and is retried; after a few in a row the entry has a
translated repair issue, which goes once the meter reads (or the entry is deleted). A meter that
does not answer at all (a network outage) is retried without one.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.const import (
    DOMAIN,
)
from custom_components.capacity_manager.repairs import METER_MISMATCH_SETUPS
from tests.harness import ENTRY_ID, make_entry, make_house
from tests.helpers import STRINGS
from tests.modbus.conftest import StartServer, meter_site, until
from tests.modbus.meters import State, write_gavazzi, write_sunspec
from tests.modbus.sim import RegisterBank, SimServer

ISSUE_ID = f"{ENTRY_ID}_meter_mismatch"
STATE = State(phase_w=(1000.0, 800.0, 700.0), phase_a=(4.35, 3.48, 3.04), phase_v=(230.0,) * 3)


class Site:
    """A site entry on a SunSpec meter, and the set-ups it went through."""

    def __init__(self, hass: HomeAssistant, port: int) -> None:
        self.hass = hass
        self.entry: MockConfigEntry = make_entry(
            meter_site(port, profile="sunspec", poll_interval_s=0.2)
        )
        self.failed = 0  # set-ups that ended in a retry

        @callback
        def _changed() -> None:
            if self.entry.state is ConfigEntryState.SETUP_RETRY:
                self.failed += 1

        self.entry.add_to_hass(hass)
        self.entry.async_on_state_change(_changed)

    async def set_up(self) -> None:
        await self.hass.config_entries.async_setup(self.entry.entry_id)
        await self.hass.async_block_till_done()

    async def retry(self) -> None:
        """Let Home Assistant's retry timer fire; wait (real time) until that set-up ended."""
        failed = self.failed
        async_fire_time_changed(self.hass, dt_util.utcnow() + timedelta(minutes=15))
        await until(lambda: self.failed > failed or self.entry.state is ConfigEntryState.LOADED)
        await self.hass.async_block_till_done()


@pytest.fixture
async def meter(
    hass: HomeAssistant, enable_custom_integrations: None, start_server: StartServer
) -> AsyncIterator[tuple[RegisterBank, SimServer, list[Site]]]:
    """A Carlo Gavazzi meter on 127.0.0.1; the sites listed here are unloaded at the end."""
    await make_house(hass)
    bank = RegisterBank()
    write_gavazzi(bank, STATE)  # holding registers from 0: no "SunS" at 40000, 0 or 50000
    sites: list[Site] = []
    yield bank, await start_server(bank), sites
    for site in sites:
        if site.entry.state in (ConfigEntryState.LOADED, ConfigEntryState.SETUP_RETRY):
            assert await hass.config_entries.async_unload(site.entry.entry_id)
    await hass.async_block_till_done()


async def _mismatched_site(
    hass: HomeAssistant, port: int, sites: list[Site], issue_registry: ir.IssueRegistry
) -> Site:
    """Set up on the Gavazzi meter as SunSpec until the issue is raised (asserted on the way)."""
    site = Site(hass, port)
    sites.append(site)
    await site.set_up()
    while site.failed < METER_MISMATCH_SETUPS:
        assert site.entry.state is ConfigEntryState.SETUP_RETRY
        assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is None
        await site.retry()
    assert site.failed == METER_MISMATCH_SETUPS
    assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is not None
    return site


async def test_a_meter_answering_not_as_sunspec_gets_an_issue_until_it_reads(
    hass: HomeAssistant,
    meter: tuple[RegisterBank, SimServer, list[Site]],
    issue_registry: ir.IssueRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bank, server, sites = meter
    site = await _mismatched_site(hass, server.port, sites, issue_registry)
    label = f"127.0.0.1:{server.port} unit 1"
    assert f"The Modbus meter {label} answered, but not as the profile SunSpec" in caplog.text
    assert caplog.text.count("but not as a SunSpec meter") == 1  # our warning, once

    issue = issue_registry.async_get_issue(DOMAIN, ISSUE_ID)
    assert issue is not None
    assert (issue.translation_key, issue.severity) == ("meter_mismatch", ir.IssueSeverity.ERROR)
    placeholders: dict[str, Any] = dict(issue.translation_placeholders or {})
    assert placeholders.pop("error").startswith('no SunSpec "SunS" marker at 40000, 0, 50000')
    assert placeholders == {"entry_title": "Home", "meter": label, "profile": "SunSpec"}
    text = STRINGS["issues"]["meter_mismatch"]
    used = set(re.findall(r"\{(\w+)\}", text["title"] + text["description"]))
    assert used == {"entry_title", "meter", "profile", "error"}
    assert label in text["title"].format(meter=label, profile="SunSpec")

    await site.retry()  # still retried, still one issue
    assert site.entry.state is ConfigEntryState.SETUP_RETRY
    assert [i for (d, i) in issue_registry.issues if d == DOMAIN] == [ISSUE_ID]

    write_sunspec(bank, STATE)  # the meter comes right: the next set-up reads it
    await site.retry()
    assert site.entry.state is ConfigEntryState.LOADED
    assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is None
    await until(
        lambda: getattr(hass.states.get("sensor.home_meter_power"), "state", "") == "2500.0"
    )


async def test_deleting_the_site_deletes_its_issue(
    hass: HomeAssistant,
    meter: tuple[RegisterBank, SimServer, list[Site]],
    issue_registry: ir.IssueRegistry,
) -> None:
    _, server, sites = meter
    site = await _mismatched_site(hass, server.port, sites, issue_registry)
    await hass.config_entries.async_remove(site.entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is None


async def test_a_meter_that_does_not_answer_gets_no_issue(
    hass: HomeAssistant,
    meter: tuple[RegisterBank, SimServer, list[Site]],
    issue_registry: ir.IssueRegistry,
) -> None:
    bank, server, sites = meter
    await server.stop()  # a network outage: nothing to say about the profile
    site = Site(hass, server.port)
    sites.append(site)
    await site.set_up()
    for _ in range(METER_MISMATCH_SETUPS + 1):
        await site.retry()
    assert site.failed == METER_MISMATCH_SETUPS + 2
    assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is None

    # An outage between set-ups that answer wrongly neither counts nor breaks their run.
    await server.start()
    for _ in range(METER_MISMATCH_SETUPS - 1):
        await site.retry()
    assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is None
    await server.stop()
    await site.retry()
    assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is None
    await server.start()
    await site.retry()
    assert issue_registry.async_get_issue(DOMAIN, ISSUE_ID) is not None
    assert bank.reads >= METER_MISMATCH_SETUPS
