"""The limit-source interface, two simple sources (an entity, a weekly rule) and their combination.

A source is anything that can say "right now the grid allows at most X W import and Y W export,
and this may change at T". That is the whole interface (`LimitSource.limits_at`), plus a start
and stop and a callback to call when its answer may have changed. The manager asks every source
and takes the tightest import and export limit; OpenADR 3 and IEEE 2030.5 clients are sources
like any other.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN, UnitOfPower
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util

from ..const import LOGGER
from .const import DIRECTION_EXPORT, KIND_ENTITY, KIND_SCHEDULE
from .weekly import WeeklyRule

_UNIT_W: dict[str, float] = {
    UnitOfPower.WATT: 1.0,
    UnitOfPower.KILO_WATT: 1000.0,
    UnitOfPower.MEGA_WATT: 1e6,
}


@dataclass(frozen=True, slots=True)
class SourceLimits:
    """What one source asks for at one instant (None: no limit from it)."""

    import_w: float | None = None
    export_w: float | None = None
    next_change: datetime | None = None  # when the answer may change without a callback (UTC)


class LimitSource:
    """One source of grid limits (one `limit_source` subentry)."""

    kind: str = ""

    def __init__(self, source_id: str, name: str) -> None:
        self.source_id = source_id
        self.name = name
        self._changed: Callable[[], None] = lambda: None

    async def async_start(self, changed: Callable[[], None]) -> None:
        """Begin; call `changed` whenever `limits_at` may give a different answer."""
        self._changed = changed

    async def async_stop(self) -> None:
        """Stop listening and polling."""
        self._changed = lambda: None

    def limits_at(self, now: datetime) -> SourceLimits:
        """The limits this source asks for at `now` (UTC)."""
        raise NotImplementedError


class EntitySource(LimitSource):
    """A number, input_number or sensor whose value is an import or export limit (W or kW).

    A value that cannot be read (unavailable, not a number, negative, unknown unit) is ignored
    and the last valid one kept, logged once per bad spell.
    """

    kind = KIND_ENTITY

    def __init__(
        self,
        hass: HomeAssistant,
        source_id: str,
        name: str,
        *,
        entity_id: str,
        direction: str,
        default_unit: str,
    ) -> None:
        super().__init__(source_id, name)
        self._hass = hass
        self.entity_id = entity_id
        self.direction = direction
        self._default_unit = default_unit
        self._value_w: float | None = None
        self._bad = False
        self._unsub: Callable[[], None] | None = None

    async def async_start(self, changed: Callable[[], None]) -> None:
        """Read the entity now and follow its changes."""
        await super().async_start(changed)
        self._read(self._hass.states.get(self.entity_id))
        self._unsub = async_track_state_change_event(self._hass, self.entity_id, self._on_change)

    async def async_stop(self) -> None:
        """Stop following the entity."""
        if self._unsub is not None:
            self._unsub()
            self._unsub = None
        await super().async_stop()

    @callback
    def _on_change(self, event: Event[EventStateChangedData]) -> None:
        if self._read(event.data["new_state"]):
            self._changed()

    def _read(self, state: State | None) -> bool:
        """Take a new valid value; True when it changed."""
        value = self._parse(state)
        if value is None:
            if not self._bad and state is not None:
                self._bad = True
                LOGGER.warning(
                    "%s: %s=%r is not a usable limit; keeping %s W",
                    self.name,
                    self.entity_id,
                    state.state,
                    self._value_w,
                )
            return False
        if self._bad:
            self._bad = False
            LOGGER.info("%s: %s is a usable limit again", self.name, self.entity_id)
        changed = value != self._value_w
        self._value_w = value
        return changed

    def _parse(self, state: State | None) -> float | None:
        if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
            return None
        try:
            value = float(state.state)
        except ValueError:
            return None
        unit = state.attributes.get("unit_of_measurement") or self._default_unit
        if not math.isfinite(value) or value < 0 or unit not in _UNIT_W:
            return None
        return value * _UNIT_W[unit]

    def limits_at(self, now: datetime) -> SourceLimits:
        """The entity's latest valid value, as an import or export limit."""
        if self.direction == DIRECTION_EXPORT:
            return SourceLimits(export_w=self._value_w)
        return SourceLimits(import_w=self._value_w)


class ScheduleSource(LimitSource):
    """A weekly time window with limits, evaluated in Home Assistant's time zone."""

    kind = KIND_SCHEDULE

    def __init__(self, source_id: str, name: str, rule: WeeklyRule) -> None:
        super().__init__(source_id, name)
        self.rule = rule

    def limits_at(self, now: datetime) -> SourceLimits:
        """The rule's limits while it is in force, and when that changes next."""
        local = dt_util.as_local(now)
        edge = self.rule.next_change(local)
        next_change = None if edge is None else dt_util.as_utc(edge.replace(tzinfo=local.tzinfo))
        if not self.rule.active(local):
            return SourceLimits(next_change=next_change)
        return SourceLimits(self.rule.import_w, self.rule.export_w, next_change)


@dataclass(frozen=True, slots=True)
class Combined:
    """The tightest limits of all sources, which source set each, and the next change."""

    import_w: float | None = None
    import_source: LimitSource | None = None
    export_w: float | None = None
    export_source: LimitSource | None = None
    next_change: datetime | None = None


def combine(sources: Sequence[LimitSource], now: datetime) -> Combined:
    """Take the tightest import and export limit; on a tie the first source wins."""
    imp: tuple[float, LimitSource] | None = None
    exp: tuple[float, LimitSource] | None = None
    changes: list[datetime] = []
    for source in sources:
        limits = source.limits_at(now)
        if limits.import_w is not None and (imp is None or limits.import_w < imp[0]):
            imp = (limits.import_w, source)
        if limits.export_w is not None and (exp is None or limits.export_w < exp[0]):
            exp = (limits.export_w, source)
        if limits.next_change is not None and limits.next_change > now:
            changes.append(limits.next_change)
    return Combined(
        import_w=None if imp is None else imp[0],
        import_source=None if imp is None else imp[1],
        export_w=None if exp is None else exp[0],
        export_source=None if exp is None else exp[1],
        next_change=min(changes) if changes else None,
    )
