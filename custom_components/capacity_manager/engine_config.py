"""Translate a config entry and its load subentries into engine configuration.

The engine knows loads by id, kind and numbers; Home Assistant knows them by entity ids. A
`LoadBinding` keeps both sides of one load together so the coordinator, the actuators and the
entities agree on which entity belongs to which engine load (the subentry id is the load id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry

from .const import (
    CONF_ABSORB_EXPORT,
    CONF_AUTO_RESTORE,
    CONF_BREAKER_A,
    CONF_CONTINUOUS_ENABLED,
    CONF_CONTINUOUS_GRACE,
    CONF_ENTITY,
    CONF_EXPECTED_POWER,
    CONF_FAILSAFE_POLICY,
    CONF_LIMIT_TYPE,
    CONF_LOAD_KIND,
    CONF_LOAD_PHASE,
    CONF_LOAD_PHASES,
    CONF_LOAD_POWER_SENSOR,
    CONF_LOAD_VOLTAGE,
    CONF_MAX_CURRENT,
    CONF_MAX_OFF,
    CONF_MAX_SETPOINT,
    CONF_MIN_CURRENT,
    CONF_MIN_OFF,
    CONF_MIN_ON,
    CONF_MIN_SETPOINT,
    CONF_NEVER_SHED,
    CONF_OVERRIDE,
    CONF_PANEL_LIMIT_W,
    CONF_PAUSE_SWITCH,
    CONF_PHASES,
    CONF_PRIORITY,
    CONF_PROTECT_CYCLE,
    CONF_RESTORE_HOLDOFF,
    CONF_RESTORE_INTERVAL,
    CONF_RESTORE_PCT,
    CONF_RUNNING_THRESHOLD,
    CONF_SETPOINT_STEP,
    CONF_SETPOINT_UNIT,
    CONF_SHED_PCT,
    CONF_STALE_TIMEOUT,
    CONF_TARGET_PCT,
    CONF_VOLTAGE,
    CONTINUOUS_FRACTION,
    DEFAULT_AUTO_RESTORE,
    DEFAULT_CONTINUOUS_GRACE,
    DEFAULT_FAILSAFE_POLICY,
    DEFAULT_MAX_CURRENT,
    DEFAULT_MIN_CURRENT,
    DEFAULT_OPTIONS,
    DEFAULT_PHASES,
    DEFAULT_PRIORITY,
    DEFAULT_RUNNING_THRESHOLD,
    DEFAULT_SETPOINT_STEP,
    DEFAULT_VOLTAGE,
    LIMIT_BREAKER,
    LOGGER,
    SUBENTRY_LOAD,
    UNIT_AMPERE,
)
from .engine.models import (
    FailsafePolicy,
    LimitConfig,
    LoadConfig,
    LoadKind,
    SiteConfig,
    Thresholds,
    Timing,
)
from .grid.tariff import with_tariff


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadBinding:
    """One controllable load: its engine config and the entities that make it up."""

    config: LoadConfig
    entity_id: str  # the switched entity, or the setpoint number
    pause_switch: str | None = None
    power_sensor: str | None = None

    @property
    def load_id(self) -> str:
        """The engine's id of the load (the subentry id)."""
        return self.config.load_id


def _option(entry: ConfigEntry, key: str) -> float:
    return float(entry.options.get(key, DEFAULT_OPTIONS[key]))


def build_site(entry: ConfigEntry) -> SiteConfig:
    """Site config from `entry.data` (source and limit) and `entry.options` (control).

    Raises ValueError when the stored values are inconsistent.
    """
    data = entry.data
    phases = int(data.get(CONF_PHASES, DEFAULT_PHASES))
    breaker = data.get(CONF_BREAKER_A) if data.get(CONF_LIMIT_TYPE) == LIMIT_BREAKER else None
    limits = LimitConfig(
        panel_limit_w=float(data[CONF_PANEL_LIMIT_W]),
        continuous_enabled=bool(data.get(CONF_CONTINUOUS_ENABLED, False)),
        continuous_fraction=CONTINUOUS_FRACTION,
        continuous_grace_s=float(data.get(CONF_CONTINUOUS_GRACE, DEFAULT_CONTINUOUS_GRACE)),
        # A breaker rating doubles as a per-phase current limit where phase data exists.
        phase_current_limit_a=float(breaker) if breaker else None,
    )
    limits = with_tariff(limits, entry.subentries.values())  # capacity tariff subentry
    thresholds = Thresholds(
        shed=_option(entry, CONF_SHED_PCT) / 100,
        target=_option(entry, CONF_TARGET_PCT) / 100,
        restore=_option(entry, CONF_RESTORE_PCT) / 100,
    )
    timing = Timing(
        restore_holdoff_s=_option(entry, CONF_RESTORE_HOLDOFF),
        restore_interval_s=_option(entry, CONF_RESTORE_INTERVAL),
        stale_timeout_s=_option(entry, CONF_STALE_TIMEOUT),
        override_s=_option(entry, CONF_OVERRIDE),
    )
    return SiteConfig(
        limits=limits,
        thresholds=thresholds,
        timing=timing,
        phases=phases,
        voltage_v=float(data.get(CONF_VOLTAGE, DEFAULT_VOLTAGE)),
    )


def _load_phases(data: Mapping[str, Any], site_phases: int) -> tuple[int, ...]:
    count = int(data.get(CONF_LOAD_PHASES, 1))
    if count > 1:
        return tuple(range(1, min(count, max(site_phases, 1)) + 1))
    return (int(data.get(CONF_LOAD_PHASE, 1)),)


def build_load(subentry: ConfigSubentry, site: SiteConfig, priority: int | None) -> LoadBinding:
    """Engine config of one load subentry; `priority` overrides the configured one.

    Raises ValueError (or KeyError) when the subentry is inconsistent.
    """
    data = subentry.data
    kind = LoadKind(data.get(CONF_LOAD_KIND, LoadKind.SWITCHED))
    common: dict[str, Any] = {
        "priority": priority if priority is not None else configured_priority(subentry),
        "never_shed": bool(data.get(CONF_NEVER_SHED, False)),
        "min_on_s": float(data.get(CONF_MIN_ON, 0.0)),
        "min_off_s": float(data.get(CONF_MIN_OFF, 0.0)),
        "max_off_s": float(data.get(CONF_MAX_OFF, 0.0)),
        "auto_restore": bool(data.get(CONF_AUTO_RESTORE, DEFAULT_AUTO_RESTORE)),
        "protect_running_cycle": bool(data.get(CONF_PROTECT_CYCLE, False)),
        "failsafe_policy": FailsafePolicy(data.get(CONF_FAILSAFE_POLICY, DEFAULT_FAILSAFE_POLICY)),
        "running_threshold_w": float(data.get(CONF_RUNNING_THRESHOLD, DEFAULT_RUNNING_THRESHOLD)),
        "absorb_export": bool(data.get(CONF_ABSORB_EXPORT, False)),
    }
    pause = data.get(CONF_PAUSE_SWITCH) or None
    voltage = float(data.get(CONF_LOAD_VOLTAGE, site.voltage_v))
    phases = _load_phases(data, site.phases)
    config: LoadConfig
    if kind is LoadKind.EV:
        if CONF_MIN_OFF not in data:
            del common["min_off_s"]  # the charger's own guard time applies (LoadConfig.ev)
        config = LoadConfig.ev(
            subentry.subentry_id,
            subentry.title,
            min_current_a=float(data.get(CONF_MIN_CURRENT, DEFAULT_MIN_CURRENT)),
            max_current_a=float(data.get(CONF_MAX_CURRENT, DEFAULT_MAX_CURRENT)),
            phases=len(phases),
            voltage_v=voltage,
            can_pause=pause is not None,
            **common,
        )
        if phases != config.phases:  # a 1-phase charger on phase 2 or 3
            config = replace(config, phases=phases)
    elif kind is LoadKind.GENERATION:
        maximum = float(data[CONF_MAX_SETPOINT])
        config = LoadConfig(
            load_id=subentry.subentry_id,
            name=subentry.title,
            kind=LoadKind.GENERATION,
            priority=common["priority"],
            never_shed=common["never_shed"],
            rated_power_w=maximum,
            phases=phases,
            min_setpoint=float(data.get(CONF_MIN_SETPOINT, 0.0)),
            max_setpoint=maximum,
            setpoint_step=float(data.get(CONF_SETPOINT_STEP, DEFAULT_SETPOINT_STEP)),
            failsafe_policy=FailsafePolicy.KEEP,  # curtailment stays as it is (export.py)
        )
    elif kind is LoadKind.MODULATED:
        unit_w = voltage * len(phases) if data.get(CONF_SETPOINT_UNIT) == UNIT_AMPERE else 1.0
        maximum = float(data[CONF_MAX_SETPOINT])
        config = LoadConfig(
            load_id=subentry.subentry_id,
            name=subentry.title,
            kind=LoadKind.MODULATED,
            rated_power_w=maximum * unit_w,
            phases=phases,
            min_setpoint=float(data.get(CONF_MIN_SETPOINT, 0.0)),
            max_setpoint=maximum,
            setpoint_step=float(data.get(CONF_SETPOINT_STEP, DEFAULT_SETPOINT_STEP)),
            setpoint_unit_w=unit_w,
            can_pause=pause is not None,
            **common,
        )
    else:
        config = LoadConfig(
            load_id=subentry.subentry_id,
            name=subentry.title,
            kind=LoadKind.SWITCHED,
            rated_power_w=float(data.get(CONF_EXPECTED_POWER) or 0.0),
            phases=phases,
            **common,
        )
    if config.is_modulated and not config.is_generation and config.min_setpoint > 0:
        # Failsafe: a charger or heat pump goes to its minimum, not off (site power is unknown,
        # not known to be too high; the car keeps charging slowly).
        config = replace(config, failsafe_setpoint=config.min_setpoint)
    return LoadBinding(
        config=config,
        entity_id=str(data[CONF_ENTITY]),
        pause_switch=pause if config.is_modulated else None,
        power_sensor=data.get(CONF_LOAD_POWER_SENSOR) or None,
    )


def configured_priority(subentry: ConfigSubentry) -> int:
    """The priority the user set in the load's subentry."""
    return int(subentry.data.get(CONF_PRIORITY, DEFAULT_PRIORITY))


def load_subentries(entry: ConfigEntry) -> list[ConfigSubentry]:
    """The entry's load subentries, in a stable order."""
    return [s for s in entry.subentries.values() if s.subentry_type == SUBENTRY_LOAD]


def build_bindings(
    subentries: Iterable[ConfigSubentry],
    site: SiteConfig,
    priority: Callable[[str, int], int],
    title: str,
) -> dict[str, LoadBinding]:
    """Every load that can be built; a broken one is left out and logged (never a crash).

    `priority(load_id, configured)` gives the priority in force (the user may change it).
    """
    bindings: dict[str, LoadBinding] = {}
    for subentry in subentries:
        try:
            binding = build_load(
                subentry, site, priority(subentry.subentry_id, configured_priority(subentry))
            )
        except (ValueError, KeyError, TypeError) as err:
            problem = str(err)
        else:
            bindings[binding.load_id] = binding
            continue
        LOGGER.error("%s: load %s skipped: %s", title, subentry.title, problem)
    return bindings
