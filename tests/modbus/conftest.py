"""Fixtures: real pymodbus servers on 127.0.0.1 and meters that are closed after each test.

pytest-homeassistant-custom-component blocks sockets in every test; these fixtures request
`socket_enabled` (127.0.0.1 stays the only allowed host). Also the forms of the config flow of a
site on a Modbus meter, as a user fills them in, shared by the flow tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult

from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_CONTINUOUS_ENABLED,
    CONF_CONTINUOUS_GRACE,
    CONF_LIMIT_TYPE,
    CONF_MODBUS,
    CONF_NAME,
    CONF_PANEL_LIMIT_W,
    CONF_PHASES,
    CONF_SOURCE_TYPE,
    CONF_VOLTAGE,
    DOMAIN,
    LIMIT_BREAKER,
    LIMIT_WATTS,
    SOURCE_MODBUS,
)
from custom_components.capacity_manager.sources.modbus import MeterConfig, ModbusMeter
from tests.modbus.meters import state_at, write_sdm120
from tests.modbus.sim import RegisterBank, SimServer

type StartServer = Callable[..., Awaitable[SimServer]]

LIMIT = {CONF_BREAKER_A: 25, CONF_CONTINUOUS_ENABLED: False, CONF_CONTINUOUS_GRACE: 0}
LIMIT_FORM = {**LIMIT, "thresholds": {}, "timings": {}}  # the breaker step of a new site


def site_form(**overrides: Any) -> dict[str, Any]:
    """The first form: a 3-phase 230 V site named Home, its limit a breaker, read by Modbus."""
    return {
        CONF_NAME: "Home",
        CONF_SOURCE_TYPE: SOURCE_MODBUS,
        CONF_LIMIT_TYPE: LIMIT_BREAKER,
        CONF_PHASES: 3,
        CONF_VOLTAGE: 230,
        **overrides,
    }


def meter_form(port: int, profile: str = "sdm630", **overrides: Any) -> dict[str, Any]:
    """The meter form of a Modbus TCP meter on 127.0.0.1 (unit 1, read every second)."""
    return {
        "transport": "tcp",
        "host": "127.0.0.1",
        "port": port,
        "unit_id": 1,
        "profile": profile,
        "poll_interval_s": 1,
        "invert": False,
        **overrides,
    }


async def configure(
    hass: HomeAssistant, result: FlowResult[Any, Any], user_input: dict[str, Any]
) -> FlowResult[Any, Any]:
    """Submit `user_input` on the step `result` shows."""
    return await hass.config_entries.flow.async_configure(result["flow_id"], user_input)


async def start_meter_form(hass: HomeAssistant, **site: Any) -> FlowResult[Any, Any]:
    """A new site's flow, past the first form (`site` overrides it): the meter form."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await configure(hass, result, site_form(**site))
    assert result["step_id"] == "source_modbus"
    return result


@pytest.fixture
def flow_only(enable_custom_integrations: None) -> Iterator[None]:
    """For flow tests: load custom_components/; creating or reloading an entry runs nothing."""
    with patch("custom_components.capacity_manager.async_setup_entry", return_value=True):
        yield


@pytest.fixture
async def start_server(socket_enabled: None) -> AsyncIterator[StartServer]:
    servers: list[SimServer] = []

    async def start(bank: RegisterBank, **kwargs: Any) -> SimServer:
        server = SimServer(bank, **kwargs)
        await server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.stop()


@pytest.fixture
async def track_meter(
    start_server: StartServer,
) -> AsyncIterator[Callable[[ModbusMeter], ModbusMeter]]:
    meters: list[ModbusMeter] = []

    def track(meter: ModbusMeter) -> ModbusMeter:
        meters.append(meter)
        return meter

    yield track
    for meter in meters:
        await meter.async_close()


async def assert_follows_sdm120(meter: ModbusMeter, bank: RegisterBank) -> None:
    """A 1-phase SDM120 (`bank`) changes three times: each read of `meter` follows it."""
    for step in range(3):
        state = state_at(step, 1)
        write_sdm120(bank, state)
        reading = await meter.async_read()
        assert reading.total_w == pytest.approx(state.total_w, abs=1e-3)
        assert reading.phase_v == pytest.approx(state.phase_v, abs=1e-4)


def meter_site(port: int, *, profile: str, poll_interval_s: float) -> dict[str, Any]:
    """A 3-phase site read from a meter on 127.0.0.1 with `profile`, limited to 5750 W."""
    settings = MeterConfig(host="127.0.0.1", port=port, timeout_s=0.5).as_dict()
    return {
        CONF_NAME: "Home",
        CONF_SOURCE_TYPE: SOURCE_MODBUS,
        CONF_MODBUS: {**settings, "profile": profile, "poll_interval_s": poll_interval_s},
        CONF_PHASES: 3,
        CONF_VOLTAGE: 230.0,
        CONF_LIMIT_TYPE: LIMIT_WATTS,
        CONF_PANEL_LIMIT_W: 5750.0,
        CONF_CONTINUOUS_ENABLED: False,
    }


async def until(predicate: Callable[[], bool]) -> None:
    """Wait (in real time, at most 10 s) until `predicate()` holds."""
    for _ in range(200):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out waiting")
