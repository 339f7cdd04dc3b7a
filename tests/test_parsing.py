"""Reading HA states as engine inputs: units, signs, phases, plausibility, load states."""

from __future__ import annotations

import pytest
from homeassistant.core import State

from custom_components.capacity_manager.engine.models import (
    LoadConfig,
    LoadKind,
    LoadState,
    Measurement,
)
from custom_components.capacity_manager.engine_config import LoadBinding
from custom_components.capacity_manager.parsing import (
    Rejected,
    load_state,
    read_power_w,
    site_measurement,
)


def _power(value: str, unit: str | None = "W", entity_id: str = "sensor.p") -> State:
    return State(entity_id, value, {"unit_of_measurement": unit} if unit else {})


@pytest.mark.parametrize(
    ("value", "unit", "watts"),
    [("1200", "W", 1200.0), ("1.2", "kW", 1200.0), ("0.0012", "MW", 1200.0), ("800", None, 800.0)],
)
def test_power_units(value: str, unit: str | None, watts: float) -> None:
    assert read_power_w(_power(value, unit)) == pytest.approx(watts)


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (None, "unavailable"),
        (_power("unavailable"), "unavailable"),
        (_power("unknown"), "unavailable"),
        (_power("abc"), "not_numeric"),
        (_power("nan"), "not_numeric"),
        (_power("inf"), "not_numeric"),
        (_power("5", "BTU/h"), "unit"),
    ],
)
def test_unusable_power_readings(state: State | None, reason: str) -> None:
    result = read_power_w(state)
    assert isinstance(result, Rejected)
    assert result.reason == reason


def _site(
    states: list[State | None], *, per_phase_current: bool = False, export_negative: bool = True
) -> Measurement | Rejected:
    return site_measurement(
        states,
        per_phase_current=per_phase_current,
        export_negative=export_negative,
        voltage_v=230.0,
        panel_limit_w=10000.0,
    )


def _sample(states: list[State | None], **kwargs: bool) -> Measurement:
    result = _site(states, **kwargs)
    assert isinstance(result, Measurement)
    return result


def test_single_sensor_sign() -> None:
    assert _sample([_power("-500")]).site_power_w == -500
    flipped = _sample([_power("-500")], export_negative=False)
    assert flipped.site_power_w == 500
    assert flipped.phase_currents_a is None


def test_per_phase_power_gives_currents() -> None:
    sample = _sample([_power("2300"), _power("0.46", "kW"), _power("-230")])
    assert sample.site_power_w == pytest.approx(2530)
    assert sample.phase_currents_a == pytest.approx((10, 2, 1))


def test_per_phase_current() -> None:
    states = [
        State("sensor.l1", "10", {"unit_of_measurement": "A"}),
        State("sensor.l2", "5000", {"unit_of_measurement": "mA"}),
    ]
    sample = _sample(states, per_phase_current=True)
    assert sample.site_power_w == pytest.approx(15 * 230)
    assert sample.phase_currents_a == pytest.approx((10, 5))


def test_one_bad_phase_rejects_the_sample() -> None:
    result = _site([_power("100"), _power("unavailable", entity_id="sensor.l2")])
    assert isinstance(result, Rejected)
    assert result.entity_id == "sensor.l2"


def test_implausible_sample() -> None:
    result = _site([_power("150000")])
    assert isinstance(result, Rejected)
    assert result.reason == "implausible"


def _binding(kind: LoadKind, pause: str | None = None, sensor: str | None = None) -> LoadBinding:
    if kind is LoadKind.SWITCHED:
        config = LoadConfig(load_id="l", name="L", kind=kind, rated_power_w=100)
        return LoadBinding(config=config, entity_id="switch.l", power_sensor=sensor)
    config = LoadConfig.ev("l", "L", can_pause=pause is not None)
    return LoadBinding(config=config, entity_id="number.l", pause_switch=pause, power_sensor=sensor)


@pytest.mark.parametrize(
    ("entity_id", "state", "is_on"),
    [
        ("switch.l", "on", True),
        ("switch.l", "off", False),
        ("climate.l", "heat", True),
        ("climate.l", "off", False),
        ("water_heater.l", "eco", True),
    ],
)
def test_switched_load_state(entity_id: str, state: str, is_on: bool) -> None:
    binding = _binding(LoadKind.SWITCHED, sensor="sensor.lp")
    result = load_state(binding, State(entity_id, state), None, _power("1.5", "kW"), managed=False)
    assert result == LoadState(is_on=is_on, power_w=1500.0, managed=False)


def test_modulated_load_state() -> None:
    binding = _binding(LoadKind.EV, pause="switch.p")
    amps = State("number.l", "10")
    assert load_state(binding, amps, State("switch.p", "off"), None, managed=True) == LoadState(
        is_on=False, setpoint=10.0
    )
    assert not load_state(binding, amps, None, None, managed=True).available
    assert not load_state(binding, State("number.l", "x"), None, None, managed=True).available
    assert not load_state(binding, None, None, None, managed=True).available
    no_pause = _binding(LoadKind.EV)
    assert load_state(no_pause, amps, None, None, managed=True) == LoadState(setpoint=10.0)


def test_bad_load_power_reading_is_unknown_power() -> None:
    binding = _binding(LoadKind.SWITCHED, sensor="sensor.lp")
    result = load_state(binding, State("switch.l", "on"), None, _power("x"), managed=True)
    assert result.power_w is None
    assert result.is_on
