"""Export limit: use surplus in absorber loads first, curtail generation last, give both back.

Export is -site power. With the export limit E and the site thresholds, export above E × shed
is acted on, E × target is what a curtailment aims at and E × restore is "comfortably below":
curtailment is given back once export stayed there for the restore hold-off. For a small limit
(zero export) the bands keep `BAND_W` apart, so meter noise does not move the inverter.

Exporting too much: absorbers (loads marked `absorb_export`, e.g. a water heater or a battery's
charge power) are turned on or up, most important first, when they fit; generation (a PV
inverter's power limit) is then curtailed, least important first, by what is still too much.
Importing: curtailing only costs money, so curtailed generation is raised at once by what the
import needs; absorbers we turned on go off or down, least important first, once no generation
is held back. An import overload gives everything back at once, before the shed ladder acts.

Only what we did is undone: a generator we curtailed is held `MODULATED` (its free setpoint is
where it was), an absorber we turned on is held `ABSORB`. A user's change is an override.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .calm import RecentPeak
from .export_absorb import absorb, absorbers_down
from .export_steps import (
    BAND_W,
    EPS,
    IMPORT_W,
    MARGIN_W,
    binding,
    curtail,
    forget_lost_absorbers,
    min_on_done,
    production,
    raise_generation,
    release_step,
    usable,
)
from .ladder import Step
from .models import FailsafePolicy, Reason, Thresholds, Timing
from .tracking import Held, LoadTrack

__all__ = ["IMPORT_W", "MARGIN_W", "ExportBands", "ExportControl", "export_bands", "release_step"]


@dataclass(frozen=True, slots=True)
class ExportBands:
    """Export levels in W (positive = export)."""

    shed_x: float
    target_x: float
    restore_x: float


def export_bands(limit_w: float, thresholds: Thresholds) -> ExportBands:
    """The act / aim / give-back levels of an export limit."""
    return ExportBands(
        shed_x=limit_w * thresholds.shed,
        target_x=min(limit_w * thresholds.target, limit_w - BAND_W),
        restore_x=min(limit_w * thresholds.restore, limit_w - 2 * BAND_W),
    )


class ExportControl:
    """Plans absorbing, curtailing and giving back; remembers how long export has been calm."""

    __slots__ = ("_calm_since", "_cut_site", "_peak", "_seen")

    def __init__(self) -> None:
        """No calm spell yet."""
        self._peak = RecentPeak()  # highest export of the current calm spell (within hold-off)
        self._calm_since: float | None = None
        # Highest production seen before we curtailed a generator: the sun it held back at
        # least then. Absorbers may count on it (not on the inverter's rating: a dull day
        # would switch a heater on that the sun cannot carry, again and again).
        self._seen: dict[str, float] = {}
        self._cut_site: dict[str, float] = {}  # site power when we last cut a generator

    def clear(self) -> None:
        """Forget the calm spell (failsafe, import overload)."""
        self._peak.clear()
        self._calm_since = None

    def _observe(self, now: float, export: float, bands: ExportBands, holdoff_s: float) -> float:
        """Highest export of the calm spell, or inf while it is not calm (long enough)."""
        if export > bands.restore_x:
            self.clear()
            return math.inf
        peak = self._peak.add(now, export, holdoff_s)
        if self._calm_since is None:
            self._calm_since = now
        return peak if now - self._calm_since >= holdoff_s else math.inf

    def held_back_w(self, track: LoadTrack) -> float:
        """Production a generator we curtail holds back (an estimate, for users).

        What it made before our first cut less what it makes now; unknown (0) after a restart.
        """
        if track.held is not Held.MODULATED or not track.cfg.is_generation:
            return 0.0
        return max(0.0, self._seen.get(track.cfg.load_id, 0.0) - production(track))

    # -- outside the normal path ------------------------------------------------------------

    def plan_overload(self, tracks: list[LoadTrack], now: float) -> list[Step]:
        """Import overload: curtailed generation back at once, our absorbers off (min on kept)."""
        self.clear()
        steps = [
            release_step(t, Reason.EXPORT_RELEASE)
            for t in tracks
            if t.cfg.is_generation and t.held is Held.MODULATED and usable(t, now)
        ]
        for track in reversed(tracks):
            if track.held is Held.ABSORB and usable(track, now) and min_on_done(track, now):
                steps.append(release_step(track, Reason.EXPORT_RELEASE))
        return steps

    @staticmethod
    def plan_failsafe(tracks: list[LoadTrack], now: float) -> list[Step]:
        """Site power unknown: absorbers we turned on go off (per their failsafe policy)."""
        return [
            release_step(t, Reason.FAILSAFE)
            for t in tracks
            if t.held is Held.ABSORB
            and t.cfg.failsafe_policy is FailsafePolicy.SHED
            and usable(t, now)
        ]

    # -- the normal path ----------------------------------------------------------------------

    def plan(
        self,
        tracks: list[LoadTrack],
        site_w: float,
        export_limit_w: float | None,
        *,
        now: float,
        restore_w: float,
        thresholds: Thresholds,
        timing: Timing,
        allow_switch_on: bool,
        phase_room_w: dict[int, float] | None = None,
    ) -> list[Step]:
        """One step's export decisions.

        `tracks` are most important first; `site_w` counts the step's other commands;
        `phase_room_w` what each phase may still take (export_absorb.py).
        """
        forget_lost_absorbers(tracks)
        gens = [t for t in tracks if t.cfg.is_generation]
        curtailed = [t for t in gens if t.held is Held.MODULATED and usable(t, now)]
        if export_limit_w is None:
            self.clear()
            given = [release_step(t, Reason.EXPORT_RELEASE) for t in curtailed]
            if not given and site_w > IMPORT_W:
                given = absorbers_down(tracks, site_w, now)
            return given
        bands = export_bands(export_limit_w, thresholds)
        export = -site_w
        peak = self._observe(now, export, bands, timing.restore_holdoff_s)
        if site_w > IMPORT_W:
            if curtailed:
                return raise_generation(
                    curtailed, site_w + bands.target_x, now, timing, importing=True
                )
            return absorbers_down(tracks, site_w, now)
        if curtailed and peak < math.inf:
            return raise_generation(curtailed, bands.target_x - peak, now, timing, importing=False)
        seen, cut_site = self._seen, self._cut_site
        for gen in gens:
            if gen.held is not Held.MODULATED:
                seen.pop(gen.cfg.load_id, None)
                cut_site.pop(gen.cfg.load_id, None)
        held_back = sum(
            max(0.0, seen.get(t.cfg.load_id, 0.0) - production(t)) for t in curtailed if binding(t)
        )
        steps: list[Step] = []
        if export > bands.shed_x or held_back > EPS:
            # Room for absorbers: the site must stay under the import restore threshold even if
            # the held-back generation never comes, and is expected to keep exporting.
            ceiling = min(restore_w, held_back - MARGIN_W)
            steps = absorb(
                tracks,
                site_w,
                ceiling,
                now,
                timing,
                allow_switch_on=allow_switch_on,
                phase_room_w=phase_room_w,
            )
        after = site_w + sum(s.action.expected_delta_w for s in steps)
        if -after > bands.shed_x:
            # A cut the meter did not show: the sun is below that limit (see curtail()).
            stalled = {i for i, site in cut_site.items() if after - site < BAND_W}
            cuts = curtail(list(reversed(gens)), -after - bands.target_x, now, timing, stalled)
            for cut in cuts:
                load_id = cut.track.cfg.load_id
                seen[load_id] = max(seen.get(load_id, 0.0), production(cut.track, -after))
                cut_site[load_id] = after
            steps += cuts
        return steps
