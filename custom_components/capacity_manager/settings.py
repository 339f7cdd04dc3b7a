"""What users change at run time (entities and services), remembered across restarts.

These are not config-flow settings: changing them must not reload the entry. A value that
shadows a configured one (the start-up mode, a load's priority) remembers the configured value
it was set against, so a later change in the options or subentry wins again.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .engine.models import Mode


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


@dataclass(kw_only=True, slots=True)
class UserSettings:
    """Run-time choices of the user."""

    mode: Mode
    mode_option: str  # the options' start-up mode `mode` was chosen against
    limit_override_w: float | None = None  # the "limit override" number; None = no override
    temp_limit_w: float | None = None  # set_limit with a duration
    temp_limit_until: float | None = None
    managed: dict[str, bool] = field(default_factory=dict)
    # load id -> (priority, the subentry's priority it was set against)
    priorities: dict[str, tuple[int, int]] = field(default_factory=dict)

    def limit_at(self, now: float) -> float | None:
        """The user's limit right now: a temporary one while it lasts, else the override."""
        if self.temp_limit_w is not None and (
            self.temp_limit_until is None or now < self.temp_limit_until
        ):
            return self.temp_limit_w
        return self.limit_override_w

    def expire(self, now: float) -> bool:
        """Drop a temporary limit whose time is up; True when one was dropped."""
        if self.temp_limit_until is not None and now >= self.temp_limit_until:
            self.temp_limit_w = None
            self.temp_limit_until = None
            return True
        return False

    def priority(self, load_id: str, configured: int) -> int:
        """The load's priority: the user's, unless the subentry changed since."""
        saved = self.priorities.get(load_id)
        if saved is None or saved[1] != configured:
            return configured
        return saved[0]

    def is_managed(self, load_id: str) -> bool:
        """Whether the load takes part in shedding (default: yes)."""
        return self.managed.get(load_id, True)

    def export(self) -> dict[str, Any]:
        """JSON-safe form for storage."""
        return {
            "mode": self.mode.value,
            "mode_option": self.mode_option,
            "limit_override_w": self.limit_override_w,
            "temp_limit_w": self.temp_limit_w,
            "temp_limit_until": self.temp_limit_until,
            "managed": dict(self.managed),
            "priorities": {k: list(v) for k, v in self.priorities.items()},
        }

    @classmethod
    def restore(cls, data: Mapping[str, Any] | None, mode_option: str) -> UserSettings:
        """Settings from storage; anything malformed falls back to the configured default."""
        settings = cls(mode=Mode(mode_option), mode_option=mode_option)
        if not isinstance(data, Mapping):
            return settings
        if data.get("mode_option") == mode_option and data.get("mode") in set(Mode):
            settings.mode = Mode(data["mode"])
        override = _number(data.get("limit_override_w"))
        settings.limit_override_w = override if override and override > 0 else None
        temp, until = _number(data.get("temp_limit_w")), _number(data.get("temp_limit_until"))
        if temp and temp > 0 and until is not None:
            settings.temp_limit_w, settings.temp_limit_until = temp, until
        managed = data.get("managed")
        if isinstance(managed, Mapping):
            settings.managed = {str(k): v for k, v in managed.items() if isinstance(v, bool)}
        priorities = data.get("priorities")
        if isinstance(priorities, Mapping):
            for key, value in priorities.items():
                if (
                    isinstance(value, list | tuple)
                    and len(value) == 2
                    and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                ):
                    settings.priorities[str(key)] = (value[0], value[1])
        return settings
