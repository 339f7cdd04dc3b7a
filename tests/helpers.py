"""Helpers shared by the Home Assistant tests (flows and integration)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import voluptuous_serialize  # type: ignore[import-untyped]
from homeassistant.components.recorder.models import StatisticMetaData
from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType, section
from homeassistant.helpers import config_validation as cv

INTEGRATION_DIR = Path(__file__).parents[1] / "custom_components" / "capacity_manager"
STRINGS: dict[str, Any] = json.loads((INTEGRATION_DIR / "strings.json").read_text())

GRID_SENSOR = "sensor.grid_power"

type SetSensor = Callable[..., str]


def assert_renders(result: FlowResult[Any, Any]) -> None:
    """The form's schema serializes to JSON as the frontend receives it."""
    json.dumps(
        voluptuous_serialize.convert(result["data_schema"], custom_serializer=cv.custom_serializer)
    )


def form_values(result: FlowResult[Any, Any]) -> dict[str, Any]:
    """Values a form shows: suggested values, else defaults (sections flattened)."""
    assert_renders(result)
    values: dict[str, Any] = {}

    def walk(schema: Any) -> None:
        for marker, validator in schema.schema.items():
            if isinstance(validator, section):
                walk(validator.schema)
                continue
            description = marker.description or {}
            if "suggested_value" in description:
                values[str(marker)] = description["suggested_value"]
            elif callable(marker.default):
                values[str(marker)] = marker.default()

    walk(result["data_schema"])
    return values


def form_fields(result: FlowResult[Any, Any]) -> set[str]:
    """Top-level fields (and section names) of a form."""
    assert_renders(result)
    schema = result["data_schema"]
    assert schema is not None
    return {str(marker) for marker in schema.schema}


def assert_translated(result: FlowResult[Any, Any], *path: str) -> None:
    """Every error or abort reason shown has an English text under strings.json `path`."""
    strings: Any = STRINGS
    for part in path or ("config",):
        strings = strings[part]
    if result["type"] is FlowResultType.ABORT:
        assert result["reason"] in strings["abort"]
    for error in (result.get("errors") or {}).values():
        assert error in strings["error"]


async def settle(hass: HomeAssistant) -> None:
    """Wait until Home Assistant has nothing left to run now, state listeners included.

    State-change listeners are dispatched one loop turn after the change and
    `async_block_till_done` waits for tasks only: a chain of listeners (a load turns on, the
    meter follows, the controller reads the meter) can need several rounds.
    """
    for _ in range(100):
        await hass.async_block_till_done()
        if not hass.loop._ready:  # type: ignore[attr-defined]  # callbacks due now (CPython)
            return
    raise AssertionError("Home Assistant kept scheduling work: it did not settle")


async def start_subentry_reconfigure(
    hass: HomeAssistant, entry: ConfigEntry, subentry_id: str
) -> FlowResult[Any, Any]:
    """Open a subentry's reconfigure flow as its "Reconfigure" menu item does.

    Started through the flow manager, not the harness's MockConfigEntry helper: that helper's
    signature changed between Home Assistant releases (the subentry type became implicit).
    """
    subentry_type = entry.subentries[subentry_id].subentry_type
    return await hass.config_entries.subentries.async_init(
        (entry.entry_id, subentry_type),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry_id},
    )


def statistic_metadata(**fields: Any) -> StatisticMetaData:
    """Metadata of imported long-term statistics, for the installed Home Assistant.

    Newer releases want the unit class (importing without one is reported as deprecated use);
    older ones do not know the field. `unit_class` is passed on only where it exists.
    """
    unit_class = fields.pop("unit_class", None)
    if "unit_class" in StatisticMetaData.__annotations__:
        fields["unit_class"] = unit_class
    return StatisticMetaData(**fields)  # type: ignore[typeddict-item]
