"""Parse and validate replay input files: house CSV, EV session CSV and the limit option.

Every problem becomes one `InputError` naming the file, the line and the column, so the command
line can print a single clear message and exit with status 2 instead of a traceback.

Timestamps are ISO 8601 (`2007-01-01T00:00:00`, optionally with an offset) or Unix seconds.
Timestamps without an offset are read as a fixed clock (as if UTC): no DST jumps are applied.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import itertools
import math
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

TIMESTAMP = "timestamp"
EV_COLUMNS = ("plug_in", "plug_out", "energy_kwh")
DEFAULT_VOLTAGE_V = 230.0


class InputError(Exception):
    """Bad input, located as precisely as possible: file, line (1-based) and column."""

    def __init__(
        self,
        source: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.source = str(source)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.source]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}"


@contextlib.contextmanager
def open_text(path: Path) -> Iterator[IO[str]]:
    """Open a text file, transparently un-gzipping `*.gz`; I/O errors become `InputError`."""
    try:
        if path.suffix == ".gz":
            handle: IO[str] = gzip.open(path, "rt", encoding="utf-8-sig", newline="")  # noqa: SIM115
        else:
            handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as err:
        raise InputError(path, f"cannot open: {err.strerror or err}") from None
    try:
        with handle:
            yield handle
    except (OSError, EOFError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, f"cannot read: {err}") from None


def parse_time(text: str) -> datetime:
    """A naive-or-aware datetime from ISO 8601 or Unix seconds; ValueError when neither."""
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        return datetime.fromisoformat(text)
    if not math.isfinite(seconds):
        raise ValueError(text)
    return datetime.fromtimestamp(seconds, UTC)


def to_seconds(moment: datetime) -> float:
    """Seconds since the Unix epoch; a naive time is read as a fixed (UTC-like) clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def parse_number(text: str) -> float:
    """A finite float; ValueError for empty, non-numeric, NaN or infinite text."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def read_header(path: Path) -> list[str]:
    """The column names of a CSV file (first line), stripped."""
    with open_text(path) as handle:
        row = next(csv.reader(handle), None)
    if not row:
        raise InputError(path, "the file is empty (expected a header line)", line=1)
    header = [name.strip() for name in row]
    seen: set[str] = set()
    for name in header:
        if not name:
            raise InputError(path, "a column has no name in the header", line=1)
        if name in seen:
            raise InputError(
                path, "this column name appears twice in the header", line=1, column=name
            )
        seen.add(name)
    return header


def require_columns(path: Path, header: Sequence[str], wanted: Sequence[str], what: str) -> None:
    """Raise a clear error naming the first column of `wanted` that `header` lacks."""
    for name in wanted:
        if name not in header:
            raise InputError(
                path,
                f"no {what} column {name!r} in the header (columns: {', '.join(header)})",
                line=1,
                column=name,
            )


@dataclass(frozen=True, kw_only=True, slots=True)
class HouseData:
    """A parsed house CSV: times (s), the whole-house column and the requested sub-meters."""

    path: Path
    times: list[datetime]
    timestamps_s: list[float]
    interval_s: float
    total_column: str
    total_w: list[float]
    columns: dict[str, list[float]] = field(default_factory=dict)


def read_house(
    path: Path, *, total_column: str = "grid_w", columns: Sequence[str] = ()
) -> HouseData:
    """Read `timestamp`, `total_column` and the sub-metered `columns` (which must be ≥ 0).

    Timestamps must be strictly increasing; every value a finite number. Other columns of the
    file are ignored.
    """
    header = read_header(path)
    require_columns(path, header, [TIMESTAMP], "time")
    require_columns(path, header, [total_column], "whole-house power")
    require_columns(path, header, list(columns), "sub-metered")
    wanted = [total_column, *(c for c in columns if c != total_column)]
    index = {name: header.index(name) for name in [TIMESTAMP, *wanted]}
    times: list[datetime] = []
    seconds: list[float] = []
    values: dict[str, list[float]] = {name: [] for name in wanted}
    with open_text(path) as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            if len(row) != len(header):
                raise InputError(
                    path, f"{len(row)} fields where the header has {len(header)}", line=line
                )
            cell = row[index[TIMESTAMP]]
            try:
                moment = parse_time(cell)
            except ValueError:
                raise InputError(
                    path,
                    f"{cell!r} is not an ISO 8601 time or Unix seconds",
                    line=line,
                    column=TIMESTAMP,
                ) from None
            second = to_seconds(moment)
            if seconds and second <= seconds[-1]:
                kind = "duplicate" if second == seconds[-1] else "earlier than the previous line"
                raise InputError(
                    path,
                    f"timestamp {cell.strip()} is {kind} (timestamps must increase)",
                    line=line,
                    column=TIMESTAMP,
                )
            times.append(moment)
            seconds.append(second)
            for name in wanted:
                cell = row[index[name]]
                try:
                    value = parse_number(cell)
                except ValueError:
                    raise InputError(
                        path, f"{cell!r} is not a finite number (W)", line=line, column=name
                    ) from None
                if value < 0 and name != total_column:
                    raise InputError(
                        path,
                        f"negative power {value:g} W in a sub-metered column",
                        line=line,
                        column=name,
                    )
                values[name].append(value)
    if not seconds:
        raise InputError(path, "no data rows after the header", line=2)
    return HouseData(
        path=path,
        times=times,
        timestamps_s=seconds,
        interval_s=_interval(seconds),
        total_column=total_column,
        total_w=values[total_column],
        columns={name: values[name] for name in columns},
    )


def _interval(seconds: Sequence[float]) -> float:
    """The nominal sample spacing: the median gap (one sample: one minute)."""
    if len(seconds) < 2:
        return 60.0
    return float(statistics.median(b - a for a, b in itertools.pairwise(seconds)))


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


_WATTS = re.compile(r"^(?P<value>[0-9.eE+-]+)\s*(?P<unit>w|kw)?$", re.IGNORECASE)
_AMPS = re.compile(
    r"^(?P<amps>[0-9.]+)\s*a"
    r"(?:\s*[x×*@]\s*(?P<volts>[0-9.]+)\s*v)?"
    r"(?:\s*[x×*]\s*(?P<phases>[0-9]+)\s*(?:ph|phases?)?)?$",
    re.IGNORECASE,
)


def parse_limit(text: str, *, option: str = "--limit") -> float:
    """A power limit in W from `7200`, `7200W`, `7.2kW`, `32A`, `30Ax240V` or `16Ax230Vx3`.

    Currents are multiplied by the voltage (phase-to-neutral, default 230 V) and the number of
    phases (default 1). The result must be a positive, finite number.
    """
    cleaned = text.strip().replace(" ", "")
    watts: float | None = None
    if match := _WATTS.match(cleaned):
        with contextlib.suppress(ValueError):
            watts = float(match["value"]) * (1000.0 if (match["unit"] or "").lower() == "kw" else 1)
    elif match := _AMPS.match(cleaned):
        with contextlib.suppress(ValueError):
            volts = float(match["volts"]) if match["volts"] else DEFAULT_VOLTAGE_V
            phases = int(match["phases"]) if match["phases"] else 1
            watts = float(match["amps"]) * volts * phases
    if watts is None or not math.isfinite(watts):
        raise InputError(
            option,
            f"{text!r} is not a power limit: give watts (7200, 7.2kW) or amps × volts × phases "
            "(32A, 30Ax240V, 16Ax230Vx3)",
        )
    if watts <= 0:
        raise InputError(option, f"the limit must be positive, got {watts:g} W")
    return watts
