"""An IEEE 2030.5 server (CSIP-AUS dynamic operating envelopes) as a limit source.

The active DERControl's import/export limits apply for its interval; otherwise the
DefaultDERControl. While the server cannot be reached, the controls it already sent still run
for their intervals, each limit capped by the default (the last one it gave); both are
remembered across restarts, so one during an outage keeps a stricter envelope. Polls back off,
and after FAILURES_FOR_REPAIR failures in a row a repair issue says so. A malformed or missing
document is ignored and its last good version kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from . import sep2
from .sep2 import Control, Limits, Sep2Error
from .sep2_client import Sep2Client, Sep2Unreachable
from .sep2_identity import Credentials, load_credentials
from .sep2_values import (
    as_float,
    as_limit,
    as_number,
    backoff_s,
    stricter,
    utc_timestamp,
)
from .sources import LimitSource, SourceLimits

__all__ = ["KIND_SEP2", "Credentials", "Sep2Source", "load_credentials"]

KIND_SEP2: Final = "sep2"
CONF_SEP2_URL: Final = "sep2_url"

FAILURES_FOR_REPAIR = 5
STORAGE_VERSION = 1


def store_prefix(entry_id: str) -> str:
    """How the storage keys of one site's IEEE 2030.5 sources begin (the subentry id follows)."""
    return f"{DOMAIN}.sep2.{entry_id}."


def source_store(hass: HomeAssistant, entry_id: str, subentry_id: str) -> Store[dict[str, Any]]:
    """The store where one IEEE 2030.5 source remembers its defaults and controls."""
    return Store(hass, STORAGE_VERSION, store_prefix(entry_id) + subentry_id)


class Sep2Source(LimitSource):
    """Polls one IEEE 2030.5 server for this site's DER controls."""

    kind = KIND_SEP2

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, subentry: ConfigSubentry) -> None:
        super().__init__(subentry.subentry_id, subentry.title)
        self._hass = hass
        self._entry = entry
        self._data = dict(subentry.data)
        self.url = str(self._data[CONF_SEP2_URL])
        self.client: Sep2Client | None = None
        self.controls: list[Control] = []
        self.defaults: list[Limits] = []
        self.clock_offset_s = 0.0  # the server's clock minus ours: intervals are in its time
        self.poll_s: float | None = None  # the server's pollRate, once told
        self.fresh = False
        self.failures = 0
        self.last_error: str | None = None
        self._logged: set[tuple[str, str]] = set()
        self._store = source_store(hass, entry.entry_id, subentry.subentry_id)
        self._unsub: CALLBACK_TYPE | None = None
        self._stopped = False
        self.first_poll: asyncio.Task[None] | None = None
        self._job = HassJob(self._async_poll_and_plan, "sep2 poll", cancel_on_shutdown=True)

    @property
    def issue_id(self) -> str:
        """The repair issue raised while the server is unreachable."""
        return f"{self._entry.entry_id}_sep2_unreachable_{self.source_id}"

    async def async_start(self, changed: Callable[[], None]) -> None:
        """Recall the defaults and controls, read the certificate, then poll (in the background)."""
        await super().async_start(changed)
        stored: object = await self._store.async_load() or {}
        if not isinstance(stored, dict):
            LOGGER.warning("%s: stored IEEE 2030.5 state is malformed; ignored", self.name)
            stored = {}
        self.defaults = [
            Limits(as_float(d.get("import_w")), as_float(d.get("export_w")))
            for d in stored.get("defaults", [])
            if isinstance(d, dict)
        ]
        self.poll_s = as_float(stored.get("poll_s"))
        self.clock_offset_s = as_float(stored.get("clock_offset_s")) or 0.0
        self.controls = self._restore_controls(stored.get("controls", []))
        try:
            creds = await self._hass.async_add_executor_job(load_credentials, self._data)
        except Sep2Error as err:
            LOGGER.error("%s: IEEE 2030.5 source not started: %s", self.name, err)
            self.last_error = str(err)
            return
        self.client = creds.client(
            async_get_clientsession(self._hass), self.url, clock=utc_timestamp
        )
        self.first_poll = self._entry.async_create_task(
            self._hass, self._async_poll_and_plan(), "sep2 poll"
        )

    async def async_stop(self) -> None:
        """Stop polling."""
        self._stopped = True
        if self._unsub is not None:
            self._unsub()
            self._unsub = None
        ir.async_delete_issue(self._hass, DOMAIN, self.issue_id)
        await super().async_stop()

    async def _async_poll_and_plan(self, _now: datetime | None = None) -> None:
        self._unsub = None
        delay = await self.async_poll()
        if not self._stopped:
            self._unsub = async_call_later(self._hass, delay, self._job)

    async def async_poll(self) -> float:
        """Poll once; the delay until the next poll (pollRate, or the back-off)."""
        assert self.client is not None
        try:
            snap = await self.client.poll()
        except (Sep2Unreachable, Sep2Error) as err:
            self._failed(str(err))
            return backoff_s(self.failures, self.poll_s)
        for href, problem in snap.problems:
            if (href, problem) not in self._logged:
                self._logged.add((href, problem))
                LOGGER.warning(
                    "%s: %s ignored (its last good version, if any, kept): %s",
                    self.name,
                    href,
                    problem,
                )
        if self.failures:
            LOGGER.info("%s: the IEEE 2030.5 server answers again", self.name)
        # A program's default left out (e.g. HTTP 500 just after a restart) must not erase the
        # remembered set: that would leave no limit at all.
        defaults = snap.defaults if snap.defaults_complete or not self.defaults else self.defaults
        if snap.clock_offset_s is not None:
            self.clock_offset_s = snap.clock_offset_s
        if (defaults, snap.poll_s, snap.controls) != (self.defaults, self.poll_s, self.controls):
            self.defaults, self.poll_s, self.controls = defaults, snap.poll_s, snap.controls
            await self._async_save()
        self.fresh, self.failures, self.last_error = True, 0, None
        ir.async_delete_issue(self._hass, DOMAIN, self.issue_id)
        self._changed()
        return snap.poll_s

    async def _async_save(self) -> None:
        """Remember the defaults and the controls received (their intervals and limits).

        Not once stopped: a poll still in flight then must not write the file of a site or
        limit source that is being deleted.
        """
        if self._stopped:
            return
        await self._store.async_save(
            {
                "defaults": [
                    {"import_w": d.import_w, "export_w": d.export_w} for d in self.defaults
                ],
                "poll_s": self.poll_s,
                "clock_offset_s": self.clock_offset_s,
                "controls": [
                    {
                        "mrid": c.mrid,
                        "start": c.start,
                        "end": c.end,
                        "import_w": c.limits.import_w,
                        "export_w": c.limits.export_w,
                        "creation": c.creation,
                        "primacy": c.primacy,
                    }
                    for c in self.controls
                ],
            }
        )

    def _restore_controls(self, saved: Any) -> list[Control]:
        """The controls received before a restart whose interval has not ended.

        Until the server answers they apply as in an outage: never looser than the default.
        Malformed (not a list of such controls), they are all ignored.
        """
        try:
            controls = [
                Control(
                    str(c["mrid"]),
                    Limits(as_limit(c["import_w"]), as_limit(c["export_w"])),
                    as_number(c["start"]),
                    as_number(c["end"]),
                    as_number(c["creation"]),
                    int(as_number(c["primacy"])),
                )
                for c in saved
            ]
        except (TypeError, KeyError, ValueError, OverflowError) as err:
            LOGGER.warning(
                "%s: stored IEEE 2030.5 controls are malformed; ignored: %r", self.name, err
            )
            return []
        now = utc_timestamp() + self.clock_offset_s
        return [c for c in controls if c.end > now]

    def _failed(self, error: str) -> None:
        self.failures += 1
        self.last_error = error
        if self.failures == 1:
            LOGGER.warning(
                "%s: IEEE 2030.5 poll failed; controls already received run to their end, "
                "capped by the default control: %s",
                self.name,
                error,
            )
        if self.fresh:
            self.fresh = False
            self._changed()
        if self.failures == FAILURES_FOR_REPAIR:
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                self.issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="sep2_unreachable",
                translation_placeholders={"name": self.name, "url": self.url, "error": error},
            )

    def limits_at(self, now: datetime) -> SourceLimits:
        """The active control's limits, else the default; while unreachable, capped by it.

        IEEE 2030.5 clients carry out the events they have received for their scheduled
        intervals even without communication, so an envelope the utility already sent keeps
        protecting its network during an outage. But what was received may since have been
        cancelled or superseded unseen, so a stale control may only tighten: per direction the
        stricter of it and the default applies, and the default alone once it ends.
        """
        offset = self.clock_offset_s
        at = now.timestamp() + offset
        limits, edge = sep2.in_force(at, self.controls, self.defaults)
        if not self.fresh:
            default, _ = sep2.in_force(at, [], self.defaults)
            limits = Limits(
                stricter(limits.import_w, default.import_w),
                stricter(limits.export_w, default.export_w),
            )
        return SourceLimits(
            limits.import_w,
            limits.export_w,
            None if edge is None else dt_util.utc_from_timestamp(edge - offset),
        )

    def diagnostics(self) -> Mapping[str, Any]:
        """What the source knows, without secrets."""
        return {
            "url": self.url,
            "lfdi": self.client.lfdi if self.client else None,
            "sfdi": self.client.sfdi if self.client else None,
            "clock_offset_s": round(self.clock_offset_s, 1),
            "poll_s": self.poll_s,
            "fresh": self.fresh,
            "failures": self.failures,
            "last_error": self.last_error,
            "controls": len(self.controls),
            "defaults": [(d.import_w, d.export_w) for d in self.defaults],
        }
