"""The scale of a custom register map: NaN, infinity or 0 is refused on the form, not stored.

A scale multiplies every reading; a bad one would make the meter unreadable (NaN, 0) or every
sample implausible (infinity). The selector has no bounds, so the flow itself refuses them,
before it tries to read the meter. Self-contained like test_modbus_flow.py.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType

from custom_components.capacity_manager.const import CONF_MODBUS
from tests.helpers import assert_translated
from tests.modbus.conftest import LIMIT_FORM, StartServer, configure, meter_form, start_meter_form
from tests.modbus.sim import HOLDING, RegisterBank, free_port

pytestmark = pytest.mark.usefixtures("flow_only")


TOTAL = {
    "address": 100,
    "table": "holding",
    "data_type": "uint32",
    "word_order": "big",
    "scale": 0.1,
    "invert": False,
}
VOLTAGES = {
    "addresses": "200, 202, 204",
    "table": "holding",
    "data_type": "uint32",
    "word_order": "big",
    "scale": 0.1,
}


async def _registers_form(hass: HomeAssistant, port: int) -> FlowResult[Any, Any]:
    result = await configure(hass, await start_meter_form(hass), meter_form(port, "custom"))
    assert result["step_id"] == "modbus_registers"
    return result


@pytest.mark.parametrize("scale", [math.nan, math.inf, -math.inf, 0.0])
@pytest.mark.parametrize("section", ["total_power", "phase_voltage"])
async def test_a_scale_that_is_not_a_usable_number_is_refused_before_reading(
    hass: HomeAssistant, socket_enabled: None, section: str, scale: float
) -> None:
    # Nothing listens on the port: the error must come from the form, not from a read.
    result = await _registers_form(hass, free_port())
    user_input: dict[str, Any] = {"total_power": TOTAL, "phase_voltage": VOLTAGES}
    user_input[section] = {**user_input[section], "scale": scale}
    result = await configure(hass, result, user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "modbus_registers"
    assert result["errors"] == {section: "invalid_scale"}
    assert_translated(result)


async def test_a_corrected_scale_is_read_and_stored(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    bank = RegisterBank()
    bank.set(HOLDING, 100, [0, 23456])  # 2345.6 W
    bank.set(HOLDING, 200, [0, 2301, 0, 2302, 0, 2303])
    server = await start_server(bank)
    result = await _registers_form(hass, server.port)
    result = await configure(hass, result, {"total_power": {**TOTAL, "scale": math.inf}})
    assert result["errors"] == {"total_power": "invalid_scale"}
    result = await configure(hass, result, {"total_power": TOTAL, "phase_voltage": VOLTAGES})
    assert result["step_id"] == "limit_breaker"
    result = await configure(hass, result, LIMIT_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    stored = result["data"][CONF_MODBUS]["register_map"]
    assert stored["total_w"]["scale"] == 0.1
    assert [spec["scale"] for spec in stored["phase_v"]] == [0.1, 0.1, 0.1]
