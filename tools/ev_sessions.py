"""Parse and validate an EV sessions CSV (plug_in, plug_out, energy_kwh[, user_id, user_type]).

Rows whose plug-out is missing or not after the plug-in are skipped and counted (the real
Norwegian data holds some); any other bad cell is an `InputError` naming file, line and column.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .inputs import (
    InputError,
    open_text,
    parse_number,
    parse_time,
    read_header,
    require_columns,
    to_seconds,
)

EV_COLUMNS = ("plug_in", "plug_out", "energy_kwh")


@dataclass(frozen=True, kw_only=True, slots=True)
class EvRecord:
    """One valid row of an EV session CSV."""

    line: int
    plug_in: datetime
    plug_out: datetime
    energy_kwh: float
    user_id: str = ""
    user_type: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class EvFile:
    """Valid sessions of an EV CSV plus the lines skipped, by cause."""

    path: Path
    records: list[EvRecord]
    not_after: list[int] = field(default_factory=list)  # plug-out ≤ plug-in
    no_plug_out: list[int] = field(default_factory=list)  # session still running at export

    def skipped_messages(self) -> list[str]:
        """One human-readable line per cause of skipping, with counts and line numbers."""
        out = []
        for lines, why in (
            (self.not_after, "with plug-out not after plug-in"),
            (self.no_plug_out, "without a plug-out time"),
        ):
            if lines:
                shown = ", ".join(str(n) for n in lines[:10]) + (", …" if len(lines) > 10 else "")
                count = f"{len(lines)} session{'s' if len(lines) != 1 else ''}"
                out.append(
                    f"{self.path}: skipped {count} {why} (line{'s' if len(lines) != 1 else ''} {shown})"
                )
        return out


def read_ev_sessions(path: Path, *, user: str | None = None) -> EvFile:
    """Read `plug_in, plug_out, energy_kwh` (optional `user_id`, `user_type`) rows.

    Rows whose plug-out is missing or not after the plug-in are skipped and counted (the real
    Norwegian data holds some); any other bad cell is an `InputError`. `user` keeps one user_id.
    """
    header = read_header(path)
    require_columns(path, header, EV_COLUMNS, "EV session")
    if user is not None:
        require_columns(path, header, ["user_id"], "user")
    index = {name: header.index(name) for name in header}
    result = EvFile(path=path, records=[])
    with open_text(path) as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != len(header):
                raise InputError(
                    path, f"{len(row)} fields where the header has {len(header)}", line=line
                )
            user_id = row[index["user_id"]].strip() if "user_id" in index else ""
            if user is not None and user_id != user:
                continue
            plug_in = _ev_time(path, line, "plug_in", row[index["plug_in"]])
            if not row[index["plug_out"]].strip():
                result.no_plug_out.append(line)
                continue
            plug_out = _ev_time(path, line, "plug_out", row[index["plug_out"]])
            cell = row[index["energy_kwh"]]
            try:
                energy = parse_number(cell)
            except ValueError:
                raise InputError(
                    path, f"{cell!r} is not a finite number (kWh)", line=line, column="energy_kwh"
                ) from None
            if energy < 0:
                raise InputError(
                    path, f"negative energy {energy:g} kWh", line=line, column="energy_kwh"
                )
            if to_seconds(plug_out) <= to_seconds(plug_in):
                result.not_after.append(line)
                continue
            user_type = row[index["user_type"]].strip() if "user_type" in index else ""
            result.records.append(
                EvRecord(
                    line=line,
                    plug_in=plug_in,
                    plug_out=plug_out,
                    energy_kwh=energy,
                    user_id=user_id,
                    user_type=user_type,
                )
            )
    if user is not None and not (result.records or result.not_after or result.no_plug_out):
        raise InputError(path, f"no session of user {user!r}", column="user_id")
    return result


def _ev_time(path: Path, line: int, column: str, cell: str) -> datetime:
    try:
        return parse_time(cell)
    except ValueError:
        raise InputError(
            path, f"{cell!r} is not an ISO 8601 time or Unix seconds", line=line, column=column
        ) from None
