"""TEST DOUBLE: a small IEEE 2030.5 server on loopback, written from IEEE 2030.5 and CSIP-AUS.

Not a product and not a reference implementation: it serves what a CSIP-AUS site client reads,
as `application/sep+xml`, so our client is tested over real HTTP. It stands behind an imagined
TLS-terminating proxy: the client's certificate fingerprint arrives in the
`X-Forwarded-Client-Cert: Hash=<sha256>` header, and requests without it are refused (403).
After `use_tls` it serves HTTPS itself instead and completes a handshake only with the client
certificate it was told to trust.

Resources: `/dcap` (or `dcap_path`) → `/tm` (Time) and `/edev` (GET the list, POST to
register: 201 with a Location; the EndDevice must have its elements in the schema's order) →
`/edev/{n}` → `/edev/{n}/fsa` → `/derp` (DERProgramList) → `/derp/{p}/dderc` (the
DefaultDERControl) and `/derp/{p}/derc` (DERControlList). `raw[path]` overrides any document
(to serve malformed XML), `status[path]` answers it with an HTTP error, `redirect[path]` with a
302 to another address, and `stream[path]` with that many bytes of chunked whitespace (no
length told; `streamed[path]` counts what was sent before the client hung up). `hits[path]`
counts the requests of each path, even those refused for want of a certificate.
"""

from __future__ import annotations

import hashlib
import ssl
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

from tests.grid.sep2_pki import make_certificate, quiet_refused_handshakes

NS = "urn:ieee:std:2030.5:ns"
CSIP = "https://csipaus.org/ns"
SEP_XML = "application/sep+xml"


def lfdi_of(sha256_hex: str) -> str:
    """What the server derives from the client certificate fingerprint (first 160 bits)."""
    return sha256_hex[:40].upper()


@dataclass
class DoubleControl:
    mrid: str
    start: int
    duration: int
    import_w: tuple[int, int] | None = None  # (value, multiplier)
    export_w: tuple[int, int] | None = None
    creation: int = 0
    status: int = 0


@dataclass
class DoubleProgram:
    mrid: str
    primacy: int
    default: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None)
    controls: list[DoubleControl] = field(default_factory=list)


def _power(name: str, value: tuple[int, int] | None) -> str:
    if value is None:
        return ""
    return (
        f'<csipaus:{name} xmlns:csipaus="{CSIP}">'
        f"<multiplier>{value[1]}</multiplier><value>{value[0]}</value></csipaus:{name}>"
    )


def _base(imp: tuple[int, int] | None, exp: tuple[int, int] | None) -> str:
    return f"<DERControlBase>{_power('opModImpLimW', imp)}{_power('opModExpLimW', exp)}</DERControlBase>"


class Sep2Double:
    """TEST DOUBLE of an IEEE 2030.5 utility server. Start it, fill it, stop it."""

    def __init__(self) -> None:
        self.programs: list[DoubleProgram] = []
        self.devices: dict[int, tuple[str, str]] = {}  # n → (lFDI, sFDI) as registered
        self.raw: dict[str, bytes] = {}
        self.status: dict[str, int] = {}
        self.redirect: dict[str, str] = {}
        self.stream: dict[str, int] = {}
        self.streamed: Counter[str] = Counter()
        self.poll_rate = 60
        self.dcap_path = "/dcap"
        self.clock_offset = 0  # the server's clock runs this many seconds ahead
        self.location_on_register = True
        self.hits: Counter[str] = Counter()
        self.registrations = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._tls: ssl.SSLContext | None = None
        self.server_cert = ""

    @property
    def base_url(self) -> str:
        """Where the site finds /dcap."""
        return f"{'https' if self._tls else 'http'}://127.0.0.1:{self.port}"

    def use_tls(self, trusted_client_pem: str) -> None:
        """Serve HTTPS itself and require a client certificate (instead of the proxy header)."""
        cert, key = make_certificate(server=True)
        self.server_cert = cert
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with tempfile.TemporaryDirectory() as folder:
            cert_file, key_file = f"{folder}/c.pem", f"{folder}/k.pem"
            with open(cert_file, "w", encoding="ascii") as out:
                out.write(cert)
            with open(key_file, "w", encoding="ascii") as out:
                out.write(key)
            context.load_cert_chain(cert_file, key_file)
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cadata=trusted_client_pem)
        self._tls = context

    async def start(self) -> None:
        """Listen on loopback (the same port again after a stop)."""
        if self._tls is not None:
            quiet_refused_handshakes()
        app = web.Application()
        app.router.add_get("/{path:.*}", self._get)
        app.router.add_post("/edev", self._register)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port, ssl_context=self._tls).start()
        if not self.port:
            self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening: connections are refused until `start`."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def add_program(self, mrid: str, primacy: int, **kwargs: object) -> DoubleProgram:
        program = DoubleProgram(mrid, primacy, **kwargs)  # type: ignore[arg-type]
        self.programs.append(program)
        return program

    def _client(self, request: web.Request) -> str | None:
        """The client certificate's SHA-256: from TLS itself, or from the proxy's header."""
        if self._tls is not None:
            tls = request.transport.get_extra_info("ssl_object") if request.transport else None
            der = tls.getpeercert(binary_form=True) if tls else None
            return hashlib.sha256(der).hexdigest() if der else None
        header = request.headers.get("X-Forwarded-Client-Cert", "")
        return header[5:] if header.startswith("Hash=") and len(header) == 69 else None

    async def _register(self, request: web.Request) -> web.Response:
        sha = self._client(request)
        if sha is None:
            return web.Response(status=403)
        if request.content_type != SEP_XML:
            return web.Response(status=415)
        body = ET.fromstring(await request.read())
        order = [child.tag.removeprefix(f"{{{NS}}}") for child in body]
        if order[:3] != ["lFDI", "sFDI", "changedTime"]:  # the schema's sequence
            return web.Response(status=400, text=f"EndDevice elements out of order: {order}")
        lfdi = body.findtext(f"{{{NS}}}lFDI") or ""
        sfdi = body.findtext(f"{{{NS}}}sFDI") or ""
        if lfdi != lfdi_of(sha):  # a site registers only its own certificate
            return web.Response(status=400)
        self.registrations += 1
        number = len(self.devices) + 1
        self.devices[number] = (lfdi, sfdi)
        if not self.location_on_register:
            return web.Response(status=201)
        return web.Response(status=201, headers={"Location": f"/edev/{number}"})

    async def _get(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["path"]
        self.hits[path] += 1
        if self._client(request) is None:
            return web.Response(status=403)
        if path in self.status:
            return web.Response(status=self.status[path])
        if path in self.redirect:
            return web.Response(status=302, headers={"Location": self.redirect[path]})
        if path in self.stream:
            return await self._stream(request, path)
        if path in self.raw:
            return web.Response(body=self.raw[path], content_type=SEP_XML)
        doc = self._document(path)
        if doc is None:
            return web.Response(status=404)
        return web.Response(text=doc, content_type=SEP_XML)

    async def _stream(self, request: web.Request, path: str) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": SEP_XML})
        response.enable_chunked_encoding()
        await response.prepare(request)
        chunk = b" " * 65536
        try:
            while self.streamed[path] < self.stream[path]:
                await response.write(chunk)
                self.streamed[path] += len(chunk)
        except ConnectionError:  # the client hung up: what we wanted to see
            pass
        return response

    def _document(self, path: str) -> str | None:
        return self._site(path) or self._programs(path)

    def _site(self, path: str) -> str | None:
        """DeviceCapability, Time, the EndDevices and their FunctionSetAssignments."""
        parts = path.strip("/").split("/")
        if path == self.dcap_path:
            return (
                f'<DeviceCapability xmlns="{NS}" href="{path}" pollRate="{self.poll_rate}">'
                '<TimeLink href="/tm"/><EndDeviceListLink href="/edev" all="1"/></DeviceCapability>'
            )
        if path == "/tm":
            now = int(time.time()) + self.clock_offset
            return (
                f'<Time xmlns="{NS}" href="/tm"><currentTime>{now}</currentTime>'
                "<dstEndTime>0</dstEndTime><dstOffset>0</dstOffset><dstStartTime>0</dstStartTime>"
                "<quality>7</quality><tzOffset>36000</tzOffset></Time>"
            )
        if path == "/edev":
            items = "".join(
                f'<EndDevice href="/edev/{n}"><lFDI>{lf}</lFDI><sFDI>{s}</sFDI>'
                f'<changedTime>0</changedTime><FunctionSetAssignmentsListLink href="/edev/{n}/fsa" all="1"/></EndDevice>'
                for n, (lf, s) in self.devices.items()
            )
            n = len(self.devices)
            return f'<EndDeviceList xmlns="{NS}" href="/edev" all="{n}" results="{n}">{items}</EndDeviceList>'
        if parts[0] == "edev" and len(parts) == 2 and int(parts[1]) in self.devices:
            lf, s = self.devices[int(parts[1])]
            return (
                f'<EndDevice xmlns="{NS}" href="{path}"><lFDI>{lf}</lFDI><sFDI>{s}</sFDI>'
                f'<changedTime>0</changedTime><FunctionSetAssignmentsListLink href="{path}/fsa" all="1"/></EndDevice>'
            )
        if parts[0] == "edev" and parts[-1] == "fsa":
            return (
                f'<FunctionSetAssignmentsList xmlns="{NS}" all="1" results="1">'
                '<FunctionSetAssignments href="/fsa/1"><mRID>F1</mRID>'
                '<DERProgramListLink href="/derp" all="1"/></FunctionSetAssignments>'
                "</FunctionSetAssignmentsList>"
            )
        return None

    def _programs(self, path: str) -> str | None:
        """The DERProgramList, each program's DefaultDERControl and DERControlList."""
        parts = path.strip("/").split("/")
        if path == "/derp":
            items = "".join(
                f'<DERProgram href="/derp/{p.mrid}"><mRID>{p.mrid}</mRID>'
                f'<DefaultDERControlLink href="/derp/{p.mrid}/dderc"/>'
                f'<DERControlListLink href="/derp/{p.mrid}/derc" all="{len(p.controls)}"/>'
                f"<primacy>{p.primacy}</primacy></DERProgram>"
                for p in self.programs
            )
            return (
                f'<DERProgramList xmlns="{NS}" pollRate="{self.poll_rate}">{items}</DERProgramList>'
            )
        program = next((p for p in self.programs if len(parts) == 3 and p.mrid == parts[1]), None)
        if program is None:
            return None
        if parts[2] == "dderc":
            return f'<DefaultDERControl xmlns="{NS}"><mRID>D{program.mrid}</mRID>{_base(*program.default)}</DefaultDERControl>'
        items = "".join(
            f"<DERControl><mRID>{c.mrid}</mRID><creationTime>{c.creation}</creationTime>"
            f"<EventStatus><currentStatus>{c.status}</currentStatus></EventStatus>"
            f"<interval><duration>{c.duration}</duration><start>{c.start}</start></interval>"
            f"{_base(c.import_w, c.export_w)}</DERControl>"
            for c in program.controls
        )
        return (
            f'<DERControlList xmlns="{NS}" all="{len(program.controls)}">{items}</DERControlList>'
        )
