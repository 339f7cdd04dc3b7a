"""Repair issues: a source or load entity that was deleted or stays unavailable for long.

The coordinator calls `check` now and then; an issue is raised once when the condition starts
and deleted as soon as it ends, so the Repairs panel always shows the current truth. A Modbus
meter that answers at set-up, but not as its profile expects, gets an issue after a few set-ups
in a row (`meter_answered_wrongly`); it goes once the entry loads or is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, LOGGER

# An entity unavailable (or missing) this long gets a repair issue.
UNAVAILABLE_REPAIR_S = 600.0
_UNUSABLE = ("unavailable", "unknown")
# Set-ups in a row whose meter answered, but not as its profile expects, before an issue.
METER_MISMATCH_SETUPS = 3
# Such set-ups per entry: the entry's meter source is built anew for every set-up attempt.
_METER_MISMATCHES: HassKey[dict[str, int]] = HassKey(f"{DOMAIN}_meter_mismatches")


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


def meter_mismatch_issue_id(entry_id: str) -> str:
    """Id of the issue of an entry whose meter answers, but not as its profile expects."""
    return f"{entry_id}_meter_mismatch"


@callback
def meter_answered_wrongly(
    hass: HomeAssistant, entry: ConfigEntry, *, meter: str, profile: str, error: str
) -> None:
    """A set-up failed on a meter that answered (not SunSpec, garbage, out of range).

    From the `METER_MISMATCH_SETUPS`th such set-up in a row on, the entry has an issue (the set-up
    is still retried). A set-up that did not reach the meter neither counts nor breaks the run:
    it says nothing about what the meter answers.
    """
    counts = _meter_mismatches(hass)
    count = counts[entry.entry_id] = counts.get(entry.entry_id, 0) + 1
    if count < METER_MISMATCH_SETUPS:
        return
    if count == METER_MISMATCH_SETUPS:
        LOGGER.warning(
            "%s: the Modbus meter %s answered %d set-ups in a row, but not as a %s meter: %s",
            entry.title,
            meter,
            count,
            profile,
            error,
        )
    ir.async_create_issue(
        hass,
        DOMAIN,
        meter_mismatch_issue_id(entry.entry_id),
        is_fixable=False,
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="meter_mismatch",
        translation_placeholders={
            "entry_title": entry.title,
            "meter": meter,
            "profile": profile,
            "error": error,
        },
    )


@callback
def meter_set_up(hass: HomeAssistant, entry_id: str) -> None:
    """The meter was read (or the entry is loaded or gone): forget its failed set-ups."""
    counts = hass.data.get(_METER_MISMATCHES)
    if counts is not None:
        counts.pop(entry_id, None)
    ir.async_delete_issue(hass, DOMAIN, meter_mismatch_issue_id(entry_id))


def _meter_mismatches(hass: HomeAssistant) -> dict[str, int]:
    """The counts; the first use also clears them for entries that load or are deleted."""
    counts = hass.data.get(_METER_MISMATCHES)
    if counts is not None:
        return counts
    counts = hass.data[_METER_MISMATCHES] = {}

    @callback
    def _entry_changed(change: ConfigEntryChange, entry: ConfigEntry) -> None:
        # Deleted, or loaded (its meter read, or reconfigured onto sensors): no issue any more.
        if entry.entry_id in counts and (
            change is ConfigEntryChange.REMOVED or entry.state is ConfigEntryState.LOADED
        ):
            meter_set_up(hass, entry.entry_id)

    async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, _entry_changed)
    return counts
