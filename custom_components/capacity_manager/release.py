"""Giving back what we hold: when the site is disabled or deleted, or a load is removed.

Loads come back one at a time, `RELEASE_SPACING_S` apart, so a panel near its limit does not
see every load switch on in the same second.
"""

from __future__ import annotations

import asyncio
from collections.abc import Container, Mapping

from .engine.models import Action, ActionKind, LoadStatus, Reason, Snapshot
from .engine_config import LoadBinding
from .executor import ActionExecutor, Command

RELEASE_SPACING_S = 2.0
_HELD = (LoadStatus.SHED, LoadStatus.MODULATED)


def removed_actions(
    snapshot: Snapshot, bindings: Mapping[str, LoadBinding], kept: Container[str]
) -> list[Action]:
    """Restore actions for loads we hold that are no longer configured."""
    actions = []
    for load in snapshot.loads:
        binding = bindings.get(load.load_id)
        if binding is None or load.load_id in kept or load.status not in _HELD:
            continue
        config = binding.config
        actions.append(
            Action(
                load_id=load.load_id,
                kind=ActionKind.RESTORE,
                reason=Reason.MANUAL,
                setpoint=config.max_setpoint if config.is_modulated else None,
                old_setpoint=load.setpoint,
                detail="load removed from the site",
            )
        )
    return actions


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
