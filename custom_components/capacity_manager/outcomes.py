"""What became of a step's notices and commands: events on the bus, log lines, the decisions.

Apart from the loop because it is bookkeeping after the fact: the executor reports a command's
result here (often after the step that sent it), and diagnostics and entities read the decisions
kept. The coordinator inherits it and provides the step and publishing.
"""

from __future__ import annotations

from collections import deque

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback

from .actuators import ActuatorError
from .const import LOGGER
from .controls import CapacityControls
from .data import Decision
from .engine.models import Measurement
from .engine.results import Action, Notice, NoticeKind, Snapshot
from .events import action_event, failed_event, notice_event
from .executor import Command

DECISIONS_KEPT = 50


class CapacityOutcomes(CapacityControls):
    """Fires the events of notices and command results and keeps the last decisions."""

    # Set by the coordinator (`hass` by its DataUpdateCoordinator base).
    hass: HomeAssistant
    _stopped: bool

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        CapacityControls.__init__(self, hass, entry)
        self.decisions: deque[Decision] = deque(maxlen=DECISIONS_KEPT)

    # -- hooks the coordinator provides -------------------------------------------------------

    def _step(self, measurement: Measurement | None) -> None:
        """One engine step."""
        raise NotImplementedError

    def publish(self, snapshot: Snapshot | None = None) -> None:
        """Tell entities."""
        raise NotImplementedError

    # -- outcomes ----------------------------------------------------------------------------

    def emit_notice(self, notice: Notice, snapshot: Snapshot) -> None:
        """Fire the event of a notice (and log the ones that deserve a line)."""
        binding = self.bindings.get(notice.load_id) if notice.load_id else None
        title = self.entry.title
        if notice.kind is NoticeKind.FAILSAFE_ENTER:
            LOGGER.warning("%s: no valid site power: failsafe", title)
            self.repairs.set_failsafe(active=True, sources=self.source.names)
        elif notice.kind is NoticeKind.FAILSAFE_EXIT:
            LOGGER.info("%s: site power is back: failsafe ended", title)
            self.repairs.set_failsafe(active=False, sources=self.source.names)
        elif notice.kind is NoticeKind.INEFFECTIVE and binding is not None:
            LOGGER.warning("%s: %s did not follow our command", title, binding.entity_id)
        event, data = notice_event(
            self.entry.entry_id,
            notice,
            binding,
            snapshot.site_power_w,
            snapshot.effective_limit_w,
        )
        self.hass.bus.async_fire(event, data)

    @callback
    def _on_action_result(self, command: Command, error: ActuatorError | None) -> None:
        now = self.now()
        binding, action = command.binding, command.action
        entry_id = self.entry.entry_id
        site, limit = command.site_w, command.limit_w
        if error is None:
            event, data = action_event(
                entry_id, binding, action, site, limit, command.export_limit_w
            )
            self._record(action, "done", now)
        else:
            LOGGER.warning(
                "%s: could not %s %s: %s",
                self.entry.title,
                action.kind.value,
                binding.entity_id,
                error,
            )
            event, data = failed_event(
                entry_id, binding, action, error.reason, error.detail, site, limit
            )
            self._record(action, f"failed: {error.reason}", now)
        self.hass.bus.async_fire(event, data)
        if error is not None and not self._stopped:
            # Skip this load and let the engine pick the next one at once.
            self.controller.report_failure(action.load_id, now)
            self._step(None)
        elif not self._stopped:
            self.publish()

    def _record(self, action: Action, result: str, now: float) -> None:
        binding = self.bindings.get(action.load_id)
        self.decisions.append(
            Decision(
                time=now,
                load_id=action.load_id,
                name=binding.config.name if binding else action.load_id,
                entity_id=binding.entity_id if binding else "",
                action=action.kind.value,
                reason=action.reason.value,
                setpoint=action.setpoint,
                result=result,
            )
        )
