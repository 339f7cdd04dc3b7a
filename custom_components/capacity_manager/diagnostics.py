"""Diagnostics: configuration, the engine's view, its memory and the last decisions.

Entity ids stay (they are needed to understand a report); the entry and load titles and the
unique ids are redacted, as they may carry names of people or places, and so is every credential
(OpenADR client secrets, tokens, passwords) and the address of a grid server.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from . import CapacityManagerConfigEntry

TO_REDACT = {
    "title",
    "unique_id",
    "name",
    # Credentials and where they are used (grid/const.py and any future source with a login).
    "client_id",
    "client_secret",
    "vtn_url",
    "password",
    "username",
    "token",
    "access_token",
    "refresh_token",
    "api_key",
    # IEEE 2030.5: the site's key and certificate, and the server (the LFDI/SFDI stay).
    "private_key",
    "certificate",
    "sep2_url",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: CapacityManagerConfigEntry
) -> dict[str, Any]:
    """Everything needed to understand why the integration did what it did."""
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            "subentries": [
                {
                    "subentry_id": sub.subentry_id,
                    "title": sub.title,
                    "unique_id": sub.unique_id,
                    "data": dict(sub.data),
                }
                for sub in entry.subentries.values()
            ],
            "site": asdict(coordinator.site),
            "loads": {
                load_id: {
                    "config": asdict(binding.config),
                    "entity_id": binding.entity_id,
                    "pause_switch": binding.pause_switch,
                    "power_sensor": binding.power_sensor,
                }
                for load_id, binding in coordinator.bindings.items()
            },
            "snapshot": asdict(data.snapshot),
            "settings": coordinator.settings.export(),
            "grants": coordinator.book.export(),
            "charging_plans": coordinator.charging.export(),
            "curtailed_kwh": coordinator.curtailed_kwh,
            # Site power samples rejected since start, by reason (unavailable, implausible...).
            "rejected_samples": dict(getattr(coordinator.source, "rejected", {})),
            "engine_state": coordinator.controller.export_state(),
            "decisions": [decision.as_dict() for decision in coordinator.decisions],
        },
        TO_REDACT,
    )
