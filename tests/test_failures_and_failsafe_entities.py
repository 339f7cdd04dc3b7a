"""A service raising any exception is a failed command; a lost meter shows no stale power."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall

from custom_components.capacity_manager.events import (
    EVENT_ACTION_FAILED,
    EVENT_LOAD_SHED,
)
from tests.harness import (
    capture,
    make_entry,
    make_house,
    setup_entry,
)
from tests.helpers import GRID_SENSOR
from tests.reliability.common import run_seconds, state
from tests.reliability.test_user_and_actuators import BAD, DRYER, _failing_setup, _overload

STALE_S = 60  # the default stale timeout


# -- actuators: a service that raises something other than HomeAssistantError ----------------


async def test_a_service_raising_a_plain_exception_is_reported_and_skipped(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """A service that raises a plain exception is a failed command, like any service error.

    README, Reliability: "Actuator unavailable, service error or timeout: event action_failed
    with the reason; the next load goes in the same step".

    Integrations often let a library error (ConnectionError, aiohttp errors, KeyError) escape
    their service handler; Home Assistant passes it through a blocking call unchanged.
    """

    async def broken(call: ServiceCall) -> None:
        raise ConnectionError("relay closed the connection")

    hass.services.async_register("fan", "turn_off", broken)
    house = await _failing_setup(hass, site_data, freezer)
    failed = capture(hass, EVENT_ACTION_FAILED)
    shed = capture(hass, EVENT_LOAD_SHED)
    await _overload(hass, freezer, house)  # 6500 W: the bad fan (1500 W) is shed first

    assert [(e.data["entity_id"], e.data["reason"]) for e in failed] == [(BAD, "service_error")]
    assert [e.data["entity_id"] for e in shed] == [DRYER]  # the next load covers it


# -- entities: what the site sensors show while the site is in failsafe ----------------------


async def test_site_power_and_headroom_are_not_shown_from_a_lost_meter(
    hass: HomeAssistant, site_data: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """The meter has been unavailable past the stale timeout: the site is in failsafe.

    `sensor.<site>_site_power` ("site power used by the engine") and `sensor.<site>_headroom`
    keep showing the last reading from before the outage (5000 W, 750 W of headroom) as if
    current; an automation that starts a dishwasher on headroom acts on it, the card draws it.
    A value nobody knows any more should be unknown (or the entities unavailable).
    """
    house = await make_house(hass)
    house.stop_following()
    await setup_entry(hass, make_entry(site_data))
    await run_seconds(hass, freezer, 5, lambda _: house.write())
    assert state(hass, "sensor.home_site_power") == "5000.0"
    hass.states.async_set(GRID_SENSOR, "unavailable")
    await run_seconds(hass, freezer, STALE_S + 5)
    assert state(hass, "sensor.home_status") == "failsafe"

    assert state(hass, "sensor.home_site_power") in ("unknown", "unavailable")
    assert state(hass, "sensor.home_headroom") in ("unknown", "unavailable")
