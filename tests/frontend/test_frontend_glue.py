"""Home Assistant serves the card bundle and loads it on every page, once."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.capacity_manager import frontend as cards
from custom_components.capacity_manager.const import DOMAIN


@pytest.fixture
async def http(hass: HomeAssistant) -> None:
    """HTTP for the static path; the frontend's URL list as its own setup would create it.

    The frontend component itself needs the home-assistant-frontend wheel, which these tests
    do not install; its URL manager is all `add_extra_js_url` touches.
    """
    assert await async_setup_component(hass, "http", {})
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(lambda *_: None, [])


@pytest.mark.usefixtures("http")
async def test_bundle_is_served_and_loaded_once(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    first, second = await asyncio.gather(
        cards.async_register_frontend(hass), cards.async_register_frontend(hass)
    )
    again = await cards.async_register_frontend(hass)
    assert first is not None
    assert first == again
    assert second in (first, None)  # the concurrent call saw registration under way
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset({first})

    bundle = cards.FRONTEND_DIR / cards.BUNDLE_NAME
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()[:10]
    assert first.startswith(f"/{DOMAIN}_frontend/capacity-manager-cards.js?v=")
    assert first.endswith(digest)  # a new build gets a new URL: no stale cached cards

    client = await hass_client()
    response = await client.get(first)
    assert response.status == 200
    assert await response.read() == bundle.read_bytes()
    assert "max-age" in response.headers.get("Cache-Control", "")


@pytest.mark.usefixtures("http")
async def test_missing_bundle_warns_once_and_registers_nothing(
    hass: HomeAssistant,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(cards, "FRONTEND_DIR", tmp_path)
    assert await cards.async_register_frontend(hass) is None
    assert await cards.async_register_frontend(hass) is None
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset()
    warnings = [r for r in caplog.records if "Dashboard cards not found" in r.getMessage()]
    assert len(warnings) == 1


async def test_without_http_or_frontend_nothing_is_registered(hass: HomeAssistant) -> None:
    assert await cards.async_register_frontend(hass) is None
    assert await async_setup_component(hass, "http", {})
    assert await cards.async_register_frontend(hass) is None  # still no frontend
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(lambda *_: None, [])
    url = await cards.async_register_frontend(hass)  # both there now: registers
    assert url is not None
    assert hass.data[DATA_EXTRA_MODULE_URL].urls == frozenset({url})
