"""Plays the virtual house in Home Assistant: a real-time tick moves the virtual clock.

Every tick (one real second) advances the house by `speed` virtual seconds and pushes the
readings to the entities, as a meter that reports every second would. A command (relay,
charging current, pause) takes effect at once and is pushed in the same call, so the entity that
was commanded writes its new state with the caller's context.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval

from .const import TICK_S
from .house import House

Listener = Callable[[], None]


class HouseRunner:
    """Owns the house model and tells the entities when it changed."""

    def __init__(self, hass: HomeAssistant, house: House, speed: float) -> None:
        self.hass = hass
        self.house = house
        self.speed = speed
        self._listeners: list[Listener] = []
        self._unsub: CALLBACK_TYPE | None = None
        self._last_tick = time.monotonic()

    @callback
    def async_start(self) -> None:
        """Start the clock."""
        self._last_tick = time.monotonic()
        self._unsub = async_track_time_interval(
            self.hass,
            self._on_tick,
            timedelta(seconds=TICK_S),
            name="virtual_house tick",
            cancel_on_shutdown=True,
        )

    @callback
    def async_stop(self) -> None:
        """Stop the clock."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None

    @callback
    def async_add_listener(self, listener: Listener) -> CALLBACK_TYPE:
        """Call `listener` after every tick and command; returns the way to stop."""
        self._listeners.append(listener)

        def remove() -> None:
            self._listeners.remove(listener)

        return remove

    @callback
    def _on_tick(self, _now: datetime) -> None:
        # Real elapsed time, not the nominal tick: a stalled loop does not slow the house down.
        now = time.monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        self.house.advance(max(0.0, elapsed) * self.speed)
        self.async_notify()

    @callback
    def async_notify(self) -> None:
        """Push the current readings to every entity."""
        for listener in list(self._listeners):
            listener()
