"""The household's own, uncontrollable load over one day, minute by minute (pure Python).

Two sources: a generated day (deterministic, always there) or one real day of the UCI house
in Sceaux from `../shared/data` next to the repository. From the UCI day only the kitchen and
the unmetered circuits are played (lights, fridge, cooking, heating): its laundry and water-heater
circuits are what the virtual house's own dryer and water heater stand for, so they would count
twice.
"""

from __future__ import annotations

import csv
import gzip
import random
from dataclasses import dataclass
from pathlib import Path

MINUTES_PER_DAY = 24 * 60
SEED = 8123


@dataclass(frozen=True, slots=True)
class DayProfile:
    """Base load in W for each minute of the day (1440 values) and where it came from."""

    name: str
    watts: tuple[float, ...]

    def at(self, seconds_of_day: float) -> float:
        """The base load at a time of day (each minute's value holds for that minute)."""
        return self.watts[int(seconds_of_day // 60) % MINUTES_PER_DAY]


def _between(minute: int, start: str, end: str) -> bool:
    """True when `minute` of the day falls in [start, end) given as HH:MM."""
    clock = f"{minute // 60:02d}:{minute % 60:02d}"
    return start <= clock < end


def generated_day() -> DayProfile:
    """Standby and fridge, a morning peak with a kettle, lunch, and a busy evening."""
    rng = random.Random(SEED)
    watts = []
    for minute in range(MINUTES_PER_DAY):
        power = 230.0 + (140.0 if minute % 37 < 14 else 0.0)  # standby + fridge compressor
        if _between(minute, "06:30", "08:30"):
            power += 600.0 + rng.uniform(0.0, 500.0)  # breakfast, lights, hair dryer
        if _between(minute, "07:00", "07:04") or _between(minute, "17:42", "17:45"):
            power += 2000.0  # kettle
        if _between(minute, "12:00", "13:00"):
            power += 350.0 + rng.uniform(0.0, 300.0)
        if _between(minute, "17:00", "22:30"):
            power += 800.0 + rng.uniform(0.0, 500.0)  # lights, TV, hobs
        if _between(minute, "18:15", "19:15") and minute % 6 < 4:
            power += 1800.0  # hob on a thermostat
        elif _between(minute, "22:30", "23:59"):
            power += 250.0
        watts.append(round(power + rng.uniform(-30.0, 30.0), 0))
    return DayProfile("generated day", tuple(watts))


def default_data_dir() -> Path:
    """`../shared/data` next to the repository holding this file (symlinks resolved)."""
    return Path(__file__).resolve().parents[4] / "shared" / "data"


def uci_files(data_dir: Path) -> list[Path]:
    """The UCI house-week files in a data folder, in name order (none when it is absent)."""
    return sorted(data_dir.glob("uci_sceaux_house1_week_*.csv.gz")) if data_dir.is_dir() else []


def uci_day(data_dir: Path, day: str | None = None) -> DayProfile:
    """One day (YYYY-MM-DD, default: the first day found) of the UCI house, kitchen + unmetered.

    Raises ValueError when there is no data or the day is not complete in it.
    """
    files = uci_files(data_dir)
    if not files:
        raise ValueError(f"no UCI house weeks in {data_dir}")
    for path in files:
        with gzip.open(path, "rt", newline="") as handle:
            rows = [
                row
                for row in csv.DictReader(handle)
                if day is None or row["timestamp"].startswith(day)
            ]
        if day is None:
            day = rows[0]["timestamp"][:10]
            rows = [row for row in rows if row["timestamp"].startswith(day)]
        if rows:
            if len(rows) != MINUTES_PER_DAY:
                raise ValueError(f"{day} has {len(rows)} minutes in {path.name}, not 1440")
            watts = tuple(float(row["kitchen_w"]) + float(row["unmetered_w"]) for row in rows)
            return DayProfile(f"UCI house, {day}", watts)
    raise ValueError(f"{day} is not in the UCI weeks in {data_dir}")
