"""How the IEEE 2030.5 site client talks to the server test double over time.

It polls at the server's pollRate (not faster), reads intervals by the server's clock, finds
itself when registration gives no address, takes a full DeviceCapability address, and its
diagnostics show the site's identity but never its key.
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from custom_components.capacity_manager.diagnostics import async_get_config_entry_diagnostics
from custom_components.capacity_manager.grid import sep2_identity as identity
from tests.grid import sep2_site
from tests.grid.sep2_double import DoubleControl, Sep2Double
from tests.grid.sep2_site import CERT, KEY, T0, enforced, later, limits, setup_site

frozen, server = sep2_site.frozen, sep2_site.server  # fixtures shared with the site tests


@pytest.fixture(autouse=True)
def _frozen(frozen: FrozenDateTimeFactory) -> None:
    """Every test starts at NOW."""


async def test_the_client_polls_at_the_servers_poll_rate(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
) -> None:
    server.poll_rate = 300
    await setup_site(hass, site_data, server.base_url)
    assert server.hits["/dcap"] == 1
    server.programs[0].default = ((4000, 0), (0, 0))  # the utility lowers the default
    await later(hass, frozen, 299)
    assert server.hits["/dcap"] == 1
    assert limits(hass) == (5000.0, 0.0)  # not seen before the next poll is due
    await later(hass, frozen, 1)
    assert server.hits["/dcap"] == 2
    assert limits(hass) == (4000.0, 0.0)
    await later(hass, frozen, 300)
    assert server.hits["/dcap"] == 3


async def test_intervals_are_read_by_the_servers_clock(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
) -> None:
    server.clock_offset = 120  # the utility's clock is two minutes ahead of ours
    server.programs[0].controls.append(
        DoubleControl("doe", T0 + 600, 1800, import_w=(4000, 0), export_w=(1500, 0))
    )
    await setup_site(hass, site_data, server.base_url)
    server.raw["/tm"] = b"<Time/>"  # a broken Time later: the clock learnt first still counts
    await later(hass, frozen, 479)
    assert limits(hass) == (5000.0, 0.0)
    await later(hass, frozen, 1)  # 600 s on the server's clock
    assert limits(hass) == (4000.0, 1500.0)
    assert enforced(hass) == (4000.0, 1500.0)
    await later(hass, frozen, 1800)
    assert limits(hass) == (5000.0, 0.0)


async def test_a_registration_without_an_address_is_found_in_the_list(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
) -> None:
    server.location_on_register = False
    server.programs[0].controls.append(DoubleControl("doe", T0 - 60, 1800, import_w=(4000, 0)))
    await setup_site(hass, site_data, server.base_url)
    assert limits(hass) == (4000.0, 0.0)
    await later(hass, frozen, server.poll_rate)
    assert server.registrations == 1


async def test_a_full_device_capability_address_is_followed(
    hass: HomeAssistant, site_data: dict[str, Any], server: Sep2Double
) -> None:
    server.dcap_path = "/sep2/dcap"
    await setup_site(hass, site_data, f"{server.base_url}/sep2/dcap")
    assert limits(hass) == (5000.0, 0.0)
    assert server.hits["/sep2/dcap"] == 1


async def test_diagnostics_show_the_identity_but_not_the_key(
    hass: HomeAssistant, site_data: dict[str, Any], socket_enabled: None
) -> None:
    server = Sep2Double()
    server.use_tls(trusted_client_pem=CERT)
    await server.start()
    try:
        server.add_program("doe", 1, default=((5000, 0), (0, 0)))
        entry = await setup_site(
            hass,
            site_data,
            server.base_url,
            private_key=KEY,
            ca_certificate=server.server_cert,
            fingerprint_header=False,
            lfdi=identity.lfdi(identity.fingerprint(CERT)),
            sfdi=identity.sfdi(identity.fingerprint(CERT)),
        )
        assert limits(hass) == (5000.0, 0.0)
        diagnostics = await async_get_config_entry_diagnostics(hass, entry)  # type: ignore[arg-type]
    finally:
        await server.stop()
    text = repr(diagnostics)
    assert "PRIVATE KEY" not in text
    assert CERT.splitlines()[1] not in text  # the certificate (it may name the household)
    assert server.base_url not in text  # nor where the server is
    (source,) = [s["data"] for s in diagnostics["subentries"] if s["data"].get("kind") == "sep2"]
    assert source["lfdi"] == identity.lfdi(identity.fingerprint(CERT))
    assert source["sfdi"] == identity.sfdi(identity.fingerprint(CERT))


async def test_an_unreadable_certificate_leaves_the_site_running_without_the_source(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await setup_site(hass, site_data, server.base_url, certificate="not a certificate")
    assert limits(hass) == (None, None)  # nothing known, nothing invented
    assert enforced(hass) == (5750.0, None)  # the panel alone
    assert server.hits["/dcap"] == 0
    assert "IEEE 2030.5 source not started" in caplog.text
