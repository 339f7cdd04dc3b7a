"""Run the same scenario under each controller by name (replay tool and benchmark use this).

Names: `capacity_manager` (our Controller), `oracle`, `threshold_rule`, `ev_headroom`, and
`uncontrolled` (nothing ever acts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .controller import Controller
from .ev_headroom import EvHeadroom
from .models import LoadState, Measurement
from .oracle import run_oracle
from .results import Action, StepResult
from .scenario import Scenario
from .simulator import NullController, SimController, SimResult, simulate
from .threshold_rule import ThresholdRule

CONTROLLER_NAMES = ("capacity_manager", "oracle", "threshold_rule", "ev_headroom")
ALL_NAMES = (*CONTROLLER_NAMES, "uncontrolled")


class CapacityManagerPolicy:
    """Drives an `engine.controller.Controller` from the simulator.

    It skips a sample only if the controller itself offers
    `skippable(now, site_power_w, loads_changed)` (the simulator's contract, see `simulator`):
    only the controller can tell that a step would change nothing, learning included.
    """

    def __init__(self, controller: Controller) -> None:
        """Wrap `controller`; `last` keeps the latest StepResult."""
        self.controller = controller
        self.last: StepResult | None = None
        skippable = getattr(controller, "skippable", None)
        self._skippable = skippable if callable(skippable) else None

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> CapacityManagerPolicy:
        """A fresh Controller for the scenario's site and loads."""
        return cls(Controller(scenario.site, scenario.load_configs()))

    def skippable(self, now: float, site_power_w: float, loads_changed: bool) -> bool:
        """Delegates to the controller when it can tell; else never skips."""
        return self._skippable is not None and bool(
            self._skippable(now, site_power_w, loads_changed)
        )

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> Sequence[Action]:
        """One controller step."""
        self.last = self.controller.step(now, measurement, states)
        return self.last.actions


def make_controller(name: str, scenario: Scenario) -> SimController:
    """A fresh controller of kind `name` for `scenario` (not for `oracle`: see run_controller)."""
    loads = scenario.load_configs()
    if name == "capacity_manager":
        return CapacityManagerPolicy.for_scenario(scenario)
    if name == "threshold_rule":
        return ThresholdRule(scenario.limit_w, loads)
    if name == "ev_headroom":
        return EvHeadroom(scenario.limit_w, loads)
    if name == "uncontrolled":
        return NullController()
    raise ValueError(f"unknown controller {name!r} (known: {', '.join(ALL_NAMES)})")


def run_controller(
    name: str, scenario: Scenario, *, record: bool = False, skip_idle: bool = True
) -> SimResult:
    """Simulate `scenario` under controller `name` (one of ALL_NAMES)."""
    if name == "oracle":
        return run_oracle(scenario, record=record)
    return simulate(scenario, make_controller(name, scenario), skip_idle=skip_idle, record=record)


def compare(
    scenario: Scenario, names: Iterable[str] = CONTROLLER_NAMES, *, record: bool = False
) -> dict[str, SimResult]:
    """Every named controller on the same scenario."""
    return {name: run_controller(name, scenario, record=record) for name in names}
