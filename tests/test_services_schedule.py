"""The `set_limit_schedule` action: a weekly schedule of grid limits set from an automation.

Real site (hass fixture, helper-entity loads), Brussels time. What a user notices: the limit in
force and its sensors, the `capacity_manager_limit_changed` event naming the schedule, the same
rules in the limit-source UI, a clear refusal of bad rules, and the rules after a restart.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.events import EVENT_LIMIT_CHANGED, EVENT_LOAD_SHED
from custom_components.capacity_manager.grid.const import SUBENTRY_LIMIT_SOURCE
from tests.grid.conftest import limit_source
from tests.harness import (
    ENTRY_ID,
    capture,
    default_loads,
    make_entry,
    make_house,
    setup_entry,
)
from tests.helpers import STRINGS, form_values, start_subentry_reconfigure

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY_EVENING = datetime(2025, 6, 2, 17, 30, tzinfo=BRUSSELS)
IMPORT_SENSOR = "sensor.home_grid_import_limit"
EXPORT_SENSOR = "sensor.home_grid_export_limit"
LIMIT_SENSOR = "sensor.home_effective_limit"
NEXT_CHANGE = "sensor.home_next_grid_limit_change"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
EVENING = {"days": WEEKDAYS, "start": "17:00", "end": "21:00", "import_kw": 4}


def value(hass: HomeAssistant, entity_id: str) -> float | None:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return None if state.state in ("unknown", "unavailable") else float(state.state)


def schedules(entry: MockConfigEntry) -> list[tuple[str, dict[str, Any]]]:
    """The schedule limit sources of the site, as (title, data)."""
    return [
        (s.title, dict(s.data))
        for s in entry.subentries.values()
        if s.subentry_type == SUBENTRY_LIMIT_SOURCE and s.data["kind"] == "schedule"
    ]


async def set_schedule(hass: HomeAssistant, rules: list[dict[str, Any]] | None) -> None:
    data: dict[str, Any] = {"config_entry_id": ENTRY_ID}
    if rules is not None:
        data["rules"] = rules
    await hass.services.async_call(DOMAIN, "set_limit_schedule", data, blocking=True)
    await hass.async_block_till_done()


async def at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime) -> None:
    freezer.move_to(moment)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


@pytest.fixture
async def entry(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> MockConfigEntry:
    """The default house (5000 W of a 5750 W panel) on a Monday at 17:30 in Brussels."""
    await hass.config.async_set_time_zone("Europe/Brussels")
    freezer.move_to(MONDAY_EVENING)
    await make_house(hass)
    site = make_entry(site_data)
    await setup_entry(hass, site)
    return site


async def test_a_schedule_takes_effect_at_once_and_names_itself(
    hass: HomeAssistant, entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    changes = capture(hass, EVENT_LIMIT_CHANGED)
    shed = capture(hass, EVENT_LOAD_SHED)
    await set_schedule(hass, [EVENING])

    assert value(hass, IMPORT_SENSOR) == 4000.0
    assert value(hass, LIMIT_SENSOR) == 4000.0
    assert [e.data["limit_w"] for e in shed] == [4000.0], "5000 W is above 4 kW: a load is shed"
    first = next(e.data for e in changes if e.data["action"] == "grid_import")
    assert (first["old_value"], first["new_value"], first["source"]) == (None, 4000.0, "schedule")
    assert first["source_name"] == "mon, tue, wed, thu, fri 17:00–21:00"
    next_change = hass.states.get(NEXT_CHANGE)
    assert next_change is not None
    assert datetime.fromisoformat(next_change.state) == MONDAY_EVENING.replace(hour=21, minute=0)
    # Stored as the limit-source form stores a weekly schedule.
    assert schedules(entry) == [
        (
            "mon, tue, wed, thu, fri 17:00–21:00",
            {
                "kind": "schedule",
                "days": WEEKDAYS,
                "start": "17:00:00",
                "end": "21:00:00",
                "import_kw": 4.0,
            },
        )
    ]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_the_limit_source_form_shows_the_rule_the_action_set(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    await set_schedule(hass, [{**EVENING, "name": "Evening peak", "export_kw": "1.5"}])
    [subentry_id] = [s.subentry_id for s in entry.subentries.values() if s.data.get("days")]
    result = await start_subentry_reconfigure(hass, entry, subentry_id)
    assert result["step_id"] == "schedule"
    shown = form_values(result)
    assert (shown["name"], shown["days"], shown["start"], shown["end"]) == (
        "Evening peak",
        WEEKDAYS,
        "17:00:00",
        "21:00:00",
    )
    assert (shown["import_kw"], shown["export_kw"]) == (4.0, 1.5)
    assert value(hass, EXPORT_SENSOR) == 1500.0


async def test_a_new_schedule_replaces_the_old_one_and_an_empty_one_clears_it(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await hass.config.async_set_time_zone("Europe/Brussels")
    freezer.move_to(MONDAY_EVENING)
    await make_house(hass)
    number = limit_source("entity", "Automation", entity_id="input_number.nope", unit="kW")
    old = limit_source("schedule", "Old", "src_old", days=["sun"], start="08:00:00",
                       end="09:00:00", import_kw=2)  # fmt: skip
    entry = make_entry(site_data, [*default_loads(), number, old])
    await setup_entry(hass, entry)
    changes = capture(hass, EVENT_LIMIT_CHANGED)
    running = entry.runtime_data.coordinator

    await set_schedule(hass, [EVENING, {"days": ["mon"], "start": "21:00", "end": "23:00",
                                        "import_kw": 3}])  # fmt: skip
    assert entry.runtime_data.coordinator is running, "applied live: the site is not reloaded"
    titles = [title for title, _ in schedules(entry)]
    assert titles == ["mon, tue, wed, thu, fri 17:00–21:00", "mon 21:00–23:00"]
    assert "src_old" in entry.subentries, "the existing schedule is reused, not re-created"
    assert any(s.data["kind"] == "entity" for s in entry.subentries.values()), "others stay"
    assert value(hass, IMPORT_SENSOR) == 4000.0

    changes.clear()
    await set_schedule(hass, [{"days": ["mon"], "start": "17:00", "end": "18:00",
                               "import_kw": 3.5}])  # fmt: skip
    assert value(hass, IMPORT_SENSOR) == 3500.0
    assert len(schedules(entry)) == 1
    grid = [
        (e.data["old_value"], e.data["new_value"], e.data["source"])
        for e in changes
        if e.data["action"] == "grid_import"
    ]
    assert grid == [(4000.0, 3500.0, "schedule")]  # once: no reload announces it again

    changes.clear()
    await set_schedule(hass, None)  # no rules: the schedule is cleared
    assert schedules(entry) == []
    assert value(hass, IMPORT_SENSOR) is None
    assert value(hass, LIMIT_SENSOR) == 5750.0
    cleared = [e.data for e in changes if e.data["action"] == "grid_import"]
    assert (cleared[0]["old_value"], cleared[0]["new_value"]) == (3500.0, None)
    assert entry.runtime_data.coordinator is running
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

    # A change made in the UI still reloads the site: the listener skips only what is applied.
    hass.config_entries.async_update_entry(entry, options={**entry.options, "probe": 1})
    await hass.async_block_till_done()
    assert entry.runtime_data.coordinator is not running


async def test_rules_that_meet_at_midnight_or_limit_different_directions_are_accepted(
    hass: HomeAssistant, entry: MockConfigEntry
) -> None:
    await set_schedule(
        hass,
        [
            {"days": ["mon"], "start": "06:00", "end": "22:00", "import_kw": 5},
            {"days": ["mon"], "start": "22:00", "end": "06:00", "import_kw": 3},  # into Tuesday
            {"days": ["tue"], "start": "06:00", "end": "06:00", "import_kw": 5},  # all day
            {"days": ["mon"], "start": "12:00", "end": "20:00", "export_kw": 0},
        ],
    )
    assert len(schedules(entry)) == 4
    assert value(hass, IMPORT_SENSOR) == 5000.0
    assert value(hass, EXPORT_SENSOR) == 0.0


@pytest.mark.parametrize(
    ("rules", "key", "placeholders"),
    [
        (
            [EVENING, {"days": ["fri"], "start": "20:00", "end": "22:00", "import_kw": 3}],
            "schedule_overlap",
            {"first": "1", "second": "2"},
        ),
        (  # Sunday night runs into Monday morning, where the first rule is
            [
                {"days": ["mon"], "start": "05:00", "end": "07:00", "import_kw": 3},
                {"days": ["sun"], "start": "23:00", "end": "05:30", "import_kw": 2},
            ],
            "schedule_overlap",
            {"first": "1", "second": "2"},
        ),
        ([{**EVENING, "days": ["monday"]}], "schedule_invalid_days", {"rule": "1"}),
        ([{**EVENING, "days": []}], "schedule_invalid_days", {"rule": "1"}),
        ([EVENING, {**EVENING, "end": "25:00"}], "schedule_invalid_time", {"rule": "2"}),
        ([{**EVENING, "start": None}], "schedule_invalid_time", {"field": "start"}),
        ([{**EVENING, "import_kw": -1}], "schedule_invalid_limit", {"field": "import_kw"}),
        ([{**EVENING, "import_kw": "nan"}], "schedule_invalid_limit", {"field": "import_kw"}),
        ([{**EVENING, "export_kw": "inf"}], "schedule_invalid_limit", {"field": "export_kw"}),
        ([{**EVENING, "export_kw": True}], "schedule_invalid_limit", {"field": "export_kw"}),
        ([{**EVENING, "import_kw": "four"}], "schedule_invalid_limit", {"rule": "1"}),
        ([{**EVENING, "import_kw": None}], "schedule_limit_required", {"rule": "1"}),
        ([{**EVENING, "import": 4}], "schedule_unknown_field", {"field": "import"}),
    ],
)
async def test_bad_rules_are_refused_with_a_translated_reason_and_nothing_changes(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    rules: list[dict[str, Any]],
    key: str,
    placeholders: dict[str, str],
) -> None:
    await set_schedule(hass, [EVENING])
    before = schedules(entry)
    with pytest.raises(ServiceValidationError) as err:
        await set_schedule(hass, rules)
    assert err.value.translation_key == key
    assert placeholders.items() <= (err.value.translation_placeholders or {}).items()
    message = STRINGS["exceptions"][key]["message"]
    assert message.format(**(err.value.translation_placeholders or {}))
    assert schedules(entry) == before
    assert value(hass, IMPORT_SENSOR) == 4000.0


async def test_an_unknown_site_is_refused(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "set_limit_schedule", {"config_entry_id": "nope", "rules": []}, blocking=True
        )
    assert err.value.translation_key == "entry_not_found"


async def test_on_the_day_the_clocks_go_forward_the_schedule_keeps_wall_clock_times(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Brussels, Sunday 30 March 2025: 02:00 CET becomes 03:00 CEST (the night is 1 h short)."""
    await at(hass, freezer, datetime(2025, 3, 29, 20, 0, tzinfo=BRUSSELS))
    await set_schedule(
        hass,
        [
            {"days": ["sat"], "start": "22:00", "end": "06:00", "import_kw": 3},
            {"days": ["sun"], "start": "17:00", "end": "21:00", "import_kw": 4},
        ],
    )
    assert value(hass, IMPORT_SENSOR) is None
    utc = ZoneInfo("UTC")
    await at(hass, freezer, datetime(2025, 3, 29, 21, 0, tzinfo=utc))  # 22:00 CET
    assert value(hass, IMPORT_SENSOR) == 3000.0
    next_change = hass.states.get(NEXT_CHANGE)
    assert next_change is not None
    # The night rule ends at 06:00 CEST, 04:00 UTC: 6 h after it began, not 8 h.
    assert datetime.fromisoformat(next_change.state) == datetime(2025, 3, 30, 4, 0, tzinfo=utc)
    await at(hass, freezer, datetime(2025, 3, 30, 3, 59, tzinfo=utc))  # 05:59 CEST
    assert value(hass, IMPORT_SENSOR) == 3000.0
    await at(hass, freezer, datetime(2025, 3, 30, 4, 0, tzinfo=utc))  # 06:00 CEST
    assert value(hass, IMPORT_SENSOR) is None
    await at(hass, freezer, datetime(2025, 3, 30, 14, 59, tzinfo=utc))  # 16:59 CEST
    assert value(hass, IMPORT_SENSOR) is None
    await at(hass, freezer, datetime(2025, 3, 30, 15, 0, tzinfo=utc))  # 17:00 CEST
    assert value(hass, IMPORT_SENSOR) == 4000.0


async def test_the_schedule_survives_a_restart(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    site_data: dict[str, Any],
) -> None:
    await set_schedule(hass, [EVENING])
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)  # what stopping Home Assistant does
    await hass.async_block_till_done()
    [stored] = [
        e for e in hass_storage["core.config_entries"]["data"]["entries"] if e["domain"] == DOMAIN
    ]
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(IMPORT_SENSOR) is None

    # Started again from what was written to disk.
    restarted = make_entry(site_data, stored["subentries"], options=stored["options"])
    await setup_entry(hass, restarted)
    assert value(hass, IMPORT_SENSOR) == 4000.0
    assert value(hass, LIMIT_SENSOR) == 4000.0
    assert schedules(restarted) == schedules(entry)
