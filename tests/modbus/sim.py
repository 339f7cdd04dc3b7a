"""A real pymodbus server (TCP on 127.0.0.1, or RTU on a serial port) serving simulated meters.

The register image lives in a `RegisterBank` the test changes while the server runs. pymodbus
changed its datastore API twice (ModbusSlaveContext up to 3.9, ModbusDeviceContext in 3.10/3.11,
SimDevice with an async `action` hook later): `SimServer` picks whichever this pymodbus has, and
every backend reads the same live bank, with the same response delay and silent addresses.
Any pymodbus 3.8+.

Values are encoded here with `struct`, independently of the code under test.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import socket
import struct
import typing
from collections.abc import Sequence
from typing import Any

from pymodbus import FramerType
from pymodbus.server import ModbusSerialServer, ModbusTcpServer

HOLDING = "holding"
INPUT = "input"
_TABLE_BY_FC = {3: HOLDING, 4: INPUT}


def float32_be(value: float) -> list[int]:
    return list(struct.unpack(">HH", struct.pack(">f", value)))


def int32_le(value: int) -> list[int]:
    high, low = struct.unpack(">HH", struct.pack(">i", value))
    return [low, high]


def int16(value: int) -> int:
    return struct.unpack(">H", struct.pack(">h", value))[0]


def text_words(text: str) -> list[int]:
    raw = text.encode().ljust(2 * ((len(text) + 1) // 2), b"\0")
    return [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RegisterBank:
    """The live register image of one simulated device, plus how slowly it answers."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[int, int]] = {HOLDING: {}, INPUT: {}}
        self.delay_s = 0.0
        self.silent: set[int] = set()  # addresses the device never answers for (no exception)
        self.reads = 0
        self._released = asyncio.Event()

    def set(self, table: str, address: int, words: Sequence[int]) -> None:
        for offset, word in enumerate(words):
            self.tables[table][address + offset] = word

    def fill(self, table: str, start: int, count: int, word: int = 0) -> None:
        self.set(table, start, [word] * count)

    def mapped(self, table: str, address: int, count: int) -> bool:
        return all(a in self.tables[table] for a in range(address, address + count))

    def is_silent(self, address: int, count: int) -> bool:
        return any(a in self.silent for a in range(address, address + count))

    def get(self, table: str, address: int, count: int) -> list[int]:
        return [self.tables[table][a] for a in range(address, address + count)]

    async def released(self) -> None:
        await self._released.wait()

    async def answer_delay(self) -> None:
        """Wait `delay_s` before answering; cut short when the server stops."""
        self.reads += 1
        if self.delay_s > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._released.wait(), self.delay_s)

    def release(self) -> None:
        self._released.set()

    def rearm(self) -> None:
        self._released = asyncio.Event()


def _simdevice_backend(bank: RegisterBank, unit_id: int, unknown_unit: str) -> Any | None:
    """Newer pymodbus, SimDevice(action=...): the action serves reads from the bank."""
    try:
        from pymodbus.constants import ExcCodes  # type: ignore[attr-defined, unused-ignore]
        from pymodbus.simulator import (  # type: ignore[import-not-found, unused-ignore]
            DataType,
            SimData,
            SimDevice,
        )
        from pymodbus.simulator.simdevice import (  # type: ignore[import-not-found, unused-ignore]
            SimAction,
        )
    except ImportError:
        return None
    # 3.12/3.13 had an earlier, 4-argument action; their servers still take the context backend.
    if len(typing.get_args(SimAction)[0]) != 6:
        return None

    async def action(
        fc: int, start: int, address: int, count: int, registers: list[int], values: Any
    ) -> Any:
        table = _TABLE_BY_FC.get(fc)
        if bank.is_silent(address, count):
            await bank.released()
            return ExcCodes.DEVICE_BUSY
        if table is None or values is not None or not bank.mapped(table, address, count):
            return ExcCodes.ILLEGAL_ADDRESS
        await bank.answer_delay()
        registers[address - start : address - start + count] = bank.get(table, address, count)
        return None

    async def other_unit(*_args: Any) -> Any:
        if unknown_unit == "gateway":
            return ExcCodes.GATEWAY_NO_RESPONSE
        await bank.released()  # silent: no answer while the server runs
        return ExcCodes.DEVICE_BUSY

    def simdata() -> tuple[list[Any], ...]:
        bits = [SimData(address=0, count=16, values=False, datatype=DataType.BITS)]
        regs = [SimData(address=0, count=65535, datatype=DataType.REGISTERS)]
        return (bits, list(bits), regs, list(regs))

    return [
        SimDevice(id=unit_id, simdata=simdata(), action=action),
        SimDevice(id=0, simdata=simdata(), action=other_unit),  # every other unit id
    ]


def _context_backend(bank: RegisterBank, unit_id: int, unknown_unit: str) -> Any:
    """Older pymodbus, ModbusSlaveContext/ModbusDeviceContext: override the datastore hooks."""
    from pymodbus import datastore

    if unknown_unit != "silent":
        raise NotImplementedError("this pymodbus server cannot answer for a missing unit")
    base = getattr(datastore, "ModbusDeviceContext", None) or datastore.ModbusSlaveContext

    class BankContext(base):  # type: ignore[misc, valid-type]
        def validate(self, fc: int, address: int, count: int = 1) -> bool:
            table = _TABLE_BY_FC.get(fc)
            return table is not None and (
                bank.is_silent(address, count) or bank.mapped(table, address, count)
            )

        def getValues(self, fc: int, address: int, count: int = 1) -> list[int]:
            return bank.get(_TABLE_BY_FC[fc], address, count)

        async def async_getValues(self, fc: int, address: int, count: int = 1) -> list[int] | int:
            if bank.is_silent(address, count):
                await bank.released()
                return 0x06  # DEVICE_BUSY, sent only once the server stops
            if not self.validate(fc, address, count):
                return 0x02  # ILLEGAL_ADDRESS (3.9+ skip `validate` and take a code here)
            await bank.answer_delay()
            return self.getValues(fc, address, count)

    return datastore.ModbusServerContext({unit_id: BankContext()}, single=False)


def _ignore_missing_kwarg(server_class: type[Any]) -> dict[str, bool]:
    """Old servers stay silent for unknown units when asked (`slaves` became `devices`)."""
    params = inspect.signature(server_class).parameters
    for name in ("ignore_missing_devices", "ignore_missing_slaves"):
        if name in params:
            return {name: True}
    return {}


class SimServer:
    """One pymodbus server for one device; stop() and start() again on the same port.

    TCP on a free port of 127.0.0.1, or RTU on `serial_port` (a path, e.g. a pty) when given.
    """

    def __init__(
        self,
        bank: RegisterBank,
        *,
        unit_id: int = 1,
        framer: FramerType = FramerType.SOCKET,
        unknown_unit: str = "silent",  # or "gateway": exception 0x0B for other unit ids
        serial_port: str | None = None,
    ) -> None:
        self.bank = bank
        self.unknown_unit = unknown_unit
        self.unit_id = unit_id
        self.framer = framer
        self.serial_port = serial_port
        self.port = free_port()
        self.connections = 0  # accepted so far
        self._server: ModbusTcpServer | ModbusSerialServer | None = None

    @property
    def open_connections(self) -> int:
        return len(self._server.active_connections) if self._server else 0

    async def start(self) -> None:
        self.bank.rearm()
        server_class: type[Any] = ModbusSerialServer if self.serial_port else ModbusTcpServer
        context = _simdevice_backend(self.bank, self.unit_id, self.unknown_unit)
        kwargs: dict[str, Any] = {}
        if context is None:
            context = _context_backend(self.bank, self.unit_id, self.unknown_unit)
            kwargs = _ignore_missing_kwarg(server_class)
        if self.serial_port:
            kwargs.update(port=self.serial_port, framer=FramerType.RTU, baudrate=9600)
        else:
            kwargs.update(address=("127.0.0.1", self.port), framer=self.framer)
        owner = self

        class CountingServer(server_class):  # type: ignore[misc]
            def callback_new_connection(self) -> Any:
                owner.connections += 1
                return super().callback_new_connection()

        server = CountingServer(context, **kwargs)
        await server.serve_forever(background=True)
        if server.transport is None:
            where = self.serial_port or f"port {self.port}"
            raise RuntimeError(f"pymodbus server could not listen on {where}")
        self._server = server

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self.bank.release()
        await server.shutdown()
        # Let requests still in the server (a slow answer) finish before the test ends.
        for _ in range(50):
            pending = [t for t in asyncio.all_tasks() if "handle_request" in repr(t.get_coro())]
            if not pending:
                break
            await asyncio.sleep(0.01)
