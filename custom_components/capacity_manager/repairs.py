"""Repair issues: a source or load entity that was deleted or stays unavailable for long.

The coordinator calls `check` now and then; an issue is raised once when the condition starts
and deleted as soon as it ends, so the Repairs panel always shows the current truth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, LOGGER

# An entity unavailable (or missing) this long gets a repair issue.
UNAVAILABLE_REPAIR_S = 600.0
_UNUSABLE = ("unavailable", "unknown")


@dataclass(frozen=True, slots=True)
class Watched:
    """An entity whose absence is worth a repair issue."""

    entity_id: str
    translation_key: str  # "source_unavailable" or "load_unavailable"
    name: str  # the load's name, or the entry title for a source


class RepairTracker:
    """Raises and clears the repair issues of one config entry."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, watched: Iterable[Watched]):
        self._hass = hass
        self._entry = entry
        self._watched = list(watched)
        self._missing_since: dict[str, float] = {}
        self._raised: set[str] = set()

    def issue_id(self, watched: Watched) -> str:
        """Stable id of the issue for one entity of this entry."""
        return f"{self._entry.entry_id}_{watched.translation_key}_{watched.entity_id}"

    def _down_since(self, entity_id: str, now: float) -> float | None:
        state = self._hass.states.get(entity_id)
        if state is None:
            return self._missing_since.setdefault(entity_id, now)
        self._missing_since.pop(entity_id, None)
        if state.state in _UNUSABLE:
            return state.last_changed_timestamp
        return None

    def check(self, now: float) -> None:
        """Raise issues for entities down too long; clear those that came back."""
        for watched in self._watched:
            issue_id = self.issue_id(watched)
            since = self._down_since(watched.entity_id, now)
            down = since is not None and now - since >= UNAVAILABLE_REPAIR_S
            if down and issue_id not in self._raised:
                self._raised.add(issue_id)
                LOGGER.warning(
                    "%s: %s has been unavailable for more than %d minutes",
                    self._entry.title,
                    watched.entity_id,
                    UNAVAILABLE_REPAIR_S // 60,
                )
                ir.async_create_issue(
                    self._hass,
                    DOMAIN,
                    issue_id,
                    is_fixable=False,
                    is_persistent=False,
                    severity=ir.IssueSeverity.ERROR
                    if watched.translation_key == "source_unavailable"
                    else ir.IssueSeverity.WARNING,
                    translation_key=watched.translation_key,
                    translation_placeholders={
                        "entity_id": watched.entity_id,
                        "name": watched.name,
                        "entry_title": self._entry.title,
                    },
                )
            elif not down and issue_id in self._raised:
                self._raised.discard(issue_id)
                LOGGER.info("%s: %s is back", self._entry.title, watched.entity_id)
                ir.async_delete_issue(self._hass, DOMAIN, issue_id)

    def set_failsafe(self, *, active: bool, sources: list[str]) -> None:
        """Raise or clear the issue that says site power is stale (the failsafe is on)."""
        issue_id = f"{self._entry.entry_id}_failsafe"
        if active and issue_id not in self._raised:
            self._raised.add(issue_id)
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="failsafe",
                translation_placeholders={
                    "entry_title": self._entry.title,
                    "entity_id": ", ".join(sources),
                },
            )
        elif not active and issue_id in self._raised:
            self._raised.discard(issue_id)
            ir.async_delete_issue(self._hass, DOMAIN, issue_id)

    def clear(self) -> None:
        """Delete every issue of this entry (unload: they are raised again if still true)."""
        for issue_id in self._raised:
            ir.async_delete_issue(self._hass, DOMAIN, issue_id)
        self._raised.clear()
