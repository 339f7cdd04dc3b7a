"""Row 19: diagnostics, logs and events never carry a secret.

The only credentials the integration holds are those of an OpenADR VTN (client id and secret,
and the bearer tokens it is given). The VEN runs against the VTN test double over real HTTP:
it logs in, polls, asks for a reservation; then a second source with a wrong secret is refused;
then the VTN goes away. Every log line (all loggers, debug included), every event on the bus,
the repair issues and the diagnostics are searched for the secrets and the tokens.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncGenerator
from datetime import UTC, datetime, timedelta
from typing import Any

# Imported before time is frozen: the diagnostics view imports it lazily, and its models cannot
# be built while freezegun replaces `datetime`.
import homeassistant.components.hassio  # noqa: F401
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import MATCH_ALL
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.grid.const import SUBENTRY_LIMIT_SOURCE
from tests.grid.vtn_double import CLIENT_ID, CLIENT_SECRET, VtnDouble
from tests.harness import ENTRY_ID, default_loads, make_entry, make_house, setup_entry
from tests.reliability.common import state

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
WRONG_SECRET = "n0t-the-s3cret-\N{KEY}"
PROGRAM = "DOE"


@pytest.fixture(autouse=True)
def frozen(freezer: FrozenDateTimeFactory) -> FrozenDateTimeFactory:
    """Time is frozen before anything is set up (the API client's token included)."""
    freezer.move_to(NOW)
    return freezer


@pytest.fixture
async def vtn(socket_enabled: None) -> AsyncGenerator[VtnDouble]:
    """The VTN test double on loopback, with one program and a subscription of 9 kW."""
    double = VtnDouble()
    await double.start()
    double.add_program(PROGRAM)
    (program_id,) = double.programs
    double.add_event(
        program_id,
        eventName="subscription",
        intervalPeriod={"start": "2025-06-01T12:00:00Z", "duration": "P9999Y"},
        intervals=[
            {"id": 0, "payloads": [{"type": "IMPORT_CAPACITY_SUBSCRIPTION", "values": [9.0]}]}
        ],
    )
    yield double
    await double.stop()


def _source(source_id: str, url: str, secret: str) -> dict[str, Any]:
    return {
        "subentry_id": source_id,
        "subentry_type": SUBENTRY_LIMIT_SOURCE,
        "title": f"Grid operator {source_id}",
        "unique_id": None,
        "data": {
            "kind": "openadr",
            "vtn_url": url,
            "client_id": CLIENT_ID,
            "client_secret": secret,
            "ven_name": "home-ven",
            "program": PROGRAM,
            "poll_s": 60.0,
        },
    }


async def _later(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    for _ in range(int(seconds // 10)):
        freezer.tick(timedelta(seconds=10))
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


async def test_no_secret_in_diagnostics_logs_events_or_issues(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    site_data: dict[str, Any],
    vtn: VtnDouble,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    issue_registry: ir.IssueRegistry,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert await async_setup_component(hass, "diagnostics", {})
    events: list[Event[Any]] = []

    @callback
    def seen(event: Event[Any]) -> None:
        events.append(event)

    hass.bus.async_listen(MATCH_ALL, seen)
    await make_house(hass)
    good = _source("src_good", vtn.base_url, CLIENT_SECRET)
    bad = _source("src_bad", vtn.base_url, WRONG_SECRET)
    entry = make_entry(site_data, [*default_loads(), good, bad])
    await setup_entry(hass, entry)
    await _later(hass, freezer, 180)  # logged in and polling (and refused, for the bad one)
    assert float(state(hass, "sensor.home_grid_import_limit")) == 9000.0
    with contextlib.suppress(Exception):  # only what is logged or fired matters here
        await hass.services.async_call(
            DOMAIN,
            "request_capacity",
            {"config_entry_id": ENTRY_ID, "power": 2000, "duration": {"minutes": 30}},
            blocking=True,
            return_response=True,
        )
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    await vtn.stop()  # the grid server goes away: errors, back-off, a repair issue
    await _later(hass, freezer, 900)
    await hass.async_block_till_done()

    tokens = {token for token in vtn._tokens if token.startswith("token-")}
    assert tokens, "the VEN must have logged in for this test to mean anything"
    secrets = {CLIENT_SECRET, WRONG_SECRET, *tokens}
    texts = {
        "logs": "\n".join(
            f"{r.getMessage()} {r.exc_text or ''} {r.stack_info or ''}" for r in caplog.records
        )
        + caplog.text,
        "events": json.dumps([e.as_dict() for e in events], default=str),
        "issues": json.dumps(
            [i.to_json() for (domain, _), i in issue_registry.issues.items() if domain == DOMAIN],
            default=str,
        ),
        "diagnostics": json.dumps(diagnostics, default=str),
    }
    assert any("src_bad" in text or "refused" in text for text in texts.values())
    for where, text in texts.items():
        for secret in secrets:
            assert secret not in text, f"{secret!r} found in {where}"
    assert CLIENT_ID not in texts["diagnostics"]
    assert "**REDACTED**" in texts["diagnostics"]
