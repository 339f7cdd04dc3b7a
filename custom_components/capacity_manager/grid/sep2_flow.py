"""The form of an IEEE 2030.5 limit source and its checks (used by the limit-source flow).

The certificate (and key, and CA) are read first, each refused with its own reason, so the user
sees the site's LFDI and SFDI (what the utility registers) before the source is saved; then the
server must answer at its DeviceCapability (`/dcap`) over TLS with that certificate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

from ..const import CONF_NAME
from .sep2 import Sep2Error
from .sep2_client import Sep2Unreachable
from .sep2_identity import (
    CONF_CA_CERTIFICATE,
    CONF_CERTIFICATE,
    CONF_FINGERPRINT_HEADER,
    CONF_PRIVATE_KEY,
    CredentialError,
    Credentials,
    load_credentials,
)
from .sep2_source import CONF_SEP2_URL, KIND_SEP2

ERROR_CANNOT_CONNECT = "sep2_cannot_connect"


def schema() -> vol.Schema:
    """Name, server address, certificate, key and CA (PEM text or file paths), test header mode."""
    multiline = TextSelector(TextSelectorConfig(multiline=True))
    return vol.Schema(
        {
            vol.Required(CONF_NAME): TextSelector(),
            vol.Required(CONF_SEP2_URL): TextSelector(
                TextSelectorConfig(type=TextSelectorType.URL)
            ),
            vol.Required(CONF_CERTIFICATE): multiline,
            vol.Optional(CONF_PRIVATE_KEY): multiline,
            vol.Optional(CONF_CA_CERTIFICATE): multiline,
            vol.Required(CONF_FINGERPRINT_HEADER, default=False): BooleanSelector(),
        }
    )


def unique_id(data: Mapping[str, Any]) -> str:
    """One source per server and certificate."""
    return f"{KIND_SEP2}_{data[CONF_SEP2_URL]}_{data.get('lfdi', '')}"


async def async_check(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> tuple[dict[str, str], Credentials | None]:
    """Errors of the form (empty when fine) and the credentials read from it."""
    try:
        creds = await hass.async_add_executor_job(load_credentials, data)
    except CredentialError as err:
        return {err.field: err.error}, None
    client = creds.client(async_get_clientsession(hass), str(data[CONF_SEP2_URL]))
    try:
        await client.check()
    except (Sep2Unreachable, Sep2Error):
        return {"base": ERROR_CANNOT_CONNECT}, creds
    return {}, creds
