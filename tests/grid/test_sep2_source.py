"""The IEEE 2030.5 site client against the server test double over real HTTP on loopback.

Registration, a dynamic operating envelope then the default control, overlapping programs,
multipliers, an unreachable server, malformed documents and a control that ends while Home
Assistant is down, as a user sees them: the grid limit sensors and repair issues.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from homeassistant.helpers import issue_registry as ir

from custom_components.capacity_manager.const import CONF_BREAKER_A, CONF_PANEL_LIMIT_W, DOMAIN
from custom_components.capacity_manager.grid import (
    sep2_identity as identity,
    sep2_values,
)
from tests.grid import sep2_site
from tests.grid.sep2_double import DoubleControl
from tests.grid.sep2_site import CERT, ISSUE, T0, Sep2Site, ignored
from tests.grid.test_sep2_parse import BOMB

site = sep2_site.site  # the fixture shared with the site tests


async def test_the_site_registers_then_follows_an_envelope_then_the_default(
    site: Sep2Site,
) -> None:
    site.envelope((7000, 0), (1500, 0), mrid="doe-1", start=T0 + 600, duration=1800)
    site.data = {**site.data, CONF_BREAKER_A: 63.0, CONF_PANEL_LIMIT_W: 14490.0}  # a big panel
    await site.setup()
    sha = identity.fingerprint(CERT)
    assert site.server.devices == {1: (identity.lfdi(sha), str(identity.sfdi(sha)))}
    assert site.limits() == (5000.0, 0.0)  # before the envelope: the default control
    assert site.enforced() == (5000.0, 0.0)  # the engine's import limit and export limit

    await site.later(600)
    assert site.limits() == (7000.0, 1500.0)
    assert site.enforced() == (7000.0, 1500.0)
    await site.later(1799)
    assert site.enforced() == (7000.0, 1500.0)
    await site.later(1)  # 30 minutes later
    assert site.limits() == (5000.0, 0.0)
    assert site.enforced() == (5000.0, 0.0)
    await site.later(120)  # later polls find the site registered: no second device
    assert site.server.registrations == 1


async def test_overlapping_programs_the_lower_primacy_wins_per_limit(site: Sep2Site) -> None:
    site.envelope((3, 3), (1, 3), mrid="wide", duration=3600)
    urgent = site.server.add_program("network", 0)
    urgent.controls.append(DoubleControl("urgent", T0 + 300, 600, import_w=(60, 2)))
    await site.setup()
    assert site.limits() == (3000.0, 1000.0)
    await site.later(300)
    assert site.limits() == (6000.0, 1000.0)  # primacy 0 sets import; export still from "wide"
    await site.later(600)
    assert site.limits() == (3000.0, 1000.0)


async def test_multipliers_scale_the_limits(site: Sep2Site) -> None:
    site.server.programs[0].default = ((45, 2), (25000, -1))
    await site.setup()
    assert site.limits() == (4500.0, 2500.0)


async def test_an_unreachable_server_means_the_default_then_a_repair_then_recovery(
    site: Sep2Site, issue_registry: ir.IssueRegistry
) -> None:
    site.envelope((7000, 0))
    await site.setup()
    assert site.limits() == (7000.0, 0.0)
    await site.server.stop()
    await site.next_poll()
    assert site.limits() == (5000.0, 0.0)  # the last default the server gave
    for delay in sep2_values.BACKOFF_S[:3]:
        await site.later(delay)
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    await site.later(sep2_values.BACKOFF_S[3])  # the 5th failure in a row
    issue = issue_registry.async_get_issue(DOMAIN, ISSUE)
    assert issue is not None
    assert issue.translation_key == "sep2_unreachable"

    await site.server.start()
    await site.later(sep2_values.BACKOFF_S[4])
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert site.limits() == (7000.0, 0.0)


async def test_malformed_documents_are_ignored_logged_once_and_the_last_good_kept(
    site: Sep2Site, caplog: pytest.LogCaptureFixture
) -> None:
    control = site.envelope((7000, 0))
    await site.setup()
    site.server.raw["/derp/doe/derc"] = b"<DERControlList><DERControl>"
    site.server.raw["/derp/doe/dderc"] = BOMB.encode()
    caplog.set_level(logging.WARNING)
    for _ in range(3):
        await site.next_poll()
        assert site.limits() == (7000.0, 0.0)
    warnings = ignored(caplog)
    assert len(warnings) == 2  # one per broken document, not one per poll
    assert any("/derp/doe/dderc" in w and "DTD" in w for w in warnings)

    del site.server.raw["/derp/doe/derc"]
    control.import_w = (6000, 0)
    await site.next_poll()
    assert site.limits() == (6000.0, 0.0)


@pytest.mark.parametrize("server_up", [False, True], ids=["server down", "server up"])
async def test_a_control_that_ends_while_home_assistant_restarts(
    site: Sep2Site, server_up: bool
) -> None:
    site.envelope((4000, 0), (1500, 0), duration=1800)
    entry = await site.setup()
    assert site.limits() == (4000.0, 1500.0)
    assert site.enforced() == (4000.0, 1500.0)

    await site.stop_home_assistant(entry)
    if not server_up:
        await site.server.stop()
    site.clock.tick(timedelta(minutes=45))  # the control ended while Home Assistant was down
    await site.start_home_assistant(entry)
    # The default (told by the server now, or remembered from before), never the stale control
    # the server may still list.
    assert site.limits() == (5000.0, 0.0)
    assert site.enforced() == (5000.0, 0.0)

    if not server_up:
        await site.server.start()
    await site.later(sep2_values.BACKOFF_S[0])
    assert site.limits() == (5000.0, 0.0)
    assert site.server.registrations == 1


async def test_over_tls_the_client_certificate_identifies_the_site(site: Sep2Site) -> None:
    site.envelope((7000, 0), (1500, 0), mrid="doe-1", duration=1800)
    await site.setup_tls()
    assert site.server.base_url.startswith("https://")
    assert site.server.devices == {
        1: (
            identity.lfdi(identity.fingerprint(CERT)),
            str(identity.sfdi(identity.fingerprint(CERT))),
        )
    }
    assert site.limits() == (7000.0, 1500.0)
