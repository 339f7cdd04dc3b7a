"""The runtime of one config entry: feeds the engine from HA states and carries out its actions.

A step runs on every new site-power sample (state changed or re-reported), on every change of
a load entity, and on a 1 s timer so the engine's timers advance without samples. The step is
synchronous; its actions go to an executor queue and its notices become events at once.
Run-time settings (mode, limit override, managed, priorities) and control methods live in
`CapacityControls`, the events and decision log of what a step did in `CapacityOutcomes`; this
module is the loop itself.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers.event import (
    async_track_state_change_event,
    async_track_state_report_event,
    async_track_time_interval,
)
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .const import (
    LOGGER,
)
from .data import CapacityData, curtailed_w
from .engine.models import Measurement
from .engine.results import Snapshot
from .executor import ActionExecutor, Command
from .outcomes import CapacityOutcomes

TICK = timedelta(seconds=1)
# A tick steps only if no step ran for this long (float timestamps: a second may be 0.9999998).
TICK_GAP_S = 0.9
REPAIR_CHECK_S = 10.0
# Energy is integrated over at most this gap, so a stalled loop does not invent kWh.
MAX_INTEGRATION_GAP_S = 10.0


class CapacityCoordinator(CapacityOutcomes, DataUpdateCoordinator[CapacityData]):
    """Runs the control loop of one site; entities listen to its published data."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        DataUpdateCoordinator.__init__(
            self, hass, LOGGER, config_entry=entry, name=entry.title, update_interval=None
        )
        CapacityOutcomes.__init__(self, hass, entry)
        self.executor = ActionExecutor(hass, entry, self._on_action_result)
        self.curtailed_kwh = 0.0
        self._curtailed_w = 0.0
        self._last_integrated: float | None = None
        self._last_repair_check = -REPAIR_CHECK_S
        self._last_step = -REPAIR_CHECK_S  # engine time of the last step
        self._changed_loads: set[str] | None = None  # loads whose entities need a look
        self._unsubs: list[Any] = []
        self._stopped = False

    async def _async_update_data(self) -> CapacityData:
        """Never polled: data is pushed by steps. A refresh returns the current view."""
        return self._compose(self.controller.snapshot())

    # -- life cycle ------------------------------------------------------------------------

    async def async_start(self) -> None:
        """Read a meter once, load memory, subscribe to the sources and loads, start the timer.

        Raises ConfigEntryNotReady when the site's Modbus meter does not answer.
        """
        await self.source.async_setup()
        await self.async_load_memory(self.now())
        self.data = self._compose(self.controller.snapshot())
        hass = self.hass
        watched = [e for b in self.bindings.values() for e in (b.entity_id, b.pause_switch) if e]
        # Extend, never replace: when HA already runs, `_on_started` runs inside this list and
        # adds the tick timer's unsub, which an assignment would lose (a timer left on unload).
        self._unsubs += [
            async_track_state_change_event(hass, self.source.entity_ids, self._on_source_event),
            async_track_state_report_event(hass, self.source.entity_ids, self._on_source_event),
            async_track_state_change_event(hass, watched, self._on_load_event),
            async_at_started(hass, self._on_started),
            self.source.start(self._on_sample),
        ]

    async def _on_started(self, _hass: HomeAssistant) -> None:
        """Start ticking once HA runs, so start-up does not count as stale data."""
        self._unsubs.append(
            async_track_time_interval(
                self.hass,
                self._on_tick,
                TICK,
                name="capacity_manager tick",
                cancel_on_shutdown=True,
            )
        )
        # A sample that is already fresh counts: a reload need not wait for the next one.
        fresh = [self.hass.states.get(e) for e in self.source.entity_ids]
        timeout = self.site.timing.stale_timeout_s
        if all(s and self.now() - s.last_reported_timestamp < timeout for s in fresh):
            self._step(self._read_site())
        else:
            self._step(None)

    async def async_stop(self, *, release: bool) -> None:
        """Unsubscribe everything, save memory; `release` gives back what we hold."""
        self._stopped = True
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        await self.source.async_close()
        self.executor.cancel()
        self.repairs.clear()
        if release:
            self.async_release_all()
        await self.async_save_memory()

    # -- inputs ----------------------------------------------------------------------------

    def _read_site(self) -> Measurement | None:
        return self.source.read(self.hass.states.get)

    @callback
    def _on_source_event(self, event: Event[Any]) -> None:
        if not self._stopped:
            self._step(self._read_site())

    @callback
    def _on_sample(self, measurement: Measurement) -> None:
        """A sample pushed by the source (a Modbus meter's poll), straight to the engine."""
        if not self._stopped:
            self._step(measurement)

    @callback
    def _on_load_event(self, event: Event[EventStateChangedData]) -> None:
        if self._stopped:
            return
        new_state = event.data["new_state"]
        binding = self.by_entity.get(event.data["entity_id"])
        if (
            binding is not None
            and new_state is not None
            and not self.executor.is_ours(new_state.context)
        ):
            self.check_override(binding)
        self._step(None)

    @callback
    def _on_tick(self, _time: datetime) -> None:
        if self._stopped:
            return
        now = self.now()
        limit = self._applied_limit
        self.expire_limits(now)
        # A step within the last tick (a sample, a load change) already moved the engine's
        # timers on: with a meter reporting every second, a second step would decide nothing
        # new and cost as much (100 loads: half the time of the loop).
        if now - self._last_step >= TICK_GAP_S or self._applied_limit != limit:
            self._step(None)
        if now - self._last_repair_check >= REPAIR_CHECK_S:
            self._last_repair_check = now
            self.repairs.check(now)

    # -- the step --------------------------------------------------------------------------

    @callback
    def _step(self, measurement: Measurement | None) -> None:
        """One engine step: commands go out first, then events and entity updates."""
        now = self.now()
        self._last_step = now
        # The chargers' plans ride on their states: the engine sees departure and energy to go.
        states, plans_moved = self.charging.step(now, self.read_load_states(), self.bindings)
        result = self.controller.step(now, measurement, states)
        snapshot = result.snapshot
        site_w, limit_w = snapshot.site_power_w, snapshot.effective_limit_w
        for action in result.actions:
            self.executor.submit(
                Command(
                    self.bindings[action.load_id], action, site_w, limit_w, snapshot.export_limit_w
                )
            )
        for notice in result.notices:
            self.emit_notice(notice, snapshot)
        for action in result.advisory:
            self._record(action, "advisory", now)
        self._integrate(snapshot, now)
        if result.actions:
            # Let the command tasks reach their service calls before entities are rewritten.
            self.hass.loop.call_soon(self.publish, snapshot)
        else:
            self.publish(snapshot)
        if result.actions or result.notices or plans_moved:
            self.schedule_save()

    def step_now(self) -> None:
        """Run a step without a new sample (after a setting or service changed something)."""
        if not self._stopped:
            self._step(None)

    def _integrate(self, snapshot: Snapshot, now: float) -> None:
        if self._last_integrated is not None:
            gap = min(max(now - self._last_integrated, 0.0), MAX_INTEGRATION_GAP_S)
            self.curtailed_kwh += self._curtailed_w * gap / 3_600_000
        self._last_integrated = now
        self._curtailed_w = curtailed_w(snapshot)

    # -- outputs ---------------------------------------------------------------------------

    def _compose(self, snapshot: Snapshot) -> CapacityData:
        now = snapshot.now
        return CapacityData(
            snapshot=snapshot,
            mode=self.controller.mode,
            limit_override_w=self.settings.limit_override_w,
            granted_w=self.book.active_w(now),
            curtailed_kwh=self.curtailed_kwh,
            last_action=self.decisions[-1] if self.decisions else None,
            managed={i: self.settings.is_managed(i) for i in self.bindings},
            priorities={i: b.config.priority for i, b in self.bindings.items()},
            plans=self.charging.views(),
        )

    @callback
    def publish(self, snapshot: Snapshot | None = None) -> None:
        """Tell entities, unless nothing they show has changed."""
        if self._stopped:
            return
        data = self._compose(snapshot or self.controller.snapshot())
        if _visible(self.data) != _visible(data):
            self._changed_loads = (
                _changed_loads(self.data, data) if self.last_update_success else None
            )
            self.async_set_updated_data(data)
            self._changed_loads = None
        else:
            self.data = data

    @callback
    def async_update_listeners(self) -> None:
        """Tell the site's entities, and those of the loads whose view changed.

        A load entity's listener carries its load id as context (entity.py); 100 loads with
        three entities each would otherwise all look at every published sample.
        """
        changed = self._changed_loads
        if changed is None:
            super().async_update_listeners()
            return
        for update_callback, context in list(self._listeners.values()):
            if context is None or context in changed:
                update_callback()


def _changed_loads(old: CapacityData, new: CapacityData) -> set[str] | None:
    """Loads whose entities show something new (None: possibly all of them)."""
    if old.mode != new.mode or old.managed != new.managed or old.priorities != new.priorities:
        return None
    changed = {load.load_id for load in new.snapshot.loads if old.load(load.load_id) != load}
    changed |= {
        i for i in old.plans.keys() | new.plans.keys() if old.plans.get(i) != new.plans.get(i)
    }
    return changed | {load.load_id for load in old.snapshot.loads if new.load(load.load_id) is None}


def _visible(data: CapacityData) -> CapacityData:
    """`data` without what changes on every step but nobody sees (time, sub-Wh energy)."""
    return replace(
        data,
        snapshot=replace(data.snapshot, now=0.0),
        curtailed_kwh=round(data.curtailed_kwh, 2),  # 10 Wh steps: not a write per second
    )
