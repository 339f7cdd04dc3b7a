"""Why a meter read failed, as exceptions that carry the config flow's error key.

The flow shows `err.error_key` (translated under `config.error.<key>`); the runtime treats every
`MeterError` as "no valid sample", so readings go stale and the engine's failsafe applies.
"""

from __future__ import annotations

from typing import ClassVar


class MeterError(Exception):
    """A meter read that produced no valid reading."""

    error_key: ClassVar[str] = "cannot_connect"


class MeterConnectionError(MeterError):
    """No connection: host unreachable, refused, dropped, or no device behind a gateway."""

    error_key = "cannot_connect"


class MeterTimeoutError(MeterError):
    """Connected, but the meter did not answer in time (slow meter, or a wrong unit id)."""

    error_key = "timeout"


class NotSunSpecError(MeterError):
    """No "SunS" marker at any known base address, or no meter model (201-204) behind it."""

    error_key = "not_sunspec"


class BadRegisterError(MeterError):
    """The meter answered, but not with a usable value.

    An exception response (illegal address or function), a short answer, or a value that cannot
    be a measurement (NaN, infinity, out of range, SunSpec "not implemented").
    """

    error_key = "bad_register"


ERROR_KEYS: tuple[str, ...] = tuple(
    cls.error_key
    for cls in (MeterConnectionError, MeterTimeoutError, NotSunSpecError, BadRegisterError)
)
