"""Follow an entity renamed in HA: a load, site sensor or grid-limit entity keeps working.

A rename changes the entity id in the entity registry; the state under the old id goes away.
Left alone, the load would look unavailable and a repair issue would ask the user to fix what
HA already knows. So the entry's stored ids are rewritten; the update listener reloads the entry
(what we hold is carried over: loads are keyed by subentry, not by entity); for the site's
sensors it is reloaded here. A deleted entity still raises the repair issue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from .config_flow_limit import limit_source_unique_id
from .const import (
    CONF_ENTITY,
    CONF_LOAD_POWER_SENSOR,
    CONF_PAUSE_SWITCH,
    CONF_PHASE_SENSORS,
    CONF_POWER_SENSOR,
    LOGGER,
    SUBENTRY_LOAD,
)
from .flow_validation import source_unique_id
from .grid.const import CONF_LIMIT_ENTITY, CONF_SOURCE_KIND, KIND_ENTITY, SUBENTRY_LIMIT_SOURCE

LOAD_KEYS = (CONF_ENTITY, CONF_LOAD_POWER_SENSOR, CONF_PAUSE_SWITCH)
# An entity limit source holds one entity (import or export, by its direction); a site with both
# limits from entities has one such subentry per direction, each rewritten on its own.
LIMIT_ENTITY_KEYS = (CONF_LIMIT_ENTITY,)
SITE_KEYS = (CONF_POWER_SENSOR, CONF_PHASE_SENSORS)


def renamed(
    data: Mapping[str, Any], keys: Iterable[str], old: str, new: str
) -> dict[str, Any] | None:
    """`data` with `old` replaced by `new` under `keys` (in lists too); None if it is not used."""
    result = dict(data)
    for key in keys:
        value = result.get(key)
        if value == old:
            result[key] = new
        elif isinstance(value, list) and old in value:
            result[key] = [new if item == old else item for item in value]
    return result if result != data else None


@callback
def async_follow_renames(hass: HomeAssistant, entry: ConfigEntry) -> CALLBACK_TYPE:
    """Listen for renames for as long as the entry is loaded."""

    @callback
    def _is_rename(data: er.EventEntityRegistryUpdatedData) -> bool:
        return data["action"] == "update" and "old_entity_id" in data

    @callback
    def _on_rename(event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        data = event.data
        assert data["action"] == "update"  # the filter lets only renames through
        async_follow_rename(hass, entry, data["old_entity_id"], data["entity_id"])

    return hass.bus.async_listen(
        er.EVENT_ENTITY_REGISTRY_UPDATED, _on_rename, event_filter=_is_rename
    )


@callback
def async_follow_rename(hass: HomeAssistant, entry: ConfigEntry, old: str, new: str) -> None:
    """Rewrite `old` as `new` in the site's sensors, its loads and its entity limit sources."""
    entries = hass.config_entries
    for subentry in list(entry.subentries.values()):
        if subentry.subentry_type == SUBENTRY_LIMIT_SOURCE:
            _follow_in_limit_source(hass, entry, subentry, old, new)
            continue
        if subentry.subentry_type != SUBENTRY_LOAD:
            continue
        if (data := renamed(subentry.data, LOAD_KEYS, old, new)) is None:
            continue
        LOGGER.info("%s: %s was renamed %s; the load follows it", entry.title, old, new)
        unique_id = data[CONF_ENTITY] if subentry.unique_id == old else subentry.unique_id
        entries.async_update_subentry(entry, subentry, data=data, unique_id=unique_id)
    if (data := renamed(entry.data, SITE_KEYS, old, new)) is not None:
        LOGGER.info("%s: %s was renamed %s; the site follows it", entry.title, old, new)
        entries.async_update_entry(entry, data=data, unique_id=source_unique_id(data))
        # The update listener reloads for options and loads only (site data changes through
        # the reconfigure flow, which reloads itself): reload for the new sensor.
        entries.async_schedule_reload(entry.entry_id)


@callback
def _follow_in_limit_source(
    hass: HomeAssistant, entry: ConfigEntry, subentry: ConfigSubentry, old: str, new: str
) -> None:
    """An entity limit source reads its limit from `new` from now on (the listener reloads)."""
    if subentry.data.get(CONF_SOURCE_KIND) != KIND_ENTITY:
        return
    if (data := renamed(subentry.data, LIMIT_ENTITY_KEYS, old, new)) is None:
        return
    LOGGER.info("%s: %s was renamed %s; the grid limit source follows it", entry.title, old, new)
    unique_id = subentry.unique_id
    # The flow's unique id names the entity: keep it in step, unless another subentry already
    # holds the new one (it reads the same entity in the same direction; HA refuses duplicates).
    if unique_id == limit_source_unique_id(KIND_ENTITY, subentry.data):
        new_id = limit_source_unique_id(KIND_ENTITY, data)
        if not any(s.unique_id == new_id for s in entry.subentries.values()):
            unique_id = new_id
    hass.config_entries.async_update_subentry(entry, subentry, data=data, unique_id=unique_id)
