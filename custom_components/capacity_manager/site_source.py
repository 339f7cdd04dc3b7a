"""The site meter as configured in the entry: which sensors, how to read them, log once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.core import State

from .const import (
    CONF_EXPORT_NEGATIVE,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    DEFAULT_EXPORT_NEGATIVE,
    LOGGER,
    MEASURE_CURRENT,
    SOURCE_PER_PHASE,
)
from .engine.models import Measurement, SiteConfig
from .parsing import Rejected, site_measurement


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
        self._site = site
        self._title = title
        self._last_rejection: tuple[str, str] | None = None

    def read(self, get: Callable[[str], State | None]) -> Measurement | None:
        """A valid sample from the current states, or None (logged once per problem)."""
        result = site_measurement(
            [get(entity_id) for entity_id in self.entity_ids],
            per_phase_current=self._per_phase_current,
            export_negative=self._export_negative,
            voltage_v=self._site.voltage_v,
            panel_limit_w=self._site.limits.panel_limit_w,
        )
        if isinstance(result, Rejected):
            key = (result.entity_id, result.reason)
            if key != self._last_rejection:  # once per distinct problem, not per sample
                self._last_rejection = key
                LOGGER.warning(
                    "%s: ignoring site power from %s: %s (%s)",
                    self._title,
                    result.entity_id,
                    result.reason,
                    result.value,
                )
            return None
        if self._last_rejection is not None:
            self._last_rejection = None
            LOGGER.info("%s: site power readings are valid again", self._title)
        return result
