"""The dashboard cards in headless Chromium against the real Home Assistant.

The browser part is tests/e2e/dashboard.mjs (Playwright's API is JavaScript); it reports what
the page showed at each step and this test checks it, and checks Home Assistant's side over
REST and the websocket. Screenshots go to out/screenshots/.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from dev.ha_client import DEV_PASSWORD, DEV_USER
from dev.provision import DASHBOARD_PATH
from tests.e2e.helpers import SCREENSHOTS, RunningHass, reset, session

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).with_name("dashboard.mjs")
LADDER = ["Oven", "Dryer", "Water heater", "EV charger", "Pool pump"]  # priority 1 … 50
NEW_TITLE = "Panel in the hall"


def _run_browser(real_hass: RunningHass, node: str, chromium: Path) -> dict[str, Any]:
    config = {
        "baseUrl": real_hass.provisioned.base_url,
        "user": DEV_USER,
        "password": DEV_PASSWORD,
        "dashboardPath": f"lovelace/{DASHBOARD_PATH}",
        "shots": str(SCREENSHOTS),
        "chromium": str(chromium),
        "oven": "Oven",
        "shedLoad": "Pool pump",
        "newTitle": NEW_TITLE,
    }
    result = subprocess.run(
        [node, str(SCRIPT), json.dumps(config)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    report: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    failure = (
        f"{report.get('error') or result.stderr[-3000:]}\n"
        f"steps: {json.dumps(report.get('steps'))[:3000]}\n"
        f"Home Assistant log:\n{real_hass.log_tail()}"
    )
    assert result.returncode == 0, failure
    assert "error" not in report, failure
    steps: dict[str, Any] = report["steps"]
    return steps


def _load(card: dict[str, Any], name: str) -> dict[str, Any]:
    load: dict[str, Any] = next(load for load in card["loads"] if load["name"] == name)
    return load


def test_dashboard_shows_the_site_and_its_loads_and_its_controls_work(
    real_hass: RunningHass, browser_tools: tuple[str, Path]
) -> None:
    asyncio.run(_reset(real_hass))
    steps = _run_browser(real_hass, *browser_tools)

    live = steps["live"]
    assert "7.2 kW" in live["limit"]
    assert live["sitePower"].endswith("kW")
    assert [load["name"] for load in live["loads"]] == LADDER
    assert _load(live, "Oven")["status"] == "never_shed"
    assert _load(live, "Pool pump")["status"] == "on"
    assert live["timeline"]["power"]
    assert live["timeline"]["limit"]

    # The oven's toggle on the dashboard overloads the house; the card shows what was shed.
    overload = steps["overload"]
    pool_pump = _load(overload, "Pool pump")
    assert (pool_pump["status"], pool_pump["statusText"]) == ("shed", "Shed")
    assert pool_pump["reason"]  # why it is off
    assert _load(overload, "Oven")["status"] == "never_shed"
    assert overload["restoreEnabled"] is True
    assert any(e["kind"] == "shed" for e in overload["timeline"]["events"])

    # "Restore all" gave everything back; the mode buttons switched to monitor.
    assert all(load["status"] != "shed" for load in steps["restored"]["loads"])
    assert [m["option"] for m in steps["monitor"]["modes"] if m["pressed"]] == ["monitor"]
    assert steps["monitor"]["status"] == "monitor"

    # The visual editor changed the title; the preview followed and the dashboard saved it.
    assert steps["editor"]["preview"] == NEW_TITLE
    assert steps["editor"]["saved"] == NEW_TITLE
    assert steps["errors"] == []

    asyncio.run(_check_home_assistant_side(real_hass))
    for shot in (
        live["screenshot"],
        overload["screenshot"],
        overload["phoneScreenshot"],
        steps["monitor"]["screenshot"],
        steps["editor"]["screenshot"],
    ):
        assert Path(shot).stat().st_size > 10_000, shot


async def _reset(real_hass: RunningHass) -> None:
    async with session(real_hass.provisioned) as s:
        await reset(s)


async def _check_home_assistant_side(real_hass: RunningHass) -> None:
    """What the clicks did, seen from Home Assistant."""
    provisioned = real_hass.provisioned
    async with session(provisioned) as s:
        assert await s.state(provisioned.site["mode"]) == "monitor"
        assert await s.house("pool_pump") == "on"
        config = await s.ws.call("lovelace/config")
        card = config["views"][0]["cards"][0]
        assert card == {
            "type": "custom:capacity-manager-card",
            "entry_id": provisioned.entry_id,
            "title": NEW_TITLE,
        }
