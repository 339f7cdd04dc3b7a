"""Talking to the real Home Assistant in the end-to-end tests: a session, waits, a reset."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from dev.ha_client import Rest, Websocket, websocket
from dev.hass_process import REPO
from dev.provision import Provisioned

SCREENSHOTS = REPO / "out" / "screenshots"  # git-ignored
SHED_EVENT = "capacity_manager_load_shed"
RESTORED_EVENT = "capacity_manager_load_restored"
MODULATED_EVENT = "capacity_manager_load_modulated"


@dataclass(frozen=True, slots=True)
class RunningHass:
    """The running Home Assistant and what provisioning created."""

    provisioned: Provisioned
    config_dir: Path

    def log_tail(self, lines: int = 60) -> str:
        """The end of Home Assistant's log, for failure messages."""
        try:
            text = (self.config_dir / "home-assistant.log").read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


@dataclass(slots=True)
class Session:
    """REST and websocket access to the running Home Assistant."""

    rest: Rest
    ws: Websocket
    provisioned: Provisioned

    async def state(self, entity_id: str) -> str:
        """An entity's state."""
        return str((await self.rest.state(entity_id))["state"])

    async def number(self, entity_id: str) -> float:
        """An entity's state as a number."""
        return float(await self.state(entity_id))

    async def house(self, key: str) -> str:
        """The state of a virtual house entity by its key (e.g. "pool_pump")."""
        return await self.state(self.provisioned.house[key])

    async def switch(self, key: str, on: bool) -> None:
        """Switch a virtual house switch, as a user would."""
        await self.rest.call_service(
            "switch", "turn_on" if on else "turn_off", entity_id=self.provisioned.house[key]
        )

    async def fast_forward(self, hhmm: str) -> None:
        """Move the virtual house clock forward to a time of day."""
        await self.rest.call_service("virtual_house", "set_clock", fast_forward_to=hhmm)


@contextlib.asynccontextmanager
async def session(provisioned: Provisioned) -> AsyncIterator[Session]:
    """A session for one test."""
    async with aiohttp.ClientSession() as http:
        rest = Rest(http, provisioned.base_url, provisioned.tokens)
        async with websocket(http, provisioned.base_url, provisioned.tokens) as ws:
            yield Session(rest, ws, provisioned)


async def wait_for(what: str, check: Callable[[], Awaitable[bool]], within: float = 20.0) -> None:
    """Poll `check` until it holds; fail with `what` after `within` seconds."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {within:.0f} s waiting for {what}")
        await asyncio.sleep(0.25)


async def events_until(
    queue: asyncio.Queue[dict[str, Any]],
    done: Callable[[list[dict[str, Any]]], bool],
    within: float = 20.0,
) -> list[dict[str, Any]]:
    """Collect events from a subscription until `done(events)` holds."""
    events: list[dict[str, Any]] = []
    deadline = asyncio.get_running_loop().time() + within
    while not done(events):
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            raise AssertionError(f"timed out after {within:.0f} s; events so far: {events}")
        try:
            events.append(await asyncio.wait_for(queue.get(), left))
        except TimeoutError:
            continue
    return events


async def reset(s: Session) -> None:
    """Back to the evening before the car comes: oven off, active mode, every relay on.

    Fast-forwarding wraps to the next day when the clock is past 17:20; the appliances carry
    on as if that time had passed, so the state is the same whatever an earlier test did.
    """
    await s.switch("oven", on=False)
    await s.rest.call_service(
        "select", "select_option", entity_id=s.provisioned.site["mode"], option="active"
    )
    await s.fast_forward("17:20")
    await s.rest.call_service("button", "press", entity_id=s.provisioned.site["restore_all"])

    async def relays_on() -> bool:
        return all([await s.house(key) == "on" for key in ("dryer", "pool_pump", "water_heater")])

    await wait_for("every relay of the virtual house back on", relays_on, within=30)
