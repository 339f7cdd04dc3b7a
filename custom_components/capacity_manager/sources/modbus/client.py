"""The async meter reader: one pymodbus connection per meter, reused from poll to poll.

Failures become `MeterError`s (see errors.py). After a connection loss or a timeout the
connection is dropped and rebuilt with exponential backoff; polls made while backing off fail at
once, without I/O, so a dead meter costs the event loop nothing. A meter that answers with
garbage keeps its connection and is asked again at once, backing off only when it persists. One log line when an outage
starts and one when readings come back; pymodbus's own warnings meanwhile (one per connection
attempt) become debug lines (pymodbus_log.py).

pymodbus's own auto-reconnect is switched off (`reconnect_delay=0`) so that this class alone
decides when to reconnect, and its request timer is set longer than ours so that our
`asyncio.timeout` always fires first (pymodbus would log its own error on every timeout).
A serial port is opened in an executor (serial_open.py): pymodbus would block the loop.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, Final

from pymodbus import FramerType
from pymodbus.client import AsyncModbusSerialClient, AsyncModbusTcpClient
from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException

from .errors import BadRegisterError, MeterConnectionError, MeterError, MeterTimeoutError
from .models import Block, MeterConfig, MeterReading, ReadPlan, RegisterTable, Transport
from .profiles import RegisterMap, RegisterPlan
from .pymodbus_log import install_log_filter, io_of
from .serial_open import open_off_loop
from .sunspec import SunSpecProfile, async_discover

_LOGGER = logging.getLogger(__package__)
install_log_filter()  # pymodbus's per-attempt warnings would break "one line per outage"

BACKOFF_INITIAL_S: Final = 1.0
BACKOFF_MAX_S: Final = 30.0
_PYMODBUS_TIMER_MARGIN_S: Final = 1.0
# Consecutive polls answered with garbage or an exception before those back off too.
_ANSWERED_GRACE: Final = 3
# Exception codes a gateway sends when the device behind it does not answer.
_GATEWAY_CODES: Final = frozenset({0x0A, 0x0B})

type _Client = AsyncModbusTcpClient | AsyncModbusSerialClient


def _reraise_cancellation(err: Exception) -> None:
    """Give a cancel back: pymodbus 3.9 turns a cancelled request into ModbusIOException."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError from err


def _unit_keyword() -> str:
    """The unit-id keyword: `slave=` before pymodbus 3.10, `device_id=` from 3.10 on."""
    parameters = inspect.signature(AsyncModbusTcpClient.read_holding_registers).parameters
    return "device_id" if "device_id" in parameters else "slave"


UNIT_KEYWORD: Final = _unit_keyword()


class ModbusMeter:
    """Reads one meter with one profile; call `async_read` once per poll, `async_close` at end."""

    def __init__(
        self,
        config: MeterConfig,
        profile: RegisterMap | SunSpecProfile,
        *,
        clock: Callable[[], float] = time.monotonic,
        backoff_initial_s: float = BACKOFF_INITIAL_S,
        backoff_max_s: float = BACKOFF_MAX_S,
    ) -> None:
        self._config = config
        self._profile = profile
        self._plan: ReadPlan | None = (
            RegisterPlan(profile) if isinstance(profile, RegisterMap) else None
        )
        self._clock = clock
        self._backoff_initial_s = backoff_initial_s
        self._backoff_max_s = backoff_max_s
        self._client: _Client | None = None
        self._lock = asyncio.Lock()  # one request in flight per connection
        self._down_since: float | None = None  # start of the current outage
        self._connection_failures = 0  # consecutive, drive the backoff
        self._answered_failures = 0
        self._retry_at = 0.0
        self._last_error: MeterError | None = None

    @property
    def config(self) -> MeterConfig:
        """Where the meter is."""
        return self._config

    @property
    def available(self) -> bool:
        """False from a failed poll until the next good one."""
        return self._down_since is None

    @property
    def description(self) -> str:
        """The profile, and for SunSpec the model found (after the first good read)."""
        if self._plan is not None:
            return self._plan.description
        return "SunSpec (not yet discovered)"

    async def async_read(self) -> MeterReading:
        """Poll the meter once; raise a MeterError when no valid reading came back."""
        async with self._lock:
            with io_of(self._config.label):
                return await self._locked_read()

    async def _locked_read(self) -> MeterReading:
        now = self._clock()
        if self._last_error is not None and now < self._retry_at:
            error = self._last_error
            raise type(error)(f"{error} (next attempt in {self._retry_at - now:.1f} s)")
        try:
            reading = await self._read_once()
        except MeterError as err:
            self._note_failure(err, now)
            raise
        self._note_success(now)
        return reading

    async def async_read_once(self) -> MeterReading:
        """Read once with no outage bookkeeping or logging (the config flow's probe)."""
        async with self._lock:
            with io_of(self._config.label):
                try:
                    return await self._read_once()
                except (MeterConnectionError, MeterTimeoutError):
                    self._drop_connection()
                    raise

    async def async_close(self) -> None:
        """Close the connection; the meter may be read again later (it reconnects)."""
        async with self._lock:
            with io_of(self._config.label):
                self._drop_connection()

    # --- one poll -------------------------------------------------------------------------

    async def _read_once(self) -> MeterReading:
        plan = self._plan
        if plan is None:
            assert isinstance(self._profile, SunSpecProfile)
            plan = self._plan = await async_discover(self._discovery_read, self._profile)
        client = await self._connected_client()
        words = [await self._read_words(client, b.table, b.address, b.count) for b in plan.blocks]
        values = plan.decode(words)
        return values.reading(self._clock(), invert=self._config.invert)

    async def _discovery_read(self, address: int, count: int) -> Sequence[int]:
        """A holding read for SunSpec discovery, which goes on to the next base on a timeout."""
        client = await self._connected_client()
        try:
            return await self._read_words(client, RegisterTable.HOLDING, address, count)
        except MeterTimeoutError:
            # A late answer would be taken for the next request's (pymodbus 3.8 matches no
            # transaction id, and RTU has none): ask the next base on a fresh connection.
            self._drop_connection()
            raise

    async def _connected_client(self) -> _Client:
        if self._client is not None and self._client.connected:
            return self._client
        self._drop_connection()
        client = self._new_client()
        try:
            async with asyncio.timeout(self._config.timeout_s):
                connected = await client.connect()
        except (TimeoutError, OSError):
            connected = False
        if not connected:
            client.close()
            raise MeterConnectionError(f"cannot connect to {self._config.label}")
        self._client = client
        return client

    def _new_client(self) -> _Client:
        cfg = self._config
        common: dict[str, Any] = {
            "timeout": cfg.timeout_s + _PYMODBUS_TIMER_MARGIN_S,
            "retries": 0,
            "reconnect_delay": 0,  # we reconnect ourselves, with our backoff
        }
        if cfg.transport is Transport.SERIAL:
            try:
                serial = AsyncModbusSerialClient(
                    cfg.serial_port,
                    framer=FramerType.RTU,
                    baudrate=cfg.baudrate,
                    bytesize=cfg.bytesize,
                    parity=cfg.parity,
                    stopbits=cfg.stopbits,
                    **common,
                )
            except (RuntimeError, ImportError) as err:  # pyserial missing
                raise MeterConnectionError(f"serial port unavailable: {err}") from err
            if not open_off_loop(serial):
                _LOGGER.debug("this pymodbus opens %s in the event loop", cfg.serial_port)
            return serial
        framer = FramerType.RTU if cfg.transport is Transport.RTU_OVER_TCP else FramerType.SOCKET
        return AsyncModbusTcpClient(cfg.host, port=cfg.port, framer=framer, **common)

    async def _read_words(
        self, client: _Client, table: RegisterTable, address: int, count: int
    ) -> Sequence[int]:
        """Read `count` registers; map every pymodbus failure onto a MeterError."""
        block = Block(table, address, count)
        where = f"{table} registers {address}..{address + count - 1} of {self._config.label}"
        read = (
            client.read_input_registers
            if table is RegisterTable.INPUT
            else client.read_holding_registers
        )
        kwargs: dict[str, Any] = {"count": count, UNIT_KEYWORD: self._config.unit_id}
        try:
            async with asyncio.timeout(self._config.timeout_s):
                response = await read(address, **kwargs)
        except TimeoutError as err:
            raise MeterTimeoutError(
                f"no answer within {self._config.timeout_s:g} s reading {where}"
            ) from err
        except ConnectionException as err:
            raise MeterConnectionError(f"connection lost reading {where}: {err}") from err
        except ModbusIOException as err:
            _reraise_cancellation(err)
            raise MeterTimeoutError(f"no answer reading {where}: {err}") from err
        except ModbusException as err:
            raise BadRegisterError(f"unreadable answer for {where}: {err}") from err
        if response.isError():
            code = getattr(response, "exception_code", None)
            if code in _GATEWAY_CODES:
                raise MeterConnectionError(
                    f"the gateway reached no device at unit id {self._config.unit_id} (exception {code})"
                )
            raise BadRegisterError(f"the meter rejected {where} (Modbus exception {code})")
        registers = list(getattr(response, "registers", ()))
        if len(registers) != block.count:
            raise BadRegisterError(f"{where}: {len(registers)} registers came back")
        return registers

    # --- outage bookkeeping ---------------------------------------------------------------

    def _drop_connection(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def _note_failure(self, err: MeterError, now: float) -> None:
        self._last_error = err
        if isinstance(err, (MeterConnectionError, MeterTimeoutError)):
            self._drop_connection()
            self._connection_failures += 1
            attempts = self._connection_failures
        else:
            # It answered: the next polls go to it at once on the same connection (one bad
            # value must not cost the engine a second); only a persistent error backs off.
            self._answered_failures += 1
            attempts = self._answered_failures - _ANSWERED_GRACE
        delay = 0.0 if attempts <= 0 else self._backoff_initial_s * 2 ** (attempts - 1)
        self._retry_at = now + min(self._backoff_max_s, delay)
        if self._down_since is None:
            self._down_since = now
            _LOGGER.info("Modbus meter %s is unavailable: %s", self._config.label, err)
        else:
            _LOGGER.debug("Modbus meter %s still unavailable: %s", self._config.label, err)

    def _note_success(self, now: float) -> None:
        if self._down_since is not None:
            _LOGGER.info(
                "Modbus meter %s is available again after %.1f s",
                self._config.label,
                now - self._down_since,
            )
        self._down_since = None
        self._last_error = None
        self._connection_failures = self._answered_failures = 0


async def async_probe(
    config: MeterConfig, profile: RegisterMap | SunSpecProfile
) -> tuple[MeterReading, str]:
    """Connect, read once and close: what the config flow does before it accepts a meter.

    Returns the reading and the meter's description; raises a MeterError (use `err.error_key`).
    """
    meter = ModbusMeter(config, profile)
    try:
        reading = await meter.async_read_once()
        return reading, meter.description
    finally:
        await meter.async_close()
