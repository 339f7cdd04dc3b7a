"""Config subentry flow of a limit source: an entity, a weekly schedule, an OpenADR VTN or a tariff.

The first step is a menu of kinds; each kind has one form (limit_source_schema.py).
Reconfiguring keeps the kind. An OpenADR VTN is checked before it is saved (token, then the
program by name); plain HTTP is only accepted on this machine, so credentials never travel
unencrypted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigSubentryFlow, SubentryFlowResult
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from yarl import URL

from .const import CONF_NAME
from .grid import sep2_flow
from .grid.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_DAYS,
    CONF_DIRECTION,
    CONF_EXPORT_KW,
    CONF_IMPORT_KW,
    CONF_LIMIT_ENTITY,
    CONF_PROGRAM,
    CONF_SOURCE_KIND,
    CONF_VEN_NAME,
    CONF_VTN_URL,
    CONF_WINDOW_LIMIT_KW,
    DIRECTION_IMPORT,
    KIND_ENTITY,
    KIND_OPENADR,
    KIND_SCHEDULE,
    KIND_TARIFF,
    SOURCE_KINDS,
    SUBENTRY_LIMIT_SOURCE,
)
from .grid.openadr import VtnAuthError, VtnClient, VtnError
from .grid.sep2_source import CONF_SEP2_URL, KIND_SEP2, Credentials
from .grid.tariff import tariff_window
from .grid.weekly import WeeklyRule
from .limit_source_schema import limit_source_schema

ERROR_LIMIT_REQUIRED = "limit_required"
ERROR_HTTPS_REQUIRED = "https_required"
ERROR_CANNOT_CONNECT = "cannot_connect"
ERROR_INVALID_AUTH = "invalid_auth"
ERROR_PROGRAM_NOT_FOUND = "program_not_found"
ERROR_UNIT = "unsupported_unit"
ERROR_NOT_FOUND = "entity_not_found"
ERROR_DAY_REQUIRED = "day_required"
ERROR_INVALID_SCHEDULE = "invalid_schedule"
ERROR_TARIFF_LIMIT = "tariff_limit_positive"
_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_POWER_UNITS = ("W", "kW", "MW")


def limit_source_unique_id(kind: str, data: Mapping[str, Any]) -> str | None:
    """The subentry's unique id: one source per entity and direction, VTN program, server."""
    if kind == KIND_ENTITY:
        return f"{kind}_{data[CONF_LIMIT_ENTITY]}_{data.get(CONF_DIRECTION, DIRECTION_IMPORT)}"
    if kind == KIND_OPENADR:
        return f"{kind}_{data[CONF_VTN_URL]}_{data[CONF_VEN_NAME]}_{data[CONF_PROGRAM]}"
    if kind == KIND_TARIFF:
        return kind  # one capacity tariff per site
    if kind == KIND_SEP2:
        return sep2_flow.unique_id(data)
    return None


@dataclass(frozen=True, slots=True)
class _Draft:
    """The form's data as the subentry it would become, for the runtime's own checks."""

    data: Mapping[str, Any]
    subentry_type: str = SUBENTRY_LIMIT_SOURCE


def _schedule_errors(data: Mapping[str, Any]) -> dict[str, str]:
    """Refuse a schedule the runtime would skip: it is built as the runtime builds it."""
    if data.get(CONF_IMPORT_KW) is None and data.get(CONF_EXPORT_KW) is None:
        return {"base": ERROR_LIMIT_REQUIRED}
    if not data.get(CONF_DAYS):
        return {CONF_DAYS: ERROR_DAY_REQUIRED}
    try:
        WeeklyRule.from_data(data)
    except ValueError:
        return {"base": ERROR_INVALID_SCHEDULE}
    return {}


class LimitSourceSubentryFlow(ConfigSubentryFlow):
    """Add or reconfigure one source of grid limits."""

    _sep2: Credentials | None = None  # read from the IEEE 2030.5 form
    _pending: tuple[str, dict[str, Any], str | None] | None = None  # title, data, unique id

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """Pick the kind of source."""
        return self.async_show_menu(step_id="user", menu_options=[*SOURCE_KINDS, KIND_SEP2])

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """The form of the source's kind, prefilled."""
        return await self._async_step(self._get_reconfigure_subentry().data[CONF_SOURCE_KIND], None)

    async def async_step_entity(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """A number, input_number or sensor holds the limit."""
        return await self._async_step(KIND_ENTITY, user_input)

    async def async_step_schedule(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Limits on some weekdays between two times."""
        return await self._async_step(KIND_SCHEDULE, user_input)

    async def async_step_openadr(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """An OpenADR 3 VTN."""
        return await self._async_step(KIND_OPENADR, user_input)

    async def async_step_sep2(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """An IEEE 2030.5 (CSIP-AUS) server."""
        return await self._async_step(KIND_SEP2, user_input)

    async def async_step_sep2_identity(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Show the site's LFDI and SFDI; saving confirms them."""
        assert self._pending is not None  # set by the sep2 step just before
        if user_input is None:
            return self.async_show_form(
                step_id="sep2_identity", description_placeholders=self._identity()
            )
        return self._save(*self._pending)

    def _identity(self) -> dict[str, str]:
        if (creds := self._sep2) is not None:
            return {"lfdi": creds.lfdi, "sfdi": str(creds.sfdi)}
        # Reconfiguring: the identity saved with the source until a certificate is read.
        saved = self._get_reconfigure_subentry().data if self.source == SOURCE_RECONFIGURE else {}
        return {"lfdi": str(saved.get("lfdi", "—")), "sfdi": str(saved.get("sfdi", "—"))}

    def _save(self, title: str, data: dict[str, Any], unique_id: str | None) -> SubentryFlowResult:
        entry = self._get_entry()
        if self.source != SOURCE_RECONFIGURE:
            return self.async_create_entry(title=title, data=data, unique_id=unique_id)
        subentry = self._get_reconfigure_subentry()
        return self.async_update_and_abort(
            entry, subentry, title=title, data=data, unique_id=unique_id
        )

    async def async_step_tariff(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """A capacity tariff: the average over each window stays below a limit."""
        return await self._async_step(KIND_TARIFF, user_input)

    async def _async_step(self, kind: str, user_input: dict[str, Any] | None) -> SubentryFlowResult:
        entry = self._get_entry()
        subentry = self._get_reconfigure_subentry() if self.source == SOURCE_RECONFIGURE else None
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {
                CONF_SOURCE_KIND: kind,
                **{k: v for k, v in user_input.items() if k != CONF_NAME},
            }
            errors = await self._errors(kind, data)
            if kind == KIND_SEP2 and self._sep2 is not None:
                data.update(lfdi=self._sep2.lfdi, sfdi=self._sep2.sfdi)
            unique_id = limit_source_unique_id(kind, data)
            if (
                not errors
                and unique_id is not None
                and any(
                    s.unique_id == unique_id and s is not subentry
                    for s in entry.subentries.values()
                    if s.subentry_type == SUBENTRY_LIMIT_SOURCE
                )
            ):
                return self.async_abort(reason="already_configured")
            if not errors:
                title = str(user_input[CONF_NAME]).strip() or kind
                if kind == KIND_SEP2:
                    self._pending = (title, data, unique_id)
                    return await self.async_step_sep2_identity()
                return self._save(title, data, unique_id)
        suggested: Mapping[str, Any] = user_input or (
            {CONF_NAME: subentry.title, **subentry.data} if subentry else {}
        )
        return self.async_show_form(
            step_id=kind,
            data_schema=self.add_suggested_values_to_schema(limit_source_schema(kind), suggested),
            errors=errors,
            description_placeholders=self._identity() if kind == KIND_SEP2 else None,
        )

    async def _errors(self, kind: str, data: Mapping[str, Any]) -> dict[str, str]:
        if kind == KIND_SCHEDULE:
            return _schedule_errors(data)
        if kind == KIND_TARIFF and tariff_window([_Draft(data)]) is None:
            # The runtime ignores a tariff it cannot use (a limit of 0 kW) without a word.
            return {CONF_WINDOW_LIMIT_KW: ERROR_TARIFF_LIMIT}
        if kind == KIND_ENTITY:
            state = self.hass.states.get(data[CONF_LIMIT_ENTITY])
            if state is None:
                return {CONF_LIMIT_ENTITY: ERROR_NOT_FOUND}
            unit = state.attributes.get("unit_of_measurement")
            if unit is not None and unit not in _POWER_UNITS:
                return {CONF_LIMIT_ENTITY: ERROR_UNIT}
        if kind == KIND_OPENADR:
            return await self._vtn_errors(data)
        if kind == KIND_SEP2:
            url = URL(str(data[CONF_SEP2_URL]))
            if url.scheme != "https" and not (url.scheme == "http" and url.host in _LOOPBACK):
                return {CONF_SEP2_URL: ERROR_HTTPS_REQUIRED}
            errors, self._sep2 = await sep2_flow.async_check(self.hass, data)
            return errors
        return {}

    async def _vtn_errors(self, data: Mapping[str, Any]) -> dict[str, str]:
        url = URL(str(data[CONF_VTN_URL]))
        if url.scheme != "https" and not (url.scheme == "http" and url.host in _LOOPBACK):
            return {CONF_VTN_URL: ERROR_HTTPS_REQUIRED}
        client = VtnClient(
            async_get_clientsession(self.hass),
            str(url),
            str(data[CONF_CLIENT_ID]),
            str(data[CONF_CLIENT_SECRET]),
        )
        try:
            program = await client.find_program(str(data[CONF_PROGRAM]))
        except VtnAuthError:
            return {"base": ERROR_INVALID_AUTH}
        except VtnError:
            return {"base": ERROR_CANNOT_CONNECT}
        return {} if program is not None else {CONF_PROGRAM: ERROR_PROGRAM_NOT_FOUND}
