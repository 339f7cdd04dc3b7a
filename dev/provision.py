"""Provision a fresh Home Assistant: virtual house, Capacity Manager and a dashboard.

Used by `scripts/develop` and by the end-to-end tests; the dashboard has both cards.

Capacity Manager is added exactly as a user would add it: the config flow over the REST API
(`/api/config/config_entries/flow`), then one load subentry flow per load
(`/api/config/config_entries/subentries/flow`, handler `[entry_id, "load"]`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from .ha_client import (
    HomeAssistantError,
    Rest,
    Tokens,
    Websocket,
    onboard,
    wait_running,
    websocket,
)

CM_DOMAIN = "capacity_manager"
HOUSE_DOMAIN = "virtual_house"
DASHBOARD_PATH = "capacity"  # the view's path in the default dashboard


@dataclass(frozen=True, slots=True)
class Scenario:
    """What to set up: the virtual house's clock and day, and the site's limit."""

    speed: float = 60.0  # virtual seconds per real second (0 freezes the house clock)
    start: str = "17:20"  # virtual time of day at start-up
    profile: str = "generated"  # or "uci": a real day from ../shared/data
    day: str | None = None  # UCI day, YYYY-MM-DD
    data_dir: str | None = None
    limit_w: float = 7200.0  # the paper's fictitious 30 A x 240 V panel
    # Quick to react, so a newcomer sees loads come back within a minute.
    timings: dict[str, float] = field(
        default_factory=lambda: {
            "restore_holdoff_s": 20.0,
            "restore_interval_s": 10.0,
            "stale_timeout_s": 30.0,
            "override_s": 600.0,
        }
    )
    # The timeline's window in real hours. One suits scripts/develop: at 60x an hour of the
    # house passes each minute, so the line fills the window while you watch. The e2e tests
    # show a day, filled by hourly statistics they import (tests/e2e/history.py).
    hours_to_show: int = 1


@dataclass(frozen=True, slots=True)
class Provisioned:
    """What provisioning created: ids the tests and the terminal message need."""

    base_url: str
    tokens: Tokens
    house_entry_id: str
    entry_id: str
    house: dict[str, str]  # virtual house key (e.g. "pool_pump") -> entity id
    site: dict[str, str]  # Capacity Manager translation key (e.g. "mode") -> entity id
    dashboard_url: str


async def _flow(rest: Rest, path: str, handler: Any, steps: list[dict[str, Any]]) -> Any:
    """Run a config (or subentry) flow through its forms; return the final result."""
    result = await rest.post(path, {"handler": handler, "show_advanced_options": False})
    for answer in steps:
        if result.get("type") != "form":
            raise HomeAssistantError(f"{handler}: expected a form, got {result}")
        result = await rest.post(f"{path}/{result['flow_id']}", answer)
        if result.get("errors"):
            raise HomeAssistantError(f"{handler} step {result.get('step_id')}: {result['errors']}")
    if result.get("type") != "create_entry":
        raise HomeAssistantError(f"{handler}: flow did not create an entry: {result}")
    return result


async def _registry(ws: Websocket, platform: str, entry_id: str, *, by: str) -> dict[str, str]:
    """Entity ids of a config entry, keyed by unique-id suffix or by translation key."""
    entries = await ws.call("config/entity_registry/list")
    found: dict[str, str] = {}
    for entry in entries:
        if entry["platform"] != platform or entry["config_entry_id"] != entry_id:
            continue
        if by == "unique_id":
            found[entry["unique_id"].removeprefix(f"{entry_id}_")] = entry["entity_id"]
        elif (key := entry.get("translation_key")) and entry.get("config_subentry_id") is None:
            found.setdefault(key, entry["entity_id"])
    return found


def _loads(house: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    """The loads of the virtual house as a user would enter them, least important last."""
    return [
        (
            "ev",
            {
                "name": "EV charger",
                "entity_id": house["ev_charging_current"],
                "pause_switch": house["ev_charging"],
                "priority": 40,
                "min_current_a": 6,
                "max_current_a": 32,
                "power_sensor": house["ev_power"],
            },
        ),
        *(
            (
                "switched",
                {
                    "name": name,
                    "entity_id": house[key],
                    "priority": priority,
                    "expected_power_w": watts,
                    "power_sensor": house[f"{key}_power"],
                    **extra,
                },
            )
            for key, name, priority, watts, extra in (
                ("oven", "Oven", 1, 3000, {"never_shed": True}),
                ("dryer", "Dryer", 20, 2500, {}),
                ("water_heater", "Water heater", 30, 3000, {}),
                ("pool_pump", "Pool pump", 50, 1100, {}),
            )
        ),
    ]


def dashboard(entry_id: str, house: dict[str, str], hours: int) -> dict[str, Any]:
    """The default dashboard: both cards, and the house's controls to play with."""
    return {
        "title": "Capacity Manager",
        "views": [
            {
                "title": "Capacity",
                "path": DASHBOARD_PATH,
                "cards": [
                    {"type": "custom:capacity-manager-card", "entry_id": entry_id},
                    {
                        "type": "custom:capacity-manager-timeline-card",
                        "entry_id": entry_id,
                        "hours_to_show": hours,
                    },
                    {
                        "type": "markdown",
                        "content": (
                            "**Virtual house** (development only). Switch the **oven** on to "
                            "overload the house and watch loads being shed; switch it off and "
                            "they come back."
                        ),
                    },
                    {
                        "type": "entities",
                        "title": "Virtual house",
                        "show_header_toggle": False,
                        "entities": [
                            {"entity": house[key], "name": name}
                            for key, name in (
                                ("clock", "Time of day"),
                                ("grid_power", "Grid power (the site meter)"),
                                ("base_load", "Household base load"),
                                ("oven", "Oven"),
                                ("ev_charging_current", "EV charging current"),
                                ("ev_charging", "EV charging"),
                                ("ev_power", "EV charger power"),
                                ("water_heater", "Water heater"),
                                ("pool_pump", "Pool pump"),
                                ("dryer", "Dryer"),
                            )
                        ],
                    },
                ],
            }
        ],
    }


async def provision(base_url: str, scenario: Scenario) -> Provisioned:
    """Onboard, add the virtual house and Capacity Manager with its loads, save the dashboard."""
    async with aiohttp.ClientSession() as session:
        tokens = await onboard(session, base_url)
        rest = Rest(session, base_url, tokens)
        await wait_running(rest)
        house_settings: dict[str, Any] = {
            "speed": scenario.speed,
            "start": scenario.start,
            "profile": scenario.profile,
        }
        if scenario.day:
            house_settings["day"] = scenario.day
        if scenario.data_dir:
            house_settings["data_dir"] = scenario.data_dir
        result = await _flow(
            rest, "/api/config/config_entries/flow", HOUSE_DOMAIN, [house_settings]
        )
        house_entry_id = result["result"]["entry_id"]
        async with websocket(session, base_url, tokens) as ws:
            house = await _registry(ws, HOUSE_DOMAIN, house_entry_id, by="unique_id")
            entry_id = await _add_capacity_manager(rest, ws, scenario, house)
            site = await _registry(ws, CM_DOMAIN, entry_id, by="translation_key")
            await ws.call(
                "lovelace/config/save", config=dashboard(entry_id, house, scenario.hours_to_show)
            )
    return Provisioned(
        base_url=base_url,
        tokens=tokens,
        house_entry_id=house_entry_id,
        entry_id=entry_id,
        house=house,
        site=site,
        dashboard_url=f"{base_url}/lovelace/{DASHBOARD_PATH}",
    )


async def _add_capacity_manager(
    rest: Rest, ws: Websocket, scenario: Scenario, house: dict[str, str]
) -> str:
    """The site through the config flow, then each load through a subentry flow.

    Each new load reloads the entry; the next one is added only once that reload is done. A
    load added while the entry reloads is missed (the update listener is gone while the entry is
    unloaded), as a user adding loads quickly through the API would see.
    """
    site_steps: list[dict[str, Any]] = [
        {
            "name": "Home",
            "source_type": "single",
            "limit_type": "watts",
            "phases": 1,
            "voltage_v": 230,
        },
        {"power_sensor": house["grid_power"], "export_negative": True},
        {
            "panel_limit_w": scenario.limit_w,
            "continuous_enabled": False,
            "continuous_grace_s": 10800,
            "thresholds": {"shed_pct": 95, "target_pct": 90, "restore_pct": 85},
            "timings": scenario.timings,
        },
    ]
    result = await _flow(rest, "/api/config/config_entries/flow", CM_DOMAIN, site_steps)
    entry_id: str = result["result"]["entry_id"]
    for count, (kind, details) in enumerate(_loads(house), start=1):
        await _flow(
            rest,
            "/api/config/config_entries/subentries/flow",
            [entry_id, "load"],
            [{"kind": kind}, details],
        )
        await _wait_settled(ws, rest, entry_id, count)
    return entry_id


async def _wait_settled(
    ws: Websocket, rest: Rest, entry_id: str, loads: int, within: float = 60
) -> None:
    """Wait for the reload after a load was added: entry loaded, `loads` loads live.

    A new subentry reloads the entry in the background, so "loaded" alone may still be the
    state from before that reload; the new load's entities exist only after it.
    """
    deadline = asyncio.get_running_loop().time() + within
    while True:
        entries = await rest.get(f"/api/config/config_entries/entry?domain={CM_DOMAIN}")
        loaded = any(e["entry_id"] == entry_id and e["state"] == "loaded" for e in entries)
        statuses = [
            e["entity_id"]
            for e in await ws.call("config/entity_registry/list")
            if e["config_entry_id"] == entry_id and e.get("translation_key") == "load_status"
        ]
        if loaded and len(statuses) == loads:
            try:
                states = [(await rest.state(entity))["state"] for entity in statuses]
            except HomeAssistantError:  # 404: not in the state machine yet
                states = ["unavailable"]
            if "unavailable" not in states:
                return
        if asyncio.get_running_loop().time() > deadline:
            raise HomeAssistantError(f"{CM_DOMAIN} entry did not settle with {loads} loads")
        await asyncio.sleep(0.5)
