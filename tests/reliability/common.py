"""Helpers of the reliability tests: time that passes second by second, and a command log.

Time is frozen (the `freezer` fixture) and moved on by hand, one second per control tick, with
the meter rewritten before each tick as a real meter reports every second. Commands are seen
where the integration sends them: the executor's `execute` (see `tests/conftest.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_CALL_SERVICE
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import async_fire_time_changed


async def run_seconds(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    seconds: int,
    each: Callable[[int], None] | None = None,
) -> None:
    """Let `seconds` pass one at a time: `each(i)` (the plant and its meter), then a tick."""
    for index in range(seconds):
        freezer.tick(timedelta(seconds=1))
        if each is not None:
            each(index)
            await hass.async_block_till_done()  # newer HA runs state listeners as tasks
        async_fire_time_changed(hass)
        await hass.async_block_till_done()


def state(hass: HomeAssistant, entity_id: str) -> str:
    """The state of an entity that must exist."""
    found = hass.states.get(entity_id)
    assert found is not None, f"{entity_id} does not exist"
    return found.state


def now() -> float:
    """The frozen time, as the coordinator sees it."""
    return dt_util.utcnow().timestamp()


@dataclass(frozen=True, slots=True)
class Call:
    """One service call seen on the bus."""

    time: float
    domain: str
    service: str
    entity_id: str
    data: dict[str, Any]


class ServiceLog:
    """Every service call to the given entities, in order, with the time it was made."""

    def __init__(self, hass: HomeAssistant, entities: set[str] | None = None) -> None:
        self.calls: list[Call] = []
        self._entities = entities
        self.unsub = hass.bus.async_listen(EVENT_CALL_SERVICE, self._seen)

    @callback
    def _seen(self, event: Event[Any]) -> None:
        data = dict(event.data.get("service_data") or {})
        targets = data.get("entity_id")
        for entity_id in [targets] if isinstance(targets, str) else list(targets or []):
            if self._entities is None or entity_id in self._entities:
                self.calls.append(
                    Call(now(), event.data["domain"], event.data["service"], entity_id, data)
                )

    def to(self, entity_id: str) -> list[Call]:
        """The calls to one entity."""
        return [call for call in self.calls if call.entity_id == entity_id]
