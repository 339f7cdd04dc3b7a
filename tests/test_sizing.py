"""capacity_manager.panel_sizing: the highest demand of the year against the service rating."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.models import StatisticData, StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.sizing import peak_15min
from tests.harness import ENTRY_ID, make_entry, setup_entry
from tests.helpers import GRID_SENSOR, statistic_metadata

LIMIT_W, VOLTS = 5750.0, 230.0  # the default site: 25 A at 230 V, one phase


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """The recorder's database comes before `hass` (the recorder fixtures require it)."""


@pytest.fixture
async def site(recorder_mock: Recorder, hass: HomeAssistant, site_data: dict[str, Any]) -> None:
    """The default site, set up with the recorder running."""
    await setup_entry(hass, make_entry(site_data))


def _import_hours(hass: HomeAssistant, means: list[float]) -> None:
    """Hourly means of the grid sensor ending two hours ago (as the recorder compiles them)."""
    end = dt_util.utcnow().replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
    metadata = statistic_metadata(
        mean_type=StatisticMeanType.ARITHMETIC,
        has_sum=False,
        name=None,
        source="recorder",
        statistic_id=GRID_SENSOR,
        unit_class="power",
        unit_of_measurement="W",
    )
    rows = [
        StatisticData(start=end - timedelta(hours=len(means) - i), mean=m, min=m, max=m)
        for i, m in enumerate(means)
    ]
    async_import_statistics(hass, metadata, rows)


async def _sizing(hass: HomeAssistant) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN, "panel_sizing", {"config_entry_id": ENTRY_ID}, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


@pytest.mark.usefixtures("site")
@pytest.mark.parametrize(("peak_w", "fits"), [(3000.0, True), (5000.0, False)])
async def test_the_year_peak_sets_the_headroom(
    hass: HomeAssistant, peak_w: float, fits: bool
) -> None:
    _import_hours(hass, [800.0, 1200.0, peak_w, 900.0] * 30)
    await async_wait_recording_done(hass)

    report = await _sizing(hass)

    assert report["informative"] is True
    assert "NEC 220.87" in report["note"]
    assert report["resolution"] == "hourly_mean_statistics"
    assert report["peak_demand_w"] == peak_w
    assert report["design_demand_w"] == pytest.approx(1.25 * peak_w)
    assert report["service_rating_a"] == 25.0
    unmanaged_a = max(0.0, LIMIT_W - 1.25 * peak_w) / VOLTS
    assert report["unmanaged_available_a"] == pytest.approx(unmanaged_a, abs=0.1)
    if fits:  # the house fits: a managed load may use what the controller keeps (90 %)
        assert report["managed_available_w"] == pytest.approx(0.9 * LIMIT_W)
        assert report["additional_managed_a"] > 0
        assert report["managed_at_peak_w"] == pytest.approx(0.9 * LIMIT_W - peak_w)
    else:  # the house alone is already over the rating: managing new load cannot help
        assert report["unmanaged_available_a"] == 0
        assert report["managed_available_w"] == 0


@pytest.mark.usefixtures("site")
async def test_without_statistics_there_is_no_report(hass: HomeAssistant) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _sizing(hass)
    assert err.value.translation_key == "no_history"


def test_15_minute_peak_needs_three_consecutive_5_minute_means() -> None:
    rows = [(0.0, 1000.0), (300.0, 4000.0), (600.0, 4000.0), (1500.0, 9000.0), (1800.0, 9000.0)]
    start, mean = peak_15min(rows) or (None, None)
    assert (start, mean) == (0.0, 3000.0)  # the 9000 W pair has a gap before it: not 15 min
    assert peak_15min(rows[:2]) is None
