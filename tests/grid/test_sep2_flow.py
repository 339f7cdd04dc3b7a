"""Adding an IEEE 2030.5 server as a limit source: the form, the site identity, the refusals."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.grid import sep2, sep2_identity as identity
from custom_components.capacity_manager.grid.const import SUBENTRY_LIMIT_SOURCE
from custom_components.capacity_manager.grid.sep2_source import load_credentials
from tests.grid.sep2_double import Sep2Double, make_certificate
from tests.helpers import (
    STRINGS,
    assert_renders,
    assert_translated,
    form_values,
    start_subentry_reconfigure,
)

pytestmark = pytest.mark.usefixtures("mock_setup_entry")
CERT, KEY = make_certificate()
OTHER_CERT, OTHER_KEY = make_certificate()
SHA = identity.fingerprint(CERT)


@pytest.fixture
def entry(hass: HomeAssistant, mock_config_entry: MockConfigEntry) -> MockConfigEntry:
    mock_config_entry.add_to_hass(hass)
    return mock_config_entry


@pytest.fixture
async def server(socket_enabled: None) -> AsyncGenerator[Sep2Double]:
    double = Sep2Double()
    await double.start()
    yield double
    await double.stop()


async def submit(
    hass: HomeAssistant, entry: MockConfigEntry, user_input: dict[str, Any]
) -> FlowResult[Any, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_LIMIT_SOURCE), context={"source": SOURCE_USER}
    )
    assert "sep2" in result["menu_options"]
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "sep2"}
    )
    assert result["step_id"] == "sep2"
    assert_renders(result)
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], user_input)
    assert_translated(result, "config_subentries", "limit_source")
    return result


async def saved_then_reconfigured(
    hass: HomeAssistant, entry: MockConfigEntry, url: str
) -> tuple[FlowResult[Any, Any], str]:
    """The source on `url` saved, then its reconfigure started: its first step, and its id."""
    result = await submit(hass, entry, form(url))
    await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    (source,) = [s for s in entry.subentries.values() if s.subentry_type == SUBENTRY_LIMIT_SOURCE]
    return await start_subentry_reconfigure(hass, entry, source.subentry_id), source.subentry_id


def form(url: str, **overrides: Any) -> dict[str, Any]:
    return {
        "name": "Utility DOE",
        "sep2_url": url,
        "certificate": CERT,
        "fingerprint_header": True,
        **overrides,
    }


async def test_the_site_identity_is_shown_before_the_source_is_saved(
    hass: HomeAssistant, entry: MockConfigEntry, server: Sep2Double
) -> None:
    result = await submit(hass, entry, form(server.base_url))
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "sep2_identity"
    placeholders = result["description_placeholders"]
    assert placeholders == {"lfdi": identity.lfdi(SHA), "sfdi": str(identity.sfdi(SHA))}
    text = STRINGS["config_subentries"]["limit_source"]["step"]["sep2_identity"]["description"]
    assert "{lfdi}" in text
    assert "{sfdi}" in text

    done = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert done["type"] is FlowResultType.CREATE_ENTRY
    (source,) = [s for s in entry.subentries.values() if s.subentry_type == SUBENTRY_LIMIT_SOURCE]
    assert source.data["kind"] == "sep2"
    assert source.data["lfdi"] == identity.lfdi(SHA)
    assert server.registrations == 0  # checking the server does not register the site


async def test_a_certificate_file_path_works_like_pem_text(
    hass: HomeAssistant, entry: MockConfigEntry, server: Sep2Double, tmp_path: Path
) -> None:
    cert_file = tmp_path / "site.pem"
    cert_file.write_text(CERT)
    result = await submit(hass, entry, form(server.base_url, certificate=str(cert_file)))
    assert result["step_id"] == "sep2_identity"
    assert (result["description_placeholders"] or {}).get("lfdi") == identity.lfdi(SHA)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"certificate": "not a certificate"}, {"certificate": "invalid_certificate"}),
        ({"fingerprint_header": False}, {"private_key": "invalid_private_key"}),  # no key
        (
            {"fingerprint_header": False, "private_key": OTHER_KEY},
            {"private_key": "invalid_private_key"},
        ),
        ({"ca_certificate": "-----BEGIN nonsense"}, {"ca_certificate": "invalid_ca_certificate"}),
        ({"sep2_url": "http://utility.example.com"}, {"sep2_url": "https_required"}),
    ],
)
async def test_bad_input_is_refused_with_a_reason(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    server: Sep2Double,
    overrides: dict[str, Any],
    errors: dict[str, str],
) -> None:
    result = await submit(hass, entry, form(server.base_url, **overrides))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors


async def test_an_unreachable_server_is_refused_but_the_identity_is_shown(
    hass: HomeAssistant, entry: MockConfigEntry, server: Sep2Double
) -> None:
    await server.stop()
    result = await submit(hass, entry, form(server.base_url))
    assert result["errors"] == {"base": "sep2_cannot_connect"}
    assert (result["description_placeholders"] or {}).get("lfdi") == identity.lfdi(SHA)


def test_a_certificate_and_its_key_make_a_tls_client_context() -> None:
    creds = load_credentials({"certificate": CERT, "private_key": KEY})
    assert creds.ssl_context is not None
    assert creds.lfdi == identity.lfdi(SHA)
    _other_cert, other_key = make_certificate()
    with pytest.raises(sep2.Sep2Error, match="does not fit"):
        load_credentials({"certificate": CERT, "private_key": other_key})


async def test_reconfigure_shows_the_stored_server_and_updates_it(
    hass: HomeAssistant, entry: MockConfigEntry, server: Sep2Double
) -> None:
    result, source_id = await saved_then_reconfigured(hass, entry, server.base_url)
    assert result["step_id"] == "sep2"
    assert form_values(result)["sep2_url"] == server.base_url
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], form(server.base_url, name="Network DOE")
    )
    assert result["step_id"] == "sep2_identity"
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert result["reason"] == "reconfigure_successful"
    assert entry.subentries[source_id].title == "Network DOE"


async def test_a_full_device_capability_address_is_taken_as_given(
    hass: HomeAssistant, entry: MockConfigEntry, server: Sep2Double
) -> None:
    server.dcap_path = "/api/sep2/dcap"
    result = await submit(hass, entry, form(f"{server.base_url}/api/sep2/dcap"))
    assert result["step_id"] == "sep2_identity"
    assert server.hits["/api/sep2/dcap"] == 1
    result = await submit(hass, entry, form(server.base_url))  # /dcap is not there
    assert result["errors"] == {"base": "sep2_cannot_connect"}


@pytest.mark.parametrize(
    ("cert", "key", "trust_server", "errors"),
    [
        (CERT, KEY, True, None),
        (OTHER_CERT, OTHER_KEY, True, {"base": "sep2_cannot_connect"}),  # not the utility's
        (CERT, KEY, False, {"base": "sep2_cannot_connect"}),  # server not from a trusted CA
    ],
)
async def test_over_tls_the_server_checks_the_client_certificate_and_we_check_its(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    socket_enabled: None,
    cert: str,
    key: str,
    trust_server: bool,
    errors: dict[str, str] | None,
) -> None:
    server = Sep2Double()
    server.use_tls(trusted_client_pem=CERT)
    await server.start()
    try:
        ca = {"ca_certificate": server.server_cert} if trust_server else {}
        result = await submit(
            hass,
            entry,
            form(
                server.base_url, certificate=cert, private_key=key, fingerprint_header=False, **ca
            ),
        )
    finally:
        await server.stop()
    assert server.base_url.startswith("https://127.0.0.1:")
    if errors is None:
        assert result["step_id"] == "sep2_identity"
        assert server.hits["/dcap"] == 1
    else:
        assert result["errors"] == errors
        assert server.hits["/dcap"] == 0


async def test_reconfigure_shows_the_saved_identity_before_anything_is_read(
    hass: HomeAssistant, entry: MockConfigEntry, server: Sep2Double
) -> None:
    result, _source_id = await saved_then_reconfigured(hass, entry, server.base_url)
    assert result["description_placeholders"] == {
        "lfdi": identity.lfdi(SHA),
        "sfdi": str(identity.sfdi(SHA)),
    }
