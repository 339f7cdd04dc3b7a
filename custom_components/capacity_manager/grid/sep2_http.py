"""Fetching IEEE 2030.5 documents from the one configured server, and from nowhere else.

The TLS client certificate (or the fingerprint header a test proxy reads) is the site's identity,
so a request only ever goes to the configured scheme, host and port: a link that points
elsewhere is refused before any connection, and redirects are not followed. A body is read in
chunks and given up as soon as it passes sep2.MAX_BYTES, so a server cannot make the site buffer
an endless answer.

Two kinds of failure: Sep2Unreachable when the server did not answer (connection, TLS, timeout),
DocumentError (a Sep2Error) when it answered but not with a usable document (an HTTP error or
redirect, a body too large, a link elsewhere), which the caller ignores like a malformed one.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any, Final

import aiohttp
from yarl import URL

from .sep2 import MAX_BYTES, Sep2Error

TIMEOUT_S: Final = 20.0
CHUNK_BYTES: Final = 64 * 1024


class Sep2Unreachable(Exception):
    """The server did not answer, or not with IEEE 2030.5."""


class DocumentError(Sep2Error):
    """The server answered, but this one document cannot be used."""


@dataclass(frozen=True, slots=True)
class Reply:
    """A document's body, and where the server said the created resource is (a POST's)."""

    body: bytes
    location: str | None = None


def _origin(url: URL) -> tuple[str, str, int | None]:
    return url.scheme.lower(), (url.host or "").lower(), url.port


class Http:
    """Requests to one server's origin, with the site's identity, size-capped."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        origin: URL,
        headers: dict[str, str],
        ssl_context: ssl.SSLContext | bool,
    ) -> None:
        self._session = session
        self.origin = origin
        self._headers = headers
        self._ssl = ssl_context

    def url(self, href: str) -> URL:
        """The absolute address of a link; DocumentError if it leaves the configured server."""
        url = self.origin.join(URL(href))
        if _origin(url) != _origin(self.origin):
            raise DocumentError(f"link to another server refused: {href}")
        return url

    async def request(
        self,
        method: str,
        href: str,
        *,
        content_type: str | None = None,
        params: dict[str, int] | None = None,
        data: Any = None,
    ) -> Reply:
        """One request; raises Sep2Unreachable or DocumentError."""
        url = self.url(href)
        headers = dict(self._headers)
        if content_type:
            headers["Content-Type"] = content_type
        try:
            async with self._session.request(
                method,
                url,
                headers=headers,
                params=params,
                data=data,
                ssl=self._ssl,
                allow_redirects=False,  # a redirect would take the identity to wherever it points
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
            ) as response:
                if response.status >= 300:
                    raise DocumentError(f"{method} {href}: HTTP {response.status}")
                return Reply(await _read(response), response.headers.get("Location"))
        except (aiohttp.ClientError, TimeoutError, ssl.SSLError) as err:
            raise Sep2Unreachable(f"{method} {href}: {str(err) or type(err).__name__}") from err


async def _read(response: aiohttp.ClientResponse) -> bytes:
    """The body, given up (and the connection closed) once it is larger than MAX_BYTES."""
    if response.content_length is not None and response.content_length > MAX_BYTES:
        response.close()
        raise DocumentError("document too large")
    body = bytearray()
    async for chunk in response.content.iter_chunked(CHUNK_BYTES):
        body += chunk
        if len(body) > MAX_BYTES:
            response.close()
            raise DocumentError("document too large")
    return bytes(body)
