"""Open a serial meter's port in a worker thread, not in the event loop.

pymodbus (3.8.3 up to at least 3.16.1) opens the port inside `connect()` with pyserial's
synchronous `serial_for_url`: a USB adapter that hangs or a "socket://" URL to a host that
drops packets would freeze Home Assistant, and no `asyncio.timeout` can interrupt a blocked
loop. pymodbus has no option for this, but every release keeps the opener as
`client.ctx.call_create`, a `partial(create_serial_connection, loop, protocol_factory, url,
**settings)`; `open_off_loop` swaps it for the same steps with the open in an executor.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from pymodbus.client import AsyncModbusSerialClient
from pymodbus.transport import serialtransport


def open_off_loop(client: AsyncModbusSerialClient) -> bool:
    """Make `client.connect()` open its port off the loop; False if this pymodbus differs."""
    ctx: Any = getattr(client, "ctx", None)
    create = getattr(ctx, "call_create", None)
    if not (
        isinstance(create, partial) and create.func is serialtransport.create_serial_connection
    ):
        return False  # an unknown layout: keep pymodbus's own (blocking) open rather than break
    ctx.call_create = partial(_create_serial_connection, *create.args, **create.keywords)
    return True


async def _create_serial_connection(
    loop: asyncio.AbstractEventLoop,
    protocol_factory: Callable[[], asyncio.BaseProtocol],
    url: str,
    baudrate: int | None = None,
    bytesize: int | None = None,
    parity: str | None = None,
    stopbits: int | None = None,
    timeout: float | None = None,  # noqa: ASYNC109 (pyserial's read timeout, pymodbus's keyword)
) -> tuple[asyncio.Transport, asyncio.BaseProtocol]:
    """As pymodbus's `create_serial_connection`, but the transport (the port) is made off the loop."""
    protocol = protocol_factory()
    opening = _Opening(
        partial(
            serialtransport.SerialTransport,
            loop,
            protocol,
            url,
            baudrate,
            bytesize,
            parity,
            stopbits,
            timeout,
        )
    )
    try:
        transport = await asyncio.get_running_loop().run_in_executor(None, opening.run)
    except BaseException:  # timed out or cancelled: the thread may still open the port
        opening.abandon()
        raise
    loop.call_soon(transport.setup)
    return transport, protocol


class _Opening:
    """One open in a worker thread; a port opened after the loop stopped waiting is closed."""

    def __init__(self, make: Callable[[], serialtransport.SerialTransport]) -> None:
        self._make = make
        self._lock = threading.Lock()
        self._abandoned = False
        self._made: serialtransport.SerialTransport | None = None

    def run(self) -> serialtransport.SerialTransport:
        """In the worker thread: open the port (pyserial raises SerialException, an OSError)."""
        transport = self._make()
        with self._lock:
            if not self._abandoned:
                self._made = transport
                return transport
        _close_port(transport)
        raise ConnectionAbortedError("the serial port opened after the connect timed out")

    def abandon(self) -> None:
        """In the loop: nobody will use the port; close it now or when the open completes."""
        with self._lock:
            self._abandoned = True
            transport, self._made = self._made, None
        if transport is not None:
            _close_port(transport)


def _close_port(transport: serialtransport.SerialTransport) -> None:
    # Only pyserial's port: `transport.close()` would touch loop readers from a worker thread,
    # and `setup()`, which registers them, has not run.
    transport.sync_serial.close()
