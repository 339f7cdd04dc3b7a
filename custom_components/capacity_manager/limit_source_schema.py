"""Forms of the limit-source subentry, one per kind of source.

Apart from the flow because the forms are declarations (fields, selectors, defaults) while the
flow is behaviour: which step comes next, what is checked against the network before saving.
"""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.helpers.selector import (
    EntitySelector,
    EntitySelectorConfig,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
    TimeSelector,
)

from .const import CONF_NAME
from .flow_schemas import number, select
from .grid import sep2_flow
from .grid.const import (
    CONF_CLIENT_ID,
    CONF_CLIENT_SECRET,
    CONF_DAYS,
    CONF_DEFAULT_EXPORT_KW,
    CONF_DEFAULT_IMPORT_KW,
    CONF_DIRECTION,
    CONF_END,
    CONF_ENTITY_UNIT,
    CONF_EXPORT_KW,
    CONF_IMPORT_KW,
    CONF_LIMIT_ENTITY,
    CONF_POLL_S,
    CONF_PROGRAM,
    CONF_START,
    CONF_VEN_NAME,
    CONF_VTN_URL,
    CONF_WINDOW_LIMIT_KW,
    CONF_WINDOW_MIN,
    DEFAULT_POLL_S,
    DEFAULT_WINDOW_MIN,
    DIRECTION_IMPORT,
    DIRECTIONS,
    ENTITY_DOMAINS,
    ENTITY_UNITS,
    KIND_ENTITY,
    KIND_OPENADR,
    KIND_SCHEDULE,
    MIN_POLL_S,
    WEEKDAYS,
)
from .grid.sep2_source import KIND_SEP2


def _kw(maximum: float = 100_000) -> Any:
    return number("kW", 0, maximum, 0.1)


def limit_source_schema(kind: str) -> vol.Schema:
    """The form of one kind of source."""
    if kind == KIND_SEP2:
        return sep2_flow.schema()
    name: dict[vol.Marker, Any] = {vol.Required(CONF_NAME): TextSelector()}
    if kind == KIND_ENTITY:
        return vol.Schema(
            {
                **name,
                vol.Required(CONF_LIMIT_ENTITY): EntitySelector(
                    EntitySelectorConfig(domain=list(ENTITY_DOMAINS))
                ),
                vol.Required(CONF_DIRECTION, default=DIRECTION_IMPORT): select(
                    DIRECTIONS, "direction"
                ),
                vol.Required(CONF_ENTITY_UNIT, default="W"): select(ENTITY_UNITS),
            }
        )
    if kind == KIND_SCHEDULE:
        days = SelectSelectorConfig(
            options=list(WEEKDAYS),
            multiple=True,
            mode=SelectSelectorMode.LIST,
            translation_key="weekday",
        )
        return vol.Schema(
            {
                **name,
                vol.Required(CONF_DAYS, default=list(WEEKDAYS)): SelectSelector(days),
                vol.Required(CONF_START, default="17:00:00"): TimeSelector(),
                vol.Required(CONF_END, default="21:00:00"): TimeSelector(),
                vol.Optional(CONF_IMPORT_KW): _kw(),
                vol.Optional(CONF_EXPORT_KW): _kw(),
            }
        )
    if kind == KIND_OPENADR:
        return vol.Schema(
            {
                **name,
                vol.Required(CONF_VTN_URL): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.URL)
                ),
                vol.Required(CONF_CLIENT_ID): TextSelector(),
                vol.Required(CONF_CLIENT_SECRET): TextSelector(
                    TextSelectorConfig(type=TextSelectorType.PASSWORD)
                ),
                vol.Required(CONF_VEN_NAME): TextSelector(),
                vol.Required(CONF_PROGRAM): TextSelector(),
                vol.Required(CONF_POLL_S, default=DEFAULT_POLL_S): number("s", MIN_POLL_S, 3600),
                vol.Optional(CONF_DEFAULT_IMPORT_KW): _kw(),
                vol.Optional(CONF_DEFAULT_EXPORT_KW): _kw(),
            }
        )
    return vol.Schema(
        {
            **name,
            vol.Required(CONF_WINDOW_LIMIT_KW): _kw(),
            vol.Required(CONF_WINDOW_MIN, default=DEFAULT_WINDOW_MIN): number("min", 1, 60),
        }
    )
