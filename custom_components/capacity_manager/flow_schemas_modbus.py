"""Forms of the Modbus meter source: where the meter is, and a custom register map.

Form values are turned into what the entry stores (`CONF_MODBUS`) here, and stored values back
into suggested form values for reconfiguring. Each converter returns errors as translation keys
(strings.json `config.error`) keyed by the form field or section they belong to.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

import voluptuous as vol
from homeassistant.const import UnitOfTime
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
)

from .const import (
    CONF_METER_PROFILE,
    CONF_MODBUS,
    CONF_POLL_INTERVAL,
    CONF_REGISTER_MAP,
    DEFAULT_POLL_INTERVAL,
)
from .flow_schemas import number, select
from .sources.modbus import (
    PROFILE_SUNSPEC,
    PROFILES,
    MeterConfig,
    RegisterTable,
    Transport,
)
from .sources.modbus.decode import DataType, WordOrder

# Form fields (the meter step); the connection keys are MeterConfig's own names.
TRANSPORT: Final = "transport"
HOST: Final = "host"
PORT: Final = "port"
UNIT_ID: Final = "unit_id"
INVERT: Final = "invert"
SECTION_SERIAL: Final = "serial"
SERIAL_KEYS: Final = ("serial_port", "baudrate", "parity", "stopbits", "bytesize")

# Register map step: one section per quantity.
SECTION_TOTAL: Final = "total_power"
PHASE_SECTIONS: Final = {
    "phase_power": "phase_w",
    "phase_current": "phase_a",
    "phase_voltage": "phase_v",
}
ADDRESS: Final = "address"
ADDRESSES: Final = "addresses"
TABLE: Final = "table"
DATA_TYPE: Final = "data_type"
WORD_ORDER: Final = "word_order"
SCALE: Final = "scale"

ERROR_HOST_REQUIRED: Final = "host_required"
ERROR_SERIAL_PORT_REQUIRED: Final = "serial_port_required"
ERROR_INVALID_METER: Final = "invalid_meter_settings"
ERROR_ADDRESSES: Final = "invalid_addresses"
ERROR_SCALE: Final = "invalid_scale"
ERROR_POWER_REQUIRED: Final = "power_register_required"

CUSTOM_MAP_NAME: Final = "Custom register map"
MAX_ADDRESS: Final = 65535
MAX_PHASES: Final = 3

_DEFAULTS: Final = MeterConfig(host="-")  # the dataclass defaults, for the forms


def _scale() -> NumberSelector:
    return NumberSelector(NumberSelectorConfig(step="any", mode=NumberSelectorMode.BOX))


def meter_schema() -> vol.Schema:
    """Where the meter is, how to reach it, what it is, how often to read it."""
    serial = vol.Schema(
        {
            vol.Optional("serial_port"): TextSelector(),
            vol.Required("baudrate", default=_DEFAULTS.baudrate): number(None, 1200, 921600),
            vol.Required("parity", default=_DEFAULTS.parity): select(("N", "E", "O"), "parity"),
            vol.Required("stopbits", default=_DEFAULTS.stopbits): number(None, 1, 2),
            vol.Required("bytesize", default=_DEFAULTS.bytesize): number(None, 7, 8),
        }
    )
    return vol.Schema(
        {
            vol.Required(TRANSPORT, default=str(Transport.TCP)): select(
                [str(t) for t in Transport], TRANSPORT
            ),
            vol.Optional(HOST): TextSelector(),
            vol.Required(PORT, default=_DEFAULTS.port): number(None, 1, 65535),
            vol.Required(UNIT_ID, default=_DEFAULTS.unit_id): number(None, 0, 255),
            vol.Required(CONF_METER_PROFILE, default=PROFILE_SUNSPEC): select(
                PROFILES, "meter_profile"
            ),
            vol.Required(CONF_POLL_INTERVAL, default=DEFAULT_POLL_INTERVAL): number(
                UnitOfTime.SECONDS, 0.2, 60, 0.1
            ),
            vol.Required(INVERT, default=False): BooleanSelector(),
            vol.Optional(SECTION_SERIAL): section(serial, {"collapsed": True}),
        }
    )


def meter_settings(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The meter step's input as stored settings, or the errors that prevent it."""
    serial = dict(user_input.get(SECTION_SERIAL) or {})
    transport = str(user_input.get(TRANSPORT, Transport.TCP))
    raw: dict[str, Any] = {
        TRANSPORT: transport,
        HOST: str(user_input.get(HOST) or "").strip(),
        PORT: user_input.get(PORT, _DEFAULTS.port),
        UNIT_ID: user_input.get(UNIT_ID, _DEFAULTS.unit_id),
        INVERT: bool(user_input.get(INVERT, False)),
        **{key: serial[key] for key in SERIAL_KEYS if key in serial},
    }
    raw["serial_port"] = str(raw.get("serial_port") or "").strip()
    if transport == Transport.SERIAL and not raw["serial_port"]:
        return {}, {SECTION_SERIAL: ERROR_SERIAL_PORT_REQUIRED}
    if transport != Transport.SERIAL and not raw[HOST]:
        return {}, {HOST: ERROR_HOST_REQUIRED}
    try:
        config = MeterConfig.from_dict(raw)
    except (ValueError, TypeError):
        return {}, {"base": ERROR_INVALID_METER}
    settings = config.as_dict()
    settings[CONF_METER_PROFILE] = str(user_input.get(CONF_METER_PROFILE, PROFILE_SUNSPEC))
    settings[CONF_POLL_INTERVAL] = float(user_input.get(CONF_POLL_INTERVAL, DEFAULT_POLL_INTERVAL))
    return settings, {}


def meter_suggestions(data: Mapping[str, Any]) -> dict[str, Any]:
    """Stored entry data as values of the meter form ({} when the source is not a meter)."""
    settings = data.get(CONF_MODBUS)
    if not isinstance(settings, Mapping):
        return {}
    values = {
        key: settings[key]
        for key in (TRANSPORT, HOST, PORT, UNIT_ID, INVERT, CONF_METER_PROFILE, CONF_POLL_INTERVAL)
        if key in settings
    }
    values[SECTION_SERIAL] = {key: settings[key] for key in SERIAL_KEYS if key in settings}
    return values


def _register_fields(*, total: bool) -> dict[vol.Marker, Any]:
    fields: dict[vol.Marker, Any] = (
        {vol.Optional(ADDRESS): number(None, 0, MAX_ADDRESS)}  # empty: sum of the phases
        if total
        else {vol.Optional(ADDRESSES): TextSelector()}
    )
    fields[vol.Required(TABLE, default=str(RegisterTable.HOLDING))] = select(
        [str(t) for t in RegisterTable], "register_table"
    )
    fields[vol.Required(DATA_TYPE, default=str(DataType.FLOAT32))] = select(
        [str(t) for t in DataType], "data_type"
    )
    fields[vol.Required(WORD_ORDER, default=str(WordOrder.BIG))] = select(
        [str(o) for o in WordOrder], "word_order"
    )
    fields[vol.Required(SCALE, default=1.0)] = _scale()
    if total:
        fields[vol.Required(INVERT, default=False)] = BooleanSelector()
    return fields


def registers_schema() -> vol.Schema:
    """The custom map: total power and per-phase registers (total or phase power needed)."""
    schema: dict[vol.Marker, Any] = {
        vol.Required(SECTION_TOTAL): section(vol.Schema(_register_fields(total=True)))
    }
    for name in PHASE_SECTIONS:
        schema[vol.Optional(name)] = section(
            vol.Schema(_register_fields(total=False)), {"collapsed": True}
        )
    return vol.Schema(schema)


def parse_addresses(text: str) -> list[int] | None:
    """'12, 14, 16' → [12, 14, 16]: one to three register addresses, else None."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    try:
        addresses = [int(p, 0) for p in parts]
    except ValueError:
        return None
    if not 1 <= len(addresses) <= MAX_PHASES or any(not 0 <= a <= MAX_ADDRESS for a in addresses):
        return None
    return addresses


def _spec(values: Mapping[str, Any], address: int, invert: bool) -> dict[str, Any]:
    return {
        ADDRESS: address,
        TABLE: str(values.get(TABLE, RegisterTable.HOLDING)),
        DATA_TYPE: str(values.get(DATA_TYPE, DataType.FLOAT32)),
        WORD_ORDER: str(values.get(WORD_ORDER, WordOrder.BIG)),
        SCALE: float(values.get(SCALE, 1.0)),
        INVERT: invert,
    }


def _usable_scale(values: Mapping[str, Any]) -> bool:
    """A scale multiplies every reading: NaN, infinity or 0 would make them all unusable.

    The selector lets them through (no bounds, and JSON clients can send NaN).
    """
    scale = float(values.get(SCALE, 1.0))
    return math.isfinite(scale) and scale != 0


def register_map_input(user_input: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The register step's input as a map for `register_map_from_dict`, or its errors.

    Per-phase power takes the sign setting of the total: both come from the same meter. Without
    a total power register the total is the sum of the per-phase power registers.
    """
    total = user_input.get(SECTION_TOTAL) or {}
    invert = bool(total.get(INVERT, False))
    has_total = total.get(ADDRESS) is not None
    register_map: dict[str, Any] = {
        "name": CUSTOM_MAP_NAME,
        "total_w": _spec(total, int(total[ADDRESS]), invert) if has_total else None,
    }
    errors: dict[str, str] = {}
    if has_total and not _usable_scale(total):
        errors[SECTION_TOTAL] = ERROR_SCALE
    for name, key in PHASE_SECTIONS.items():
        values = user_input.get(name) or {}
        text = str(values.get(ADDRESSES) or "").strip()
        if not text:
            register_map[key] = []
            continue
        addresses = parse_addresses(text)
        if addresses is None:
            errors[name] = ERROR_ADDRESSES
            continue
        if not _usable_scale(values):
            errors[name] = ERROR_SCALE
            continue
        sign = invert and key == "phase_w"
        register_map[key] = [_spec(values, address, sign) for address in addresses]
    if not has_total and not register_map.get("phase_w") and "phase_power" not in errors:
        errors["base"] = ERROR_POWER_REQUIRED
    return register_map, errors


def registers_suggestions(data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored custom map as values of the register form ({} without one)."""
    settings = data.get(CONF_MODBUS)
    stored = settings.get(CONF_REGISTER_MAP) if isinstance(settings, Mapping) else None
    if not isinstance(stored, Mapping):
        return {}
    common = (TABLE, DATA_TYPE, WORD_ORDER, SCALE)
    total = stored.get("total_w")
    phase_w = stored.get("phase_w") or []
    if isinstance(total, Mapping):
        values: dict[str, Any] = {SECTION_TOTAL: {k: total[k] for k in (ADDRESS, *common, INVERT)}}
    elif phase_w:  # the sum of the phases: the sign setting is theirs
        values = {SECTION_TOTAL: {INVERT: bool(phase_w[0].get(INVERT, False))}}
    else:
        return {}
    for name, key in PHASE_SECTIONS.items():
        specs = stored.get(key) or []
        if specs:
            values[name] = {
                ADDRESSES: ", ".join(str(s[ADDRESS]) for s in specs),
                **{k: specs[0][k] for k in common},
            }
    return values
