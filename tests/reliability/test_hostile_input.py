"""Row 18: whatever a form, a service call or a sensor says, nothing crashes and no load is lost.

Hypothesis draws the input (bounded and derandomized, so every run tries the same examples):
- config flow, options flow and load subentry flow fields: the only outcomes allowed are a form
  with translated errors, a translated abort, a schema rejection of the field (`InvalidData`,
  shown by the frontend next to the field), or an entry that really works;
- service calls: success, a schema rejection or a translated `ServiceValidationError`;
- sensor states of the meter and of the loads: never an error; every load that is off is held by
  us (and so given back later), never dropped.
"""

from __future__ import annotations

import logging
import math
from typing import Any
from unittest.mock import patch

import pytest
import voluptuous as vol
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_USER, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from homeassistant.exceptions import ServiceValidationError
from hypothesis import HealthCheck, given, settings, strategies as st
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import (
    CONF_LOAD_KIND,
    DOMAIN,
    KIND_EV,
    KIND_MODULATED,
    KIND_SWITCHED,
    SUBENTRY_LOAD,
)
from custom_components.capacity_manager.engine_config import build_load, build_site
from tests.harness import (
    ENTRY_ID,
    EV_CURRENT,
    EV_PAUSE,
    HEATER,
    POOL,
    House,
    default_loads as harness_loads,
    ev,
    make_entry,
    make_house,
    setup_entry,
)
from tests.helpers import GRID_SENSOR, STRINGS
from tests.reliability.common import run_seconds

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Anything a JSON client (or a confused automation) could send in one field.
ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", " ", "sensor.grid_power", "switch.nope", "nan", "-1", "1e309", "∞"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
NUMBER = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, -1, 0, 1e308, "12", "abc", None, True]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**9), max_value=10**9),
    ANYTHING,
)


def _fields(names: list[str], values: st.SearchStrategy[Any] = ANYTHING) -> Any:
    """Some of `names` with hostile values (fields may be missing, extra keys may appear)."""
    return st.dictionaries(st.sampled_from([*names, "unexpected"]), values, max_size=len(names))


def _assert_clean(result: FlowResult[Any, Any], *path: str) -> None:
    """A form or an abort whose every message exists in strings.json."""
    strings: Any = STRINGS
    for part in path:
        strings = strings[part]
    if result["type"] is FlowResultType.ABORT:
        assert result["reason"] in strings["abort"], result["reason"]
    elif result["type"] is FlowResultType.FORM:
        for error in (result.get("errors") or {}).values():
            assert error in strings["error"], error


def _sane(value: Any) -> bool:
    """No NaN or infinity hiding anywhere in stored data."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_sane(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_sane(v) for v in value)
    return True


async def _step(
    flows: Any, flow_id: str, user_input: dict[str, Any]
) -> FlowResult[Any, Any] | None:
    """Configure one step; None when the schema refused the input (the form stays)."""
    try:
        result: FlowResult[Any, Any] = await flows.async_configure(flow_id, user_input)
    except vol.Invalid:  # data_entry_flow.InvalidData: the frontend marks the field
        return None
    return result


def _flow_sensors(hass: HomeAssistant) -> None:
    for entity_id, unit, device_class in (
        (GRID_SENSOR, "W", "power"),
        ("sensor.l1_current", "A", "current"),
        ("sensor.energy", "kWh", "energy"),
    ):
        hass.states.async_set(
            entity_id, "1200", {"unit_of_measurement": unit, "device_class": device_class}
        )


# -- config flows ------------------------------------------------------------------------------

THRESHOLDS = {"shed_pct": 95, "target_pct": 90, "restore_pct": 85}
TIMINGS = {
    "restore_holdoff_s": 60,
    "restore_interval_s": 30,
    "stale_timeout_s": 60,
    "override_s": 3600,
}
VALID_SITE = {"name": "Fuzz", "source_type": "single", "phases": 1, "voltage_v": 230}
VALID_SOURCE = {"power_sensor": GRID_SENSOR, "export_negative": True, "export_possible": False}
VALID_LIMIT = {"continuous_enabled": False, "continuous_grace_s": 100}


def _hostile(data: Any, valid: dict[str, Any]) -> dict[str, Any]:
    """`valid` with one field (sections included) replaced by a hostile value, or dropped."""
    paths: list[tuple[str, ...]] = [(key,) for key in [*valid, "unexpected"]]
    paths += [
        (key, inner) for key, value in valid.items() if isinstance(value, dict) for inner in value
    ]
    path = data.draw(st.sampled_from(paths))
    values = {k: dict(v) if isinstance(v, dict) else v for k, v in valid.items()}
    target = values if len(path) == 1 else values[path[0]]
    if data.draw(st.integers(0, 5)) == 0:
        target.pop(path[-1], None)
    else:
        target[path[-1]] = data.draw(NUMBER)
    return values


async def _remove(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove an entry the flow created (its set-up was mocked, so is its unload)."""
    with patch("custom_components.capacity_manager.async_unload_entry", return_value=True):
        await hass.config_entries.async_remove(entry.entry_id)


@pytest.mark.usefixtures("mock_setup_entry")
@FUZZ
@given(limit_type=st.sampled_from(["watts", "breaker"]), data=st.data())
async def test_config_flow_fields(hass: HomeAssistant, limit_type: str, data: Any) -> None:
    _flow_sensors(hass)
    flows = hass.config_entries.flow
    result: FlowResult[Any, Any] = await flows.async_init(DOMAIN, context={"source": SOURCE_USER})
    limit_key = "panel_limit_w" if limit_type == "watts" else "breaker_a"
    valid: list[dict[str, Any]] = [
        {**VALID_SITE, "limit_type": limit_type},
        VALID_SOURCE,
        {
            **VALID_LIMIT,
            limit_key: 5000 if limit_type == "watts" else 25,
            "thresholds": THRESHOLDS,
            "timings": TIMINGS,
        },
    ]
    # One form is attacked, the others are filled in right, so every form gets its share.
    # Drawn up front: what is drawn must not depend on how far the flow gets.
    target = data.draw(st.integers(0, len(valid) - 1))
    steps = [_hostile(data, v) if i == target else v for i, v in enumerate(valid)]
    for user_input in steps:
        if result["type"] is not FlowResultType.FORM:
            break
        step = await _step(flows, result["flow_id"], user_input)
        if step is None:
            break
        result = step
        _assert_clean(result, "config")
    if result["type"] is FlowResultType.CREATE_ENTRY:
        entry = result["result"]
        assert _sane(dict(entry.data)), entry.data
        assert _sane(dict(entry.options)), entry.options
        build_site(entry)  # the entry it made sets up (raises otherwise)
        await _remove(hass, entry)
    for flow in flows.async_progress():
        flows.async_abort(flow["flow_id"])


@pytest.mark.usefixtures("mock_setup_entry")
@FUZZ
@given(data=st.data())
async def test_options_flow_fields(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, data: Any
) -> None:
    if hass.config_entries.async_get_entry(mock_config_entry.entry_id) is None:
        mock_config_entry.add_to_hass(hass)
    before = dict(mock_config_entry.options)
    flows = hass.config_entries.options
    result = await flows.async_init(mock_config_entry.entry_id)
    valid = {"mode": "active", "thresholds": THRESHOLDS, "timings": TIMINGS}
    step = await _step(flows, result["flow_id"], _hostile(data, valid))
    if step is not None:
        _assert_clean(step, "options")
        if step["type"] is FlowResultType.CREATE_ENTRY:
            assert _sane(dict(mock_config_entry.options)), mock_config_entry.options
            build_site(mock_config_entry)
            hass.config_entries.async_update_entry(mock_config_entry, options=before)
    for flow in flows.async_progress():
        flows.async_abort(flow["flow_id"])


VALID_LOADS: dict[str, dict[str, Any]] = {
    KIND_SWITCHED: {"name": "Boiler", "entity_id": "switch.boiler", "expected_power_w": 2000},
    KIND_MODULATED: {
        "name": "Heat pump",
        "entity_id": "number.heat_pump",
        "unit": "W",
        "min_setpoint": 500,
        "max_setpoint": 3000,
        "setpoint_step": 100,
    },
    KIND_EV: {"name": "Car", "entity_id": "number.wallbox", "pause_switch": "switch.pause"},
}
LOAD_OPTIONS: dict[str, Any] = {
    "priority": 10,
    "never_shed": False,
    "min_on_s": 0,
    "min_off_s": 0,
    "max_off_s": 0,
    "auto_restore": True,
    "protect_running_cycle": False,
    "running_threshold_w": 10,
    "failsafe_policy": "shed",
    "power_sensor": "sensor.boiler_power",
}


@pytest.mark.usefixtures("mock_setup_entry")
@FUZZ
@given(kind=st.sampled_from([KIND_SWITCHED, KIND_MODULATED, KIND_EV]), data=st.data())
async def test_load_subentry_flow_fields(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, kind: str, data: Any
) -> None:
    if hass.config_entries.async_get_entry(mock_config_entry.entry_id) is None:
        mock_config_entry.add_to_hass(hass)
    _flow_sensors(hass)
    hass.states.async_set(
        "sensor.boiler_power", "0", {"unit_of_measurement": "W", "device_class": "power"}
    )
    for switch in ("switch.boiler", "switch.pause"):
        hass.states.async_set(switch, "on")
    hass.states.async_set("number.wallbox", "16", {"unit_of_measurement": "A", "max": 32})
    hass.states.async_set("number.heat_pump", "2000", {"unit_of_measurement": "W"})
    flows = hass.config_entries.subentries
    result = await flows.async_init(
        (mock_config_entry.entry_id, SUBENTRY_LOAD), context={"source": SOURCE_USER}
    )
    picked = _hostile(data, {CONF_LOAD_KIND: kind})
    details = _hostile(data, {**VALID_LOADS[kind], **LOAD_OPTIONS})
    step = await _step(flows, result["flow_id"], picked)
    if step is not None and step["type"] is FlowResultType.FORM:
        step = await _step(flows, step["flow_id"], details)
    if step is not None:
        _assert_clean(step, "config_subentries", "load")
        if step["type"] is FlowResultType.CREATE_ENTRY:
            (subentry,) = mock_config_entry.subentries.values()
            assert _sane(dict(subentry.data)), subentry.data
            # A load the flow accepted is a load the runtime can use (never skipped, never lost).
            build_load(subentry, build_site(mock_config_entry), None)
            hass.config_entries.async_remove_subentry(mock_config_entry, subentry.subentry_id)
    for flow in flows.async_progress():
        flows.async_abort(flow["flow_id"])


# -- services and sensor states ----------------------------------------------------------------


def _loads_are_ours_or_on(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Every load we switched off is still held by us: it will be given back, never lost."""
    coordinator = entry.runtime_data.coordinator
    held = {
        load_id
        for load_id, saved in coordinator.controller.export_state()["loads"].items()
        if saved["held"]
    }
    for load_id, binding in coordinator.bindings.items():
        state = hass.states.get(binding.pause_switch or binding.entity_id)
        if (
            state is not None
            and state.state == "off"
            and coordinator.executor.is_ours(state.context)
        ):
            assert load_id in held, f"{binding.entity_id}: we switched it off and forgot it"


def _no_errors(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


SERVICES = {
    "set_limit": ["limit", "duration"],
    "restore_all": [],
    "shed_load": ["load", "duration"],
    "request_capacity": ["power", "duration", "start", "label", "max_fee"],
}


@FUZZ
@given(
    service=st.sampled_from(sorted(SERVICES)),
    entry_id=st.sampled_from([ENTRY_ID, ENTRY_ID, "nope", "", None]),
    data=st.data(),
)
async def test_service_calls(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    service: str,
    entry_id: Any,
    data: Any,
) -> None:
    entry = hass.config_entries.async_get_entry(ENTRY_ID)
    if entry is None:
        await make_house(hass)
        entry = make_entry(site_data)
        await setup_entry(hass, entry)
    likely = st.sampled_from([HEATER, POOL, "load_pool_pump", "00:10:00", 1500, {"minutes": 5}])
    fields = data.draw(_fields(SERVICES[service], st.one_of(ANYTHING, likely)))
    call = {"config_entry_id": entry_id, **fields}
    refused: Exception | None = None
    try:
        await hass.services.async_call(DOMAIN, service, call, blocking=True)
    except (ServiceValidationError, vol.Invalid) as err:  # vol.Invalid: the schema, by field
        refused = err
    if isinstance(refused, ServiceValidationError):
        assert refused.translation_domain == DOMAIN
        assert refused.translation_key in STRINGS["exceptions"], refused.translation_key
    await hass.async_block_till_done()
    _no_errors(caplog)
    _loads_are_ours_or_on(hass, entry)
    # Put the site back as it was for the next example.
    for reset, extra in (("set_limit", {"limit": 0}), ("restore_all", {})):
        await hass.services.async_call(
            DOMAIN, reset, {"config_entry_id": ENTRY_ID, **extra}, blocking=True
        )
    await hass.async_block_till_done()


STATE_TEXT = st.one_of(
    st.sampled_from(["on", "off", "unavailable", "unknown", "", "nan", "inf", "-inf", "1e400"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**7), max_value=10**7).map(str),
    st.text(max_size=30),
)
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["unit_of_measurement", "device_class", "min", "max", "friendly_name"]),
    st.one_of(st.sampled_from(["W", "kW", "MW", "mW", "A", "VA", "", "°C"]), ANYTHING),
    max_size=3,
)


@FUZZ
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from([GRID_SENSOR, GRID_SENSOR, HEATER, POOL, EV_CURRENT, EV_PAUSE]),
            STATE_TEXT,
            ATTRIBUTES,
        ),
        min_size=1,
        max_size=6,
    )
)
async def test_sensor_and_load_states(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    changes: list[tuple[str, str, dict[str, Any]]],
) -> None:
    entry = hass.config_entries.async_get_entry(ENTRY_ID)
    if entry is None:
        built = await make_house(hass, with_ev=True)
        built.stop_following()
        hass.data["fuzz_house"] = built
        entry = make_entry(site_data, [*harness_loads(), ev()])
        await setup_entry(hass, entry)
    house: House = hass.data["fuzz_house"]
    for entity_id, text, attributes in changes:
        hass.states.async_set(entity_id, text, attributes)
        await hass.async_block_till_done()
        _no_errors(caplog)
        _loads_are_ours_or_on(hass, entry)
    await run_seconds(hass, freezer, 2)
    _no_errors(caplog)
    _loads_are_ours_or_on(hass, entry)
    # Back to a sane house, without undoing what the integration holds.
    for entity_id in (HEATER, POOL, EV_PAUSE):
        found = hass.states.get(entity_id)
        if found is None or found.state not in ("on", "off"):
            hass.states.async_set(entity_id, "on")
    current = hass.states.get(EV_CURRENT)
    try:
        ok = current is not None and 0 <= float(current.state) <= 32
    except ValueError:
        ok = False
    if not ok:
        hass.states.async_set(EV_CURRENT, "16", {"unit_of_measurement": "A"})
    house.write()
    await run_seconds(hass, freezer, 1)
    _loads_are_ours_or_on(hass, entry)
