"""Keys of `limit_source` subentries (one subentry per source of grid limits).

`subentry.data[CONF_SOURCE_KIND]` says which kind of source it is; the other keys depend on the
kind. Powers are stored in kW as the user typed them (the grid speaks kW), times as "HH:MM:SS".
"""

from __future__ import annotations

from typing import Final

SUBENTRY_LIMIT_SOURCE: Final = "limit_source"

CONF_SOURCE_KIND: Final = "kind"
KIND_ENTITY: Final = "entity"  # an HA entity's value is a limit
KIND_SCHEDULE: Final = "schedule"  # a weekly time window with limits
KIND_OPENADR: Final = "openadr"  # an OpenADR 3 VTN (envelopes, subscription, reservations)
KIND_TARIFF: Final = "tariff"  # a capacity tariff: the engine's rolling-window average limit
SOURCE_KINDS: Final = (KIND_ENTITY, KIND_SCHEDULE, KIND_OPENADR, KIND_TARIFF)

# Which flow a limit applies to.
CONF_DIRECTION: Final = "direction"
DIRECTION_IMPORT: Final = "import"
DIRECTION_EXPORT: Final = "export"
DIRECTIONS: Final = (DIRECTION_IMPORT, DIRECTION_EXPORT)

# KIND_ENTITY: a number, input_number or sensor; W or kW from its unit (else CONF_ENTITY_UNIT).
CONF_LIMIT_ENTITY: Final = "entity_id"
CONF_ENTITY_UNIT: Final = "unit"  # "W" or "kW": used when the entity has no unit
ENTITY_UNITS: Final = ("W", "kW")
ENTITY_DOMAINS: Final = ("number", "input_number", "sensor")

# KIND_SCHEDULE: on these weekdays from start to end (local time; end <= start runs past midnight).
CONF_DAYS: Final = "days"  # list of WEEKDAYS
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CONF_START: Final = "start"
CONF_END: Final = "end"
CONF_IMPORT_KW: Final = "import_kw"  # optional
CONF_EXPORT_KW: Final = "export_kw"  # optional

# KIND_OPENADR
CONF_VTN_URL: Final = "vtn_url"
CONF_CLIENT_ID: Final = "client_id"
CONF_CLIENT_SECRET: Final = "client_secret"
CONF_VEN_NAME: Final = "ven_name"
CONF_PROGRAM: Final = "program"
CONF_POLL_S: Final = "poll_s"
DEFAULT_POLL_S: Final = 60.0
MIN_POLL_S: Final = 10.0
# Used when the VTN has never told us a subscription (first start with the VTN down).
CONF_DEFAULT_IMPORT_KW: Final = "default_import_kw"  # optional
CONF_DEFAULT_EXPORT_KW: Final = "default_export_kw"  # optional

# KIND_TARIFF: the average over each clock-aligned window must stay below the limit.
CONF_WINDOW_LIMIT_KW: Final = "window_limit_kw"
CONF_WINDOW_MIN: Final = "window_min"
DEFAULT_WINDOW_MIN: Final = 15.0
