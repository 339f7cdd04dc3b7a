"""Site power read straight from a Modbus meter (pymodbus): SunSpec, Eastron, Carlo Gavazzi, custom.

Use: `meter = ModbusMeter(MeterConfig(...), resolve_profile("sdm630"))`, then `await
meter.async_read()` once per poll (a `MeterReading`, or a `MeterError` whose `error_key` is a
config flow error), and `await meter.async_close()` on unload. `async_probe` reads once for the
config flow. Pure parts (decode, profiles, sunspec parsing) never touch the network.
"""

from .client import UNIT_KEYWORD, ModbusMeter, async_probe
from .errors import (
    ERROR_KEYS,
    BadRegisterError,
    MeterConnectionError,
    MeterError,
    MeterTimeoutError,
    NotSunSpecError,
)
from .models import (
    DEFAULT_POLL_INTERVAL_S,
    MeterConfig,
    MeterReading,
    RegisterTable,
    Transport,
)
from .profiles import (
    BUILTIN_MAPS,
    PROFILE_CUSTOM,
    PROFILE_EM24,
    PROFILE_EM340,
    PROFILE_SDM120,
    PROFILE_SDM630,
    PROFILE_SUNSPEC,
    PROFILES,
    RegisterMap,
    RegisterSpec,
    register_map_from_dict,
    register_map_to_dict,
    resolve_profile,
)
from .sunspec import SunSpecProfile

__all__ = [
    "BUILTIN_MAPS",
    "DEFAULT_POLL_INTERVAL_S",
    "ERROR_KEYS",
    "PROFILES",
    "PROFILE_CUSTOM",
    "PROFILE_EM24",
    "PROFILE_EM340",
    "PROFILE_SDM120",
    "PROFILE_SDM630",
    "PROFILE_SUNSPEC",
    "UNIT_KEYWORD",
    "BadRegisterError",
    "MeterConfig",
    "MeterConnectionError",
    "MeterError",
    "MeterReading",
    "MeterTimeoutError",
    "ModbusMeter",
    "NotSunSpecError",
    "RegisterMap",
    "RegisterSpec",
    "RegisterTable",
    "SunSpecProfile",
    "Transport",
    "async_probe",
    "register_map_from_dict",
    "register_map_to_dict",
    "resolve_profile",
]
