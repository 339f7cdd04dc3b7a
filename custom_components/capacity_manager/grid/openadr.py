"""A small async OpenADR 3 VEN client on aiohttp: OAuth2 token, programs, events, reports.

The token comes from the VTN's authorization server (OAuth2 client credentials, sent with HTTP
Basic as RFC 6749 requires servers to accept, else in the form as OpenADR 3.0.1 shows). OpenADR 3.1
VTNs say where it is at `GET /auth/server` ({"tokenURL": ...}); 3.0 VTNs serve `/auth/token`
themselves, which is the fallback. The session is Home Assistant's shared one, so TLS
certificates are verified. Every failure surfaces as `VtnError` (the caller backs off).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import aiohttp
from yarl import URL

from ..const import LOGGER

REQUEST_TIMEOUT_S = 15.0
PAGE_SIZE = 50  # the largest page the specification allows
MAX_PAGES = 20
_TOKEN_MARGIN_S = 30.0  # renew a token this long before it expires


class VtnError(Exception):
    """The VTN could not be reached or answered something we cannot use."""


class VtnAuthError(VtnError):
    """The VTN refused our credentials."""


class VtnClient:
    """Talks to one VTN for one VEN."""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, client_id: str, client_secret: str
    ) -> None:
        self._session = session
        self._base = URL(base_url.rstrip("/"))
        self._client_id = client_id
        self._client_secret = client_secret
        self._token: str | None = None
        self._token_expires = 0.0
        self._token_url: URL | None = None

    def _url(self, path: str) -> URL:
        return URL(f"{self._base}/{path.lstrip('/')}")

    async def _json(self, response: aiohttp.ClientResponse) -> Any:
        try:
            return await response.json(content_type=None)
        except (ValueError, aiohttp.ContentTypeError) as err:
            raise VtnError(f"{response.url}: not JSON") from err

    async def _discover_token_url(self) -> URL:
        if self._token_url is not None:
            return self._token_url
        url = self._url("auth/token")
        try:
            async with self._session.get(self._url("auth/server"), timeout=_timeout()) as resp:
                if resp.status == 200:
                    info = await self._json(resp)
                    if isinstance(info, dict) and isinstance(info.get("tokenURL"), str):
                        url = URL(info["tokenURL"])
        except (aiohttp.ClientError, TimeoutError) as err:
            raise VtnError(f"auth server discovery failed: {err}") from err
        self._token_url = url
        return url

    async def _post_token(self, token_url: URL, *, basic: bool) -> tuple[int, Any]:
        """One token request: credentials in HTTP Basic (RFC 6749) or in the form (3.0.1)."""
        form = {"grant_type": "client_credentials"}
        auth = None
        if basic:
            auth = aiohttp.BasicAuth(self._client_id, self._client_secret)
        else:
            form |= {"client_id": self._client_id, "client_secret": self._client_secret}
        try:
            async with self._session.post(
                token_url, data=form, auth=auth, timeout=_timeout()
            ) as resp:
                return resp.status, await self._json(resp)
        except (aiohttp.ClientError, TimeoutError) as err:
            raise VtnError(f"token request failed: {err}") from err

    async def _get_token(self) -> str:
        if self._token is not None and time.monotonic() < self._token_expires:
            return self._token
        token_url = await self._discover_token_url()
        status, body = await self._post_token(token_url, basic=True)
        if status in (400, 401):  # some servers take the credentials only in the form
            status, body = await self._post_token(token_url, basic=False)
        if status in (400, 401, 403):
            raise VtnAuthError(f"token refused: {_problem(body)}")
        if status != 200:
            raise VtnError(f"token endpoint answered {status}")
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise VtnError("token endpoint gave no access_token")
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, int | float) else 3600.0
        self._token = token
        self._token_expires = time.monotonic() + max(lifetime - _TOKEN_MARGIN_S, 0.0)
        return token

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: Any = None,
    ) -> Any:
        """Call the API with a bearer token; a refused token is renewed once."""
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {await self._get_token()}"}
            try:
                async with self._session.request(
                    method,
                    self._url(path),
                    params=params,
                    json=body,
                    headers=headers,
                    timeout=_timeout(),
                ) as resp:
                    if resp.status in (401, 403) and attempt == 1:
                        self._token = None
                        continue
                    data = await self._json(resp)
                    if resp.status in (401, 403):
                        raise VtnAuthError(f"{method} {path}: {_problem(data)}")
                    if resp.status >= 400:
                        raise VtnError(f"{method} {path}: {resp.status} {_problem(data)}")
                    return data
            except (aiohttp.ClientError, TimeoutError) as err:
                raise VtnError(f"{method} {path}: {err}") from err
        raise VtnError(f"{method} {path}: refused")  # pragma: no cover - loop always returns

    async def _list(self, path: str, params: Mapping[str, str | int]) -> list[Any]:
        items: list[Any] = []
        for page in range(MAX_PAGES):
            query: dict[str, str | int] = {**params, "skip": page * PAGE_SIZE, "limit": PAGE_SIZE}
            data = await self._request("GET", path, params=query)
            if not isinstance(data, list):
                raise VtnError(f"GET {path}: a list was expected")
            items.extend(data)
            if len(data) < PAGE_SIZE:
                break
        else:
            LOGGER.warning(
                "OpenADR: more than %d pages at %s; the rest is ignored", MAX_PAGES, path
            )
        return items

    async def find_program(self, name: str) -> dict[str, Any] | None:
        """The program called `name`, if the VTN has one for us."""
        for program in await self._list("programs", {}):
            if isinstance(program, dict) and program.get("programName") == name:
                return program
        return None

    async def events(self, program_id: str) -> list[Any]:
        """Every event of a program the VTN shows us (entries are not validated here)."""
        return await self._list("events", {"programID": program_id})

    async def send_report(self, report: Mapping[str, Any]) -> Any:
        """POST a report; returns what the VTN stored."""
        return await self._request("POST", "reports", body=dict(report))


def _timeout() -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)


def _problem(body: object) -> str:
    """The readable part of an error body (RFC 7807 problem or OAuth error)."""
    if isinstance(body, dict):
        for key in ("detail", "title", "error_description", "error"):
            if isinstance(body.get(key), str):
                return str(body[key])
    return "no details"
