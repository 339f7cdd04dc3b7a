"""Export limits: absorbers take surplus first, a PV inverter's limit is curtailed last.

The plant is the controller tests' closed loop (harness.py) with a PV inverter added: it makes
min(sun, its limit) and reports that (positive) as its power; the site meter sees it negative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from custom_components.capacity_manager.engine.controller import Controller
from custom_components.capacity_manager.engine.export import (
    IMPORT_W,
    ExportControl,
    export_bands,
)
from custom_components.capacity_manager.engine.models import (
    ActionKind,
    FailsafePolicy,
    LoadConfig,
    LoadKind,
    LoadState,
    LoadStatus,
    Mode,
    Reason,
    Thresholds,
)
from custom_components.capacity_manager.engine.results import Action, NoticeKind
from tests.engine.harness import Loop, SimLoad, dimmer, site_config, switched

EXPORT_LIMIT = 3000.0
BANDS = export_bands(EXPORT_LIMIT, Thresholds())
SITE = site_config(10_000, limits={"export_limit_w": EXPORT_LIMIT})
HOLDOFF = SITE.timing.restore_holdoff_s
INTERVAL = SITE.timing.modulate_interval_s


def pv_config(load_id: str = "pv", max_w: float = 10_000, **options: Any) -> LoadConfig:
    """A PV inverter's active-power limit in W, 100 W steps."""
    return LoadConfig(
        load_id=load_id,
        name=load_id.upper(),
        kind=LoadKind.GENERATION,
        priority=options.pop("priority", 10),
        rated_power_w=max_w,
        min_setpoint=0.0,
        max_setpoint=max_w,
        setpoint_step=options.pop("setpoint_step", 100.0),
        **options,
    )


@dataclass
class Pv(SimLoad):
    """An inverter: produces what the sun gives, at most its limit."""

    sun_w: float = 0.0

    @property
    def produced_w(self) -> float:
        """What it feeds in now."""
        if not self.available or self.setpoint is None:
            return 0.0
        return max(0.0, min(self.sun_w, self.cfg.power_at(self.setpoint)))

    @property
    def power_w(self) -> float:
        """Its share of the site meter: production counts negative."""
        return -self.produced_w

    def state(self) -> LoadState:
        """An inverter's limit number and (if it has one) its power sensor."""
        if not self.available:
            return LoadState(available=False, is_on=False)
        return LoadState(
            setpoint=self.setpoint,
            power_w=self.produced_w if self.sensor else None,
            managed=self.managed,
        )


def heater(power_w: float = 2000.0, **options: Any) -> SimLoad:
    """A switched absorber, off until we switch it on."""
    options.setdefault("absorb_export", True)
    return SimLoad(switched("heater", power_w, **options), on=False)


def battery(max_w: float = 4000.0, **options: Any) -> SimLoad:
    """A battery's charge power number (W), charging at 0 W until told more."""
    options.setdefault("absorb_export", True)
    return SimLoad(dimmer("battery", max_w, setpoint_step=100.0, **options), setpoint=0.0)


def build(*loads: SimLoad, base: float = 1000.0, site: Any = SITE, **kw: Any) -> Loop:
    return Loop.build(site, *loads, base=base, **kw)


def export_of(loop: Loop) -> float:
    return -loop.plant.site_power(loop.now)


def actions(loop: Loop, load_id: str, since: float = 0.0) -> list[Action]:
    return [a for t, a in loop.actions_for(load_id) if t >= since]


# -- curtailing --------------------------------------------------------------------------------


def test_export_above_the_limit_curtails_pv_just_enough_and_keeps_it_under() -> None:
    loop = build(Pv(pv_config(), sun_w=6000))  # 1000 W house, 5000 W export
    loop.run(30)
    pv = loop.load("pv")
    assert BANDS.target_x - 200 <= export_of(loop) <= EXPORT_LIMIT
    assert [(a.kind, a.reason) for a in actions(loop, "pv")] == [
        (ActionKind.MODULATE, Reason.EXPORT_CURTAIL)
    ]
    assert pv.setpoint == 3700  # 1000 W house + 2700 W export (the target under 3000 W)
    assert loop.controller.snapshot().loads[0].status is LoadStatus.MODULATED
    assert loop.controller.snapshot().loads[0].reason is Reason.EXPORT_CURTAIL


def test_without_a_power_sensor_the_limit_steps_down_until_export_is_under() -> None:
    loop = build(Pv(pv_config(), sun_w=6000, sensor=False))
    loop.run(120)
    assert export_of(loop) <= EXPORT_LIMIT
    assert export_of(loop) >= BANDS.restore_x - 1000  # not curtailed to nothing


def test_export_under_the_limit_leaves_pv_alone() -> None:
    loop = build(Pv(pv_config(), sun_w=3500))  # 2500 W export: under 95 % of 3000 W
    loop.run(300)
    assert loop.history == []


def test_no_export_limit_no_curtailment() -> None:
    loop = build(Pv(pv_config(), sun_w=9000), site=site_config(10_000))
    loop.run(60)
    assert loop.history == []


def test_each_further_step_waits_for_the_modulate_interval() -> None:
    loop = build(Pv(pv_config(), sun_w=6000))
    loop.run(5)
    loop.load("pv").sun_w = 9000  # more sun: the limit holds it (3700 W): nothing to do
    loop.plant.base = 0  # the house uses less: export 3700 W
    loop.run(int(INTERVAL) + 5)
    times = [t for t, _ in loop.actions_for("pv")]
    assert len(times) == 2
    assert times[1] - times[0] >= INTERVAL


# -- giving back ---------------------------------------------------------------------------


def test_curtailment_is_given_back_once_export_is_gone_for_the_hold_off() -> None:
    loop = build(Pv(pv_config(), sun_w=6000))
    loop.run(30)
    pv = loop.load("pv")
    loop.load("pv").sun_w = 2000  # a cloud: the limit no longer holds anything back
    start = loop.now
    loop.run(HOLDOFF + INTERVAL + 5)
    assert pv.setpoint == 10_000
    back = actions(loop, "pv", start)
    assert [(a.kind, a.reason) for a in back] == [(ActionKind.RESTORE, Reason.EXPORT_RELEASE)]
    assert loop.controller.snapshot().loads[0].status is LoadStatus.ON


def test_pv_is_raised_at_once_when_the_site_imports() -> None:
    loop = build(Pv(pv_config(), sun_w=8000))
    loop.run(30)
    pv = loop.load("pv")
    assert pv.setpoint == 3700
    loop.plant.base = 4500  # a kettle: the curtailed PV no longer covers the house
    assert loop.plant.site_power(loop.now) > IMPORT_W
    result = loop.tick()
    assert [(a.kind, a.reason) for a in result.actions] == [
        (ActionKind.MODULATE, Reason.EXPORT_RELEASE)
    ]
    assert pv.setpoint == 7200  # 4500 W house + 2700 W export target
    assert -BANDS.shed_x <= loop.plant.site_power(loop.now) <= 0


def test_import_overload_un_curtails_pv_first() -> None:
    loop = build(Pv(pv_config(), sun_w=8000), switched("pool", 2000), base=1000)
    loop.run(30)  # pool 2000 W + house 1000 W; PV limited to 5700 W
    assert loop.load("pv").setpoint == 5700
    loop.plant.base = 14_000  # an overload even with the PV back at full sun
    result = loop.tick()
    kinds = [(a.load_id, a.kind, a.reason) for a in result.actions]
    assert kinds[0] == ("pv", ActionKind.RESTORE, Reason.EXPORT_RELEASE)
    assert ("pool", ActionKind.SHED, Reason.OVER_LIMIT) in kinds
    assert loop.load("pv").setpoint == 10_000


def test_removing_the_export_limit_gives_pv_back_at_once() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), site=site_config(10_000))
    loop.controller.set_grid_limits(None, EXPORT_LIMIT)
    loop.run(30)
    assert loop.load("pv").setpoint == 3700
    loop.controller.set_grid_limits(None, None)
    loop.tick()
    assert loop.load("pv").setpoint == 10_000


def test_a_user_changing_the_limit_is_an_override() -> None:
    loop = build(Pv(pv_config(), sun_w=6000))
    loop.run(30)
    loop.load("pv").setpoint = 10_000  # the user sets the inverter back to full power
    loop.run(60)
    assert loop.notices_of(NoticeKind.OVERRIDE)
    assert loop.load("pv").setpoint == 10_000  # hands off for the override time
    loop.run(SITE.timing.override_s)
    assert loop.load("pv").setpoint < 10_000  # then the limit is enforced again


def test_never_shed_generation_and_absorbers_are_never_commanded() -> None:
    loop = build(Pv(pv_config(never_shed=True), sun_w=9000), heater(never_shed=True), base=500)
    loop.run(300)
    assert loop.history == []


def test_a_zero_export_limit_holds_the_site_near_zero_without_flapping() -> None:
    site = site_config(10_000)
    loop = build(Pv(pv_config(), sun_w=5000), site=site)
    loop.controller.set_grid_limits(None, 0.0)
    loop.run(600)
    assert 0 <= loop.plant.site_power(loop.now) <= IMPORT_W
    assert len(loop.history) <= 2


# -- absorbers ------------------------------------------------------------------------------


def test_a_switched_absorber_takes_the_surplus_before_pv_is_curtailed() -> None:
    loop = build(Pv(pv_config(), sun_w=5800), heater(2000))
    result = loop.tick()  # 4800 W export: the heater fits (2800 W left, under 95 %)
    assert [(a.load_id, a.kind, a.reason) for a in result.actions] == [
        ("heater", ActionKind.RESTORE, Reason.EXPORT_ABSORB)
    ]
    loop.run(120)
    assert loop.load("pv").setpoint == 10_000
    assert loop.load("heater").on
    assert export_of(loop) == 2800


def test_an_absorber_that_would_make_the_site_import_stays_off() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(4950))
    loop.tick()
    assert not loop.load("heater").on
    assert loop.load("pv").setpoint == 3700


def test_an_absorber_we_switched_on_goes_off_when_the_site_imports() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(2000, min_on_s=120))
    loop.run(10)
    assert loop.load("heater").on
    loop.load("pv").sun_w = 2000  # a cloud: 1000 W import with the heater on
    loop.run(60)
    assert loop.load("heater").on  # its minimum on time
    loop.run(70)
    assert not loop.load("heater").on
    off = actions(loop, "heater")[-1]
    assert (off.kind, off.reason) == (ActionKind.SHED, Reason.EXPORT_RELEASE)


def test_an_absorber_the_user_switched_on_is_never_switched_off_by_export() -> None:
    loop = build(Pv(pv_config(), sun_w=1000), heater(2000))
    loop.load("heater").on = True  # the user's: 2000 W import
    loop.run(300)
    assert actions(loop, "heater") == []


def test_the_user_switching_our_absorber_off_is_respected() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(2000))
    loop.run(10)
    loop.load("heater").on = False  # the user
    loop.run(120)
    assert loop.notices_of(NoticeKind.OVERRIDE)
    assert not loop.load("heater").on
    assert loop.load("pv").setpoint < 10_000  # the export is curtailed instead


def test_a_battery_absorbs_the_surplus_and_gives_it_back_when_importing() -> None:
    loop = build(Pv(pv_config(), sun_w=7000), battery(4000))
    loop.run(5)
    bat = loop.load("battery")
    assert bat.setpoint == 4000  # all it takes: 2000 W export left, under the limit
    assert loop.load("pv").setpoint == 10_000  # nothing curtailed: the battery uses it
    first = actions(loop, "battery")[0]
    assert (first.kind, first.reason) == (ActionKind.MODULATE, Reason.EXPORT_ABSORB)
    loop.load("pv").sun_w = 3000  # less sun: the battery would import
    loop.run(20)
    assert bat.setpoint is not None
    assert bat.setpoint <= 2000
    assert loop.plant.site_power(loop.now) <= IMPORT_W
    loop.load("pv").sun_w = 0
    loop.run(20)
    assert bat.setpoint == 0  # back where it was
    assert loop.controller.snapshot().loads[0].status is LoadStatus.ON


def test_curtailed_pv_makes_room_for_an_absorber_later() -> None:
    loop = build(Pv(pv_config(), sun_w=8000), heater(2000, min_off_s=0))
    loop.load("heater").on = True  # the user runs it: nothing for us to switch on
    loop.run(30)
    assert loop.load("pv").setpoint == 5700
    loop.load("heater").on = False  # the user is done: PV still limited to 5700 W
    loop.run(HOLDOFF + 5)
    assert loop.load("heater").on  # switched on: the sun held back (8000 W seen) carries it
    loop.run(HOLDOFF + INTERVAL)
    assert loop.load("pv").setpoint == 5700  # the PV raised again to feed it
    assert BANDS.restore_x <= export_of(loop) <= EXPORT_LIMIT


def test_an_absorber_the_held_back_sun_cannot_carry_stays_off() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(4950))
    loop.run(HOLDOFF * 3)
    assert not loop.load("heater").on  # 1000 W + 4950 W: the sun seen (6000 W) is too little
    assert loop.load("pv").setpoint == 3700


# -- failsafe, monitor, restart, unload -------------------------------------------------------


def test_failsafe_switches_off_our_absorbers_and_keeps_pv_as_it_is() -> None:
    loop = build(Pv(pv_config(), sun_w=8000), heater(2000), battery(4000))
    loop.run(60)
    assert loop.load("heater").on
    pv_limit = loop.load("pv").setpoint
    loop.run(SITE.timing.stale_timeout_s + 2, measure=False)
    assert not loop.load("heater").on
    assert loop.load("battery").setpoint == 0
    assert loop.load("pv").setpoint == pv_limit


def test_an_absorber_kept_by_its_failsafe_policy_stays_on() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(2000, failsafe_policy=FailsafePolicy.KEEP))
    loop.run(10)
    loop.run(SITE.timing.stale_timeout_s + 2, measure=False)
    assert loop.load("heater").on


def test_monitor_mode_only_advises() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(2000), mode=Mode.MONITOR)
    loop.run(60)
    assert loop.history == []
    assert {a.reason for _, a in loop.advisory} >= {Reason.EXPORT_ABSORB}


def test_a_restart_remembers_curtailed_pv_and_gives_it_back_when_export_is_gone() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(2000))
    loop.run(60)
    assert loop.load("heater").on
    assert loop.load("pv").setpoint == 5700  # 3000 W export with the heater: 300 W too much
    saved = loop.controller.export_state()
    fresh = Controller(SITE, [load.cfg for load in loop.plant.loads.values()])
    fresh.import_state(saved, loop.now)
    loop.controller = fresh
    loop.tick()
    snap = {s.load_id: s for s in fresh.snapshot().loads}
    assert (snap["pv"].status, snap["pv"].reason) == (LoadStatus.MODULATED, Reason.EXPORT_CURTAIL)
    assert (snap["heater"].status, snap["heater"].reason) == (LoadStatus.ON, Reason.EXPORT_ABSORB)
    assert loop.history[-1][0] < loop.now - 1  # nothing changed by the restart itself
    loop.load("pv").sun_w = 500  # evening: the heater would import
    loop.run(HOLDOFF + 2 * INTERVAL)
    assert not loop.load("heater").on  # ours: switched off
    assert loop.load("pv").setpoint == 10_000  # given back


def test_release_gives_pv_back_and_switches_our_absorbers_off() -> None:
    loop = build(Pv(pv_config(), sun_w=8000), heater(2000))
    loop.run(60)
    released = loop.controller.release_actions()
    assert {(a.load_id, a.kind, a.setpoint) for a in released} == {
        ("pv", ActionKind.RESTORE, 10_000),
        ("heater", ActionKind.SHED, None),
    }


def test_restore_all_gives_back_one_per_step() -> None:
    loop = build(Pv(pv_config(), sun_w=8000), heater(2000))
    loop.run(60)
    loop.controller.set_mode(Mode.OFF)
    loop.run(3)
    assert loop.load("pv").setpoint == 10_000
    assert not loop.load("heater").on
    assert [a.reason for _, a in loop.history[-2:]] == [Reason.MODE_CHANGE] * 2


def test_a_failed_switch_on_of_an_absorber_is_forgotten() -> None:
    loop = build(Pv(pv_config(), sun_w=6000), heater(2000))
    loop.tick()
    loop.load("heater").on = False
    loop.controller.report_failure("heater", loop.now)
    loop.tick()
    snap = {s.load_id: s for s in loop.controller.snapshot().loads}
    assert snap["heater"].reason is None


def test_generation_setpoints_are_reported_in_watts_or_percent() -> None:
    percent = replace_unit(pv_config("pct", max_w=100, setpoint_step=1), 100.0)
    loop = build(Pv(pv_config(), sun_w=0), Pv(percent, sun_w=0))
    loop.tick()
    units = {s.load_id: s.setpoint_unit for s in loop.controller.snapshot().loads}
    assert units == {"pv": "W", "pct": "%"}


def replace_unit(cfg: LoadConfig, unit_w: float) -> LoadConfig:
    from dataclasses import replace

    return replace(cfg, setpoint_unit_w=unit_w, rated_power_w=cfg.max_setpoint * unit_w)


def test_a_generator_cannot_be_an_absorber() -> None:
    with pytest.raises(ValueError, match="cannot absorb"):
        pv_config(absorb_export=True)


def test_bands_keep_apart_for_a_zero_export_limit() -> None:
    bands = export_bands(0.0, Thresholds())
    assert bands.shed_x == 0
    assert bands.restore_x < bands.target_x < bands.shed_x


def test_export_control_forgets_its_calm_spell() -> None:
    control = ExportControl()
    control.clear()  # nothing to forget: no error
