"""The events automations and blueprints react to (names and fields are a public contract).

Every event carries: `config_entry_id`, `action`, `old_value`, `new_value`, `reason`,
`site_power_w` (signed: negative while exporting), `limit_w`; events about one load add
`load_id` (its subentry id), `name` and `entity_id`, and `export_limit_w` while an export limit
is in force. `detail` adds a human-readable explanation where there is one.
"""

from __future__ import annotations

from typing import Any, Final

from .const import DOMAIN
from .engine.models import ActionKind
from .engine.results import Action, Notice, NoticeKind
from .engine_config import LoadBinding

EVENT_LOAD_SHED: Final = f"{DOMAIN}_load_shed"
EVENT_LOAD_RESTORED: Final = f"{DOMAIN}_load_restored"
EVENT_LOAD_MODULATED: Final = f"{DOMAIN}_load_modulated"
EVENT_OVERLOAD: Final = f"{DOMAIN}_overload"
EVENT_FAILSAFE: Final = f"{DOMAIN}_failsafe"
EVENT_LIMIT_CHANGED: Final = f"{DOMAIN}_limit_changed"
EVENT_MANUAL_OVERRIDE: Final = f"{DOMAIN}_manual_override"
EVENT_ACTION_FAILED: Final = f"{DOMAIN}_action_failed"
ALL_EVENTS: Final = (
    EVENT_LOAD_SHED,
    EVENT_LOAD_RESTORED,
    EVENT_LOAD_MODULATED,
    EVENT_OVERLOAD,
    EVENT_FAILSAFE,
    EVENT_LIMIT_CHANGED,
    EVENT_MANUAL_OVERRIDE,
    EVENT_ACTION_FAILED,
)

_ACTION_EVENTS = {
    ActionKind.SHED: EVENT_LOAD_SHED,
    ActionKind.RESTORE: EVENT_LOAD_RESTORED,
    ActionKind.MODULATE: EVENT_LOAD_MODULATED,
}


def _site(entry_id: str, site_w: float | None, limit_w: float) -> dict[str, Any]:
    return {
        "config_entry_id": entry_id,
        "site_power_w": None if site_w is None else round(site_w, 1),
        "limit_w": round(limit_w, 1),
    }


def _load(binding: LoadBinding | None, load_id: str | None) -> dict[str, Any]:
    return {
        "load_id": load_id,
        "name": binding.config.name if binding else None,
        "entity_id": binding.entity_id if binding else None,
    }


def _values(binding: LoadBinding, action: Action) -> tuple[Any, Any]:
    """Old and new value as users think of them: on/off, or the setpoint."""
    modulated = binding.config.is_modulated
    old: Any = action.old_setpoint if modulated and action.old_setpoint is not None else None
    if action.kind is ActionKind.SHED:
        return (old if old is not None else "on"), (
            action.setpoint if action.setpoint is not None else "off"
        )
    if action.kind is ActionKind.RESTORE:
        if binding.config.is_generation:  # a generator is never off: its limit goes back up
            return old, action.setpoint
        return "off", action.setpoint if action.setpoint is not None else "on"
    return old, action.setpoint


def action_event(
    entry_id: str,
    binding: LoadBinding,
    action: Action,
    site_w: float | None,
    limit_w: float,
    export_limit_w: float | None = None,
) -> tuple[str, dict[str, Any]]:
    """The event for an action that was carried out."""
    old, new = _values(binding, action)
    data: dict[str, Any] = {
        **_site(entry_id, site_w, limit_w),
        **_load(binding, action.load_id),
        "action": action.kind.value,
        "old_value": old,
        "new_value": new,
        "reason": action.reason.value,
        "detail": action.detail,
    }
    if export_limit_w is not None:
        data["export_limit_w"] = round(export_limit_w, 1)
    return _ACTION_EVENTS[action.kind], data


def failed_event(
    entry_id: str,
    binding: LoadBinding | None,
    action: Action,
    failure: str,
    detail: str,
    site_w: float | None,
    limit_w: float,
) -> tuple[str, dict[str, Any]]:
    """The event for an action an actuator could not carry out."""
    old, new = _values(binding, action) if binding else (None, None)
    data = {
        **_site(entry_id, site_w, limit_w),
        **_load(binding, action.load_id),
        "action": action.kind.value,
        "old_value": old,
        "new_value": new,
        "reason": failure,
        "action_reason": action.reason.value,
        "detail": detail,
    }
    return EVENT_ACTION_FAILED, data


def notice_event(
    entry_id: str,
    notice: Notice,
    binding: LoadBinding | None,
    site_w: float | None,
    limit_w: float,
) -> tuple[str, dict[str, Any]]:
    """The event for something the controller noticed."""
    base = _site(entry_id, site_w, limit_w)
    kind = notice.kind
    old: Any
    new: Any
    if kind in (NoticeKind.OVERLOAD, NoticeKind.OVERLOAD_END):
        started = kind is NoticeKind.OVERLOAD
        action, event = ("start" if started else "end"), EVENT_OVERLOAD
        old, new, reason = (not started), started, notice.detail
        if notice.new_value is not None:  # the engine's view, commands in flight included
            base["site_power_w"] = round(notice.new_value, 1)
    elif kind in (NoticeKind.FAILSAFE_ENTER, NoticeKind.FAILSAFE_EXIT):
        entered = kind is NoticeKind.FAILSAFE_ENTER
        action, event = ("enter" if entered else "exit"), EVENT_FAILSAFE
        old, new = (not entered), entered
        reason = "site_power_unknown" if entered else "site_power_back"
    elif kind is NoticeKind.LIMIT_CHANGED:
        action, event = "change", EVENT_LIMIT_CHANGED
        old, new, reason = notice.old_value, notice.new_value, notice.detail
    elif kind is NoticeKind.OVERRIDE:
        action, event = "override", EVENT_MANUAL_OVERRIDE
        old, new, reason = None, None, "manual"
    else:  # INEFFECTIVE: a command the load did not follow
        action, event = "verify", EVENT_ACTION_FAILED
        old, new, reason = None, None, "no_effect"
    data = {
        **base,
        **(_load(binding, notice.load_id) if notice.load_id else {}),
        "action": action,
        "old_value": old,
        "new_value": new,
        "reason": reason,
        "detail": notice.detail,
    }
    return event, data
