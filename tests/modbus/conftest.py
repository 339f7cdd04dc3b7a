"""Fixtures: real pymodbus servers on 127.0.0.1 and meters that are closed after each test.

pytest-homeassistant-custom-component blocks sockets in every test; these fixtures request
`socket_enabled` (127.0.0.1 stays the only allowed host).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any
from unittest.mock import patch

import pytest

from custom_components.capacity_manager.sources.modbus import ModbusMeter
from tests.modbus.sim import RegisterBank, SimServer

type StartServer = Callable[..., Awaitable[SimServer]]


@pytest.fixture
def flow_only(enable_custom_integrations: None) -> Iterator[None]:
    """For flow tests: load custom_components/; creating or reloading an entry runs nothing."""
    with patch("custom_components.capacity_manager.async_setup_entry", return_value=True):
        yield


@pytest.fixture
async def start_server(socket_enabled: None) -> AsyncIterator[StartServer]:
    servers: list[SimServer] = []

    async def start(bank: RegisterBank, **kwargs: Any) -> SimServer:
        server = SimServer(bank, **kwargs)
        await server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.stop()


@pytest.fixture
async def track_meter(
    start_server: StartServer,
) -> AsyncIterator[Callable[[ModbusMeter], ModbusMeter]]:
    meters: list[ModbusMeter] = []

    def track(meter: ModbusMeter) -> ModbusMeter:
        meters.append(meter)
        return meter

    yield track
    for meter in meters:
        await meter.async_close()
