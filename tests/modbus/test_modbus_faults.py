"""Meter faults against a real pymodbus server: outages, slow answers, wrong unit, garbage."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from custom_components.capacity_manager.sources.modbus import (
    MeterConfig,
    MeterError,
    ModbusMeter,
    Transport,
    async_probe,
    resolve_profile,
)
from tests.modbus.meters import NI, state_at, write_gavazzi, write_sdm630, write_sunspec
from tests.modbus.sim import HOLDING, INPUT, RegisterBank, free_port, int32_le

LOGGER_NAME = "custom_components.capacity_manager.sources.modbus"


class Clock:
    """The reader's clock, moved by the test: backoff decisions without real waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _meter(port: int, profile: str = "sdm630", clock: Clock | None = None, **kwargs) -> ModbusMeter:
    config = MeterConfig(
        host="127.0.0.1", port=port, timeout_s=kwargs.pop("timeout_s", 0.3), **kwargs
    )
    return ModbusMeter(
        config,
        resolve_profile(profile),
        clock=clock or Clock(),
        backoff_initial_s=1.0,
        backoff_max_s=4.0,
    )


async def _read_error(meter: ModbusMeter) -> MeterError:
    with pytest.raises(MeterError) as err:
        await meter.async_read()
    return err.value


def _our_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == LOGGER_NAME and r.levelno >= logging.INFO
    ]


async def test_server_stopped_mid_run_then_restarted(start_server, track_meter, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))
    server = await start_server(bank)
    clock = Clock()
    meter = track_meter(_meter(server.port, clock=clock))
    assert (await meter.async_read()).total_w == pytest.approx(state_at(0).total_w, abs=0.01)

    await server.stop()
    await asyncio.sleep(0.1)  # the client sees the connection close
    assert (await _read_error(meter)).error_key == "cannot_connect"
    assert not meter.available

    # Backing off: polls fail at once, and the wait doubles after each failed attempt (max 4 s).
    for delay in (1.0, 2.0, 4.0, 4.0):
        clock.now += delay - 0.01
        assert "next attempt" in str(await _read_error(meter))
        clock.now += 0.01
        assert "next attempt" not in str(await _read_error(meter))  # a real attempt, refused

    write_sdm630(bank, state_at(1))  # the site changed while the meter was away
    await server.start()
    reads_before = bank.reads
    assert "next attempt" in str(await _read_error(meter))  # still waiting: no traffic
    assert bank.reads == reads_before
    clock.now += 4.0
    reading = await meter.async_read()
    assert reading.total_w == pytest.approx(state_at(1).total_w, abs=0.01)
    assert reading.timestamp == clock.now
    assert meter.available
    lines = _our_lines(caplog)
    assert len(lines) == 2, lines  # one when it went away, one when it came back
    assert "unavailable" in lines[0]
    assert "available again" in lines[1]
    # Five refused attempts, and not one warning from pymodbus about them: its lines about our
    # meter are our debug lines (a user who asks for them still gets them).
    loud = [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING]
    assert loud == []
    ours = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert any(f"pymodbus, meter {meter.config.label}: Failed to connect" in m for m in ours)


async def test_pymodbus_lines_of_other_clients_and_debug_lines_are_left_alone(
    socket_enabled, track_meter, caplog
) -> None:
    # Another pymodbus user in the same process (Home Assistant's modbus integration) keeps its
    # warnings; ours, made at the same time, do not show.
    from pymodbus.client import AsyncModbusTcpClient

    port = free_port()
    meter = track_meter(_meter(port))
    other = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=0.3, retries=0, reconnect_delay=0)
    assert (await _read_error(meter)).error_key == "cannot_connect"
    assert not await other.connect()
    other.close()
    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(loud) == 1
    assert "Failed to connect" in loud[0]

    # Someone who turns on pymodbus's debug output gets it for our meter too, as pymodbus's.
    caplog.clear()
    caplog.set_level(logging.DEBUG, logger="pymodbus.logging")
    fresh = track_meter(_meter(port))
    assert (await _read_error(fresh)).error_key == "cannot_connect"
    debug = [r.getMessage() for r in caplog.records if r.name == "pymodbus.logging"]
    assert any("Connecting" in m for m in debug), debug
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_slow_meter_times_out_then_recovers_with_fresh_values(
    start_server, track_meter
) -> None:
    bank = RegisterBank()
    write_gavazzi(bank, state_at(0))
    server = await start_server(bank)
    clock = Clock()
    meter = track_meter(_meter(server.port, "em340", clock=clock))
    await meter.async_read()

    bank.delay_s = 1.0
    started = time.monotonic()
    err = await _read_error(meter)
    assert err.error_key == "timeout"
    assert time.monotonic() - started < bank.delay_s  # the poll gave up at its own timeout

    bank.delay_s = 0.0
    write_gavazzi(bank, state_at(1))
    clock.now += 1.0
    reading = await meter.async_read()
    # A fresh connection: the late answer to the timed-out request cannot be taken for this one.
    assert reading.total_w == pytest.approx(state_at(1).total_w, abs=0.3)
    assert server.connections == 2


async def test_wrong_unit_id_gets_no_answer(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))
    server = await start_server(bank, unit_id=1)
    err = await _read_error(track_meter(_meter(server.port, unit_id=7)))
    assert err.error_key == "timeout"
    assert "unit 7" in str(err)


async def test_wrong_unit_id_behind_a_gateway(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))
    try:
        server = await start_server(bank, unit_id=1, unknown_unit="gateway")
    except NotImplementedError:
        pytest.skip("this pymodbus server cannot play a gateway")
    err = await _read_error(track_meter(_meter(server.port, unit_id=7)))
    assert err.error_key == "cannot_connect"
    assert "unit id 7" in str(err)


async def test_nothing_listening_is_cannot_connect(socket_enabled, track_meter) -> None:
    err = await _read_error(track_meter(_meter(free_port())))
    assert err.error_key == "cannot_connect"


async def test_non_sunspec_device_at_the_sunspec_address(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))
    bank.fill(HOLDING, 40000, 4, 0x1234)  # something answers at 40000, but it is not "SunS"
    server = await start_server(bank)
    err = await _read_error(track_meter(_meter(server.port, "sunspec")))
    assert err.error_key == "not_sunspec"


async def test_nan_is_rejected_then_the_next_good_poll_counts(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))
    bank.set(INPUT, 52, [0x7FC0, 0x0000])  # float32 NaN in total power
    server = await start_server(bank)
    clock = Clock()
    meter = track_meter(_meter(server.port, clock=clock))
    assert (await _read_error(meter)).error_key == "bad_register"
    write_sdm630(bank, state_at(1))
    # The meter answered, so there is no backoff: the very next poll reads it.
    assert (await meter.async_read()).total_w == pytest.approx(state_at(1).total_w, abs=0.01)
    assert server.connections == 1


async def test_persistent_garbage_backs_off_after_three_polls(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))
    bank.set(INPUT, 52, [0x7F80, 0x0000])  # float32 +infinity, for good
    server = await start_server(bank)
    clock = Clock()
    meter = track_meter(_meter(server.port, clock=clock))
    for _ in range(4):  # asked at once, every poll, and a 4th time: then it backs off
        assert "next attempt" not in str(await _read_error(meter))
    assert bank.reads == 4
    assert "next attempt" in str(await _read_error(meter))  # waits 1 s, no request
    assert bank.reads == 4
    clock.now += 1.0
    assert (await _read_error(meter)).error_key == "bad_register"
    assert bank.reads == 5
    clock.now += 1.0
    assert "next attempt" in str(await _read_error(meter))  # now 2 s
    assert bank.reads == 5


async def test_sunspec_not_implemented_power_is_rejected(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_sunspec(bank, state_at(0), overrides={16: NI, 17: NI, 18: NI, 19: NI})
    server = await start_server(bank)
    err = await _read_error(track_meter(_meter(server.port, "sunspec")))
    assert err.error_key == "bad_register"


async def test_out_of_range_value_is_rejected(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_gavazzi(bank, state_at(0))
    bank.set(HOLDING, 0x28, int32_le(2_000_000_000))  # 200 MW on a house
    server = await start_server(bank)
    err = await _read_error(track_meter(_meter(server.port, "em24")))
    assert err.error_key == "bad_register"
    assert "power" in str(err)


async def test_exception_response_for_a_missing_register(start_server, track_meter) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))  # has no register 9000
    server = await start_server(bank)
    config = MeterConfig(host="127.0.0.1", port=server.port, timeout_s=0.3)
    meter = track_meter(
        ModbusMeter(
            config, resolve_profile("custom", {"total_w": {"address": 9000, "table": "input"}})
        )
    )
    err = await _read_error(meter)
    assert err.error_key == "bad_register"
    # Illegal address (2); pymodbus 3.10/3.11 servers can only answer device failure (4).
    assert "Modbus exception 2" in str(err) or "Modbus exception 4" in str(err)


async def test_missing_serial_port_is_cannot_connect(track_meter) -> None:
    # Without pyserial, or with it and no such device: either way the user is told the same.
    config = MeterConfig(
        transport=Transport.SERIAL, serial_port="/dev/capacity-manager-none", timeout_s=0.3
    )
    meter = track_meter(ModbusMeter(config, resolve_profile("sdm120")))
    assert (await _read_error(meter)).error_key == "cannot_connect"


async def test_probe_reports_the_flow_error_key(start_server) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))
    server = await start_server(bank)
    config = MeterConfig(host="127.0.0.1", port=server.port, timeout_s=0.3)
    with pytest.raises(MeterError) as err:
        await async_probe(config, resolve_profile("sunspec"))
    assert err.value.error_key == "not_sunspec"
    bank.delay_s = 1.0
    with pytest.raises(MeterError) as err:
        await async_probe(config, resolve_profile("sdm630"))
    assert err.value.error_key == "timeout"
    with pytest.raises(MeterError) as err:
        await async_probe(
            MeterConfig(host="127.0.0.1", port=free_port()), resolve_profile("sdm630")
        )
    assert err.value.error_key == "cannot_connect"
