"""TEST DOUBLE: a small OpenADR 3 VTN on loopback, written from the OpenADR 3.0.1/3.1 specification.

Not a product and not a reference implementation: it serves what our VEN client uses, the way
the specification describes it, so the client is tested over real HTTP with a real aiohttp
client. Endpoints (under a base path, as real VTNs have):
- `GET /auth/server` → `{"tokenURL": ...}` (3.1); `POST /auth/token` (form, client
  credentials) → `{"access_token", "token_type": "Bearer", "expires_in"}`, 401 on bad secrets.
- `GET/POST /programs`, `GET/POST /events` (`programID`, `skip`, `limit`), `PUT/DELETE
  /events/{id}`, `GET/POST /reports`: bearer token required (403 otherwise).
- A report asking for `IMPORT_RESERVATION_CAPACITY` is answered per `reservation_policy`
  ("grant", "deny" or "ignore") with an event carrying `IMPORT_CAPACITY_RESERVATION` (and
  `IMPORT_CAPACITY_RESERVATION_FEE` when `reservation_fee` is set), as a business logic would.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from aiohttp import BasicAuth, web

BASE_PATH = "/openadr3/3.1.0"
CLIENT_ID = "ven-client"
CLIENT_SECRET = "ven-secret"
BL_TOKEN = "bl-token"  # what a business logic client uses to write programs and events


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _problem(status: int, title: str) -> web.Response:
    return web.json_response({"title": title, "status": status}, status=status)


class VtnDouble:
    """TEST DOUBLE of a VTN. Start it, fill it through its API (or the helpers), stop it."""

    def __init__(self) -> None:
        self.programs: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.reports: list[dict[str, Any]] = []
        self.reservation_policy = "grant"
        self.reservation_fee: float | None = None
        self.auth_server = True  # False: a 3.0 VTN without /auth/server
        self.accept_basic = True  # False: credentials only in the form (as OpenADR 3.0.1 shows)
        self.token_requests = 0
        self.event_requests = 0
        self._ids = itertools.count(1)
        self._tokens: set[str] = {BL_TOKEN}
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        """Where the VEN finds the API."""
        return f"http://127.0.0.1:{self.port}{BASE_PATH}"

    def _app(self) -> web.Application:
        app = web.Application()
        base = BASE_PATH
        app.add_routes(
            [
                web.get(f"{base}/auth/server", self._auth_server),
                web.post(f"{base}/auth/token", self._token),
                web.get(f"{base}/programs", self._list_programs),
                web.post(f"{base}/programs", self._create_program),
                web.get(f"{base}/events", self._list_events),
                web.post(f"{base}/events", self._create_event),
                web.put(f"{base}/events/{{event_id}}", self._update_event),
                web.delete(f"{base}/events/{{event_id}}", self._delete_event),
                web.get(f"{base}/reports", self._list_reports),
                web.post(f"{base}/reports", self._create_report),
            ]
        )
        return app

    async def start(self) -> None:
        """Listen on loopback (the same port again after a stop)."""
        self._runner = web.AppRunner(self._app())
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        if not self.port:
            self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening (connections are refused until `start`)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # -- helpers for tests (what a business logic client would POST) -------------------------

    def add_program(self, name: str, **fields: Any) -> dict[str, Any]:
        """Store a program as if a BL created it."""
        program = {"programName": name, **fields}
        return self._store(self.programs, "program", "PROGRAM", program)

    def add_event(self, program_id: str, **fields: Any) -> dict[str, Any]:
        """Store an event as if a BL created it."""
        event = {"programID": program_id, **fields}
        return self._store(self.events, "event", "EVENT", event)

    def _store(
        self, table: dict[str, dict[str, Any]], prefix: str, kind: str, obj: dict[str, Any]
    ) -> dict[str, Any]:
        obj = {
            **obj,
            "id": f"{prefix}-{next(self._ids)}",
            "objectType": kind,
            "createdDateTime": _now(),
            "modificationDateTime": _now(),
        }
        table[obj["id"]] = obj
        return obj

    # -- auth ---------------------------------------------------------------------------------

    async def _auth_server(self, request: web.Request) -> web.Response:
        if not self.auth_server:
            return _problem(404, "Not Found")
        return web.json_response({"tokenURL": f"{self.base_url}/auth/token"})

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        form = await request.post()
        if form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        # RFC 6749 2.3.1: HTTP Basic must be accepted; OpenADR 3.0.1 puts them in the form.
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic ") and self.accept_basic:
            basic = BasicAuth.decode(header)
            credentials = (basic.login, basic.password)
        else:
            credentials = (str(form.get("client_id")), str(form.get("client_secret")))
        if credentials != (CLIENT_ID, CLIENT_SECRET):
            return web.json_response({"error": "invalid_client"}, status=401)
        token = f"token-{next(self._ids)}"
        self._tokens.add(token)
        return web.json_response(
            {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        )

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in self._tokens

    # -- resources ----------------------------------------------------------------------------

    @staticmethod
    def _page(items: list[dict[str, Any]], request: web.Request) -> list[dict[str, Any]]:
        skip = int(request.query.get("skip", 0))
        limit = min(int(request.query.get("limit", 50)), 50)
        return items[skip : skip + limit]

    async def _list_programs(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        return web.json_response(self._page(list(self.programs.values()), request))

    async def _create_program(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        body = await request.json()
        return web.json_response(self._store(self.programs, "program", "PROGRAM", body), status=201)

    async def _list_events(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        self.event_requests += 1
        program_id = request.query.get("programID")
        events = [e for e in self.events.values() if program_id in (None, e.get("programID"))]
        return web.json_response(self._page(events, request))

    async def _create_event(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        body = await request.json()
        return web.json_response(self._store(self.events, "event", "EVENT", body), status=201)

    async def _update_event(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        event_id = request.match_info["event_id"]
        if event_id not in self.events:
            return _problem(404, "Not Found")
        body = await request.json()
        self.events[event_id] = {**body, "id": event_id, "modificationDateTime": _now()}
        return web.json_response(self.events[event_id])

    async def _delete_event(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        event = self.events.pop(request.match_info["event_id"], None)
        return _problem(404, "Not Found") if event is None else web.json_response(event)

    async def _list_reports(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        return web.json_response(self._page(self.reports, request))

    async def _create_report(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return _problem(403, "Forbidden")
        body = await request.json()
        for key in ("programID", "eventID", "clientName", "resources"):
            if key not in body:
                return _problem(400, f"missing {key}")
        report = {**body, "id": f"report-{next(self._ids)}", "objectType": "REPORT"}
        self.reports.append(report)
        self._answer_reservation(report)
        return web.json_response(report, status=201)

    def _answer_reservation(self, report: dict[str, Any]) -> None:
        """The business logic's side: grant or deny a reservation request."""
        if self.reservation_policy == "ignore":
            return
        for resource in report["resources"]:
            for interval in resource.get("intervals", []):
                for payload in interval.get("payloads", []):
                    if payload.get("type") != "IMPORT_RESERVATION_CAPACITY":
                        continue
                    kw = payload["values"][0] if self.reservation_policy == "grant" else 0
                    payloads = [{"type": "IMPORT_CAPACITY_RESERVATION", "values": [kw]}]
                    if self.reservation_fee is not None:
                        payloads.append(
                            {
                                "type": "IMPORT_CAPACITY_RESERVATION_FEE",
                                "values": [self.reservation_fee],
                            }
                        )
                    self.add_event(
                        report["programID"],
                        eventName=f"reservation for {report['clientName']}",
                        targets=[{"type": "VEN_NAME", "values": [report["clientName"]]}],
                        payloadDescriptors=[
                            {
                                "objectType": "EVENT_PAYLOAD_DESCRIPTOR",
                                "payloadType": "IMPORT_CAPACITY_RESERVATION",
                                "units": "KW",
                            }
                        ],
                        intervalPeriod=resource["intervalPeriod"],
                        intervals=[{"id": 0, "payloads": payloads}],
                    )
