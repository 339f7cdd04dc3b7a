"""Pure decoding and register maps: what a meter's words mean, and what is refused as garbage."""

from __future__ import annotations

import struct

import pytest

from custom_components.capacity_manager.sources.modbus import (
    BUILTIN_MAPS,
    PROFILES,
    BadRegisterError,
    MeterConfig,
    RegisterMap,
    RegisterSpec,
    RegisterTable,
    SunSpecProfile,
    Transport,
    register_map_from_dict,
    register_map_to_dict,
    resolve_profile,
)
from custom_components.capacity_manager.sources.modbus.decode import (
    DataType,
    WordOrder,
    check_range,
    decode_raw,
    scaled,
)
from custom_components.capacity_manager.sources.modbus.models import MeterReading
from custom_components.capacity_manager.sources.modbus.profiles import RegisterPlan, plan_blocks


def _words(fmt: str, value: float, order: WordOrder) -> list[int]:
    raw = struct.pack(fmt, value)
    words = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
    return words[::-1] if order is WordOrder.LITTLE else words


@pytest.mark.parametrize(
    ("data_type", "fmt", "value"),
    [
        (DataType.INT16, ">h", -1234),
        (DataType.UINT16, ">H", 54321),
        (DataType.INT32, ">i", -7_654_321),
        (DataType.UINT32, ">I", 3_000_000_000),
        (DataType.FLOAT32, ">f", 229.5),
    ],
)
@pytest.mark.parametrize("order", list(WordOrder))
def test_every_type_and_word_order_decodes_to_the_encoded_value(
    data_type, fmt, value, order
) -> None:
    assert decode_raw(_words(fmt, value, order), data_type, order) == value


def test_word_order_matters_for_32_bit_values() -> None:
    big = _words(">i", 100_000, WordOrder.BIG)
    assert decode_raw(big, DataType.INT32, WordOrder.BIG) == 100_000
    assert decode_raw(big, DataType.INT32, WordOrder.LITTLE) != 100_000


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_floats_are_rejected_as_bad_register(value) -> None:
    with pytest.raises(BadRegisterError) as err:
        decode_raw(_words(">f", value, WordOrder.BIG), DataType.FLOAT32, WordOrder.BIG)
    assert err.value.error_key == "bad_register"


@pytest.mark.parametrize("words", [[1], [1, 2, 3], [0x1_0000, 0], [-1, 0]])
def test_wrong_word_count_or_word_outside_16_bits_is_rejected(words) -> None:
    with pytest.raises(BadRegisterError):
        decode_raw(words, DataType.INT32, WordOrder.BIG)


def test_scale_and_sign() -> None:
    assert scaled(12345, 0.1) == pytest.approx(1234.5)
    assert scaled(12345, 0.1, invert=True) == pytest.approx(-1234.5)


def test_out_of_range_value_is_rejected_with_its_name() -> None:
    assert check_range("power", -999.0, (-1000.0, 1000.0)) == -999.0
    with pytest.raises(BadRegisterError, match="power"):
        check_range("power", 1e7, (-1000.0, 1000.0))


def test_builtin_profiles_read_in_one_request_each() -> None:
    # One request per poll keeps a 1 s poll cheap on slow RS485 gateways.
    for register_map in BUILTIN_MAPS.values():
        assert len(RegisterPlan(register_map).blocks) == 1


def test_distant_registers_of_a_custom_map_are_read_separately_and_tables_never_mixed() -> None:
    specs = [
        RegisterSpec(address=100, table=RegisterTable.HOLDING),
        RegisterSpec(address=102, table=RegisterTable.HOLDING),  # adjacent: same request
        RegisterSpec(address=110, table=RegisterTable.HOLDING),  # gap: unknown registers
        RegisterSpec(address=100, table=RegisterTable.INPUT),
    ]
    blocks = plan_blocks(specs)
    assert [(b.table, b.address, b.count) for b in blocks] == [
        (RegisterTable.INPUT, 100, 2),
        (RegisterTable.HOLDING, 100, 4),
        (RegisterTable.HOLDING, 110, 2),
    ]


def test_a_request_never_exceeds_125_registers() -> None:
    specs = [RegisterSpec(address=a) for a in range(0, 400, 2)]
    blocks = plan_blocks(specs, merge_gap=10)
    assert all(b.count <= 125 for b in blocks)
    assert sum(b.count for b in blocks) == 400


def test_custom_map_round_trips_through_config_data() -> None:
    data = {
        "total_w": {
            "address": 10,
            "table": "input",
            "data_type": "int32",
            "word_order": "little",
            "scale": 0.1,
            "invert": True,
        },
        "phase_a": [{"address": 20 + i, "data_type": "uint16", "scale": 0.01} for i in range(3)],
    }
    register_map = register_map_from_dict(data)
    assert register_map.total_w == RegisterSpec(
        address=10,
        table=RegisterTable.INPUT,
        data_type=DataType.INT32,
        word_order=WordOrder.LITTLE,
        scale=0.1,
        invert=True,
    )
    assert register_map_from_dict(register_map_to_dict(register_map)) == register_map


@pytest.mark.parametrize(
    "bad",
    [
        {"total_w": {"table": "input"}},  # no address
        {"total_w": {"address": 1, "data_type": "int64"}},
        {"total_w": {"address": 1, "table": "coil"}},
        {"total_w": {"address": 65535, "data_type": "float32"}},  # runs past the last register
        {"total_w": {"address": 1, "scale": 0}},
        {"total_w": None, "phase_w": []},  # nothing to read power from
        {"total_w": {"address": 1}, "phase_v": [{"address": a} for a in range(4)]},
    ],
)
def test_invalid_custom_maps_are_refused_as_bad_register(bad) -> None:
    with pytest.raises(BadRegisterError):
        register_map_from_dict(bad)


def test_profiles_resolve_and_unknown_ones_are_refused() -> None:
    assert isinstance(resolve_profile("sunspec"), SunSpecProfile)
    for name in PROFILES:
        if name not in ("sunspec", "custom"):
            assert isinstance(resolve_profile(name), RegisterMap)
    custom = resolve_profile("custom", {"total_w": {"address": 3}})
    assert isinstance(custom, RegisterMap)
    assert custom.total_w == RegisterSpec(address=3)
    with pytest.raises(BadRegisterError):
        resolve_profile("custom")
    with pytest.raises(BadRegisterError):
        resolve_profile("sdm999")


def test_meter_config_round_trips_and_refuses_impossible_settings() -> None:
    config = MeterConfig(
        transport=Transport.RTU_OVER_TCP, host="gw.local", port=8899, unit_id=3, invert=True
    )
    assert MeterConfig.from_dict(config.as_dict()) == config
    assert MeterConfig.from_dict({"host": "10.0.0.5", "future_key": 1}).port == 502
    from_ui = MeterConfig.from_dict({"host": "10.0.0.5", "port": 1502.0, "unit_id": 2.0})
    assert (from_ui.port, from_ui.unit_id) == (1502, 2)
    assert isinstance(from_ui.port, int)
    for bad in (
        {"host": ""},
        {"host": "h", "port": 0},
        {"host": "h", "unit_id": 256},
        {"host": "h", "timeout_s": 0},
        {"transport": "serial"},
        {"transport": "serial", "serial_port": "/dev/ttyUSB0", "parity": "X"},
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
            MeterConfig.from_dict(bad)


def test_inverting_a_reading_flips_power_only() -> None:
    reading = MeterReading(
        total_w=-500.0, phase_w=(-600.0, 100.0), phase_a=(2.6, 0.5), phase_v=(230.0, 231.0)
    )
    flipped = reading.inverted()
    assert flipped.total_w == 500.0
    assert flipped.phase_w == (600.0, -100.0)
    assert flipped.phase_a == reading.phase_a
    assert flipped.phase_v == reading.phase_v
