"""The simulator's house, played by Home Assistant entities, for the in-HA replay test.

The physics are those of `engine/simulator.py` (see its docstring), kept at one-second
resolution: the trace holds each sample until the next; a switched load that is on draws its
column, plus catch-up power while a deferrable load pays back energy it owed (`OwedEnergy`); an
EV that is plugged, not paused, at ≥ its minimum current and not yet full draws setpoint × volts.
Loads are HA helpers (input_boolean per switched load, an input_number current and an
input_boolean pause for the EV), each with a power sensor; the site meter reads base + loads.

Whenever a load entity changes (our integration's commands), the house recomputes the powers at
once and rewrites the power sensors, then the meter — the meter last, so a step it triggers sees
load powers that agree with it. The meter also reports every `REPORT_S` seconds, as meters do.

Outcomes go into the engine's own `RunStats` (`engine/metrics.py`), so both paths are measured by
the same code: sheds/restores counted from entity transitions, energy and EV delivery from the
integrated powers, time above the limit from the site power.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT, STATE_ON
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import async_track_state_change_event

from custom_components.capacity_manager.engine.metrics import RunStats
from custom_components.capacity_manager.engine.scenario import Scenario
from custom_components.capacity_manager.engine.sim_setup import EPS_WH, OwedEnergy, prepare

REPORT_S = 10.0  # the meter reports at least this often, changed or not
_POWER_ATTRS = {ATTR_UNIT_OF_MEASUREMENT: "W", ATTR_DEVICE_CLASS: "power"}


@dataclass(frozen=True, slots=True)
class EvEntities:
    """The EV's helpers: charging current (A), pause switch (on = charging), power sensor."""

    current: str
    pause: str
    power: str


def switch_entity(load_id: str) -> str:
    """The input_boolean of a switched load."""
    return f"input_boolean.{load_id}"


def power_entity(load_id: str) -> str:
    """The power sensor of a load."""
    return f"sensor.{load_id}_power"


EV_ENTITIES = EvEntities(
    current="input_number.ev_current", pause="input_boolean.ev_charging", power="sensor.ev_power"
)


class ReplayHouse:
    """Scenario physics driven by HA states; `advance(now)` lets time pass."""

    def __init__(self, hass: HomeAssistant, scenario: Scenario, meter: str) -> None:
        self.hass = hass
        self.meter = meter
        self.setup = setup = prepare(scenario)
        self.stats: RunStats = setup.new_stats(scenario)
        self.now = setup.start_s
        self._j = 0  # trace sample in force
        self._evt = 0  # next EV plug event
        self._last_report = -1e18
        self.sw_ids = [s.config.load_id for s in scenario.switched]
        self.sw_on = [True] * len(self.sw_ids)
        self._extra = [0.0] * len(self.sw_ids)  # catch-up power above demand
        self._rate = [0.0] * len(self.sw_ids)
        self._rate_j = [-1] * len(self.sw_ids)
        self._debt = [OwedEnergy() for _ in self.sw_ids]
        if len(scenario.evs) > 1:
            raise ValueError("the replay house has one EV charger")
        self.ev = scenario.evs[0] if scenario.evs else None
        self.ev_on = True
        self.ev_sp = self.ev.config.max_setpoint if self.ev else 0.0
        self.ev_p = 0.0
        self._ev_rem = 0.0
        self._session = -1
        self.site_w = 0.0
        self._written: dict[str, float] = {}
        self._unsub: Callable[[], None] | None = None

    # -- wiring ------------------------------------------------------------------------------

    def entities(self) -> list[str]:
        """Every load entity the house follows."""
        ev = [EV_ENTITIES.current, EV_ENTITIES.pause] if self.ev else []
        return [switch_entity(i) for i in self.sw_ids] + ev

    def follow(self) -> None:
        """Answer to load entity changes (subscribe before the integration: we update first)."""
        self._unsub = async_track_state_change_event(self.hass, self.entities(), self._changed)
        self._move()
        self._refresh(force=True)

    def stop(self) -> None:
        """Stop following the load entities."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None

    @callback
    def _changed(self, event: Event[EventStateChangedData]) -> None:
        entity_id, new = event.data["entity_id"], event.data["new_state"]
        if new is None:
            return
        counters = self.stats.loads
        if entity_id == EV_ENTITIES.current and self.ev is not None:
            setpoint = float(new.state)
            if setpoint != self.ev_sp:
                self.ev_sp = setpoint
                if self.ev_on:
                    counters[self.ev.config.load_id].modulations += 1
        elif entity_id == EV_ENTITIES.pause and self.ev is not None:
            on = new.state == STATE_ON
            if on != self.ev_on:
                self.ev_on = on
                counter = counters[self.ev.config.load_id]
                if on:
                    counter.restores += 1
                else:
                    counter.sheds += 1
        else:
            i = self.sw_ids.index(entity_id.split(".", 1)[1])
            on = new.state == STATE_ON
            if on != self.sw_on[i]:
                self.sw_on[i] = on
                if on:
                    counters[self.sw_ids[i]].restores += 1
                    self._rate_j[i] = -1  # catch-up power is chosen again at restore
                else:
                    counters[self.sw_ids[i]].sheds += 1
        self._refresh()

    # -- time --------------------------------------------------------------------------------

    def advance(self, now: float) -> bool:
        """Integrate the powers in force up to `now`, move the trace and the EV on.

        True when a sensor was written (HA has state changes to dispatch).
        """
        span = now - self.now
        if span > 0:
            self._integrate(span)
        self.now = now
        self._move()
        return self._refresh()

    def _move(self) -> None:
        """The trace sample and the EV plug events up to `now`."""
        times, now = self.setup.times, self.now
        while self._j + 1 < len(times) and times[self._j + 1] <= now:
            self._j += 1
        events = self.setup.ev_events
        while self._evt < len(events) and events[self._evt].time_s <= now:
            event = events[self._evt]
            self._session = event.session if event.plug_in else -1
            self._ev_rem = self.stats.sessions[event.session].requested_wh if event.plug_in else 0
            self._evt += 1

    def finish(self) -> dict[str, Any]:
        """The run's metrics (what is still owed at the end was never served)."""
        for load_id, debt in zip(self.sw_ids, self._debt, strict=True):
            self.stats.loads[load_id].unserved_wh += debt.total_wh
            debt.pay(debt.total_wh)
        return self.stats.to_dict()

    def _integrate(self, span: float) -> None:
        h = span / 3600.0
        setup, stats = self.setup, self.stats
        for i, load_id in enumerate(self.sw_ids):
            debt = self._debt[i]
            if self.sw_on[i]:
                if self._extra[i] > 0:
                    debt.pay(min(self._extra[i] * h, debt.total_wh))
                continue
            wanted = setup.columns[i][self._j] * h
            if wanted > 0 and setup.deferrable[i]:
                debt.add(setup.columns[i][self._j], wanted)
                stats.loads[load_id].deferred_wh += wanted
            elif wanted > 0:
                stats.loads[load_id].unserved_wh += wanted
        if self.ev_p > 0:
            outcome = stats.sessions[self._session]
            got = min(self.ev_p * h, self._ev_rem)
            outcome.delivered_wh += got
            self._ev_rem -= got
            if self._ev_rem <= EPS_WH:
                self._ev_rem = 0.0
                outcome.done_s = self.now + got * 3600.0 / self.ev_p
        stats.tracker.add(span, self.site_w, setup.base[self._j])

    # -- powers ------------------------------------------------------------------------------

    def _refresh(self, *, force: bool = False) -> bool:
        """Powers at `now` from the entities' states; write what changed, the meter last."""
        setup, j = self.setup, self._j
        total = setup.base[j]
        wrote = False
        for i in range(len(self.sw_ids)):
            p = 0.0
            self._extra[i] = 0.0
            if self.sw_on[i]:
                p = setup.columns[i][j]
                debt = self._debt[i]
                if debt.chunks:
                    if self._rate_j[i] != j:  # held until the next trace sample, as simulated
                        self._rate_j[i] = j
                        self._rate[i] = max(0.0, min(setup.catchup_w[i] - p, debt.chunks[0][0]))
                    self._extra[i] = self._rate[i]
                    p += self._extra[i]
            total += p
            wrote |= self._write(power_entity(self.sw_ids[i]), p, force)
        if self.ev is not None:
            cfg = self.ev.config
            charging = self._ev_rem > 0 and self.ev_on and self.ev_sp >= cfg.min_setpoint - 1e-9
            self.ev_p = min(self.ev_sp, cfg.max_setpoint) * cfg.setpoint_unit_w if charging else 0
            total += self.ev_p
            wrote |= self._write(EV_ENTITIES.power, self.ev_p, force)
        self.site_w = total
        due = self.now - self._last_report >= REPORT_S
        if self._write(self.meter, total, force or due):
            self._last_report = self.now
            wrote = True
        return wrote

    def _write(self, entity_id: str, watts: float, force: bool) -> bool:
        if not force and self._written.get(entity_id) == watts:
            return False
        self._written[entity_id] = watts
        self.hass.states.async_set(entity_id, repr(round(watts, 3)), _POWER_ATTRS)
        return True
