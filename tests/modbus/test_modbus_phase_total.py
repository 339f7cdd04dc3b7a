"""A custom register map without a total power register: the total is the sum of the phases.

Against a real pymodbus server on 127.0.0.1, like test_modbus_flow.py (self-contained too).
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from custom_components.capacity_manager.const import CONF_MODBUS
from custom_components.capacity_manager.flow_schemas_modbus import registers_suggestions
from custom_components.capacity_manager.sources.modbus import (
    MeterConfig,
    ModbusMeter,
    register_map_from_dict,
    resolve_profile,
)
from tests.helpers import assert_translated
from tests.modbus.conftest import (
    LIMIT_FORM,
    StartServer,
    configure,
    meter_form,
    start_meter_form,
)
from tests.modbus.sim import HOLDING, INPUT, RegisterBank, int16

pytestmark = pytest.mark.usefixtures("flow_only")

# The total power section left empty: only its sign setting, which the phases take.
NO_TOTAL = {"table": "holding", "data_type": "float32", "word_order": "big", "scale": 1.0}
PHASE_POWER = {
    "addresses": "200, 201, 202",
    "table": "holding",
    "data_type": "int16",
    "word_order": "big",
    "scale": 0.1,
}
VOLTAGES = {**PHASE_POWER, "addresses": "300, 301, 302", "table": "input"}


async def test_phase_power_without_a_total_is_summed_over_the_wire(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    bank = RegisterBank()
    bank.set(HOLDING, 200, [int16(15000), int16(-2300), int16(812)])  # W x 0.1, export positive
    bank.set(INPUT, 300, [2301, 2298, 2310])
    server = await start_server(bank)
    result = await configure(hass, await start_meter_form(hass), meter_form(server.port, "custom"))
    assert result["step_id"] == "modbus_registers"

    # Neither a total nor per-phase power: refused before any read, translated.
    reads = bank.reads
    result = await configure(
        hass, result, {"total_power": {**NO_TOTAL, "invert": True}, "phase_voltage": VOLTAGES}
    )
    assert result["step_id"] == "modbus_registers"
    assert result["errors"] == {"base": "power_register_required"}
    assert_translated(result)
    assert bank.reads == reads

    result = await configure(
        hass,
        result,
        {
            "total_power": {**NO_TOTAL, "invert": True},
            "phase_power": PHASE_POWER,
            "phase_voltage": VOLTAGES,
        },
    )
    assert result["step_id"] == "limit_breaker"
    result = await configure(hass, result, LIMIT_FORM)
    stored = result["data"][CONF_MODBUS]
    assert stored["register_map"]["total_w"] is None
    assert register_map_from_dict(stored["register_map"]).total_w is None

    # What was stored reads the meter: the total follows the sum of the phases, sign flipped.
    meter = ModbusMeter(
        MeterConfig.from_dict(stored), resolve_profile("custom", stored["register_map"])
    )
    try:
        reading = await meter.async_read()
        assert reading.phase_w == pytest.approx((-1500.0, 230.0, -81.2))
        assert reading.total_w == pytest.approx(-1351.2)
        assert reading.phase_v == pytest.approx((230.1, 229.8, 231.0))
        bank.set(HOLDING, 200, [int16(-4000), int16(-100), int16(0)])  # now importing
        reading = await meter.async_read()
        assert reading.total_w == pytest.approx(410.0)
    finally:
        await meter.async_close()

    # Reconfiguring shows the map as stored: no total address, the phases' sign setting.
    shown: dict[str, Any] = registers_suggestions({CONF_MODBUS: stored})
    assert shown["total_power"] == {"invert": True}
    assert shown["phase_power"]["addresses"] == "200, 201, 202"


async def test_phase_addresses_in_error_are_shown_alone(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    server = await start_server(RegisterBank())
    result = await configure(hass, await start_meter_form(hass), meter_form(server.port, "custom"))
    result = await configure(
        hass, result, {"total_power": NO_TOTAL, "phase_power": {**PHASE_POWER, "addresses": "x"}}
    )
    assert result["errors"] == {"phase_power": "invalid_addresses"}
    assert_translated(result)
