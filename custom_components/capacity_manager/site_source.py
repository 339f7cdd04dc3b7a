"""The site meter as configured in the entry: which sensors, how to read them, log once.

`make_site_source` picks the HA-sensor source below or a Modbus meter (site_meter.py); both
offer `entity_ids` (states to watch), `names`, `read`, `async_setup`, `start` and `async_close`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, State, callback
from homeassistant.util import dt as dt_util

from .const import (
    CONF_EXPORT_NEGATIVE,
    CONF_EXPORT_POSSIBLE,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    DEFAULT_EXPORT_NEGATIVE,
    DEFAULT_EXPORT_POSSIBLE,
    LOGGER,
    MEASURE_CURRENT,
    SOURCE_MODBUS,
    SOURCE_PER_PHASE,
)
from .engine.models import Measurement, SiteConfig
from .parsing import Rejected, site_measurement, unit_guard
from .site_meter import MeterSource


def make_site_source(
    hass: HomeAssistant, entry: ConfigEntry, site: SiteConfig
) -> SiteSource | MeterSource:
    """The source the entry is configured with (ValueError/KeyError when its data is bad)."""
    if entry.data.get(CONF_SOURCE_TYPE) == SOURCE_MODBUS:
        return MeterSource(hass, entry, entry.data, site)
    return SiteSource(entry.data, site, entry.title)


class SiteSource:
    """Turns the source sensors' states into samples; a bad reading is logged once."""

    def __init__(self, data: Mapping[str, Any], site: SiteConfig, title: str) -> None:
        per_phase = data.get(CONF_SOURCE_TYPE) == SOURCE_PER_PHASE
        self.entity_ids: list[str] = (
            [str(e) for e in data[CONF_PHASE_SENSORS]]
            if per_phase
            else [str(data[CONF_POWER_SENSOR])]
        )
        self._per_phase_current = per_phase and data.get(CONF_PHASE_MEASUREMENT) == MEASURE_CURRENT
        self._export_negative = bool(data.get(CONF_EXPORT_NEGATIVE, DEFAULT_EXPORT_NEGATIVE))
        self._export_possible = bool(data.get(CONF_EXPORT_POSSIBLE, DEFAULT_EXPORT_POSSIBLE))
        self._units = unit_guard(current=self._per_phase_current)
        self._site = site
        self._title = title
        self._last_rejection: tuple[str, str] | None = None
        self._logged_rejection = False
        self.rejected: Counter[str] = Counter()  # rejected samples by reason (diagnostics)

    @property
    def names(self) -> list[str]:
        """What the site reads, for repair issues and log lines."""
        return self.entity_ids

    async def async_setup(self) -> None:
        """Nothing to do: sensors are watched by the coordinator."""

    @callback
    def start(self, on_sample: Callable[[Measurement], None]) -> CALLBACK_TYPE:
        """Nothing runs here: the coordinator follows the sensors' states."""
        return lambda: None

    async def async_close(self) -> None:
        """Nothing to close."""

    def read(self, get: Callable[[str], State | None]) -> Measurement | None:
        """A valid sample from the current states, or None (logged once per problem)."""
        states = [get(entity_id) for entity_id in self.entity_ids]
        result = self._units.check(states) or site_measurement(
            states,
            per_phase_current=self._per_phase_current,
            export_negative=self._export_negative,
            voltage_v=self._site.voltage_v,
            panel_limit_w=self._site.limits.panel_limit_w,
            export_possible=self._export_possible,
        )
        if not isinstance(result, Rejected):
            result = self._stale(states) or result
        if isinstance(result, Rejected):
            self.rejected[result.reason] += 1
            key = (result.entity_id, result.reason)
            if key != self._last_rejection:  # once per distinct problem, not per sample
                self._last_rejection = key
                # A sensor that is unavailable is not bad data: if it lasts, the failsafe
                # says so in its own line (one on entry, one on recovery).
                unavailable = result.reason == "unavailable"
                self._logged_rejection |= not unavailable
                LOGGER.log(
                    logging.DEBUG if unavailable else logging.WARNING,
                    "%s: ignoring site power from %s: %s (%s)",
                    self._title,
                    result.entity_id,
                    result.reason,
                    result.value,
                )
            return None
        self._units.accept(states)
        reported = [state.last_reported_timestamp for state in states if state is not None]
        if len(reported) > 1:  # as old as its oldest sensor's report (the engine's stale clock)
            result = dataclasses.replace(result, taken_at=min(reported))
        if self._last_rejection is not None:
            self._last_rejection = None
            if self._logged_rejection:
                self._logged_rejection = False
                LOGGER.info("%s: site power readings are valid again", self._title)
        return result

    def _stale(self, states: list[State | None]) -> Rejected | None:
        """A rejection for a sensor not reported within the stale timeout (a frozen phase).

        Every event of any source sensor reads all of them: with one sensor per phase, the
        others' events would otherwise carry a phase whose sensor stopped reporting (its
        number stays) for ever. A value re-reported unchanged refreshes `last_reported`.
        """
        now = dt_util.utcnow().timestamp()
        timeout = self._site.timing.stale_timeout_s
        for state in states:
            if state is not None and now - state.last_reported_timestamp >= timeout:
                age = now - state.last_reported_timestamp
                return Rejected(state.entity_id, "stale", f"last reported {age:.0f} s ago")
        return None
