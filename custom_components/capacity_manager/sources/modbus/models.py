"""Plain data of the Modbus source: how to reach a meter, what to read, what came back.

Sign convention (the engine's): power is positive while importing from the grid. A meter wired
or configured the other way round is corrected with `MeterConfig.invert`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any, Final, Protocol

DEFAULT_PORT: Final = 502
DEFAULT_UNIT_ID: Final = 1
DEFAULT_TIMEOUT_S: Final = 1.0
DEFAULT_POLL_INTERVAL_S: Final = 1.0
MAX_READ_COUNT: Final = 125  # registers per read request (Modbus application protocol limit)


class Transport(StrEnum):
    """How bytes reach the meter."""

    TCP = "tcp"  # Modbus TCP (MBAP framing)
    RTU_OVER_TCP = "rtu_over_tcp"  # RTU frames through a TCP serial server / gateway
    SERIAL = "serial"  # RTU on a local serial port (needs pyserial)


class RegisterTable(StrEnum):
    """Which Modbus table a register lives in (the read function code)."""

    INPUT = "input"  # function 0x04
    HOLDING = "holding"  # function 0x03


@dataclass(frozen=True, kw_only=True, slots=True)
class MeterConfig:
    """Where a meter is and how to talk to it (stored in the config entry via `as_dict`)."""

    transport: Transport = Transport.TCP
    host: str = ""  # TCP and RTU over TCP
    port: int = DEFAULT_PORT
    unit_id: int = DEFAULT_UNIT_ID  # a.k.a. slave id / device id
    serial_port: str = ""  # serial: e.g. /dev/ttyUSB0
    baudrate: int = 9600
    parity: str = "N"
    stopbits: int = 1
    bytesize: int = 8
    timeout_s: float = DEFAULT_TIMEOUT_S  # per request (and per connection attempt)
    invert: bool = False  # the meter reports export as positive: flip every power value

    def __post_init__(self) -> None:
        """Reject settings no meter can have (the flow's schema should have caught them)."""
        if self.transport is Transport.SERIAL:
            if not self.serial_port:
                raise ValueError("a serial meter needs serial_port")
        elif not self.host:
            raise ValueError("a TCP meter needs host")
        if not 1 <= self.port <= 65535:
            raise ValueError(f"port {self.port} is outside 1..65535")
        if not 0 <= self.unit_id <= 255:
            raise ValueError(f"unit id {self.unit_id} is outside 0..255")
        if self.parity not in ("N", "E", "O"):
            raise ValueError(f"parity {self.parity!r} is not N, E or O")
        if not self.timeout_s > 0:
            raise ValueError("timeout_s must be positive")

    @property
    def label(self) -> str:
        """Where the meter is, for log lines and titles."""
        where = (
            self.serial_port if self.transport is Transport.SERIAL else f"{self.host}:{self.port}"
        )
        return f"{where} unit {self.unit_id}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe form for a config entry."""
        data = asdict(self)
        data["transport"] = str(self.transport)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MeterConfig:
        """Rebuild from `as_dict` output; unknown keys are ignored, missing ones default.

        Numbers are coerced (UI number selectors give floats: a port of 502.0 must work).
        """
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        if "transport" in known:
            known["transport"] = Transport(known["transport"])
        for name in ("port", "unit_id", "baudrate", "stopbits", "bytesize"):
            if name in known:
                known[name] = int(known[name])
        if "timeout_s" in known:
            known["timeout_s"] = float(known["timeout_s"])
        return cls(**known)


@dataclass(frozen=True, slots=True)
class Block:
    """One read request: `count` registers from `address` in `table`."""

    table: RegisterTable
    address: int
    count: int


@dataclass(frozen=True, kw_only=True, slots=True)
class MeterReading:
    """One valid sample of the meter. Phase tuples are ordered L1..Ln; None when not measured.

    `timestamp` comes from the reader's clock (default `time.monotonic`): when the sample
    was taken, comparable with the engine's `now`.
    """

    total_w: float  # positive = import
    phase_w: tuple[float, ...] | None = None
    phase_a: tuple[float, ...] | None = None
    phase_v: tuple[float, ...] | None = None
    timestamp: float = 0.0

    def inverted(self) -> MeterReading:
        """The same sample with the sign of every power flipped (currents and volts stay)."""
        phase_w = None if self.phase_w is None else tuple(-w for w in self.phase_w)
        return replace(self, total_w=-self.total_w, phase_w=phase_w)


@dataclass(frozen=True, kw_only=True, slots=True)
class MeterValues:
    """Decoded measurements of one poll, before the reader stamps and signs them."""

    total_w: float
    phase_w: tuple[float, ...] | None = None
    phase_a: tuple[float, ...] | None = None
    phase_v: tuple[float, ...] | None = None

    def reading(self, timestamp: float, *, invert: bool) -> MeterReading:
        """Stamp these values as a reading."""
        reading = MeterReading(
            total_w=self.total_w,
            phase_w=self.phase_w,
            phase_a=self.phase_a,
            phase_v=self.phase_v,
            timestamp=timestamp,
        )
        return reading.inverted() if invert else reading


class ReadPlan(Protocol):
    """What to read from a meter each poll and how to turn the words into values."""

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The read requests, in order."""
        ...

    @property
    def description(self) -> str:
        """A short human description (profile, model, address)."""
        ...

    def decode(self, words: Sequence[Sequence[int]]) -> MeterValues:
        """Decode the words of `blocks` (same order); raise BadRegisterError on garbage."""
        ...
