"""Config subentry flow of limit sources: each kind, its refusals, and reconfiguring."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.grid.const import SUBENTRY_LIMIT_SOURCE
from tests.grid.conftest import PROGRAM, VEN_NAME
from tests.grid.vtn_double import CLIENT_ID, CLIENT_SECRET, VtnDouble
from tests.helpers import (
    STRINGS,
    assert_renders,
    assert_translated,
    form_values,
    start_subentry_reconfigure,
)

pytestmark = pytest.mark.usefixtures("mock_setup_entry")
LIMIT_NUMBER = "input_number.grid_limit"


@pytest.fixture
def entry(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> MockConfigEntry:
    mock_config_entry.add_to_hass(hass)
    hass.states.async_set(LIMIT_NUMBER, "6", {"unit_of_measurement": "kW"})
    hass.states.async_set("sensor.outdoor_temperature", "12", {"unit_of_measurement": "°C"})
    return mock_config_entry


async def start(hass: HomeAssistant, entry: MockConfigEntry, kind: str) -> FlowResult[Any, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LIMIT_SOURCE), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["entity", "schedule", "openadr", "tariff", "sep2"]
    assert set(STRINGS["config_subentries"]["limit_source"]["step"]["user"]["menu_options"]) == {
        "entity",
        "schedule",
        "openadr",
        "sep2",
        "tariff",
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": kind}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == kind
    assert_renders(result)
    return result


async def add(
    hass: HomeAssistant, entry: MockConfigEntry, kind: str, user_input: dict[str, Any]
) -> FlowResult[Any, Any]:
    result = await start(hass, entry, kind)
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], user_input)
    assert_translated(result, "config_subentries", "limit_source")
    return result


def sources(entry: MockConfigEntry) -> list[ConfigSubentry]:
    return [s for s in entry.subentries.values() if s.subentry_type == SUBENTRY_LIMIT_SOURCE]


def vtn_input(vtn: VtnDouble, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "Grid operator",
        "vtn_url": vtn.base_url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "ven_name": VEN_NAME,
        "program": PROGRAM,
        "poll_s": 60,
        **overrides,
    }


async def test_an_entity_limit(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    result = await add(
        hass,
        entry,
        "entity",
        {"name": "Automation limit", "entity_id": LIMIT_NUMBER, "direction": "import", "unit": "W"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (source,) = sources(entry)
    assert source.title == "Automation limit"
    assert dict(source.data) == {
        "kind": "entity",
        "entity_id": LIMIT_NUMBER,
        "direction": "import",
        "unit": "W",
    }
    again = await add(
        hass,
        entry,
        "entity",
        {"name": "Twice", "entity_id": LIMIT_NUMBER, "direction": "import", "unit": "W"},
    )
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"


@pytest.mark.parametrize(
    ("entity_id", "error"),
    [("sensor.outdoor_temperature", "unsupported_unit"), ("number.gone", "entity_not_found")],
)
async def test_an_entity_that_cannot_be_a_limit_is_refused(
    hass: HomeAssistant, entry: MockConfigEntry, entity_id: str, error: str
) -> None:
    result = await add(
        hass,
        entry,
        "entity",
        {"name": "x", "entity_id": entity_id, "direction": "export", "unit": "W"},
    )
    assert result["errors"] == {"entity_id": error}


async def test_a_weekly_schedule_needs_a_limit(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    window = {
        "name": "Evening peak",
        "days": ["mon", "fri"],
        "start": "17:00:00",
        "end": "21:00:00",
    }
    result = await add(hass, entry, "schedule", window)
    assert result["errors"] == {"base": "limit_required"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**window, "import_kw": 4.5}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (source,) = sources(entry)
    assert source.data["days"] == ["mon", "fri"]
    assert source.data["import_kw"] == 4.5


async def test_an_openadr_vtn_is_checked_before_it_is_saved(
    hass: HomeAssistant, entry: MockConfigEntry, vtn: VtnDouble
) -> None:
    result = await start(hass, entry, "openadr")
    flow_id = result["flow_id"]
    configure = hass.config_entries.subentries.async_configure
    result = await configure(flow_id, vtn_input(vtn, vtn_url="http://vtn.example.com/openadr3"))
    assert result["errors"] == {"vtn_url": "https_required"}
    result = await configure(flow_id, vtn_input(vtn, client_secret="wrong"))
    assert result["errors"] == {"base": "invalid_auth"}
    result = await configure(flow_id, vtn_input(vtn, program="NOPE"))
    assert result["errors"] == {"program": "program_not_found"}
    result = await configure(flow_id, vtn_input(vtn, vtn_url="https://127.0.0.1:1/openadr3"))
    assert result["errors"] == {"base": "cannot_connect"}
    assert_translated(result, "config_subentries", "limit_source")
    result = await configure(flow_id, vtn_input(vtn))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    (source,) = sources(entry)
    assert (source.data["vtn_url"], source.data["program"]) == (vtn.base_url, PROGRAM)


async def test_one_capacity_tariff_per_site(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    tariff = {"name": "Capacity tariff", "window_limit_kw": 2.5, "window_min": 15}
    assert (await add(hass, entry, "tariff", tariff))["type"] is FlowResultType.CREATE_ENTRY
    again = await add(hass, entry, "tariff", tariff)
    assert again["reason"] == "already_configured"


async def test_reconfigure_keeps_the_kind_and_shows_the_stored_values(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    await add(
        hass,
        entry,
        "schedule",
        {
            "name": "Evening",
            "days": ["mon"],
            "start": "17:00:00",
            "end": "21:00:00",
            "export_kw": 0,
        },
    )
    (source,) = sources(entry)
    result = await start_subentry_reconfigure(hass, entry, source.subentry_id)
    assert result["step_id"] == "schedule"
    shown = form_values(result)
    assert (shown["name"], shown["days"], shown["export_kw"]) == ("Evening", ["mon"], 0)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {"name": "Night", "days": ["sat"], "start": "22:00:00", "end": "06:00:00", "export_kw": 1},
    )
    assert result["reason"] == "reconfigure_successful"
    updated = entry.subentries[source.subentry_id]
    assert (updated.title, updated.data["kind"], updated.data["days"]) == (
        "Night",
        "schedule",
        ["sat"],
    )
