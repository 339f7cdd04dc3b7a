"""Grid limit sources: a renamed limit entity is followed; the form refuses what the runtime drops."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from custom_components.capacity_manager.grid.const import SUBENTRY_LIMIT_SOURCE
from custom_components.capacity_manager.renames import async_follow_rename
from tests.grid.conftest import limit_source
from tests.harness import (
    default_loads,
    make_entry,
    make_house,
    setup_entry,
)
from tests.helpers import assert_translated, start_subentry_reconfigure

# -- 3. a renamed grid-limit entity is not followed ----------------------------------------------


async def test_a_renamed_grid_limit_entity_is_followed(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    registry = er.async_get(hass)
    old = registry.async_get_or_create(
        "sensor", "grid_operator", "import_cap", suggested_object_id="grid_cap"
    ).entity_id
    hass.states.async_set(old, "6", {"unit_of_measurement": "kW"})
    await make_house(hass)
    source = limit_source("entity", "Operator cap", entity_id=old, direction="import", unit="W")
    entry = make_entry(site_data, [*default_loads(), source])
    await setup_entry(hass, entry)
    assert hass.states.get("sensor.home_grid_import_limit").state == "6000.0"

    # The user renames the entity in HA (its state moves to the new id, as HA does).
    registry.async_update_entity(old, new_entity_id="sensor.operator_import_cap")
    hass.states.async_remove(old)
    hass.states.async_set("sensor.operator_import_cap", "6", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()
    # The operator lowers the cap to 4 kW.
    hass.states.async_set("sensor.operator_import_cap", "4", {"unit_of_measurement": "kW"})
    await hass.async_block_till_done()

    stored = entry.subentries["src_entity"].data["entity_id"]
    grid = hass.states.get("sensor.home_grid_import_limit").state
    limit = hass.states.get("sensor.home_effective_limit").state
    assert (stored, grid, limit) == ("sensor.operator_import_cap", "4000.0", "4000.0")


async def test_a_rename_rewrites_each_entity_source_and_its_unique_id(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    """Import and export limits may come from entities: each subentry follows its own entity."""
    imp = limit_source(
        "entity", "Import cap", "src_imp", entity_id="number.cap", direction="import"
    )
    exp = limit_source(
        "entity", "Export cap", "src_exp", entity_id="number.cap", direction="export"
    )
    other = limit_source("entity", "Other", "src_other", entity_id="number.other")
    imp["unique_id"], exp["unique_id"] = "entity_number.cap_import", "entity_number.cap_export"
    entry = make_entry(site_data, [*default_loads(), imp, exp, other])
    entry.add_to_hass(hass)
    async_follow_rename(hass, entry, "number.cap", "number.grid_cap")
    subs = entry.subentries
    assert [(subs[k].data["entity_id"], subs[k].unique_id) for k in ("src_imp", "src_exp")] == [
        ("number.grid_cap", "entity_number.grid_cap_import"),
        ("number.grid_cap", "entity_number.grid_cap_export"),
    ]
    assert subs["src_other"].data["entity_id"] == "number.other"


# -- 5. the limit-source flow accepts sources the runtime then drops -----------------------------


async def _add_limit_source(
    hass: HomeAssistant, entry: MockConfigEntry, kind: str, user_input: dict[str, Any]
) -> Any:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LIMIT_SOURCE), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": kind}
    )
    return await hass.config_entries.subentries.async_configure(result["flow_id"], user_input)


@pytest.mark.usefixtures("mock_setup_entry")
async def test_a_weekly_schedule_without_a_day_is_refused(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """A schedule without a day is refused in the form, not skipped at run time.

    The runtime skips it (WeeklyRule.from_data: "days must be a non-empty list"), logged as an
    error: the user's limit silently never applies.
    """
    mock_config_entry.add_to_hass(hass)
    result = await _add_limit_source(
        hass,
        mock_config_entry,
        "schedule",
        {"name": "Peak", "days": [], "start": "17:00:00", "end": "21:00:00", "import_kw": 4},
    )
    assert result["type"] is FlowResultType.FORM, (
        f"accepted: {[dict(s.data) for s in mock_config_entry.subentries.values()]}"
    )
    assert result["errors"] == {"days": "day_required"}
    assert_translated(result, "config_subentries", "limit_source")


@pytest.mark.usefixtures("mock_setup_entry")
async def test_a_capacity_tariff_of_zero_is_refused(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """`tariff_window` ignores a limit of 0 without a word: no tariff, no sensors, no error."""
    mock_config_entry.add_to_hass(hass)
    result = await _add_limit_source(
        hass,
        mock_config_entry,
        "tariff",
        {"name": "Tariff", "window_limit_kw": 0, "window_min": 15},
    )
    assert result["type"] is FlowResultType.FORM, (
        f"accepted: {[dict(s.data) for s in mock_config_entry.subentries.values()]}"
    )
    assert result["errors"] == {"window_limit_kw": "tariff_limit_positive"}
    assert_translated(result, "config_subentries", "limit_source")


@pytest.mark.usefixtures("mock_setup_entry")
async def test_reconfiguring_refuses_what_adding_refuses(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    """The reconfigure form runs the same checks: no day, or a tariff of 0 kW, is not saved."""
    mock_config_entry.add_to_hass(hass)
    peak = {"name": "Peak", "days": ["mon"], "start": "17:00:00", "end": "21:00:00"}
    tariff = {"name": "Tariff", "window_limit_kw": 2.5, "window_min": 15}
    for kind, good, bad, error in (
        ("schedule", {**peak, "import_kw": 4}, {**peak, "days": [], "import_kw": 4}, "days"),
        ("tariff", tariff, {**tariff, "window_limit_kw": 0}, "window_limit_kw"),
    ):
        added = await _add_limit_source(hass, mock_config_entry, kind, good)
        assert added["type"] is FlowResultType.CREATE_ENTRY
        (source,) = [s for s in mock_config_entry.subentries.values() if s.data["kind"] == kind]
        result = await start_subentry_reconfigure(hass, mock_config_entry, source.subentry_id)
        result = await hass.config_entries.subentries.async_configure(result["flow_id"], bad)
        assert result["type"] is FlowResultType.FORM
        assert list(result["errors"]) == [error]
        assert mock_config_entry.subentries[source.subentry_id].data == source.data
