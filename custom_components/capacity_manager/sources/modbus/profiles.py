"""Register maps: the built-in meter profiles, custom maps, and how a map becomes read requests.

Addresses are the 0-based protocol addresses sent on the wire (a manual's "30001"/"40001" style
register number minus its table offset and 1). Built-in maps are written from the makers' public
register documents named at each profile; values there are in SI units after `scale`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .decode import (
    CURRENT_RANGE_A,
    POWER_RANGE_W,
    VOLTAGE_RANGE_V,
    DataType,
    WordOrder,
    check_range,
    decode_raw,
    scaled,
    word_count,
)
from .errors import BadRegisterError
from .models import MAX_READ_COUNT, Block, MeterValues, RegisterTable
from .sunspec import SunSpecProfile

PROFILE_SUNSPEC: Final = "sunspec"
PROFILE_SDM630: Final = "sdm630"
PROFILE_SDM120: Final = "sdm120"
PROFILE_EM24: Final = "em24"
PROFILE_EM340: Final = "em340"
PROFILE_CUSTOM: Final = "custom"
PROFILES: Final = (
    PROFILE_SUNSPEC,
    PROFILE_SDM630,
    PROFILE_SDM120,
    PROFILE_EM24,
    PROFILE_EM340,
    PROFILE_CUSTOM,
)


@dataclass(frozen=True, kw_only=True, slots=True)
class RegisterSpec:
    """Where one value lives and how to read it: value = raw x scale, negated if `invert`."""

    address: int
    table: RegisterTable = RegisterTable.HOLDING
    data_type: DataType = DataType.FLOAT32
    word_order: WordOrder = WordOrder.BIG
    scale: float = 1.0
    invert: bool = False  # the register counts export as positive

    def __post_init__(self) -> None:
        if not 0 <= self.address <= 0x10000 - word_count(self.data_type):
            raise BadRegisterError(f"register address {self.address} is outside 0..65535")
        if self.scale == 0 or self.scale != self.scale:
            raise BadRegisterError("register scale must be a non-zero number")

    @property
    def count(self) -> int:
        """Registers this value occupies."""
        return word_count(self.data_type)


@dataclass(frozen=True, kw_only=True, slots=True)
class RegisterMap:
    """The registers of a meter: total power (or per-phase power to sum) and optional phases."""

    name: str
    total_w: RegisterSpec | None
    phase_w: tuple[RegisterSpec, ...] = ()
    phase_a: tuple[RegisterSpec, ...] = ()
    phase_v: tuple[RegisterSpec, ...] = ()
    # Unused registers a single read may span. Only where the maker documents the gap as
    # readable; a custom map reads only adjacent registers together.
    merge_gap: int = 0

    def __post_init__(self) -> None:
        if self.total_w is None and not self.phase_w:
            raise BadRegisterError("a register map needs total power or per-phase power")
        for name, specs in (
            ("phase_w", self.phase_w),
            ("phase_a", self.phase_a),
            ("phase_v", self.phase_v),
        ):
            if len(specs) > 3:
                raise BadRegisterError(f"{name}: at most 3 phases")

    def specs(self) -> Iterable[RegisterSpec]:
        """Every register of the map."""
        if self.total_w is not None:
            yield self.total_w
        yield from (*self.phase_w, *self.phase_a, *self.phase_v)


def plan_blocks(specs: Iterable[RegisterSpec], merge_gap: int = 0) -> tuple[Block, ...]:
    """Group registers into as few reads as the gap rule and the 125-register limit allow."""
    specs = list(specs)
    blocks: list[Block] = []
    for table in RegisterTable:
        spans = sorted({(s.address, s.address + s.count) for s in specs if s.table is table})
        start = end = -1
        for lo, hi in spans:
            if start >= 0 and lo <= end + merge_gap and max(end, hi) - start <= MAX_READ_COUNT:
                end = max(end, hi)
                continue
            if start >= 0:
                blocks.append(Block(table, start, end - start))
            start, end = lo, hi
        if start >= 0:
            blocks.append(Block(table, start, end - start))
    return tuple(blocks)


class RegisterPlan:
    """A `ReadPlan` for a register map."""

    def __init__(self, register_map: RegisterMap) -> None:
        self._map = register_map
        self._blocks = plan_blocks(register_map.specs(), register_map.merge_gap)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The read requests, in order."""
        return self._blocks

    @property
    def description(self) -> str:
        """The profile name."""
        return self._map.name

    def decode(self, words: Sequence[Sequence[int]]) -> MeterValues:
        """Decode every register of the map; any garbage value rejects the whole sample."""
        lookup = dict(zip(self._blocks, words, strict=True))

        def value(name: str, spec: RegisterSpec, bounds: tuple[float, float]) -> float:
            for block, block_words in lookup.items():
                offset = spec.address - block.address
                if block.table is spec.table and 0 <= offset <= block.count - spec.count:
                    raw = decode_raw(
                        block_words[offset : offset + spec.count], spec.data_type, spec.word_order
                    )
                    return check_range(name, scaled(raw, spec.scale, invert=spec.invert), bounds)
            raise BadRegisterError(
                f"{name}: register {spec.address} was not read"
            )  # pragma: no cover

        def phases(
            name: str, specs: tuple[RegisterSpec, ...], bounds: tuple[float, float]
        ) -> tuple[float, ...] | None:
            return tuple(value(f"{name} L{i}", s, bounds) for i, s in enumerate(specs, 1)) or None

        phase_w = phases("power", self._map.phase_w, POWER_RANGE_W)
        total = self._map.total_w
        total_w = sum(phase_w or ()) if total is None else value("power", total, POWER_RANGE_W)
        return MeterValues(
            total_w=check_range("power", total_w, POWER_RANGE_W),
            phase_w=phase_w,
            phase_a=phases("current", self._map.phase_a, CURRENT_RANGE_A),
            phase_v=phases("voltage", self._map.phase_v, VOLTAGE_RANGE_V),
        )


def _series(
    table: RegisterTable, dtype: DataType, order: WordOrder, scale: float, *addrs: int
) -> tuple[RegisterSpec, ...]:
    return tuple(
        RegisterSpec(address=a, table=table, data_type=dtype, word_order=order, scale=scale)
        for a in addrs
    )


def _eastron(
    name: str, total: int, volts: Sequence[int], amps: Sequence[int], watts: Sequence[int]
) -> RegisterMap:
    # Eastron: input registers (function 04), IEEE 754 float32, high word first, SI units.
    def regs(*addrs: int) -> tuple[RegisterSpec, ...]:
        return _series(RegisterTable.INPUT, DataType.FLOAT32, WordOrder.BIG, 1.0, *addrs)

    return RegisterMap(
        name=name,
        total_w=regs(total)[0],
        phase_w=regs(*watts),
        phase_a=regs(*amps),
        phase_v=regs(*volts),
        merge_gap=40,  # the parameter block from 0x0000 to 0x0034 reads as one
    )


def _gavazzi(name: str) -> RegisterMap:
    # Carlo Gavazzi EM24 / EM3x0: INT32, low word first; V x10, A x1000, W x10. Both function
    # 03 and 04 read the same registers; we use 03. The 0x0000-0x0029 block is fully mapped.
    def regs(scale: float, *addrs: int) -> tuple[RegisterSpec, ...]:
        return _series(RegisterTable.HOLDING, DataType.INT32, WordOrder.LITTLE, scale, *addrs)

    return RegisterMap(
        name=name,
        total_w=regs(0.1, 0x0028)[0],  # W sys
        phase_w=regs(0.1, 0x0012, 0x0014, 0x0016),
        phase_a=regs(0.001, 0x000C, 0x000E, 0x0010),
        phase_v=regs(0.1, 0x0000, 0x0002, 0x0004),  # V L-N
        merge_gap=30,
    )


BUILTIN_MAPS: Final[Mapping[str, RegisterMap]] = {
    # Eastron "SDM630 Modbus Protocol" (input registers 30001.. : V L1-3 at 0/2/4, A at 6/8/10,
    # W at 12/14/16, total system power at 52).
    PROFILE_SDM630: _eastron("Eastron SDM630", 0x34, (0, 2, 4), (6, 8, 10), (12, 14, 16)),
    # Eastron "SDM120 Modbus Protocol" (single phase: V at 0, A at 6, active power at 12).
    PROFILE_SDM120: _eastron("Eastron SDM120", 0x0C, (0,), (6,), (0x0C,)),
    # Carlo Gavazzi "EM24-DIN Communication protocol" (version 2 and later).
    PROFILE_EM24: _gavazzi("Carlo Gavazzi EM24"),
    # Carlo Gavazzi "EM330/EM340/ET330/ET340 Communication protocol" (same layout as EM24).
    PROFILE_EM340: _gavazzi("Carlo Gavazzi EM340"),
}


def spec_from_dict(data: Mapping[str, Any]) -> RegisterSpec:
    """A register from config data: address, table, data_type, word_order, scale, invert."""
    try:
        return RegisterSpec(
            address=int(data["address"]),
            table=RegisterTable(data.get("table", RegisterTable.HOLDING)),
            data_type=DataType(data.get("data_type", DataType.FLOAT32)),
            word_order=WordOrder(data.get("word_order", WordOrder.BIG)),
            scale=float(data.get("scale", 1.0)),
            invert=bool(data.get("invert", False)),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise BadRegisterError(f"invalid register {dict(data)}: {err}") from err


def spec_to_dict(spec: RegisterSpec) -> dict[str, Any]:
    """JSON-safe form of a register."""
    return {
        "address": spec.address,
        "table": str(spec.table),
        "data_type": str(spec.data_type),
        "word_order": str(spec.word_order),
        "scale": spec.scale,
        "invert": spec.invert,
    }


def register_map_from_dict(data: Mapping[str, Any]) -> RegisterMap:
    """A custom map from config data: {"total_w": spec | None, "phase_w"|"phase_a"|"phase_v": [spec]}."""
    total = data.get("total_w")
    return RegisterMap(
        name=str(data.get("name", "Custom register map")),
        total_w=None if total is None else spec_from_dict(total),
        phase_w=tuple(spec_from_dict(s) for s in data.get("phase_w", ())),
        phase_a=tuple(spec_from_dict(s) for s in data.get("phase_a", ())),
        phase_v=tuple(spec_from_dict(s) for s in data.get("phase_v", ())),
    )


def register_map_to_dict(register_map: RegisterMap) -> dict[str, Any]:
    """JSON-safe form of a (custom) register map."""
    total = register_map.total_w
    return {
        "name": register_map.name,
        "total_w": None if total is None else spec_to_dict(total),
        "phase_w": [spec_to_dict(s) for s in register_map.phase_w],
        "phase_a": [spec_to_dict(s) for s in register_map.phase_a],
        "phase_v": [spec_to_dict(s) for s in register_map.phase_v],
    }


def resolve_profile(
    profile: str, custom: Mapping[str, Any] | None = None
) -> RegisterMap | SunSpecProfile:
    """The map (or SunSpec discovery) for a profile id; `custom` is the map of PROFILE_CUSTOM."""
    if profile == PROFILE_SUNSPEC:
        return SunSpecProfile()
    if profile == PROFILE_CUSTOM:
        if custom is None:
            raise BadRegisterError("the custom profile needs a register map")
        return register_map_from_dict(custom)
    if profile not in BUILTIN_MAPS:
        raise BadRegisterError(f"unknown meter profile {profile!r}")
    return BUILTIN_MAPS[profile]
