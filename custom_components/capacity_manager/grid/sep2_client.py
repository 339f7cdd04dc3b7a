"""An IEEE 2030.5 client for a site, as CSIP-AUS asks of it (async, aiohttp).

Discovery goes `/dcap` → EndDeviceList (finds the site by LFDI, or registers it with a POST)
→ FunctionSetAssignmentsList → DERProgramLists (by primacy) → DERControlList and
DefaultDERControl of each program; the server's Time gives the clock the intervals are read
by. The client authenticates with a TLS client certificate; a test server behind a
TLS-terminating proxy gets the certificate fingerprint in the header such a proxy adds instead.
Apart from registering itself the client only reads: it reports nothing it does not know.
Requests go only to the configured server (sep2_http).

A document that is malformed, missing (an HTTP error) or elsewhere is skipped and its last good
version kept (its problem is returned in the snapshot); one program's document without a good
version is left out and the rest still counts. Only a server that does not answer, or whose
DeviceCapability is unusable, raises Sep2Unreachable: that entry point is what says the server
is there at all (a captive portal or a wrong address answers too, but not with a
DeviceCapability).
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from yarl import URL

from . import sep2
from .sep2 import Control, Limits, Sep2Error
from .sep2_http import DocumentError, Http, Reply, Sep2Unreachable

__all__ = ["DocumentError", "Sep2Client", "Sep2Unreachable", "Snapshot"]

FINGERPRINT_HEADER = "X-Forwarded-Client-Cert"  # Envoy-style "Hash=<sha256 hex>"
LIST_LIMIT = 255  # the largest page the standard lets a client ask for
MIN_POLL_S = 10.0


@dataclass(slots=True)
class Snapshot:
    """Everything the site was told in one poll."""

    controls: list[Control] = field(default_factory=list)
    defaults: list[Limits] = field(default_factory=list)  # by primacy
    poll_s: float = sep2.DEFAULT_POLL_S
    clock_offset_s: float | None = None  # server clock minus ours (None: not told)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (href, problem)
    # False when a program's DefaultDERControl was left out: `defaults` is then not the whole set.
    defaults_complete: bool = True


class Sep2Client:
    """Reads a site's DER programs from one IEEE 2030.5 server."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        *,
        lfdi: str,
        sfdi: int,
        fingerprint: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`url` is the server, or its DeviceCapability itself when it has a path."""
        given = URL(url)
        self.dcap_href = given.path if given.path not in ("", "/") else "/dcap"
        self.lfdi = lfdi
        self.sfdi = sfdi
        self._clock = clock
        headers = {"Accept": sep2.CONTENT_TYPE}
        if fingerprint is not None:  # only for a test server behind a TLS-terminating proxy
            headers[FINGERPRINT_HEADER] = f"Hash={fingerprint.replace(':', '').lower()}"
        self.http = Http(
            session, given.origin(), headers, ssl_context if ssl_context is not None else True
        )
        self._cache: dict[str, Any] = {}  # href → last good parse
        self.end_device_href: str | None = None

    async def _request(
        self, method: str, href: str, *, content_type: str | None = None, data: Any = None
    ) -> Reply:
        return await self.http.request(method, href, content_type=content_type, data=data)

    async def _get(self, href: str, *, is_list: bool = False) -> bytes:
        params = {"s": 0, "l": LIST_LIMIT} if is_list else None
        return (await self.http.request("GET", href, params=params)).body

    async def _doc[T](
        self, href: str, parse: Callable[[bytes], T], snap: Snapshot, *, is_list: bool = False
    ) -> T:
        """A parsed document, or its last good version if this one is unusable.

        Raises Sep2Error when it is unusable and there is no good version yet.
        """
        try:
            parsed = parse(await self._get(href, is_list=is_list))
        except Sep2Error as err:  # DocumentError included: HTTP error, too large, elsewhere
            snap.problems.append((href, str(err)))
            if href not in self._cache:
                raise
            return self._cache[href]  # type: ignore[no-any-return]
        self._cache[href] = parsed
        return parsed

    async def _fsa_href(self, edev_href: str, snap: Snapshot, rates: list[float]) -> str:
        """The site's FunctionSetAssignmentsListLink; registers the site if the server lacks it."""
        devices, rate = await self._doc(edev_href, sep2.end_devices, snap, is_list=True)
        rates.append(rate)
        mine = next((d for d in devices if d.lfdi == self.lfdi), None)
        if mine is not None and mine.fsa_href:
            self.end_device_href = mine.href
            return mine.fsa_href
        if mine is None:
            reply = await self._request(
                "POST",
                edev_href,
                data=sep2.end_device_xml(self.lfdi, self.sfdi, self._clock()),
                content_type=sep2.CONTENT_TYPE,
            )
            self.end_device_href = reply.location
            if not self.end_device_href:  # not told where: the list now has it
                devices, _rate = await self._doc(edev_href, sep2.end_devices, snap, is_list=True)
                mine = next((d for d in devices if d.lfdi == self.lfdi), None)
        if mine is not None:
            self.end_device_href = mine.href
        if not self.end_device_href:
            raise Sep2Unreachable("the server lists this site without an address")
        device = await self._doc(self.end_device_href, sep2.end_device, snap)
        if not device.fsa_href:
            raise Sep2Unreachable("the site has no function set assignments yet")
        return device.fsa_href

    async def check(self) -> None:
        """Read DeviceCapability only (for the config flow). Raises Sep2Unreachable/Sep2Error."""
        sep2.device_capability(await self._get(self.dcap_href))

    async def poll(self) -> Snapshot:
        """Walk from DeviceCapability to the controls.

        Raises Sep2Unreachable, or Sep2Error when a document every program depends on (the
        EndDevice, FunctionSetAssignments) is unusable and there is no good version of it yet.
        """
        snap = Snapshot()
        try:
            capability = sep2.device_capability(await self._get(self.dcap_href))
        except Sep2Error as err:  # no usable entry point: not the server we were given, now
            raise Sep2Unreachable(f"{self.dcap_href}: {err}") from err
        rates = [capability.poll_s]
        if capability.time_href:
            await self._time(capability.time_href, snap)
        fsa_href = await self._fsa_href(capability.edev_href, snap, rates)
        links, rate = await self._doc(fsa_href, sep2.program_list_links, snap, is_list=True)
        rates.append(rate)
        found: list[sep2.Program] = []
        for link in links:
            try:
                progs, rate = await self._doc(link, sep2.programs, snap, is_list=True)
            except Sep2Error:  # this list is left out; the other lists still count
                snap.defaults_complete = False
                continue
            found.extend(progs)
            rates.append(rate)
        for program in sorted(found, key=lambda p: p.primacy):
            await self._program(program, snap)
        snap.poll_s = max(min(rates), MIN_POLL_S)
        return snap

    async def _time(self, href: str, snap: Snapshot) -> None:
        """The server's clock against ours (a stale Time is no use, so a bad one is skipped)."""
        asked = self._clock()
        try:
            server = sep2.current_time(await self._get(href))
        except Sep2Error as err:  # DocumentError included
            snap.problems.append((href, str(err)))
            return
        snap.clock_offset_s = server - (asked + self._clock()) / 2

    async def _program(self, program: sep2.Program, snap: Snapshot) -> None:
        """One program's default and live controls; a malformed one without history is skipped.

        Its problem is already in snap.problems; the rest of the program and the other
        programs still count.
        """
        if program.default_href:
            try:
                default = await self._doc(program.default_href, sep2.default_control, snap)
            except Sep2Error:
                snap.defaults_complete = False
            else:
                snap.defaults.append(default)
        if program.controls_href:
            href, primacy = program.controls_href, program.primacy
            with suppress(Sep2Error):
                live = await self._doc(
                    href, lambda body: sep2.controls(body, primacy), snap, is_list=True
                )
                snap.controls.extend(live)
