"""A small client of a running Home Assistant: headless onboarding, REST and websocket calls.

Only what `scripts/develop` and the end-to-end tests need, over the same public APIs the
browser uses, so provisioning exercises what a user's clicks would.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp

# The documented local-only development login (README): never use it on a reachable machine.
DEV_NAME = "Developer"
DEV_USER = "dev"
DEV_PASSWORD = "capacity-dev"


class HomeAssistantError(RuntimeError):
    """Home Assistant answered something other than what provisioning expects."""


@dataclass(frozen=True, slots=True)
class Tokens:
    """An access token (and its refresh token) for API calls."""

    access_token: str
    refresh_token: str


async def _json(response: aiohttp.ClientResponse, what: str) -> Any:
    """The JSON body of a successful response, else a clear error with the body."""
    if response.status >= 400:
        raise HomeAssistantError(f"{what}: HTTP {response.status}: {await response.text()}")
    return await response.json()


async def onboard(session: aiohttp.ClientSession, base_url: str) -> Tokens:
    """Create the development user and finish onboarding; return its tokens.

    The `core_config` step is marked done before Home Assistant first starts (see
    `hass_process.prepare_config_dir`): posting it would set up integrations (met,
    radio_browser, …) that install packages. Location and units come from configuration.yaml.
    """
    client_id = f"{base_url}/"
    async with session.post(
        f"{base_url}/api/onboarding/users",
        json={
            "client_id": client_id,
            "name": DEV_NAME,
            "username": DEV_USER,
            "password": DEV_PASSWORD,
            "language": "en",
        },
    ) as response:
        auth_code = (await _json(response, "onboarding user"))["auth_code"]
    async with session.post(
        f"{base_url}/auth/token",
        data={"grant_type": "authorization_code", "code": auth_code, "client_id": client_id},
    ) as response:
        body = await _json(response, "token")
    tokens = Tokens(body["access_token"], body["refresh_token"])
    headers = auth_headers(tokens)
    async with session.post(
        f"{base_url}/api/onboarding/analytics", headers=headers, json={}
    ) as response:
        await _json(response, "onboarding analytics")
    async with session.post(
        f"{base_url}/api/onboarding/integration",
        headers=headers,
        json={"client_id": client_id, "redirect_uri": f"{base_url}/?auth_callback=1"},
    ) as response:
        await _json(response, "onboarding integration")
    return tokens


def auth_headers(tokens: Tokens) -> dict[str, str]:
    """Authorization header for REST calls."""
    return {"Authorization": f"Bearer {tokens.access_token}"}


class Rest:
    """Authenticated REST calls."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, tokens: Tokens) -> None:
        self.session = session
        self.base_url = base_url
        self.headers = auth_headers(tokens)

    async def get(self, path: str) -> Any:
        """GET a JSON resource."""
        async with self.session.get(f"{self.base_url}{path}", headers=self.headers) as response:
            return await _json(response, f"GET {path}")

    async def post(self, path: str, body: Any = None) -> Any:
        """POST JSON, return the JSON answer."""
        async with self.session.post(
            f"{self.base_url}{path}", headers=self.headers, json=body if body is not None else {}
        ) as response:
            return await _json(response, f"POST {path}")

    async def state(self, entity_id: str) -> dict[str, Any]:
        """The state object of one entity."""
        result: dict[str, Any] = await self.get(f"/api/states/{entity_id}")
        return result

    async def call_service(self, domain: str, service: str, **data: Any) -> None:
        """Call a service."""
        await self.post(f"/api/services/{domain}/{service}", data)


class Websocket:
    """One authenticated websocket connection: commands, and subscriptions to events."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[Any]] = {}
        self._events: dict[int, asyncio.Queue[dict[str, Any]]] = {}
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = message.json()
            for item in data if isinstance(data, list) else [data]:
                msg_id = item.get("id")
                if item.get("type") == "event" and msg_id in self._events:
                    self._events[msg_id].put_nowait(item["event"])
                elif (future := self._pending.pop(msg_id, None)) and not future.done():
                    if item.get("success", True):
                        future.set_result(item.get("result"))
                    else:
                        future.set_exception(HomeAssistantError(str(item.get("error"))))
        for future in self._pending.values():
            if not future.done():
                future.set_exception(HomeAssistantError("websocket closed"))

    async def call(self, command: str, **data: Any) -> Any:
        """Send a command and wait for its result."""
        msg_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = future
        await self._ws.send_json({"id": msg_id, "type": command, **data})
        return await asyncio.wait_for(future, 30)

    async def subscribe_events(
        self, event_type: str | None = None
    ) -> asyncio.Queue[dict[str, Any]]:
        """Events of one type (every event when None), in a queue, from now on."""
        msg_id = next(self._ids)
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._events[msg_id] = queue
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[msg_id] = future
        body: dict[str, Any] = {"id": msg_id, "type": "subscribe_events"}
        if event_type:
            body["event_type"] = event_type
        await self._ws.send_json(body)
        await asyncio.wait_for(future, 30)
        return queue

    async def close(self) -> None:
        """Close the connection and stop reading."""
        await self._ws.close()
        self._reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


@contextlib.asynccontextmanager
async def websocket(
    session: aiohttp.ClientSession, base_url: str, tokens: Tokens
) -> AsyncIterator[Websocket]:
    """An authenticated websocket for the duration of a `with` block."""
    ws = await session.ws_connect(f"{base_url.replace('http', 'ws', 1)}/api/websocket")
    try:
        hello = await ws.receive_json()
        if hello.get("type") != "auth_required":
            raise HomeAssistantError(f"websocket: unexpected greeting {hello}")
        await ws.send_json({"type": "auth", "access_token": tokens.access_token})
        answer = await ws.receive_json()
        if answer.get("type") != "auth_ok":
            raise HomeAssistantError(f"websocket: authentication failed: {answer}")
        client = Websocket(ws)
        try:
            yield client
        finally:
            await client.close()
    finally:
        await ws.close()


async def wait_running(rest: Rest, within: float = 120) -> None:
    """Wait until Home Assistant has finished starting (every integration set up)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        config = await rest.get("/api/config")
        if config.get("state") == "RUNNING":
            return
        if asyncio.get_running_loop().time() > deadline:
            raise HomeAssistantError(f"Home Assistant still {config.get('state')} after {within} s")
        await asyncio.sleep(0.5)
