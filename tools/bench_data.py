"""Benchmark scenarios from a data folder laid out like `../shared/data`.

Layout: UCI house-week files `uci_*_week_*.csv.gz` at the top (columns timestamp, grid_w,
kitchen_w, laundry_w, waterheater_ac_w, …) and `ev/` holding an EV sessions CSV
(`*sessions*.csv` or `.csv.gz`: plug_in, plug_out, energy_kwh, user_id, user_type).

Each week gives two scenarios: a limit of 75 % of that week's peak house power, and 7200 W.
Loads (priority 1 = most important, the largest number is shed first):
kitchen (interruptible, 1), laundry (deferrable, 2), water heater (deferrable, 3), EV (4);
switched loads are rated at their column's peak in that week (what a nameplate would say).

EV sessions, chosen deterministically: the one user (among `Private` users, if the file says)
with the most valid sessions — ties go to the smallest user_id. Their history is cut into
calendar weeks (Monday 00:00 to Monday 00:00) and only weeks with at least three sessions that
fit inside them (plug-out before the next Monday) are kept, in date order (if no week has three,
weeks with at least one). House week k (files in
name order, k = 0, 1, …) receives that user's k-th such week (cycling if there are fewer),
shifted by a whole number of days so that every session keeps its weekday and time of day.
Sessions that do not fit inside the house trace are dropped; so is a session overlapping the
previous one. The charger is 7.4 kW nominal: 32 A × 230 V single phase = 7.36 kW.

Charging plans: at each plug-in the driver gives `capacity_manager` a plan (engine/plan.py), the
session's plug-out as departure and its energy as what the car wants, as a driver would set a
departure time and a charge target in an app. The baselines ignore plans (the oracle knows both
anyway); `capacity_manager_no_plan` is the same home whose driver never sets one.

Timing: the controllers see one sample per trace minute (the UCI resolution; the trace changes
only at those instants) and their actions take effect 10 s later (detection + actuation).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from custom_components.capacity_manager.engine.models import LoadConfig, LoadKind
from custom_components.capacity_manager.engine.scenario import EvSession, LoadBehaviour, Scenario

from .assemble import build_scenario
from .ev_sessions import EvFile, EvRecord, read_ev_sessions
from .inputs import HouseData, read_house, to_seconds
from .loads_file import EvEntry, SwitchedEntry

UCI_GLOB = "uci_*_week_*.csv.gz"
EV_GLOBS = ("*sessions*.csv", "*sessions*.csv.gz")
PEAK_FRACTION = 0.75
FIXED_LIMIT_W = 7200.0
CHARGER_KW = 7.4
#: (column, name, behaviour, priority)
SWITCHED = (
    ("kitchen_w", "Kitchen", LoadBehaviour.INTERRUPTIBLE, 1),
    ("laundry_w", "Laundry", LoadBehaviour.DEFERRABLE, 2),
    ("waterheater_ac_w", "Water heater", LoadBehaviour.DEFERRABLE, 3),
)
EV_PRIORITY = 4
LATENCY_S = 10.0  # detection + actuation, as a Home Assistant round trip to a charger
SAMPLE_INTERVAL_S: float | None = None  # None: once per trace sample (1 min for UCI weeks)
MIN_WEEK_SESSIONS = 3  # a week where the car is barely used says little about sharing


def uci_weeks(data_dir: Path) -> list[Path]:
    """The UCI week files, in name (= date) order."""
    return sorted(data_dir.glob(UCI_GLOB))


def ev_file(data_dir: Path) -> Path | None:
    """The EV sessions CSV inside `ev/`, if any (first in name order)."""
    found = sorted(p for pattern in EV_GLOBS for p in (data_dir / "ev").glob(pattern))
    return found[0] if found else None


def pick_user(ev: EvFile) -> str | None:
    """The Private user with the most valid sessions (ties: smallest id)."""
    records = ev.records
    if any(r.user_type for r in records):
        records = [r for r in records if r.user_type == "Private"]
    counts = Counter(r.user_id for r in records)
    if not counts:
        return None
    return min(counts, key=lambda user: (-counts[user], user))


def _monday(moment: datetime) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    return day - timedelta(days=day.weekday())


def user_weeks(ev: EvFile, user: str) -> list[tuple[datetime, list[EvRecord]]]:
    """The user's busy calendar weeks (Monday start) with the sessions fitting inside each."""
    weeks: dict[datetime, list[EvRecord]] = {}
    for record in sorted(ev.records, key=lambda r: to_seconds(r.plug_in)):
        if record.user_id != user:
            continue
        monday = _monday(record.plug_in)
        if record.plug_out.replace(tzinfo=None) <= monday + timedelta(days=7):
            weeks.setdefault(monday, []).append(record)
    busy = [week for week in sorted(weeks.items()) if len(week[1]) >= MIN_WEEK_SESSIONS]
    return busy or sorted(weeks.items())


@dataclass(frozen=True, kw_only=True, slots=True)
class Overlay:
    """The EV sessions laid over one house week, and where they came from."""

    sessions: list[EvSession]
    source_week: datetime | None
    dropped: int  # sessions of the source week that did not fit the trace or overlapped


def overlay(house: HouseData, week: tuple[datetime, list[EvRecord]] | None) -> Overlay:
    """Shift one user week onto the house trace (same weekday and time of day)."""
    if week is None:
        return Overlay(sessions=[], source_week=None, dropped=0)
    source_monday, records = week
    shift = _monday(house.times[0]) - source_monday  # whole days
    start, end = house.timestamps_s[0], house.timestamps_s[-1] + house.interval_s
    sessions: list[EvSession] = []
    for record in records:
        plug_in = to_seconds(record.plug_in.replace(tzinfo=None) + shift)
        plug_out = to_seconds(record.plug_out.replace(tzinfo=None) + shift)
        fits = start <= plug_in and plug_out <= end
        if fits and (not sessions or plug_in >= sessions[-1].plug_out_s):
            sessions.append(
                EvSession(
                    plug_in_s=plug_in, plug_out_s=plug_out, energy_wh=record.energy_kwh * 1000
                )
            )
    return Overlay(
        sessions=sessions, source_week=source_monday, dropped=len(records) - len(sessions)
    )


def switched_loads(house: HouseData) -> list[SwitchedEntry]:
    """Kitchen, laundry and water heater as switched loads rated at their peak."""
    return [
        SwitchedEntry(
            config=LoadConfig(
                load_id=column.removesuffix("_w"),
                name=name,
                kind=LoadKind.SWITCHED,
                priority=priority,
                rated_power_w=max(house.columns[column]),
            ),
            column=column,
            behaviour=behaviour,
            line=0,
        )
        for column, name, behaviour, priority in SWITCHED
    ]


def week_scenarios(house: HouseData, ev: Overlay) -> list[Scenario]:
    """The 75 %-of-peak and the 7200 W scenario of one house week."""
    charger = EvEntry(load_id="ev", name="EV", priority=EV_PRIORITY, line=0, charger_kw=CHARGER_KW)
    evs = [(charger.config(CHARGER_KW), ev.sessions)] if ev.sessions else []
    stem = house.path.name.removesuffix(".csv.gz")
    peak = max(house.total_w)
    return [
        build_scenario(
            name=f"{stem} @ {label}",
            house=house,
            switched=switched_loads(house),
            evs=evs,
            limit_w=limit,
            latency_s=LATENCY_S,
            sample_interval_s=SAMPLE_INTERVAL_S,
            ev_plans=True,
        )
        for label, limit in (
            ("75% of peak", round(PEAK_FRACTION * peak)),
            (f"{FIXED_LIMIT_W:.0f} W", FIXED_LIMIT_W),
        )
    ]


def read_week(path: Path) -> HouseData:
    """One UCI week with its three sub-metered columns."""
    return read_house(path, columns=[column for column, *_ in SWITCHED])


def load_ev(data_dir: Path) -> tuple[EvFile | None, str | None, list[str]]:
    """The EV file, the chosen user and messages for the user (skipped rows, absences)."""
    path = ev_file(data_dir)
    if path is None:
        return None, None, [f"no EV sessions CSV in {data_dir / 'ev'}: weeks run without an EV"]
    ev = read_ev_sessions(path)
    messages = ev.skipped_messages()
    user = pick_user(ev)
    if user is None:
        messages.append(f"{path}: no usable session: weeks run without an EV")
    return ev, user, messages


def scenarios(
    weeks: Sequence[Path], ev: EvFile | None, user: str | None
) -> list[tuple[Scenario, Overlay]]:
    """Every benchmark scenario with its EV overlay, in file order (75 % of peak, then 7200 W)."""
    chosen = user_weeks(ev, user) if ev is not None and user is not None else []
    out: list[tuple[Scenario, Overlay]] = []
    for k, path in enumerate(weeks):
        house = read_week(path)
        laid = overlay(house, chosen[k % len(chosen)] if chosen else None)
        out.extend((scenario, laid) for scenario in week_scenarios(house, laid))
    return out
