"""Memory of one site across restarts: what we hold, settings, grants and charging plans.

Apart from the controls because it is about persistence (what is stored, when it is written,
how a restart rebuilds the engine from it), not about what a setting does. `CapacityControls`
inherits it and provides the state it saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from .charging_plan import ChargingPlans
from .const import DOMAIN
from .engine.capacity_requests import CapacityBook
from .engine.controller import Controller
from .engine.models import LoadKind, Mode, SiteConfig
from .engine_config import LoadBinding
from .settings import UserSettings

STORAGE_VERSION = 1
SAVE_DELAY_S = 5.0


def memory_store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """The store of one site's memory (the entry's deletion removes it, running or not)."""
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}")


class CapacityMemory:
    """Saves and restores the run-time state of one site in a `Store`."""

    # Provided by `CapacityControls`.
    site: SiteConfig
    mode_option: str
    settings: UserSettings
    book: CapacityBook
    controller: Controller
    bindings: dict[str, LoadBinding]
    charging: ChargingPlans

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self._store = memory_store(hass, entry.entry_id)

    def _build_bindings(self) -> None:
        """Bindings from the subentries and the restored priorities."""
        raise NotImplementedError

    def apply_limit(self, now: float) -> None:
        """Give the engine the restored limit."""
        raise NotImplementedError

    async def async_load_memory(self, now: float) -> None:
        """Restore settings, grants, charging plans and what we hold from storage."""
        stored = await self._store.async_load()
        data: Mapping[str, Any] = stored if isinstance(stored, dict) else {}
        self.settings = UserSettings.restore(data.get("settings"), self.mode_option)
        grants = data.get("grants")
        self.book = CapacityBook.from_export(grants if isinstance(grants, list) else [], now)
        self._build_bindings()
        self.controller = Controller(self.site, [b.config for b in self.bindings.values()])
        engine = data.get("engine")
        if isinstance(engine, dict):
            self.controller.import_state(engine, now)
        chargers = [i for i, b in self.bindings.items() if b.config.kind is LoadKind.EV]
        self.charging.restore(data.get("plans"), chargers)
        if self.settings.mode is not Mode.ACTIVE:
            self.controller.set_mode(self.settings.mode)
        self.apply_limit(now)

    def _memory(self) -> dict[str, Any]:
        return {
            "engine": self.controller.export_state(),
            "settings": self.settings.export(),
            "grants": self.book.export(),
            "plans": self.charging.export(),
        }

    def schedule_save(self) -> None:
        """Save soon (several changes in a burst are written once)."""
        self._store.async_delay_save(self._memory, SAVE_DELAY_S)

    async def async_save_memory(self) -> None:
        """Save now."""
        await self._store.async_save(self._memory())

    async def async_remove_memory(self) -> None:
        """Forget everything (the entry was deleted)."""
        await self._store.async_remove()
