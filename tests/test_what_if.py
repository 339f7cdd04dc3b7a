"""capacity_manager.simulate: a recorded day replayed with candidate limits, refusals, cancel."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import get_instance, history
from homeassistant.components.recorder.core import Recorder
from homeassistant.components.recorder.models import StatisticData, StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT, STATE_OFF, STATE_ON
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.capacity_manager.const import CONF_PHASES, CONF_VOLTAGE, DOMAIN
from custom_components.capacity_manager.engine.models import LimitConfig, LoadConfig, SiteConfig
from custom_components.capacity_manager.what_if import EVENT_SIMULATE_PROGRESS
from custom_components.capacity_manager.what_if_trace import (
    EV_PLUG_SLACK_S,
    ReplayLoad,
    TraceBuilder,
    build_scenario,
    run_what_if,
)
from tests.grid.conftest import limit_source
from tests.harness import ENTRY_ID, HEATER, HEATER_W, POOL, POOL_W, make_entry, setup_entry
from tests.helpers import GRID_SENSOR, statistic_metadata

T0 = datetime(2025, 3, 3, tzinfo=dt_util.UTC)
BUSY_FROM, BUSY_TO = 17, 19  # hours of the day with everything on over a big base
BUSY_BASE_W, QUIET_BASE_W = 3000.0, 500.0
POWER = {ATTR_UNIT_OF_MEASUREMENT: "W", ATTR_DEVICE_CLASS: "power", "state_class": "measurement"}


def _write(hass: HomeAssistant, base_w: float, heater: bool, pool: bool) -> None:
    hass.states.async_set(HEATER, STATE_ON if heater else STATE_OFF)
    hass.states.async_set(POOL, STATE_ON if pool else STATE_OFF)
    site = base_w + HEATER_W * heater + POOL_W * pool
    hass.states.async_set(GRID_SENSOR, str(site), POWER)


async def _record_days(hass: HomeAssistant, freezer: FrozenDateTimeFactory, days: int) -> None:
    """`days` days from T0, every 10 minutes; busy (above 5750 W) from 17:00 to 19:00."""
    for minute in range(0, days * 24 * 60, 10):
        freezer.move_to(T0 + timedelta(minutes=minute))
        hour = (minute // 60) % 24
        busy = BUSY_FROM <= hour < BUSY_TO
        _write(hass, BUSY_BASE_W if busy else QUIET_BASE_W, heater=busy, pool=busy)
        await hass.async_block_till_done()
    freezer.move_to(T0 + timedelta(days=days, hours=1))
    _write(hass, QUIET_BASE_W, heater=False, pool=False)
    await async_wait_recording_done(hass)


async def _simulate(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "simulate",
        {"config_entry_id": ENTRY_ID, **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


@pytest.fixture
def mock_recorder_before_hass(async_setup_recorder_instance: Any) -> None:
    """The recorder's database comes before `hass` (the recorder fixtures require it)."""


@pytest.fixture
async def recorded(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    site_data: dict[str, Any],
) -> None:
    """Two recorded days, then the site (5750 W limit) set up with heater and pool pump."""
    await _record_days(hass, freezer, 2)
    await setup_entry(hass, make_entry(site_data))


@pytest.mark.usefixtures("recorded")
async def test_a_day_above_the_limit_is_shed_and_a_higher_limit_sheds_less(
    hass: HomeAssistant,
) -> None:
    day = {"start": T0.isoformat(), "end": (T0 + timedelta(days=1)).isoformat()}
    tight = await _simulate(hass, **day)
    loose = await _simulate(hass, **day, limit=7000)

    busy_minutes = (BUSY_TO - BUSY_FROM) * 60
    assert tight["limit_w"] == 5750
    assert tight["resolution_days"]["states"] == 1
    assert tight["uncontrolled"]["minutes_above_limit"] == pytest.approx(busy_minutes, abs=1)
    assert tight["uncontrolled"]["sheds"] == 0
    assert tight["managed"]["sheds"] >= 1
    assert tight["managed"]["minutes_above_limit"] < busy_minutes / 10
    pool = tight["managed"]["per_load"]["Pool pump"]
    assert pool["sheds"] >= 1
    assert 0 < pool["shed_minutes"] <= busy_minutes + 30
    assert pool["energy_deferred_kwh"] > 0
    assert loose["managed"]["sheds"] < tight["managed"]["sheds"]
    assert {entry["load"] for entry in tight["loads"]} == {"Water heater", "Pool pump"}
    assert all(entry["source"] == "on_off_state" for entry in tight["loads"])


@pytest.mark.usefixtures("recorded")
async def test_beyond_the_state_history_hourly_statistics_are_replayed(
    hass: HomeAssistant,
) -> None:
    day = T0 - timedelta(days=5)  # no states recorded then: only long-term statistics
    metadata = statistic_metadata(
        mean_type=StatisticMeanType.ARITHMETIC,
        has_sum=False,
        name=None,
        source="recorder",
        statistic_id=GRID_SENSOR,
        unit_class="power",
        unit_of_measurement="kW",  # converted to W by the recorder
    )
    means = [7.0 if BUSY_FROM <= h < BUSY_TO else 0.5 for h in range(24)]
    async_import_statistics(
        hass,
        metadata,
        [StatisticData(start=day + timedelta(hours=h), mean=m) for h, m in enumerate(means)],
    )
    await async_wait_recording_done(hass)

    result = await _simulate(hass, start=day.isoformat(), end=(day + timedelta(days=1)).isoformat())

    assert result["resolution_days"] == {
        "states": 0,
        "statistics_5minute": 0,
        "statistics_hour": 1,
        "none": 0,
    }
    busy_minutes = (BUSY_TO - BUSY_FROM) * 60
    assert result["uncontrolled"]["minutes_above_limit"] == pytest.approx(busy_minutes, abs=1)


@pytest.mark.usefixtures("recorded")
async def test_only_the_chosen_loads_are_managed(hass: HomeAssistant) -> None:
    day = {"start": T0.isoformat(), "end": (T0 + timedelta(days=1)).isoformat()}
    result = await _simulate(hass, **day, loads=[HEATER])
    assert set(result["managed"]["per_load"]) == {"Water heater"}
    assert result["managed"]["per_load"]["Water heater"]["sheds"] >= 1

    with pytest.raises(ServiceValidationError) as err:
        await _simulate(hass, **day, loads=["switch.nothing"])
    assert err.value.translation_key == "load_not_found"


@pytest.mark.usefixtures("recorded")
@pytest.mark.parametrize(
    ("start", "end", "key"),
    [
        (timedelta(days=5), None, "period_in_future"),
        (timedelta(days=1), timedelta(hours=2), "period_end_before_start"),
        (timedelta(days=-40), timedelta(days=1), "period_too_long"),
        (timedelta(days=-20), timedelta(days=-19), "no_history"),
    ],
)
async def test_bad_periods_are_refused(
    hass: HomeAssistant, start: timedelta, end: timedelta | None, key: str
) -> None:
    data = {"start": (T0 + start).isoformat()}
    if end is not None:
        data["end"] = (T0 + end).isoformat()
    with pytest.raises(ServiceValidationError) as err:
        await _simulate(hass, **data)
    assert err.value.translation_key == key


@pytest.mark.usefixtures("recorded")
async def test_progress_is_reported_and_cancel_stops_the_run(hass: HomeAssistant) -> None:
    period = {"start": T0.isoformat(), "end": (T0 + timedelta(days=2)).isoformat()}
    progress: list[dict[str, Any]] = []
    unsub = hass.bus.async_listen(EVENT_SIMULATE_PROGRESS, lambda e: progress.append(dict(e.data)))
    await _simulate(hass, **period)
    await hass.async_block_till_done()
    assert [(p["stage"], p["done"], p["total"]) for p in progress] == [
        ("history", 1, 2),
        ("history", 2, 2),
        ("simulate", 1, 1),
    ]
    unsub()

    tasks: list[Any] = []

    @callback
    def cancel_on_first_day(event: Event[Any]) -> None:
        if event.data["done"] == 1:
            call = hass.services.async_call(
                DOMAIN, "simulate_cancel", {"config_entry_id": ENTRY_ID}, blocking=True
            )
            tasks.append(hass.async_create_task(call))

    hass.bus.async_listen(EVENT_SIMULATE_PROGRESS, cancel_on_first_day)
    with pytest.raises(HomeAssistantError) as err:
        await _simulate(hass, **period)
    assert err.value.translation_key == "simulate_cancelled"
    assert [task.result() for task in tasks] == [None]  # the cancel call itself went through


@pytest.mark.usefixtures("recorded")
async def test_unloading_the_site_stops_its_simulation(hass: HomeAssistant) -> None:
    tasks: list[Any] = []

    @callback
    def unload_on_first_day(event: Event[Any]) -> None:
        if event.data["done"] == 1:
            tasks.append(hass.async_create_task(hass.config_entries.async_unload(ENTRY_ID)))

    hass.bus.async_listen(EVENT_SIMULATE_PROGRESS, unload_on_first_day)
    with pytest.raises(HomeAssistantError) as err:
        await _simulate(hass, start=T0.isoformat(), end=(T0 + timedelta(days=2)).isoformat())
    assert err.value.translation_key == "simulate_cancelled"
    assert [task.result() for task in tasks] == [True]


def test_history_is_held_between_changes_across_chunks() -> None:
    builder = TraceBuilder(0.0, 100.0, 10.0, ["p"])
    builder.add("p", 50.0, [(-30.0, 1.0), (25.0, 2.0)])  # a state from before the period
    builder.add("p", 100.0, [(70.0, 3.0)])  # nothing new until 70 s: 2.0 is held
    assert list(builder.columns["p"]) == [1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0]


def test_recorded_charging_becomes_an_ev_session_the_controller_can_delay() -> None:
    hour = 3600.0
    builder = TraceBuilder(0.0, 12 * hour, 60.0, ["site", "car"])
    car = [(0.0, 0.0), (2 * hour, 7400.0), (4 * hour, 0.0)]  # 2 h at 7.4 kW, 14.8 kWh
    site = [(0.0, 500.0), (2 * hour, 7900.0), (3 * hour, 10900.0), (4 * hour, 500.0)]
    builder.add("car", 12 * hour, car)
    builder.add("site", 12 * hour, site)
    ev = LoadConfig.ev("car", "Car", min_current_a=6, max_current_a=32, priority=10)
    scenario = build_scenario(
        builder,
        site_column="site",
        site=SiteConfig(limits=LimitConfig(panel_limit_w=9000.0)),
        limit_w=9000.0,
        loads=[ReplayLoad(ev, "car")],
    )
    (session,) = scenario.evs[0].sessions
    assert session.plug_in_s == 2 * hour
    assert session.plug_out_s == 4 * hour + EV_PLUG_SLACK_S
    assert session.energy_wh == pytest.approx(14800.0)
    assert max(scenario.trace.total_w) == pytest.approx(3500.0)  # the house without the car

    result = run_what_if(scenario)
    assert result is not None
    assert result["uncontrolled"]["minutes_above_limit"] == pytest.approx(60.0)
    assert result["managed"]["minutes_above_limit"] < 5.0
    assert result["managed"]["ev_sessions_delayed"] == 1
    assert result["managed"]["energy_unserved_kwh"] == pytest.approx(0.0, abs=0.01)


LIMIT_SENSOR = "sensor.home_effective_limit"


@pytest.mark.usefixtures("recorded")
async def test_a_limit_in_amps_is_converted_as_the_card_converts_it(hass: HomeAssistant) -> None:
    day = {"start": T0.isoformat(), "end": (T0 + timedelta(days=1)).isoformat()}
    in_watts = await _simulate(hass, **day, limit=5750)
    in_amps = await _simulate(hass, **day, limit_a=25)

    limit = hass.states.get(LIMIT_SENSOR)
    assert limit is not None
    volts_times_phases = limit.attributes["voltage_v"] * limit.attributes["phases"]
    assert in_amps["limit_w"] == 25 * volts_times_phases == 5750
    assert in_amps["managed"] == in_watts["managed"]

    with pytest.raises(ServiceValidationError) as err:
        await _simulate(hass, **day, limit=5750, limit_a=25)
    assert err.value.translation_key == "simulate_limit_twice"


@pytest.mark.usefixtures("recorded")
async def test_the_site_figures_of_the_limit_are_not_recorded(hass: HomeAssistant) -> None:
    """Voltage and phases never change between restarts: the recorder keeps only the rest."""
    limit = hass.states.get(LIMIT_SENSOR)
    assert limit is not None
    assert limit.attributes["export_limit_w"] is None  # no export limit configured
    await async_wait_recording_done(hass)

    found = await get_instance(hass).async_add_executor_job(
        history.get_significant_states, hass, T0, None, [LIMIT_SENSOR]
    )

    recorded = found[LIMIT_SENSOR][-1].attributes  # type: ignore[union-attr]
    assert recorded["limit_source"] == "panel"
    assert not {"voltage_v", "phases", "export_limit_w"} & set(recorded)


async def test_the_limit_shows_the_export_limit_and_a_three_phase_site(
    hass: HomeAssistant, site_data: dict[str, Any]
) -> None:
    cap = "sensor.export_cap"
    hass.states.async_set(cap, "3000", {ATTR_UNIT_OF_MEASUREMENT: "W"})
    hass.states.async_set(GRID_SENSOR, "-1200", POWER)
    source = limit_source("entity", "Export cap", entity_id=cap, direction="export", unit="W")
    await setup_entry(
        hass, make_entry({**site_data, CONF_PHASES: 3, CONF_VOLTAGE: 240.0}, [source])
    )
    hass.states.async_set(GRID_SENSOR, "-1300", POWER)
    await hass.async_block_till_done()

    limit = hass.states.get(LIMIT_SENSOR)
    assert limit is not None
    assert limit.attributes["export_limit_w"] == 3000
    assert (limit.attributes["voltage_v"], limit.attributes["phases"]) == (240.0, 3)
