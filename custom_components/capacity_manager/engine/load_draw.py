"""What a load draws now and would draw at another setpoint: the power side of `LoadTrack`.

Kept apart from the controller's intent and command checks (tracking.py): these are pure
readings of the load's configuration, its latest state and its learned power, used by every
decision module (ladder, restore, reserve, margin).
"""

from __future__ import annotations

from .estimation import PowerEstimator
from .models import LoadConfig, LoadState

UNAVAILABLE_STATE = LoadState(available=False, is_on=False)


class LoadDraw:
    """A load's power as the controller sees it (base of `tracking.LoadTrack`)."""

    __slots__ = ("cfg", "estimator", "state")

    def __init__(self, cfg: LoadConfig) -> None:
        """Nothing known yet: treated as unavailable until a state arrives."""
        self.cfg = cfg
        self.estimator = PowerEstimator(cfg.rated_power_w)
        self.state = UNAVAILABLE_STATE

    def current_power(self) -> float:
        """Best guess of what the load draws right now."""
        state = self.state
        if not state.available or not state.is_on:
            return 0.0
        if state.power_w is not None:
            return max(0.0, state.power_w)
        cfg = self.cfg
        if cfg.is_modulated and state.setpoint is not None:
            return cfg.power_at(state.setpoint)
        return self.estimator.expected_w

    def power_at(self, setpoint: float) -> float:
        """What the load would draw at `setpoint` (a car may draw less than offered)."""
        cfg = self.cfg
        nominal = cfg.power_at(setpoint)
        state = self.state
        if state.power_w is not None and state.is_on and state.setpoint:
            # Scale the measured draw: a car already drawing less keeps doing so.
            return min(nominal, state.power_w * setpoint / state.setpoint)
        return nominal

    def has_plan(self) -> bool:
        """A charger with a driver's plan that still wants energy (plan.py)."""
        state = self.state
        return state.departure_s is not None and (state.energy_to_go_wh or 0.0) > 0.0

    def potential_w(self) -> float:
        """How much more a running modulated load may draw by itself at its current offer."""
        cfg = self.cfg
        state = self.state
        if not cfg.is_modulated or not state.is_on or not state.available or state.setpoint is None:
            return 0.0
        return max(0.0, cfg.power_at(state.setpoint) - self.current_power())

    def watts_per_unit(self) -> float:
        """Measured W per setpoint unit, never below nominal (used to turn a load down)."""
        state = self.state
        nominal = self.cfg.setpoint_unit_w
        if state.power_w is not None and state.is_on and state.setpoint:
            return max(nominal, state.power_w / state.setpoint)
        return nominal

    def power_after_cut(self, setpoint: float) -> float:
        """What the load will draw once turned down to `setpoint`, erring high.

        Shedding must not count on savings that never come: a car drawing less than offered
        (its battery limits it) keeps drawing that until the offer falls below its draw, so
        scaling its draw down with the setpoint (as `power_at` does) overstates what is freed.
        """
        return min(setpoint * self.watts_per_unit(), self.current_power())
