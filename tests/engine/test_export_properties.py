"""Properties of export control over generated days of sun, house load and absorbers.

A day is a few spells of constant house load and sun; the last spell has little enough sun that
nothing needs curtailing any more. Checked over the closed loop (tests/engine/harness.py):
- generation is never curtailed while the site imports;
- an absorber switched on or turned up never takes the site above the import restore threshold;
- export ends under the limit in every spell long enough to settle;
- once export is gone, the PV is given back within the hold-off and a few intervals;
- never-shed loads are never commanded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.capacity_manager.engine.export import export_bands
from custom_components.capacity_manager.engine.models import Reason, Thresholds
from tests.engine.harness import Loop, SimLoad, dimmer, site_config, switched
from tests.engine.test_export import Pv, pv_config

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PANEL_W = 10_000.0
SETTLE_S = 40  # a spell this long ends with export under the limit


@dataclass
class Day:
    """One generated scenario."""

    loop: Loop
    spells: list[tuple[int, float, float]]  # (seconds, house W, sun W)
    export_limit_w: float


@st.composite
def days(draw: st.DrawFn) -> Day:
    limit = draw(st.sampled_from([0.0, 500.0, 1000.0, 3000.0, 5000.0]))
    max_w = draw(st.sampled_from([6000.0, 10_000.0]))
    pv = Pv(
        pv_config(
            max_w=max_w,
            setpoint_step=draw(st.sampled_from([100.0, 500.0])),
            never_shed=draw(st.integers(0, 9)) == 0,
        ),
        sensor=draw(st.booleans()),
    )
    loads: list[SimLoad] = [pv]
    if draw(st.booleans()):
        options: dict[str, Any] = {
            "absorb_export": True,
            "priority": draw(st.integers(1, 3)),
            "min_on_s": draw(st.sampled_from([0.0, 60.0])),
            "min_off_s": draw(st.sampled_from([0.0, 60.0])),
        }
        loads.append(
            SimLoad(
                switched("heater", draw(st.sampled_from([800.0, 2000.0, 3500.0])), **options),
                on=False,
            )
        )
    if draw(st.booleans()):
        bat = dimmer(
            "battery",
            draw(st.sampled_from([2000.0, 5000.0])),
            setpoint_step=100.0,
            absorb_export=True,
            priority=draw(st.integers(1, 3)),
        )
        loads.append(SimLoad(bat, setpoint=0.0))
    if draw(st.booleans()):
        loads.append(SimLoad(switched("pool", 1500.0, priority=5)))
    spells = [
        (
            draw(st.integers(10, 150)),
            draw(st.sampled_from([200.0, 800.0, 2000.0, 4000.0, 9000.0])),
            draw(st.sampled_from([0.0, 1500.0, 4000.0, 7000.0, 12_000.0])),
        )
        for _ in range(draw(st.integers(2, 5)))
    ]
    bands = export_bands(limit, Thresholds())
    house = draw(st.sampled_from([500.0, 1500.0]))
    # Last: sun that leaves no export above the give-back level even at full PV.
    spells.append((600, house, max(0.0, house + bands.restore_x - 200.0)))
    site = site_config(PANEL_W, restore_holdoff_s=30, restore_interval_s=10, override_s=120)
    loop = Loop.build(site, *loads)
    loop.controller.set_grid_limits(None, limit)
    return Day(loop, spells, limit)


def run(day: Day) -> list[tuple[float, float]]:
    """Drive the day; returns (time, site W) per step."""
    loop = day.loop
    pv = loop.load("pv")
    assert isinstance(pv, Pv)
    marks: list[tuple[float, float]] = []
    for seconds, house, sun in day.spells:
        loop.plant.base = house
        pv.sun_w = sun
        loop.run(seconds)
        marks.append((loop.now, seconds))
    return marks


@SETTINGS
@given(days())
def test_export_control_properties(day: Day) -> None:
    loop = day.loop
    marks = run(day)
    site = dict(loop.site)
    restore_w = PANEL_W * Thresholds().restore
    bands = export_bands(day.export_limit_w, Thresholds())
    pv = loop.load("pv")
    never_shed = {load.cfg.load_id for load in loop.plant.loads.values() if load.cfg.never_shed}

    for t, action in loop.history:
        assert action.load_id not in never_shed
        if action.reason is Reason.EXPORT_CURTAIL:
            assert site[t] < 0, f"curtailed while importing at {t}"
        changed_next = any(end == t + 1 for end, _ in marks)  # house or sun changed
        if action.reason is Reason.EXPORT_ABSORB and t + 1 in site and not changed_next:
            assert site[t + 1] <= restore_w

    if not never_shed & {"pv"}:
        for end, seconds in marks[:-1]:
            if seconds >= SETTLE_S:
                # Settled, unless the uncontrolled house alone cannot take the export away.
                assert -site[end - 1] <= max(day.export_limit_w, bands.shed_x) + 1e-6
        assert pv.setpoint == pv.cfg.max_setpoint, "PV left curtailed after export ended"
