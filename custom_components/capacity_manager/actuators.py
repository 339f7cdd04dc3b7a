"""Turn an engine action into Home Assistant service calls for the load's entity domain.

Switched loads use `turn_on`/`turn_off` of their domain (switch, input_boolean, light, fan,
humidifier, climate, water_heater). Modulated loads and EV chargers set their number entity
(`number.set_value` or `input_number.set_value`) and, when they have one, use a pause switch
to stop and resume. Every call carries a context the coordinator created, so it can tell our
own changes from a user's, and has a timeout so one stuck device cannot stall the loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.const import ATTR_ENTITY_ID, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from .engine.models import ActionKind
from .engine.results import Action
from .engine_config import LoadBinding

DEFAULT_TIMEOUT_S = 10.0
_UNUSABLE = ("unavailable", "unknown")


class ActuatorError(Exception):
    """A command could not be carried out; `reason` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ServiceCall:
    """One planned service call."""

    domain: str
    service: str
    data: dict[str, Any]


def _switch(entity_id: str, on: bool) -> ServiceCall:
    domain = entity_id.partition(".")[0]
    service = SERVICE_TURN_ON if on else SERVICE_TURN_OFF
    return ServiceCall(domain, service, {ATTR_ENTITY_ID: entity_id})


def _set_value(entity_id: str, value: float) -> ServiceCall:
    domain = entity_id.partition(".")[0]
    # Whole numbers go out as int so number entities with integer steps accept them as is.
    number: float | int = int(value) if float(value).is_integer() else value
    return ServiceCall(domain, "set_value", {ATTR_ENTITY_ID: entity_id, "value": number})


def plan(binding: LoadBinding, action: Action) -> list[ServiceCall]:
    """The service calls that carry out `action` on `binding`'s entities, in order."""
    config = binding.config
    if not config.is_modulated:
        return [_switch(binding.entity_id, action.kind is ActionKind.RESTORE)]
    if action.kind is ActionKind.MODULATE:
        return [_set_value(binding.entity_id, _setpoint(action, config.max_setpoint))]
    if action.kind is ActionKind.SHED:
        if action.setpoint is not None:  # a fallback setpoint instead of pausing
            return [_set_value(binding.entity_id, action.setpoint)]
        if binding.pause_switch:
            return [_switch(binding.pause_switch, False)]
        return [_set_value(binding.entity_id, config.min_setpoint)]
    calls = []
    if action.setpoint is not None:
        calls.append(_set_value(binding.entity_id, action.setpoint))
    if binding.pause_switch:
        calls.append(_switch(binding.pause_switch, True))
    return calls or [_set_value(binding.entity_id, config.max_setpoint)]


@dataclass(frozen=True, slots=True)
class Asked:
    """What our commands last asked of a load: on or off, and a setpoint (None: never asked)."""

    on: bool | None = None
    setpoint: float | None = None


def asked(binding: LoadBinding, action: Action, before: Asked | None = None) -> Asked:
    """What carrying out `action` asks of the load, on top of what was asked `before`.

    Read from the service calls themselves: a pause or a switch turned on or off, a setpoint
    set. What the action does not touch stays as asked before (a new current for a charger we
    resumed leaves it asked to run).
    """
    on = before.on if before else None
    setpoint = before.setpoint if before else None
    for call in plan(binding, action):
        if call.service == "set_value":
            setpoint = float(call.data["value"])
        else:
            on = call.service == SERVICE_TURN_ON
    return Asked(on, setpoint)


def _setpoint(action: Action, fallback: float) -> float:
    return action.setpoint if action.setpoint is not None else fallback


async def execute(
    hass: HomeAssistant,
    binding: LoadBinding,
    action: Action,
    context: Context,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> None:
    """Carry out `action`; raises ActuatorError with a reason when it cannot be done."""
    calls = plan(binding, action)
    for call in calls:
        target = call.data[ATTR_ENTITY_ID]
        state = hass.states.get(target)
        if state is None or state.state in _UNUSABLE:
            raise ActuatorError("unavailable", target)
        if not hass.services.has_service(call.domain, call.service):
            raise ActuatorError("service_not_found", f"{call.domain}.{call.service}")
        try:
            async with asyncio.timeout(timeout_s):
                await hass.services.async_call(
                    call.domain, call.service, call.data, blocking=True, context=context
                )
        except TimeoutError as err:
            raise ActuatorError("timeout", f"{call.domain}.{call.service} {target}") from err
        except (HomeAssistantError, vol.Invalid, ValueError) as err:
            raise ActuatorError("service_error", f"{target}: {err}") from err
        except Exception as err:  # any error of another integration's service
            # A library error let through (ConnectionError, KeyError…) is a failed command
            # like any other: reported, and the next load takes its place. (Cancellation is
            # not an Exception and still stops us.)
            raise ActuatorError("service_error", f"{target}: {err!r}") from err
