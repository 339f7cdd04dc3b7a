"""A real Home Assistant for the end-to-end tests, provisioned like `scripts/develop` does.

One `hass` process per test session, in a temporary config folder on a free loopback port,
set up by the same code as `scripts/develop` (dev/provision.py): onboarding, the virtual house,
Capacity Manager through its config and subentry flows, the dashboard. The virtual house's
clock is stopped at 17:20 so the tests decide when the house overloads.

Missing prerequisites are installed first: the home-assistant-frontend wheel this Home
Assistant pins (pip, into the running environment), Debian's `chromium` and `nodejs npm`
(apt-get, only as root) and playwright-core (`npm ci` in frontend/; never a browser download).
`CM_E2E_NO_INSTALL=1` turns that off. What cannot be installed skips with the reason (in CI it
fails).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import homeassistant
import pytest
import pytest_socket  # type: ignore[import-untyped]

from dev.hass_process import (
    REPO,
    free_port,
    prepare_config_dir,
    start_hass,
    stop_hass,
    wait_until_up,
)
from dev.provision import Scenario, provision
from tests.e2e.helpers import RunningHass

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
FRONTEND = REPO / "frontend"
# Quick timings, so restores happen within seconds. The timeline shows the card's default day:
# hourly statistics imported by test_dashboard.py fill it before Home Assistant started.
TEST_SCENARIO = Scenario(
    speed=0.0,
    start="17:20",
    hours_to_show=24,
    timings={
        "restore_holdoff_s": 5.0,
        "restore_interval_s": 2.0,
        "stale_timeout_s": 30.0,
        "override_s": 600.0,
    },
)


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker (tests/e2e/ only; `-m "not e2e"` leaves them out)."""
    config.addinivalue_line("markers", "e2e: starts a real Home Assistant (and a browser)")


def missing(reason: str) -> NoReturn:
    """Skip with the reason, or fail in CI, where every prerequisite is installed."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _install(what: str, command: list[str], cwd: Path | None = None) -> None:
    """Run an installer; a failure skips (fails in CI) with its output."""
    if os.environ.get("CM_E2E_NO_INSTALL"):
        missing(f"{what} is missing and CM_E2E_NO_INSTALL is set")
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )
    if result.returncode != 0:
        missing(f"installing {what} failed ({' '.join(command)}):\n{result.stderr[-2000:]}")


def frontend_wheel() -> None:
    """The home-assistant-frontend version this Home Assistant's frontend component pins.

    One install attempt: when pip succeeds but `hass_frontend` still cannot be imported (another
    interpreter's site-packages, a broken wheel), trying again would not help.
    """
    if importlib.util.find_spec("hass_frontend") is not None:
        return
    components = Path(homeassistant.__file__).parent / "components"
    manifest = json.loads((components / "frontend" / "manifest.json").read_text("utf-8"))
    pinned = [r for r in manifest["requirements"] if r.startswith("home-assistant-frontend==")]
    if not pinned:
        missing("hass_frontend is missing and the frontend manifest pins no version to install")
    _install("the home-assistant-frontend wheel", [sys.executable, "-m", "pip", "install", *pinned])
    importlib.invalidate_caches()
    if importlib.util.find_spec("hass_frontend") is None:
        missing(
            f"pip installed {' '.join(pinned)} into {sys.executable}, "
            "but the hass_frontend module is still not importable"
        )


def _debian_packages(what: str, *packages: str) -> None:
    """apt-get install Debian packages, as root only (never sudo behind the user's back)."""
    apt = shutil.which("apt-get")
    if not apt or os.geteuid() != 0:
        missing(f"{what} is missing (Debian: apt-get install {' '.join(packages)})")
    _install("the Debian package lists", [apt, "update", "-q"])
    _install(what, [apt, "install", "-y", "-q", "--no-install-recommends", *packages])


@pytest.fixture(scope="session")
def running_hass(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHass]:
    """Start and provision Home Assistant once for all end-to-end tests."""
    frontend_wheel()
    # pytest-homeassistant-custom-component blocks sockets in every test; this is a real server.
    pytest_socket.enable_socket()
    config_dir = tmp_path_factory.mktemp("hass-config")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    prepare_config_dir(config_dir, port)
    with (config_dir / "hass-output.log").open("wb") as output:
        process = start_hass(config_dir, output=output)
        try:
            wait_until_up(base_url, process)
            provisioned = asyncio.run(provision(base_url, TEST_SCENARIO))
            yield RunningHass(provisioned, config_dir)
        finally:
            stop_hass(process)


@pytest.fixture
def real_hass(running_hass: RunningHass, socket_enabled: None) -> RunningHass:
    """The running Home Assistant, with sockets allowed for this test."""
    return running_hass


@pytest.fixture(scope="session")
def browser_tools() -> tuple[str, Path]:
    """Node and Chromium, with playwright-core installed in frontend/node_modules."""
    if not shutil.which("node") or not shutil.which("npm"):
        _debian_packages("node and npm", "nodejs", "npm")
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        missing("node and npm are needed for the browser test (Debian: apt-get install nodejs npm)")
    if not CHROMIUM.exists() and "CHROMIUM" not in os.environ:
        _debian_packages("Chromium", "chromium")
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM)")
    if not (FRONTEND / "node_modules" / "playwright-core").is_dir():
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=FRONTEND,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            missing(f"npm ci failed in frontend/:\n{result.stderr[-2000:]}")
    return node, CHROMIUM
