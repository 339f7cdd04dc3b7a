"""Giving back what we hold: when the site is disabled or deleted, or a load is removed.

A load reconfigured to other entities, or made never shed, is given back like a removed one.

Loads come back one at a time, `RELEASE_SPACING_S` apart, so a panel near its limit does not
see every load switch on in the same second.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import replace

from homeassistant.config_entries import ConfigSubentry

from .engine.controller_base import ControllerBase
from .engine.models import SiteConfig
from .engine.results import Action, Snapshot
from .engine_config import LoadBinding, build_load
from .executor import ActionExecutor, Command

RELEASE_SPACING_S = 2.0
# Why a load is given back on reconfiguration (the detail of its restored/shed event).
REMOVED = "load removed from the site"
REBOUND = "load moved to other entities"
NEVER_SHED = "load set to never shed"


def removed_actions(
    controller: ControllerBase,
    bindings: Mapping[str, LoadBinding],
    subentries: Mapping[str, ConfigSubentry],
    site: SiteConfig,
) -> list[Action]:
    """Give back what we hold of loads the new configuration takes out of our hands.

    A load whose subentry was deleted, or that can no longer be built (the reload leaves it
    out), is no longer configured. A load pointed at another entity or pause switch (a replaced
    smart plug) would be taken over by the reload with what we hold, so the device we switched
    off would stay off for good and the new one look like a user's override; a load made
    never shed is never commanded again. The engine undoes exactly what it did, on the entities
    it did it to (`bindings`: the running ones): a shed load back on, a turned-down one to the
    setpoint it had, a curtailed inverter to its own limit and an absorber we switched on off.
    """
    ended = _ended(bindings, subentries, site)
    if not ended:
        return []
    return [
        replace(action, detail=ended[action.load_id])
        for action in controller.release_actions(ended)
    ]


def _ended(
    bindings: Mapping[str, LoadBinding],
    subentries: Mapping[str, ConfigSubentry],
    site: SiteConfig,
) -> dict[str, str]:
    """The loads whose running binding the new subentries end, with why (the events' detail)."""
    ended: dict[str, str] = {}
    for load_id, old in bindings.items():
        subentry = subentries.get(load_id)
        try:
            new = build_load(subentry, site, None) if subentry is not None else None
        except (ValueError, KeyError, TypeError):
            new = None  # left out of the reload, as if deleted (logged there)
        if new is None:
            ended[load_id] = REMOVED
        elif (new.entity_id, new.pause_switch) != (old.entity_id, old.pause_switch):
            ended[load_id] = REBOUND
        elif new.config.never_shed:
            ended[load_id] = NEVER_SHED
    return ended


def commands(
    actions: list[Action], bindings: Mapping[str, LoadBinding], snapshot: Snapshot
) -> list[Command]:
    """Actions of known loads as commands, with the site figures they were decided at."""
    return [
        Command(bindings[a.load_id], a, snapshot.site_power_w, snapshot.effective_limit_w)
        for a in actions
        if a.load_id in bindings
    ]


async def run_in_turn(executor: ActionExecutor, queue: list[Command], spacing_s: float) -> None:
    """Carry out `queue` one command at a time, `spacing_s` apart."""
    for index, command in enumerate(queue):
        if index:
            await asyncio.sleep(spacing_s)
        await executor.run_one(command)
