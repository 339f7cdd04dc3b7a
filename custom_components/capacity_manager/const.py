"""Constants of Capacity Manager: the domain and every key the config flows store.

Where things live:
- `entry.data` (user step and reconfigure): the site power source and the limit.
- `entry.options` (user step, then the options flow): thresholds, timings and the default mode.
- one config subentry of type `SUBENTRY_LOAD` per controllable load: `subentry.data` holds the
  load's keys below; `subentry.title` is its name; `subentry.unique_id` its controlled entity id.

Units are in the key names: `_w` watts, `_a` amperes, `_v` volts, `_s` seconds, `_pct` percent.
Numbers are stored as float except where noted as int. Optional keys may be absent.
"""

from __future__ import annotations

import logging
from typing import Final

DOMAIN: Final = "capacity_manager"
LOGGER = logging.getLogger(__package__)

DEFAULT_NAME: Final = "Capacity Manager"

# --- entry.data: the site -------------------------------------------------------------------
CONF_NAME: Final = "name"  # str, also the entry title

CONF_SOURCE_TYPE: Final = "source_type"  # one of SOURCE_TYPES
SOURCE_SINGLE: Final = "single"  # one sensor for the whole site, in W or kW
SOURCE_PER_PHASE: Final = "per_phase"  # one sensor per phase, power or current
SOURCE_MODBUS: Final = "modbus"  # a meter read directly over Modbus (sources/modbus)
SOURCE_TYPES: Final = (SOURCE_SINGLE, SOURCE_PER_PHASE, SOURCE_MODBUS)

CONF_POWER_SENSOR: Final = "power_sensor"  # str entity id; SOURCE_SINGLE only
CONF_PHASE_SENSORS: Final = "phase_sensors"  # list[str] entity ids, phase 1..n; SOURCE_PER_PHASE
CONF_PHASE_MEASUREMENT: Final = "phase_measurement"  # one of PHASE_MEASUREMENTS; SOURCE_PER_PHASE
MEASURE_POWER: Final = "power"  # phase sensors in W or kW (device_class power)
MEASURE_CURRENT: Final = "current"  # phase sensors in A (device_class current); W = A x voltage
PHASE_MEASUREMENTS: Final = (MEASURE_POWER, MEASURE_CURRENT)
# True (default): the sensor reads negative while exporting (the engine's convention, used as
# is). False: it reads positive while exporting, so the runtime inverts its sign.
CONF_EXPORT_NEGATIVE: Final = "export_negative"
DEFAULT_EXPORT_NEGATIVE: Final = True
# bool, default True: the site can export (solar, battery). False: a reading of export is a
# glitch and is rejected. (Not asked by the flow yet: only stored entries set it.)
CONF_EXPORT_POSSIBLE: Final = "export_possible"
DEFAULT_EXPORT_POSSIBLE: Final = True

# SOURCE_MODBUS only: one dict with the meter's `MeterConfig.as_dict()` keys (transport, host,
# port, unit_id, serial_port, baudrate, parity, stopbits, bytesize, timeout_s, invert) and:
CONF_MODBUS: Final = "modbus"
CONF_METER_PROFILE: Final = "profile"  # one of sources.modbus.PROFILES
CONF_POLL_INTERVAL: Final = "poll_interval_s"  # seconds between polls
DEFAULT_POLL_INTERVAL: Final = 1.0
# The custom profile's map: `sources.modbus.register_map_to_dict` output (absent otherwise).
CONF_REGISTER_MAP: Final = "register_map"

CONF_PHASES: Final = "phases"  # int 1..3, site phases (SOURCE_PER_PHASE: = number of sensors)
DEFAULT_PHASES: Final = 1
CONF_VOLTAGE: Final = "voltage_v"  # nominal voltage per phase, for A <-> W
DEFAULT_VOLTAGE: Final = 230.0

CONF_LIMIT_TYPE: Final = "limit_type"  # one of LIMIT_TYPES
LIMIT_BREAKER: Final = "breaker"  # breaker amps x voltage x phases
LIMIT_WATTS: Final = "watts"  # a power limit in W
LIMIT_TYPES: Final = (LIMIT_BREAKER, LIMIT_WATTS)
CONF_BREAKER_A: Final = "breaker_a"  # breaker rating per phase in A; LIMIT_BREAKER only
# The panel limit in W, always present: entered (LIMIT_WATTS) or breaker_a x voltage x phases
# (LIMIT_BREAKER, computed by the flow). The runtime uses this one.
CONF_PANEL_LIMIT_W: Final = "panel_limit_w"

CONF_CONTINUOUS_ENABLED: Final = "continuous_enabled"  # NEC 80 % continuous-load rule
DEFAULT_CONTINUOUS_ENABLED: Final = False
CONF_CONTINUOUS_GRACE: Final = "continuous_grace_s"  # time allowed above 80 % of the rating
DEFAULT_CONTINUOUS_GRACE: Final = 3 * 3600.0
CONTINUOUS_FRACTION: Final = 0.8  # fixed by the rule, not configurable

# --- entry.options: control settings ----------------------------------------------------------
# Thresholds in percent of the effective limit; the flow enforces restore <= target < shed.
CONF_SHED_PCT: Final = "shed_pct"  # above this, shed until power is at the target
DEFAULT_SHED_PCT: Final = 95.0
CONF_TARGET_PCT: Final = "target_pct"
DEFAULT_TARGET_PCT: Final = 90.0
CONF_RESTORE_PCT: Final = "restore_pct"  # below this (after the hold-off), give loads back
DEFAULT_RESTORE_PCT: Final = 85.0
MAX_THRESHOLD_PCT: Final = 150.0

CONF_RESTORE_HOLDOFF: Final = "restore_holdoff_s"  # power stays below restore this long first
DEFAULT_RESTORE_HOLDOFF: Final = 60.0
CONF_RESTORE_INTERVAL: Final = "restore_interval_s"  # at most one restore per interval
DEFAULT_RESTORE_INTERVAL: Final = 30.0
CONF_STALE_TIMEOUT: Final = "stale_timeout_s"  # no valid site power this long -> failsafe
DEFAULT_STALE_TIMEOUT: Final = 60.0
CONF_OVERRIDE: Final = "override_s"  # a user's manual turn-on of a shed load is kept this long
DEFAULT_OVERRIDE: Final = 3600.0

CONF_MODE: Final = "mode"  # mode at start-up: one of MODES (the engine's Mode values)
MODE_ACTIVE: Final = "active"
MODE_MONITOR: Final = "monitor"
MODE_OFF: Final = "off"
MODES: Final = (MODE_ACTIVE, MODE_MONITOR, MODE_OFF)
DEFAULT_MODE: Final = MODE_ACTIVE

# Options the user step writes when an entry is created (the options flow edits them).
DEFAULT_OPTIONS: Final = {
    CONF_SHED_PCT: DEFAULT_SHED_PCT,
    CONF_TARGET_PCT: DEFAULT_TARGET_PCT,
    CONF_RESTORE_PCT: DEFAULT_RESTORE_PCT,
    CONF_RESTORE_HOLDOFF: DEFAULT_RESTORE_HOLDOFF,
    CONF_RESTORE_INTERVAL: DEFAULT_RESTORE_INTERVAL,
    CONF_STALE_TIMEOUT: DEFAULT_STALE_TIMEOUT,
    CONF_OVERRIDE: DEFAULT_OVERRIDE,
    CONF_MODE: DEFAULT_MODE,
}

# --- subentries: one per controllable load --------------------------------------------------
SUBENTRY_LOAD: Final = "load"

CONF_LOAD_KIND: Final = "kind"  # one of LOAD_KINDS (the engine's LoadKind values)
KIND_SWITCHED: Final = "switched"
KIND_MODULATED: Final = "modulated"
KIND_EV: Final = "ev"
# A generator's active-power limit (a PV inverter's number in W): curtailed only to keep export
# under the export limit, never shed. Its power sensor (optional) reads its production.
KIND_GENERATION: Final = "generation"
LOAD_KINDS: Final = (KIND_SWITCHED, KIND_MODULATED, KIND_EV, KIND_GENERATION)

# The controlled entity: switched -> one of SWITCHED_DOMAINS; modulated -> a number (setpoint);
# ev -> the charger's charging-current number in A. Also the subentry's unique_id.
CONF_ENTITY: Final = "entity_id"
SWITCHED_DOMAINS: Final = (
    "switch",
    "input_boolean",
    "light",
    "fan",
    "climate",
    "water_heater",
    "humidifier",
)
NUMBER_DOMAINS: Final = ("number", "input_number")
PAUSE_DOMAINS: Final = ("switch", "input_boolean")
CONF_PAUSE_SWITCH: Final = "pause_switch"  # optional str; modulated/ev: turned off to pause

CONF_PRIORITY: Final = "priority"  # int 1..100; 1 = most important, shed last, restored first
DEFAULT_PRIORITY: Final = 10
MIN_PRIORITY: Final = 1
MAX_PRIORITY: Final = 100
CONF_EXPECTED_POWER: Final = "expected_power_w"  # optional; switched: power when on
CONF_LOAD_POWER_SENSOR: Final = "power_sensor"  # optional str; the load's own power (W/kW)
# int 1..3: the site phase a 1-phase load is on (asked only when the site has > 1 phase;
# absent = 1). A load with CONF_LOAD_PHASES = 3 draws on every phase and ignores it.
CONF_LOAD_PHASE: Final = "phase"
CONF_NEVER_SHED: Final = "never_shed"  # bool, default False: never commanded (NEC 750.30)
# bool, default False; switched/modulated: may be switched on / turned up to absorb export
# above the export limit (switched off / down again by us when the site would import).
CONF_ABSORB_EXPORT: Final = "absorb_export"
CONF_MIN_ON: Final = "min_on_s"  # default 0: once restored, stays on at least this long
CONF_MIN_OFF: Final = "min_off_s"  # default 0: once shed, stays off at least this long
CONF_MAX_OFF: Final = "max_off_s"  # default 0 = may stay off indefinitely
CONF_AUTO_RESTORE: Final = "auto_restore"  # default True; False = the user gives it back
DEFAULT_AUTO_RESTORE: Final = True
CONF_PROTECT_CYCLE: Final = "protect_running_cycle"  # default False: don't interrupt a run
CONF_RUNNING_THRESHOLD: Final = "running_threshold_w"  # running = own power above this
DEFAULT_RUNNING_THRESHOLD: Final = 10.0
# What the load does when site power is unknown too long (the engine's FailsafePolicy values).
CONF_FAILSAFE_POLICY: Final = "failsafe_policy"
FAILSAFE_SHED: Final = "shed"  # switch off / pause
FAILSAFE_KEEP: Final = "keep"  # leave it as it is
FAILSAFE_POLICIES: Final = (FAILSAFE_SHED, FAILSAFE_KEEP)
DEFAULT_FAILSAFE_POLICY: Final = FAILSAFE_SHED

# Modulated loads (a number entity as setpoint).
CONF_SETPOINT_UNIT: Final = "unit"  # one of SETPOINT_UNITS
UNIT_WATT: Final = "W"
UNIT_AMPERE: Final = "A"
SETPOINT_UNITS: Final = (UNIT_WATT, UNIT_AMPERE)
CONF_MIN_SETPOINT: Final = "min_setpoint"  # in the setpoint unit
CONF_MAX_SETPOINT: Final = "max_setpoint"
CONF_SETPOINT_STEP: Final = "setpoint_step"
DEFAULT_SETPOINT_STEP: Final = 1.0
# CONF_LOAD_VOLTAGE and CONF_LOAD_PHASES also apply to a modulated load in A (W = A x V x phases).

# EV chargers (charging current in whole amps).
CONF_MIN_CURRENT: Final = "min_current_a"
DEFAULT_MIN_CURRENT: Final = 6.0  # IEC 61851 / J1772 minimum
CONF_MAX_CURRENT: Final = "max_current_a"
DEFAULT_MAX_CURRENT: Final = 16.0
EV_MIN_CURRENT: Final = 6.0
EV_MAX_CURRENT: Final = 80.0
# int: phases the load draws on, 1 or all of the site's (asked only when the site has > 1
# phase; absent = 1). W = A x voltage x phases for loads set in A.
CONF_LOAD_PHASES: Final = "phases"
DEFAULT_LOAD_PHASES: Final = 1
CONF_LOAD_VOLTAGE: Final = "voltage_v"  # per phase
