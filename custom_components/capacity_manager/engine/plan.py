"""A driver's charging plan: a charger that would miss its departure outranks other loads.

Priorities are the user's standing order (the car is often shed first: it can usually wait).
A plan (`LoadState.departure_s` and `energy_to_go_wh`, set by the driver) says when waiting
stops being free. The plan is *at risk* when the energy still wanted needs, on average from now
to `FINISH_EARLY_S` before the departure, more than `RISK_ENTER` of the charger's full power: the house rarely leaves a
charger its full power for long, so past that share every paused or turned-down minute is
likely lost for good. It leaves risk below `RISK_LEAVE` (hysteresis: no flapping rank).

At risk, the charger ranks as `PLAN_PRIORITY` (1, the most important, equal to the user's most
important loads) and (controller.py, restore.py, swap.py):
- it is turned down or paused only after every less important load is off;
- it is turned up keeping the learned step margin (margin.py) only out of what exceeds
  `RISK_CUSHION` times its plan's average need: the margin trades charging for calm, which the
  plan can no longer afford, but room beyond what the plan needs can still buy calm;
- less important loads are turned down or switched off (min on times and never-shed still
  apply) to give it the power its plan needs.
A charger without a plan, or whose plan is on track, keeps the user's priority. On track, it
is also given less: turned up only to the limit less `calm_margin_w` (an appliance's step),
turned down that far on an overload, and turned down ahead of one when the house's own load
has eaten more than half of that room (`keep_calm`), since its plan says waiting costs it
nothing. Without a
plan nothing says so, and it gets what the learned step margin (margin.py) leaves.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable

from .ladder import Need, Step, plan_shed, plan_turn_down
from .models import LoadConfig, LoadState, Reason, Thresholds
from .restore_rules import may_restore
from .swap import make_room
from .tracking import Held, LoadTrack

RISK_ENTER = 0.4  # share of full power needed on average from now: at risk from here
RISK_LEAVE = 0.3  # back on track below this share
# Turned up at risk, a charger keeps the step margin only beyond this multiple of its plan's
# average need: a cushion above the need, so the plan gains ground instead of staying on edge.
RISK_CUSHION = 1.25
PLAN_PRIORITY = 1
# Plans aim to be done this long before the departure: the last minutes of a session are where
# a turn-down or a swap cannot be made up any more.
FINISH_EARLY_S = 900.0
# Room a charger whose plan is on track leaves free: a kettle, an oven or a dryer's heater
# (2–3 kW) starting does not cross the limit. At most CALM_MAX_SHARE of the limit.
CALM_MARGIN_W = 2500.0
CALM_MAX_SHARE = 0.4
# Less room than this share of the calm margin left: an on-track charger gives it back. Half
# the margin is a hysteresis band, so the house's ordinary wobble moves no setpoint.
CALM_KEEP_SHARE = 0.5
_TAKING = 0.8  # a charger drawing this share of its offer takes what it is given
_EPS = 1e-6


def needed_w(state: LoadState, now: float) -> float:
    """Average power (W) the plan needs from `now` on; 0 without a plan or with nothing left."""
    departure, to_go = state.departure_s, state.energy_to_go_wh
    if departure is None or to_go is None or not to_go > 0:
        return 0.0
    left_s = departure - now - FINISH_EARLY_S
    return math.inf if left_s <= 0 else to_go * 3600.0 / left_s


def at_risk(cfg: LoadConfig, state: LoadState, now: float, *, was: bool) -> bool:
    """True if the plan needs the charger to outrank other loads (`was`: at risk last step)."""
    full_w = cfg.power_at(cfg.max_setpoint)
    if full_w <= 0:
        return False
    share = needed_w(state, now) / full_w
    return share > (RISK_LEAVE if was else RISK_ENTER)


def risk_from(cfg: LoadConfig, state: LoadState, now: float) -> float:
    """When the plan becomes at risk if the charger keeps drawing what it draws now (inf: never).

    Its energy to go falls at that power, while the time left shrinks: the need crosses
    `RISK_ENTER` of full power where the two meet (at once paused: nothing is delivered).
    """
    departure, to_go = state.departure_s, state.energy_to_go_wh
    full_w = cfg.power_at(cfg.max_setpoint)
    if departure is None or to_go is None or not to_go > 0 or full_w <= 0:
        return math.inf
    drawing_w = max(state.power_w or 0.0, 0.0) if state.is_on else 0.0
    entry_w = RISK_ENTER * full_w
    if drawing_w >= entry_w:
        return math.inf  # the need can only fall
    end_s = departure - FINISH_EARLY_S
    # to_go·3600 − drawing·(t − now) = entry·(end − t), solved for t.
    at = (entry_w * end_s - to_go * 3600.0 - drawing_w * now) / (entry_w - drawing_w)
    if drawing_w > 0 and at >= now + to_go * 3600.0 / drawing_w:
        return math.inf  # the car is full before that
    return at


def wanted_w(cfg: LoadConfig, state: LoadState, now: float, drawing_w: float) -> float:
    """More power (W) the charger should get for its plan, beyond `drawing_w` it draws now.

    The plan's average need, at least the charger's minimum and at most its full power: asking
    for more than the plan needs would shed the house's loads for energy the car can take later.
    """
    need = needed_w(state, now)
    if need <= 0:
        return 0.0
    low = cfg.power_at(cfg.min_setpoint)
    return max(0.0, min(max(need, low), cfg.power_at(cfg.max_setpoint)) - drawing_w)


def risk_margin_w(track: LoadTrack, margin_w: float, room_w: float, now: float) -> float:
    """The part of the step margin `margin_w` an at-risk charger keeps when given `room_w` more."""
    spare_w = track.current_power() + room_w - RISK_CUSHION * needed_w(track.state, now)
    return max(0.0, min(margin_w, spare_w))


def ranked(cfg: LoadConfig, *, at_risk: bool) -> LoadConfig:
    """The config the ladder sees: the user's, ranked up to `PLAN_PRIORITY` while at risk."""
    if not at_risk or cfg.priority <= PLAN_PRIORITY:
        return cfg
    return dataclasses.replace(cfg, priority=PLAN_PRIORITY)


def update_risks(chargers: Iterable[LoadTrack], now: float) -> bool:
    """Re-judge each charger's plan; True if one went into or out of risk (re-rank the ladder)."""
    changed = False
    for track in chargers:
        risk = at_risk(track.user_cfg, track.state, now, was=track.plan_at_risk)
        if risk is not track.plan_at_risk:
            track.plan_at_risk = risk
            track.cfg = ranked(track.user_cfg, at_risk=risk)
            changed = True
    return changed


def next_risk(chargers: Iterable[LoadTrack], now: float) -> float:
    """The earliest time a plan not yet at risk would become so if nothing changes."""
    return min(
        (risk_from(t.user_cfg, t.state, now) for t in chargers if not t.plan_at_risk),
        default=math.inf,
    )


def drawing_at_risk(chargers: Iterable[LoadTrack]) -> bool:
    """True if a charger whose plan is at risk is charging: its need changes with every sample."""
    return any(t.plan_at_risk and t.current_power() > 0 for t in chargers)


def steer_plans(
    most_important_first: list[LoadTrack],
    least_important_first: list[LoadTrack],
    chargers: list[LoadTrack],
    site_w: float,
    limit_w: float,
    restore_share: float,
    now: float,
) -> list[Step]:
    """What plans ask for in a step with no overload and nothing given back.

    Room made for a plan at risk (below `restore_share` of the limit, which restores use);
    else room left by the chargers whose plans are on track.
    """
    if any(t.plan_at_risk for t in chargers):
        room_w = limit_w * restore_share - site_w
        steps = make_room_for_plans(most_important_first, chargers, room_w, now)
        if steps:
            return steps
    return keep_calm(least_important_first, site_w, limit_w, now)


def make_room_for_plans(
    most_important_first: list[LoadTrack],
    chargers: list[LoadTrack],
    room_w: float,
    now: float,
    planned: list[Step] | None = None,
) -> list[Step]:
    """Turn down or switch off less important loads for a charger whose plan is at risk.

    Only what its plan needs beyond `room_w` (restore threshold − site power), which the
    restores give it; one charger per step. Nothing if the less important loads cannot free
    enough: cutting them would cost their energy without saving the plan. `planned`: this
    step's steps so far (an overload's sheds), whose loads are not asked again.
    """
    planned = planned or []
    taken = {id(step.track) for step in planned}
    for track in chargers:
        if not track.plan_at_risk or track.held not in (Held.MODULATED, Held.SHED):
            continue
        if id(track) in taken:
            continue
        if not track.state.available or not may_restore(track, now):
            continue
        drawing = track.current_power()
        if track.held is Held.MODULATED and drawing < _TAKING * track.cfg.power_at(
            track.state.setpoint or 0.0
        ):
            continue  # the car takes less than offered already: more room would go unused
        want = wanted_w(track.cfg, track.state, now, track.current_power())
        deficit = want - max(room_w, 0.0)
        if deficit <= _EPS:
            continue
        steps = make_room(
            most_important_first, track, deficit, now, planned, pause_deficit_w=deficit
        )
        if steps:
            return steps
    return []


def shed_with_plans(
    ladder: list[LoadTrack],
    need: Need,
    now: float,
    reason: Reason,
    limit_w: float,
    thresholds: Thresholds,
    step_margin_w: float,
) -> list[Step]:
    """`plan_shed`, but a charger at risk only after every less important load is off.

    The ladder turns every charger down before it switches anything off; a plan at risk would
    lose its power to a water heater that can wait. Chargers go down far enough to leave the
    step margin (margin.py) free below the limit, the calm margin while a plan is on track.
    """
    if any(t.has_plan() and not t.plan_at_risk for t in ladder):
        step_margin_w = max(step_margin_w, calm_margin_w(limit_w))
    margin_w = max(0.0, step_margin_w - limit_w * (1 - thresholds.target))
    if not any(t.plan_at_risk for t in ladder):
        return plan_shed(ladder, need, now, reason, margin_w=margin_w)
    below = [t for t in ladder if t.cfg.priority > PLAN_PRIORITY]
    steps = plan_shed(below, need, now, reason, margin_w=margin_w)
    if not need.covered():
        top = [t for t in ladder if t.cfg.priority <= PLAN_PRIORITY]
        steps += plan_shed(top, need, now, reason)
    return steps


def calm_margin_w(limit_w: float) -> float:
    """Room below `limit_w` a charger with a plan on track leaves free when turned up."""
    return min(CALM_MARGIN_W, CALM_MAX_SHARE * limit_w)


def keep_calm(
    least_important_first: list[LoadTrack], site_w: float, limit_w: float, now: float
) -> list[Step]:
    """Turn chargers whose plan is on track down before the house's next step overloads.

    Turned up, such a charger left the calm margin free; the house's own load then grows into
    it (cooking, a dryer's heater cycling). Below `CALM_KEEP_SHARE` of the margin it goes back
    down to leave the whole margin, least important first and never below its minimum (a pause
    would be a cycle: that stays the overload ladder's call). Without a plan nothing says the
    car can wait, and the learned step margin (margin.py) is all it leaves.
    """
    calm_w = calm_margin_w(limit_w)
    room_w = limit_w - site_w
    if room_w >= CALM_KEEP_SHARE * calm_w:
        return []
    on_track = [
        t
        for t in least_important_first
        if t.has_plan() and not t.plan_at_risk and t.current_power() > _EPS
    ]
    if not on_track:
        return []
    return plan_turn_down(on_track, Need(total_w=calm_w - room_w, phase_w={}), now, Reason.RESERVE)
