"""How the simulated devices obey a controller's commands (the simulator's `apply`).

Kept apart from the hot loop in simulator.py: a closure over the loop's own lists, so applying
a command costs no attribute lookups and the loop reads the same lists it always did.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .metrics import LoadCounters, RunStats
from .models import ActionKind
from .results import Action


def command_applier(
    index: dict[str, tuple[bool, int]],
    stats: RunStats,
    sw_on: list[bool],
    sw_cnt: list[LoadCounters],
    sw_rate_j: list[int],
    ev_sp: list[float],
    ev_on: list[bool],
    ev_cnt: list[LoadCounters],
    ev_maxsp: list[float],
) -> Callable[[Action], None]:
    """`apply(action)`: switch, pause or set a simulated device; counts what it did."""

    def apply(action: Action) -> None:
        where = index.get(action.load_id)
        kind = action.kind
        if where is None:
            stats.ignored_actions += 1
            return
        is_ev, i = where
        if not is_ev:
            if kind is ActionKind.SHED and sw_on[i]:
                sw_on[i] = False
                sw_cnt[i].sheds += 1
            elif kind is ActionKind.RESTORE and not sw_on[i]:
                sw_on[i] = True
                sw_rate_j[i] = -1
                sw_cnt[i].restores += 1
            elif kind is ActionKind.MODULATE:
                stats.ignored_actions += 1
            return
        sp = action.setpoint
        if sp is not None and not math.isnan(sp):
            sp = min(max(sp, 0.0), ev_maxsp[i])
            if kind is not ActionKind.SHED and sp != ev_sp[i]:
                ev_sp[i] = sp
                if ev_on[i]:
                    ev_cnt[i].modulations += 1
        elif kind is ActionKind.MODULATE:
            stats.ignored_actions += 1
        if kind is ActionKind.SHED and ev_on[i]:
            ev_on[i] = False
            ev_cnt[i].sheds += 1
        elif kind is ActionKind.RESTORE and not ev_on[i]:
            ev_on[i] = True
            ev_cnt[i].restores += 1

    return apply
