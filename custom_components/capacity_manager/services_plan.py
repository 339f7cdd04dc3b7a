"""The `set_charging_plan` and `clear_charging_plan` actions: a driver's plan for a charger.

A plan says when the car leaves and how much energy it wants by then; the engine uses it to
let a charger whose plan is at risk outrank less important loads (charging_plan.py keeps the
plans). The load is named as `shed_load` names it: its controlled entity or its subentry id.
Each mistake a user can fix comes back as a translated message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol
from homeassistant.core import ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .engine.models import LoadKind
from .engine_config import LoadBinding

if TYPE_CHECKING:
    from .coordinator import CapacityCoordinator

ATTR_LOAD: Final = "load"
ATTR_DEPARTURE: Final = "departure"
ATTR_ENERGY: Final = "energy"
MAX_ENERGY_KWH: Final = 200.0  # more than any car battery: a larger number is a typo (Wh?)

_TARGET: dict[vol.Marker, Any] = {
    vol.Required("config_entry_id"): cv.string,
    vol.Required(ATTR_LOAD): cv.string,
}
SET_CHARGING_PLAN_SCHEMA: Final = vol.Schema(
    {
        **_TARGET,
        # A date and time, or a time of day (its next occurrence).
        vol.Required(ATTR_DEPARTURE): vol.Any(cv.datetime, cv.time),
        vol.Required(ATTR_ENERGY): vol.All(
            vol.Coerce(float), vol.Range(min=0, min_included=False, max=MAX_ENERGY_KWH)
        ),
    }
)
CLEAR_CHARGING_PLAN_SCHEMA: Final = vol.Schema(_TARGET)

type ErrorFactory = Callable[..., ServiceValidationError]


def departure_at(value: datetime | time, now: datetime) -> datetime:
    """The departure as an aware datetime.

    A naive datetime is local time; a time of day is its next occurrence after `now` (today
    if still ahead, else tomorrow).
    """
    zone = dt_util.get_default_time_zone()
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=zone)
    today = dt_util.as_local(now).date()
    at = datetime.combine(today, value.replace(tzinfo=None), tzinfo=zone)
    if at <= now:
        at = datetime.combine(today + timedelta(days=1), value.replace(tzinfo=None), tzinfo=zone)
    return at


def _charger(coordinator: CapacityCoordinator, call: ServiceCall, error: ErrorFactory) -> str:
    """The load id of the charger the call names."""
    reference: str = call.data[ATTR_LOAD]
    binding: LoadBinding | None = coordinator.find_load(reference)
    if binding is None:
        raise error("load_not_found", load=reference)
    if binding.config.kind is not LoadKind.EV:
        raise error("load_not_ev_charger", load=binding.config.name)
    return binding.load_id


async def async_set_charging_plan(
    call: ServiceCall, coordinator: CapacityCoordinator, error: ErrorFactory
) -> None:
    """Give a charger a plan, replacing any it had; delivered energy counts from now."""
    load_id = _charger(coordinator, call, error)
    now = dt_util.utc_from_timestamp(coordinator.now())  # the engine's clock
    departure = departure_at(call.data[ATTR_DEPARTURE], now)
    if departure <= now:
        raise error("departure_in_past", departure=dt_util.as_local(departure).isoformat())
    energy_kwh: float = call.data[ATTR_ENERGY]
    coordinator.set_charging_plan(load_id, departure.timestamp(), energy_kwh * 1000.0)


async def async_clear_charging_plan(
    call: ServiceCall, coordinator: CapacityCoordinator, error: ErrorFactory
) -> None:
    """Forget a charger's plan (a charger without one is left as it is)."""
    coordinator.clear_charging_plan(_charger(coordinator, call, error))
