"""A house with an IEEE 2030.5 limit source pointed at the server test double, and what it shows.

Shared by the site tests: the grid limit sensors, the engine's effective limit and the export
limit it enforces, and time moving on.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.grid import sep2_source
from tests.grid.conftest import limit_source
from tests.grid.sep2_double import Sep2Double, make_certificate
from tests.harness import ENTRY_ID, default_loads, make_entry, make_house, setup_entry

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
T0 = int(NOW.timestamp())
IMPORT_SENSOR = "sensor.home_grid_import_limit"
EXPORT_SENSOR = "sensor.home_grid_export_limit"
LIMIT_SENSOR = "sensor.home_effective_limit"
ISSUE = f"{ENTRY_ID}_sep2_unreachable_src_sep2"
CERT, KEY = make_certificate()


@pytest.fixture
def frozen(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """Time stands at NOW until a test moves it."""
    freezer.move_to(NOW)
    return freezer


@pytest.fixture
async def server(socket_enabled: None) -> AsyncGenerator[Sep2Double]:
    """The utility server test double with one program: default 5000 W import, 0 W export."""
    double = Sep2Double()
    await double.start()
    double.add_program("doe", 1, default=((5000, 0), (0, 0)))
    yield double
    await double.stop()


def limits(hass: HomeAssistant) -> tuple[float | None, float | None]:
    """The grid import and export limits the sensors show (None: unknown)."""
    found = [hass.states.get(e) for e in (IMPORT_SENSOR, EXPORT_SENSOR)]
    values = [
        None if s is None or s.state in ("unknown", "unavailable") else float(s.state)
        for s in found
    ]
    return values[0], values[1]


def enforced(hass: HomeAssistant) -> tuple[float, float | None]:
    """What the engine holds the site to: its import limit and the export limit it enforces."""
    state = hass.states.get(LIMIT_SENSOR)
    assert state is not None
    export = state.attributes.get("export_limit_w")
    return float(state.state), None if export is None else float(export)


async def later(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    """Move time on and let everything due run."""
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def setup_site(
    hass: HomeAssistant, site_data: dict[str, Any], url: str, **data: Any
) -> MockConfigEntry:
    """The house with the 2030.5 source (by default via the TLS proxy's fingerprint header)."""
    await make_house(hass)
    subentry = limit_source(
        sep2_source.KIND_SEP2,
        "Utility DOE",
        sep2_url=url,
        **{"certificate": CERT, "fingerprint_header": True, **data},
    )
    entry = make_entry(site_data, [*default_loads(), subentry])
    await setup_entry(hass, entry)
    return entry
