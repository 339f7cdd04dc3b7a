"""Each meter profile read from a real pymodbus server on 127.0.0.1 while its values change."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable

import pytest
from pymodbus import FramerType

from custom_components.capacity_manager.sources.modbus import (
    MeterConfig,
    ModbusMeter,
    Transport,
    async_probe,
    resolve_profile,
)
from tests.modbus.conftest import assert_follows_sdm120
from tests.modbus.meters import (
    State,
    state_at,
    write_gavazzi,
    write_sdm120,
    write_sdm630,
    write_sunspec,
)
from tests.modbus.sim import HOLDING, INPUT, RegisterBank, int16

# profile id -> (writer, phases, resolution of W, A, V in the meter's own encoding)
PROFILES: dict[
    str, tuple[Callable[[RegisterBank, State], object], int, tuple[float, float, float]]
] = {
    "sdm630": (write_sdm630, 3, (1e-3, 1e-4, 1e-4)),
    "sdm120": (write_sdm120, 1, (1e-3, 1e-4, 1e-4)),
    "em24": (write_gavazzi, 3, (0.1, 1e-3, 0.1)),
    "em340": (write_gavazzi, 3, (0.1, 1e-3, 0.1)),
    "sunspec": (write_sunspec, 3, (1.0, 0.01, 0.1)),
}


def _config(port: int, **kwargs) -> MeterConfig:
    return MeterConfig(host="127.0.0.1", port=port, timeout_s=0.5, **kwargs)


@pytest.mark.parametrize("profile", list(PROFILES))
async def test_profile_follows_the_meter_as_its_values_change(
    profile, start_server, track_meter
) -> None:
    write, phases, (res_w, res_a, res_v) = PROFILES[profile]
    bank = RegisterBank()
    write(bank, state_at(0, phases))
    server = await start_server(bank)
    meter = track_meter(ModbusMeter(_config(server.port), resolve_profile(profile)))

    reading = None
    for step in range(4):
        state = state_at(step, phases)
        write(bank, state)
        reading = await meter.async_read()
        assert reading.total_w == pytest.approx(state.total_w, abs=res_w * 3)
        assert reading.phase_w == pytest.approx(state.phase_w, abs=res_w)
        assert reading.phase_a == pytest.approx(state.phase_a, abs=res_a)
        assert reading.phase_v == pytest.approx(state.phase_v, abs=res_v)
    assert reading is not None
    assert reading.total_w < 0  # the last step exports: negative, the engine's sign
    assert meter.available
    assert server.connections == 1  # one connection, reused for every poll


async def test_inverted_meter_reports_import_as_positive(start_server, track_meter) -> None:
    bank = RegisterBank()
    state = state_at(1)
    exported = State(tuple(-w for w in state.phase_w), state.phase_a, state.phase_v)
    write_sdm630(bank, exported)  # a meter installed the other way round
    server = await start_server(bank)
    meter = track_meter(ModbusMeter(_config(server.port, invert=True), resolve_profile("sdm630")))
    reading = await meter.async_read()
    assert reading.total_w == pytest.approx(state.total_w, abs=0.01)
    assert reading.phase_w == pytest.approx(state.phase_w, abs=0.01)


async def test_rtu_frames_over_tcp(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_gavazzi(bank, state_at(2))
    server = await start_server(bank, framer=FramerType.RTU, unit_id=5)
    config = _config(server.port, transport=Transport.RTU_OVER_TCP, unit_id=5)
    meter = track_meter(ModbusMeter(config, resolve_profile("em24")))
    reading = await meter.async_read()
    assert reading.total_w == pytest.approx(state_at(2).total_w, abs=0.3)


async def test_rtu_on_a_serial_port(start_server, track_meter) -> None:
    # pyserial opens "socket://" URLs like a serial device: the real serial client and RTU
    # framing, with the server's TCP port standing in for the wire.
    pytest.importorskip("serial", reason="serial meters need pyserial (manifest requirement)")
    bank = RegisterBank()
    server = await start_server(bank, framer=FramerType.RTU, unit_id=3)
    config = MeterConfig(
        transport=Transport.SERIAL,
        serial_port=f"socket://127.0.0.1:{server.port}",
        unit_id=3,
        timeout_s=0.5,
    )
    meter = track_meter(ModbusMeter(config, resolve_profile("sdm120")))
    await assert_follows_sdm120(meter, bank)
    assert server.connections == 1


def _words(fmt: str, value: float, *, low_word_first: bool = False) -> list[int]:
    """A 32-bit value as two registers, encoded here with struct (not with the code under test)."""
    high, low = struct.unpack(">HH", struct.pack(fmt, value))
    return [low, high] if low_word_first else [high, low]


async def test_custom_register_map_follows_the_meter(start_server, track_meter) -> None:
    # Every data type and both word orders: total power as uint32 (high word first) in W x 10
    # counting export as positive; phase power int32 low word first; phase currents int16 in
    # centiamps and phase voltages uint16 in decivolts (input registers).
    custom = {
        "total_w": {
            "address": 100,
            "table": "holding",
            "data_type": "uint32",
            "scale": 0.1,
            "invert": True,
        },
        "phase_w": [
            {"address": 400 + 2 * i, "data_type": "int32", "word_order": "little", "invert": True}
            for i in range(3)
        ],
        "phase_a": [
            {"address": 300 + i, "table": "input", "data_type": "int16", "scale": 0.01}
            for i in range(3)
        ],
        "phase_v": [
            {"address": 310 + i, "table": "input", "data_type": "uint16", "scale": 0.1}
            for i in range(3)
        ],
    }
    bank = RegisterBank()
    server = await start_server(bank)
    meter = track_meter(ModbusMeter(_config(server.port), resolve_profile("custom", custom)))
    for step in range(3):
        export_w = 2345.6 + 1000 * step
        phases_export = (1000 + step, 800 - step, export_w - 1800)
        bank.set(HOLDING, 100, _words(">I", round(export_w * 10)))
        for i, watts in enumerate(phases_export):
            bank.set(HOLDING, 400 + 2 * i, _words(">i", round(watts), low_word_first=True))
        bank.set(INPUT, 300, [int16(1234 + step), int16(-56), int16(789 - step)])
        bank.set(INPUT, 310, [2301 + step, 2299, 2314 - step])
        reading = await meter.async_read()
        assert reading.total_w == pytest.approx(-export_w)
        assert reading.phase_w == pytest.approx([-round(w) for w in phases_export])
        assert reading.phase_a == pytest.approx((12.34 + step / 100, -0.56, 7.89 - step / 100))
        assert reading.phase_v == pytest.approx((230.1 + step / 10, 229.9, 231.4 - step / 10))


async def test_custom_float32_low_word_first(start_server, track_meter) -> None:
    bank = RegisterBank()
    server = await start_server(bank)
    custom = {"total_w": {"address": 7, "data_type": "float32", "word_order": "little"}}
    meter = track_meter(ModbusMeter(_config(server.port), resolve_profile("custom", custom)))
    for watts in (1234.5, -87.25, 6400.0):
        bank.set(HOLDING, 7, _words(">f", watts, low_word_first=True))
        assert (await meter.async_read()).total_w == pytest.approx(watts)


async def test_probe_reads_once_and_leaves_no_connection_open(start_server) -> None:
    bank = RegisterBank()
    write_sunspec(bank, state_at(1), base=50000, model=201)
    server = await start_server(bank)
    reading, description = await async_probe(_config(server.port), resolve_profile("sunspec"))
    assert reading.total_w == pytest.approx(state_at(1).phase_w[0], abs=1.0)
    assert "201" in description
    for _ in range(50):  # the server sees the close a moment later
        if server.open_connections == 0:
            break
        await asyncio.sleep(0.01)
    assert server.open_connections == 0
