"""The virtual house model (pure Python, no Home Assistant): loads answer commands as real ones.

Not marked e2e: these run in milliseconds. The house is what the end-to-end tests and
`scripts/develop` play, so it has to behave like the appliances it stands for.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dev.custom_components.virtual_house.house import DAY_S, VOLTAGE_V, House, clock
from dev.custom_components.virtual_house.profile import (
    default_data_dir,
    generated_day,
    uci_day,
    uci_files,
)


def _house(at: str) -> House:
    return House.starting_at(generated_day(), clock(at))


def test_the_meter_reads_the_base_load_plus_every_load() -> None:
    house = _house("17:31")

    def loads_w() -> float:
        return sum(
            load.power_w
            for load in (house.water_heater, house.pool_pump, house.dryer, house.ev, house.oven)
        )

    assert house.site_w == house.base_w + loads_w()
    house.oven.relay_on = True
    assert house.oven.power_w == 3000
    assert house.site_w == house.base_w + loads_w()


def test_the_car_draws_its_setpoint_while_a_session_runs() -> None:
    house = _house("17:31")
    ev = house.ev
    assert ev.plugged
    assert ev.power_w == 32 * VOLTAGE_V
    ev.current_a = 10
    assert ev.power_w == 10 * VOLTAGE_V
    ev.enabled = False  # the pause switch
    assert ev.power_w == 0
    ev.enabled = True
    ev.phases = 3
    assert ev.power_w == 10 * VOLTAGE_V * 3


def test_the_car_stops_when_its_session_is_served_and_unplugs_in_the_morning() -> None:
    house = _house("17:31")
    house.advance(4 * 3600)  # 20 kWh at 7.36 kW take under three hours
    assert house.ev.plugged
    assert house.ev.power_w == 0
    assert house.ev.delivered_kwh == pytest.approx(20, abs=0.2)
    house.advance((clock("08:00") - house.now) % DAY_S)
    assert not house.ev.plugged


def test_a_paused_car_gets_its_energy_later() -> None:
    house = _house("17:31")
    house.ev.enabled = False
    house.advance(3600)
    assert house.ev.wants_kwh > 19.5  # nothing delivered while paused
    house.ev.enabled = True
    house.advance(3600)
    assert house.ev.wants_kwh < 13


def test_a_dryer_cut_off_resumes_its_cycle() -> None:
    house = _house("17:20")
    dryer = house.dryer
    assert dryer.power_w == 2500  # the 17:15 cycle runs
    left = dryer.remaining_s
    dryer.relay_on = False
    house.advance(1800)
    assert dryer.power_w == 0
    assert dryer.remaining_s == left  # paused, not cancelled
    dryer.relay_on = True
    assert dryer.power_w == 2500
    house.advance(left + 60)
    assert dryer.power_w == 0  # done


def test_a_water_heater_cut_off_reheats_afterwards() -> None:
    house = _house("17:31")  # the 17:30 draw has cooled the tank
    heater = house.water_heater
    assert heater.power_w == 3000
    heater.relay_on = False
    house.advance(1800)
    owed = heater.deficit_wh
    assert owed > 1000
    heater.relay_on = True
    assert heater.power_w == 3000
    house.advance(owed / 3000 * 3600 + 120)
    assert heater.power_w == 0


def test_the_pool_pump_runs_in_its_window_only() -> None:
    assert _house("12:00").pool_pump.power_w == 1100
    assert _house("21:00").pool_pump.power_w == 0


def test_the_house_is_the_same_every_time_it_starts() -> None:
    assert _house("17:20").site_w == _house("17:20").site_w
    # The generated day is busy in the evening and quiet at night.
    day = generated_day()
    assert day.at(clock("19:00")) > 3 * day.at(clock("03:00"))


def test_a_time_of_day_must_be_one() -> None:
    assert clock("07:30") == 7.5 * 3600
    for bad in ("24:00", "7h30", "12:60"):
        with pytest.raises(ValueError, match="."):
            clock(bad)


def test_a_uci_day_plays_the_kitchen_and_the_unmetered_circuits() -> None:
    data = default_data_dir()
    if not uci_files(data):
        pytest.skip(f"no UCI house weeks in {data}")
    first = uci_files(data)[0]
    with gzip.open(first, "rt") as handle:
        header = handle.readline().strip().split(",")
        row = dict(zip(header, handle.readline().strip().split(","), strict=True))
    day = uci_day(data)
    assert len(day.watts) == 1440
    assert day.watts[0] == float(row["kitchen_w"]) + float(row["unmetered_w"])
    assert day.name == f"UCI house, {row['timestamp'][:10]}"


def test_a_missing_uci_day_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no UCI house weeks"):
        uci_day(tmp_path)
    data = default_data_dir()
    if uci_files(data):
        with pytest.raises(ValueError, match="1999-01-01 is not in the UCI weeks"):
            uci_day(data, "1999-01-01")
