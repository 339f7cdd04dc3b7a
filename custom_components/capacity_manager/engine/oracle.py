"""`oracle` comparison: the floor of what must be curtailed.

Zero latency, perfect knowledge of the present and continuous modulation of every controllable
load (fractional power allowed, no switching). In every interval of constant conditions the
headroom `limit − uncontrollable load` is handed out greedily, in the order that loses least:
1. interruptible loads (their curtailed energy is lost), most important first;
2. EVs, earliest plug-out first, up to the charger maximum (deadline-bound energy);
3. deferrable loads' present demand, most important first (curtailed energy is owed);
4. deferrable loads paying back owed energy, as in the simulator (missed demand replayed in
   order at the power it was wanted at, never above the load's rating).
So site power exceeds the limit only when the uncontrollable load alone does, and nothing is
curtailed that did not have to be at that moment. It is not a controller: it runs its own loop on
the same scenario (same trace, sessions and model as `simulator`) and reports the same metrics.
"""

from __future__ import annotations

import time

from .scenario import LoadBehaviour, Scenario
from .sim_setup import EPS_WH, INF, OwedEnergy, prepare
from .sim_types import Series, SimResult


def run_oracle(scenario: Scenario, *, record: bool = False) -> SimResult:  # noqa: PLR0912, PLR0915
    """Simulate `scenario` under the oracle and measure it."""
    wall0 = time.perf_counter()
    setup = prepare(scenario)
    stats = setup.new_stats(scenario)
    tracker = stats.tracker
    series = Series() if record else None
    times, base, cols, catch = setup.times, setup.base, setup.columns, setup.catchup_w
    n_tr = len(times)
    limit = setup.limit_w
    dt, start, end = scenario.step_s, setup.start_s, setup.end_s
    n_steps = max(1, int(-((start - end) // dt)))

    def most_important_first(indices: list[int]) -> list[int]:
        return sorted(indices, key=lambda i: scenario.switched[i].config.priority)

    switched = scenario.switched
    fixed_sw = [i for i, s in enumerate(switched) if s.config.never_shed]
    interruptible = most_important_first(
        [
            i
            for i, s in enumerate(switched)
            if not s.config.never_shed and s.behaviour is LoadBehaviour.INTERRUPTIBLE
        ]
    )
    deferrable = most_important_first(
        [
            i
            for i, s in enumerate(switched)
            if not s.config.never_shed and s.behaviour is LoadBehaviour.DEFERRABLE
        ]
    )
    sw_cnt = [stats.loads[s.config.load_id] for s in switched]
    debts = [OwedEnergy() for _ in switched]
    extra = [0.0] * len(switched)
    power = [0.0] * len(switched)

    n_ev = len(scenario.evs)
    ev_max, ev_ns = setup.ev_max_w, setup.never_shed_ev
    ev_rem = [0.0] * n_ev
    ev_out = [INF] * n_ev
    ev_p = [0.0] * n_ev
    ev_session = [-1] * n_ev
    sessions = stats.sessions
    events = setup.ev_events
    n_evt, evt_i = len(events), 0
    next_ev = events[0].time_s if events else INF
    ev_order: list[int] = []

    j = 0
    next_tr = times[1] if n_tr > 1 else INF
    # Samples matter only for the recorded series: without it, intervals follow the events.
    for k in range(n_steps if record else 1):
        t = t_step = start + k * dt
        t_next = min(start + (k + 1) * dt, end) if record else end
        acc_site = acc_ev = acc_sw = 0.0
        while t < t_next:
            while t >= next_tr:
                j += 1
                next_tr = times[j + 1] if j + 1 < n_tr else INF
            changed = False
            while t >= next_ev:
                event = events[evt_i]
                e = event.ev
                ev_session[e] = event.session if event.plug_in else -1
                ev_rem[e] = sessions[event.session].requested_wh if event.plug_in else 0.0
                ev_out[e] = sessions[event.session].plug_out_s if event.plug_in else INF
                evt_i += 1
                next_ev = events[evt_i].time_s if evt_i < n_evt else INF
                changed = True
            if changed:
                ev_order = sorted(range(n_ev), key=lambda e: ev_out[e])

            t0 = time.perf_counter_ns()
            unav = base[j]
            for i in fixed_sw:
                power[i] = cols[i][j]
                unav += power[i]
            for e in range(n_ev):
                ev_p[e] = 0.0
                if ev_ns[e] and ev_rem[e] > 0.0:
                    ev_p[e] = ev_max[e]
                    unav += ev_max[e]
            room = room0 = max(0.0, limit - unav)
            for i in interruptible:
                power[i] = min(cols[i][j], room)
                room -= power[i]
            for e in ev_order:
                if not ev_ns[e] and ev_rem[e] > 0.0:
                    ev_p[e] = min(ev_max[e], room)
                    room -= ev_p[e]
            for i in deferrable:
                power[i] = min(cols[i][j], room)
                room -= power[i]
            for i in deferrable:
                extra[i] = 0.0
                if debts[i].chunks and power[i] >= cols[i][j]:
                    head_w = debts[i].chunks[0][0]
                    extra[i] = min(max(0.0, catch[i] - power[i]), head_w, room)
                    room -= extra[i]
                    power[i] += extra[i]
            stats.decision_ns += time.perf_counter_ns() - t0
            stats.controller_calls += 1

            seg_end = min(t_next, next_tr, next_ev)
            for i in deferrable:
                if extra[i] > 0.0:
                    seg_end = min(seg_end, t + debts[i].chunks[0][1] * 3600.0 / extra[i])
            for e in range(n_ev):
                if ev_p[e] > 0.0:
                    seg_end = min(seg_end, t + ev_rem[e] * 3600.0 / ev_p[e])
            if seg_end <= t:  # a remainder too small to resolve in time: take the next one
                seg_end = min(t_next, next_tr, next_ev)
            h = (seg_end - t) / 3600.0
            sw_sum = 0.0
            for i, spec in enumerate(switched):
                sw_sum += power[i]
                missed_w = cols[i][j] - (power[i] - extra[i])
                short = missed_w * h
                if short > 0.0:
                    if spec.behaviour is LoadBehaviour.DEFERRABLE:
                        debts[i].add(missed_w, short)
                        sw_cnt[i].deferred_wh += short
                    else:
                        sw_cnt[i].unserved_wh += short
                if extra[i] > 0.0:
                    debts[i].pay(min(extra[i] * h, debts[i].chunks[0][1]))
            ev_sum = 0.0
            for e in range(n_ev):
                if ev_p[e] > 0.0:
                    ev_sum += ev_p[e]
                    got = min(ev_p[e] * h, ev_rem[e])
                    outcome = sessions[ev_session[e]]
                    outcome.delivered_wh += got
                    ev_rem[e] -= got
                    if ev_rem[e] <= EPS_WH:
                        ev_rem[e] = 0.0
                        outcome.done_s = seg_end
            site = unav + (room0 - room)
            tracker.add(seg_end - t, site, unav)
            if series is not None:
                acc_site += site * (seg_end - t)
                acc_ev += ev_sum * (seg_end - t)
                acc_sw += sw_sum * (seg_end - t)
            t = seg_end
        if series is not None:
            span = t_next - t_step
            series.times_s.append(t_step)
            series.site_w.append(acc_site / span)
            series.ev_w.append(acc_ev / span)
            series.switched_w.append(acc_sw / span)

    stats.samples = n_steps
    for i in range(len(switched)):
        sw_cnt[i].unserved_wh += debts[i].total_wh
    wall = time.perf_counter() - wall0
    return SimResult(metrics=stats.to_dict(), stats=stats, series=series, wall_s=wall)
