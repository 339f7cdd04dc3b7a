"""Trace simulator: replays a scenario through a controller and measures the outcome.

Model (time s, power W, energy Wh):
- The trace is held piecewise constant; the controller gets a measurement every
  `scenario.step_s` seconds: the instantaneous site power at that moment.
- Site power = uncontrollable base (trace total minus every switched load's column)
  + switched loads' power + EV charging power.
- A switched load that is on draws its column (its demand). While shed it draws nothing: an
  INTERRUPTIBLE load loses that energy; a DEFERRABLE load owes it and, once back on, replays the
  missed demand in order at the power it was wanted at, on top of its present demand but never
  above its rating (`rated_power_w`, else the column's peak), until the debt is paid
  (`sim_setup.OwedEnergy`). Like the trace, that catch-up power only changes at trace samples
  (set from the oldest missed chunk there, or at restore): nothing jumps up between samples.
- An EV charges while plugged and not full at min(setpoint × unit W, charger max); it starts
  uncontrolled at its max setpoint; a setpoint below the EV minimum (6 A) charges nothing.
  Its LoadState: is_on = not paused, setpoint, power_w = what it draws (0 with no car or a
  full one), demand_setpoint = max setpoint (the user's setting: charge as fast as allowed);
  with `EvSpec.plans`, the session's plug-out as departure and its energy still to go.
- Latency: actions decided at sample time t take effect at t + `scenario.latency_s` (a FIFO
  queue). The simulation is event-exact: sample times, trace changes, plug-in/out, action
  effects, EV completion and debt payoff all split time, so every interval is constant power.
- Skipping: a controller may offer `skippable(now, site_power_w, loads_changed) -> bool`
  (`loads_changed`: some LoadState may differ from those given to the last `decide`). True
  promises that a `decide` call now would return no actions and change nothing that matters
  later; the simulator then skips building states and calling it (`skip_idle=False`: never).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from .metrics import ABOVE_TOLERANCE_W
from .models import LoadState, Measurement
from .results import Action
from .scenario import Scenario
from .sim_commands import command_applier
from .sim_setup import EPS_WH, INF, OwedEnergy, prepare
from .sim_types import NullController, Series, SimController, SimResult

__all__ = ["NullController", "Series", "SimController", "SimResult", "simulate"]


def simulate(  # noqa: PLR0912, PLR0915 - one hot loop, kept flat for speed
    scenario: Scenario,
    controller: SimController | None = None,
    *,
    skip_idle: bool = True,
    record: bool = False,
) -> SimResult:
    """Replay `scenario` with `controller` (None = uncontrolled) and measure it."""
    wall0 = time.perf_counter()
    setup = prepare(scenario)
    stats = setup.new_stats(scenario)
    ctrl: SimController = controller if controller is not None else NullController()
    skip_fn: Callable[[float, float, bool], bool] | None = (
        getattr(ctrl, "skippable", None) if skip_idle else None
    )
    decide = ctrl.decide
    series = Series() if record else None
    tracker = stats.tracker
    add = tracker.add

    times, base, cols = setup.times, setup.base, setup.columns
    n_tr = len(times)
    dt, latency = scenario.step_s, scenario.latency_s
    start, end = setup.start_s, setup.end_s
    n_steps = max(1, int(-((start - end) // dt)))

    sw_ids = [s.config.load_id for s in scenario.switched]
    sw_cnt = [stats.loads[i] for i in sw_ids]
    sw_catch, sw_def, sw_ns = setup.catchup_w, setup.deferrable, setup.never_shed_sw
    n_sw = len(sw_ids)
    sw_on = [True] * n_sw
    sw_debt = [OwedEnergy() for _ in range(n_sw)]
    sw_p = [0.0] * n_sw
    sw_extra = [0.0] * n_sw  # catch-up power above demand
    sw_rate = [0.0] * n_sw  # catch-up power held until the next trace sample ...
    sw_rate_j = [-1] * n_sw  # ... of this trace index (-1: choose again)
    sw_range = range(n_sw)

    evs = scenario.evs
    ev_ids = [e.config.load_id for e in evs]
    ev_cnt = [stats.loads[i] for i in ev_ids]
    ev_unit = [e.config.setpoint_unit_w for e in evs]
    ev_min = [e.config.min_setpoint - 1e-9 for e in evs]
    ev_maxsp = [e.config.max_setpoint for e in evs]
    ev_ns = setup.never_shed_ev
    n_ev = len(evs)
    ev_on = [True] * n_ev
    ev_sp = list(ev_maxsp)
    ev_rem = [0.0] * n_ev
    ev_p = [0.0] * n_ev
    ev_session = [-1] * n_ev
    ev_plans = [e.plans for e in evs]
    ev_range = range(n_ev)
    sessions = stats.sessions
    ev_events = setup.ev_events
    n_evt = len(ev_events)
    evt_i = 0
    next_ev = ev_events[0].time_s if n_evt else INF

    sw_state = [LoadState(power_w=-1.0)] * n_sw  # placeholders that never match
    ev_state = [LoadState(power_w=-1.0)] * n_ev
    index = {load_id: (False, i) for i, load_id in enumerate(sw_ids)}
    index.update({load_id: (True, i) for i, load_id in enumerate(ev_ids)})
    queue: deque[tuple[float, Action]] = deque()

    apply = command_applier(index, stats, sw_on, sw_cnt, sw_rate_j, ev_sp, ev_on, ev_cnt, ev_maxsp)

    limit_tol = setup.limit_w + ABOVE_TOLERANCE_W
    dirty = True  # load states may differ from the ones the controller saw last
    j = 0
    next_tr = times[1] if n_tr > 1 else INF
    for k in range(n_steps):
        t = start + k * dt
        t_step = t
        t_next = min(start + (k + 1) * dt, end)
        sample = True
        acc_site = acc_ev = acc_sw = 0.0
        while True:
            while t >= next_tr:
                j += 1
                next_tr = times[j + 1] if j + 1 < n_tr else INF
            while t >= next_ev:
                event = ev_events[evt_i]
                e = event.ev
                if event.plug_in:
                    ev_session[e] = event.session
                    ev_rem[e] = sessions[event.session].requested_wh
                else:
                    ev_session[e] = -1
                    ev_rem[e] = 0.0
                dirty = dirty or ev_plans[e]  # a plan came or went with the car
                evt_i += 1
                next_ev = ev_events[evt_i].time_s if evt_i < n_evt else INF
            while queue and queue[0][0] <= t:
                apply(queue.popleft()[1])
                dirty = True

            # instantaneous powers of this interval
            b = base[j]
            site = unav = b
            done_at = INF
            sw_sum = 0.0
            for i in sw_range:
                if sw_on[i]:
                    p = cols[i][j]
                    extra = 0.0
                    debt = sw_debt[i]
                    if debt.chunks:
                        if sw_rate_j[i] != j:
                            sw_rate_j[i] = j
                            sw_rate[i] = max(0.0, min(sw_catch[i] - p, debt.chunks[0][0]))
                        extra = sw_rate[i]
                        if extra > 0.0:
                            tc = t + debt.total_wh * 3600.0 / extra
                            if tc > t:
                                p += extra
                                if tc < done_at:  # noqa: PLR1730 - faster than min() here
                                    done_at = tc
                            else:  # a remainder too small to resolve in time: paid
                                debt.pay(debt.total_wh)
                                extra = 0.0
                    sw_extra[i] = extra
                    if sw_ns[i]:
                        unav += p
                else:
                    p = 0.0
                if p != sw_p[i]:
                    sw_p[i] = p
                    dirty = True
                sw_sum += p
            ev_sum = 0.0
            for i in ev_range:
                p = 0.0
                if ev_rem[i] > 0.0 and ev_on[i] and ev_sp[i] >= ev_min[i]:
                    p = ev_sp[i] * ev_unit[i]  # apply() keeps the setpoint within max
                    if p > 0.0:
                        tc = t + ev_rem[i] * 3600.0 / p
                        if tc <= t:  # a remainder too small to resolve in time: done now
                            sessions[ev_session[i]].delivered_wh += ev_rem[i]
                            sessions[ev_session[i]].done_s = t
                            ev_rem[i] = p = 0.0
                        elif tc < done_at:
                            done_at = tc
                        if ev_ns[i]:
                            unav += p
                if p != ev_p[i]:
                    ev_p[i] = p
                    dirty = True
                ev_sum += p
            site += sw_sum + ev_sum

            if sample:
                sample = False
                if skip_fn is None or not skip_fn(t, site, dirty):
                    dirty = False
                    states: dict[str, LoadState] = {}
                    for i in sw_range:  # LoadStates are immutable: reuse while unchanged
                        state = sw_state[i]
                        if state.power_w != sw_p[i] or state.is_on is not sw_on[i]:
                            state = sw_state[i] = LoadState(is_on=sw_on[i], power_w=sw_p[i])
                        states[sw_ids[i]] = state
                    for i in ev_range:
                        state = ev_state[i]
                        to_go = ev_rem[i] if ev_plans[i] and ev_session[i] >= 0 else None
                        if (
                            state.power_w != ev_p[i]
                            or state.setpoint != ev_sp[i]
                            or state.is_on is not ev_on[i]
                            or state.energy_to_go_wh != to_go
                        ):
                            state = ev_state[i] = LoadState(
                                is_on=ev_on[i],
                                setpoint=ev_sp[i],
                                power_w=ev_p[i],
                                demand_setpoint=ev_maxsp[i],
                                departure_s=None
                                if to_go is None
                                else sessions[ev_session[i]].plug_out_s,
                                energy_to_go_wh=to_go,
                            )
                        states[ev_ids[i]] = state
                    t0 = time.perf_counter_ns()
                    actions = decide(t, Measurement(site_power_w=site), states)
                    stats.decision_ns += time.perf_counter_ns() - t0
                    stats.controller_calls += 1
                    if actions:
                        due = t + latency
                        for action in actions:
                            queue.append((due, action))
                        if due <= t:
                            continue  # zero latency: act before this interval runs

            seg_end = t_next
            if next_tr < seg_end:  # noqa: PLR1730 - plain compares: hot loop
                seg_end = next_tr
            if next_ev < seg_end:  # noqa: PLR1730
                seg_end = next_ev
            if queue and queue[0][0] < seg_end:
                seg_end = queue[0][0]
            if done_at < seg_end:  # noqa: PLR1730
                seg_end = done_at
            d = seg_end - t
            h = d / 3600.0
            for i in sw_range:
                if sw_on[i]:
                    if sw_extra[i] > 0.0:
                        sw_debt[i].pay(sw_extra[i] * h)
                else:
                    wanted = cols[i][j] * h
                    if wanted > 0.0:
                        if sw_def[i]:
                            sw_debt[i].add(cols[i][j], wanted)
                            sw_cnt[i].deferred_wh += wanted
                        else:
                            sw_cnt[i].unserved_wh += wanted
            if ev_sum > 0.0:
                for i in ev_range:
                    if ev_p[i] > 0.0:
                        got = ev_p[i] * h
                        outcome = sessions[ev_session[i]]
                        outcome.delivered_wh += got
                        rem = ev_rem[i] - got
                        if rem <= EPS_WH:
                            rem = 0.0
                            outcome.done_s = seg_end
                        ev_rem[i] = rem
            if site > limit_tol:
                add(d, site, unav)
            elif tracker.in_event:
                tracker.in_event = False
            if series is not None:
                acc_site += site * d
                acc_ev += ev_sum * d
                acc_sw += sw_sum * d
            t = seg_end
            if t >= t_next:
                break
        if series is not None:
            span = t_next - t_step
            series.times_s.append(t_step)
            series.site_w.append(acc_site / span)
            series.ev_w.append(acc_ev / span)
            series.switched_w.append(acc_sw / span)

    stats.samples = n_steps
    for i in sw_range:
        sw_cnt[i].unserved_wh += sw_debt[i].total_wh  # still owed at the end: never served
    wall = time.perf_counter() - wall0
    return SimResult(metrics=stats.to_dict(), stats=stats, series=series, wall_s=wall)
