"""What the simulators take and give: the controller protocol and the run result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .metrics import RunStats
from .models import LoadState, Measurement
from .results import Action


class SimController(Protocol):
    """What the simulator drives: one decision per sample."""

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> Sequence[Action]:
        """Actions for this sample (they take effect after the scenario's latency)."""
        ...


class NullController:
    """Never acts: the uncontrolled reference."""

    def decide(
        self, now: float, measurement: Measurement, states: Mapping[str, LoadState]
    ) -> Sequence[Action]:
        """No actions."""
        return ()

    def skippable(self, now: float, site_power_w: float, loads_changed: bool) -> bool:
        """Always idle."""
        return True


@dataclass(slots=True)
class Series:
    """Per-sample averages over each simulation step (for plots)."""

    times_s: list[float] = field(default_factory=list)
    site_w: list[float] = field(default_factory=list)
    ev_w: list[float] = field(default_factory=list)
    switched_w: list[float] = field(default_factory=list)


@dataclass(slots=True)
class SimResult:
    """Outcome of one run: `metrics` (JSON-able), raw accumulators, optional series."""

    metrics: dict[str, Any]
    stats: RunStats
    series: Series | None
    wall_s: float

    @property
    def samples_per_s(self) -> float:
        """Replay throughput of this run."""
        return self.stats.samples / self.wall_s if self.wall_s > 0 else float("inf")
