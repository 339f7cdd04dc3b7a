"""Business logic side of the interop test, run with the `openadr3-client` package from PyPI.

Runs in its own virtual environment (never imported by the tests): it creates the program and
the events on the VTN test double with a client we did not write, so the double is checked
against it. Usage: `python openadr3_bl.py <vtn base url> <client id> <client secret> <start iso>`.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta

from openadr3_client._models.common.interval import Interval  # type: ignore[import-not-found]
from openadr3_client._models.common.interval_period import (  # type: ignore[import-not-found]
    IntervalPeriod,
)
from openadr3_client.bl.http_factory import (  # type: ignore[import-not-found]
    BusinessLogicHttpClientFactory,
)
from openadr3_client.oadr310.models.event.event import NewEvent  # type: ignore[import-not-found]
from openadr3_client.oadr310.models.event.event_payload import (  # type: ignore[import-not-found]
    EventPayload,
    EventPayloadDescriptor,
    EventPayloadType,
)
from openadr3_client.oadr310.models.program.program import (  # type: ignore[import-not-found]
    NewProgram,
)
from openadr3_client.oadr310.models.unit import Unit  # type: ignore[import-not-found]
from openadr3_client.version import OADRVersion  # type: ignore[import-not-found]

# The DOE day: 48 half-hour import limits in kW (4.0, 4.5, ... 7.5, repeating).
DOE_KW = [4.0 + (n % 8) * 0.5 for n in range(48)]


def main(base_url: str, client_id: str, client_secret: str, start_iso: str) -> None:
    """Create the program, a subscription and a day of envelopes; print the program id."""
    start = datetime.fromisoformat(start_iso)
    client = BusinessLogicHttpClientFactory.create_http_bl_client(
        vtn_base_url=base_url,
        client_id=client_id,
        client_secret=client_secret,
        token_url=None,  # discovered through /auth/server (OpenADR 3.1)
        allow_insecure_http=True,  # the double listens on loopback without TLS
        version=OADRVersion.OADR_310,
    )
    program = client.programs.create_program(NewProgram(program_name="DOE"))
    subscription = EventPayloadType.IMPORT_CAPACITY_SUBSCRIPTION
    limit = EventPayloadType.IMPORT_CAPACITY_LIMIT
    client.events.create_event(
        NewEvent(
            programID=program.id,
            event_name="subscription",
            payload_descriptors=(EventPayloadDescriptor(payload_type=subscription, units=Unit.KW),),
            interval_period=IntervalPeriod(start=start - timedelta(days=1), duration=timedelta(0)),
            intervals=(Interval(id=0, payloads=(EventPayload(type=subscription, values=(9.0,)),)),),
        )
    )
    client.events.create_event(
        NewEvent(
            programID=program.id,
            event_name="envelope",
            payload_descriptors=(EventPayloadDescriptor(payload_type=limit, units=Unit.KW),),
            interval_period=IntervalPeriod(start=start, duration=timedelta(minutes=30)),
            intervals=tuple(
                Interval(id=n, payloads=(EventPayload(type=limit, values=(kw,)),))
                for n, kw in enumerate(DOE_KW)
            ),
        )
    )
    print(program.id)


if __name__ == "__main__":
    main(*sys.argv[1:5])
