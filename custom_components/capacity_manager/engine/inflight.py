"""Commands whose effect the site meter does not show yet.

A meter reports every few seconds and a charger takes seconds to ramp, so right after a shed the
measured power is still high. Counting what was just commanded as already done keeps the next
step from shedding a second load for the same overload (and a restore from stacking on another).
A command counts until the meter moved by at least half of it, or `verify_s` passed. Commands
of one step are judged together: a restore and the turn-down that made room for it move the
meter by their sum, and judging each alone would see the restore and keep counting the
turn-down as pending, so the freed room would be handed out a second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ladder import Step
    from .models import SiteConfig
    from .tracking import LoadTrack


class InFlight:
    """One command in flight."""

    __slots__ = ("delta_w", "issued_at", "load_id", "site_at_issue")

    def __init__(self, load_id: str, delta_w: float, issued_at: float, site_w: float) -> None:
        """Remember the site power at the time of the command."""
        self.load_id = load_id
        self.delta_w = delta_w
        self.issued_at = issued_at
        self.site_at_issue = site_w


class InFlightLedger:
    """All commands in flight."""

    __slots__ = ("flights",)

    def __init__(self) -> None:
        """Nothing in flight."""
        self.flights: list[InFlight] = []

    def __bool__(self) -> bool:
        """True while something is in flight."""
        return bool(self.flights)

    def add(self, load_id: str, delta_w: float, now: float, site_w: float) -> None:
        """A command expected to change site power by `delta_w`."""
        self.flights.append(InFlight(load_id, delta_w, now, site_w))

    def drop(self, load_id: str) -> None:
        """Forget commands to a load (it failed or had no effect)."""
        self.flights = [f for f in self.flights if f.load_id != load_id]

    def effective_site(
        self,
        site_w: float,
        now: float,
        verify_s: float,
        on_shed_seen: Callable[[str, float], None],
    ) -> float:
        """Measured power plus what the meter does not show yet; reports drops seen."""
        steps: dict[float, list[InFlight]] = {}
        for flight in self.flights:
            steps.setdefault(flight.issued_at, []).append(flight)
        pending = 0.0
        keep: list[InFlight] = []
        for issued_at, group in steps.items():
            delta = sum(f.delta_w for f in group)
            moved = site_w - group[0].site_at_issue
            seen = moved * delta >= 0.5 * delta * delta
            if seen or now - issued_at >= verify_s:
                if seen and delta < 0 and len(group) == 1:  # a drop is one load's only alone
                    on_shed_seen(group[0].load_id, -moved)
                continue
            pending += delta
            keep.extend(group)
        self.flights = keep
        return site_w + pending


def pending_phase_currents(
    flights: Iterable[InFlight], tracks: Mapping[str, LoadTrack], voltage_v: float
) -> dict[int, float]:
    """Per phase (1-based), the current (A) commands in flight will add (negative: free).

    A load's change is spread evenly over the phases it draws from, as `Need.credit` does.
    """
    pending: dict[int, float] = {}
    for flight in flights:
        track = tracks.get(flight.load_id)
        if track is None:
            continue
        phases = track.cfg.phases
        share = flight.delta_w / voltage_v / len(phases)
        for phase in phases:
            pending[phase] = pending.get(phase, 0.0) + share
    return pending


def phase_room_w(
    currents_a: Sequence[float] | None,
    site: SiteConfig,
    flights: Iterable[InFlight],
    tracks: Mapping[str, LoadTrack],
    planned: Iterable[Step],
) -> dict[int, float] | None:
    """Per phase (1-based), the power (W) it may still take under its restore current.

    Counting commands in flight and `planned` (this step's). None without a per-phase limit or
    per-phase readings.
    """
    limit_a = site.limits.phase_current_limit_a
    if currents_a is None or not limit_a:
        return None
    volts = site.voltage_v
    pending = pending_phase_currents(flights, tracks, volts)
    ceiling_a = limit_a * site.thresholds.restore
    room = {
        phase: (ceiling_a - amps - pending.get(phase, 0.0)) * volts
        for phase, amps in enumerate(currents_a, start=1)
    }
    for step in planned:
        phases = step.track.cfg.phases
        for phase in phases:
            if phase in room:
                room[phase] -= step.action.expected_delta_w / len(phases)
    return room
