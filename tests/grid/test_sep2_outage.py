"""An IEEE 2030.5 server that stops answering, against the server test double on loopback.

Envelopes already received keep running for their intervals, never looser than the default;
retries back off, and in the end are never more frequent than the server's pollRate.
"""

from __future__ import annotations

from homeassistant.helpers import issue_registry as ir

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.grid import sep2_source
from tests.grid import sep2_site
from tests.grid.sep2_site import ISSUE, T0, Sep2Site

site = sep2_site.site  # the fixture shared with the site tests


async def test_received_controls_run_to_their_end_during_an_outage_never_looser_than_the_default(
    site: Sep2Site,
) -> None:
    site.server.programs[0].default = ((5000, 0), (1500, 0))
    site.envelope((2000, 0), (0, 0), mrid="tight", duration=660)
    site.envelope((7000, 0), (3000, 0), mrid="loose", start=T0 + 600, duration=1200)
    await site.setup()
    assert site.limits() == (2000.0, 0.0)

    await site.server.stop()
    await site.next_poll()  # one failed poll: the envelope still holds
    assert site.limits() == (2000.0, 0.0)
    assert site.enforced() == (2000.0, 0.0)
    await site.later(540)  # "loose" starts unseen by the server: capped by the default
    assert site.limits() == (5000.0, 1500.0)
    assert site.enforced() == (5000.0, 1500.0)

    await site.server.start()
    await site.later(600)  # the server answers: "loose" applies as it is
    assert site.limits() == (7000.0, 3000.0)
    await site.later(600)  # and ends
    assert site.limits() == (5000.0, 1500.0)


async def test_an_envelope_that_ends_during_an_outage_gives_way_to_the_default(
    site: Sep2Site,
) -> None:
    site.envelope((2000, 0), (1000, 0), duration=300)
    await site.setup()
    await site.server.stop()
    await site.next_poll()
    assert site.limits() == (2000.0, 0.0)  # export: the default (0 W) is stricter
    await site.later(180)
    assert site.limits() == (5000.0, 0.0)


async def test_retries_back_off_to_the_servers_poll_rate_and_no_faster(
    site: Sep2Site, issue_registry: ir.IssueRegistry
) -> None:
    server = site.server
    server.poll_rate = 900
    await site.setup()
    server.status["/dcap"] = 503  # the entry point itself fails: the server counts as unreachable
    await site.later(900)
    assert server.hits["/dcap"] == 2
    for number, delay in enumerate((10, 30, 60, 120, 300, 600, 900, 900), start=3):
        await site.later(delay - 1)
        assert server.hits["/dcap"] == number - 1, f"retry {number} came early"
        await site.later(1)
        assert server.hits["/dcap"] == number, f"retry {number} did not come after {delay} s"
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is not None


def test_the_back_off_doubles_up_to_the_longer_of_its_cap_and_the_poll_rate() -> None:
    delays = [sep2_source.backoff_s(n, 60.0) for n in range(1, 8)]
    assert delays == [10.0, 30.0, 60.0, 120.0, 300.0, 300.0, 300.0]
    delays = [sep2_source.backoff_s(n, 3600.0) for n in range(1, 10)]
    assert delays == [10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 2400.0, 3600.0]
    assert sep2_source.backoff_s(100_000, None) == 300.0  # a long outage does not overflow
