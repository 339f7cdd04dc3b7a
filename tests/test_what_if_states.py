"""`simulate` (What if…) reads on/off states the way the runtime does."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder.core import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.capacity_manager.const import (
    DOMAIN,
)
from tests.harness import (
    ENTRY_ID,
    POOL,
    POOL_W,
    make_entry,
    setup_entry,
    switched,
)
from tests.helpers import GRID_SENSOR

POWER_ATTRS = {"unit_of_measurement": "W", "device_class": "power"}


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """The recorder's database comes before `hass` (needed by the `simulate` test)."""


T0 = datetime(2025, 3, 3, tzinfo=dt_util.UTC)
BOILER = "water_heater.boiler"
BOILER_W = 3000.0


async def test_simulate_counts_a_water_heater_that_heats_as_on(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
) -> None:
    """A water heater reports its operation mode ("electric", "eco"...), never "on".

    The runtime counts anything but "off" as on (parsing.is_on) and sheds it; the replay of
    `simulate` must see the same heater drawing its 3000 W while it heats.
    """
    for minute in range(0, 24 * 60, 10):
        freezer.move_to(T0 + timedelta(minutes=minute))
        busy = 17 <= minute // 60 < 19  # heater, pool pump and 3 kW of house: 7500 W
        hass.states.async_set(BOILER, "electric" if busy else "off", {"supported_features": 8})
        hass.states.async_set(POOL, "on" if busy else "off")
        site = 3000 + BOILER_W + POOL_W if busy else 500
        hass.states.async_set(GRID_SENSOR, str(site), {**POWER_ATTRS, "state_class": "measurement"})
        await hass.async_block_till_done()
    freezer.move_to(T0 + timedelta(days=1, hours=1))
    await async_wait_recording_done(hass)
    loads = [switched(BOILER, "Boiler", 10, BOILER_W), switched(POOL, "Pool pump", 20, POOL_W)]
    await setup_entry(hass, make_entry(site_data, loads))

    result = await hass.services.async_call(
        DOMAIN,
        "simulate",
        {
            "config_entry_id": ENTRY_ID,
            "start": T0.isoformat(),
            "end": (T0 + timedelta(days=1)).isoformat(),
        },
        blocking=True,
        return_response=True,
    )

    assert result is not None
    managed = result["managed"]
    boiler = managed["per_load"]["Boiler"]
    # Shedding pool pump and boiler brings 7500 W down to 3000 W: the limit holds.
    assert (boiler["sheds"] >= 1, managed["minutes_above_limit"] < 30) == (True, True), managed
