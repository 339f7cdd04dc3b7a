"""SunSpec over the wire: a real pymodbus server with a SunSpec map, read by the meter reader.

Models 201-204 behind other models (common 1, inverters 101/103, nameplate 120), at each base
address, and the base search against devices that reject or ignore (time out) the addresses
they do not map.
"""

from __future__ import annotations

import time

import pytest

from custom_components.capacity_manager.sources.modbus import (
    MeterConfig,
    MeterError,
    ModbusMeter,
    resolve_profile,
)
from tests.modbus.meters import NI, state_at, write_sunspec
from tests.modbus.sim import HOLDING, RegisterBank, text_words

TIMEOUT_S = 0.3


def _meter(port: int) -> ModbusMeter:
    config = MeterConfig(host="127.0.0.1", port=port, timeout_s=TIMEOUT_S)
    return ModbusMeter(config, resolve_profile("sunspec"))


@pytest.mark.parametrize(
    ("model", "phases", "base", "before"),
    [
        (201, 1, 0, (101,)),  # single phase behind a single-phase inverter
        (202, 2, 40000, (101, 120)),  # split phase
        (203, 3, 50000, (103,)),  # wye
        (204, 3, 40000, (103, 120)),  # delta with line-to-neutral voltages (4-wire)
    ],
)
async def test_meter_model_behind_other_models_follows_the_meter(
    model, phases, base, before, start_server, track_meter
) -> None:
    bank = RegisterBank()
    server = await start_server(bank)
    meter = track_meter(_meter(server.port))
    for step in range(4):
        state = state_at(step, phases)
        data_address = write_sunspec(bank, state, base=base, model=model, extra_models=before)
        reading = await meter.async_read()
        # One step of the scale factor (W 1, A 0.01, V 0.1); the total sums rounded phases.
        assert reading.total_w == pytest.approx(state.total_w, abs=3.0)
        assert reading.phase_w == pytest.approx(state.phase_w, abs=1.0)
        assert reading.phase_a == pytest.approx(state.phase_a, abs=0.01)
        assert reading.phase_v == pytest.approx(state.phase_v, abs=0.1)
    # The model's ID register, past SunS, the common model and every model in `before`.
    meter_at = data_address - 2
    assert meter_at > base + 2 + 52 * len(before)
    assert meter.description == f"SunSpec model {model} at {meter_at} (base {base})"
    assert server.connections == 1


async def test_delta_meter_without_line_to_neutral_voltages(start_server, track_meter) -> None:
    bank = RegisterBank()
    state = state_at(1)
    # A 3-wire delta meter: PhVphA..C not implemented, line-to-line voltages only.
    write_sunspec(bank, state, model=204, extra_models=(103,), overrides={6: NI, 7: NI, 8: NI})
    server = await start_server(bank)
    reading = await track_meter(_meter(server.port)).async_read()
    assert reading.phase_v is None
    assert reading.total_w == pytest.approx(state.total_w, abs=3.0)
    assert reading.phase_w == pytest.approx(state.phase_w, abs=1.0)
    assert reading.phase_a == pytest.approx(state.phase_a, abs=0.01)


def _silent(bank: RegisterBank, *bases: int) -> None:
    for base in bases:
        bank.silent |= {base, base + 1}


@pytest.mark.parametrize(
    ("found_at", "silent_at"),
    [
        (50000, (40000,)),  # 0 rejected with an exception, 40000 ignored
        (50000, (40000, 0)),
        (0, (40000,)),
    ],
)
async def test_bases_a_device_ignores_are_skipped_after_one_timeout(
    found_at, silent_at, start_server, track_meter
) -> None:
    bank = RegisterBank()
    state = state_at(2)
    write_sunspec(bank, state, base=found_at, model=203, extra_models=(1,))
    _silent(bank, *silent_at)
    server = await start_server(bank)
    meter = track_meter(_meter(server.port))
    started = time.monotonic()
    reading = await meter.async_read()
    elapsed = time.monotonic() - started
    assert reading.total_w == pytest.approx(state.total_w, abs=3.0)
    assert f"(base {found_at})" in meter.description
    assert TIMEOUT_S * len(silent_at) <= elapsed < TIMEOUT_S * len(silent_at) + 1.0
    # Each timeout drops the connection (a late answer must not pass for the next one's).
    assert server.connections == 1 + len(silent_at)
    assert (await meter.async_read()).total_w == pytest.approx(state.total_w, abs=1.0)
    assert server.connections == 1 + len(silent_at)


async def test_device_silent_at_every_base_is_a_timeout(start_server) -> None:
    bank = RegisterBank()
    write_sunspec(bank, state_at(0), base=40000)
    _silent(bank, 40000, 0, 50000)
    server = await start_server(bank)
    meter = _meter(server.port)
    started = time.monotonic()
    with pytest.raises(MeterError) as err:
        await meter.async_read_once()
    elapsed = time.monotonic() - started
    await meter.async_close()
    assert err.value.error_key == "timeout"
    assert 3 * TIMEOUT_S <= elapsed < 3 * TIMEOUT_S + 1.0  # one timeout per base, no more


@pytest.mark.parametrize("other_word", [None, 0x4142])
async def test_device_silent_at_one_base_and_not_sunspec_at_the_others(
    other_word, start_server
) -> None:
    bank = RegisterBank()
    _silent(bank, 40000)
    if other_word is not None:
        bank.fill(HOLDING, 0, 4, other_word)  # something that is not "SunS" answers at 0
    bank.set(HOLDING, 50000, text_words("Sun"))  # nearly, but not the marker
    server = await start_server(bank)
    meter = _meter(server.port)
    with pytest.raises(MeterError) as err:
        await meter.async_read_once()
    await meter.async_close()
    assert err.value.error_key == "not_sunspec"
