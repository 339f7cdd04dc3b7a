"""Giving back what we hold: when the site is disabled or deleted, or a load is removed.

Loads come back one at a time, `RELEASE_SPACING_S` apart, so a panel near its limit does not
see every load switch on in the same second.
"""

from __future__ import annotations

import asyncio
from collections.abc import Container, Mapping
from dataclasses import replace

from .engine.controller_base import ControllerBase
from .engine.results import Action, Snapshot
from .engine_config import LoadBinding
from .executor import ActionExecutor, Command

RELEASE_SPACING_S = 2.0


def removed_actions(
    controller: ControllerBase, bindings: Mapping[str, LoadBinding], kept: Container[str]
) -> list[Action]:
    """Give back what we hold of loads that are no longer configured.

    The engine undoes exactly what it did: a shed load back on, a turned-down one to the
    setpoint it had, a curtailed inverter to its own limit and an absorber we switched on off.
    """
    removed = [load_id for load_id in bindings if load_id not in kept]
    if not removed:
        return []
    return [
        replace(action, detail="load removed from the site")
        for action in controller.release_actions(removed)
    ]


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
