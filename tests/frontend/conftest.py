"""The Node.js toolchain for the dashboard card tests: node, npm and frontend/node_modules.

Missing node or npm skips these tests with the reason. Missing node_modules are installed with
`npm ci` (pinned by package-lock.json; no browser is downloaded). In CI a failed install fails
the tests; on a machine without network it skips them.
"""

from __future__ import annotations

import os
import shutil

import pytest
from frontend_toolchain import FRONTEND, Toolchain


def _installed() -> bool:
    """node_modules matches package-lock.json (npm writes its own copy of the lock)."""
    marker = FRONTEND / "node_modules" / ".package-lock.json"
    lock = FRONTEND / "package-lock.json"
    return marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime


@pytest.fixture(scope="session")
def toolchain() -> Toolchain:
    """Node and npm with frontend/node_modules installed, or a skip that says what is missing."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip(
            "node and npm are needed for the dashboard card tests (Debian: apt-get install nodejs npm)"
        )
    chain = Toolchain(node=node, npm=npm)
    if not _installed():
        result = chain.run(npm, "ci", "--no-audit", "--no-fund", timeout=600)
        if result.returncode != 0:
            message = f"npm ci failed in frontend/:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    return chain
