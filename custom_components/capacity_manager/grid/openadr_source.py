"""An OpenADR 3 VTN as a limit source: polling, back-off, repairs, memory and reservations.

Limits come from the events of one program. Until the first successful poll after a start, and
after `FAILURES_FOR_REPAIR` polls in a row failed, no cached schedule is trusted: the
subscription applies (the last one the VTN gave, remembered across restarts, else the
configured default). Failed polls back off; a repair issue says the VTN is unreachable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, LOGGER
from .const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_DEFAULT_EXPORT_KW,
    CONF_DEFAULT_IMPORT_KW,
    CONF_POLL_S,
    CONF_PROGRAM,
    CONF_VEN_NAME,
    CONF_VTN_URL,
    DEFAULT_POLL_S,
    KIND_OPENADR,
    MIN_POLL_S,
)
from .events import merge
from .openadr import VtnClient, VtnError
from .reservation import Answer, Verdict, answer, build_report, report_event
from .schedule import EMPTY, IMPORT_RESERVATION, GridSchedule, envelope, subscriptions
from .sources import LimitSource, SourceLimits

FAILURES_FOR_REPAIR = 5
BACKOFF_S = (10.0, 30.0, 60.0, 120.0, 300.0)
RESERVATION_POLLS = 10  # how often we look for the VTN's answer before saying "pending"
RESERVATION_POLL_S = 3.0
STORAGE_VERSION = 1
SAVE_DELAY_S = 5.0


def store_prefix(entry_id: str) -> str:
    """How the storage keys of one site's OpenADR sources begin (the subentry id follows)."""
    return f"{DOMAIN}.openadr.{entry_id}."


def source_store(hass: HomeAssistant, entry_id: str, subentry_id: str) -> Store[dict[str, Any]]:
    """The store where one VTN source remembers its subscription across restarts."""
    return Store(hass, STORAGE_VERSION, store_prefix(entry_id) + subentry_id)


def _kw(value: object) -> float | None:
    return float(value) * 1000 if isinstance(value, int | float) and value > 0 else None


class OpenAdrSource(LimitSource):
    """Polls one VTN for one VEN and program."""

    kind = KIND_OPENADR

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry, subentry: ConfigSubentry) -> None:
        super().__init__(subentry.subentry_id, subentry.title)
        data = subentry.data
        self._hass = hass
        self._entry = entry
        self.url = str(data[CONF_VTN_URL])
        self.client = VtnClient(
            async_get_clientsession(hass),
            self.url,
            str(data[CONF_CLIENT_ID]),
            str(data[CONF_CLIENT_SECRET]),
        )
        self.ven_name = str(data[CONF_VEN_NAME])
        self.program_name = str(data[CONF_PROGRAM])
        self.poll_s = max(float(data.get(CONF_POLL_S, DEFAULT_POLL_S)), MIN_POLL_S)
        self._defaults = (
            _kw(data.get(CONF_DEFAULT_IMPORT_KW)),
            _kw(data.get(CONF_DEFAULT_EXPORT_KW)),
        )
        self._store = source_store(hass, entry.entry_id, subentry.subentry_id)
        self.schedule: GridSchedule = EMPTY
        self.fresh = False  # a successful poll since start, and not too many failures since
        self.failures = 0
        self.last_error: str | None = None
        self._subscriptions: tuple[float | None, float | None] = (None, None)
        self._program: dict[str, Any] | None = None
        self._events: list[Any] = []
        self._logged: set[tuple[str, str]] = set()
        self._unsub: CALLBACK_TYPE | None = None
        self._lock = asyncio.Lock()
        self._stopped = False
        self.first_poll: asyncio.Task[None] | None = None
        self._job = HassJob(self._async_poll_and_plan, "openadr poll", cancel_on_shutdown=True)

    @property
    def issue_id(self) -> str:
        """The repair issue raised while the VTN is unreachable."""
        return f"{self._entry.entry_id}_vtn_unreachable_{self.source_id}"

    async def async_start(self, changed: Callable[[], None]) -> None:
        """Recall the subscription, then poll at once (in the background)."""
        await super().async_start(changed)
        stored = await self._store.async_load() or {}
        self._subscriptions = (_float(stored.get("import_w")), _float(stored.get("export_w")))
        self.first_poll = self._entry.async_create_task(
            self._hass, self._async_poll_and_plan(), "openadr poll"
        )

    async def async_stop(self) -> None:
        """Stop polling."""
        self._stopped = True
        if self._unsub is not None:
            self._unsub()
            self._unsub = None
        ir.async_delete_issue(self._hass, DOMAIN, self.issue_id)
        if self._subscriptions != (None, None):
            await self._store.async_save(self._stored())  # a reload must find it
        await super().async_stop()

    def _stored(self) -> dict[str, Any]:
        return {"import_w": self._subscriptions[0], "export_w": self._subscriptions[1]}

    async def _async_poll_and_plan(self, _now: datetime | None = None) -> None:
        self._unsub = None
        ok = await self.async_poll()
        if self._stopped:
            return
        delay = self.poll_s if ok else BACKOFF_S[min(self.failures, len(BACKOFF_S)) - 1]
        self._unsub = async_call_later(self._hass, delay, self._job)

    async def async_poll(self) -> bool:
        """Fetch the program's events; True on success."""
        async with self._lock:
            try:
                program = self._program or await self._find_program()
                events = await self.client.events(str(program["id"]))
            except VtnError as err:
                self._failed(str(err))
                return False
            self._succeeded(events)
            return True

    async def _find_program(self) -> dict[str, Any]:
        program = await self.client.find_program(self.program_name)
        if program is None or not isinstance(program.get("id"), str):
            raise VtnError(f"no program named {self.program_name!r}")
        self._program = program
        return program

    def _succeeded(self, events: list[Any]) -> None:
        schedule, problems = merge(events, self.schedule, self._program, self.ven_name)
        for key, problem in problems:
            if (key, problem) not in self._logged:
                self._logged.add((key, problem))
                LOGGER.warning(
                    "%s: OpenADR event %s ignored (previous version kept): %s",
                    self.name,
                    key,
                    problem,
                )
        if self.failures:
            LOGGER.info("%s: the VTN answers again", self.name)
        self.schedule, self._events, self.fresh, self.failures = schedule, events, True, 0
        self.last_error = None
        ir.async_delete_issue(self._hass, DOMAIN, self.issue_id)
        found = subscriptions(schedule, dt_util.utcnow().timestamp())
        remembered = tuple(
            new if new is not None else old
            for new, old in zip(found, self._subscriptions, strict=True)
        )
        if remembered != self._subscriptions:
            self._subscriptions = (remembered[0], remembered[1])
            # A poll that was in flight when the source stopped writes nothing: its site may
            # be being deleted (its file removed), and a reload saved on stop already.
            if not self._stopped:
                self._store.async_delay_save(self._stored, SAVE_DELAY_S)
        self._changed()

    def _failed(self, error: str) -> None:
        self.failures += 1
        if self.failures == 1:
            LOGGER.warning("%s: OpenADR poll failed, retrying: %s", self.name, error)
        self.last_error = error
        if self.failures == FAILURES_FOR_REPAIR:
            LOGGER.error(
                "%s: VTN unreachable %d times; subscription applies", self.name, self.failures
            )
            self.fresh = False
            ir.async_create_issue(
                self._hass,
                DOMAIN,
                self.issue_id,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="vtn_unreachable",
                translation_placeholders={"name": self.name, "url": self.url, "error": error},
            )
            self._changed()

    def _schedule_now(self) -> GridSchedule:
        return self.schedule if self.fresh else EMPTY

    def limits_at(self, now: datetime) -> SourceLimits:
        """The envelope in force; the subscription (or default) when nothing fresher is known."""
        schedule, ts = self._schedule_now(), now.timestamp()
        limits = envelope(
            schedule,
            ts,
            import_fallback_w=self._subscriptions[0] or self._defaults[0],
            export_fallback_w=self._subscriptions[1] or self._defaults[1],
        )
        edge = schedule.next_change(ts)
        return SourceLimits(
            limits.import_w,
            limits.export_w,
            None if edge is None else dt_util.utc_from_timestamp(edge),
        )

    def value(self, payload_type: str, now: datetime) -> float | None:
        """A payload's value in force (available capacity, prices), from a fresh schedule."""
        return self._schedule_now().value(payload_type, now.timestamp())

    async def async_reserve(
        self, *, start: float, duration_s: float, power_w: float, max_fee: float | None, label: str
    ) -> Answer:
        """Ask the VTN for more import capacity and wait a little for its answer."""
        if self._program is None and not await self.async_poll():
            raise VtnError(self.last_error or "VTN unreachable")
        event_id = report_event(self._events)
        if self._program is None or event_id is None:
            raise VtnError("the program has no event to attach a reservation report to")
        before = frozenset(self.schedule.intervals(IMPORT_RESERVATION))
        report = build_report(
            program_id=str(self._program["id"]),
            event_id=event_id,
            ven_name=self.ven_name,
            start=start,
            duration_s=duration_s,
            power_w=power_w,
            max_fee=max_fee,
            label=label,
        )
        await self.client.send_report(report)
        result = Answer(Verdict.PENDING)
        for attempt in range(RESERVATION_POLLS):
            if attempt:
                await asyncio.sleep(RESERVATION_POLL_S)
            if await self.async_poll():
                result = answer(self.schedule, before, start, start + duration_s)
                if result.verdict is not Verdict.PENDING:
                    break
        return result

    def diagnostics(self) -> Mapping[str, Any]:
        """What the source knows, without secrets."""
        return {
            "url": self.url,
            "program": self.program_name,
            "fresh": self.fresh,
            "failures": self.failures,
            "last_error": self.last_error,
            "events": len(self.schedule.events),
            "subscriptions_w": self._subscriptions,
        }


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
