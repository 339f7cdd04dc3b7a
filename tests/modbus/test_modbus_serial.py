"""Serial meters: RTU over a real serial port path (a pty pair), and opening ports off the loop.

pymodbus opens a serial port with pyserial's blocking `serial_for_url` inside `connect()`; the
reader moves that into an executor (serial_open.py). A port whose open hangs is simulated with
a "socket://" URL to a listener whose accept queue is full: the kernel drops the SYN, so the
open blocks for pyserial's 5 s socket timeout, as a stuck USB adapter would.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from pymodbus.client import AsyncModbusSerialClient

from custom_components.capacity_manager.sources.modbus import (
    MeterConfig,
    MeterConnectionError,
    ModbusMeter,
    Transport,
    async_probe,
    resolve_profile,
)
from custom_components.capacity_manager.sources.modbus.serial_open import open_off_loop
from tests.modbus.conftest import assert_follows_sdm120
from tests.modbus.meters import state_at, write_sunspec
from tests.modbus.serial_link import NullModemCable
from tests.modbus.sim import RegisterBank

pytest.importorskip("serial", reason="serial meters need pyserial (manifest requirement)")


def _serial(port: str, timeout_s: float = 0.5, **kwargs) -> MeterConfig:
    return MeterConfig(transport=Transport.SERIAL, serial_port=port, timeout_s=timeout_s, **kwargs)


@pytest.fixture
async def cable() -> AsyncIterator[NullModemCable]:
    # Ask for it before start_server / track_meter: torn down after them, so no port loses
    # its other end while pymodbus still uses it.
    link = NullModemCable()
    yield link
    link.close()


async def test_this_pymodbus_lets_the_port_be_opened_off_the_loop() -> None:
    # On a pymodbus whose layout changed the reader would fall back to the blocking open.
    client = AsyncModbusSerialClient("/dev/ttyCM-none", retries=0, reconnect_delay=0)
    assert open_off_loop(client)


async def test_rtu_meter_on_a_serial_port(cable, start_server, track_meter) -> None:
    bank = RegisterBank()
    server = await start_server(bank, unit_id=3, serial_port=cable.port_a)
    meter = track_meter(ModbusMeter(_serial(cable.port_b, unit_id=3), resolve_profile("sdm120")))
    await assert_follows_sdm120(meter, bank)
    await meter.async_close()  # the port is released and opened again
    assert (await meter.async_read()).total_w == pytest.approx(state_at(2, 1).total_w, abs=1e-3)
    assert bank.reads == 4
    assert server.connections == 1


async def test_sunspec_meter_on_a_serial_port(cable, start_server) -> None:
    bank = RegisterBank()
    write_sunspec(bank, state_at(1), base=0, model=203, extra_models=(101,))
    await start_server(bank, unit_id=7, serial_port=cable.port_a)
    reading, description = await async_probe(
        _serial(cable.port_b, unit_id=7), resolve_profile("sunspec")
    )
    assert reading.total_w == pytest.approx(state_at(1).total_w, abs=3.0)
    assert "model 203" in description


async def test_missing_serial_port_cannot_connect() -> None:
    meter = ModbusMeter(_serial("/dev/ttyCM-does-not-exist"), resolve_profile("sdm120"))
    with pytest.raises(MeterConnectionError) as err:
        await meter.async_read()
    assert err.value.error_key == "cannot_connect"
    assert not meter.available
    await meter.async_close()


@pytest.fixture
def stuck_url(socket_enabled: None) -> Iterator[str]:
    """A "socket://" serial URL whose open hangs until the fixture ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.socket()  # takes the only place in the accept queue
    filler.setblocking(False)
    filler.connect_ex(listener.getsockname())  # EINPROGRESS: completes in the kernel
    host, port = listener.getsockname()
    yield f"socket://{host}:{port}"
    # The next SYN retry (about 1 s after the open began) is refused and ends the worker's
    # open; the executor is shut down (and waited for) after each test.
    filler.close()
    listener.close()


async def test_a_hanging_port_open_does_not_block_the_loop(stuck_url) -> None:
    gaps: list[float] = []

    async def ticker() -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticking = asyncio.create_task(ticker())
    started = time.monotonic()
    try:
        with pytest.raises(MeterConnectionError) as err:
            await async_probe(_serial(stuck_url, timeout_s=0.3), resolve_profile("sdm120"))
    finally:
        ticking.cancel()
    elapsed = time.monotonic() - started
    assert err.value.error_key == "cannot_connect"
    assert 0.3 <= elapsed < 2.0  # our timeout, not pyserial's 5 s (margins for a busy machine)
    assert len(gaps) > 10
    assert max(gaps) < 0.5  # the loop ran all along
