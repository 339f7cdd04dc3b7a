"""Read Home Assistant states as engine inputs: site power samples and load states.

Everything here is a pure function of `State` objects, so the coordinator stays glue and the
unit, sign and plausibility rules are tested on their own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT, STATE_OFF, STATE_ON
from homeassistant.core import State

from .engine.models import LoadState, Measurement
from .engine_config import LoadBinding

if TYPE_CHECKING:
    from .actuators import Asked

# Units a power or current sensor may report, as factors to W or A.
_POWER_UNITS = {"W": 1.0, "kW": 1000.0, "MW": 1_000_000.0, "mW": 0.001}
_CURRENT_UNITS = {"A": 1.0, "mA": 0.001}
_UNKNOWN_STATES = ("unavailable", "unknown", "")
# A sample beyond this many times the panel rating is a glitch (unit mix-up, counter reset):
# the breaker would have tripped long before.
PLAUSIBLE_FACTOR = 3.0
# Without export (no solar, no battery) a meter reading below this is a glitch, not export.
EXPORT_NOISE_W = 100.0


@dataclass(frozen=True, slots=True)
class Rejected:
    """Why a sample could not be used (logged once per distinct reason)."""

    entity_id: str
    reason: str  # "unavailable", "not_numeric", "unit", "unit_change", "implausible", "stale"
    value: str


def read_number(state: State | None, units: dict[str, float] | None = None) -> float | Rejected:
    """A finite number from `state`, scaled by its unit when `units` is given."""
    if state is None or state.state in _UNKNOWN_STATES:
        entity_id = state.entity_id if state else "?"
        return Rejected(entity_id, "unavailable", state.state if state else "missing")
    try:
        value = float(state.state)
    except ValueError:
        return Rejected(state.entity_id, "not_numeric", state.state)
    if not math.isfinite(value):
        return Rejected(state.entity_id, "not_numeric", state.state)
    if units is None:
        return value
    unit = state.attributes.get(ATTR_UNIT_OF_MEASUREMENT)
    # No unit at all: take the configured meaning (W or A) as is.
    factor = units.get(str(unit)) if unit else 1.0
    if factor is None:
        return Rejected(state.entity_id, "unit", str(unit))
    return value * factor


def read_power_w(state: State | None) -> float | Rejected:
    """Power in W from a W/kW sensor."""
    return read_number(state, _POWER_UNITS)


def site_measurement(
    states: Sequence[State | None],
    *,
    per_phase_current: bool,
    export_negative: bool,
    voltage_v: float,
    panel_limit_w: float,
    export_possible: bool = True,
) -> Measurement | Rejected:
    """One site-power sample from a single power sensor or one sensor per phase.

    Single sensor: power. Per phase: power in W (summed; phase current = |P| / V) or current
    in A (phase current as read; power = I × V). The sign is flipped when the meter reads
    exports as positive. Samples far beyond the panel limit, and export at a site that cannot
    export, are rejected as implausible.
    """
    values: list[float] = []
    for state in states:
        value = read_number(state, _CURRENT_UNITS if per_phase_current else _POWER_UNITS)
        if isinstance(value, Rejected):
            return value
        values.append(value)
    sign = 1.0 if export_negative else -1.0
    currents: tuple[float, ...] | None
    if per_phase_current:
        currents = tuple(abs(v) for v in values)
        power = sign * sum(v * voltage_v for v in values)
    else:
        power = sign * sum(values)
        currents = tuple(abs(v) / voltage_v for v in values) if len(values) > 1 else None
    if abs(power) > PLAUSIBLE_FACTOR * panel_limit_w or (
        not export_possible and power < -EXPORT_NOISE_W
    ):
        entity_id = states[0].entity_id if states and states[0] else "?"
        return Rejected(entity_id, "implausible", f"{power:.0f} W")
    return Measurement(site_power_w=power, phase_currents_a=currents if len(values) > 1 else None)


class UnitGuard:
    """Catches a sensor whose unit changed while its number did not (a W reading labelled kW).

    A real change of unit (5200 W shown as 5.2 kW) moves the number by the ratio of the units; a
    mislabel keeps the number and moves the power a thousandfold. Of the two readings, the one
    implying the smaller change of power since the last trusted sample wins. A mislabelled
    unit is not trusted again until the sensor reports in its old unit (or the entry reloads):
    its samples are rejected, so if it lasts the failsafe takes over.
    """

    def __init__(self, units: Mapping[str, float]) -> None:
        self._units = units
        self._trusted: dict[str, tuple[str, float]] = {}  # entity -> (unit, number)
        self._suspect: dict[str, str] = {}  # entity -> the unit it is not trusted in

    def _factor(self, unit: str) -> float:
        return self._units.get(unit, 1.0) if unit else 1.0  # no unit: the configured one

    def check(self, states: Sequence[State | None]) -> Rejected | None:
        """A rejection for the first sensor whose unit change looks like a mislabel."""
        for state in states:
            known = self._trusted.get(state.entity_id) if state is not None else None
            if state is None or known is None:
                continue
            unit = str(state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) or "")
            if unit == known[0]:
                self._suspect.pop(state.entity_id, None)
                continue
            try:
                value = float(state.state)
            except ValueError:
                continue  # not a number: rejected as such by the reader
            if (unit and unit not in self._units) or not math.isfinite(value):
                continue
            old_unit, old_value = known
            rejected = Rejected(state.entity_id, "unit_change", f"{old_unit} -> {unit}")
            if self._suspect.get(state.entity_id) == unit:
                return rejected
            low, high = sorted((abs(value), abs(old_value)))
            if high < 1e-9:
                continue  # zero in any unit: no evidence either way
            ratio = self._factor(unit) / self._factor(old_unit)
            if high < math.sqrt(max(ratio, 1 / ratio)) * max(low, 1e-9):
                self._suspect[state.entity_id] = unit
                return rejected
        return None

    def accept(self, states: Sequence[State | None]) -> None:
        """Trust the units and numbers of a valid sample (zero readings teach nothing)."""
        for state in states:
            if state is None:
                continue
            unit = str(state.attributes.get(ATTR_UNIT_OF_MEASUREMENT) or "")
            known = self._trusted.get(state.entity_id)
            try:
                value = float(state.state)
            except ValueError:
                continue
            if known is None or unit == known[0] or abs(value) > 1e-9:
                self._trusted[state.entity_id] = (unit, value)


def unit_guard(*, current: bool) -> UnitGuard:
    """A guard for power sensors (W, kW...) or, with `current`, current sensors (A, mA)."""
    return UnitGuard(_CURRENT_UNITS if current else _POWER_UNITS)


def _is_on(state: State) -> bool:
    """On for switch-like domains; anything but off for climate and water heaters."""
    # The entity id's domain: recorder history gives LazyStates, which have no `domain`.
    if state.entity_id.partition(".")[0] in ("climate", "water_heater"):
        return state.state != STATE_OFF
    return state.state == STATE_ON


def is_on(state: State) -> bool:
    """On as the runtime counts it (a water heater "electric", a climate "heat" too).

    Unknown or unavailable: off, since nothing says it draws (history replays use this).
    """
    return state.state not in _UNKNOWN_STATES and _is_on(state)


def load_state(
    binding: LoadBinding,
    entity: State | None,
    pause: State | None,
    power: State | None,
    *,
    managed: bool,
) -> LoadState:
    """What the engine should know about one load right now."""
    power_w: float | None = None
    if binding.power_sensor:
        value = read_power_w(power)
        power_w = None if isinstance(value, Rejected) else value
    if entity is None or entity.state in _UNKNOWN_STATES:
        return LoadState(available=False, is_on=False, power_w=power_w, managed=managed)
    if not binding.config.is_modulated:
        return LoadState(is_on=_is_on(entity), power_w=power_w, managed=managed)
    setpoint = read_number(entity)
    if isinstance(setpoint, Rejected):
        return LoadState(available=False, is_on=False, power_w=power_w, managed=managed)
    is_on = True
    if binding.pause_switch:
        if pause is None or pause.state in _UNKNOWN_STATES:
            return LoadState(
                available=False, is_on=False, setpoint=setpoint, power_w=power_w, managed=managed
            )
        is_on = pause.state == STATE_ON
    return LoadState(is_on=is_on, setpoint=setpoint, power_w=power_w, managed=managed)


def read_load_states(
    get: Callable[[str], State | None],
    bindings: Mapping[str, LoadBinding],
    managed: Callable[[str], bool],
) -> dict[str, LoadState]:
    """The state of every load, from the state machine's `get`."""
    return {
        load_id: load_state(
            b,
            get(b.entity_id),
            get(b.pause_switch) if b.pause_switch else None,
            get(b.power_sensor) if b.power_sensor else None,
            managed=managed(load_id),
        )
        for load_id, b in bindings.items()
    }


def turned_up(
    binding: LoadBinding, previous: LoadState, current: LoadState, asked: Asked | None = None
) -> bool:
    """True when a load went from off to on, or its setpoint went up by at least a step/2.

    Only beyond what our commands `asked` of it: a device reaching what we asked (a cloud
    charger showing our new current at its next poll, with a context of its own) is our change
    confirmed, not the user's. Switched on when we asked it off, or raised past the setpoint we
    asked (or with no setpoint asked), is a turn-up.
    """
    if not current.available:
        return False
    half_step = binding.config.setpoint_step / 2
    switched_on = current.is_on and not previous.is_on and not (asked and asked.on)
    raised = (
        current.setpoint is not None
        and previous.setpoint is not None
        and current.setpoint > previous.setpoint + half_step
        and (
            asked is None or asked.setpoint is None or current.setpoint > asked.setpoint + half_step
        )
    )
    return switched_on or raised
