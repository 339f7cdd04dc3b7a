"""`capacity_manager.panel_sizing`: how much new load the service could take, from 12 months of data.

Informative only, in the spirit of NEC 220.87 (existing load from measured demand); not a code
calculation and no substitute for an electrician's load calculation.

Demand: the highest 15-minute average of the site power. Long-term statistics keep hourly means
for the whole year and 5-minute means only for the recent days the recorder keeps; a 15-minute
average is a rolling mean of three consecutive 5-minute means. Where the hourly peak is higher
than any 15-minute peak seen (an older peak), the hourly mean is used; the response says which.
An hourly mean understates the 15-minute peak inside that hour.

Formulas (W; amps = W / (voltage × phases)):
- design demand = 1.25 × peak demand
- unmanaged headroom = rating − design demand (0 if negative): new load that always runs.
- managed headroom = target × rating, when the existing house fits (design demand ≤ rating),
  else 0: a load Capacity Manager sheds whenever the house needs the capacity never adds to
  the peak, so it only has to fit under the level the controller holds the site at (its target
  threshold, `target`). It runs fully when the house is quiet and waits when it is busy.
- managed at peak = target × rating − peak demand: the part of it that still runs at the peak.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import voluptuous as vol
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util import dt as dt_util

from .const import CONF_BREAKER_A, CONF_LIMIT_TYPE, DOMAIN, LIMIT_BREAKER
from .recorder_io import async_run, means_job, site_sensors

if TYPE_CHECKING:
    from .coordinator import CapacityCoordinator

DEMAND_FACTOR: Final = 1.25
LOOKBACK: Final = timedelta(days=365)
FIVE_MIN_S: Final = 300.0
NOTE: Final = (
    "Informative estimate in the spirit of NEC 220.87 from recorded demand; not a code "
    "calculation. Breakers still protect the installation; ask an electrician before adding load."
)
SIZING_SCHEMA: Final = vol.Schema({vol.Required("config_entry_id"): cv.string})

Rows = Sequence[tuple[float, float]]  # (period start s, mean W)


def combine(series: Sequence[Rows], factor: float) -> list[tuple[float, float]]:
    """Site power per period: the sensors' means summed per period start, × factor."""
    total: dict[float, float] = {}
    counts: dict[float, int] = {}
    for rows in series:
        for start, mean in rows:
            total[start] = total.get(start, 0.0) + mean
            counts[start] = counts.get(start, 0) + 1
    return sorted((t, v * factor) for t, v in total.items() if counts[t] == len(series))


def peak_15min(rows: Rows) -> tuple[float, float] | None:
    """(start s, W) of the highest mean of three consecutive 5-minute means."""
    best: tuple[float, float] | None = None
    for i in range(len(rows) - 2):
        if rows[i + 2][0] - rows[i][0] != 2 * FIVE_MIN_S:
            continue  # a gap: not one 15-minute window
        mean = (rows[i][1] + rows[i + 1][1] + rows[i + 2][1]) / 3.0
        if best is None or mean > best[1]:
            best = (rows[i][0], mean)
    return best


def peak(rows: Rows) -> tuple[float, float] | None:
    """(start s, W) of the highest mean."""
    best: tuple[float, float] | None = None
    for row in rows:
        if best is None or row[1] > best[1]:
            best = (row[0], row[1])
    return best


def report(
    *,
    quarter: tuple[float, float] | None,
    hour: tuple[float, float] | None,
    rating_w: float,
    rating_a: float,
    volts: float,
    target: float,
) -> dict[str, Any]:
    """The sizing response from the two peaks (see the module docstring for the formulas)."""
    if quarter is not None and (hour is None or quarter[1] >= hour[1]):
        (at, demand), resolution = quarter, "15min_from_5min_statistics"
    else:
        assert hour is not None
        (at, demand), resolution = hour, "hourly_mean_statistics"
    design = DEMAND_FACTOR * demand
    unmanaged = max(0.0, rating_w - design)
    managed = max(unmanaged, target * rating_w) if design <= rating_w else 0.0
    return {
        "informative": True,
        "note": NOTE,
        "resolution": resolution,
        "peak_demand_w": round(demand, 1),
        "peak_demand_at": dt_util.utc_from_timestamp(at).isoformat(),
        "peak_15min_w": None if quarter is None else round(quarter[1], 1),
        "peak_hourly_mean_w": None if hour is None else round(hour[1], 1),
        "demand_factor": DEMAND_FACTOR,
        "design_demand_w": round(design, 1),
        "service_rating_w": round(rating_w, 1),
        "service_rating_a": round(rating_a, 1),
        "amps_basis_v": volts,
        "unmanaged_available_w": round(unmanaged, 1),
        "unmanaged_available_a": round(unmanaged / volts, 1),
        "managed_available_w": round(managed, 1),
        "managed_available_a": round(managed / volts, 1),
        "additional_managed_a": round((managed - unmanaged) / volts, 1),
        "managed_at_peak_w": round(max(0.0, target * rating_w - demand) if managed else 0.0, 1),
        "controller_target_pct": round(100.0 * target, 1),
    }


def _error(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=key,
        translation_placeholders=placeholders or None,
    )


async def async_panel_sizing(
    hass: HomeAssistant, coordinator: CapacityCoordinator, _data: Mapping[str, Any]
) -> dict[str, Any]:
    """The response of `capacity_manager.panel_sizing`."""
    if "recorder" not in hass.config.components:
        raise _error("recorder_unavailable")
    entry = coordinator.entry
    sensors = site_sensors(entry.data)
    end = dt_util.utcnow()
    start = end - LOOKBACK
    if sensors is None:
        raise _error("no_site_sensor")
    ids = set(sensors.entity_ids)
    found: dict[str, tuple[float, float] | None] = {}
    first: dict[str, float | None] = {}
    for period in ("5minute", "hour"):
        rows: dict[str, list[tuple[float, float]]] = await async_run(
            hass, means_job, start, end, ids, period
        )
        site = combine([rows.get(e, []) for e in sensors.entity_ids], sensors.factor)
        found[period] = peak_15min(site) if period == "5minute" else peak(site)
        first[period] = site[0][0] if site else None
    if found["hour"] is None and found["5minute"] is None:
        raise _error("no_history", start=start.isoformat(), end=end.isoformat())
    site_cfg = coordinator.site
    volts = site_cfg.voltage_v * site_cfg.phases
    rating_w = site_cfg.limits.panel_limit_w
    breaker = entry.data.get(CONF_BREAKER_A)
    if entry.data.get(CONF_LIMIT_TYPE) != LIMIT_BREAKER or breaker is None:
        breaker = rating_w / volts  # a limit in W: its current at the site's voltage
    rating_a = float(breaker)
    result = report(
        quarter=found["5minute"],
        hour=found["hour"],
        rating_w=rating_w,
        rating_a=rating_a,
        volts=volts,
        target=site_cfg.thresholds.target,
    )
    oldest = min((t for t in first.values() if t is not None), default=end.timestamp())
    result["data_from"] = dt_util.utc_from_timestamp(oldest).isoformat()
    result["days_of_data"] = round((end.timestamp() - oldest) / 86400.0, 1)
    return result
