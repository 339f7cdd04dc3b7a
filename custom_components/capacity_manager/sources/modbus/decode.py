"""Pure decoding of Modbus register words into measurements: types, word order, scale, checks.

A register is one 16-bit word, sent big-endian (most significant byte first) by every meter we
support. 32-bit values span two registers; meters disagree on which comes first, hence
`WordOrder`. Nothing here does I/O.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from enum import StrEnum
from typing import Final

from .errors import BadRegisterError


class DataType(StrEnum):
    """How the words of one value are to be read."""

    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    FLOAT32 = "float32"  # IEEE 754 single precision


class WordOrder(StrEnum):
    """Which register of a 32-bit value holds its high half."""

    BIG = "big"  # high word first (Modbus habit: Eastron, SunSpec)
    LITTLE = "little"  # low word first (Carlo Gavazzi)


_FORMAT: Final = {
    DataType.INT16: ">h",
    DataType.UINT16: ">H",
    DataType.INT32: ">i",
    DataType.UINT32: ">I",
    DataType.FLOAT32: ">f",
}

# What a household meter can plausibly report; anything outside is garbage, not a measurement.
# Wide on purpose: a 3 x 400 A service is ~280 kW; a CT ratio typo gives far more.
POWER_RANGE_W: Final = (-1_000_000.0, 1_000_000.0)
CURRENT_RANGE_A: Final = (-10_000.0, 10_000.0)
VOLTAGE_RANGE_V: Final = (0.0, 1_000.0)


def word_count(data_type: DataType) -> int:
    """Registers one value of this type occupies."""
    return 1 if data_type in (DataType.INT16, DataType.UINT16) else 2


def decode_raw(words: Sequence[int], data_type: DataType, word_order: WordOrder) -> float:
    """Turn the registers of one value into its unscaled number.

    Raises BadRegisterError for a wrong word count, a word outside 0..65535 or a non-finite float.
    """
    if len(words) != word_count(data_type):
        raise BadRegisterError(
            f"{data_type} needs {word_count(data_type)} registers, got {len(words)}"
        )
    if any(not 0 <= word <= 0xFFFF for word in words):
        raise BadRegisterError(f"register value out of 0..65535: {list(words)}")
    ordered = reversed(words) if word_order is WordOrder.LITTLE else iter(words)
    raw = b"".join(word.to_bytes(2, "big") for word in ordered)
    value = float(struct.unpack(_FORMAT[data_type], raw)[0])
    if not math.isfinite(value):
        raise BadRegisterError(f"{data_type} value is {value}")
    return value


def scaled(raw: float, scale: float, *, invert: bool = False) -> float:
    """Apply the register map's scale and sign: value = raw x scale (x -1 when inverted)."""
    value = raw * scale
    if invert:
        value = -value
    if not math.isfinite(value):
        raise BadRegisterError(f"scaled value is {value}")
    return value


def check_range(name: str, value: float, bounds: tuple[float, float]) -> float:
    """Return `value` if it lies within `bounds`, else raise BadRegisterError naming it."""
    low, high = bounds
    if not low <= value <= high:
        raise BadRegisterError(
            f"{name} = {value:g} is outside the plausible range {low:g}..{high:g}"
        )
    return value
