"""Logbook: each event becomes a line that says what was done and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import Event, HomeAssistant, callback

from .const import DOMAIN
from .events import (
    EVENT_ACTION_FAILED,
    EVENT_FAILSAFE,
    EVENT_LIMIT_CHANGED,
    EVENT_LOAD_MODULATED,
    EVENT_LOAD_RESTORED,
    EVENT_LOAD_SHED,
    EVENT_MANUAL_OVERRIDE,
    EVENT_OVERLOAD,
)

# Keys of a logbook entry (the logbook integration's own names).
LOGBOOK_ENTRY_NAME = "name"
LOGBOOK_ENTRY_MESSAGE = "message"
LOGBOOK_ENTRY_ENTITY_ID = "entity_id"

REASONS = {
    "over_limit": "site power above the limit",
    "continuous_limit": "above 80 % of the rating for longer than allowed",
    "phase_limit": "a phase current above its limit",
    "window_limit": "the average over the tariff window would exceed its limit",
    "headroom": "there is enough headroom again",
    "max_off_time": "it was off for its longest allowed time",
    "export_limit": "to use power that would be exported above the export limit",
    "export_absorb": "to use power that would be exported above the export limit",
    "export_curtail": "export above the export limit: generation curtailed",
    "export_release": "export is under the export limit again (or the site imports)",
    "priority": "to make room for a more important load",
    "reserve": "held to the headroom, so that a start cannot overload the site",
    "failsafe": "site power is unknown (failsafe)",
    "manual": "asked by a service call or button",
    "mode_change": "the mode was changed",
    "unavailable": "the device is unavailable",
    "service_not_found": "the device's service does not exist",
    "service_error": "the device reported an error",
    "timeout": "the device did not answer in time",
    "no_effect": "the device did not follow the command",
}
# Which limit a limit change came from (the engine's LimitSource values).
LIMIT_SOURCES = {
    "panel": "the panel rating",
    "continuous": "the continuous 80 % limit",
    "grid": "the grid limit",
    "override": "the limit override",
    "window": "the tariff window limit",
}
_VERBS = {
    EVENT_LOAD_SHED: "shed",
    EVENT_LOAD_RESTORED: "restored",
    EVENT_LOAD_MODULATED: "turned down or up",
}


def _why(data: dict[str, Any]) -> str:
    reason = str(data.get("reason"))
    text = REASONS.get(reason, reason)
    site, limit = data.get("site_power_w"), data.get("limit_w")
    if site is None:
        return text
    if reason.startswith("export_") and data.get("export_limit_w") is not None:
        return f"{text} (site {site:.0f} W, export limit {data['export_limit_w']:.0f} W)"
    return f"{text} (site {site:.0f} W, limit {limit:.0f} W)"


def _values(data: dict[str, Any]) -> str:
    old, new = data.get("old_value"), data.get("new_value")
    return f" from {old} to {new}" if isinstance(new, int | float) and old is not None else ""


def describe(event: Event[Any]) -> dict[str, Any]:
    """The logbook line of one of our events."""
    data: dict[str, Any] = dict(event.data)
    name = data.get("name") or "Site"
    kind = str(event.event_type)
    if kind in _VERBS:
        message = f"{_VERBS[kind]} {name}{_values(data)}: {_why(data)}"
    elif kind == EVENT_ACTION_FAILED:
        message = f"could not {data.get('action')} {name}: {_why(data)}"
    elif kind == EVENT_MANUAL_OVERRIDE:
        message = f"{name} was changed by a user: left alone for the override time"
    elif kind == EVENT_OVERLOAD:
        started = data.get("action") == "start"
        message = f"overload {'started' if started else 'ended'}: {_why({**data, 'reason': 'over_limit' if started else 'headroom'})}"
    elif kind == EVENT_FAILSAFE:
        entered = data.get("action") == "enter"
        message = (
            "failsafe: site power is unknown, loads follow their failsafe policy"
            if entered
            else "failsafe ended: site power is known again"
        )
    else:  # limit changed
        source = str(data.get("reason"))
        message = (
            f"limit changed from {data.get('old_value')} W to {data.get('new_value')} W "
            f"({LIMIT_SOURCES.get(source, source)})"
        )
    entry: dict[str, Any] = {LOGBOOK_ENTRY_NAME: "Capacity Manager", LOGBOOK_ENTRY_MESSAGE: message}
    if data.get("entity_id"):
        entry[LOGBOOK_ENTRY_ENTITY_ID] = data["entity_id"]
    return entry


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event[Any]], dict[str, Any]]], None],
) -> None:
    """Describe every event of the integration."""
    for event_type in (
        EVENT_LOAD_SHED,
        EVENT_LOAD_RESTORED,
        EVENT_LOAD_MODULATED,
        EVENT_OVERLOAD,
        EVENT_FAILSAFE,
        EVENT_LIMIT_CHANGED,
        EVENT_MANUAL_OVERRIDE,
        EVENT_ACTION_FAILED,
    ):
        async_describe_event(DOMAIN, event_type, describe)
