"""A small house for the runtime tests: HA helper entities as loads, a meter that follows them.

Also the config entry with one subentry per load.

The site sensor reads `base_w` plus the power of every load that is on: switched loads draw
their watts when on, a current number draws `amps × volts` while its pause switch is on. The
meter is rewritten whenever a load entity changes, as a real meter would show the change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT, STATE_ON
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.location import PyTestLocation

from custom_components.capacity_manager.const import (
    CONF_ENTITY,
    CONF_EXPECTED_POWER,
    CONF_LOAD_KIND,
    CONF_LOAD_PHASES,
    CONF_LOAD_VOLTAGE,
    CONF_MAX_CURRENT,
    CONF_MIN_CURRENT,
    CONF_PAUSE_SWITCH,
    CONF_PRIORITY,
    DEFAULT_OPTIONS,
    DOMAIN,
    KIND_EV,
    KIND_SWITCHED,
    SUBENTRY_LOAD,
)
from custom_components.capacity_manager.coordinator import CapacityCoordinator
from tests.helpers import GRID_SENSOR

ENTRY_ID = "01JTESTENTRY0000000000000"
HEATER = "input_boolean.water_heater"
POOL = "input_boolean.pool_pump"
EV_CURRENT = "input_number.ev_current"
EV_PAUSE = "input_boolean.ev_charging"
HEATER_W = 3000.0
POOL_W = 1500.0
VOLTS = 230.0


def switched(
    entity_id: str, name: str, priority: int, watts: float, **extra: Any
) -> dict[str, Any]:
    """Subentry data of a switched load with a fixed id (stable snapshots)."""
    return {
        "subentry_id": f"load_{entity_id.split('.')[1]}",
        "subentry_type": SUBENTRY_LOAD,
        "title": name,
        "unique_id": entity_id,
        "data": {
            CONF_LOAD_KIND: KIND_SWITCHED,
            CONF_ENTITY: entity_id,
            CONF_PRIORITY: priority,
            CONF_EXPECTED_POWER: watts,
            **extra,
        },
    }


def ev(priority: int = 30, **extra: Any) -> dict[str, Any]:
    """Subentry data of an EV charger: 6-16 A at 230 V, paused by a switch."""
    return {
        "subentry_id": "load_ev",
        "subentry_type": SUBENTRY_LOAD,
        "title": "Car",
        "unique_id": EV_CURRENT,
        "data": {
            CONF_LOAD_KIND: KIND_EV,
            CONF_ENTITY: EV_CURRENT,
            CONF_PAUSE_SWITCH: EV_PAUSE,
            CONF_PRIORITY: priority,
            CONF_MIN_CURRENT: 6.0,
            CONF_MAX_CURRENT: 16.0,
            CONF_LOAD_PHASES: 1,
            CONF_LOAD_VOLTAGE: VOLTS,
            **extra,
        },
    }


def default_loads() -> list[dict[str, Any]]:
    """Water heater (priority 10, kept longest) and pool pump (priority 20, shed first)."""
    return [
        switched(HEATER, "Water heater", 10, HEATER_W),
        switched(POOL, "Pool pump", 20, POOL_W),
    ]


@dataclass
class House:
    """The loads' power and the grid meter that shows it."""

    hass: HomeAssistant
    base_w: float = 500.0
    switched_w: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)  # number entity -> W per unit
    current: str | None = None  # EV current number
    pause: str | None = None
    export_negative: bool = True
    unsub: Callable[[], None] | None = None

    def power(self) -> float:
        """What the meter reads now."""
        total = self.base_w
        states = self.hass.states
        for entity_id, watts in self.switched_w.items():
            state = states.get(entity_id)
            if state is not None and state.state == STATE_ON:
                total += watts
        for entity_id, per_unit in self.numbers.items():
            state = states.get(entity_id)
            if state is not None and state.state not in ("unavailable", "unknown"):
                total += float(state.state) * per_unit
        if self.current and self.pause:
            amps, paused = states.get(self.current), states.get(self.pause)
            if amps is not None and paused is not None and paused.state == STATE_ON:
                total += float(amps.state) * VOLTS
        return total

    @callback
    def write(self, *_: Any) -> None:
        """Rewrite the meter (also when nothing changed: a meter reports every sample)."""
        power = self.power() if self.export_negative else -self.power()
        self.hass.states.async_set(
            GRID_SENSOR,
            str(round(power, 1)),
            {ATTR_UNIT_OF_MEASUREMENT: "W", ATTR_DEVICE_CLASS: "power"},
        )

    async def set_base(self, watts: float) -> None:
        """Change the uncontrolled part of the house and let everything settle."""
        self.base_w = watts
        self.write()
        await self.hass.async_block_till_done()

    def follow(self) -> None:
        """Rewrite the meter whenever a load entity changes."""
        entities = [
            *self.switched_w,
            *self.numbers,
            *(e for e in (self.current, self.pause) if e),
        ]

        @callback
        def _changed(event: Event[EventStateChangedData]) -> None:
            self.write()

        self.unsub = async_track_state_change_event(self.hass, entities, _changed)

    def stop_following(self) -> None:
        """The meter stops reporting load changes (a quiet or broken meter)."""
        if self.unsub is not None:
            self.unsub()
            self.unsub = None


async def make_house(hass: HomeAssistant, *, with_ev: bool = False, base_w: float = 500.0) -> House:
    """Helper entities for the default loads (all on) and a meter that follows them."""
    booleans: dict[str, Any] = {
        "water_heater": {"name": "Water heater", "initial": True},
        "pool_pump": {"name": "Pool pump", "initial": True},
    }
    if with_ev:
        booleans["ev_charging"] = {"name": "EV charging", "initial": True}
        assert await async_setup_component(
            hass,
            "input_number",
            {"input_number": {"ev_current": {"min": 0, "max": 32, "step": 1, "initial": 16}}},
        )
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})
    house = House(hass, base_w=base_w, switched_w={HEATER: HEATER_W, POOL: POOL_W})
    if with_ev:
        house.current, house.pause = EV_CURRENT, EV_PAUSE
    house.follow()
    house.write()
    await hass.async_block_till_done()
    return house


def make_entry(
    site_data: dict[str, Any],
    loads: list[dict[str, Any]] | None = None,
    options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> MockConfigEntry:
    """The site entry with its load subentries."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=site_data["name"],
        data=site_data,
        options={**DEFAULT_OPTIONS, **(options or {})},
        unique_id=GRID_SENSOR,
        entry_id=ENTRY_ID,
        subentries_data=default_loads() if loads is None else loads,
        **kwargs,
    )


async def setup_entry(hass: HomeAssistant, entry: MockConfigEntry) -> CapacityCoordinator:
    """Add and set up `entry`; return its coordinator."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    coordinator: CapacityCoordinator = entry.runtime_data.coordinator
    return coordinator


def capture(hass: HomeAssistant, event_type: str) -> list[Event[Any]]:
    """Collect the events of one type, in the order they were fired."""
    events: list[Event[Any]] = []

    @callback  # in the event loop: a plain function would run in the executor, in any order
    def _record(event: Event[Any]) -> None:
        events.append(event)

    hass.bus.async_listen(event_type, _record)
    return events


class SnapshotsDirExtension(HomeAssistantSnapshotExtension):
    """Snapshots live in tests/snapshots/ (not next to each test in __snapshots__)."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """tests/snapshots/."""
        return str(Path(test_location.filepath).parent / "snapshots")
