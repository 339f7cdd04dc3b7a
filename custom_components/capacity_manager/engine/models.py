"""Data model of the control engine: plain, immutable inputs (a step's outputs: results.py).

Conventions used everywhere in the engine:
- time is seconds (float, any monotonic epoch); power is W; current is A.
- site power is positive when importing from the grid, negative when exporting.
- priority: 1 is the most important load. The ladder sheds the *largest* priority number first
  and restores the *smallest* first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

EV_MIN_OFF_S = 300.0  # default guard time between pausing and resuming a charger


class Mode(StrEnum):
    """How the controller behaves."""

    ACTIVE = "active"  # decide and act
    MONITOR = "monitor"  # decide and report, never act
    OFF = "off"  # neither decide nor act


class LoadKind(StrEnum):
    """How a load can be controlled."""

    SWITCHED = "switched"  # on/off only
    MODULATED = "modulated"  # a setpoint between min and max (W or A), optionally paused
    EV = "ev"  # a modulated load in whole amps, 6 A minimum, then paused
    # A generator's active-power limit (PV inverter): lowered only to keep export under the
    # export limit, never by the shed ladder (turning it down raises site power).
    GENERATION = "generation"


class ActionKind(StrEnum):
    """What the controller asks an actuator to do."""

    SHED = "shed"  # switch off / pause
    RESTORE = "restore"  # switch on / resume (at `setpoint` for modulated loads)
    MODULATE = "modulate"  # change the setpoint of a running modulated load


class Reason(StrEnum):
    """Why an action was taken (shown to users, carried in events)."""

    OVER_LIMIT = "over_limit"  # instantaneous (panel/grid/override) limit
    CONTINUOUS_LIMIT = "continuous_limit"  # NEC 80 % rule after its grace time
    PHASE_LIMIT = "phase_limit"  # a phase current above its limit
    WINDOW_LIMIT = "window_limit"  # rolling-average (capacity tariff) projection
    HEADROOM = "headroom"  # restore: power is low enough again
    MAX_OFF_TIME = "max_off_time"  # restore: a load may not stay off longer
    EXPORT_LIMIT = "export_limit"  # restore: absorb export above the export limit
    EXPORT_ABSORB = "export_absorb"  # an absorber switched on / raised to use export surplus
    EXPORT_CURTAIL = "export_curtail"  # generation limited: export above the export limit
    EXPORT_RELEASE = "export_release"  # export gone (or importing): curtailment/absorber undone
    PRIORITY = "priority"  # turned down to make room for a more important load
    RESERVE = "reserve"  # an idle load's offer capped so that its start cannot overload
    FAILSAFE = "failsafe"  # site power unknown for too long
    MANUAL = "manual"  # a service call or button (restore all, shed load)
    MODE_CHANGE = "mode_change"  # mode switched to off: give back what we hold


class LimitSource(StrEnum):
    """Which limit is the tightest right now."""

    PANEL = "panel"
    CONTINUOUS = "continuous"
    GRID = "grid"
    OVERRIDE = "override"
    WINDOW = "window"


class SiteStatus(StrEnum):
    """Overall state reported by a step."""

    NORMAL = "normal"
    SHEDDING = "shedding"
    RESTORING = "restoring"
    # Nothing shed: generation curtailed or absorbers switched on to keep export under its limit.
    LIMITING_EXPORT = "limiting_export"
    FAILSAFE = "failsafe"
    MONITOR = "monitor"
    OFF = "off"


class LoadStatus(StrEnum):
    """State of one load as the controller sees it."""

    ON = "on"
    SHED = "shed"
    MODULATED = "modulated"
    OVERRIDE = "override"
    UNAVAILABLE = "unavailable"
    NEVER_SHED = "never_shed"
    OFF = "off"  # off, but not by us (the user or the device turned it off)


class FailsafePolicy(StrEnum):
    """What a load does when site power is unknown for too long."""

    SHED = "shed"  # switch off / pause (modulated: go to `failsafe_setpoint` if set)
    KEEP = "keep"  # leave it as it is


@dataclass(frozen=True, kw_only=True, slots=True)
class Thresholds:
    """Fractions of the effective limit (shed > target ≥ restore)."""

    shed: float = 0.95
    target: float = 0.90
    restore: float = 0.85

    def __post_init__(self) -> None:
        if not 0 < self.restore <= self.target < self.shed <= 1.5:
            raise ValueError("thresholds must satisfy 0 < restore <= target < shed <= 1.5")


@dataclass(frozen=True, kw_only=True, slots=True)
class LimitConfig:
    """Limits that belong to the site (grid limits and overrides come at run time)."""

    panel_limit_w: float
    continuous_enabled: bool = False
    continuous_fraction: float = 0.8
    continuous_grace_s: float = 3 * 3600.0
    phase_current_limit_a: float | None = None
    window_limit_w: float | None = None  # rolling-average limit (capacity tariff)
    window_s: float = 900.0
    export_limit_w: float | None = None

    def __post_init__(self) -> None:
        if not self.panel_limit_w > 0:
            raise ValueError("panel_limit_w must be > 0")
        if not 0 < self.continuous_fraction <= 1:
            raise ValueError("continuous_fraction must be in (0, 1]")
        if self.continuous_grace_s < 0 or self.window_s <= 0:
            raise ValueError("continuous_grace_s must be >= 0 and window_s > 0")
        for name in ("phase_current_limit_a", "window_limit_w", "export_limit_w"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ValueError(f"{name} must be > 0 when set")


@dataclass(frozen=True, kw_only=True, slots=True)
class Timing:
    """Site-wide timings in seconds."""

    restore_holdoff_s: float = 60.0  # power must stay below restore this long before a restore
    restore_interval_s: float = 30.0  # at most one restore per interval
    modulate_interval_s: float = 10.0  # at most one upward modulation step per load per interval
    verify_s: float = 15.0  # a command not visible after this long is ineffective
    ineffective_retry_s: float = 300.0  # an ineffective load is skipped this long
    override_s: float = 3600.0  # a user's manual turn-on is respected this long
    restore_patience_s: float = 3600.0  # off this long: only the typical power must fit
    stale_timeout_s: float = 60.0  # no valid site power this long → failsafe


@dataclass(frozen=True, kw_only=True, slots=True)
class SiteConfig:
    """Everything site-wide the controller needs."""

    limits: LimitConfig
    thresholds: Thresholds = field(default_factory=Thresholds)
    timing: Timing = field(default_factory=Timing)
    phases: int = 1
    voltage_v: float = 230.0


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadConfig:
    """A controllable load and its options.

    Modulated loads have a setpoint in `setpoint_unit_w` watts per unit (1 for a W setpoint,
    voltage × phases for an A setpoint). EVs are modulated loads whose setpoint is whole amps.
    """

    load_id: str
    name: str
    kind: LoadKind
    priority: int = 10
    rated_power_w: float = 0.0  # switched: power when on; modulated: power at max setpoint
    never_shed: bool = False
    min_on_s: float = 0.0
    min_off_s: float = 0.0
    max_off_s: float = 0.0  # 0 = may stay off indefinitely
    auto_restore: bool = True
    protect_running_cycle: bool = False
    running_threshold_w: float = 10.0
    phases: tuple[int, ...] = (1,)  # which site phases it draws from (1-based)
    min_setpoint: float = 0.0
    max_setpoint: float = 0.0
    setpoint_step: float = 1.0
    setpoint_unit_w: float = 1.0
    can_pause: bool = True
    failsafe_policy: FailsafePolicy = FailsafePolicy.SHED
    failsafe_setpoint: float | None = None  # modulated: fallback instead of pausing
    absorb_export: bool = False  # switched/modulated: may be turned on/up to absorb export
    # True for loads with a setpoint (numbers and EV chargers). A field set from `kind`, not a
    # property: the engine asks it millions of times a day.
    is_modulated: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_modulated", self.kind is not LoadKind.SWITCHED)
        if self.kind is not LoadKind.SWITCHED:
            if self.min_setpoint > self.max_setpoint:
                raise ValueError(f"{self.load_id}: min_setpoint > max_setpoint")
            if self.setpoint_step <= 0 or self.setpoint_unit_w <= 0:
                raise ValueError(f"{self.load_id}: setpoint_step and setpoint_unit_w must be > 0")
        if self.absorb_export and self.kind is LoadKind.GENERATION:
            raise ValueError(f"{self.load_id}: a generator cannot absorb export")
        if min(self.min_on_s, self.min_off_s, self.max_off_s, self.rated_power_w) < 0:
            raise ValueError(f"{self.load_id}: timings and rated power must be >= 0")
        if not self.phases:
            raise ValueError(f"{self.load_id}: a load sits on at least one phase")

    @property
    def is_generation(self) -> bool:
        """True for a generator's power limit (its power is production, not consumption)."""
        return self.kind is LoadKind.GENERATION

    def power_at(self, setpoint: float) -> float:
        """Nominal power of a modulated load at `setpoint`."""
        return setpoint * self.setpoint_unit_w

    @classmethod
    def ev(
        cls,
        load_id: str,
        name: str,
        *,
        priority: int = 10,
        min_current_a: float = 6.0,
        max_current_a: float = 32.0,
        phases: int = 1,
        voltage_v: float = 230.0,
        **options: object,
    ) -> LoadConfig:
        """An EV charger: whole amps, pause below the minimum current.

        A paused charger stays paused at least 5 minutes unless told otherwise (`min_off_s`):
        cars and charge points dislike rapid stop/start, and chargers commonly enforce a
        similar guard time themselves.
        """
        options.setdefault("min_off_s", EV_MIN_OFF_S)
        return cls(
            load_id=load_id,
            name=name,
            kind=LoadKind.EV,
            priority=priority,
            rated_power_w=max_current_a * voltage_v * phases,
            phases=tuple(range(1, phases + 1)),
            min_setpoint=min_current_a,
            max_setpoint=max_current_a,
            setpoint_step=1.0,
            setpoint_unit_w=voltage_v * phases,
            **options,  # type: ignore[arg-type]
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadState:
    """What is known about a load right now (from HA entities or the simulator)."""

    available: bool = True
    is_on: bool = True  # switched on / EV not paused
    setpoint: float | None = None  # modulated: current setpoint
    power_w: float | None = None  # measured power of the load, if it has a sensor
    managed: bool = True  # the user's "managed" switch: False = leave it alone
    demand_setpoint: float | None = None  # modulated: what the user/device wants when free
    # A charger's charging plan (the driver's): when the car leaves (engine clock, s) and the
    # energy it still wants by then (Wh). Both set, or the charger has no plan (plan.py).
    departure_s: float | None = None
    energy_to_go_wh: float | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Measurement:
    """One valid site-power sample. Phase currents are optional, indexed phase 1..n."""

    site_power_w: float
    phase_currents_a: tuple[float, ...] | None = None
    # When its oldest reading was taken (None: at the step's time): one sensor per phase, one
    # of them frozen, makes every sample as old as that sensor's last report.
    taken_at: float | None = None
