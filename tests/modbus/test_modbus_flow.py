"""Config flow of a Modbus meter source, against a real pymodbus server on 127.0.0.1.

Self-contained (no fixture of tests/conftest.py), so scripts/test-modbus-versions runs it too.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import (
    CONF_MODBUS,
    CONF_PANEL_LIMIT_W,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    DOMAIN,
    SOURCE_MODBUS,
    SOURCE_SINGLE,
)
from custom_components.capacity_manager.sources.modbus import (
    MeterConfig,
    async_probe,
    register_map_from_dict,
    resolve_profile,
)
from tests.helpers import GRID_SENSOR, assert_translated, form_fields, form_values
from tests.modbus.conftest import (
    LIMIT,
    LIMIT_FORM,
    StartServer,
    configure,
    meter_form as meter,
    site_form as site,
    start_meter_form,
)
from tests.modbus.meters import state_at, write_gavazzi, write_sdm630, write_sunspec
from tests.modbus.sim import HOLDING, INPUT, RegisterBank, free_port, int16

pytestmark = pytest.mark.usefixtures("flow_only")


async def start(hass: HomeAssistant) -> FlowResult[Any, Any]:
    result = await start_meter_form(hass)
    assert {"host", "port", "unit_id", "transport", "profile", "poll_interval_s"} <= form_fields(
        result
    )
    assert form_values(result)["poll_interval_s"] == 1
    return result


async def test_meter_is_read_before_the_site_is_created(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(1))
    server = await start_server(bank)
    result = await configure(hass, await start(hass), meter(server.port))
    assert result["step_id"] == "limit_breaker"
    assert bank.reads == 1  # connected and read once before going on

    result = await configure(hass, result, LIMIT_FORM)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    data = result["data"]
    assert data[CONF_SOURCE_TYPE] == SOURCE_MODBUS
    assert data[CONF_PANEL_LIMIT_W] == 25 * 230 * 3
    assert CONF_POWER_SENSOR not in data
    stored = data[CONF_MODBUS]
    assert stored["profile"] == "sdm630"
    assert stored["poll_interval_s"] == 1.0
    assert MeterConfig.from_dict(stored) == MeterConfig(host="127.0.0.1", port=server.port)
    assert result["result"].unique_id == f"127.0.0.1:{server.port}:1"


async def _error_case(case: str, start_server: StartServer) -> tuple[dict[str, Any], RegisterBank]:
    """A meter set-up that fails with `case`; returns the form input and the live bank."""
    bank = RegisterBank()
    if case == "cannot_connect":
        return meter(free_port()), bank  # nothing listens there
    if case == "timeout":
        write_sdm630(bank, state_at(0))
        server = await start_server(bank, unit_id=1)
        return meter(server.port, unit_id=7), bank  # no device 7 answers
    if case == "not_sunspec":
        write_gavazzi(bank, state_at(0))  # a Carlo Gavazzi meter, not SunSpec
        server = await start_server(bank)
        return meter(server.port, "sunspec"), bank
    bank.fill(INPUT, 0, 0x50)
    bank.set(INPUT, 52, [0x7FC0, 0])  # total power is NaN: the wrong meter or a broken one
    server = await start_server(bank)
    return meter(server.port), bank


@pytest.mark.parametrize("case", ["cannot_connect", "timeout", "not_sunspec", "bad_register"])
async def test_a_meter_that_cannot_be_read_is_refused_with_a_translated_error(
    hass: HomeAssistant, start_server: StartServer, socket_enabled: None, case: str
) -> None:
    user_input, _ = await _error_case(case, start_server)
    result = await configure(hass, await start(hass), user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "source_modbus"
    assert result["errors"] == {"base": case}
    assert_translated(result)
    assert form_values(result)["port"] == user_input["port"]  # what was typed stays

    bank = RegisterBank()
    write_sunspec(bank, state_at(0))
    server = await start_server(bank)
    result = await configure(hass, result, meter(server.port, "sunspec"))
    assert result["step_id"] == "limit_breaker"


async def test_host_is_required_for_tcp(hass: HomeAssistant) -> None:
    result = await configure(hass, await start(hass), meter(502, host="  "))
    assert result["errors"] == {"host": "host_required"}
    assert_translated(result)


async def test_a_meter_already_configured_aborts_before_connecting(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    port = free_port()  # nothing listens: an abort proves no read was needed
    MockConfigEntry(domain=DOMAIN, unique_id=f"127.0.0.1:{port}:1").add_to_hass(hass)
    result = await configure(hass, await start(hass), meter(port, host="127.0.0.1"))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


def _registers(**phases: dict[str, Any]) -> dict[str, Any]:
    """Total as uint32 W x 0.1 counting export as positive; phases as given."""
    total = {
        "address": 100,
        "table": "holding",
        "data_type": "uint32",
        "word_order": "big",
        "scale": 0.1,
        "invert": True,
    }
    return {"total_power": total, **phases}


CURRENTS = {
    "addresses": "300, 301, 302",
    "table": "input",
    "data_type": "int16",
    "word_order": "big",
    "scale": 0.01,
}


async def test_custom_register_map_is_read_and_stored(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    bank = RegisterBank()
    bank.set(HOLDING, 100, [0, 23456])  # 2345.6 W exported
    bank.set(INPUT, 300, [int16(1234), int16(-56), int16(789)])
    server = await start_server(bank)
    result = await configure(hass, await start(hass), meter(server.port, "custom"))
    assert result["step_id"] == "modbus_registers"

    result = await configure(hass, result, _registers(phase_current={**CURRENTS, "addresses": "x"}))
    assert result["errors"] == {"phase_current": "invalid_addresses"}
    assert_translated(result)
    result = await configure(
        hass, result, _registers(phase_current={**CURRENTS, "addresses": "9000"})
    )
    assert result["errors"] == {"base": "bad_register"}  # the meter rejects register 9000
    assert_translated(result)

    result = await configure(hass, result, _registers(phase_current=CURRENTS))
    assert result["step_id"] == "limit_breaker"
    result = await configure(hass, result, LIMIT_FORM)
    stored = result["data"][CONF_MODBUS]
    assert stored["profile"] == "custom"
    # What was stored reads the meter as the user described it.
    config = MeterConfig.from_dict(stored)
    reading, _ = await async_probe(config, resolve_profile("custom", stored["register_map"]))
    assert reading.total_w == pytest.approx(-2345.6)
    assert reading.phase_a == pytest.approx((12.34, -0.56, 7.89))
    assert register_map_from_dict(stored["register_map"]).phase_w == ()


async def test_custom_map_connection_errors_go_back_to_the_meter_form(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    bank = RegisterBank()
    bank.set(HOLDING, 100, [0, 100])
    server = await start_server(bank)
    result = await configure(hass, await start(hass), meter(server.port, "custom"))
    await server.stop()  # the meter goes away while the registers are typed in
    result = await configure(hass, result, _registers())
    assert result["step_id"] == "source_modbus"
    assert result["errors"] == {"base": "cannot_connect"}

    await server.start()
    result = await configure(hass, result, meter(server.port, "custom"))
    assert result["step_id"] == "modbus_registers"
    assert form_values(result)["address"] == 100  # the map typed before is kept
    result = await configure(hass, result, _registers())
    assert result["step_id"] == "limit_breaker"


async def test_reconfigure_from_a_sensor_to_a_meter_and_back_prefilled(
    hass: HomeAssistant, start_server: StartServer
) -> None:
    sensor_site = site(**{CONF_SOURCE_TYPE: SOURCE_SINGLE, CONF_POWER_SENSOR: GRID_SENSOR})
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Home",
        data={**sensor_site, **LIMIT, CONF_PANEL_LIMIT_W: 17250.0},
        unique_id=GRID_SENSOR,
    )
    entry.add_to_hass(hass)
    bank = RegisterBank()
    write_sdm630(bank, state_at(2))
    server = await start_server(bank)
    result = await entry.start_reconfigure_flow(hass)
    result = await configure(hass, result, site())
    assert result["step_id"] == "source_modbus"
    result = await configure(hass, result, meter(server.port, unit_id=1, poll_interval_s=2))
    result = await configure(hass, result, LIMIT)
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.unique_id == f"127.0.0.1:{server.port}:1"
    assert entry.data[CONF_MODBUS]["poll_interval_s"] == 2
    assert CONF_POWER_SENSOR not in entry.data

    # Reconfiguring again shows the meter as stored.
    result = await entry.start_reconfigure_flow(hass)
    assert form_values(result)[CONF_SOURCE_TYPE] == SOURCE_MODBUS
    result = await configure(hass, result, site())
    values = form_values(result)
    assert (values["host"], values["port"], values["profile"]) == (
        "127.0.0.1",
        server.port,
        "sdm630",
    )
    assert entry.unique_id != GRID_SENSOR
