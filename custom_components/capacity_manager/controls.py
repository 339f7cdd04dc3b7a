"""Settings and control methods of one site (the base of the coordinator).

Entities and services call these methods; each changes the engine or the user's settings,
schedules a save and runs a step so the change takes effect at once. Saving and restoring that
state across restarts is the base class, `CapacityMemory` (memory.py).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util
from homeassistant.util.ulid import ulid_now

from . import release
from .charging_plan import ChargingPlans
from .const import CONF_MODE, DEFAULT_MODE
from .engine.capacity_requests import (
    CapacityBook,
    RequestDecision,
    RequestVerdict,
    grant_budget_w,
)
from .engine.controller import Controller
from .engine.models import LoadState, LoadStatus, Mode, SiteStatus
from .engine.results import Notice, Snapshot
from .engine_config import (
    LoadBinding,
    build_bindings,
    build_site,
    configured_priority,
    load_subentries,
)
from .executor import ActionExecutor
from .memory import CapacityMemory
from .parsing import load_state, read_load_states, turned_up
from .repairs import RepairTracker, Watched
from .settings import UserSettings
from .site_source import make_site_source

_HELD = (LoadStatus.SHED, LoadStatus.MODULATED)


class CapacityControls(CapacityMemory):
    """Run-time state of one site other than the loop itself."""

    executor: ActionExecutor

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        self.entry = entry
        self.site = build_site(entry)
        self.source = make_site_source(hass, entry, self.site)
        self.mode_option = str(entry.options.get(CONF_MODE, DEFAULT_MODE))
        self.settings = UserSettings.restore(None, self.mode_option)
        self.book = CapacityBook()
        self.charging = ChargingPlans(entry.title)
        self.subentries = {s.subentry_id: s for s in load_subentries(entry)}
        self.bindings: dict[str, LoadBinding] = {}
        self.by_entity: dict[str, LoadBinding] = {}
        self._build_bindings()
        self.controller = Controller(self.site, [b.config for b in self.bindings.values()])
        CapacityMemory.__init__(self, hass, entry)
        self._hass = hass
        self._applied_limit: float | None = None
        self._last_states: dict[str, LoadState] = {}
        self.release_task: asyncio.Task[None] | None = None
        watched = [Watched(e, "source_unavailable", entry.title) for e in self.source.entity_ids]
        watched += [
            Watched(e, "load_unavailable", b.config.name)
            for b in self.bindings.values()
            for e in (b.entity_id, b.pause_switch)
            if e
        ]
        self.repairs = RepairTracker(hass, entry, watched)

    # -- hooks the coordinator provides -------------------------------------------------------

    def now(self) -> float:
        """Engine time: wall-clock seconds, so held loads survive a restart meaningfully."""
        return dt_util.utcnow().timestamp()

    def step_now(self) -> None:
        """Run a step without a new sample."""
        raise NotImplementedError

    def emit_notice(self, notice: Notice, snapshot: Snapshot) -> None:
        """Fire the event of a notice."""
        raise NotImplementedError

    # -- loads -------------------------------------------------------------------------------

    def _build_bindings(self) -> None:
        self.bindings = build_bindings(
            self.subentries.values(), self.site, self.settings.priority, self.entry.title
        )
        self.by_entity = {
            e: b for b in self.bindings.values() for e in (b.entity_id, b.pause_switch) if e
        }

    def read_load_states(self) -> dict[str, LoadState]:
        """What every load looks like in HA right now."""
        self._last_states = read_load_states(
            self._hass.states.get, self.bindings, self.settings.is_managed
        )
        return self._last_states

    def find_load(self, reference: str) -> LoadBinding | None:
        """A load by its subentry id or its controlled entity id."""
        return self.bindings.get(reference) or self.by_entity.get(reference)

    @callback
    def check_override(self, binding: LoadBinding) -> None:
        """A change not caused by us: if it turns a load we hold back on, hands off.

        "Not caused by us" is by the change's context, which a device confirming our command
        late does not carry: reaching what we asked of it is not a turn-up (`turned_up`).
        """
        previous = self._last_states.get(binding.load_id)
        get = self._hass.states.get
        pause = get(binding.pause_switch) if binding.pause_switch else None
        current = load_state(binding, get(binding.entity_id), pause, None, managed=True)
        asked = self.executor.asked(binding.load_id)
        if previous is None or not turned_up(binding, previous, current, asked):
            return
        snapshot = self.controller.snapshot()
        held = any(x.load_id == binding.load_id and x.status in _HELD for x in snapshot.loads)
        if held and (notice := self.controller.note_override(binding.load_id, self.now())):
            self.emit_notice(notice, snapshot)

    # -- settings ----------------------------------------------------------------------------

    @callback
    def set_mode(self, mode: Mode) -> None:
        """Active, monitor or off; leaving active gives back what we hold, staggered."""
        self.controller.set_mode(mode)
        self.settings.mode = mode
        self.settings.mode_option = self.mode_option
        self._changed()

    @callback
    def set_limit_override(self, watts: float | None) -> None:
        """The user's limit; None or 0 clears it (and any temporary limit)."""
        self.settings.limit_override_w = watts if watts else None
        self.settings.temp_limit_w = self.settings.temp_limit_until = None
        self._changed()

    @callback
    def set_temporary_limit(self, watts: float, duration_s: float) -> None:
        """A limit for `duration_s`, then back to the override (or none)."""
        self.settings.temp_limit_w = watts
        self.settings.temp_limit_until = self.now() + duration_s
        self._changed()

    @callback
    def set_managed(self, load_id: str, managed: bool) -> None:
        """Whether a load takes part in shedding."""
        self.settings.managed[load_id] = managed
        self._changed()

    @callback
    def set_priority(self, load_id: str, priority: int) -> None:
        """Change a load's priority without a reload (automations do this by time of day)."""
        binding = self.bindings[load_id]
        configured = configured_priority(self.subentries[load_id])
        self.settings.priorities[load_id] = (priority, configured)
        self.bindings[load_id] = replace(binding, config=replace(binding.config, priority=priority))
        self.by_entity.update(
            {e: self.bindings[load_id] for e in (binding.entity_id, binding.pause_switch) if e}
        )
        self.controller.update_loads([b.config for b in self.bindings.values()])
        self._changed()

    @callback
    def restore_all(self) -> None:
        """Give back every load we hold, one per step."""
        self.controller.restore_all()
        self._changed()

    @callback
    def shed_load(self, load_id: str, duration_s: float | None) -> None:
        """Shed a load on demand, for `duration_s` or until restore all."""
        now = self.now()
        until = None if duration_s is None else now + duration_s
        self.controller.shed_load(load_id, now, until)
        self._changed()

    @callback
    def set_charging_plan(self, load_id: str, departure_s: float, energy_wh: float) -> None:
        """A driver's plan for a charger: leaving at `departure_s`, wanting `energy_wh`."""
        self.charging.set(load_id, departure_s, energy_wh)
        self._changed()

    @callback
    def clear_charging_plan(self, load_id: str) -> None:
        """Forget a charger's plan (nothing to do if it has none)."""
        if self.charging.clear(load_id):
            self._changed()

    @callback
    def request_capacity(
        self, *, power_w: float, start: float | None, duration_s: float, label: str
    ) -> RequestDecision:
        """Keep `power_w` free for a window if it fits under the limit with other grants."""
        now = self.now()
        snapshot = self.controller.snapshot()
        site_w = snapshot.site_power_w
        if site_w is None or snapshot.status is SiteStatus.FAILSAFE:
            return RequestDecision(verdict=RequestVerdict.NO_DATA, grant=None, available_w=0.0)
        panel = self.site.limits.panel_limit_w
        user = self.settings.limit_at(now)
        base = panel if user is None else min(user, panel)
        sheddable = sum(
            load.power_w or 0.0
            for load in snapshot.loads
            if load.status in (LoadStatus.ON, LoadStatus.MODULATED)
            and self.settings.is_managed(load.load_id)
        )
        decision = self.book.request(
            now=now,
            start=now if start is None else start,
            duration_s=duration_s,
            power_w=power_w,
            budget_w=grant_budget_w(base, site_w - sheddable, self.site.thresholds.target),
            grant_id=ulid_now(),
            label=label,
        )
        if decision.granted:
            self._changed()
        return decision

    def expire_limits(self, now: float) -> None:
        """End temporary limits and grants whose time is up."""
        if self.settings.expire(now) | self.book.prune(now):
            self.schedule_save()
        self.apply_limit(now)

    def apply_limit(self, now: float) -> None:
        """Give the engine the user's limit minus the capacity kept for grants."""
        limit = self.settings.limit_at(now)
        granted = self.book.active_w(now)
        if granted > 0:
            panel = self.site.limits.panel_limit_w
            limit = max((panel if limit is None else min(limit, panel)) - granted, 1.0)
        if limit != self._applied_limit:
            self._applied_limit = limit
            self.controller.set_limit_override(limit)

    def _changed(self) -> None:
        self.apply_limit(self.now())
        self.schedule_save()
        self.step_now()

    # -- giving back -------------------------------------------------------------------------

    @callback
    def async_release_all(self) -> None:
        """Give back everything we hold, one load every RELEASE_SPACING_S (in the background)."""
        queue = release.commands(
            self.controller.release_actions(), self.bindings, self.controller.snapshot()
        )
        if queue:
            self.release_task = self._hass.async_create_background_task(
                release.run_in_turn(self.executor, queue, release.RELEASE_SPACING_S),
                f"capacity_manager release {self.entry.entry_id}",
            )

    async def async_release_removed(self, entry: ConfigEntry) -> None:
        """Give back loads we hold that the new subentries take from us (nobody else would).

        Deleted, pointed at other entities or made never shed (release.py); commanded on the
        entities they run with now, before the reload binds the new ones.
        """
        snapshot = self.controller.snapshot()
        subentries = {s.subentry_id: s for s in load_subentries(entry)}
        actions = release.removed_actions(self.controller, self.bindings, subentries, self.site)
        queue = release.commands(actions, self.bindings, snapshot)
        await release.run_in_turn(self.executor, queue, release.RELEASE_SPACING_S)
