"""Step margin: room kept free for the next rise of this home's own load, learned online.

An overload starts when the house steps up (an oven, a kettle, a dryer's heater) while the site
runs close to its limit, usually because a charger or a restored load filled the room. Whatever
the controller does, that step is over the limit until a shed takes effect. So what we give back
(a restore, a charger turned up) must leave room for the rises this home actually makes.

Homes are calm for hours (night, nobody home) and busy at others (cooking, laundry), so the
margin is the largest rise of site power between two samples within the last `window_s` (one
hour): a busy hour keeps a busy hour's room free, a quiet night lets the car charge. Rises
caused by our own commands (those still in flight) do not count, nor do chargers and other
modulated loads: their draw follows the offer we set, and a car starting to charge is what the
reserve cap (reserve.py) is for; counting it would starve the car for an hour. The margin only
ever lowers
the restore threshold and the turn-down target of modulated loads (controller.py); the user's
thresholds stay the upper bounds.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence

from .inflight import InFlight
from .models import LoadKind
from .tracking import LoadTrack

WINDOW_S = 3600.0
MAX_SHARE = 0.5  # of the limit: the most the margin keeps free
_MODULATED = (LoadKind.EV, LoadKind.MODULATED)  # consumers whose draw follows our offer


class StepMargin:
    """Largest uncommanded rise of site power over the last `window_s` seconds."""

    __slots__ = ("_last_w", "_rises", "window_s")

    def __init__(self, window_s: float = WINDOW_S) -> None:
        """Nothing seen yet: no margin."""
        self.window_s = window_s
        self._last_w: float | None = None
        self._rises: deque[tuple[float, float]] = deque()  # (time, rise), rises decreasing

    def observe(self, now: float, site_w: float, commanded_w: float) -> None:
        """A new sample of the site's power less its modulated loads' own draw.

        `commanded_w`: what our commands in flight to the other loads may change in it.
        """
        last = self._last_w
        self._last_w = site_w
        if last is None:
            return
        rise = site_w - last - commanded_w
        if not rise > 0 or math.isinf(rise):
            return
        rises = self._rises
        while rises and rises[-1][1] <= rise:
            rises.pop()
        rises.append((now, rise))

    def value(self, now: float, limit_w: float = math.inf) -> float:
        """The margin now (W): the largest rise of the last window, 0 if none.

        At most half of `limit_w`: a rise that big says more about a meter jumping between
        readings than about room a charger should be kept from for an hour.
        """
        rises = self._rises
        while rises and rises[0][0] <= now - self.window_s:
            rises.popleft()
        return min(rises[0][1], limit_w * MAX_SHARE) if rises else 0.0

    def next_drop(self) -> float:
        """When the largest rise leaves the window and the margin shrinks (inf: never)."""
        rises = self._rises
        return rises[0][0] + self.window_s if rises else math.inf


def draws_on_offer(tracks: Iterable[LoadTrack]) -> list[LoadTrack]:
    """The consumers whose draw follows our offer (chargers, modulated loads)."""
    return [t for t in tracks if t.cfg.kind in _MODULATED]


def house_sample(
    site_w: float, modulated: Sequence[LoadTrack], flights: Sequence[InFlight]
) -> tuple[float, float]:
    """Site power less the modulated loads' draw, and what commands to other loads may add.

    `modulated`: `draws_on_offer` of the site's loads (worked out once per configuration).
    """
    own = sum(t.current_power() for t in modulated)
    commanded = 0.0
    if flights:
        ids = {t.cfg.load_id for t in modulated}
        commanded = sum(f.delta_w for f in flights if f.load_id not in ids)
    return site_w - own, commanded
