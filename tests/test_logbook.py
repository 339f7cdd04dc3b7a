"""Logbook lines: every event says what was done and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import Event, HomeAssistant

from custom_components.capacity_manager import logbook
from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.engine.models import LimitSource, Reason
from custom_components.capacity_manager.events import (
    ALL_EVENTS,
    EVENT_ACTION_FAILED,
    EVENT_FAILSAFE,
    EVENT_LIMIT_CHANGED,
    EVENT_LOAD_MODULATED,
    EVENT_LOAD_SHED,
    EVENT_MANUAL_OVERRIDE,
    EVENT_OVERLOAD,
)

INTEGRATION = Path(logbook.__file__).parent

SITE = {"site_power_w": 6000.0, "limit_w": 5750.0}


def _line(event_type: str, **data: Any) -> dict[str, Any]:
    return logbook.describe(Event(event_type, {**SITE, **data}))


def test_load_lines_name_the_load_and_the_reason() -> None:
    line = _line(EVENT_LOAD_SHED, name="Pool pump", entity_id="switch.pool", reason="over_limit")
    assert line == {
        "name": "Capacity Manager",
        "message": "shed Pool pump: site power above the limit (site 6000 W, limit 5750 W)",
        "entity_id": "switch.pool",
    }
    line = _line(
        EVENT_LOAD_MODULATED,
        name="Car",
        entity_id="number.car",
        reason="over_limit",
        old_value=16,
        new_value=8,
    )
    assert line["message"].startswith("turned down or up Car from 16 to 8: site power")


def test_site_lines() -> None:
    assert "overload started" in _line(EVENT_OVERLOAD, action="start")["message"]
    assert "overload ended" in _line(EVENT_OVERLOAD, action="end")["message"]
    assert "failsafe: site power is unknown" in _line(EVENT_FAILSAFE, action="enter")["message"]
    assert "failsafe ended" in _line(EVENT_FAILSAFE, action="exit")["message"]
    line = _line(EVENT_LIMIT_CHANGED, old_value=5750, new_value=4000, reason="override")
    assert line == {
        "name": "Capacity Manager",
        "message": "limit changed from 5750 W to 4000 W (the limit override)",
    }


def test_failure_and_override_lines() -> None:
    line = _line(EVENT_ACTION_FAILED, name="Dryer", action="shed", reason="timeout")
    assert line["message"].startswith("could not shed Dryer: the device did not answer in time")
    line = _line(EVENT_MANUAL_OVERRIDE, name="Dryer", entity_id="switch.dryer")
    assert "changed by a user" in line["message"]
    unknown = logbook.describe(Event(EVENT_ACTION_FAILED, {"action": "shed", "reason": "odd"}))
    assert unknown["message"] == "could not shed Site: odd"


async def test_every_event_is_described(hass: HomeAssistant) -> None:
    described: dict[str, Any] = {}
    logbook.async_describe_events(
        hass, lambda domain, event, fn: described.setdefault(event, (domain, fn))
    )
    assert set(described) == set(ALL_EVENTS)
    assert {domain for domain, _ in described.values()} == {DOMAIN}


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_of_the_engine_reads_as_words(reason: Reason) -> None:
    # A new reason without a text would show as its raw value in the logbook.
    text = logbook.REASONS.get(reason.value)
    assert text
    assert "_" not in text
    message = _line(EVENT_LOAD_SHED, name="Dryer", reason=reason.value)["message"]
    assert message.startswith(f"shed Dryer: {text} (site 6000 W")


@pytest.mark.parametrize("source", list(LimitSource))
def test_every_limit_source_reads_as_words(source: LimitSource) -> None:
    message = _line(EVENT_LIMIT_CHANGED, old_value=1, new_value=2, reason=source.value)["message"]
    assert message.endswith(f"({logbook.LIMIT_SOURCES[source.value]})")


@pytest.mark.parametrize(
    "file",
    [
        "strings.json",
        "translations/en.json",
        "translations/de.json",
        "translations/fr.json",
        "translations/nl.json",
    ],
)
def test_the_load_status_reason_attribute_is_translated_for_every_reason(file: str) -> None:
    # The more-info dialog shows the status sensor's `reason` attribute through these texts.
    strings = json.loads((INTEGRATION / file).read_text(encoding="utf-8"))
    states = strings["entity"]["sensor"]["load_status"]["state_attributes"]["reason"]["state"]
    assert set(states) == {r.value for r in Reason}
    assert all(text.strip() and "_" not in text for text in states.values())
