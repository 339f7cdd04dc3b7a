"""Register images of the meters we support, written from their public register documents.

Written independently of the profiles under test (addresses spelled out again here), so a typo
in either shows up as a wrong reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.modbus.sim import HOLDING, INPUT, RegisterBank, float32_be, int16, int32_le, text_words


@dataclass(frozen=True)
class State:
    """What the simulated meter measures right now (positive power = import)."""

    phase_w: tuple[float, ...]
    phase_a: tuple[float, ...]
    phase_v: tuple[float, ...]

    @property
    def total_w(self) -> float:
        return sum(self.phase_w)


def state_at(step: int, phases: int = 3) -> State:
    """A site whose load changes every step; negative power is export."""
    watts = [1500.0 + 2100.0 * step, 230.0 * (step + 1), 4100.0 - 700.0 * step][:phases]
    if step == 2:
        watts[0] = -3200.0  # L1 exports, the site still imports
    if step == 3:
        watts = [-w for w in watts]  # the whole site exports
    volts = [229.5 + step, 231.25 - step, 228.0 + 0.5 * step][:phases]
    amps = tuple(round(abs(w) / v, 3) for w, v in zip(watts, volts, strict=True))
    return State(phase_w=tuple(watts), phase_a=amps, phase_v=tuple(volts))


def write_sdm630(bank: RegisterBank, s: State) -> None:
    # Input registers, float32 high word first: V 0/2/4, A 6/8/10, W 12/14/16, total W 52.
    bank.fill(INPUT, 0, 0x50)
    for i in range(3):
        bank.set(INPUT, 2 * i, float32_be(s.phase_v[i]))
        bank.set(INPUT, 6 + 2 * i, float32_be(s.phase_a[i]))
        bank.set(INPUT, 12 + 2 * i, float32_be(s.phase_w[i]))
    bank.set(INPUT, 52, float32_be(s.total_w))


def write_sdm120(bank: RegisterBank, s: State) -> None:
    # Input registers, float32: V 0, A 6, W 12.
    bank.fill(INPUT, 0, 0x50)
    bank.set(INPUT, 0, float32_be(s.phase_v[0]))
    bank.set(INPUT, 6, float32_be(s.phase_a[0]))
    bank.set(INPUT, 12, float32_be(s.phase_w[0]))


def write_gavazzi(bank: RegisterBank, s: State) -> None:
    # EM24 / EM340: INT32 low word first; V x10 at 0/2/4, A x1000 at 12/14/16, W x10 at 18/20/22,
    # W sys x10 at 40.
    bank.fill(HOLDING, 0, 0x34)
    for i in range(3):
        bank.set(HOLDING, 2 * i, int32_le(round(s.phase_v[i] * 10)))
        bank.set(HOLDING, 12 + 2 * i, int32_le(round(s.phase_a[i] * 1000)))
        bank.set(HOLDING, 18 + 2 * i, int32_le(round(s.phase_w[i] * 10)))
    bank.set(HOLDING, 40, int32_le(round(s.total_w * 10)))


NI = 0x8000  # SunSpec "not implemented"


def write_sunspec(
    bank: RegisterBank,
    s: State | None,
    *,
    base: int = 40000,
    model: int = 203,
    w_sf: int = 0,
    a_sf: int = -2,
    v_sf: int = -1,
    extra_models: tuple[int, ...] = (),
    overrides: dict[int, int] | None = None,
) -> int:
    """SunS, common model 1, optional other models, the meter model, end marker.

    Returns the address of the meter model's first data register. `overrides` maps a data
    offset (0 = A) to a raw word, for not-implemented and garbage cases.
    """
    bank.set(HOLDING, base, text_words("SunS"))
    common = text_words("SimCo".ljust(32, "\0")) + [0] * 34
    bank.set(HOLDING, base + 2, [1, len(common), *common])
    address = base + 4 + len(common)
    for other in extra_models:  # e.g. an inverter model before the meter
        bank.set(HOLDING, address, [other, 50, *([0] * 50)])
        address += 52
    data_address = address + 2
    data = [0] * 105
    if s is not None:
        n = {201: 1, 202: 2}.get(model, 3)
        amps, volts, watts = s.phase_a[:n], s.phase_v[:n], s.phase_w[:n]
        data[0] = int16(round(sum(amps) / 10**a_sf))
        data[4] = int16(a_sf)
        data[5] = int16(round(sum(volts) / len(volts) / 10**v_sf))
        data[13] = int16(v_sf)
        data[14], data[15] = 5000, int16(-2)
        data[16] = int16(round(sum(watts) / 10**w_sf))
        data[20] = int16(w_sf)
        for i in range(3):
            present = i < n
            data[1 + i] = int16(round(amps[i] / 10**a_sf)) if present else NI
            data[6 + i] = int16(round(volts[i] / 10**v_sf)) if present else NI
            data[17 + i] = int16(round(watts[i] / 10**w_sf)) if present else NI
    for offset, word in (overrides or {}).items():
        data[offset] = word
    bank.set(HOLDING, address, [model, 105, *data])
    bank.set(HOLDING, data_address + 105, [0xFFFF, 0])
    return data_address
