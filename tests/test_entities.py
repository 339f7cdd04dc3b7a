"""Entity snapshots per platform: names, unique ids, devices, categories, states."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import snapshot_platform
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.capacity_manager.const import DOMAIN
from tests.harness import (
    ENTRY_ID,
    SnapshotsDirExtension,
    ev,
    make_entry,
    make_house,
    setup_entry,
    switched,
)


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in tests/snapshots/, one for every tested Home Assistant release.

    Newer releases add registry fields derived from what is already snapshotted (the name the
    entity id came from); they are left out so that the same file holds on all of them.
    """
    return snapshot.with_defaults(
        extension_class=SnapshotsDirExtension,
        exclude=props("object_id_base", "suggested_object_id"),
    )


@pytest.mark.parametrize(
    "platform",
    [
        Platform.BINARY_SENSOR,
        Platform.BUTTON,
        Platform.NUMBER,
        Platform.SELECT,
        Platform.SENSOR,
        Platform.SWITCH,
    ],
)
@pytest.mark.freeze_time("2025-06-01 12:00:00+00:00")
async def test_entities(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    house = await make_house(hass, with_ev=True)
    house.write()
    with patch("custom_components.capacity_manager.PLATFORMS", [platform]):
        await setup_entry(
            hass,
            make_entry(
                site_data, [switched("input_boolean.pool_pump", "Pool pump", 20, 1500), ev()]
            ),
        )
    await snapshot_platform(hass, entity_registry, snapshot, ENTRY_ID)


async def test_devices_are_linked_to_the_site(
    hass: HomeAssistant, site_data: dict[str, Any], device_registry: dr.DeviceRegistry
) -> None:
    await make_house(hass)
    await setup_entry(hass, make_entry(site_data))
    site = device_registry.async_get_device(identifiers={(DOMAIN, ENTRY_ID)})
    assert site is not None
    assert site.name == "Home"
    load = device_registry.async_get_device(identifiers={(DOMAIN, f"{ENTRY_ID}_load_pool_pump")})
    assert load is not None
    assert load.name == "Pool pump"
    assert load.via_device_id == site.id
    assert load.config_entries_subentries == {ENTRY_ID: {"load_pool_pump"}}
