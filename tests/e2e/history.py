"""Hourly statistics the end-to-end tests import: the history weeks of use would leave.

A fresh Home Assistant has recorded nothing before the tests started. The card's what-if form
and panel sizing report replay two weeks of hourly means of the site meter and the loads'
power sensors; the timeline card draws the last day of Capacity Manager's own site power and
limit from hourly means where no states are recorded (as after a purge), so its screenshot
shows a day rather than the minute the tests ran.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.e2e.helpers import RunningHass, Session, session

LIMIT_W = 7200.0  # the scenario's limit (dev/provision.py)


def hourly_profile(at: datetime) -> dict[str, float]:
    """Hourly means (W) of the loads and the rest of the house: the history a user would have.

    Evenings are busy; every other evening the car charges at 16 A (3.7 kW) for three hours.
    """
    h, day = at.hour, at.toordinal()
    rest = 600.0 if h < 6 else 1900.0 if 16 <= h <= 20 else 1100.0
    loads = {
        "water_heater_power": 2000.0 if h in (5, 16) else 0.0,
        "pool_pump_power": 1100.0 if 10 <= h <= 14 else 0.0,
        "ev_power": 3700.0 if day % 2 == 0 and 17 <= h <= 19 else 0.0,
    }
    return {**loads, "grid_power": rest + sum(loads.values())}


def _this_hour() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def history_hours() -> list[datetime]:
    """Two weeks up to three hours ago: the last day partly from states in the what-if replay."""
    return [_this_hour() - timedelta(hours=h) for h in range(14 * 24, 2, -1)]


def timeline_hours() -> list[datetime]:
    """The timeline's day (24 h, plus the hour it starts in), up to the hour before this one."""
    return [_this_hour() - timedelta(hours=h) for h in range(25, 0, -1)]


STATS_PEAK_W = max(hourly_profile(at)["grid_power"] for at in history_hours())


async def _import(s: Session, entity_id: str, hours: list[datetime], means: list[float]) -> None:
    await s.ws.call(
        "recorder/import_statistics",
        metadata={
            "has_mean": True,
            "has_sum": False,
            "name": None,
            "source": "recorder",
            "statistic_id": entity_id,
            "unit_of_measurement": "W",
        },
        stats=[
            {"start": at.isoformat(), "mean": m, "min": m, "max": m}
            for at, m in zip(hours, means, strict=True)
        ],
    )


async def import_statistics(real_hass: RunningHass) -> None:
    """The meter's and loads' two weeks, and Capacity Manager's site power and limit's day."""
    hours, day = history_hours(), timeline_hours()
    async with session(real_hass.provisioned) as s:
        for key in ("grid_power", "water_heater_power", "pool_pump_power", "ev_power"):
            await _import(
                s, s.provisioned.house[key], hours, [hourly_profile(at)[key] for at in hours]
            )
        # Capacity Manager's site power reads the meter; the profile stays under the limit.
        site = s.provisioned.site
        await _import(s, site["site_power"], day, [hourly_profile(at)["grid_power"] for at in day])
        await _import(s, site["effective_limit"], day, [LIMIT_W] * len(day))
