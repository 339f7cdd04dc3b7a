"""SunSpec meters: find the "SunS" marker, walk the model chain, decode meter models 201-204.

Written from the SunSpec Alliance "SunSpec Information Model Specification" and the meter model
definitions (models 201 single phase, 202 split phase, 203 wye, 204 delta; all integer values
with scale factors, 105 registers). Layout of the first 21 registers of each meter model, the
only ones we read (offsets from the first register after the model's ID and length):

    0 A   1-3 AphA..AphC   4 A_SF
    5 PhV 6-8 PhVphA..C    9-12 line-to-line voltages   13 V_SF   14 Hz   15 Hz_SF
    16 W  17-19 WphA..C    20 W_SF

A value of 0x8000 (int16) or a scale factor of 0x8000 means "not implemented". The model's W is
positive while the site imports.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Final

from .decode import (
    CURRENT_RANGE_A,
    POWER_RANGE_W,
    VOLTAGE_RANGE_V,
    DataType,
    WordOrder,
    check_range,
    decode_raw,
)
from .errors import BadRegisterError, MeterTimeoutError, NotSunSpecError
from .models import Block, MeterValues, RegisterTable

SUNS_MARKER: Final = (0x5375, 0x6E53)  # "SunS"
BASE_ADDRESSES: Final = (40000, 0, 50000)  # where devices put the marker, most common first
END_MODEL_ID: Final = 0xFFFF
METER_PHASES: Final = {201: 1, 202: 2, 203: 3, 204: 3}
NOT_IMPLEMENTED: Final = 0x8000  # int16 values and sunssf
_READ_COUNT: Final = 21  # up to W_SF
_MAX_MODELS: Final = 64  # a chain longer than this is garbage, not a device

# Reads `count` holding registers at `address`; raises MeterError subclasses.
ReadHolding = Callable[[int, int], Awaitable[Sequence[int]]]


@dataclass(frozen=True, kw_only=True, slots=True)
class SunSpecProfile:
    """Ask the reader to discover a SunSpec meter model at connect time."""

    bases: tuple[int, ...] = BASE_ADDRESSES


class SunSpecMeterPlan:
    """A `ReadPlan` for one discovered meter model."""

    def __init__(self, model_id: int, base: int, data_address: int) -> None:
        self.model_id = model_id
        self.base = base
        self.data_address = data_address  # first register after the model's ID and length
        self._phases = METER_PHASES[model_id]
        self._blocks = (Block(RegisterTable.HOLDING, data_address, _READ_COUNT),)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """One read: the meter model up to W_SF."""
        return self._blocks

    @property
    def description(self) -> str:
        """Which model was found where."""
        return f"SunSpec model {self.model_id} at {self.data_address - 2} (base {self.base})"

    def decode(self, words: Sequence[Sequence[int]]) -> MeterValues:
        """Decode power, current and voltage with their scale factors."""
        regs = words[0]
        if len(regs) < _READ_COUNT:
            raise BadRegisterError(
                f"SunSpec model {self.model_id}: short answer ({len(regs)} registers)"
            )
        amps_sf, volts_sf, watts_sf = (_scale_factor(regs[i]) for i in (4, 13, 20))

        def phases(
            first: int, sf: int | None, name: str, bounds: tuple[float, float]
        ) -> tuple[float, ...] | None:
            values = [_value(regs[first + i], sf) for i in range(self._phases)]
            if any(v is None for v in values):
                return None  # e.g. L-N voltages of a delta meter
            return tuple(
                check_range(f"{name} L{i}", v, bounds)
                for i, v in enumerate(values, 1)
                if v is not None
            )

        phase_w = phases(17, watts_sf, "power", POWER_RANGE_W)
        total_w = _value(regs[16], watts_sf)
        if total_w is None:
            if phase_w is None:
                raise BadRegisterError(f"SunSpec model {self.model_id} implements no power value")
            total_w = sum(phase_w)
        return MeterValues(
            total_w=check_range("power", total_w, POWER_RANGE_W),
            phase_w=phase_w,
            phase_a=phases(1, amps_sf, "current", CURRENT_RANGE_A),
            phase_v=phases(6, volts_sf, "voltage", VOLTAGE_RANGE_V),
        )


def _int16(word: int) -> int:
    return int(decode_raw((word,), DataType.INT16, WordOrder.BIG))


def _scale_factor(word: int) -> int | None:
    """A sunssf: a signed power of ten, None when not implemented."""
    if word == NOT_IMPLEMENTED:
        return None
    sf = _int16(word)
    if not -10 <= sf <= 10:
        raise BadRegisterError(f"SunSpec scale factor {sf} is outside -10..10")
    return sf


def _value(word: int, sf: int | None) -> float | None:
    """An int16 value times 10^sf, None when it or its scale factor is not implemented."""
    if word == NOT_IMPLEMENTED or sf is None:
        return None
    return _int16(word) * 10.0**sf


async def async_discover(read: ReadHolding, profile: SunSpecProfile) -> SunSpecMeterPlan:
    """Find the first meter model of the device; raise NotSunSpecError when there is none.

    Every base is tried: a device may reject (exception, short answer) or ignore (timeout) the
    addresses it does not map, so neither ends the search, which costs at most one timeout per
    base. Only when no base says "SunS": NotSunSpecError if any base answered, else the
    timeout. A lost connection (or a gateway that reaches no device) ends it at once.
    """
    timeout: MeterTimeoutError | None = None
    answered = False
    for base in profile.bases:
        try:
            marker = tuple(await read(base, 2))
        except MeterTimeoutError as err:
            timeout = err
            continue
        except BadRegisterError:
            answered = True
            continue
        if marker == SUNS_MARKER:
            return await _walk(read, base)
        answered = True
    bases = ", ".join(str(b) for b in profile.bases)
    if timeout is not None and not answered:
        raise MeterTimeoutError(f"no answer at any SunSpec base ({bases}): {timeout}") from timeout
    raise NotSunSpecError(f'no SunSpec "SunS" marker at {bases}')


async def _walk(read: ReadHolding, base: int) -> SunSpecMeterPlan:
    """Follow the model chain from the marker to the first meter model."""
    address = base + 2
    for _ in range(_MAX_MODELS):
        header = await read(address, 2)
        if len(header) < 2:
            raise BadRegisterError(f"SunSpec model header at {address}: short answer")
        model_id, length = header[0], header[1]
        if model_id == END_MODEL_ID:
            break
        if model_id in METER_PHASES:
            if length < _READ_COUNT:
                raise BadRegisterError(
                    f"SunSpec model {model_id} at {address}: length {length} is too short"
                )
            return SunSpecMeterPlan(model_id, base, address + 2)
        address += 2 + length
        if address > 0xFFFF - 2:
            break
    raise NotSunSpecError(f"SunSpec device at {base} has no meter model (201-204)")
