"""Capacity requests: a home-side form of permission-based capacity.

Something (an automation, an appliance) asks for `power_w` extra watts from `start` for
`duration_s`. The request is granted only if it fits, together with every other grant that
overlaps its window, into the budget the caller offers (the limit minus the load that cannot be
shed). A granted request is kept for its window: the caller subtracts `active_w(now)` from the
limit it gives the controller, so the controller keeps that room free.

Pure and deterministic: the caller supplies the time, the budget and the grant id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class RequestVerdict(StrEnum):
    """Why a request was granted or denied (carried in the service response)."""

    GRANTED = "granted"
    INVALID = "invalid_request"  # power or duration not a positive finite number
    WINDOW_PASSED = "window_passed"  # the window already ended
    EXCEEDS_LIMIT = "exceeds_limit"  # more than the whole budget, even without other grants
    CONFLICTS = "conflicts_with_grants"  # fits alone, not together with overlapping grants
    NO_DATA = "no_site_power"  # site power unknown: nothing can be promised


@dataclass(frozen=True, kw_only=True, slots=True)
class Grant:
    """Capacity kept free for one requester over [start, end)."""

    grant_id: str
    start: float
    end: float
    power_w: float
    label: str = ""

    def active(self, now: float) -> bool:
        """True while the window is open."""
        return self.start <= now < self.end


@dataclass(frozen=True, kw_only=True, slots=True)
class RequestDecision:
    """The answer to one request."""

    verdict: RequestVerdict
    grant: Grant | None  # set when granted
    available_w: float  # the most that could be granted for that window

    @property
    def granted(self) -> bool:
        """True when the capacity is kept for the requester."""
        return self.verdict is RequestVerdict.GRANTED


def grant_budget_w(limit_w: float, firm_w: float, target_fraction: float) -> float:
    """The most that can be kept free under `limit_w` when `firm_w` cannot be shed.

    With `g` granted, the controller aims at `target_fraction × (limit_w − g)`; that must still
    cover the firm load, so g ≤ limit_w − firm_w / target_fraction.
    """
    return max(limit_w - max(firm_w, 0.0) / target_fraction, 0.0)


class CapacityBook:
    """The grants in force, with admission control."""

    __slots__ = ("_grants",)

    def __init__(self, grants: Iterable[Grant] = ()) -> None:
        """Start with `grants` (for example restored from storage)."""
        self._grants: list[Grant] = sorted(grants, key=lambda g: (g.start, g.grant_id))

    @property
    def grants(self) -> tuple[Grant, ...]:
        """Every grant not yet pruned, by start time."""
        return tuple(self._grants)

    def peak_w(self, start: float, end: float) -> float:
        """Largest sum of granted power at any instant of [start, end)."""
        overlapping = [g for g in self._grants if g.start < end and start < g.end]
        # The sum only rises where a grant starts, so the window's start and the starts inside
        # the window are the only instants to check.
        instants = [start, *(g.start for g in overlapping if g.start > start)]
        return max(
            (sum(g.power_w for g in overlapping if g.start <= t < g.end) for t in instants),
            default=0.0,
        )

    def active_w(self, now: float) -> float:
        """Power kept free right now."""
        return sum(g.power_w for g in self._grants if g.active(now))

    def request(
        self,
        *,
        now: float,
        start: float,
        duration_s: float,
        power_w: float,
        budget_w: float,
        grant_id: str,
        label: str = "",
    ) -> RequestDecision:
        """Grant `power_w` over [max(start, now), start + duration_s) if it fits in `budget_w`."""
        numbers = (start, duration_s, power_w, budget_w)
        if not all(math.isfinite(x) for x in numbers) or power_w <= 0 or duration_s <= 0:
            return RequestDecision(verdict=RequestVerdict.INVALID, grant=None, available_w=0.0)
        end = start + duration_s
        if end <= now:
            return RequestDecision(
                verdict=RequestVerdict.WINDOW_PASSED, grant=None, available_w=0.0
            )
        start = max(start, now)
        budget_w = max(budget_w, 0.0)
        available = max(budget_w - self.peak_w(start, end), 0.0)
        if power_w > available:
            verdict = (
                RequestVerdict.EXCEEDS_LIMIT if power_w > budget_w else RequestVerdict.CONFLICTS
            )
            return RequestDecision(verdict=verdict, grant=None, available_w=available)
        grant = Grant(grant_id=grant_id, start=start, end=end, power_w=power_w, label=label)
        self._grants.append(grant)
        self._grants.sort(key=lambda g: (g.start, g.grant_id))
        return RequestDecision(verdict=RequestVerdict.GRANTED, grant=grant, available_w=available)

    def cancel(self, grant_id: str) -> bool:
        """Give a grant back early; False when there is no such grant."""
        before = len(self._grants)
        self._grants = [g for g in self._grants if g.grant_id != grant_id]
        return len(self._grants) != before

    def prune(self, now: float) -> bool:
        """Forget grants whose window has ended; True when something was dropped."""
        before = len(self._grants)
        self._grants = [g for g in self._grants if g.end > now]
        return len(self._grants) != before

    def export(self) -> list[dict[str, Any]]:
        """JSON-safe copy of the grants, for storage."""
        return [
            {
                "grant_id": g.grant_id,
                "start": g.start,
                "end": g.end,
                "power_w": g.power_w,
                "label": g.label,
            }
            for g in self._grants
        ]

    @classmethod
    def from_export(cls, data: Iterable[Mapping[str, Any]], now: float) -> CapacityBook:
        """Rebuild from `export()` output; malformed or ended grants are dropped."""
        grants: list[Grant] = []
        for item in data:
            try:
                grant = Grant(
                    grant_id=str(item["grant_id"]),
                    start=float(item["start"]),
                    end=float(item["end"]),
                    power_w=float(item["power_w"]),
                    label=str(item.get("label", "")),
                )
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            valid = all(math.isfinite(x) for x in (grant.start, grant.end, grant.power_w))
            if valid and grant.power_w > 0 and grant.end > max(now, grant.start):
                grants.append(grant)
        return cls(grants)
