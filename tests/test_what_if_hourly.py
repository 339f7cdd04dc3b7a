"""What-if on hourly history: per-load shed minutes are what a user reading the history expects.

The house is the one the dashboard e2e imports (hourly means): a busy evening from 16:00 to
21:00, a 2 kW water heater hour at 16:00, a 3.7 kW car every other evening from 17:00 to 20:00,
and a 4 kW candidate limit (shed above 3.8 kW, restore below 3.4 kW).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.models import StatisticData, StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.engine.comparison import CapacityManagerPolicy
from custom_components.capacity_manager.engine.models import (
    LimitConfig,
    LoadConfig,
    LoadKind,
    SiteConfig,
)
from custom_components.capacity_manager.engine.scenario import Scenario
from custom_components.capacity_manager.engine.simulator import SimResult, simulate
from custom_components.capacity_manager.what_if_trace import (
    ReplayLoad,
    ShedClock,
    TraceBuilder,
    build_scenario,
    run_what_if,
)
from tests.harness import ENTRY_ID, make_entry, setup_entry
from tests.helpers import GRID_SENSOR, statistic_metadata

HOUR = 3600.0
DAY = 24 * HOUR
LIMIT_W = 4000.0
HEATER_ON_AT, BUSY_UNTIL = 16, 21  # the heater's hour; the first hour with room for it again


def _hourly(hour: int, charging: bool) -> dict[str, float]:
    rest = 600.0 if hour < 6 else 1900.0 if 16 <= hour <= 20 else 1100.0
    loads = {
        "heater": 2000.0 if hour in (5, HEATER_ON_AT) else 0.0,
        "pool": 1100.0 if 10 <= hour <= 14 else 0.0,
        "car": 3700.0 if charging and 17 <= hour <= 19 else 0.0,
    }
    return {**loads, "site": rest + sum(loads.values())}


def _scenario(charging_days: list[bool], end_s: float | None = None) -> Scenario:
    """The house on hourly means, resampled to 10 s as the service does."""
    end = end_s if end_s is not None else len(charging_days) * DAY
    builder = TraceBuilder(0.0, end, 10.0, ["site", "heater", "pool", "car"])
    for name in builder.columns:
        points = [
            (day * DAY + hour * HOUR, _hourly(hour, charging)[name])
            for day, charging in enumerate(charging_days)
            for hour in range(24)
        ]
        builder.add(name, end, points)
    loads = [
        ReplayLoad(LoadConfig.ev("car", "EV charger", priority=40), "car"),
        ReplayLoad(
            LoadConfig(
                load_id="heater",
                name="Water heater",
                kind=LoadKind.SWITCHED,
                priority=30,
                rated_power_w=3000.0,
            ),
            "heater",
        ),
        ReplayLoad(
            LoadConfig(
                load_id="pool",
                name="Pool pump",
                kind=LoadKind.SWITCHED,
                priority=50,
                rated_power_w=1100.0,
            ),
            "pool",
        ),
    ]
    site = SiteConfig(limits=LimitConfig(panel_limit_w=7200.0))
    return build_scenario(builder, site_column="site", site=site, limit_w=LIMIT_W, loads=loads)


def _managed(scenario: Scenario) -> tuple[SimResult, dict[str, float]]:
    clock = ShedClock(CapacityManagerPolicy.for_scenario(scenario))
    result = simulate(scenario, clock)
    return result, clock.finish(scenario.trace.end_s)


def test_a_quiet_evening_sheds_the_heater_from_its_hour_until_the_busy_hours_end() -> None:
    result = run_what_if(_scenario([False]))
    assert result is not None

    heater = result["managed"]["per_load"]["Water heater"]
    # 3.9 kW at 16:00 is above 3.8 kW; 1.9 kW + 2 kW never fits under 3.4 kW before 21:00.
    assert heater["sheds"] == 1
    assert heater["shed_minutes"] == pytest.approx((BUSY_UNTIL - HEATER_ON_AT) * 60, abs=2)
    assert heater["energy_deferred_kwh"] == pytest.approx(2.0, abs=0.01)  # its 16:00 hour
    assert heater["energy_unserved_kwh"] == pytest.approx(0.0, abs=0.01)  # paid back at 21:00
    assert result["managed"]["per_load"]["Pool pump"]["sheds"] == 0  # 2.2 kW at noon
    assert result["uncontrolled"]["per_load"]["Water heater"]["shed_minutes"] == 0


def test_a_charging_evening_gives_the_more_important_heater_back_before_the_car() -> None:
    quiet_s = (BUSY_UNTIL - HEATER_ON_AT) * HOUR
    clock = ShedClock(CapacityManagerPolicy.for_scenario(_scenario([True, False])))
    result = simulate(_scenario([True, False]), clock)
    shed_s = clock.finish(2 * DAY)

    (session,) = result.stats.sessions
    assert session.delivered_wh > 0.8 * session.requested_wh  # turned down, it charged all evening

    assert result.metrics["per_load"]["heater"]["sheds"] == 2
    # Both evenings the heater (priority 30) waits for the busy hours only: past its patience
    # the car (priority 40) at its minimum current is paused for it, once, instead of the
    # heater waiting until the car is full. The clock counts both evenings, nothing more.
    assert 2 * quiet_s - 60 <= shed_s["heater"] <= 2 * quiet_s + 120
    assert result.metrics["per_load"]["car"]["sheds"] == 1
    assert shed_s["car"] >= 300  # paused at least its min off time: no flapping
    assert "pool" not in shed_s


def test_a_load_still_shed_when_the_history_ends_counts_until_the_end() -> None:
    end = (HEATER_ON_AT + 2) * HOUR  # the history stops at 18:00, the heater still off
    result, shed_s = _managed(_scenario([False], end_s=end))

    assert result.metrics["per_load"]["heater"]["sheds"] == 1
    assert shed_s["heater"] == pytest.approx(2 * HOUR, abs=60)


# The service on a day whose recorded states begin late (a fresh install): the hours before the
# first state come from the long-term statistics, not from the previous day's last value.

T0 = datetime(2025, 3, 3, tzinfo=dt_util.UTC)
DAY_DELTA = timedelta(days=1)
STATES_FROM = 20  # the first recorded state of the day (hour)
POWER = {ATTR_UNIT_OF_MEASUREMENT: "W", ATTR_DEVICE_CLASS: "power", "state_class": "measurement"}


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """The recorder's database comes before `hass` (the recorder fixtures require it)."""


async def test_hours_before_the_first_state_of_a_day_come_from_statistics(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
) -> None:
    metadata = statistic_metadata(
        mean_type=StatisticMeanType.ARITHMETIC,
        has_sum=False,
        name=None,
        source="recorder",
        statistic_id=GRID_SENSOR,
        unit_class="power",
        unit_of_measurement="W",
    )
    busy = range(17, 19)  # 7 kW over a 5750 W site, then quiet
    hours = [T0 - DAY_DELTA + timedelta(hours=h) for h in range(24 + STATES_FROM)]
    async_import_statistics(
        hass,
        metadata,
        [StatisticData(start=at, mean=7000.0 if at.hour in busy else 500.0) for at in hours],
    )
    for minute in range(STATES_FROM * 60, 25 * 60, 10):
        freezer.move_to(T0 + timedelta(minutes=minute))
        hass.states.async_set(GRID_SENSOR, str(500 + minute % 20), POWER)
        await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    await setup_entry(hass, make_entry(site_data))

    result = await hass.services.async_call(
        DOMAIN,
        "simulate",
        {"config_entry_id": ENTRY_ID, "start": T0.isoformat(), "end": (T0 + DAY_DELTA).isoformat()},
        blocking=True,
        return_response=True,
    )

    assert result is not None
    assert result["resolution_days"]["states"] == 1  # the site meter has states that day
    busy_minutes = len(busy) * 60
    assert result["uncontrolled"]["minutes_above_limit"] == pytest.approx(busy_minutes, abs=1)
