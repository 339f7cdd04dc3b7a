"""Serves the dashboard cards and makes every Home Assistant page load them.

The bundle (built from `frontend/` in the repository, committed) is served from a static path
and added with `add_extra_js_url`, so users need not add a dashboard resource by hand. The
URL carries the integration version and a hash of the bundle: browsers cache it for long
(cache headers on) yet fetch a new build at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from homeassistant.components import frontend
from homeassistant.components.http import StaticPathConfig
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, LOGGER

FRONTEND_DIR = Path(__file__).parent / "cards"
BUNDLE_NAME = "capacity-manager-cards.js"
URL_BASE = f"/{DOMAIN}_frontend"
BUNDLE_URL = f"{URL_BASE}/{BUNDLE_NAME}"

# The module URL once registered: registration happens once per Home Assistant run, however
# many config entries call it.
DATA_FRONTEND: HassKey[str] = HassKey(f"{DOMAIN}_frontend")


def _bundle_digest(path: Path) -> str | None:
    """Short content hash of the bundle, or None when it is missing (a tree without a build)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except OSError:
        return None


async def async_register_frontend(hass: HomeAssistant) -> str | None:
    """Serve the cards and load them on every page; return the module URL.

    Idempotent: later calls return the first URL without registering anything again. Returns
    None without registering when http or frontend is not loaded, or (with one warning) when
    the bundle is missing: the integration works without its cards.
    """
    if DATA_FRONTEND in hass.data:
        return hass.data[DATA_FRONTEND] or None
    if getattr(hass, "http", None) is None or frontend.DATA_EXTRA_MODULE_URL not in hass.data:
        # Only without Home Assistant's web UI (tests, a headless set-up): nothing to serve.
        LOGGER.debug("http or frontend not loaded: dashboard cards not registered")
        return None
    # Claimed before the first await, so concurrent calls cannot both register.
    hass.data[DATA_FRONTEND] = ""
    digest = await hass.async_add_executor_job(_bundle_digest, FRONTEND_DIR / BUNDLE_NAME)
    if digest is None:
        LOGGER.warning(
            "Dashboard cards not found at %s; run scripts/build-frontend. The integration "
            "works without them",
            FRONTEND_DIR / BUNDLE_NAME,
        )
        return None
    integration = await async_get_integration(hass, DOMAIN)
    url = f"{BUNDLE_URL}?v={integration.version or '0'}-{digest}"
    await hass.http.async_register_static_paths(
        [StaticPathConfig(URL_BASE, str(FRONTEND_DIR), cache_headers=True)]
    )
    frontend.add_extra_js_url(hass, url)
    hass.data[DATA_FRONTEND] = url
    return url
