"""How the IEEE 2030.5 site client talks to the server test double over time.

It polls at the server's pollRate (not faster), reads intervals by the server's clock, finds
itself when registration gives no address, takes a full DeviceCapability address, and its
diagnostics show the site's identity but never its key.
"""

from __future__ import annotations

import pytest

from custom_components.capacity_manager.diagnostics import async_get_config_entry_diagnostics
from custom_components.capacity_manager.grid import sep2_identity as identity
from tests.grid import sep2_site
from tests.grid.sep2_site import CERT, T0, Sep2Site

site = sep2_site.site  # the fixture shared with the site tests


async def test_the_client_polls_at_the_servers_poll_rate(site: Sep2Site) -> None:
    server = site.server
    server.poll_rate = 300
    await site.setup()
    assert server.hits["/dcap"] == 1
    server.programs[0].default = ((4000, 0), (0, 0))  # the utility lowers the default
    await site.later(299)
    assert server.hits["/dcap"] == 1
    assert site.limits() == (5000.0, 0.0)  # not seen before the next poll is due
    await site.later(1)
    assert server.hits["/dcap"] == 2
    assert site.limits() == (4000.0, 0.0)
    await site.later(300)
    assert server.hits["/dcap"] == 3


async def test_intervals_are_read_by_the_servers_clock(site: Sep2Site) -> None:
    site.server.clock_offset = 120  # the utility's clock is two minutes ahead of ours
    site.envelope((4000, 0), (1500, 0), start=T0 + 600, duration=1800)
    await site.setup()
    site.server.raw["/tm"] = b"<Time/>"  # a broken Time later: the clock learnt first still counts
    await site.later(479)
    assert site.limits() == (5000.0, 0.0)
    await site.later(1)  # 600 s on the server's clock
    assert site.limits() == (4000.0, 1500.0)
    assert site.enforced() == (4000.0, 1500.0)
    await site.later(1800)
    assert site.limits() == (5000.0, 0.0)


async def test_a_registration_without_an_address_is_found_in_the_list(site: Sep2Site) -> None:
    site.server.location_on_register = False
    site.envelope((4000, 0), duration=1800)
    await site.setup()
    assert site.limits() == (4000.0, 0.0)
    await site.next_poll()
    assert site.server.registrations == 1


async def test_a_full_device_capability_address_is_followed(site: Sep2Site) -> None:
    site.server.dcap_path = "/sep2/dcap"
    await site.setup(f"{site.server.base_url}/sep2/dcap")
    assert site.limits() == (5000.0, 0.0)
    assert site.server.hits["/sep2/dcap"] == 1


async def test_diagnostics_show_the_identity_but_not_the_key(site: Sep2Site) -> None:
    entry = await site.setup_tls(
        lfdi=identity.lfdi(identity.fingerprint(CERT)),
        sfdi=identity.sfdi(identity.fingerprint(CERT)),
    )
    assert site.limits() == (5000.0, 0.0)
    diagnostics = await async_get_config_entry_diagnostics(site.hass, entry)  # type: ignore[arg-type]
    text = repr(diagnostics)
    assert "PRIVATE KEY" not in text
    assert CERT.splitlines()[1] not in text  # the certificate (it may name the household)
    assert site.server.base_url not in text  # nor where the server is
    (source,) = [s["data"] for s in diagnostics["subentries"] if s["data"].get("kind") == "sep2"]
    assert source["lfdi"] == identity.lfdi(identity.fingerprint(CERT))
    assert source["sfdi"] == identity.sfdi(identity.fingerprint(CERT))


async def test_an_unreadable_certificate_leaves_the_site_running_without_the_source(
    site: Sep2Site, caplog: pytest.LogCaptureFixture
) -> None:
    await site.setup(certificate="not a certificate")
    assert site.limits() == (None, None)  # nothing known, nothing invented
    assert site.enforced() == (5750.0, None)  # the panel alone
    assert site.server.hits["/dcap"] == 0
    assert "IEEE 2030.5 source not started" in caplog.text
