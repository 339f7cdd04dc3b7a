"""Start a real Home Assistant with Capacity Manager and load its dashboard cards over HTTP.

Run by scripts/test-matrix with the Python of the environment under test (it imports nothing
from Home Assistant but its storage constants, and uses the aiohttp that Home Assistant
brings). Everything stays on 127.0.0.1: a fresh config folder, http on a free port, a template
power sensor as the site's meter, so no device and no internet service is involved.

What a new user does, done through Home Assistant's own HTTP API:
  1. onboarding creates the owner (the other onboarding steps are marked done beforehand: they
     would set up internet integrations such as the weather);
  2. /api/ answers with the token that onboarding gave;
  3. the config flow creates a site (forms are answered with their defaults, the sensor for an
     entity selector) and the entry loads;
  4. the start page lists the cards' module URL, and that URL serves the bundle.
Then Home Assistant is stopped and its log is searched for what it says about us: errors,
tracebacks and "Detected that custom integration 'capacity_manager' ..." usage reports.

Exit status 0 when every step worked and the log holds no such line; 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from homeassistant.components.onboarding import STORAGE_KEY, STORAGE_VERSION
from homeassistant.const import __version__ as HA_VERSION

DOMAIN = "capacity_manager"
SENSOR = "sensor.smoke_site_power"
CONFIGURATION = """\
homeassistant:
  name: Capacity Manager smoke test
  time_zone: Europe/Brussels
  country: BE
  unit_system: metric
http:
  server_host: 127.0.0.1
  server_port: {port}
frontend:
logger:
  default: warning
template:
  - sensor:
      - name: Smoke site power
        unique_id: smoke_site_power
        unit_of_measurement: W
        device_class: power
        state_class: measurement
        state: "1500"
"""
# Lines that are expected of any custom integration and say nothing about ours.
EXPECTED = re.compile(r"We found a custom integration|has not been tested by Home Assistant")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_config(config: Path, repo: Path, port: int) -> None:
    """Config folder: our integration linked in, onboarding all but its user step done."""
    (config / "custom_components").mkdir(parents=True)
    (config / "custom_components" / DOMAIN).symlink_to(repo / "custom_components" / DOMAIN)
    (config / "configuration.yaml").write_text(CONFIGURATION.format(port=port))
    storage = config / ".storage"
    storage.mkdir()
    onboarding = {
        "version": STORAGE_VERSION,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": {"done": ["core_config", "analytics", "integration"]},
    }
    (storage / STORAGE_KEY).write_text(json.dumps(onboarding))


class Smoke:
    """The HTTP conversation with one running Home Assistant."""

    def __init__(self, session: aiohttp.ClientSession, port: int) -> None:
        self.session = session
        self.base = f"http://127.0.0.1:{port}"
        self.client_id = f"{self.base}/"
        self.headers: dict[str, str] = {}
        self.token = ""

    async def wait_until_up(self, proc: asyncio.subprocess.Process, limit_s: float) -> None:
        """Poll the onboarding API (served without a login) until http answers."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                raise RuntimeError(f"hass exited early with status {proc.returncode}")
            try:
                async with self.session.get(f"{self.base}/api/onboarding") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(1)
        raise RuntimeError(f"http did not answer within {limit_s:.0f} s")

    async def request(self, method: str, path: str, expect: int = 200, **kw: Any) -> Any:
        """One API call; a status other than `expect` is a failure that shows the body."""
        async with self.session.request(
            method, self.base + path, headers=self.headers, **kw
        ) as resp:
            body = await resp.text()
            if resp.status != expect:
                raise RuntimeError(f"{method} {path}: HTTP {resp.status}: {body[:500]}")
            if resp.content_type == "application/json":
                return json.loads(body)
            return body

    async def onboard(self) -> None:
        """Create the owner the way the onboarding page does and keep its access token."""
        user = await self.request(
            "POST",
            "/api/onboarding/users",
            json={
                "client_id": self.client_id,
                "name": "Smoke",
                "username": "smoke",
                "password": "smoke-test-password",
                "language": "en",
            },
        )
        token = await self.request(
            "POST",
            "/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": user["auth_code"],
                "client_id": self.client_id,
            },
        )
        self.token = str(token["access_token"])
        self.headers = {"Authorization": f"Bearer {self.token}"}

    async def create_site(self) -> str:
        """Walk the config flow with default answers; return the new entry's id."""
        result = await self.request(
            "POST", "/api/config/config_entries/flow", json={"handler": DOMAIN}
        )
        for _ in range(12):
            kind = result.get("type")
            if kind == "create_entry":
                return str(result["result"]["entry_id"])
            path = f"/api/config/config_entries/flow/{result['flow_id']}"
            if kind == "menu":
                options = list(result["menu_options"])
                choice = next((o for o in options if "sensor" in o or "single" in o), options[0])
                print(f"  flow menu {result['step_id']}: {choice}")
                result = await self.request("POST", path, json={"next_step_id": choice})
                continue
            if kind != "form":
                raise RuntimeError(f"config flow ended with {kind}: {result}")
            if result.get("errors"):
                raise RuntimeError(f"config flow step {result['step_id']}: {result['errors']}")
            answers = form_answers(result["data_schema"])
            print(f"  flow form {result['step_id']}: {answers}")
            result = await self.request("POST", path, json=answers)
        raise RuntimeError("config flow did not finish in 12 steps")

    async def wait_loaded(self, entry_id: str, limit_s: float = 30) -> None:
        """The entry reaches `loaded` (it set up without error)."""
        deadline = time.monotonic() + limit_s
        state = None
        while time.monotonic() < deadline:
            entries = await self.request("GET", f"/api/config/config_entries/entry?domain={DOMAIN}")
            state = next((e["state"] for e in entries if e["entry_id"] == entry_id), None)
            if state == "loaded":
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"entry {entry_id} is {state!r}, not loaded")

    async def our_entities(self) -> list[str]:
        """Entity ids our platforms registered, read over the websocket API."""
        async with self.session.ws_connect(f"{self.base}/api/websocket") as ws:
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (await ws.receive_json())["type"] != "auth_ok":
                raise RuntimeError("websocket authentication failed")
            await ws.send_json({"id": 1, "type": "config/entity_registry/list"})
            reply = await ws.receive_json()
        if not reply.get("success"):
            raise RuntimeError(f"entity registry list failed: {reply}")
        entities = sorted(e["entity_id"] for e in reply["result"] if e["platform"] == DOMAIN)
        if not entities:
            raise RuntimeError("the loaded entry registered no entity")
        return entities

    async def card_url(self) -> str:
        """The cards' module URL as the start page lists it for every dashboard."""
        page = str(await self.request("GET", "/"))
        # Extra modules appear as `import("…")` in an inline script (older pages: src="…").
        found = re.findall(r'(?:\bimport\(|\bsrc=)"([^"]+)"', page)
        urls: list[str] = [u for u in found if f"/{DOMAIN}" in u]
        if not urls:
            raise RuntimeError("the start page lists no module of ours")
        return urls[0].replace("&amp;", "&")

    async def fetch_card(self, url: str) -> int:
        """GET the bundle: JavaScript that defines custom elements; return its size."""
        async with self.session.get(self.base + url) as resp:
            body = await resp.text()
            if resp.status != 200:
                raise RuntimeError(f"GET {url}: HTTP {resp.status}")
            if "javascript" not in resp.content_type:
                raise RuntimeError(f"GET {url}: content type {resp.content_type}")
        if "customElements" not in body:
            raise RuntimeError(f"GET {url}: no custom element in {len(body)} bytes")
        return len(body.encode())


def form_answers(schema: list[dict[str, Any]]) -> dict[str, Any]:
    """Answers for one form: defaults stay, required fields without one get a plain value."""
    answers: dict[str, Any] = {}
    for field in schema:
        if field.get("type") == "expandable":  # a section: its own answers, nested
            answers[field["name"]] = form_answers(field["schema"])
            continue
        if not field.get("required") or "default" in field:
            continue
        selector = field.get("selector") or {}
        if "entity" in selector:
            answers[field["name"]] = SENSOR
        elif "number" in selector:
            number = selector["number"] or {}
            low, high = number.get("min", 0), number.get("max", 100)
            answers[field["name"]] = max(low, min(high, 25))
        elif "boolean" in selector:
            answers[field["name"]] = False
        elif "select" in selector:
            first = selector["select"]["options"][0]
            answers[field["name"]] = first["value"] if isinstance(first, dict) else first
        elif "text" in selector:
            answers[field["name"]] = "Smoke"
        else:
            raise RuntimeError(f"no answer for required field {field}")
    return answers


def our_log_lines(log: str) -> list[str]:
    """Warnings, errors and tracebacks in the log that mention this integration."""
    found = []
    for record in re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", log):
        if DOMAIN not in record or EXPECTED.search(record):
            continue
        if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", record.split("\n", 1)[0]):
            found.append(record.strip())
    return found


async def run(repo: Path, start_limit_s: float) -> int:
    """Start hass, walk the steps, stop it, report; return the exit status."""
    print(f"hass smoke: Home Assistant {HA_VERSION}, {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="cm-hass-") as tmp:
        config = Path(tmp) / "config"
        port = free_port()
        prepare_config(config, repo, port)
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "homeassistant",
            "--config",
            str(config),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        failure: str | None = None
        started = time.monotonic()
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
                smoke = Smoke(session, port)
                await smoke.wait_until_up(proc, start_limit_s)
                print(f"  http up on 127.0.0.1:{port} after {time.monotonic() - started:.0f} s")
                await smoke.onboard()
                api = await smoke.request("GET", "/api/")
                print(f"  GET /api/: {api}")
                entry_id = await smoke.create_site()
                await smoke.wait_loaded(entry_id)
                print(f"  entry {entry_id} loaded")
                entities = await smoke.our_entities()
                print(f"  {len(entities)} entities, e.g. {', '.join(entities[:4])}")
                url = await smoke.card_url()
                size = await smoke.fetch_card(url)
                print(f"  GET {url}: 200, {size} bytes of JavaScript")
        except (RuntimeError, aiohttp.ClientError, TimeoutError, KeyError) as err:
            failure = f"{type(err).__name__}: {err}"
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(proc.wait(), 60)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
        log_file = config / "home-assistant.log"
        log = log_file.read_text(errors="replace") if log_file.exists() else ""
    lines = our_log_lines(log)
    for line in lines:
        print(f"  log: {line}")
    if failure:
        print(f"hass smoke: FAILED: {failure}")
        if not lines:
            print("  last log lines:\n" + "\n".join(log.splitlines()[-30:]))
        return 1
    if lines:
        print(f"hass smoke: FAILED: {len(lines)} log line(s) about {DOMAIN} (above)")
        return 1
    print("hass smoke: passed")
    return 0


def main() -> int:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument("--timeout", type=float, default=240, help="seconds for hass to start")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    return asyncio.run(run(args.repo.resolve(), args.timeout))


if __name__ == "__main__":
    sys.exit(main())
