"""The `set_limit_schedule` action: replace a site's weekly schedule of grid limits.

The schedule is the site's `limit_source` subentries of kind "schedule" (one rule each), the same
ones the "Add limit source → Weekly schedule" flow creates, so the UI shows what the action set
and it survives a restart. The running site takes the new rules at once (its limit is recomputed
and `capacity_manager_limit_changed` names the schedule); saving the subentries then reloads the
entry as any subentry change does. Each rule is checked here, not in the schema, so a mistake
comes back as a translated message naming the rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import time
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol
from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from .applied import configuration_after
from .const import CONF_NAME
from .grid.const import (
    CONF_DAYS,
    CONF_END,
    CONF_EXPORT_KW,
    CONF_IMPORT_KW,
    CONF_SOURCE_KIND,
    CONF_START,
    KIND_SCHEDULE,
    SUBENTRY_LIMIT_SOURCE,
    WEEKDAYS,
)
from .grid.sources import ScheduleSource
from .grid.weekly import WeeklyRule, first_overlap

if TYPE_CHECKING:
    from .coordinator import CapacityCoordinator

ATTR_RULES: Final = "rules"
MAX_KW: Final = 100_000.0  # as the limit-source form allows
_FIELDS: Final = frozenset(
    {CONF_NAME, CONF_DAYS, CONF_START, CONF_END, CONF_IMPORT_KW, CONF_EXPORT_KW}
)

SET_LIMIT_SCHEDULE_SCHEMA: Final = vol.Schema(
    {
        vol.Required("config_entry_id"): cv.string,
        vol.Optional(ATTR_RULES, default=list): vol.All(cv.ensure_list, [dict]),
    }
)

type ErrorFactory = Callable[..., ServiceValidationError]


def _days(raw: object) -> list[str] | None:
    days = [raw] if isinstance(raw, str) else raw
    if not isinstance(days, list) or not days or any(d not in WEEKDAYS for d in days):
        return None
    return [d for d in WEEKDAYS if d in days]  # week order, each once


def _kw(raw: object) -> float | None:
    """A limit in kW; None when absent; raises ValueError when unusable."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise TypeError(raw)
    value = float(raw)  # type: ignore[arg-type]  # ValueError/TypeError on anything else
    if not (math.isfinite(value) and 0 <= value <= MAX_KW):
        raise ValueError(raw)
    return value


def parse_rule(number: int, raw: Mapping[str, Any], error: ErrorFactory) -> dict[str, Any]:
    """One rule as subentry data (title under CONF_NAME); `error` makes the translated refusal."""
    rule = str(number)
    if unknown := sorted(set(raw) - _FIELDS):
        raise error("schedule_unknown_field", rule=rule, field=", ".join(map(str, unknown)))
    days = _days(raw.get(CONF_DAYS))
    if days is None:
        raise error("schedule_invalid_days", rule=rule, days=", ".join(WEEKDAYS))
    clock: dict[str, time] = {}
    for key in (CONF_START, CONF_END):
        try:
            clock[key] = cv.time(raw.get(key)).replace(microsecond=0)
        except vol.Invalid as err:
            raise error("schedule_invalid_time", rule=rule, field=key) from err
    limits: dict[str, float | None] = {}
    for key in (CONF_IMPORT_KW, CONF_EXPORT_KW):
        try:
            limits[key] = _kw(raw.get(key))
        except (TypeError, ValueError) as err:
            raise error(
                "schedule_invalid_limit", rule=rule, field=key, max=f"{MAX_KW:.0f}"
            ) from err
    if all(v is None for v in limits.values()):
        raise error("schedule_limit_required", rule=rule)
    start, end = clock[CONF_START].isoformat(), clock[CONF_END].isoformat()
    name = str(raw.get(CONF_NAME) or "").strip() or f"{', '.join(days)} {start[:5]}–{end[:5]}"
    return {
        CONF_NAME: name,
        CONF_SOURCE_KIND: KIND_SCHEDULE,
        CONF_DAYS: days,
        CONF_START: start,
        CONF_END: end,
        **{k: v for k, v in limits.items() if v is not None},
    }


def _schedules(entry: ConfigEntry) -> list[ConfigSubentry]:
    return [
        s
        for s in entry.subentries.values()
        if s.subentry_type == SUBENTRY_LIMIT_SOURCE
        and s.data.get(CONF_SOURCE_KIND) == KIND_SCHEDULE
    ]


def _plan(entry: ConfigEntry, rules: list[dict[str, Any]]) -> list[ConfigSubentry]:
    """The schedule subentries after the change: the current ones reused in order, then new."""
    old = _schedules(entry)
    planned = []
    for i, rule in enumerate(rules):
        data = MappingProxyType({k: v for k, v in rule.items() if k != CONF_NAME})
        fields: dict[str, Any] = {"data": data, "title": rule[CONF_NAME], "unique_id": None}
        if i < len(old):  # keep its id: the UI's entry for it stays the same one
            fields["subentry_id"] = old[i].subentry_id
        planned.append(ConfigSubentry(subentry_type=SUBENTRY_LIMIT_SOURCE, **fields))
    return planned


async def _apply(coordinator: CapacityCoordinator, planned: list[ConfigSubentry]) -> None:
    """Swap the running site's schedule sources for the new rules and recompute its limit."""
    grid = coordinator.entry.runtime_data.grid
    kept = []
    for source in grid.sources:
        if isinstance(source, ScheduleSource):
            await source.async_stop()
        else:
            kept.append(source)
    fresh = [ScheduleSource(s.subentry_id, s.title, WeeklyRule.from_data(s.data)) for s in planned]
    for source in fresh:
        await source.async_start(grid.evaluate)
    grid.sources = kept + fresh
    grid.evaluate()


def _save(coordinator: CapacityCoordinator, planned: list[ConfigSubentry]) -> None:
    """Write the planned subentries (the running site has them already: no reload)."""
    entries, entry = coordinator.hass.config_entries, coordinator.entry
    old = _schedules(entry)
    for i, subentry in enumerate(planned):
        if i < len(old):
            entries.async_update_subentry(
                entry, old[i], data=dict(subentry.data), title=subentry.title
            )
        else:
            entries.async_add_subentry(entry, subentry)
    for subentry in old[len(planned) :]:
        entries.async_remove_subentry(entry, subentry.subentry_id)


async def async_set_limit_schedule(
    call: ServiceCall,
    coordinator: CapacityCoordinator,
    error: ErrorFactory,
) -> None:
    """Check every rule, refuse overlaps, apply at once, then save."""
    raw_rules: list[dict[str, Any]] = call.data[ATTR_RULES]
    rules = [parse_rule(n, raw, error) for n, raw in enumerate(raw_rules, start=1)]
    parsed = [WeeklyRule.from_data(rule) for rule in rules]
    if (pair := first_overlap(parsed)) is not None:
        raise error("schedule_overlap", first=str(pair[0] + 1), second=str(pair[1] + 1))
    planned = _plan(coordinator.entry, rules)
    entry = coordinator.entry
    # Without any limit source the site has no grid sensors yet: they come with one reload.
    sensors_missing = not entry.runtime_data.grid.sources and planned
    await _apply(coordinator, planned)
    # Running with these rules already: the update listener need not reload for each write.
    old = [sub.subentry_id for sub in _schedules(entry)]
    entry.runtime_data.applied = configuration_after(entry, old, planned)
    _save(coordinator, planned)
    if sensors_missing:
        coordinator.hass.config_entries.async_schedule_reload(entry.entry_id)
