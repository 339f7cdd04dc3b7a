"""Paths and the Node.js runner shared by the dashboard card tests."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FRONTEND = REPO / "frontend"
BUNDLE = REPO / "custom_components" / "capacity_manager" / "cards" / "capacity-manager-cards.js"


@dataclass(frozen=True)
class Toolchain:
    """Where node and npm are."""

    node: str
    npm: str

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run a command in frontend/ and capture its output."""
        return subprocess.run(
            args,
            cwd=FRONTEND,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "NO_COLOR": "1", "npm_config_update_notifier": "false"},
        )
