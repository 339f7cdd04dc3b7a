"""Helpers shared by the Home Assistant tests (flows and integration)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import voluptuous_serialize  # type: ignore[import-untyped]
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
