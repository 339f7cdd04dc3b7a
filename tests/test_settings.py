"""Run-time settings: temporary limits, shadowed priorities and modes, storage round trip."""

from __future__ import annotations

from custom_components.capacity_manager.engine.models import Mode
from custom_components.capacity_manager.settings import UserSettings


def test_temporary_limit_wins_until_it_expires() -> None:
    settings = UserSettings(mode=Mode.ACTIVE, mode_option="active", limit_override_w=5000)
    settings.temp_limit_w, settings.temp_limit_until = 3000.0, 100.0
    assert settings.limit_at(99) == 3000
    assert settings.limit_at(100) == 5000
    assert not settings.expire(99)
    assert settings.expire(100)
    assert settings.temp_limit_w is None
    assert not settings.expire(200)


def test_user_priority_until_the_subentry_changes() -> None:
    settings = UserSettings(mode=Mode.ACTIVE, mode_option="active")
    assert settings.priority("a", 10) == 10
    settings.priorities["a"] = (3, 10)
    assert settings.priority("a", 10) == 3
    assert settings.priority("a", 20) == 20  # reconfigured since: the new value wins


def test_round_trip_and_option_change() -> None:
    settings = UserSettings(
        mode=Mode.MONITOR,
        mode_option="active",
        limit_override_w=4000,
        temp_limit_w=3000,
        temp_limit_until=50.0,
        managed={"a": False},
        priorities={"a": (3, 10)},
    )
    data = settings.export()
    assert UserSettings.restore(data, "active") == settings
    # The start-up mode in the options changed since: it wins over the remembered one.
    assert UserSettings.restore(data, "off").mode is Mode.OFF


def test_malformed_storage_falls_back_to_defaults() -> None:
    data = {
        "mode": "sideways",
        "mode_option": "active",
        "limit_override_w": "big",
        "temp_limit_w": 100,
        "temp_limit_until": None,
        "managed": {"a": "yes", "b": False},
        "priorities": {"a": [1], "b": [True, 2], "c": [4, 10]},
    }
    settings = UserSettings.restore(data, "active")
    assert settings.mode is Mode.ACTIVE
    assert settings.limit_override_w is None
    assert settings.temp_limit_w is None
    assert settings.managed == {"b": False}
    assert settings.priorities == {"c": (4, 10)}
    assert UserSettings.restore(None, "monitor").mode is Mode.MONITOR
    assert (
        UserSettings.restore({"limit_override_w": float("nan")}, "active").limit_override_w is None
    )
