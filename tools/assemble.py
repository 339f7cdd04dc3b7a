"""Assemble an engine `Scenario` from parsed inputs (no control logic: only wiring and checks).

Checks that need two files at once live here: a load's column must exist in the house CSV, and
one charger's sessions must not overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from custom_components.capacity_manager.engine.models import LimitConfig, LoadConfig, SiteConfig
from custom_components.capacity_manager.engine.scenario import (
    EvSession,
    EvSpec,
    HouseTrace,
    Scenario,
    SwitchedLoadSpec,
)

from .ev_sessions import EvRecord
from .inputs import HouseData, InputError, to_seconds
from .loads_file import SwitchedEntry


def check_columns(
    loads_path: Path, entries: Sequence[SwitchedEntry], house_path: Path, header: Sequence[str]
) -> None:
    """Every switched load's column must be a column of the house CSV."""
    for entry in entries:
        if entry.column not in header:
            raise InputError(
                loads_path,
                f"load {entry.config.name!r}: no column {entry.column!r} in {house_path} "
                f"(columns: {', '.join(header)})",
                line=entry.line,
                column=entry.column,
            )


def sessions_from_records(path: Path, records: Sequence[EvRecord]) -> list[EvSession]:
    """Engine sessions (Wh) from CSV rows; overlapping rows are an error naming both lines."""
    ordered = sorted(records, key=lambda r: to_seconds(r.plug_in))
    sessions: list[EvSession] = []
    previous: EvRecord | None = None
    for record in ordered:
        start, end = to_seconds(record.plug_in), to_seconds(record.plug_out)
        if previous is not None and start < to_seconds(previous.plug_out):
            raise InputError(
                path,
                f"session plugs in before the session of line {previous.line} plugs out: one "
                "charger cannot hold two cars (choose one user with --ev-user)",
                line=record.line,
                column="plug_in",
            )
        sessions.append(
            EvSession(plug_in_s=start, plug_out_s=end, energy_wh=record.energy_kwh * 1000.0)
        )
        previous = record
    return sessions


def build_scenario(
    *,
    name: str,
    house: HouseData,
    switched: Sequence[SwitchedEntry],
    evs: Sequence[tuple[LoadConfig, Sequence[EvSession]]],
    limit_w: float,
    latency_s: float | None = None,
    sample_interval_s: float | None = None,
    voltage_v: float = 230.0,
    source: Path | None = None,
    ev_plans: bool = False,
) -> Scenario:
    """The scenario the simulator replays; engine validation errors are re-raised as input errors."""
    try:
        trace = HouseTrace(
            timestamps_s=house.timestamps_s,
            interval_s=house.interval_s,
            total_w=house.total_w,
            columns={e.column: house.columns[e.column] for e in switched},
        )
        site = SiteConfig(limits=LimitConfig(panel_limit_w=limit_w), voltage_v=voltage_v)
        options: dict[str, float] = {}
        if latency_s is not None:
            options["latency_s"] = latency_s
        return Scenario(
            name=name,
            trace=trace,
            site=site,
            switched=[
                SwitchedLoadSpec(config=e.config, column=e.column, behaviour=e.behaviour)
                for e in switched
            ],
            evs=[
                EvSpec(config=config, sessions=sessions, plans=ev_plans) for config, sessions in evs
            ],
            sample_interval_s=sample_interval_s,
            **options,
        )
    except ValueError as err:
        raise InputError(source or house.path, f"cannot build the scenario: {err}") from None
