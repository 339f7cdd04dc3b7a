"""The dashboard cards in headless Chromium against the real Home Assistant.

The browser part is tests/e2e/dashboard.mjs (Playwright's API is JavaScript); it reports what
the page showed at each step and this test checks it, and checks Home Assistant's side over
REST and the websocket. Screenshots go to out/screenshots/.

A fresh Home Assistant has no history before the tests started, so the test first imports two
weeks of hourly statistics of the site meter and the loads' power sensors (what weeks of use
would leave; tests/e2e/history.py). The card's what-if form replays them (and the states
recorded while the tests ran); the panel sizing report finds their peak; the timeline draws the
day before the tests from Capacity Manager's own imported site power and limit.

With CM_UPDATE_DOCS=1 the screenshots the README shows are copied to docs/images/ (README_SHOTS):
that is how they are regenerated, so they always show the cards as built.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from dev.ha_client import DEV_PASSWORD, DEV_USER
from dev.hass_process import REPO
from dev.provision import DASHBOARD_PATH
from tests.e2e.helpers import SCREENSHOTS, RunningHass, Session, reset, session
from tests.e2e.history import STATS_PEAK_W, import_statistics

pytestmark = pytest.mark.e2e

SCRIPT = Path(__file__).with_name("dashboard.mjs")
LADDER = ["Oven", "Dryer", "Water heater", "EV charger", "Pool pump"]  # priority 1 … 50
NEW_TITLE = "Panel in the hall"
DOCS_IMAGES = REPO / "docs" / "images"
EN_LABELS = REPO / "frontend" / "src" / "translations" / "en.ts"
# Screenshot of this test -> the file README.md shows.
README_SHOTS = {
    "e2e-dashboard-shed-desktop.png": "dashboard-shed.png",
    "e2e-dashboard-shed-phone.png": "dashboard-phone.png",
    "e2e-dashboard-dark-phone.png": "dashboard-dark-phone.png",
    "e2e-editor-desktop.png": "card-editor.png",
    "e2e-card-tools-desktop.png": "card-what-if-sizing.png",
}
WHAT_IF_DAYS = 3
WHAT_IF_LIMIT_KW = 4.0
PICKER_HOURS = 12  # the timeline card added through the card picker


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
        "whatIfDays": WHAT_IF_DAYS,
        "whatIfLimitKw": WHAT_IF_LIMIT_KW,
        "pickerHours": PICKER_HOURS,
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
    asyncio.run(import_statistics(real_hass))
    steps = _run_browser(real_hass, *browser_tools)

    live = steps["live"]
    assert "7.2 kW" in live["limit"]
    assert live["sitePower"].endswith("kW")
    assert [load["name"] for load in live["loads"]] == LADDER
    assert _load(live, "Oven")["status"] == "never_shed"
    assert _load(live, "Pool pump")["status"] == "on"
    assert live["timeline"]["power"]
    assert live["timeline"]["limit"]
    # The day before the tests is drawn from the imported hourly statistics: the lines run
    # from the left of the 24 h window, not only through the minute Home Assistant has run.
    assert live["timeline"]["powerFrom"] < 0.06, live["timeline"]
    assert live["timeline"]["limitFrom"] < 0.06, live["timeline"]

    # The oven's toggle on the dashboard overloads the house; the card shows what was shed.
    overload = steps["overload"]
    pool_pump = _load(overload, "Pool pump")
    assert (pool_pump["status"], pool_pump["statusText"]) == ("shed", "Shed")
    assert pool_pump["reason"]  # why it is off
    # Every reason shown is the card's label for it, never the integration's raw value.
    labels = set(re.findall(r'"reason\.[a-z_]+"\s*:\s*"([^"]*)"', EN_LABELS.read_text("utf-8")))
    shown = {load["reason"] for load in overload["loads"] if load["reason"]}
    assert shown <= labels, shown - labels
    assert _load(overload, "Oven")["status"] == "never_shed"
    assert overload["restoreEnabled"] is True
    shed_marks = [e for e in overload["timeline"]["events"] if e["kind"] == "shed"]
    assert pool_pump["entity"] in [e["entity"] for e in shed_marks]  # marked on the timeline

    # At phone width (390 px) and in Home Assistant's dark theme the card fits and reads well.
    for layout in (steps["phone"], steps["dark"]["layout"]):
        assert layout["viewport"] == 390
        assert layout["bad"] == [], layout["bad"]
        assert layout["pageWidth"] <= 390, layout
        assert [row["name"] for row in layout["rows"]] == LADDER
        for row in layout["rows"]:
            assert (row["nameFits"], row["statusShown"], row["powerShown"]) == (True,) * 3, row
            assert row["fontPx"] >= 12, row
    dark, light = steps["dark"], steps["light"]
    assert (dark["darkMode"], light["darkMode"]) == (True, False)
    assert dark["backgroundLuminance"] < 0.05, dark
    assert light["backgroundLuminance"] > 0.8, light
    assert min(dark["contrast"].values()) >= 4.5, dark  # WCAG AA for text

    # "Restore all" gave everything back; the mode buttons switched to monitor.
    assert all(load["status"] != "shed" for load in steps["restored"]["loads"])
    assert [m["option"] for m in steps["monitor"]["modes"] if m["pressed"]] == ["monitor"]
    assert steps["monitor"]["status"] == "monitor"

    # The visual editor changed the title; the preview followed and the dashboard saved it.
    assert steps["editor"]["preview"] == NEW_TITLE
    assert steps["editor"]["saved"] == NEW_TITLE
    # Home Assistant's card picker finds both cards by a search and previews them; the timeline
    # added from it opens in its visual editor, whose hours to show reach the preview and the
    # dashboard.
    picker = steps["picker"]
    assert picker["listed"] == [
        {"name": "Capacity Manager", "preview": "capacity-manager-card"},
        {"name": "Capacity Manager timeline", "preview": "capacity-manager-timeline-card"},
    ], picker
    assert picker["preview"] == f"Last {PICKER_HOURS} h", picker
    assert picker["shown"] == f"Last {PICKER_HOURS} h", picker
    assert steps["errors"] == []

    asyncio.run(_check_home_assistant_side(real_hass))
    asyncio.run(_check_tools(real_hass, steps["whatIf"], steps["sizing"]))
    for shot in (
        live["screenshot"],
        overload["screenshot"],
        overload["phoneScreenshot"],
        dark["screenshot"],
        steps["monitor"]["screenshot"],
        steps["editor"]["screenshot"],
        steps["picker"]["screenshot"],
        steps["sizing"]["screenshot"],
    ):
        assert Path(shot).stat().st_size > 10_000, shot
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for shot, name in README_SHOTS.items():
        assert f"docs/images/{name}" in readme, name  # README shows what this test takes
        if os.environ.get("CM_UPDATE_DOCS"):
            shutil.copyfile(SCREENSHOTS / shot, DOCS_IMAGES / name)


async def _reset(real_hass: RunningHass) -> None:
    async with session(real_hass.provisioned) as s:
        await reset(s)


def _minutes(text: str) -> float:
    """Minutes from the card's duration text ("< 1 min", "42 min", "3 h 5 min")."""
    if text == "< 1 min":
        return 0.5
    match = re.fullmatch(r"(?:(\d+) h )?(\d+) min", text)
    assert match, text
    return 60 * int(match[1] or 0) + int(match[2])


def _kw(watts: float) -> str:
    return f"{watts / 1000:.1f} kW" if abs(watts) >= 1000 else f"{round(watts)} W"


async def _service(s: Session, service: str, **data: Any) -> dict[str, Any]:
    result = await s.ws.call(
        "call_service",
        domain="capacity_manager",
        service=service,
        service_data={"config_entry_id": s.provisioned.entry_id, **data},
        return_response=True,
    )
    response: dict[str, Any] = result["response"]
    return response


async def _check_tools(
    real_hass: RunningHass, what_if: dict[str, Any], sizing: dict[str, Any]
) -> None:
    """What the card's what-if form and sizing section showed, against the services' answers."""
    assert what_if["error"] is None, what_if
    assert what_if["limitW"] == WHAT_IF_LIMIT_KW * 1000
    start, end = datetime.fromisoformat(what_if["start"]), datetime.fromisoformat(what_if["end"])
    assert end - start == timedelta(days=WHAT_IF_DAYS)
    assert what_if["progressEvents"] >= 2  # reading the day, then simulating
    assert what_if["resolution"] == (
        "History read from recorded states (1 d), hourly statistics (2 d)."
    )
    assert set(what_if["perLoad"]) <= set(LADDER)
    label, managed, unmanaged = what_if["above"]
    assert label == "Time above the limit"
    # Charging evenings take the house above 4 kW for hours; turning the car down fixes most.
    assert _minutes(unmanaged) >= 60
    assert _minutes(managed) < _minutes(unmanaged) / 2

    async with session(real_hass.provisioned) as s:
        # The same period again, straight from the service: the card showed its numbers.
        again = await _service(
            s, "simulate", start=what_if["start"], end=what_if["end"], limit=what_if["limitW"]
        )
        for shown, outcome in ((managed, "managed"), (unmanaged, "uncontrolled")):
            assert abs(_minutes(shown) - again[outcome]["minutes_above_limit"]) <= 1, (shown, again)
        report = await _service(s, "panel_sizing")

    assert sizing["error"] is None, sizing
    assert "NEC 220.87" in sizing["informative"]
    assert "Not a code calculation" in sizing["informative"]
    assert report["peak_demand_w"] >= STATS_PEAK_W  # the imported peak was found
    assert sizing["peak"] == _kw(report["peak_demand_w"])
    assert sizing["design"] == _kw(report["design_demand_w"])
    assert sizing["unmanaged"] == f"{report['unmanaged_available_a']:.1f} A"
    assert sizing["managed"] == f"{report['managed_available_a']:.1f} A"


async def _check_home_assistant_side(real_hass: RunningHass) -> None:
    """What the clicks did, seen from Home Assistant."""
    provisioned = real_hass.provisioned
    async with session(provisioned) as s:
        assert await s.state(provisioned.site["mode"]) == "monitor"
        assert await s.house("pool_pump") == "on"
        config = await s.ws.call("lovelace/config")
        cards = config["views"][0]["cards"]
        assert cards[0] == {
            "type": "custom:capacity-manager-card",
            "entry_id": provisioned.entry_id,
            "title": NEW_TITLE,
        }
        # Added last through the card picker: its stub config found the entry by itself.
        assert cards[-1] == {
            "type": "custom:capacity-manager-timeline-card",
            "entry_id": provisioned.entry_id,
            "hours_to_show": PICKER_HOURS,
        }
