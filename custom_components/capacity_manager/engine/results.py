"""What a control step returns: commands with their reasons, notices and the snapshot.

Split from `models.py` (the inputs): the engine's callers read these, the engine's rules the
inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .models import ActionKind, LimitSource, LoadStatus, Mode, Reason, SiteStatus


@dataclass(frozen=True, kw_only=True, slots=True)
class Action:
    """A command for one load, always with a reason."""

    load_id: str
    kind: ActionKind
    reason: Reason
    setpoint: float | None = None  # modulated: the new setpoint (RESTORE/MODULATE)
    old_setpoint: float | None = None
    expected_delta_w: float = 0.0  # negative when power should drop
    detail: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadSnapshot:
    """How one load stands after a step."""

    load_id: str
    name: str
    priority: int
    status: LoadStatus
    setpoint: float | None
    setpoint_unit: str | None  # "A" or "W" for modulated loads, None for switched ones
    expected_power_w: float
    power_w: float | None
    reason: Reason | None  # why it is shed/modulated, if it is
    shed_since: float | None
    generation: bool = False  # a generator: held back only for export, not a consumer shed
    plan_at_risk: bool = False  # a charger whose plan needs it to outrank others (plan.py)


@dataclass(frozen=True, kw_only=True, slots=True)
class Snapshot:
    """The controller's view after a step: what the UI and events report."""

    now: float
    mode: Mode
    status: SiteStatus
    site_power_w: float | None
    effective_limit_w: float
    limit_source: LimitSource
    shed_threshold_w: float
    target_w: float
    restore_threshold_w: float
    headroom_w: float | None
    overload: bool
    export_limit_w: float | None
    window_average_w: float | None
    window_projection_w: float | None
    phase_currents_a: tuple[float, ...] | None
    loads: tuple[LoadSnapshot, ...]
    pv_curtailed_w: float = 0.0  # production held back by curtailment (an estimate)


class NoticeKind(StrEnum):
    """Things worth telling users and automations that are not commands."""

    OVERLOAD = "overload"  # site power went above the shed threshold
    OVERLOAD_END = "overload_end"
    LIMIT_CHANGED = "limit_changed"
    FAILSAFE_ENTER = "failsafe_enter"
    FAILSAFE_EXIT = "failsafe_exit"
    OVERRIDE = "override"  # the user took back a load we held
    INEFFECTIVE = "ineffective"  # a command had no visible effect


@dataclass(frozen=True, kw_only=True, slots=True)
class Notice:
    """An observation from a step (events and logbook are built from these)."""

    kind: NoticeKind
    load_id: str | None = None
    old_value: float | None = None
    new_value: float | None = None
    detail: str = ""


class StepResult:
    """Output of one control step; the snapshot is built only when asked for (hot loop)."""

    __slots__ = ("_build", "_snapshot", "actions", "advisory", "notices")

    def __init__(
        self,
        actions: tuple[Action, ...],
        notices: tuple[Notice, ...],
        advisory: tuple[Action, ...],
        build_snapshot: Callable[[], Snapshot],
    ) -> None:
        """`advisory` holds what monitor mode would have done."""
        self.actions = actions
        self.notices = notices
        self.advisory = advisory
        self._build = build_snapshot
        self._snapshot: Snapshot | None = None

    @property
    def snapshot(self) -> Snapshot:
        """The controller's view right after this step."""
        if self._snapshot is None:
            self._snapshot = self._build()
        return self._snapshot
