"""pymodbus's own warnings and errors about our meters' connections become debug lines of ours.

pymodbus logs a warning on every failed connection attempt (so once per backoff step while a
meter is away) and errors for requests it gives up on. The reader already logs one line per
outage and one on recovery (client.py), so such a record, made while one of our meters does I/O
(or later, in the callbacks of a connection that meter opened: asyncio copies the context into
them), is logged again at DEBUG under our logger, naming the meter. pymodbus's debug records
pass unchanged; records about anything else in the process (Home Assistant's modbus
integration, the tests' server) are left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

_LOGGER = logging.getLogger(__package__)
PYMODBUS_LOGGER: Final = "pymodbus.logging"  # pymodbus's single logger, 3.8 to 3.16 at least

_meter: ContextVar[str | None] = ContextVar("capacity_manager_modbus_meter", default=None)


class _OurMetersToDebug(logging.Filter):
    """Re-log a record above DEBUG made for one of our meters at DEBUG under our logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        label = _meter.get()
        if label is None or record.levelno <= logging.DEBUG:
            return True  # not ours, or pymodbus's own debug output that someone asked for
        _LOGGER.debug("pymodbus, meter %s: %s", label, record.getMessage())
        return False


_FILTER: Final = _OurMetersToDebug()


def install_log_filter() -> None:
    """Attach the filter to pymodbus's logger (once; idempotent)."""
    logger = logging.getLogger(PYMODBUS_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


@contextmanager
def io_of(label: str) -> Iterator[None]:
    """Mark what runs inside (and connections opened inside) as I/O of the meter `label`."""
    token = _meter.set(label)
    try:
        yield
    finally:
        _meter.reset(token)
