"""Parse the loads YAML of `scripts/replay` into engine load configurations.

The file is a list of loads (or a mapping with a `loads:` list). Every error names the file and
the line of the offending key, so a typo is found at once. Keys are documented in README
("Replay input formats"); unknown keys are rejected rather than silently ignored.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from custom_components.capacity_manager.engine.models import LoadConfig, LoadKind
from custom_components.capacity_manager.engine.scenario import LoadBehaviour

from .inputs import InputError, open_text

COMMON_KEYS = frozenset(
    {
        "name",
        "id",
        "kind",
        "priority",
        "never_shed",
        "min_on_s",
        "min_off_s",
        "max_off_s",
        "auto_restore",
        "protect_running_cycle",
        "running_threshold_w",
    }
)
SWITCHED_KEYS = COMMON_KEYS | {"column", "behaviour", "rated_power_w"}
EV_KEYS = COMMON_KEYS | {
    "charger_kw",
    "min_current_a",
    "phases",
    "voltage_v",
    "sessions",
    "user",
}
_BOOL_KEYS = ("never_shed", "auto_restore", "protect_running_cycle")
_SECONDS_KEYS = ("min_on_s", "min_off_s", "max_off_s", "running_threshold_w")


class _Map(dict[Any, Any]):
    """A YAML mapping that remembers its own line and the line of each key."""

    line: int
    lines: dict[Any, int]


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mappings are `_Map` (line numbers for error messages)."""


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    data = _Map()
    data.line = node.start_mark.line + 1
    data.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = key_node.start_mark.line + 1
    return data


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


@dataclass(frozen=True, kw_only=True, slots=True)
class SwitchedEntry:
    """A switched load mapped to a house CSV column."""

    config: LoadConfig
    column: str
    behaviour: LoadBehaviour
    line: int  # line of the `column:` key, for "unknown column" errors


@dataclass(frozen=True, kw_only=True, slots=True)
class EvEntry:
    """An EV charger; its sessions come from `sessions` or from `--ev-sessions`."""

    load_id: str
    name: str
    priority: int
    line: int
    charger_kw: float | None = None  # None: --charger-kw
    min_current_a: float = 6.0
    phases: int = 1
    voltage_v: float = 230.0
    sessions: Path | None = None
    user: str | None = None
    options: dict[str, Any] = field(default_factory=dict)  # LoadConfig options (min_on_s…)

    def config(self, charger_kw: float, *, source: str | Path = "--charger-kw") -> LoadConfig:
        """The engine config: whole amps, `charger_kw` rounded down to a whole current."""
        kw = self.charger_kw if self.charger_kw is not None else charger_kw
        max_a = float(int(kw * 1000.0 / (self.voltage_v * self.phases) + 1e-9))
        if max_a < self.min_current_a:
            raise InputError(
                source,
                f"EV {self.name!r}: a {kw:g} kW charger gives {max_a:g} A, below its "
                f"{self.min_current_a:g} A minimum",
                line=self.line if self.charger_kw is not None else None,
            )
        return LoadConfig.ev(
            self.load_id,
            self.name,
            priority=self.priority,
            min_current_a=self.min_current_a,
            max_current_a=max_a,
            phases=self.phases,
            voltage_v=self.voltage_v,
            **self.options,
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class LoadsFile:
    """Everything a loads YAML declares."""

    path: Path
    switched: list[SwitchedEntry]
    evs: list[EvEntry]


def slug(name: str) -> str:
    """A load id from a display name: lower case, non-alphanumerics as `_`."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "load"


def read_loads(path: Path) -> LoadsFile:
    """Parse and validate a loads YAML file."""
    with open_text(path) as handle:
        try:
            data = yaml.load(handle, Loader=_Loader)  # a SafeLoader subclass
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            raise InputError(
                path,
                f"not valid YAML: {err.problem or err.context}",
                line=mark.line + 1 if mark else None,
            ) from None
        except yaml.YAMLError as err:
            raise InputError(path, f"not valid YAML: {err}") from None
    if isinstance(data, _Map) and set(data) == {"loads"}:
        data = data["loads"]
    if not isinstance(data, list):
        raise InputError(path, "expected a list of loads (or `loads:` with a list)", line=1)
    result = LoadsFile(path=path, switched=[], evs=[])
    ids: set[str] = set()
    for item in data:
        if not isinstance(item, _Map):
            raise InputError(path, "each load must be a mapping (name: …, kind: …)")
        entry = _entry(path, item)
        load_id = entry.config.load_id if isinstance(entry, SwitchedEntry) else entry.load_id
        if load_id in ids:
            raise InputError(path, f"two loads have the id {load_id!r}", line=item.line)
        ids.add(load_id)
        if isinstance(entry, SwitchedEntry):
            result.switched.append(entry)
        else:
            result.evs.append(entry)
    return result


def _entry(path: Path, item: _Map) -> SwitchedEntry | EvEntry:
    kind = item.get("kind", "switched")
    if kind == "modulated":
        raise InputError(
            path,
            "kind 'modulated' is not simulated from a trace column yet; use 'ev' for "
            "chargers (sessions) or 'switched'",
            line=item.lines["kind"],
        )
    if kind not in ("switched", "ev"):
        raise InputError(
            path,
            f"kind must be switched or ev, got {kind!r}",
            line=item.lines.get("kind", item.line),
        )
    allowed = SWITCHED_KEYS if kind == "switched" else EV_KEYS
    for key in item:
        if key not in allowed:
            raise InputError(
                path,
                f"unknown key {key!r} for a {kind} load (known: {', '.join(sorted(allowed))})",
                line=item.lines[key],
            )
    get = _Getter(path, item)
    name = get.text("name", required=True)
    load_id = get.text("id") or slug(name)
    priority = int(get.number("priority", default=10, integer=True, minimum=1))
    options: dict[str, Any] = {key: get.flag(key) for key in _BOOL_KEYS if key in item}
    options |= {key: get.number(key, minimum=0.0) for key in _SECONDS_KEYS if key in item}
    if kind == "ev":
        sessions = get.text("sessions")
        return EvEntry(
            load_id=load_id,
            name=name,
            priority=priority,
            line=item.line,
            charger_kw=get.number("charger_kw", minimum=0.1) if "charger_kw" in item else None,
            min_current_a=get.number("min_current_a", default=6.0, minimum=1.0),
            phases=int(get.number("phases", default=1, integer=True, minimum=1)),
            voltage_v=get.number("voltage_v", default=230.0, minimum=1.0),
            sessions=(path.parent / sessions) if sessions else None,
            user=get.text("user") or None,
            options=options,
        )
    column = get.text("column", required=True)
    behaviour = get.text("behaviour") or LoadBehaviour.DEFERRABLE.value
    if behaviour not in {b.value for b in LoadBehaviour}:
        raise InputError(
            path,
            f"behaviour must be deferrable or interruptible, got {behaviour!r}",
            line=item.lines["behaviour"],
        )
    try:
        config = LoadConfig(
            load_id=load_id,
            name=name,
            kind=LoadKind.SWITCHED,
            priority=priority,
            rated_power_w=get.number("rated_power_w", default=0.0, minimum=0.0),
            **options,
        )
    except ValueError as err:
        raise InputError(path, str(err), line=item.line) from None
    return SwitchedEntry(
        config=config, column=column, behaviour=LoadBehaviour(behaviour), line=item.lines["column"]
    )


class _Getter:
    """Typed access to one load's keys with line-precise errors."""

    def __init__(self, path: Path, item: _Map) -> None:
        self.path = path
        self.item = item

    def _fail(self, key: str, message: str) -> InputError:
        return InputError(
            self.path, f"{key}: {message}", line=self.item.lines.get(key, self.item.line)
        )

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.item.get(key)
        if value is None:
            if required:
                raise self._fail(key, "missing (required)")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool) or not str(value):
            raise self._fail(key, f"expected a text, got {value!r}")
        return str(value)

    def flag(self, key: str) -> bool:
        value = self.item[key]
        if not isinstance(value, bool):
            raise self._fail(key, f"expected true or false, got {value!r}")
        return value

    def number(
        self, key: str, *, default: float | None = None, integer: bool = False, minimum: float
    ) -> float:
        value = self.item.get(key, default)
        if value is None:
            raise self._fail(key, "missing (required)")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, f"expected a number, got {value!r}")
        if integer and value != int(value):
            raise self._fail(key, f"expected a whole number, got {value!r}")
        if not (math.isfinite(value) and value >= minimum):
            raise self._fail(key, f"must be ≥ {minimum:g}, got {value!r}")
        return float(value)
