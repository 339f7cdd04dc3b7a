"""Fixtures of the grid tests: the VTN test double on loopback and limit-source subentries."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import pytest

from custom_components.capacity_manager.grid.const import SUBENTRY_LIMIT_SOURCE
from tests.grid.vtn_double import CLIENT_ID, CLIENT_SECRET, VtnDouble

VEN_NAME = "home-ven"
PROGRAM = "DOE"


@pytest.fixture
async def vtn(socket_enabled: None) -> AsyncGenerator[VtnDouble]:
    """The VTN test double, listening on 127.0.0.1, with the program "DOE"."""
    double = VtnDouble()
    await double.start()
    double.add_program(PROGRAM, programLongName="Dynamic operating envelopes")
    yield double
    await double.stop()


def limit_source(
    kind: str, title: str, source_id: str | None = None, **data: Any
) -> dict[str, Any]:
    """Subentry data of a limit source with a fixed id."""
    return {
        "subentry_id": source_id or f"src_{kind}",
        "subentry_type": SUBENTRY_LIMIT_SOURCE,
        "title": title,
        "unique_id": None,
        "data": {"kind": kind, **data},
    }


def openadr_source(url: str, **data: Any) -> dict[str, Any]:
    """An OpenADR limit source pointing at the double."""
    return limit_source(
        "openadr",
        "Grid operator",
        vtn_url=url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        ven_name=VEN_NAME,
        program=PROGRAM,
        poll_s=60.0,
        **data,
    )
