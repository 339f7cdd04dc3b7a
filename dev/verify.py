"""Check a provisioned Home Assistant: what a newcomer needs to see Capacity Manager work."""

from __future__ import annotations

import aiohttp

from .ha_client import Rest, websocket
from .provision import CM_DOMAIN, HOUSE_DOMAIN, Provisioned


async def verify(provisioned: Provisioned) -> list[str]:
    """Check that everything a newcomer needs works; return the problems (none = good)."""
    problems: list[str] = []
    async with aiohttp.ClientSession() as session:
        rest = Rest(session, provisioned.base_url, provisioned.tokens)
        entries = await rest.get("/api/config/config_entries/entry")
        states = {
            e["domain"]: e["state"] for e in entries if e["domain"] in (CM_DOMAIN, HOUSE_DOMAIN)
        }
        for domain in (CM_DOMAIN, HOUSE_DOMAIN):
            if states.get(domain) != "loaded":
                problems.append(f"{domain} entry is {states.get(domain, 'missing')}")
        meter = await rest.state(provisioned.house["grid_power"])
        if meter["state"] in ("unknown", "unavailable"):
            problems.append(f"site meter {meter['entity_id']} is {meter['state']}")
        for key in ("site_power", "effective_limit", "mode", "restore_all"):
            if key not in provisioned.site:
                problems.append(f"no Capacity Manager {key} entity")
            elif (await rest.state(provisioned.site[key]))["state"] == "unavailable":
                problems.append(f"{provisioned.site[key]} is unavailable")
        problems.extend(await _verify_frontend(session, provisioned.base_url))
        async with websocket(session, provisioned.base_url, provisioned.tokens) as ws:
            config = await ws.call("lovelace/config")
            types = [card["type"] for view in config["views"] for card in view["cards"]]
            for card in ("custom:capacity-manager-card", "custom:capacity-manager-timeline-card"):
                if card not in types:
                    problems.append(f"dashboard has no {card}")
    return problems


async def _verify_frontend(session: aiohttp.ClientSession, base_url: str) -> list[str]:
    """The card bundle is served and every page loads it (add_extra_js_url)."""
    async with session.get(f"{base_url}/") as response:
        page = await response.text()
    marker = "/capacity_manager_frontend/capacity-manager-cards.js"
    start = page.find(marker)
    if start < 0:
        return [
            "the dashboard cards are not loaded by the frontend: Capacity Manager's "
            "async_setup does not call frontend.async_register_frontend"
        ]
    url = page[start : page.find('"', start)]
    async with session.get(f"{base_url}{url}") as response:
        body = await response.text()
        if response.status != 200 or "capacity-manager-card" not in body:
            return [f"card bundle {url}: HTTP {response.status}"]
    return []
