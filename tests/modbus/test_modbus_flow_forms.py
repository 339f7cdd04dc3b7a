"""The Modbus meter forms: what is refused before any read, and what a reconfigure shows.

Self-contained like test_modbus_flow.py. Nothing listens on the ports used here: every outcome
below comes from the forms, not from a meter.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_CONTINUOUS_ENABLED,
    CONF_CONTINUOUS_GRACE,
    CONF_MODBUS,
    CONF_PANEL_LIMIT_W,
    DOMAIN,
)
from custom_components.capacity_manager.sources.modbus import MeterConfig
from tests.helpers import assert_translated, form_values
from tests.modbus.conftest import configure, meter_form, site_form, start_meter_form
from tests.modbus.sim import free_port

pytestmark = pytest.mark.usefixtures("flow_only")


def _meter(port: int, **overrides: Any) -> dict[str, Any]:
    return meter_form(port, "custom", **overrides)


def _spec(address: int, scale: float) -> dict[str, Any]:
    return {
        "address": address,
        "table": "input",
        "data_type": "int16",
        "word_order": "big",
        "scale": scale,
        "invert": False,
    }


def _stored(port: int) -> dict[str, Any]:
    """Entry data of a site on a meter with a custom map (total and phase voltages)."""
    settings = MeterConfig(host="127.0.0.1", port=port).as_dict()
    settings |= {
        "profile": "custom",
        "poll_interval_s": 2.0,
        "register_map": {
            "name": "Custom register map",
            "total_w": {**_spec(100, 10.0), "invert": True},
            "phase_w": [],
            "phase_a": [],
            "phase_v": [_spec(200, 0.1), _spec(201, 0.1), _spec(202, 0.1)],
        },
    }
    return {
        **site_form(),
        CONF_MODBUS: settings,
        CONF_BREAKER_A: 25.0,
        CONF_PANEL_LIMIT_W: 17250.0,
        CONF_CONTINUOUS_ENABLED: False,
        CONF_CONTINUOUS_GRACE: 0.0,
    }


async def test_a_serial_meter_needs_its_port(hass: HomeAssistant) -> None:
    result = await start_meter_form(hass)
    result = await configure(
        hass, result, _meter(502, transport="serial", host="", serial={"serial_port": " "})
    )
    assert result["step_id"] == "source_modbus"
    assert result["errors"] == {"serial": "serial_port_required"}
    assert_translated(result)


@pytest.mark.parametrize("addresses", ["70000", "1, 2, 3, 4", "-5", "0x1G"])
async def test_phase_addresses_out_of_range_or_too_many_are_refused(
    hass: HomeAssistant, socket_enabled: None, addresses: str
) -> None:
    result = await start_meter_form(hass)
    result = await configure(hass, result, _meter(free_port()))
    assert result["step_id"] == "modbus_registers"
    result = await configure(
        hass,
        result,
        {
            "total_power": _spec(100, 1.0),
            "phase_current": {
                "addresses": addresses,
                "table": "input",
                "data_type": "int16",
                "word_order": "big",
                "scale": 0.01,
            },
        },
    )
    assert result["errors"] == {"phase_current": "invalid_addresses"}
    assert_translated(result)


async def test_reconfiguring_a_custom_map_shows_it_as_stored(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    port = free_port()
    entry = MockConfigEntry(
        domain=DOMAIN, title="Home", data=_stored(port), unique_id=f"127.0.0.1:{port}:1"
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await configure(hass, result, site_form())
    assert result["step_id"] == "source_modbus"
    shown = form_values(result)
    assert (shown["port"], shown["profile"], shown["poll_interval_s"]) == (port, "custom", 2.0)
    result = await configure(hass, result, _meter(port))
    assert result["step_id"] == "modbus_registers"
    shown = form_values(result)
    assert shown["address"] == 100
    assert shown["invert"] is True
    assert shown["addresses"] == "200, 201, 202"  # the phase voltages, in one field


async def test_reconfiguring_onto_a_meter_another_site_reads_is_refused(
    hass: HomeAssistant, socket_enabled: None
) -> None:
    port, other = free_port(), free_port()
    MockConfigEntry(domain=DOMAIN, unique_id=f"127.0.0.1:{other}:1").add_to_hass(hass)
    entry = MockConfigEntry(
        domain=DOMAIN, title="Home", data=_stored(port), unique_id=f"127.0.0.1:{port}:1"
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await configure(hass, result, site_form())
    result = await configure(hass, result, _meter(other))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_MODBUS]["port"] == port
