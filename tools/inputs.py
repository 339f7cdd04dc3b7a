"""Parse and validate replay inputs: the house CSV and the limit option (EV CSV: ev_sessions).

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
