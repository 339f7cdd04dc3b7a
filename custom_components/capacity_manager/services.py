"""Services: set a limit, give everything back, shed a load, request capacity for a window.

The weekly schedule of grid limits (`set_limit_schedule`) lives in `services_schedule.py`, the
chargers' plans (`set_charging_plan`, `clear_charging_plan`) in `services_plan.py`.

Registered once in `async_setup`; each call names the config entry (the site) it is for.
Errors a user can fix are translated `ServiceValidationError`s.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .engine.models import Mode
from .services_plan import (
    CLEAR_CHARGING_PLAN_SCHEMA,
    SET_CHARGING_PLAN_SCHEMA,
    async_clear_charging_plan,
    async_set_charging_plan,
)
from .services_schedule import SET_LIMIT_SCHEDULE_SCHEMA, async_set_limit_schedule
from .sizing import SIZING_SCHEMA, async_panel_sizing
from .what_if import CANCEL_SCHEMA, SIMULATE_SCHEMA, async_simulate, cancel_runs

if TYPE_CHECKING:
    from .coordinator import CapacityCoordinator

ATTR_CONFIG_ENTRY: Final = "config_entry_id"
ATTR_LIMIT: Final = "limit"
ATTR_DURATION: Final = "duration"
ATTR_LOAD: Final = "load"
ATTR_POWER: Final = "power"
ATTR_START: Final = "start"
ATTR_LABEL: Final = "label"
ATTR_MAX_FEE: Final = "max_fee"

SERVICE_SET_LIMIT: Final = "set_limit"
SERVICE_RESTORE_ALL: Final = "restore_all"
SERVICE_SHED_LOAD: Final = "shed_load"
SERVICE_REQUEST_CAPACITY: Final = "request_capacity"
SERVICE_SIMULATE: Final = "simulate"
SERVICE_SIMULATE_CANCEL: Final = "simulate_cancel"
SERVICE_PANEL_SIZING: Final = "panel_sizing"
SERVICE_SET_LIMIT_SCHEDULE: Final = "set_limit_schedule"
SERVICE_SET_CHARGING_PLAN: Final = "set_charging_plan"
SERVICE_CLEAR_CHARGING_PLAN: Final = "clear_charging_plan"

_ENTRY: dict[vol.Marker, Any] = {vol.Required(ATTR_CONFIG_ENTRY): cv.string}


def _time_period(value: Any) -> timedelta:
    """`cv.time_period`, with a number too large for a timedelta refused, not raised."""
    try:
        period: timedelta = cv.time_period(value)
    except OverflowError as err:
        raise vol.Invalid("duration out of range") from err
    return period


_POSITIVE_DURATION = vol.All(_time_period, cv.positive_timedelta)


def _finite(value: float) -> float:
    """Refuse inf (a limit or power of inf would be shown and used as a number)."""
    if not math.isfinite(value):
        raise vol.Invalid("must be a finite number")
    return value


_WATTS = vol.All(vol.Coerce(float), vol.Range(min=0), _finite)

SET_LIMIT_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_LIMIT): _WATTS,
        vol.Optional(ATTR_DURATION): _POSITIVE_DURATION,
    }
)
RESTORE_ALL_SCHEMA: Final = vol.Schema(_ENTRY)
SHED_LOAD_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_LOAD): cv.string,
        vol.Optional(ATTR_DURATION): _POSITIVE_DURATION,
    }
)
REQUEST_CAPACITY_SCHEMA: Final = vol.Schema(
    {
        **_ENTRY,
        vol.Required(ATTR_POWER): _WATTS,
        vol.Required(ATTR_DURATION): _POSITIVE_DURATION,
        vol.Optional(ATTR_START): cv.datetime,
        vol.Optional(ATTR_LABEL, default=""): cv.string,
        vol.Optional(ATTR_MAX_FEE): vol.All(vol.Coerce(float), _finite),
    }
)


def _error(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


def _coordinator(hass: HomeAssistant, call: ServiceCall) -> CapacityCoordinator:
    entry_id = call.data[ATTR_CONFIG_ENTRY]
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise _error("entry_not_found", entry_id=entry_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise _error("entry_not_loaded", title=entry.title)
    coordinator: CapacityCoordinator = entry.runtime_data.coordinator
    return coordinator


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


async def _set_limit(call: ServiceCall) -> None:
    coordinator = _coordinator(call.hass, call)
    limit: float = call.data[ATTR_LIMIT]
    duration = _seconds(call.data.get(ATTR_DURATION))
    if limit <= 0:
        if duration is not None:
            raise _error("limit_required")
        coordinator.set_limit_override(None)
    elif duration is None:
        coordinator.set_limit_override(limit)
    else:
        coordinator.set_temporary_limit(limit, duration)


async def _restore_all(call: ServiceCall) -> None:
    _coordinator(call.hass, call).restore_all()


async def _shed_load(call: ServiceCall) -> None:
    coordinator = _coordinator(call.hass, call)
    reference: str = call.data[ATTR_LOAD]
    binding = coordinator.find_load(reference)
    if binding is None:
        raise _error("load_not_found", load=reference)
    if binding.config.never_shed:
        raise _error("load_never_shed", load=binding.config.name)
    if binding.config.is_generation:  # curtailing raises site power: never shed
        raise _error("load_is_generation", load=binding.config.name)
    if coordinator.controller.mode is not Mode.ACTIVE:
        raise _error("not_active", mode=coordinator.controller.mode.value)
    coordinator.shed_load(binding.load_id, _seconds(call.data.get(ATTR_DURATION)))


async def _request_capacity(call: ServiceCall) -> ServiceResponse:
    coordinator = _coordinator(call.hass, call)
    power: float = call.data[ATTR_POWER]
    if power <= 0:
        raise _error("power_required")
    start: datetime | None = call.data.get(ATTR_START)
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=dt_util.get_default_time_zone())
    duration = _seconds(call.data[ATTR_DURATION])
    assert duration is not None  # required by the schema
    grid = coordinator.entry.runtime_data.grid
    if grid.openadr_sources:  # grid mode: the VTN grants, denies or prices the reservation
        reservation: dict[str, Any] = await grid.async_request_capacity(
            power_w=power,
            start=(start or dt_util.utcnow()).timestamp(),
            duration_s=duration,
            max_fee=call.data.get(ATTR_MAX_FEE),
            label=call.data[ATTR_LABEL],
        )
        return reservation
    decision = coordinator.request_capacity(
        power_w=power,
        start=None if start is None else start.timestamp(),
        duration_s=duration,
        label=call.data[ATTR_LABEL],
    )
    grant = decision.grant
    response: dict[str, Any] = {
        "granted": decision.granted,
        "reason": decision.verdict.value,
        "available_w": round(decision.available_w, 1),
        "grant_id": grant.grant_id if grant else None,
        "start": dt_util.utc_from_timestamp(grant.start).isoformat() if grant else None,
        "end": dt_util.utc_from_timestamp(grant.end).isoformat() if grant else None,
    }
    return response


async def _set_limit_schedule(call: ServiceCall) -> None:
    await async_set_limit_schedule(call, _coordinator(call.hass, call), _error)


async def _set_charging_plan(call: ServiceCall) -> None:
    await async_set_charging_plan(call, _coordinator(call.hass, call), _error)


async def _clear_charging_plan(call: ServiceCall) -> None:
    await async_clear_charging_plan(call, _coordinator(call.hass, call), _error)


async def _simulate(call: ServiceCall) -> ServiceResponse:
    return await async_simulate(call.hass, _coordinator(call.hass, call), call.data)


async def _simulate_cancel(call: ServiceCall) -> ServiceResponse:
    return {"cancelled": cancel_runs(call.hass, call.data[ATTR_CONFIG_ENTRY])}


async def _panel_sizing(call: ServiceCall) -> ServiceResponse:
    return await async_panel_sizing(call.hass, _coordinator(call.hass, call), call.data)


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's services."""
    hass.services.async_register(DOMAIN, SERVICE_SET_LIMIT, _set_limit, SET_LIMIT_SCHEMA)
    hass.services.async_register(DOMAIN, SERVICE_RESTORE_ALL, _restore_all, RESTORE_ALL_SCHEMA)
    hass.services.async_register(DOMAIN, SERVICE_SHED_LOAD, _shed_load, SHED_LOAD_SCHEMA)
    hass.services.async_register(
        DOMAIN,
        SERVICE_REQUEST_CAPACITY,
        _request_capacity,
        REQUEST_CAPACITY_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN, SERVICE_SET_LIMIT_SCHEDULE, _set_limit_schedule, SET_LIMIT_SCHEDULE_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_SET_CHARGING_PLAN, _set_charging_plan, SET_CHARGING_PLAN_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_CLEAR_CHARGING_PLAN, _clear_charging_plan, CLEAR_CHARGING_PLAN_SCHEMA
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_SIMULATE,
        _simulate,
        SIMULATE_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_SIMULATE_CANCEL,
        _simulate_cancel,
        CANCEL_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        SERVICE_PANEL_SIZING,
        _panel_sizing,
        SIZING_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
