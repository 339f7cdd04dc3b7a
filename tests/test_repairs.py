"""Repair issues: a source or load entity missing or unavailable for long, and failsafe."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.capacity_manager.const import DOMAIN
from tests.harness import ENTRY_ID, POOL, House, make_entry, make_house, setup_entry
from tests.helpers import GRID_SENSOR, STRINGS


async def _later(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def _issues(issue_registry: ir.IssueRegistry) -> dict[str, ir.IssueEntry]:
    return {
        issue_id: issue
        for (domain, issue_id), issue in issue_registry.issues.items()
        if domain == DOMAIN
    }


async def test_source_unavailable_for_long_raises_issues_that_clear(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    house = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    house.stop_following()
    hass.states.async_set(GRID_SENSOR, "unavailable")
    await hass.async_block_till_done()

    await _later(hass, freezer, 61)
    issues = _issues(issue_registry)
    assert list(issues) == [f"{ENTRY_ID}_failsafe"]  # stale: failsafe at once
    assert issues[f"{ENTRY_ID}_failsafe"].translation_key == "failsafe"

    for _ in range(10):
        await _later(hass, freezer, 60)
    issues = _issues(issue_registry)
    source_issue = f"{ENTRY_ID}_source_unavailable_{GRID_SENSOR}"
    assert set(issues) == {f"{ENTRY_ID}_failsafe", source_issue}
    assert issues[source_issue].severity is ir.IssueSeverity.ERROR
    assert issues[source_issue].translation_placeholders == {
        "entity_id": GRID_SENSOR,
        "name": "Home",
        "entry_title": "Home",
    }

    house.write()
    await hass.async_block_till_done()
    await _later(hass, freezer, 11)
    assert _issues(issue_registry) == {}


async def test_deleted_load_entity_raises_an_issue(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    house: House = await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    hass.states.async_remove(POOL)
    await hass.async_block_till_done()
    for _ in range(11):
        freezer.tick(timedelta(seconds=60))
        house.write()  # the meter keeps reporting
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    issue_id = f"{ENTRY_ID}_load_unavailable_{POOL}"
    issues = _issues(issue_registry)
    assert set(issues) == {issue_id}
    assert issues[issue_id].severity is ir.IssueSeverity.WARNING
    assert issues[issue_id].translation_placeholders["name"] == "Pool pump"


async def test_unload_clears_the_issues(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    house.stop_following()
    hass.states.async_set(GRID_SENSOR, "unavailable")
    await _later(hass, freezer, 61)
    assert _issues(issue_registry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert _issues(issue_registry) == {}


def test_every_issue_is_translated() -> None:
    for key in ("source_unavailable", "load_unavailable", "failsafe"):
        assert {"title", "description"} <= set(STRINGS["issues"][key])
