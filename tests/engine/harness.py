"""A tiny closed-loop plant to drive the `Controller` over time in tests.

Site power = base load + the power of each simulated load, and the loads respond to the
controller's actions the next time the plant is sampled (zero actuation latency unless a load is
told to ignore commands). It is deliberately much simpler than the engine's trace simulator: it
exists so controller tests can say "run 5 minutes" and look at what a user would notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LimitConfig,
    LoadConfig,
    LoadKind,
    LoadState,
    Measurement,
    Mode,
    SiteConfig,
    Thresholds,
    Timing,
)
from custom_components.capacity_manager.engine.results import Action, Notice, NoticeKind, StepResult

VOLTAGE = 230.0


def site_config(
    limit_w: float = 10_000.0,
    *,
    thresholds: Thresholds | None = None,
    phases: int = 1,
    voltage_v: float = VOLTAGE,
    limits: dict[str, Any] | None = None,
    **timing: float,
) -> SiteConfig:
    """A site with `limit_w` on the panel, default thresholds (95/90/85 %) and fast timings.

    Timings default to values that make tests short; any `Timing` field can be given by name.
    """
    fast = {
        "restore_holdoff_s": 60.0,
        "restore_interval_s": 30.0,
        "modulate_interval_s": 10.0,
        "verify_s": 15.0,
        "ineffective_retry_s": 300.0,
        "override_s": 600.0,
        "stale_timeout_s": 60.0,
    }
    fast.update(timing)
    return SiteConfig(
        limits=LimitConfig(panel_limit_w=limit_w, **(limits or {})),
        thresholds=thresholds or Thresholds(),
        timing=Timing(**fast),
        phases=phases,
        voltage_v=voltage_v,
    )


def switched(load_id: str, power_w: float, priority: int = 10, **options: Any) -> LoadConfig:
    """A switched load (water heater, pool pump…) rated `power_w`."""
    return LoadConfig(
        load_id=load_id,
        name=load_id.replace("_", " ").title(),
        kind=LoadKind.SWITCHED,
        priority=priority,
        rated_power_w=power_w,
        **options,
    )


def ev(load_id: str, priority: int = 10, **options: Any) -> LoadConfig:
    """A single-phase 6–32 A EV charger at 230 V (7360 W at full current)."""
    return LoadConfig.ev(load_id, load_id.upper(), priority=priority, **options)


def dimmer(load_id: str, max_w: float, min_w: float = 0.0, priority: int = 10, **options: Any):
    """A modulated load with a W setpoint (e.g. a heat pump power limit)."""
    return LoadConfig(
        load_id=load_id,
        name=load_id.title(),
        kind=LoadKind.MODULATED,
        priority=priority,
        rated_power_w=max_w,
        min_setpoint=min_w,
        max_setpoint=max_w,
        setpoint_step=options.pop("setpoint_step", 100.0),
        **options,
    )


@dataclass
class SimLoad:
    """One load as a device: it follows commands (unless told not to) and draws power."""

    cfg: LoadConfig
    on: bool = True
    setpoint: float | None = None  # modulated: current setpoint (default: max)
    draw_w: float | None = None  # switched: power when on (default rated); modulated: cap
    sensor: bool = True  # does it report its own power?
    available: bool = True
    responsive: bool = True  # False: commands are accepted but nothing changes
    managed: bool = True
    demand_setpoint: float | None = None
    departure_s: float | None = None  # a charger's plan (engine/plan.py) ...
    energy_to_go_wh: float | None = None  # ... counted down by what the car draws

    def __post_init__(self) -> None:
        if self.cfg.is_modulated and self.setpoint is None:
            self.setpoint = self.cfg.max_setpoint

    @property
    def power_w(self) -> float:
        """What the device draws now."""
        if not (self.available and self.on):
            return 0.0
        cfg = self.cfg
        if cfg.is_modulated:
            assert self.setpoint is not None
            nominal = cfg.power_at(self.setpoint)
            return nominal if self.draw_w is None else min(nominal, self.draw_w)
        return cfg.rated_power_w if self.draw_w is None else self.draw_w

    def state(self) -> LoadState:
        """What Home Assistant (or the simulator) would report."""
        if not self.available:
            return LoadState(available=False, is_on=False)
        return LoadState(
            is_on=self.on,
            setpoint=self.setpoint,
            power_w=self.power_w if self.sensor else None,
            managed=self.managed,
            demand_setpoint=self.demand_setpoint,
            departure_s=self.departure_s,
            energy_to_go_wh=self.energy_to_go_wh,
        )

    def apply(self, action: Action) -> None:
        """Carry out a command the way a cooperative device would."""
        if not self.responsive or not self.available:
            return
        if action.kind is ActionKind.SHED:
            self.on = False
        elif action.kind is ActionKind.RESTORE:
            self.on = True
            if action.setpoint is not None:
                self.setpoint = action.setpoint
        elif action.setpoint is not None:
            self.setpoint = action.setpoint


@dataclass
class Plant:
    """The house: a base load that the controller cannot touch plus the simulated loads."""

    loads: dict[str, SimLoad]
    base: float | Callable[[float], float] = 0.0
    phases: int = 1
    voltage_v: float = VOLTAGE

    @classmethod
    def of(
        cls,
        *loads: SimLoad | LoadConfig,
        base: float | Callable[[float], float] = 0.0,
        phases: int = 1,
    ) -> Plant:
        """Build a plant; bare configs become loads that are on at full power."""
        sims = [load if isinstance(load, SimLoad) else SimLoad(load) for load in loads]
        return cls({sim.cfg.load_id: sim for sim in sims}, base, phases)

    def base_w(self, now: float) -> float:
        """Uncontrollable load at `now`."""
        return self.base(now) if callable(self.base) else self.base

    def site_power(self, now: float) -> float:
        """What the site meter reads."""
        return self.base_w(now) + sum(load.power_w for load in self.loads.values())

    def phase_currents(self, now: float) -> tuple[float, ...]:
        """Per-phase current: base spread evenly, each load split over its own phases."""
        per_phase = [self.base_w(now) / self.phases] * self.phases
        for load in self.loads.values():
            phases = load.cfg.phases
            for phase in phases:
                per_phase[phase - 1] += load.power_w / len(phases)
        return tuple(w / self.voltage_v for w in per_phase)

    def states(self) -> dict[str, LoadState]:
        """Load states keyed by id."""
        return {load_id: load.state() for load_id, load in self.loads.items()}

    def apply(self, actions: Iterable[Action]) -> None:
        """Deliver commands to the devices."""
        for action in actions:
            self.loads[action.load_id].apply(action)


@dataclass
class Loop:
    """Closed loop: measure the plant, step the controller, apply its actions, advance time."""

    controller: Controller
    plant: Plant
    dt: float = 1.0
    now: float = 0.0
    with_phases: bool = False
    skip_idle: bool = False  # ask `skippable` first, as the simulator does
    skipped: int = 0
    _last_states: dict[str, LoadState] | None = None
    history: list[tuple[float, Action]] = field(default_factory=list)
    notices: list[tuple[float, Notice]] = field(default_factory=list)
    advisory: list[tuple[float, Action]] = field(default_factory=list)
    site: list[tuple[float, float]] = field(default_factory=list)
    last: StepResult | None = None

    @classmethod
    def build(
        cls,
        site: SiteConfig,
        *loads: SimLoad | LoadConfig,
        base: float | Callable[[float], float] = 0.0,
        mode: Mode = Mode.ACTIVE,
        dt: float = 1.0,
        with_phases: bool = False,
    ) -> Loop:
        """A controller over a fresh plant."""
        plant = Plant.of(*loads, base=base, phases=site.phases)
        plant.voltage_v = site.voltage_v
        controller = Controller(site, [load.cfg for load in plant.loads.values()], mode=mode)
        return cls(controller, plant, dt=dt, with_phases=with_phases)

    def load(self, load_id: str) -> SimLoad:
        """The simulated device `load_id`."""
        return self.plant.loads[load_id]

    def tick(self, *, measure: bool = True, site_w: float | None = None) -> StepResult:
        """One step at `now` (no measurement when `measure` is False), then advance."""
        now = self.now
        measurement = None
        states = self.plant.states()
        if measure:
            power = self.plant.site_power(now) if site_w is None else site_w
            phases = self.plant.phase_currents(now) if self.with_phases else None
            measurement = Measurement(site_power_w=power, phase_currents_a=phases)
            self.site.append((now, power))
            changed = states != self._last_states
            if self.skip_idle and self.controller.skippable(now, power, changed):
                self.skipped += 1
                self.now = now + self.dt
                return StepResult((), (), (), self.controller.snapshot)
        self._last_states = states
        result = self.controller.step(now, measurement, states)
        self.history.extend((now, action) for action in result.actions)
        self.notices.extend((now, notice) for notice in result.notices)
        self.advisory.extend((now, action) for action in result.advisory)
        self.plant.apply(result.actions)
        for load in self.plant.loads.values():
            if load.energy_to_go_wh is not None:
                load.energy_to_go_wh = max(
                    0.0, load.energy_to_go_wh - load.power_w * self.dt / 3600
                )
        self.last = result
        self.now = now + self.dt
        return result

    def run(self, seconds: float, *, measure: bool = True) -> list[StepResult]:
        """Step for `seconds` of simulated time."""
        results = []
        end = self.now + seconds - 1e-9
        while self.now < end:
            results.append(self.tick(measure=measure))
        return results

    def actions_for(self, load_id: str) -> list[tuple[float, Action]]:
        """Every action sent to `load_id`, with its time."""
        return [(t, a) for t, a in self.history if a.load_id == load_id]

    def notices_of(self, kind: NoticeKind) -> list[tuple[float, Notice]]:
        """Every notice of `kind`, with its time."""
        return [(t, n) for t, n in self.notices if n.kind is kind]

    def max_site_since(self, since: float) -> float:
        """Highest site power measured at or after `since`."""
        return max(p for t, p in self.site if t >= since)
