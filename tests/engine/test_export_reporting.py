"""How export limiting is reported: site status, curtailed PV, and giving back chosen loads."""

from __future__ import annotations

from custom_components.capacity_manager.engine.models import (
    ActionKind,
    LoadStatus,
    Reason,
    SiteStatus,
)
from tests.engine.harness import SimLoad, switched
from tests.engine.test_export import Pv, build, heater, pv_config


def test_curtailed_pv_is_limiting_export_and_its_held_back_power_is_reported() -> None:
    loop = build(Pv(pv_config(), sun_w=6000))  # 1000 W house, 5000 W export
    loop.run(30)
    pv = loop.load("pv")
    snap = loop.controller.snapshot()
    (load,) = snap.loads
    assert (load.status, load.generation) == (LoadStatus.MODULATED, True)
    assert snap.status is SiteStatus.LIMITING_EXPORT
    assert snap.pv_curtailed_w == pv.sun_w - pv.produced_w > 0

    pv.sun_w = 500  # clouds: nothing left to hold back
    loop.run(120)
    snap = loop.controller.snapshot()
    assert snap.loads[0].status is LoadStatus.ON
    assert (snap.status, snap.pv_curtailed_w) == (SiteStatus.NORMAL, 0.0)


def test_an_absorber_on_for_export_is_limiting_export_not_shedding() -> None:
    loop = build(Pv(pv_config(), sun_w=4500), heater())  # 3500 W export: the heater fits
    loop.run(10)
    snap = loop.controller.snapshot()
    by_id = {load.load_id: load for load in snap.loads}
    assert (by_id["heater"].status, by_id["heater"].reason) == (
        LoadStatus.ON,
        Reason.EXPORT_ABSORB,
    )
    assert by_id["pv"].status is LoadStatus.ON  # the heater took it: nothing curtailed
    assert snap.status is SiteStatus.LIMITING_EXPORT


def test_a_shed_consumer_comes_first_in_the_status() -> None:
    pump = SimLoad(switched("pump", 800, priority=30))
    loop = build(Pv(pv_config(), sun_w=7000), pump)
    loop.run(30)
    loop.controller.shed_load("pump", loop.now)  # the user's, via the shed_load action
    loop.run(2)
    snap = loop.controller.snapshot()
    assert {load.load_id: load.status for load in snap.loads} == {
        "pv": LoadStatus.MODULATED,
        "pump": LoadStatus.SHED,
    }
    assert snap.status is SiteStatus.RESTORING  # exporting: well below the restore threshold


def test_release_actions_give_back_only_the_loads_asked_for() -> None:
    loop = build(Pv(pv_config(), sun_w=7000), heater())  # heater on, then PV curtailed
    loop.run(30)
    snap = {load.load_id: load for load in loop.controller.snapshot().loads}
    assert snap["heater"].reason is Reason.EXPORT_ABSORB
    assert snap["pv"].status is LoadStatus.MODULATED

    (action,) = loop.controller.release_actions(["heater"])
    assert (action.load_id, action.kind) == ("heater", ActionKind.SHED)
    snap = {load.load_id: load for load in loop.controller.snapshot().loads}
    assert snap["heater"].reason is None  # no longer ours
    assert snap["pv"].status is LoadStatus.MODULATED  # still held: not asked for
