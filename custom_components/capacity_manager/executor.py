"""Carries out engine actions one after another, off the control step.

The step itself is synchronous and fast; commands are awaited here in order, so a slow device
delays only the commands queued behind it, never the next step. Each command gets a fresh
context whose id is remembered, so the coordinator can tell our state changes from a user's.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Context, HomeAssistant

from .actuators import DEFAULT_TIMEOUT_S, ActuatorError, execute
from .engine.models import Action
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


type ResultCallback = Callable[[Command, ActuatorError | None], None]


class ActionExecutor:
    """A queue of commands with one worker task."""

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
        self._queue: deque[Command] = deque()
        self._task: asyncio.Task[None] | None = None
        self._contexts: OrderedDict[str, None] = OrderedDict()

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

    def submit(self, command: Command) -> None:
        """Queue a command; the worker starts (after the current step) if it is not running."""
        self._queue.append(command)
        if self._task is None or self._task.done():
            # Not eager: the step that decided finishes (events, entities) before results
            # of its commands come back and may start the next step.
            self._task = self._entry.async_create_task(
                self._hass,
                self._run(),
                f"capacity_manager actions {self._entry.entry_id}",
                eager_start=False,
            )

    async def _run(self) -> None:
        while self._queue:
            await self.run_one(self._queue.popleft())

    async def run_one(self, command: Command) -> None:
        """Carry out one command now and report its result."""
        error: ActuatorError | None = None
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
        """Drop queued commands and stop the worker."""
        self._queue.clear()
        if self._task is not None and not self._task.done():
            self._task.cancel()
