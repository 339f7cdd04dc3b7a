"""Capacity Manager: keeps a home's electrical panel under its capacity.

One config entry is one site (its power source and limit); one config subentry is one load the
integration may turn down or off. The engine (`engine/`) decides; the coordinator feeds it and
carries out its decisions; entities, services and events expose what it does and why.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.storage import STORAGE_DIR
from homeassistant.helpers.typing import ConfigType
from homeassistant.util.hass_dict import HassKey

from .applied import Configuration, configuration
from .const import DOMAIN, LOGGER
from .coordinator import CapacityCoordinator
from .entity import MANUFACTURER
from .frontend import async_register_frontend
from .grid import openadr_source, sep2_source
from .grid.const import CONF_SOURCE_KIND, KIND_OPENADR, SUBENTRY_LIMIT_SOURCE
from .grid.manager import GridManager
from .memory import memory_store
from .renames import async_follow_renames
from .services import async_setup_services

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

# Coordinators of entries unloaded without release, kept until we know why: a reload sets the
# entry up again (and takes over what we hold), a deletion gives everything back.
_DETACHED: HassKey[dict[str, CapacityCoordinator]] = HassKey(f"{DOMAIN}_detached")

# The grid sources that remember state, in one store per subentry: kind, key prefix, store.
_SOURCE_STORES = (
    (KIND_OPENADR, openadr_source.store_prefix, openadr_source.source_store),
    (sep2_source.KIND_SEP2, sep2_source.store_prefix, sep2_source.source_store),
)


@dataclass(slots=True)
class CapacityManagerRuntimeData:
    """What a loaded entry holds."""

    coordinator: CapacityCoordinator
    grid: GridManager  # limits from entities, schedules and OpenADR (grid/)
    # The options and subentries the running site reflects: a change already applied live
    # (set_limit_schedule) updates this, so the update listener does not reload for it.
    applied: Configuration = field(default_factory=dict)


type CapacityManagerConfigEntry = ConfigEntry[CapacityManagerRuntimeData]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the services and the dashboard cards (once, for every entry)."""
    async_setup_services(hass)
    await async_register_frontend(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: CapacityManagerConfigEntry) -> bool:
    """Start the control loop of one site."""
    hass.data.setdefault(_DETACHED, {}).pop(entry.entry_id, None)
    configured = configuration(entry)
    try:
        coordinator = CapacityCoordinator(hass, entry)
    except (ValueError, KeyError, TypeError) as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="invalid_config",
            translation_placeholders={"error": str(err)},
        ) from err
    await coordinator.async_start()
    grid = GridManager(hass, entry, coordinator)
    entry.runtime_data = CapacityManagerRuntimeData(
        coordinator=coordinator, grid=grid, applied=configured
    )
    # A limit source deleted since the last start (deleting reloads a running site) leaves a
    # store. Not before runtime_data is set: an update listener may run while this waits.
    await _async_remove_source_stores(hass, entry, keep_current=True)
    await grid.async_start()
    entry.async_on_unload(entry.add_update_listener(_async_update_listener))
    entry.async_on_unload(async_follow_renames(hass, entry))  # renamed entities are followed
    # The site device first: every load's device names it as its via_device.
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.entry_id)},
        name=entry.title,
        manufacturer=MANUFACTURER,
        model="Site",
        entry_type=dr.DeviceEntryType.SERVICE,
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    if configuration(entry) != configured:
        # A load was added or changed while we were starting (no listener yet): pick it up.
        hass.config_entries.async_schedule_reload(entry.entry_id)
    return True


async def _async_update_listener(hass: HomeAssistant, entry: CapacityManagerConfigEntry) -> None:
    """Options or a load subentry changed: reload (what we hold is carried over).

    First, what we hold of loads the change takes from us (deleted, moved to other entities,
    made never shed) is given back on the entities we held it with (release.py).
    """
    # HA starts this from inside each write: let a batch of writes (set_limit_schedule) end.
    await asyncio.sleep(0)
    if entry.runtime_data.applied == configuration(entry):
        return  # already running with exactly this configuration
    await entry.runtime_data.coordinator.async_release_removed(entry)
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: CapacityManagerConfigEntry) -> bool:
    """Stop the loop; a disabled entry gives back what it holds, a reload keeps it."""
    if not await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        return False
    coordinator = entry.runtime_data.coordinator
    await entry.runtime_data.grid.async_stop()
    release = entry.disabled_by is not None
    await coordinator.async_stop(release=release)
    if not release:
        hass.data.setdefault(_DETACHED, {})[entry.entry_id] = coordinator
    return True


async def async_remove_entry(hass: HomeAssistant, entry: CapacityManagerConfigEntry) -> None:
    """The entry was deleted: give back what it held and forget all it stored."""
    coordinator = hass.data.setdefault(_DETACHED, {}).pop(entry.entry_id, None)
    if coordinator is not None:
        coordinator.async_release_all()
        await coordinator.async_remove_memory()  # its own store: also drops a pending save
    else:  # not running (setup failed or was being retried, or disabled): nobody holds it
        await memory_store(hass, entry.entry_id).async_remove()
    await _async_remove_source_stores(hass, entry, keep_current=False)


def _stored_keys(folder: str, prefixes: tuple[str, ...]) -> list[str]:
    """The storage keys in `folder` that begin with one of `prefixes` (blocking: executor)."""
    try:
        return [name for name in os.listdir(folder) if name.startswith(prefixes)]
    except OSError:  # no folder (nothing stored yet) or unreadable: nothing to tidy
        return []


async def _async_remove_source_stores(
    hass: HomeAssistant, entry: ConfigEntry, *, keep_current: bool
) -> None:
    """Remove the stores of the entry's grid sources: all, or those of deleted subentries."""
    prefixes = tuple(prefix(entry.entry_id) for _, prefix, _ in _SOURCE_STORES)
    found = await hass.async_add_executor_job(_stored_keys, hass.config.path(STORAGE_DIR), prefixes)
    sources = [s for s in entry.subentries.values() if s.subentry_type == SUBENTRY_LIMIT_SOURCE]
    for kind, prefix, store in _SOURCE_STORES:
        start = prefix(entry.entry_id)
        stored = {key.removeprefix(start) for key in found if key.startswith(start)}
        current = {s.subentry_id for s in sources if s.data.get(CONF_SOURCE_KIND) == kind}
        remove = stored - current if keep_current else stored | current
        for subentry_id in remove:
            LOGGER.debug(
                "%s: removing the stored state of limit source %s", entry.title, subentry_id
            )
            await store(hass, entry.entry_id, subentry_id).async_remove()
