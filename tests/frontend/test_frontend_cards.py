"""The card tests of frontend/test, run by node's test runner.

Logic (entity discovery, ladder, timeline data, translations) runs in node; the cards
themselves run in headless Debian Chromium through playwright-core, on a test page with a fake
`hass`, and leave screenshots in out/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from frontend_toolchain import FRONTEND, Toolchain


def _node_tests(toolchain: Toolchain, folder: str) -> None:
    # Files, not a folder or a glob: node 20 and node 22 read those arguments differently.
    files = sorted(str(path) for path in (FRONTEND / "test" / folder).glob("*.test.mjs"))
    assert files, f"no tests in frontend/test/{folder}"
    result = toolchain.run(toolchain.node, "--test", "--test-reporter=spec", *files)
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, output
    assert "# skipped 0" in output or "skipped 0" in output, output


def test_card_logic(toolchain: Toolchain) -> None:
    _node_tests(toolchain, "unit")


def test_cards_in_a_real_browser(toolchain: Toolchain) -> None:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.skip(
            f"no Chromium at {chromium} (Debian: apt-get install chromium; or set CHROMIUM)"
        )
    _node_tests(toolchain, "browser")
