"""An IEEE 2030.5 client for a site, as CSIP-AUS asks of it (async, aiohttp).

Discovery goes `/dcap` → EndDeviceList (finds the site by LFDI, or registers it with a POST)
→ FunctionSetAssignmentsList → DERProgramLists (by primacy) → DERControlList and
DefaultDERControl of each program. The client authenticates with a TLS client certificate; a
test server behind a TLS-terminating proxy gets the certificate fingerprint in the header such
a proxy adds instead. The client only reads: it reports nothing it does not know.

A malformed document is skipped and the last good version of it kept (its problem is
returned once per document and message); a server that cannot be reached raises Sep2Unreachable.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from yarl import URL

from . import sep2
from .sep2 import Control, Limits, Sep2Error

FINGERPRINT_HEADER = "X-Forwarded-Client-Cert"  # Envoy-style "Hash=<sha256 hex>"
TIMEOUT_S = 20.0
LIST_LIMIT = 255  # the largest page the standard lets a client ask for
MIN_POLL_S = 10.0


class Sep2Unreachable(Exception):
    """The server did not answer, or not with IEEE 2030.5."""


@dataclass(slots=True)
class Snapshot:
    """Everything the site was told in one poll."""

    controls: list[Control] = field(default_factory=list)
    defaults: list[Limits] = field(default_factory=list)  # by primacy
    poll_s: float = sep2.DEFAULT_POLL_S
    problems: list[tuple[str, str]] = field(default_factory=list)  # (href, problem)


class Sep2Client:
    """Reads a site's DER programs from one IEEE 2030.5 server."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        *,
        sha256_hex: str,
        ssl_context: ssl.SSLContext | None = None,
        send_fingerprint: bool = False,
    ) -> None:
        self._session = session
        self._url = URL(url)
        self.lfdi = sep2.lfdi(sha256_hex)
        self.sfdi = sep2.sfdi(sha256_hex)
        self._ssl: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
        self._headers = {"Accept": sep2.CONTENT_TYPE}
        if send_fingerprint:
            self._headers[FINGERPRINT_HEADER] = f"Hash={sha256_hex.replace(':', '').lower()}"
        self._cache: dict[str, Any] = {}  # href → last good parse
        self.end_device_href: str | None = None

    def _abs(self, href: str) -> URL:
        return self._url.join(URL(href))

    async def _request(
        self, method: str, href: str, *, content_type: str | None = None, **kwargs: Any
    ) -> aiohttp.ClientResponse:
        headers = dict(self._headers)
        if content_type:
            headers["Content-Type"] = content_type
        try:
            response = await self._session.request(
                method,
                self._abs(href),
                headers=headers,
                ssl=self._ssl,
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
                **kwargs,
            )
            await response.read()
        except (aiohttp.ClientError, TimeoutError, ssl.SSLError) as err:
            raise Sep2Unreachable(f"{method} {href}: {str(err) or type(err).__name__}") from err
        if response.status >= 400:
            raise Sep2Unreachable(f"{method} {href}: HTTP {response.status}")
        return response

    async def _get(self, href: str, *, is_list: bool = False) -> bytes:
        params = {"s": 0, "l": LIST_LIMIT} if is_list else None
        return await (await self._request("GET", href, params=params)).read()

    async def _doc[T](
        self, href: str, parse: Callable[[bytes], T], snap: Snapshot, *, is_list: bool = False
    ) -> T:
        """A parsed document, or its last good version if this one is malformed."""
        body = await self._get(href, is_list=is_list)
        try:
            parsed = parse(body)
        except Sep2Error as err:
            snap.problems.append((href, str(err)))
            if href not in self._cache:
                raise
            return self._cache[href]  # type: ignore[no-any-return]
        self._cache[href] = parsed
        return parsed

    async def _fsa_href(self, edev_href: str, snap: Snapshot) -> str:
        """The site's FunctionSetAssignmentsListLink; registers the site if the server lacks it."""
        devices = await self._doc(edev_href, sep2.end_devices, snap, is_list=True)
        mine = next((d for d in devices if d.lfdi == self.lfdi), None)
        if mine is not None and mine.fsa_href:
            self.end_device_href = mine.href
            return mine.fsa_href
        if mine is None:
            response = await self._request(
                "POST",
                edev_href,
                data=sep2.end_device_xml(self.lfdi, self.sfdi),
                content_type=sep2.CONTENT_TYPE,
            )
            location = response.headers.get("Location")
            if not location:
                raise Sep2Unreachable("registration answered without a Location")
            self.end_device_href = location
        else:
            self.end_device_href = mine.href
        if not self.end_device_href:
            raise Sep2Unreachable("the server lists this site without an address")
        device = await self._doc(self.end_device_href, sep2.end_device, snap)
        if not device.fsa_href:
            raise Sep2Unreachable("the site has no function set assignments yet")
        return device.fsa_href

    async def check(self) -> None:
        """Read /dcap only (for the config flow). Raises Sep2Unreachable or Sep2Error."""
        sep2.device_capability(await self._get("/dcap"))

    async def poll(self) -> Snapshot:
        """Walk from /dcap to the controls. Raises Sep2Unreachable (or Sep2Error)."""
        snap = Snapshot()
        edev_href, poll_s = await self._doc("/dcap", sep2.device_capability, snap)
        rates = [poll_s]
        device = await self._fsa_href(edev_href, snap)
        links = await self._doc(device, sep2.program_list_links, snap, is_list=True)
        found: list[sep2.Program] = []
        for link in links:
            progs, rate = await self._doc(link, sep2.programs, snap, is_list=True)
            found.extend(progs)
            rates.append(rate)
        for program in sorted(found, key=lambda p: p.primacy):
            await self._program(program, snap)
        snap.poll_s = max(min(rates), MIN_POLL_S)
        return snap

    async def _program(self, program: sep2.Program, snap: Snapshot) -> None:
        """One program's default and live controls; a malformed one without history is skipped."""
        try:
            if program.default_href:
                snap.defaults.append(
                    await self._doc(program.default_href, sep2.default_control, snap)
                )
            if program.controls_href:
                href, primacy = program.controls_href, program.primacy
                snap.controls.extend(
                    await self._doc(
                        href, lambda body: sep2.controls(body, primacy), snap, is_list=True
                    )
                )
        except Sep2Error:
            return  # already in snap.problems; the other programs still count
