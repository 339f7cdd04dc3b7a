"""The charging plans of a site's chargers: when each car leaves and the energy it wants by then.

A plan is the driver's (`set_charging_plan`), so it lives in the glue, not the engine: each step
the engine sees only the departure and the energy still to go on the charger's `LoadState`.
The energy delivered since the plan was set is counted here from what the charger draws
between steps (left rectangles: the power of one step over the gap to the next), at most
`MAX_GAP_S` per gap so a stalled loop or a restart does not credit energy nobody measured.
Plans are saved with the site's memory (memory.py) and end once their departure has passed.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from .const import LOGGER
from .engine.models import LoadState
from .engine_config import LoadBinding

MAX_GAP_S: Final = 300.0
# Delivered energy is saved again after this much more (not on every step: a write a second).
SAVE_EVERY_WH: Final = 100.0


@dataclass(kw_only=True, slots=True)
class ChargingPlan:
    """One charger's plan: departure (epoch s), energy wanted and delivered since set (Wh)."""

    departure_s: float
    wanted_wh: float
    delivered_wh: float = 0.0

    @property
    def to_go_wh(self) -> float:
        """Energy the car still wants."""
        return max(0.0, self.wanted_wh - self.delivered_wh)

    def export(self) -> dict[str, float]:
        """Plain form for storage and diagnostics."""
        return {
            "departure": self.departure_s,
            "wanted_wh": self.wanted_wh,
            "delivered_wh": self.delivered_wh,
        }

    @classmethod
    def from_export(cls, raw: Any) -> ChargingPlan | None:
        """A plan from `export()`; None when anything is missing or not a sane number."""
        if not isinstance(raw, dict):
            return None
        values = [raw.get(k) for k in ("departure", "wanted_wh", "delivered_wh")]
        if not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in values
        ):
            return None
        departure, wanted, delivered = (float(v) for v in values)  # type: ignore[arg-type]
        if wanted <= 0 or delivered < 0:
            return None
        return cls(departure_s=departure, wanted_wh=wanted, delivered_wh=delivered)


@dataclass(frozen=True, slots=True)
class PlanView:
    """What a charger's status sensor shows of its plan (rounded: not a write per Wh)."""

    departure_s: float
    energy_to_go_kwh: float


def charger_power_w(binding: LoadBinding, state: LoadState) -> float:
    """What a charger draws now: its power sensor, else its setpoint's power while it charges.

    With a power sensor that cannot be read nothing is counted: guessing from the setpoint
    would credit energy a full or unplugged car never took.
    """
    if binding.power_sensor:
        return max(0.0, state.power_w or 0.0)
    if state.available and state.is_on and state.setpoint is not None:
        return max(0.0, binding.config.power_at(state.setpoint))
    return 0.0


class ChargingPlans:
    """The plans of one site, by charger load id."""

    def __init__(self, title: str) -> None:
        self._title = title
        self.plans: dict[str, ChargingPlan] = {}
        self._power_w: dict[str, float] = {}  # what each planned charger drew at the last step
        self._saved_wh: dict[str, float] = {}  # delivered energy when last asked to be saved
        self._last: float | None = None

    def set(self, load_id: str, departure_s: float, wanted_wh: float) -> None:
        """A new plan replaces the old one; counting starts from now."""
        self.plans[load_id] = ChargingPlan(departure_s=departure_s, wanted_wh=wanted_wh)
        self._power_w.pop(load_id, None)
        self._saved_wh.pop(load_id, None)

    def clear(self, load_id: str) -> bool:
        """Forget a charger's plan; True when it had one."""
        self._power_w.pop(load_id, None)
        self._saved_wh.pop(load_id, None)
        return self.plans.pop(load_id, None) is not None

    def step(
        self,
        now: float,
        states: Mapping[str, LoadState],
        bindings: Mapping[str, LoadBinding],
    ) -> tuple[Mapping[str, LoadState], bool]:
        """Count the energy since the last step, end past plans, fill the chargers' states.

        Returns the states the engine gets and whether the plans should be saved.
        """
        gap = 0.0 if self._last is None else min(max(now - self._last, 0.0), MAX_GAP_S)
        self._last = now
        if not self.plans:  # the usual case, on every sample: no copy
            return states, False
        filled = dict(states)
        save = False
        for load_id, plan in list(self.plans.items()):
            plan.delivered_wh += self._power_w.get(load_id, 0.0) * gap / 3600.0
            binding, state = bindings.get(load_id), states.get(load_id)
            if now >= plan.departure_s or binding is None or state is None:
                name = binding.config.name if binding else load_id
                LOGGER.info(
                    "%s: the charging plan of %s ended (%.2f kWh delivered, %.2f kWh to go)",
                    self._title,
                    name,
                    plan.delivered_wh / 1000,
                    plan.to_go_wh / 1000,
                )
                self.clear(load_id)
                save = True
                continue
            self._power_w[load_id] = charger_power_w(binding, state)
            filled[load_id] = replace(
                state, departure_s=plan.departure_s, energy_to_go_wh=plan.to_go_wh
            )
            if plan.delivered_wh - self._saved_wh.get(load_id, 0.0) >= SAVE_EVERY_WH:
                self._saved_wh[load_id] = plan.delivered_wh
                save = True
        return filled, save

    def views(self) -> dict[str, PlanView]:
        """What the chargers' entities show."""
        return {
            load_id: PlanView(plan.departure_s, round(plan.to_go_wh / 1000, 2))
            for load_id, plan in self.plans.items()
        }

    def export(self) -> dict[str, dict[str, float]]:
        """Plain form for storage and diagnostics (load ids and numbers: nothing to redact)."""
        return {load_id: plan.export() for load_id, plan in self.plans.items()}

    def restore(self, raw: Any, chargers: Collection[str]) -> None:
        """Plans from storage; malformed ones are dropped with one warning.

        A plan whose charger is gone (its subentry deleted, or no longer a charger) is dropped
        quietly: nobody can act on it. One already departed ends at the first step, logged.
        """
        self.plans.clear()
        if raw is None:
            return
        items = raw.items() if isinstance(raw, dict) else ()
        malformed = not isinstance(raw, dict)
        for load_id, stored in items:
            plan = ChargingPlan.from_export(stored)
            if plan is None:
                malformed = True
            elif load_id in chargers:
                self.plans[load_id] = plan
                self._saved_wh[load_id] = plan.delivered_wh
        if malformed:
            LOGGER.warning("%s: ignored malformed stored charging plans", self._title)
