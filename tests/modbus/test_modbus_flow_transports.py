"""The meter form with each connection type, read from a real pymodbus server before it is saved.

RTU over TCP talks to an RTU-framed server; RTU on a serial port goes through pyserial's
"socket://" URL handler to the same kind of server (the real serial client, a TCP port in place
of the wire). A serial port that does not exist is refused on the form. Self-contained like
test_modbus_flow.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pymodbus import FramerType

from custom_components.capacity_manager.const import CONF_MODBUS, CONF_PHASES, DOMAIN
from tests.modbus.conftest import LIMIT_FORM, StartServer, configure, meter_form, start_meter_form
from tests.modbus.meters import state_at, write_gavazzi, write_sdm120
from tests.modbus.sim import RegisterBank

pytestmark = pytest.mark.usefixtures("flow_only")


def _serial(serial: dict[str, Any], unit_id: int) -> dict[str, Any]:
    """The meter form of an SDM120 on a serial port (no host, no TCP port)."""
    return {
        "transport": "serial",
        "unit_id": unit_id,
        "profile": "sdm120",
        "poll_interval_s": 1,
        "invert": False,
        "serial": serial,
    }


async def _create(hass: HomeAssistant, meter: dict[str, Any]) -> dict[str, Any]:
    """Go through the flow of a 1-phase site with this meter form; the stored meter settings."""
    result = await configure(hass, await start_meter_form(hass, **{CONF_PHASES: 1}), meter)
    assert result.get("errors") in (None, {}), result.get("errors")
    assert result["step_id"] == "limit_breaker"
    result = await configure(hass, result, LIMIT_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    return dict(result["data"][CONF_MODBUS])


async def test_rtu_over_tcp_meter_is_read_and_saved(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    bank = RegisterBank()
    write_gavazzi(bank, state_at(1))
    server = await start_server(bank, framer=FramerType.RTU, unit_id=4)
    stored = await _create(
        hass, meter_form(server.port, "em340", transport="rtu_over_tcp", unit_id=4)
    )
    assert bank.reads == 1
    assert (stored["transport"], stored["unit_id"], stored["profile"]) == (
        "rtu_over_tcp",
        4,
        "em340",
    )


async def test_serial_meter_is_read_and_saved(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    pytest.importorskip("serial", reason="serial meters need pyserial (manifest requirement)")
    bank = RegisterBank()
    write_sdm120(bank, state_at(0, 1))
    server = await start_server(bank, framer=FramerType.RTU, unit_id=2)
    url = f"socket://127.0.0.1:{server.port}"
    stored = await _create(hass, _serial({"serial_port": url, "baudrate": 19200, "parity": "E"}, 2))
    assert bank.reads == 1
    assert stored["transport"] == "serial"
    assert stored["serial_port"] == url
    assert (stored["baudrate"], stored["parity"], stored["unit_id"]) == (19200, "E", 2)


async def test_serial_port_that_does_not_exist_cannot_connect(hass: HomeAssistant) -> None:
    pytest.importorskip("serial", reason="serial meters need pyserial (manifest requirement)")
    result = await start_meter_form(hass, **{CONF_PHASES: 1})
    result = await configure(hass, result, _serial({"serial_port": "/dev/ttyCM-does-not-exist"}, 1))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}
    # The key is shown translated: it exists in strings.json and every translation.
    component = Path(__file__).parents[2] / "custom_components" / DOMAIN
    for path in [component / "strings.json", *(component / "translations").glob("*.json")]:
        assert json.loads(path.read_text())["config"]["error"]["cannot_connect"], path
