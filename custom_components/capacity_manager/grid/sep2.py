"""IEEE 2030.5 (SEP 2) documents as CSIP-AUS uses them, and the site's LFDI/SFDI (pure).

Only what a site needs for dynamic operating envelopes is read: links from DeviceCapability,
EndDevices, FunctionSetAssignments, DERPrograms (by primacy), DERControls and the
DefaultDERControl, with `opModImpLimW` / `opModExpLimW` (value × 10^multiplier W). Elements are
matched by local name, so the CSIP-AUS namespace of the limits does not matter.

XML is parsed safely: expat itself refuses a document type declaration (in any encoding) the
moment it meets one, so there is no entity expansion and no external fetch.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # only as a tree; parse() builds it with a guarded expat
from dataclasses import dataclass
from typing import Final, NoReturn
from xml.parsers import expat

NS: Final = "urn:ieee:std:2030.5:ns"
CONTENT_TYPE: Final = "application/sep+xml"
DEFAULT_POLL_S: Final = 900.0  # the standard's default pollRate
MAX_BYTES: Final = 1_000_000
# EventStatus.currentStatus values after which a control no longer applies.
_DEAD_STATUS: Final = frozenset({2, 3, 4})  # cancelled, cancelled with randomization, superseded


class Sep2Error(ValueError):
    """A document that is not usable IEEE 2030.5."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Import and export limits of a DERControlBase (None: the control does not say)."""

    import_w: float | None = None
    export_w: float | None = None


@dataclass(frozen=True, slots=True)
class EndDevice:
    """One EndDevice: its identity and where its function set assignments are."""

    href: str | None
    lfdi: str
    sfdi: int | None
    fsa_href: str | None


@dataclass(frozen=True, slots=True)
class Program:
    """A DERProgram; a lower primacy value takes precedence."""

    href: str | None
    mrid: str
    primacy: int
    default_href: str | None
    controls_href: str | None


@dataclass(frozen=True, slots=True)
class Control:
    """A DERControl with its interval (UNIX seconds) and the primacy of its program."""

    mrid: str
    limits: Limits
    start: float
    end: float
    creation: float
    primacy: int = 0


def _refuse(*_args: object) -> NoReturn:
    raise Sep2Error("document declares a DTD or entities; refused")


def _tag(name: str) -> str:
    """Expat's "namespace local" as ElementTree's "{namespace}local"."""
    namespace, _, local = name.rpartition(" ")
    return f"{{{namespace}}}{local}" if namespace else local


def parse(text: bytes | str) -> ET.Element:
    """The root element; raises Sep2Error on a DTD, an entity, oversize or bad XML."""
    raw = text.encode() if isinstance(text, str) else text
    if len(raw) > MAX_BYTES:
        raise Sep2Error("document too large")
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(namespace_separator=" ")
    # A DTD is where entities are declared: refusing it refuses every expansion and fetch.
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _tag(name), {_tag(k): v for k, v in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_tag(name))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(raw, True)
        return builder.close()
    except (expat.ExpatError, AssertionError) as err:  # TreeBuilder asserts a single root
        raise Sep2Error(f"not well-formed XML: {err}") from err


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in element if _local(c.tag) == name]


def _text(element: ET.Element, name: str) -> str | None:
    found = _child(element, name)
    return None if found is None or found.text is None else found.text.strip()


def _int(element: ET.Element, name: str, default: int | None = None) -> int | None:
    text = _text(element, name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError as err:
        raise Sep2Error(f"{name} is not an integer: {text!r}") from err


def _link(element: ET.Element, name: str) -> str | None:
    found = _child(element, name)
    return None if found is None else found.get("href")


def _root(text: bytes | str, name: str) -> ET.Element:
    root = parse(text)
    if _local(root.tag) != name:
        raise Sep2Error(f"{name} expected, got {_local(root.tag)}")
    return root


def poll_rate(root: ET.Element) -> float:
    """The document's pollRate in seconds (the standard's default when absent or bad)."""
    try:
        value = float(root.get("pollRate", DEFAULT_POLL_S))
    except ValueError:
        return DEFAULT_POLL_S
    return value if math.isfinite(value) and value > 0 else DEFAULT_POLL_S


@dataclass(frozen=True, slots=True)
class Capability:
    """What DeviceCapability points a site to."""

    edev_href: str
    time_href: str | None
    poll_s: float


def device_capability(text: bytes | str) -> Capability:
    """The EndDeviceListLink and TimeLink of a DeviceCapability, and its pollRate."""
    root = _root(text, "DeviceCapability")
    href = _link(root, "EndDeviceListLink")
    if not href:
        raise Sep2Error("DeviceCapability has no EndDeviceListLink")
    return Capability(href, _link(root, "TimeLink"), poll_rate(root))


def current_time(text: bytes | str) -> float:
    """The server's clock (UNIX seconds) from a Time document."""
    value = _int(_root(text, "Time"), "currentTime")
    if value is None:
        raise Sep2Error("Time has no currentTime")
    return float(value)


def _end_device(element: ET.Element) -> EndDevice:
    lfdi = (_text(element, "lFDI") or "").upper()
    return EndDevice(
        element.get("href"),
        lfdi,
        _int(element, "sFDI"),
        _link(element, "FunctionSetAssignmentsListLink"),
    )


def end_device(text: bytes | str) -> EndDevice:
    """One EndDevice document."""
    return _end_device(_root(text, "EndDevice"))


def end_devices(text: bytes | str) -> tuple[list[EndDevice], float]:
    """The EndDevices of an EndDeviceList, and its pollRate."""
    root = _root(text, "EndDeviceList")
    return [_end_device(e) for e in _children(root, "EndDevice")], poll_rate(root)


def end_device_xml(lfdi: str, sfdi: int, now: float) -> str:
    """The EndDevice a site POSTs to register itself (elements in the schema's order)."""
    return (
        f'<EndDevice xmlns="{NS}"><lFDI>{lfdi}</lFDI><sFDI>{sfdi}</sFDI>'
        f"<changedTime>{int(now)}</changedTime></EndDevice>"
    )


def program_list_links(text: bytes | str) -> tuple[list[str], float]:
    """The DERProgramListLinks of a FunctionSetAssignmentsList (document order), its pollRate."""
    root = _root(text, "FunctionSetAssignmentsList")
    links = (_link(fsa, "DERProgramListLink") for fsa in _children(root, "FunctionSetAssignments"))
    return [link for link in links if link], poll_rate(root)


def programs(text: bytes | str) -> tuple[list[Program], float]:
    """The DERPrograms of a list, highest precedence (lowest primacy) first, and its pollRate."""
    root = _root(text, "DERProgramList")
    found = [
        Program(
            p.get("href"),
            _text(p, "mRID") or "",
            _int(p, "primacy", 255) or 0,
            _link(p, "DefaultDERControlLink"),
            _link(p, "DERControlListLink"),
        )
        for p in _children(root, "DERProgram")
    ]
    return sorted(found, key=lambda p: p.primacy), poll_rate(root)


def _power(base: ET.Element, name: str) -> float | None:
    element = _child(base, name)
    if element is None:
        return None
    value, multiplier = _int(element, "value"), _int(element, "multiplier", 0)
    if value is None or multiplier is None or not -9 <= multiplier <= 9:
        raise Sep2Error(f"{name} needs a value and a multiplier in -9..9")
    if value < 0:
        raise Sep2Error(f"{name} is negative")
    return float(value) * 10.0**multiplier


def _limits(element: ET.Element) -> Limits:
    base = _child(element, "DERControlBase")
    if base is None:
        raise Sep2Error(f"{_local(element.tag)} has no DERControlBase")
    return Limits(_power(base, "opModImpLimW"), _power(base, "opModExpLimW"))


def default_control(text: bytes | str) -> Limits:
    """The limits of a DefaultDERControl."""
    return _limits(_root(text, "DefaultDERControl"))


def controls(text: bytes | str, primacy: int = 0) -> list[Control]:
    """The live DERControls of a list (cancelled and superseded ones left out)."""
    found = []
    for element in _children(_root(text, "DERControlList"), "DERControl"):
        status = _child(element, "EventStatus")
        if status is not None and _int(status, "currentStatus") in _DEAD_STATUS:
            continue
        interval = _child(element, "interval")
        if interval is None:
            raise Sep2Error("DERControl has no interval")
        start, duration = _int(interval, "start"), _int(interval, "duration")
        if start is None or duration is None or duration < 0:
            raise Sep2Error("DERControl interval needs a start and a duration")
        found.append(
            Control(
                _text(element, "mRID") or "",
                _limits(element),
                float(start),
                float(start + duration),
                float(_int(element, "creationTime", 0) or 0),
                primacy,
            )
        )
    return found


def in_force(
    now: float, live: list[Control], defaults: list[Limits]
) -> tuple[Limits, float | None]:
    """Limits at `now` and when they may change next.

    Per quantity, the active control of the lowest primacy (then the newest) that sets it wins;
    a quantity no active control sets comes from the first default (by primacy) that sets it.
    """
    active = sorted(
        (c for c in live if c.start <= now < c.end), key=lambda c: (c.primacy, -c.creation)
    )
    chosen: list[float | None] = []
    for field in ("import_w", "export_w"):
        values = [getattr(c.limits, field) for c in active] + [getattr(d, field) for d in defaults]
        chosen.append(next((v for v in values if v is not None), None))
    edges = [t for c in live for t in (c.start, c.end) if t > now]
    return Limits(chosen[0], chosen[1]), min(edges) if edges else None
