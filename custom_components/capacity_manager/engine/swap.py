"""Making room for a load from less important ones (the priority swap and charging plans).

A more important load that cannot come back (restore.py), or a charger whose plan is at risk
(plan.py), may take power from less important loads: turned down first, paused or switched off
only when asked (`pause_deficit_w`), always by the ladder's own rules (ladder.py).
"""

from __future__ import annotations

from .ladder import Need, Step, plan_shed, plan_turn_down
from .models import Reason
from .tracking import Held, LoadTrack


def make_room(
    most_important_first: list[LoadTrack],
    track: LoadTrack,
    deficit_w: float,
    now: float,
    planned: list[Step],
    *,
    pause_deficit_w: float | None,
) -> list[Step]:
    """Make `deficit_w` of room for `track` from less important loads (or nothing).

    Priority means a more important load gets power before a less important one: a water
    heater waiting to come back may take current from the car. Turning down cannot cycle
    anything, so it is always tried first. Pausing or switching off (`pause_deficit_w`, the room
    pausing must make) only once `track` has waited past its patience: the ladder's own rules
    apply (min on time, never-shed, a running cycle, a charger that cannot pause), and the
    paused load's min off time keeps it from coming straight back.
    """
    taken = {id(s.track) for s in planned}
    less_important = [
        t
        for t in reversed(most_important_first)
        if t.cfg.priority > track.cfg.priority
        and id(t) not in taken
        and t.held is not Held.ABSORB  # export control's (export.py)
    ]
    if not less_important:
        return []
    need = Need(total_w=deficit_w, phase_w={})
    steps = plan_turn_down(less_important, need, now, Reason.PRIORITY)
    if need.covered():
        return steps
    if pause_deficit_w is None:
        return []
    need = Need(total_w=pause_deficit_w, phase_w={})
    steps = plan_shed(less_important, need, now, Reason.PRIORITY)
    return steps if need.covered() else []
