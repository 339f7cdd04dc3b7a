"""Recorder reads shared by the what-if replay and the sizing report (always off the event loop).

Both read the site meter as configured in the entry: its sensor(s), the sign convention and,
for per-phase current sensors, the voltage that turns amps into watts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from homeassistant.components.recorder import history, statistics
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers.recorder import get_instance

from .const import (
    CONF_EXPORT_NEGATIVE,
    CONF_PHASE_MEASUREMENT,
    CONF_PHASE_SENSORS,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    CONF_VOLTAGE,
    DEFAULT_EXPORT_NEGATIVE,
    DEFAULT_VOLTAGE,
    MEASURE_CURRENT,
    SOURCE_PER_PHASE,
    SOURCE_SINGLE,
)

Period = Literal["5minute", "hour"]
# Statistics converted to these units by the recorder itself (a kW sensor comes back in W).
STAT_UNITS = {"power": "W", "electric_current": "A"}


@dataclass(frozen=True, slots=True)
class SiteSensors:
    """The site meter's sensors and how their sum becomes site power (W, import positive)."""

    entity_ids: list[str]
    factor: float  # sign, × voltage for current sensors
    current: bool


def site_sensors(data: Mapping[str, Any]) -> SiteSensors | None:
    """The HA sensors of the site meter; None for a Modbus meter (no recorded sensor)."""
    sign = 1.0 if data.get(CONF_EXPORT_NEGATIVE, DEFAULT_EXPORT_NEGATIVE) else -1.0
    source = data.get(CONF_SOURCE_TYPE, SOURCE_SINGLE)
    if source == SOURCE_PER_PHASE:
        current = data.get(CONF_PHASE_MEASUREMENT) == MEASURE_CURRENT
        volts = float(data.get(CONF_VOLTAGE, DEFAULT_VOLTAGE)) if current else 1.0
        return SiteSensors([str(e) for e in data[CONF_PHASE_SENSORS]], sign * volts, current)
    if source == SOURCE_SINGLE and data.get(CONF_POWER_SENSOR):
        return SiteSensors([str(data[CONF_POWER_SENSOR])], sign, False)
    return None


def states_job(
    hass: HomeAssistant, start: datetime, end: datetime, entity_ids: list[str]
) -> dict[str, list[State]]:
    """Every recorded state in [start, end) plus the one in force at start (executor only)."""
    found = history.get_significant_states(
        hass,
        start,
        end,
        entity_ids,
        include_start_time_state=True,
        significant_changes_only=False,
    )
    return {k: [s for s in v if isinstance(s, State)] for k, v in found.items()}


def means_job(
    hass: HomeAssistant, start: datetime, end: datetime, entity_ids: set[str], period: Period
) -> dict[str, list[tuple[float, float]]]:
    """(period start s, mean) of the long-term statistics of `entity_ids` (executor only)."""
    rows = statistics.statistics_during_period(
        hass, start, end, entity_ids, period, STAT_UNITS, {"mean"}
    )
    return {
        entity_id: [(r["start"], r["mean"]) for r in found if r.get("mean") is not None]  # type: ignore[misc]
        for entity_id, found in rows.items()
    }


async def async_run(hass: HomeAssistant, job: Any, *args: Any) -> Any:
    """Run a recorder job in the recorder's executor (database access off the event loop)."""
    return await get_instance(hass).async_add_executor_job(job, hass, *args)
