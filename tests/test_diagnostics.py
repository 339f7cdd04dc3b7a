"""Diagnostics: what was configured, what the engine sees, and the last decisions."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from tests.harness import SnapshotsDirExtension, make_entry, make_house, setup_entry


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in tests/snapshots/."""
    return snapshot.use_extension(SnapshotsDirExtension)


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    site_data: dict[str, Any],
    snapshot: SnapshotAssertion,
) -> None:
    assert await async_setup_component(hass, "diagnostics", {})
    house = await make_house(hass)
    entry = make_entry(site_data)
    await setup_entry(hass, entry)
    await house.set_base(1500)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics["entry"]["title"] == "**REDACTED**"
    assert all(sub["title"] == "**REDACTED**" for sub in diagnostics["subentries"])
    assert diagnostics["loads"]["load_pool_pump"]["entity_id"] == "input_boolean.pool_pump"
    assert [d["action"] for d in diagnostics["decisions"]] == ["shed"]
    assert diagnostics["decisions"][0]["result"] == "done"
    assert diagnostics == snapshot(
        exclude=props("now", "time", "held_since", "shed_since", "curtailed_kwh", "last_now")
    )
