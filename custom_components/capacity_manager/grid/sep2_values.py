"""IEEE 2030.5 polling values: the retry back-off and reading stored numbers and limits.

Apart from the source (sep2_source.py), which polls the server and remembers what it sent.
"""

from __future__ import annotations

from homeassistant.util import dt as dt_util

BACKOFF_S = (10.0, 30.0, 60.0, 120.0, 300.0)  # then doubling, up to max(300 s, pollRate)


def backoff_s(failures: int, poll_s: float | None) -> float:
    """The wait before the next try after `failures` (≥ 1) failed polls in a row.

    Quick at first (a blip passes), then doubling, up to the server's pollRate when that is
    longer than BACKOFF_S's last step: a server that asks to be polled every 15 minutes is not
    polled more often because it is in trouble.
    """
    steps = len(BACKOFF_S)
    if failures <= steps:
        delay = BACKOFF_S[max(failures, 1) - 1]
    else:  # the exponent is bounded only so a long outage cannot overflow the float
        delay = BACKOFF_S[-1] * 2.0 ** min(failures - steps, 32)
    return min(delay, max(BACKOFF_S[-1], poll_s or 0.0))


def stricter(a: float | None, b: float | None) -> float | None:
    """The lower of two limits (None: no limit)."""
    return b if a is None else a if b is None else min(a, b)


def as_float(value: object) -> float | None:
    """A stored int or float (not a bool) as a float, else None."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def as_number(value: object) -> float:
    """A stored number, or ValueError (a malformed store)."""
    if (number := as_float(value)) is None:
        raise ValueError(f"not a number: {value!r}")
    return number


def as_limit(value: object) -> float | None:
    """A stored limit: None (no limit) or a number."""
    return None if value is None else as_number(value)


def utc_timestamp() -> float:
    """Now, as a POSIX timestamp."""
    return dt_util.utcnow().timestamp()
