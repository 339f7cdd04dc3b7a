"""A throw-away Home Assistant: its config folder, its process, and waiting for it.

The config folder gets configuration.yaml from `dev/config/`, links to the two integrations
(Capacity Manager from `custom_components/`, the virtual house from `dev/custom_components/`), and
an onboarding store with `core_config` already done (see `ha_client.onboard`). Home Assistant
runs from the same Python environment as this code, with `--skip-pip`: it never installs
anything at start; `scripts/setup` installed what it needs.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from string import Template
from typing import IO

REPO = Path(__file__).resolve().parents[1]
CONFIG_TEMPLATE = REPO / "dev" / "config" / "configuration.yaml"
INTEGRATIONS = {
    "capacity_manager": REPO / "custom_components" / "capacity_manager",
    "virtual_house": REPO / "dev" / "custom_components" / "virtual_house",
}
# Onboarding store version of Home Assistant 2025.4 (homeassistant/components/onboarding).
_ONBOARDING_STORE = {"version": 4, "minor_version": 1, "key": "onboarding"}


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def prepare_config_dir(config_dir: Path, port: int) -> None:
    """Write a fresh configuration into `config_dir` (created if missing)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    text = Template(CONFIG_TEMPLATE.read_text(encoding="utf-8")).substitute(port=port)
    (config_dir / "configuration.yaml").write_text(text, encoding="utf-8")
    links = config_dir / "custom_components"
    links.mkdir(exist_ok=True)
    for domain, source in INTEGRATIONS.items():
        link = links / domain
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(source, target_is_directory=True)
    storage = config_dir / ".storage"
    storage.mkdir(exist_ok=True)
    onboarding = storage / "onboarding"
    if not onboarding.exists():
        store = {**_ONBOARDING_STORE, "data": {"done": ["core_config"]}}
        onboarding.write_text(json.dumps(store), encoding="utf-8")


def configured_port(config_dir: Path) -> int | None:
    """The port an existing config folder was prepared with."""
    try:
        for line in (config_dir / "configuration.yaml").read_text(encoding="utf-8").splitlines():
            key, _, value = line.strip().partition(":")
            if key == "server_port":
                return int(value)
    except (OSError, ValueError):
        return None
    return None


def start_hass(config_dir: Path, output: IO[bytes] | None = None) -> subprocess.Popen[bytes]:
    """Start `hass` on a prepared config folder; its log goes to `output` (else inherited)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.Popen(
        [sys.executable, "-m", "homeassistant", "--config", str(config_dir), "--skip-pip"],
        cwd=config_dir,  # not the repository: its custom_components/ must not shadow the links
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
        start_new_session=True,  # Ctrl-C in a terminal reaches us; we stop hass cleanly
    )


def wait_until_up(base_url: str, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    """Wait until the web server answers (it starts early; see `ha_client.wait_running`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"hass exited with status {process.returncode} while starting")
        try:
            with urllib.request.urlopen(f"{base_url}/manifest.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"Home Assistant did not answer at {base_url} within {timeout:.0f} s")


def stop_hass(process: subprocess.Popen[bytes], timeout: float = 60) -> int:
    """Stop hass as Ctrl-C would (it saves its state), then kill it if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    return process.returncode
