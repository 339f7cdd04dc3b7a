"""An IEEE 2030.5 server that stops answering, against the server test double on loopback.

Envelopes already received keep running for their intervals, never looser than the default;
retries back off, and in the end are never more frequent than the server's pollRate.
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.grid import sep2_source
from tests.grid import sep2_site
from tests.grid.sep2_double import DoubleControl, Sep2Double
from tests.grid.sep2_site import ISSUE, T0, enforced, later, limits, setup_site

frozen, server = sep2_site.frozen, sep2_site.server  # fixtures shared with the site tests


@pytest.fixture(autouse=True)
def _frozen(frozen: FrozenDateTimeFactory) -> None:
    """Every test starts at NOW."""


async def test_received_controls_run_to_their_end_during_an_outage_never_looser_than_the_default(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
) -> None:
    server.programs[0].default = ((5000, 0), (1500, 0))
    server.programs[0].controls += [
        DoubleControl("tight", T0 - 60, 660, import_w=(2000, 0), export_w=(0, 0)),
        DoubleControl("loose", T0 + 600, 1200, import_w=(7000, 0), export_w=(3000, 0)),
    ]
    await setup_site(hass, site_data, server.base_url)
    assert limits(hass) == (2000.0, 0.0)

    await server.stop()
    await later(hass, frozen, server.poll_rate)  # one failed poll: the envelope still holds
    assert limits(hass) == (2000.0, 0.0)
    assert enforced(hass) == (2000.0, 0.0)
    await later(hass, frozen, 540)  # "loose" starts unseen by the server: capped by the default
    assert limits(hass) == (5000.0, 1500.0)
    assert enforced(hass) == (5000.0, 1500.0)

    await server.start()
    await later(hass, frozen, 600)  # the server answers: "loose" applies as it is
    assert limits(hass) == (7000.0, 3000.0)
    await later(hass, frozen, 600)  # and ends
    assert limits(hass) == (5000.0, 1500.0)


async def test_an_envelope_that_ends_during_an_outage_gives_way_to_the_default(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
) -> None:
    server.programs[0].controls.append(
        DoubleControl("doe", T0 - 60, 300, import_w=(2000, 0), export_w=(1000, 0))
    )
    await setup_site(hass, site_data, server.base_url)
    await server.stop()
    await later(hass, frozen, server.poll_rate)
    assert limits(hass) == (2000.0, 0.0)  # export: the default (0 W) is stricter
    await later(hass, frozen, 180)
    assert limits(hass) == (5000.0, 0.0)


async def test_retries_back_off_to_the_servers_poll_rate_and_no_faster(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    server: Sep2Double,
    frozen: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
) -> None:
    server.poll_rate = 900
    await setup_site(hass, site_data, server.base_url)
    server.status["/dcap"] = 503  # the entry point itself fails: the server counts as unreachable
    await later(hass, frozen, 900)
    assert server.hits["/dcap"] == 2
    for number, delay in enumerate((10, 30, 60, 120, 300, 600, 900, 900), start=3):
        await later(hass, frozen, delay - 1)
        assert server.hits["/dcap"] == number - 1, f"retry {number} came early"
        await later(hass, frozen, 1)
        assert server.hits["/dcap"] == number, f"retry {number} did not come after {delay} s"
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None


def test_the_back_off_doubles_up_to_the_longer_of_its_cap_and_the_poll_rate() -> None:
    delays = [sep2_source.backoff_s(n, 60.0) for n in range(1, 8)]
    assert delays == [10.0, 30.0, 60.0, 120.0, 300.0, 300.0, 300.0]
    delays = [sep2_source.backoff_s(n, 3600.0) for n in range(1, 10)]
    assert delays == [10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 2400.0, 3600.0]
    assert sep2_source.backoff_s(100_000, None) == 300.0  # a long outage does not overflow
