"""SunSpec discovery and meter-model decoding, on register images (no network here)."""

from __future__ import annotations

import pytest

from custom_components.capacity_manager.sources.modbus import (
    BadRegisterError,
    NotSunSpecError,
    SunSpecProfile,
)
from custom_components.capacity_manager.sources.modbus.sunspec import (
    SunSpecMeterPlan,
    async_discover,
)
from tests.modbus.meters import NI, State, state_at, write_sdm630, write_sunspec
from tests.modbus.sim import HOLDING, RegisterBank, int16


def _reader(bank: RegisterBank):
    """A device that answers from the bank and rejects unmapped registers, as a meter does."""

    async def read(address: int, count: int) -> list[int]:
        if not bank.mapped(HOLDING, address, count):
            raise BadRegisterError("illegal address")
        return bank.get(HOLDING, address, count)

    return read


def _plan_and_words(bank: RegisterBank, model: int, data_address: int):
    return SunSpecMeterPlan(model, 40000, data_address), [bank.get(HOLDING, data_address, 21)]


@pytest.mark.parametrize("base", [40000, 0, 50000])
async def test_marker_is_found_at_each_known_base_and_the_meter_model_after_others(base) -> None:
    bank = RegisterBank()
    data_address = write_sunspec(bank, state_at(0), base=base, model=203, extra_models=(101, 120))
    plan = await async_discover(_reader(bank), SunSpecProfile())
    assert (plan.model_id, plan.base, plan.data_address) == (203, base, data_address)


async def test_device_without_marker_is_not_sunspec() -> None:
    bank = RegisterBank()
    write_sdm630(bank, state_at(0))  # input registers only: every holding read is rejected
    bank.fill(HOLDING, 0, 10, 0x4142)  # something else answers at 0
    with pytest.raises(NotSunSpecError) as err:
        await async_discover(_reader(bank), SunSpecProfile())
    assert err.value.error_key == "not_sunspec"


async def test_sunspec_device_without_a_meter_model_is_not_sunspec() -> None:
    bank = RegisterBank()
    write_sunspec(bank, state_at(0), model=103)  # an inverter model, no meter
    with pytest.raises(NotSunSpecError, match="meter model"):
        await async_discover(_reader(bank), SunSpecProfile())


async def test_chain_running_into_unmapped_registers_is_rejected() -> None:
    bank = RegisterBank()
    write_sunspec(bank, state_at(0))
    bank.set(HOLDING, 40002, [1, 3000])  # common model claims a length past the device's map
    with pytest.raises(BadRegisterError):
        await async_discover(_reader(bank), SunSpecProfile())


SMALL = State(
    phase_w=(120.5, -80.2, 33.0), phase_a=(0.52, 0.35, 0.14), phase_v=(230.12, 229.87, 231.05)
)


@pytest.mark.parametrize(
    ("state", "w_sf", "a_sf", "v_sf"),
    [(state_at(1), 0, -2, -1), (state_at(1), 2, -3, -2), (SMALL, -1, -2, -2), (SMALL, 1, 0, 1)],
)
def test_values_are_scaled_by_their_signed_scale_factors(state, w_sf, a_sf, v_sf) -> None:
    bank = RegisterBank()
    address = write_sunspec(bank, state, w_sf=w_sf, a_sf=a_sf, v_sf=v_sf)
    values = SunSpecMeterPlan(203, 40000, address).decode([bank.get(HOLDING, address, 21)])
    res_w, res_a, res_v = 10.0**w_sf, 10.0**a_sf, 10.0**v_sf
    assert values.total_w == pytest.approx(state.total_w, abs=res_w * 2)
    assert values.phase_w == pytest.approx(state.phase_w, abs=res_w / 2)
    assert values.phase_a == pytest.approx(state.phase_a, abs=res_a / 2)
    assert values.phase_v == pytest.approx(state.phase_v, abs=res_v / 2)


def test_export_reads_negative() -> None:
    bank = RegisterBank()
    state = state_at(3)
    address = write_sunspec(bank, state)
    values = SunSpecMeterPlan(203, 40000, address).decode([bank.get(HOLDING, address, 21)])
    assert state.total_w < 0
    assert values.total_w == pytest.approx(state.total_w, abs=1.0)


def test_single_and_split_phase_models_report_their_phases_only() -> None:
    for model, phases in ((201, 1), (202, 2)):
        bank = RegisterBank()
        address = write_sunspec(bank, state_at(0, phases=phases), model=model)
        values = SunSpecMeterPlan(model, 40000, address).decode([bank.get(HOLDING, address, 21)])
        assert values.phase_w is not None
        assert len(values.phase_w) == phases


def test_not_implemented_quantities_are_absent_not_zero() -> None:
    bank = RegisterBank()
    # A delta meter (204) without line-to-neutral voltages, and no current scale factor.
    address = write_sunspec(bank, state_at(0), model=204, overrides={6: NI, 7: NI, 8: NI, 4: NI})
    values = SunSpecMeterPlan(204, 40000, address).decode([bank.get(HOLDING, address, 21)])
    assert values.phase_v is None
    assert values.phase_a is None
    assert values.phase_w is not None


def test_total_power_not_implemented_is_the_sum_of_the_phases() -> None:
    bank = RegisterBank()
    state = state_at(1)
    address = write_sunspec(bank, state, overrides={16: NI})
    values = SunSpecMeterPlan(203, 40000, address).decode([bank.get(HOLDING, address, 21)])
    assert values.total_w == pytest.approx(state.total_w, abs=3.0)


@pytest.mark.parametrize(
    "overrides",
    [
        {16: NI, 17: NI},  # no total and a phase missing: no power at all
        {20: NI},  # power scale factor not implemented
        {20: int16(11)},  # scale factor outside -10..10
        {20: int16(4)},  # 10^4 x a normal value: far beyond a household
    ],
)
def test_unusable_power_is_rejected_as_bad_register(overrides) -> None:
    bank = RegisterBank()
    address = write_sunspec(bank, state_at(1), overrides=overrides)
    with pytest.raises(BadRegisterError):
        SunSpecMeterPlan(203, 40000, address).decode([bank.get(HOLDING, address, 21)])
