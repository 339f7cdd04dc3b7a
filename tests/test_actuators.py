"""Actuators: the service calls per entity domain, and every way a command can fail."""

from __future__ import annotations

import asyncio

import pytest
from homeassistant.core import Context, HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError

from custom_components.capacity_manager.actuators import (
    ActuatorError,
    ServiceCall as Planned,
    execute,
    plan,
)
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LoadConfig,
    LoadKind,
    Reason,
)
from custom_components.capacity_manager.engine.results import Action
from custom_components.capacity_manager.engine_config import LoadBinding


def _switched(entity_id: str) -> LoadBinding:
    config = LoadConfig(load_id="l", name="L", kind=LoadKind.SWITCHED, rated_power_w=1000)
    return LoadBinding(config=config, entity_id=entity_id)


def _ev(pause: str | None = "switch.ev_pause", entity_id: str = "number.ev_amps") -> LoadBinding:
    config = LoadConfig.ev("ev", "Car", can_pause=pause is not None)
    return LoadBinding(config=config, entity_id=entity_id, pause_switch=pause)


def _action(kind: ActionKind, setpoint: float | None = None) -> Action:
    return Action(load_id="l", kind=kind, reason=Reason.OVER_LIMIT, setpoint=setpoint)


@pytest.mark.parametrize(
    "domain",
    ["switch", "input_boolean", "light", "fan", "humidifier", "climate", "water_heater"],
)
def test_switched_loads_turn_off_and_on_in_their_own_domain(domain: str) -> None:
    binding = _switched(f"{domain}.x")
    assert plan(binding, _action(ActionKind.SHED)) == [
        Planned(domain, "turn_off", {"entity_id": f"{domain}.x"})
    ]
    assert plan(binding, _action(ActionKind.RESTORE)) == [
        Planned(domain, "turn_on", {"entity_id": f"{domain}.x"})
    ]


def test_ev_with_pause_switch() -> None:
    binding = _ev()
    amps = {"entity_id": "number.ev_amps"}
    assert plan(binding, _action(ActionKind.MODULATE, 10)) == [
        Planned("number", "set_value", {**amps, "value": 10})
    ]
    assert plan(binding, _action(ActionKind.SHED)) == [
        Planned("switch", "turn_off", {"entity_id": "switch.ev_pause"})
    ]
    assert plan(binding, _action(ActionKind.RESTORE, 16)) == [
        Planned("number", "set_value", {**amps, "value": 16}),
        Planned("switch", "turn_on", {"entity_id": "switch.ev_pause"}),
    ]
    assert plan(binding, _action(ActionKind.RESTORE)) == [
        Planned("switch", "turn_on", {"entity_id": "switch.ev_pause"})
    ]
    # A failsafe fallback setpoint instead of a pause.
    assert plan(binding, _action(ActionKind.SHED, 6)) == [
        Planned("number", "set_value", {**amps, "value": 6})
    ]


def test_modulated_load_without_pause_switch_and_fractional_setpoints() -> None:
    binding = _ev(pause=None, entity_id="input_number.heat_pump_w")
    target = {"entity_id": "input_number.heat_pump_w"}
    assert plan(binding, _action(ActionKind.SHED)) == [
        Planned("input_number", "set_value", {**target, "value": 6})
    ]
    assert plan(binding, _action(ActionKind.RESTORE)) == [
        Planned("input_number", "set_value", {**target, "value": 32})
    ]
    assert plan(binding, _action(ActionKind.MODULATE)) == [
        Planned("input_number", "set_value", {**target, "value": 32})
    ]
    assert plan(binding, _action(ActionKind.MODULATE, 7.5)) == [
        Planned("input_number", "set_value", {**target, "value": 7.5})
    ]


async def test_execute_calls_the_service_with_our_context(hass: HomeAssistant) -> None:
    calls: list[ServiceCall] = []
    hass.services.async_register("switch", "turn_off", calls.append)
    hass.states.async_set("switch.x", "on")
    context = Context()
    await execute(hass, _switched("switch.x"), _action(ActionKind.SHED), context)
    assert len(calls) == 1
    assert calls[0].data == {"entity_id": "switch.x"}
    assert calls[0].context is context


@pytest.mark.parametrize("state", [None, "unavailable", "unknown"])
async def test_unavailable_entity_is_not_commanded(hass: HomeAssistant, state: str | None) -> None:
    calls: list[ServiceCall] = []
    hass.services.async_register("switch", "turn_off", calls.append)
    if state is not None:
        hass.states.async_set("switch.x", state)
    with pytest.raises(ActuatorError) as err:
        await execute(hass, _switched("switch.x"), _action(ActionKind.SHED), Context())
    assert err.value.reason == "unavailable"
    assert calls == []


async def test_missing_service(hass: HomeAssistant) -> None:
    hass.states.async_set("fan.x", "on")
    with pytest.raises(ActuatorError) as err:
        await execute(hass, _switched("fan.x"), _action(ActionKind.SHED), Context())
    assert err.value.reason == "service_not_found"
    assert "fan.turn_off" in str(err.value)


async def test_service_error(hass: HomeAssistant) -> None:
    async def fail(call: ServiceCall) -> None:
        raise HomeAssistantError("device said no")

    hass.services.async_register("switch", "turn_off", fail)
    hass.states.async_set("switch.x", "on")
    with pytest.raises(ActuatorError) as err:
        await execute(hass, _switched("switch.x"), _action(ActionKind.SHED), Context())
    assert err.value.reason == "service_error"
    assert "device said no" in err.value.detail


async def test_timeout(hass: HomeAssistant) -> None:
    async def hang(call: ServiceCall) -> None:
        await asyncio.sleep(10)

    hass.services.async_register("switch", "turn_off", hang)
    hass.states.async_set("switch.x", "on")
    with pytest.raises(ActuatorError) as err:
        await execute(
            hass, _switched("switch.x"), _action(ActionKind.SHED), Context(), timeout_s=0.01
        )
    assert err.value.reason == "timeout"
