"""Expected power of a load: what switching it back on (or off) will change at the meter.

What comes back when a load is switched on again is what it draws when it runs: a water heater
that was off for an hour heats at full power, a dryer resumes at full power. So what is learned
is an upper envelope (quick to rise, slow to fall) of the load's own power while it ran, else of
the drop in site power seen when we shed it, else the rated power. One odd sample moves it only
part of the way. The restore check also uses what the load drew when it was shed.

*Comeback power*: a load given back after a while off often draws more than it did before it
was cut: a water heater reheats, a washing machine that was stopped resumes its heating phase,
a deferred load catches up. What it drew right after each of our give-backs is learned apart
(quick to rise, forgetting a high reading only over ten or so give-backs: one right after a
short cut says little about the next after a long one) and the restore check uses it; until a
give-back has been seen, the rated power stands in for it.
"""

from __future__ import annotations

import math

_ALPHA_UP = 0.5  # weight of a new observation above the estimate
_ALPHA_DOWN = 0.05  # ... and below it: forget a high reading slowly
_ALPHA_MEAN = 0.2  # weight of a new observation in the typical (mean) power
_ALPHA_COMEBACK_DOWN = 0.1  # comebacks: a low one after a short cut hides no high one


def _envelope(previous: float | None, value: float) -> float:
    if previous is None:
        return value
    alpha = _ALPHA_UP if value > previous else _ALPHA_DOWN
    return previous + alpha * (value - previous)


class PowerEstimator:
    """Learns one load's expected power when on."""

    __slots__ = ("_comeback", "_from_drops", "_from_sensor", "_typical", "rated_w")

    def __init__(self, rated_w: float) -> None:
        """Start from the rated power until something is learned."""
        self.rated_w = rated_w
        self._from_sensor: float | None = None
        self._from_drops: float | None = None
        self._typical: float | None = None  # plain moving average of running power
        self._comeback: float | None = None  # envelope of the power right after a give-back

    def observe_running(self, power_w: float) -> None:
        """A sample of the load's own power while it runs."""
        if not power_w > 0 or math.isinf(power_w):  # ignore idle, NaN and inf
            return
        self._from_sensor = _envelope(self._from_sensor, power_w)
        typical = self._typical
        self._typical = power_w if typical is None else typical + _ALPHA_MEAN * (power_w - typical)

    def observe_comeback(self, power_w: float) -> None:
        """The load's own power just after we gave it back."""
        if not power_w > 0 or math.isinf(power_w):
            return
        previous = self._comeback
        if previous is None or power_w >= previous:
            self._comeback = power_w
        else:
            self._comeback = previous + _ALPHA_COMEBACK_DOWN * (power_w - previous)

    def observe_shed_drop(self, drop_w: float) -> None:
        """Site power fell by `drop_w` when we shed the load (no own sensor needed)."""
        if not drop_w > 0 or math.isinf(drop_w):
            return
        self._from_drops = _envelope(self._from_drops, drop_w)

    @property
    def expected_w(self) -> float:
        """Conservative estimate of the load's power when on (see module docstring)."""
        learned = self._from_sensor if self._from_sensor is not None else self._from_drops
        return self.rated_w if learned is None else learned

    @property
    def comeback_w(self) -> float:
        """What giving the load back is expected to add: at least `expected_w`."""
        comeback = self._comeback if self._comeback is not None else self.rated_w
        return max(self.expected_w, comeback)

    @property
    def seen_comeback_w(self) -> float:
        """`comeback_w` as far as give-backs showed it (the rated power is not assumed)."""
        comeback = self._comeback
        return self.expected_w if comeback is None else max(self.expected_w, comeback)

    @property
    def typical_w(self) -> float:
        """What the load usually draws while running (a mean, not an envelope)."""
        return self._typical if self._typical is not None else self.expected_w

    @property
    def source(self) -> str:
        """Where the estimate comes from: sensor, shed_drop or rated."""
        if self._from_sensor is not None:
            return "sensor"
        if self._from_drops is not None:
            return "shed_drop"
        return "rated"

    def export(self) -> dict[str, float | None]:
        """JSON-safe learned values."""
        return {"sensor": self._from_sensor, "drops": self._from_drops, "comeback": self._comeback}

    def restore(self, data: dict[str, float | None]) -> None:
        """Load learned values saved by `export` (bad values are ignored)."""
        for key, attr in (
            ("sensor", "_from_sensor"),
            ("drops", "_from_drops"),
            ("comeback", "_comeback"),
        ):
            value = data.get(key)
            if isinstance(value, (int, float)) and value > 0 and math.isfinite(value):
                setattr(self, attr, float(value))
