"""The VTN test double checked against `openadr3-client` (PyPI), a client we did not write.

A business logic built on that package creates the program, a subscription and a DOE day of
48 half-hour envelopes on the double; our VEN then reads them through Home Assistant. The
package lives in its own virtual environment (`.venv-openadr3`, or OPENADR3_CLIENT_PYTHON); the
test is skipped when it is absent:
    python3.13 -m venv .venv-openadr3 && .venv-openadr3/bin/pip install openadr3-client
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncGenerator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from tests.grid.conftest import openadr_source
from tests.grid.vtn_double import CLIENT_ID, CLIENT_SECRET, VtnDouble
from tests.harness import default_loads, make_entry, make_house, setup_entry

REPO = Path(__file__).parents[2]
PYTHON = Path(os.environ.get("OPENADR3_CLIENT_PYTHON", REPO / ".venv-openadr3" / "bin" / "python"))
NOW = datetime(2025, 3, 30, 0, 0, tzinfo=UTC)  # the EU clock change happens inside this day
DOE_KW = [4.0 + (n % 8) * 0.5 for n in range(48)]

pytestmark = pytest.mark.skipif(not PYTHON.exists(), reason="openadr3-client venv not installed")


@pytest.fixture
async def empty_vtn(socket_enabled: None) -> AsyncGenerator[VtnDouble]:
    double = VtnDouble()
    await double.start()
    yield double
    await double.stop()


async def _business_logic(vtn: VtnDouble) -> str:
    """Run the openadr3-client business logic against the double; the program id it made."""
    process = await asyncio.create_subprocess_exec(
        str(PYTHON),
        str(Path(__file__).with_name("openadr3_bl.py")),
        vtn.base_url,
        CLIENT_ID,
        CLIENT_SECRET,
        NOW.isoformat(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "OAUTHLIB_INSECURE_TRANSPORT": "1"},  # loopback test double: no TLS
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()
    return out.decode().strip().splitlines()[-1]


async def test_a_doe_day_made_with_openadr3_client_is_followed(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    empty_vtn: VtnDouble,
    freezer: FrozenDateTimeFactory,
) -> None:
    program_id = await _business_logic(empty_vtn)
    assert empty_vtn.programs[program_id]["programName"] == "DOE"
    assert len(empty_vtn.events) == 2

    freezer.move_to(NOW + timedelta(minutes=15))
    await make_house(hass)
    await setup_entry(
        hass, make_entry(site_data, [*default_loads(), openadr_source(empty_vtn.base_url)])
    )
    seen = []
    for _ in range(49):
        state = hass.states.get("sensor.home_grid_import_limit")
        assert state is not None
        seen.append(float(state.state))
        freezer.tick(timedelta(minutes=30))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()
    assert seen == [kw * 1000 for kw in DOE_KW] + [9000.0]  # then the subscription
