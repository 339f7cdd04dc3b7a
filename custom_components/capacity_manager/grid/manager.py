"""The grid limits of one site: builds its sources, combines them and feeds the engine.

Every `limit_source` subentry (except the capacity tariff, which is a site limit the engine
applies itself) becomes a `LimitSource`. Whenever a source may have changed, and at the next
time a source said its answer changes, the tightest import and export limits go to
`Controller.set_grid_limits`; a change fires `capacity_manager_limit_changed` naming the source.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from ..events import EVENT_LIMIT_CHANGED
from .const import (
    CONF_DIRECTION,
    CONF_ENTITY_UNIT,
    CONF_LIMIT_ENTITY,
    CONF_SOURCE_KIND,
    DIRECTION_IMPORT,
    KIND_ENTITY,
    KIND_OPENADR,
    KIND_SCHEDULE,
    SUBENTRY_LIMIT_SOURCE,
)
from .openadr import VtnError
from .openadr_source import OpenAdrSource
from .reservation import Verdict
from .schedule import IMPORT_AVAILABLE
from .sep2_source import KIND_SEP2, Sep2Source
from .sources import Combined, EntitySource, LimitSource, ScheduleSource, combine
from .weekly import WeeklyRule

if TYPE_CHECKING:
    from ..coordinator import CapacityCoordinator


def build_source(
    hass: HomeAssistant, entry: ConfigEntry, subentry: ConfigSubentry
) -> LimitSource | None:
    """The source of one subentry (None for a tariff); raises ValueError/KeyError if broken."""
    data = subentry.data
    kind = data.get(CONF_SOURCE_KIND)
    if kind == KIND_ENTITY:
        return EntitySource(
            hass,
            subentry.subentry_id,
            subentry.title,
            entity_id=str(data[CONF_LIMIT_ENTITY]),
            direction=str(data.get(CONF_DIRECTION, DIRECTION_IMPORT)),
            default_unit=str(data.get(CONF_ENTITY_UNIT, "W")),
        )
    if kind == KIND_SCHEDULE:
        return ScheduleSource(subentry.subentry_id, subentry.title, WeeklyRule.from_data(data))
    if kind == KIND_OPENADR:
        return OpenAdrSource(hass, entry, subentry)
    if kind == KIND_SEP2:
        return Sep2Source(hass, entry, subentry)
    return None


class GridManager:
    """Combines the limit sources of one site and applies them."""

    def __init__(
        self, hass: HomeAssistant, entry: ConfigEntry, coordinator: CapacityCoordinator
    ) -> None:
        self._hass = hass
        self._entry = entry
        self._coordinator = coordinator
        self.sources: list[LimitSource] = []
        for subentry in entry.subentries.values():
            if subentry.subentry_type != SUBENTRY_LIMIT_SOURCE:
                continue
            try:
                source = build_source(hass, entry, subentry)
            except (ValueError, KeyError, TypeError) as err:
                LOGGER.error("%s: limit source %s skipped: %s", entry.title, subentry.title, err)
                continue
            if source is not None:
                self.sources.append(source)
        self.combined = Combined()
        self._timer: CALLBACK_TYPE | None = None
        self._listeners: list[Callable[[], None]] = []
        self._job = HassJob(self._on_timer, "capacity_manager grid limits", cancel_on_shutdown=True)

    @property
    def openadr_sources(self) -> list[OpenAdrSource]:
        """The OpenADR VTNs of this site."""
        return [s for s in self.sources if isinstance(s, OpenAdrSource)]

    async def async_start(self) -> None:
        """Start every source, then apply what they say."""
        for source in self.sources:
            await source.async_start(self.evaluate)
        self.evaluate()

    async def async_stop(self) -> None:
        """Stop every source and the timer."""
        if self._timer is not None:
            self._timer()
            self._timer = None
        for source in self.sources:
            await source.async_stop()
        self._listeners.clear()

    @callback
    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Be told when grid limits or source data change; returns the remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    @callback
    def _on_timer(self, _now: datetime) -> None:
        self._timer = None
        self.evaluate()

    @callback
    def evaluate(self) -> None:
        """Combine the sources now; apply and announce what changed; plan the next look."""
        now = dt_util.utcnow()
        old, new = self.combined, combine(self.sources, now)
        self.combined = new
        if (old.import_w, old.export_w) != (new.import_w, new.export_w):
            self._coordinator.controller.set_grid_limits(new.import_w, new.export_w)
            if old.import_w != new.import_w:
                self._announce("grid_import", old.import_w, new.import_w, new.import_source)
            if old.export_w != new.export_w:
                self._announce("grid_export", old.export_w, new.export_w, new.export_source)
            if self._hass.is_running:  # at start-up the first step comes once HA runs
                self._coordinator.step_now()
        if self._timer is not None:
            self._timer()
            self._timer = None
        if new.next_change is not None:
            self._timer = async_track_point_in_utc_time(self._hass, self._job, new.next_change)
        for listener in list(self._listeners):
            listener()

    def _announce(
        self, action: str, old: float | None, new: float | None, source: LimitSource | None
    ) -> None:
        snapshot = self._coordinator.controller.snapshot()
        self._fire(
            {
                "action": action,
                "old_value": None if old is None else round(old, 1),
                "new_value": None if new is None else round(new, 1),
                "reason": "grid",
                "source": source.kind if source else None,
                "source_name": source.name if source else None,
                "detail": source.name if source else "no grid limit",
                "site_power_w": snapshot.site_power_w,
                "limit_w": round(snapshot.effective_limit_w, 1),
            }
        )

    def _fire(self, data: dict[str, Any]) -> None:
        self._hass.bus.async_fire(
            EVENT_LIMIT_CHANGED, {"config_entry_id": self._entry.entry_id, **data}
        )

    async def async_request_capacity(
        self,
        *,
        power_w: float,
        start: float,
        duration_s: float,
        max_fee: float | None,
        label: str,
    ) -> dict[str, Any]:
        """Reserve capacity with the (first) VTN; the limit rises only inside granted intervals."""
        source = self.openadr_sources[0]
        try:
            result = await source.async_reserve(
                start=start, duration_s=duration_s, power_w=power_w, max_fee=max_fee, label=label
            )
        except VtnError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="vtn_request_failed",
                translation_placeholders={"name": source.name, "error": str(err)},
            ) from err
        starts, ends = (
            dt_util.utc_from_timestamp(start),
            dt_util.utc_from_timestamp(start + duration_s),
        )
        available = source.value(IMPORT_AVAILABLE, starts)
        self._fire(
            {
                "action": "reservation",
                "old_value": None,
                "new_value": round(result.granted_w, 1),
                "reason": result.verdict.value,
                "source": source.kind,
                "source_name": source.name,
                "detail": label,
                "fee": result.fee,
                "start": starts.isoformat(),
                "end": ends.isoformat(),
                "site_power_w": self._coordinator.controller.snapshot().site_power_w,
                "limit_w": round(self._coordinator.controller.snapshot().effective_limit_w, 1),
            }
        )
        self.evaluate()
        return {
            "granted": result.verdict is Verdict.GRANTED,
            "reason": result.verdict.value,
            "granted_w": round(result.granted_w, 1),
            "fee": result.fee,
            "available_w": None if available is None else round(available, 1),
            "grant_id": None,
            "start": starts.isoformat(),
            "end": ends.isoformat(),
            "source": source.name,
        }
