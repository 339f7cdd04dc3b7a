"""Weekly schedules of limits (pure): days, overnight windows, 24 h windows, clock changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from custom_components.capacity_manager.grid.weekly import WeeklyRule, limits_at

BRUSSELS = ZoneInfo("Europe/Brussels")


def rule(days: list[str], start: str, end: str, **limits: Any) -> WeeklyRule:
    return WeeklyRule.from_data({"days": days, "start": start, "end": end, **limits})


def at(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BRUSSELS)


def test_a_weekday_evening_window() -> None:
    evening = rule(["mon", "tue", "wed", "thu", "fri"], "17:00:00", "21:00:00", import_kw=5)
    assert evening.import_w == 5000.0
    assert evening.export_w is None
    assert not evening.active(at(2025, 6, 2, 16, 59))  # Monday
    assert evening.active(at(2025, 6, 2, 17, 0))
    assert evening.active(at(2025, 6, 2, 20, 59, 59))
    assert not evening.active(at(2025, 6, 2, 21, 0))
    assert not evening.active(at(2025, 6, 7, 18, 0))  # Saturday


def test_an_overnight_window_belongs_to_the_day_it_starts() -> None:
    night = rule(["fri"], "22:00:00", "06:00:00", export_kw=0)
    assert night.active(at(2025, 6, 6, 23, 0))  # Friday night
    assert night.active(at(2025, 6, 7, 5, 59))  # Saturday morning
    assert not night.active(at(2025, 6, 7, 6, 0))
    assert not night.active(at(2025, 6, 6, 5, 0))  # Friday morning: Thursday did not start one
    assert night.export_w == 0.0


def test_start_equal_to_end_is_a_whole_day() -> None:
    sunday = rule(["sun"], "00:00:00", "00:00:00", import_kw=3)
    assert sunday.active(at(2025, 6, 8, 0, 0))
    assert sunday.active(at(2025, 6, 8, 23, 59))
    assert not sunday.active(at(2025, 6, 9, 0, 0))
    assert sunday.next_change(at(2025, 6, 8, 12, 0)) == datetime(2025, 6, 9, 0, 0)


def test_wall_clock_times_hold_on_the_days_the_clocks_change() -> None:
    evening = rule(["sun"], "17:00:00", "21:00:00", import_kw=5)
    for day in (datetime(2025, 3, 30), datetime(2025, 10, 26)):  # spring forward, fall back
        assert evening.active(day.replace(hour=17, tzinfo=BRUSSELS))
        assert not evening.active(day.replace(hour=16, minute=59, tzinfo=BRUSSELS))
    early = rule(["sun"], "01:00:00", "04:00:00", import_kw=5)
    # 30 March 2025: 02:00-03:00 does not exist; the window still ends at 04:00 wall time.
    assert early.next_change(at(2025, 3, 30, 1, 30)) == datetime(2025, 3, 30, 4, 0)


def test_next_change_is_the_next_start_or_end() -> None:
    evening = rule(["mon", "wed"], "17:00:00", "21:00:00", import_kw=5)
    assert evening.next_change(at(2025, 6, 2, 12, 0)) == datetime(2025, 6, 2, 17, 0)
    assert evening.next_change(at(2025, 6, 2, 18, 0)) == datetime(2025, 6, 2, 21, 0)
    assert evening.next_change(at(2025, 6, 2, 21, 0)) == datetime(2025, 6, 4, 17, 0)


def test_every_day_all_day_never_changes() -> None:
    always = rule(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "00:00:00", "00:00:00", import_kw=4
    )
    assert always.active(at(2025, 6, 4, 3, 0))
    assert always.next_change(at(2025, 6, 4, 3, 0)) is None


def test_the_tightest_active_rule_wins() -> None:
    rules = [
        rule(["mon"], "17:00:00", "21:00:00", import_kw=5),
        rule(["mon"], "18:00:00", "19:00:00", import_kw=3, export_kw=2),
    ]
    assert limits_at(rules, at(2025, 6, 2, 17, 30)) == (5000.0, None)
    assert limits_at(rules, at(2025, 6, 2, 18, 30)) == (3000.0, 2000.0)
    assert limits_at(rules, at(2025, 6, 2, 22, 0)) == (None, None)


@pytest.mark.parametrize(
    "data",
    [
        {"days": [], "start": "17:00:00", "end": "18:00:00", "import_kw": 5},
        {"days": ["someday"], "start": "17:00:00", "end": "18:00:00", "import_kw": 5},
        {"days": ["mon"], "start": "5 pm", "end": "18:00:00", "import_kw": 5},
        {"days": ["mon"], "start": "17:00:00", "end": "18:00:00"},  # no limit at all
        {"days": ["mon"], "start": "17:00:00", "end": "18:00:00", "import_kw": -1},
    ],
)
def test_inconsistent_schedules_are_refused(data: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        WeeklyRule.from_data(data)
