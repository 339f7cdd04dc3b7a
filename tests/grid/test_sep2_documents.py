"""Unusable IEEE 2030.5 documents, against the server test double on loopback.

A program's document that is missing (HTTP error), endless, or elsewhere is ignored and logged
once, its last good version kept; it never makes the server count as unreachable, and the
site's identity never goes to another server.
"""

from __future__ import annotations

import logging

import pytest
from homeassistant.helpers import issue_registry as ir

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.grid import sep2, sep2_source
from custom_components.capacity_manager.grid.sep2_client import DocumentError, Sep2Client
from tests.grid import sep2_site
from tests.grid.sep2_double import NS, DoubleControl, Sep2Double
from tests.grid.sep2_site import ISSUE, T0, Sep2Site, ignored

site = sep2_site.site  # the fixture shared with the site tests


async def test_a_missing_program_document_is_ignored_not_the_server_unreachable(
    site: Sep2Site, issue_registry: ir.IssueRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    server = site.server
    control = site.envelope((2000, 0))
    other = server.add_program("other", 2, default=((3000, 0), (500, 0)))
    other.controls.append(DoubleControl("never-seen", T0 - 60, 7200, export_w=(100, 0)))
    server.status["/derp/other/derc"] = 404  # from the start: no good version to keep
    caplog.set_level(logging.WARNING)
    await site.setup()
    assert site.limits() == (2000.0, 0.0)

    server.status["/derp/doe/derc"] = 404
    server.status["/derp/doe/dderc"] = 500
    for _ in range(sep2_source.FAILURES_FOR_REPAIR + 1):
        await site.next_poll()
        assert site.limits() == (2000.0, 0.0)  # the last good control and default
    assert issue_registry.async_get_issue(DOMAIN, ISSUE) is None
    assert "poll failed" not in caplog.text
    warnings = ignored(caplog)
    assert len(warnings) == 3  # one per document, not one per poll
    assert any("/derp/other/derc" in w and "HTTP 404" in w for w in warnings)

    del server.status["/derp/doe/derc"]
    control.import_w = (2500, 0)
    await site.next_poll()
    assert site.limits() == (2500.0, 0.0)


async def test_a_default_that_fails_after_a_restart_keeps_the_remembered_one(
    site: Sep2Site,
) -> None:
    entry = await site.setup()
    assert site.limits() == (5000.0, 0.0)
    await site.stop_home_assistant(entry)
    site.server.status["/derp/doe/dderc"] = 500
    await site.start_home_assistant(entry)
    assert site.limits() == (5000.0, 0.0)  # not "no limit" because one document failed
    await site.next_poll()
    assert site.limits() == (5000.0, 0.0)


async def test_an_endless_document_is_given_up_while_reading(
    site: Sep2Site, caplog: pytest.LogCaptureFixture
) -> None:
    server = site.server
    site.envelope((2000, 0))
    await site.setup()
    endless = 64 * sep2.MAX_BYTES
    server.stream["/derp/doe/derc"] = endless  # chunked: no length to refuse it by
    server.raw["/derp/doe/dderc"] = b" " * (sep2.MAX_BYTES + 1)  # says its length up front
    caplog.set_level(logging.WARNING)
    await site.next_poll()
    assert site.limits() == (2000.0, 0.0)
    assert server.streamed["/derp/doe/derc"] < endless // 4  # the client hung up early
    warnings = ignored(caplog)
    assert len(warnings) == 2
    assert all("too large" in w for w in warnings)


async def test_links_and_redirects_to_another_server_are_not_followed(
    site: Sep2Site, caplog: pytest.LogCaptureFixture
) -> None:
    server = site.server
    elsewhere = Sep2Double()  # would take any request, certificate fingerprint header and all
    await elsewhere.start()
    try:
        elsewhere.add_program("doe", 1, default=((9000, 0), (9000, 0)))
        site.envelope((2000, 0))
        await site.setup()
        server.raw["/derp"] = (
            f'<DERProgramList xmlns="{NS}" pollRate="60"><DERProgram href="/derp/doe">'
            f'<mRID>doe</mRID><DefaultDERControlLink href="{elsewhere.base_url}/derp/doe/dderc"/>'
            '<DERControlListLink href="/derp/doe/derc" all="1"/><primacy>1</primacy>'
            "</DERProgram></DERProgramList>"
        ).encode()
        server.redirect["/derp/doe/derc"] = f"{elsewhere.base_url}/derp/doe/derc"
        caplog.set_level(logging.WARNING)
        for _ in range(2):
            await site.next_poll()
            assert site.limits() == (2000.0, 0.0)
    finally:
        await elsewhere.stop()
    assert not elsewhere.hits
    warnings = ignored(caplog)
    assert len(warnings) == 2
    assert any("another server refused" in w for w in warnings)
    assert any("HTTP 302" in w for w in warnings)


def test_only_the_configured_scheme_host_and_port_are_reached() -> None:
    client = Sep2Client(
        None,  # type: ignore[arg-type]  # no request is made
        "https://utility.example:8443/sep2/dcap",
        lfdi="00",
        sfdi=0,
    )
    assert str(client.http.url("/derp?s=0")) == "https://utility.example:8443/derp?s=0"
    assert str(client.http.url("https://UTILITY.example:8443/x")) == (
        "https://utility.example:8443/x"
    )
    for elsewhere in (
        "http://utility.example:8443/x",
        "https://utility.example/x",
        "https://other.example:8443/x",
        "//other.example:8443/x",
    ):
        with pytest.raises(DocumentError, match="another server"):
            client.http.url(elsewhere)
