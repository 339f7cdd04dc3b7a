"""The IEEE 2030.5 site client against the server test double over real HTTP on loopback.

Registration, a dynamic operating envelope then the default control, overlapping programs,
multipliers, an unreachable server, malformed documents and a control that ends while Home
Assistant is down, as a user sees them: the grid limit sensors and repair issues.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.capacity_manager.const import CONF_BREAKER_A, CONF_PANEL_LIMIT_W, DOMAIN
from custom_components.capacity_manager.grid import sep2_identity as identity, sep2_source
from tests.grid import sep2_site
from tests.grid.sep2_double import DoubleControl, Sep2Double
from tests.grid.sep2_site import CERT, ISSUE, KEY, T0, enforced, later, limits, setup_site
from tests.grid.test_sep2_parse import BOMB

frozen, server = sep2_site.frozen, sep2_site.server  # fixtures shared with the site tests


@pytest.fixture(autouse=True)
def _frozen(frozen: FrozenDateTimeFactory) -> None:
    """Every test starts at NOW."""


async def test_the_site_registers_then_follows_an_envelope_then_the_default(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
) -> None:
    server.programs[0].controls.append(
        DoubleControl("doe-1", T0 + 600, 1800, import_w=(7000, 0), export_w=(1500, 0))
    )
    big_panel = {**site_data, CONF_BREAKER_A: 63.0, CONF_PANEL_LIMIT_W: 14490.0}
    await setup_site(hass, big_panel, server.base_url)
    sha = identity.fingerprint(CERT)
    assert server.devices == {1: (identity.lfdi(sha), str(identity.sfdi(sha)))}
    assert limits(hass) == (5000.0, 0.0)  # before the envelope: the default control
    assert enforced(hass) == (5000.0, 0.0)  # the engine's import limit and export limit

    await later(hass, frozen, 600)
    assert limits(hass) == (7000.0, 1500.0)
    assert enforced(hass) == (7000.0, 1500.0)
    await later(hass, frozen, 1799)
    assert enforced(hass) == (7000.0, 1500.0)
    await later(hass, frozen, 1)  # 30 minutes later
    assert limits(hass) == (5000.0, 0.0)
    assert enforced(hass) == (5000.0, 0.0)
    await later(hass, frozen, 120)  # later polls find the site registered: no second device
    assert server.registrations == 1


async def test_overlapping_programs_the_lower_primacy_wins_per_limit(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
) -> None:
    server.programs[0].controls.append(
        DoubleControl("wide", T0 - 60, 3600, import_w=(3, 3), export_w=(1, 3))
    )
    urgent = server.add_program("network", 0)
    urgent.controls.append(DoubleControl("urgent", T0 + 300, 600, import_w=(60, 2)))
    await setup_site(hass, site_data, server.base_url)
    assert limits(hass) == (3000.0, 1000.0)
    await later(hass, frozen, 300)
    assert limits(hass) == (6000.0, 1000.0)  # primacy 0 sets import; export still from "wide"
    await later(hass, frozen, 600)
    assert limits(hass) == (3000.0, 1000.0)


async def test_multipliers_scale_the_limits(
    hass: HomeAssistant, site_data: dict[str, Any], server: Sep2Double
) -> None:
    server.programs[0].default = ((45, 2), (25000, -1))
    await setup_site(hass, site_data, server.base_url)
    assert limits(hass) == (4500.0, 2500.0)


async def test_an_unreachable_server_means_the_default_then_a_repair_then_recovery(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    server.programs[0].controls.append(DoubleControl("doe", T0 - 60, 7200, import_w=(7000, 0)))
    await setup_site(hass, site_data, server.base_url)
    assert limits(hass) == (7000.0, 0.0)
    await server.stop()
    await later(hass, frozen, server.poll_rate)
    assert limits(hass) == (5000.0, 0.0)  # the last default the server gave
    for delay in sep2_source.BACKOFF_S[:3]:
        await later(hass, frozen, delay)
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    await later(hass, frozen, sep2_source.BACKOFF_S[3])  # the 5th failure in a row
    issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
    assert issue is not None
    assert issue.translation_key == "sep2_unreachable"

    await server.start()
    await later(hass, frozen, sep2_source.BACKOFF_S[4])
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert limits(hass) == (7000.0, 0.0)


async def test_malformed_documents_are_ignored_logged_once_and_the_last_good_kept(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.programs[0].controls.append(DoubleControl("doe", T0 - 60, 7200, import_w=(7000, 0)))
    await setup_site(hass, site_data, server.base_url)
    server.raw["/derp/doe/derc"] = b"<DERControlList><DERControl>"
    server.raw["/derp/doe/dderc"] = BOMB.encode()
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        await later(hass, frozen, server.poll_rate)
        assert limits(hass) == (7000.0, 0.0)
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("custom_components") and "ignored" in r.getMessage()
    ]
    assert len(warnings) == 2  # one per broken document, not one per poll
    assert any("/derp/doe/dderc" in w and "DTD" in w for w in warnings)

    del server.raw["/derp/doe/derc"]
    server.programs[0].controls[0].import_w = (6000, 0)
    await later(hass, frozen, server.poll_rate)
    assert limits(hass) == (6000.0, 0.0)


@pytest.mark.parametrize("server_up", [False, True], ids=["server down", "server up"])
async def test_a_control_that_ends_while_home_assistant_restarts(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
    server_up: bool,
) -> None:
    server.programs[0].controls.append(
        DoubleControl("doe", T0 - 60, 1800, import_w=(4000, 0), export_w=(1500, 0))
    )
    entry = await setup_site(hass, site_data, server.base_url)
    assert limits(hass) == (4000.0, 1500.0)
    assert enforced(hass) == (4000.0, 1500.0)

    assert await hass.config_entries.async_unload(entry.entry_id)  # Home Assistant stops
    if not server_up:
        await server.stop()
    frozen.tick(timedelta(minutes=45))  # the control ended while Home Assistant was down
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    # The default (told by the server now, or remembered from before), never the stale control
    # the server may still list.
    assert limits(hass) == (5000.0, 0.0)
    assert enforced(hass) == (5000.0, 0.0)

    if not server_up:
        await server.start()
    await later(hass, frozen, sep2_source.BACKOFF_S[0])
    assert limits(hass) == (5000.0, 0.0)
    assert server.registrations == 1


async def test_over_tls_the_client_certificate_identifies_the_site(
    hass: HomeAssistant, site_data: dict[str, Any], socket_enabled: None
) -> None:
    server = Sep2Double()
    server.use_tls(trusted_client_pem=CERT)
    await server.start()
    try:
        server.add_program("doe", 1, default=((5000, 0), (0, 0)))
        server.programs[0].controls.append(
            DoubleControl("doe-1", T0 - 60, 1800, import_w=(7000, 0), export_w=(1500, 0))
        )
        await setup_site(
            hass,
            site_data,
            server.base_url,
            private_key=KEY,
            ca_certificate=server.server_cert,
            fingerprint_header=False,
        )
        assert server.base_url.startswith("https://")
        assert server.devices == {
            1: (
                identity.lfdi(identity.fingerprint(CERT)),
                str(identity.sfdi(identity.fingerprint(CERT))),
            )
        }
        assert limits(hass) == (7000.0, 1500.0)
    finally:
        await server.stop()
