"""Expected power of a load: what switching it back on (or off) will change at the meter.

Preference order: learned from the load's own power sensor while it ran; else the drop of site
power seen when we shed it; else its rated power. Learning is an exponential moving average so a
single odd sample does not swing decisions.
"""

from __future__ import annotations

import math

_ALPHA = 0.2  # weight of a new observation in the moving average


class PowerEstimator:
    """Learns one load's expected power when on."""

    __slots__ = ("_from_drops", "_from_sensor", "rated_w")

    def __init__(self, rated_w: float) -> None:
        """Start from the rated power until something is learned."""
        self.rated_w = rated_w
        self._from_sensor: float | None = None
        self._from_drops: float | None = None

    def observe_running(self, power_w: float) -> None:
        """A sample of the load's own power while it runs."""
        if not power_w > 0 or math.isinf(power_w):  # ignore idle, NaN and inf
            return
        previous = self._from_sensor
        self._from_sensor = (
            power_w if previous is None else previous + _ALPHA * (power_w - previous)
        )

    def observe_shed_drop(self, drop_w: float) -> None:
        """Site power fell by `drop_w` when we shed the load (no own sensor needed)."""
        if not drop_w > 0 or math.isinf(drop_w):
            return
        previous = self._from_drops
        self._from_drops = drop_w if previous is None else previous + _ALPHA * (drop_w - previous)

    @property
    def expected_w(self) -> float:
        """Best estimate of the load's power when on."""
        if self._from_sensor is not None:
            return self._from_sensor
        if self._from_drops is not None:
            return self._from_drops
        return self.rated_w

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
        return {"sensor": self._from_sensor, "drops": self._from_drops}

    def restore(self, data: dict[str, float | None]) -> None:
        """Load learned values saved by `export` (bad values are ignored)."""
        for key, attr in (("sensor", "_from_sensor"), ("drops", "_from_drops")):
            value = data.get(key)
            if isinstance(value, (int, float)) and value > 0 and math.isfinite(value):
                setattr(self, attr, float(value))
