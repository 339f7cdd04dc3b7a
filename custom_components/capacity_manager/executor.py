"""Carries out engine actions one after another, off the control step.

The step itself is synchronous and fast; commands are awaited here, in order per load and side
by side across loads, so a slow or stuck device (up to its timeout) delays only its own next
commands: never the next step, never another load's shed. Each command gets a fresh context
whose id is remembered, so the coordinator can tell our state changes from a user's; what the
commands asked of each load is remembered too, for a device that confirms late (a state written
seconds after our call carries a context of its own).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Context, HomeAssistant

from .actuators import DEFAULT_TIMEOUT_S, ActuatorError, Asked, asked, execute
from .engine.results import Action
from .engine_config import LoadBinding

# How many of our own command contexts to remember (a state change arrives well within this).
_CONTEXTS_KEPT = 256


@dataclass(frozen=True, slots=True)
class Command:
    """An action for one load, with the site power and limit it was decided at."""

    binding: LoadBinding
    action: Action
    site_w: float | None
    limit_w: float
    export_limit_w: float | None = None  # the export limit in force, if any


type ResultCallback = Callable[[Command, ActuatorError | None], None]


class ActionExecutor:
    """A queue of commands per load, each with its own worker task."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        on_result: ResultCallback,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._on_result = on_result
        self._timeout_s = timeout_s
        self._queues: dict[str, deque[Command]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._contexts: OrderedDict[str, None] = OrderedDict()
        self._asked: dict[str, Asked] = {}

    def new_context(self) -> Context:
        """A context for one of our commands, remembered as ours."""
        context = Context()
        self._contexts[context.id] = None
        while len(self._contexts) > _CONTEXTS_KEPT:
            self._contexts.popitem(last=False)
        return context

    def is_ours(self, context: Context | None) -> bool:
        """True when a state change was caused by one of our commands."""
        if context is None:
            return False
        return context.id in self._contexts or (
            context.parent_id is not None and context.parent_id in self._contexts
        )

    def asked(self, load_id: str) -> Asked | None:
        """What our commands to a load last asked of it (None: nothing yet)."""
        return self._asked.get(load_id)

    def submit(self, command: Command) -> None:
        """Queue a command; its load's worker starts (after the current step) if not running."""
        load_id = command.action.load_id
        self._queues.setdefault(load_id, deque()).append(command)
        task = self._tasks.get(load_id)
        if task is None or task.done():
            # Not eager: the step that decided finishes (events, entities) before results
            # of its commands come back and may start the next step.
            self._tasks[load_id] = self._entry.async_create_task(
                self._hass,
                self._run(load_id),
                f"capacity_manager actions {self._entry.entry_id} {load_id}",
                eager_start=False,
            )

    async def _run(self, load_id: str) -> None:
        queue = self._queues[load_id]
        while queue:
            await self.run_one(queue.popleft())

    async def run_one(self, command: Command) -> None:
        """Carry out one command now and report its result."""
        error: ActuatorError | None = None
        load_id = command.action.load_id
        # Asked even if the call then fails: a device that timed out may still obey later.
        self._asked[load_id] = asked(command.binding, command.action, self._asked.get(load_id))
        try:
            await execute(
                self._hass,
                command.binding,
                command.action,
                self.new_context(),
                timeout_s=self._timeout_s,
            )
        except ActuatorError as err:
            error = err
        self._on_result(command, error)

    def cancel(self) -> None:
        """Drop queued commands and stop the workers."""
        for queue in self._queues.values():
            queue.clear()
        for task in self._tasks.values():
            if not task.done():
                task.cancel()
        self._tasks.clear()
