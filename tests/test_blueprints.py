"""The blueprints in blueprints/automation/capacity_manager/, loaded into Home Assistant.

Each one is set up through `use_blueprint` exactly as a user's automation would be, then driven
by our events, the clock or a state change; the services it calls are captured.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.capacity_manager.const import DOMAIN
from custom_components.capacity_manager.events import (
    EVENT_FAILSAFE,
    EVENT_LOAD_RESTORED,
    EVENT_LOAD_SHED,
)

SOURCE = Path(__file__).parent.parent / "blueprints" / "automation" / DOMAIN
ENTRY = "entry_1"
AUTOMATION = "automation"


class _BlueprintLoader(yaml.SafeLoader):
    """Reads `!input` tags so the files can be checked without Home Assistant."""


def _input(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)
    return str(loader.construct_scalar(node))


_BlueprintLoader.add_constructor("!input", _input)


def _blueprints() -> list[Path]:
    return sorted(SOURCE.glob("*.yaml"))


async def _use(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    target = Path(hass.config.path("blueprints", "automation", DOMAIN))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(SOURCE / name, target / name)
    config = {
        AUTOMATION: {
            "id": name,
            "alias": name.removesuffix(".yaml"),
            "use_blueprint": {"path": f"{DOMAIN}/{name}", "input": inputs},
        }
    }
    assert await async_setup_component(hass, AUTOMATION, config)
    await hass.async_block_till_done()
    state = hass.states.get(f"automation.{name.removesuffix('.yaml')}")
    assert state is not None, "the blueprint did not load"
    assert state.state == "on"


def _shed_data(**extra: Any) -> dict[str, Any]:
    return {
        "config_entry_id": ENTRY,
        "load_id": "sub_pool",
        "name": "Pool pump",
        "entity_id": "switch.pool_pump",
        "action": "shed",
        "old_value": "on",
        "new_value": "off",
        "reason": "over_limit",
        "detail": "site above the shed threshold",
        "site_power_w": 7400.0,
        "limit_w": 7200.0,
        **extra,
    }


@pytest.mark.parametrize("path", _blueprints(), ids=lambda p: p.name)
def test_blueprint_declares_version_and_typed_inputs(path: Path) -> None:
    """Every blueprint names the oldest Home Assistant it runs on and gives each input a selector."""
    meta = yaml.load(path.read_text(encoding="utf-8"), _BlueprintLoader)["blueprint"]
    assert meta["domain"] == "automation"
    assert meta["homeassistant"]["min_version"] == "2025.4.0"
    assert meta["input"], "no inputs"
    for key, spec in meta["input"].items():
        assert "selector" in spec, f"input {key} has no selector"


def test_four_blueprints_ship() -> None:
    """The four automations the docs promise are there."""
    assert [p.name for p in _blueprints()] == [
        "keep_load_on.yaml",
        "notify_on_shed.yaml",
        "request_capacity_then_start.yaml",
        "time_of_use_limit.yaml",
    ]


async def test_notify_on_shed_creates_notification_with_reason(hass: HomeAssistant) -> None:
    """Without a notify action, a shed becomes a persistent notification naming load and reason."""
    calls = async_mock_service(hass, "persistent_notification", "create")
    await _use(hass, "notify_on_shed.yaml", {})
    hass.bus.async_fire(EVENT_LOAD_SHED, _shed_data())
    await hass.async_block_till_done()
    assert len(calls) == 1
    assert "Pool pump" in calls[0].data["title"]
    assert "over_limit" in calls[0].data["message"]
    assert "7200" in calls[0].data["message"]


async def test_notify_on_shed_uses_notify_action_for_restore_and_failsafe(
    hass: HomeAssistant,
) -> None:
    """With a notify action, restore and failsafe go there; a disabled kind stays quiet."""
    notify = async_mock_service(hass, "notify", "my_phone")
    persistent = async_mock_service(hass, "persistent_notification", "create")
    await _use(
        hass,
        "notify_on_shed.yaml",
        {"notify_service": "notify.my_phone", "on_shed": False},
    )
    hass.bus.async_fire(EVENT_LOAD_SHED, _shed_data())
    hass.bus.async_fire(
        EVENT_LOAD_RESTORED,
        _shed_data(action="restore", old_value="off", new_value="on", reason="headroom"),
    )
    hass.bus.async_fire(
        EVENT_FAILSAFE,
        {
            "config_entry_id": ENTRY,
            "action": "enter",
            "old_value": False,
            "new_value": True,
            "reason": "site_power_unknown",
            "detail": None,
            "site_power_w": None,
            "limit_w": 7200.0,
        },
    )
    await hass.async_block_till_done()
    assert not persistent
    assert len(notify) == 2
    assert "restored" in notify[0].data["title"]
    assert "headroom" in notify[0].data["message"]
    assert "failsafe" in notify[1].data["title"]
    assert "site_power_unknown" in notify[1].data["message"]


async def test_notify_on_shed_ignores_other_sites(hass: HomeAssistant) -> None:
    """Limited to one entry, events of another entry do not notify."""
    calls = async_mock_service(hass, "persistent_notification", "create")
    await _use(hass, "notify_on_shed.yaml", {"site": ENTRY})
    hass.bus.async_fire(EVENT_LOAD_SHED, _shed_data(config_entry_id="other"))
    await hass.async_block_till_done()
    assert not calls
    hass.bus.async_fire(EVENT_LOAD_SHED, _shed_data())
    await hass.async_block_till_done()
    assert len(calls) == 1


async def test_time_of_use_sets_peak_and_offpeak_limits(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """At the peak start the peak limit is set; at its end the off-peak one."""
    # A fixed clock: the time triggers and conditions must not depend on when the test runs.
    noon = dt_util.now().replace(hour=12, minute=0, second=0, microsecond=0)
    freezer.move_to(noon)
    calls = async_mock_service(hass, DOMAIN, "set_limit")
    await _use(
        hass,
        "time_of_use_limit.yaml",
        {
            "site": ENTRY,
            "peak_start": "17:00:00",
            "peak_end": "21:00:00",
            "peak_limit": 4500,
            "offpeak_limit": 9000,
        },
    )
    peak = noon.replace(hour=17)
    freezer.move_to(peak)
    async_fire_time_changed(hass, peak)
    await hass.async_block_till_done()
    assert [(c.data["config_entry_id"], c.data["limit"]) for c in calls] == [(ENTRY, 4500.0)]
    freezer.move_to(peak + timedelta(hours=4))
    async_fire_time_changed(hass, peak + timedelta(hours=4))
    await hass.async_block_till_done()
    assert [c.data["limit"] for c in calls] == [4500.0, 9000.0]
    await hass.services.async_call(  # detach the time triggers before the test ends
        AUTOMATION, "turn_off", {"entity_id": "automation.time_of_use_limit"}, blocking=True
    )


def _fake_request_capacity(hass: HomeAssistant, granted: bool) -> list[ServiceCall]:
    """Stands in for the integration: answers like capacity_manager.request_capacity."""
    calls: list[ServiceCall] = []

    async def handle(call: ServiceCall) -> ServiceResponse:
        calls.append(call)
        return {
            "granted": granted,
            "reason": "granted" if granted else "conflicts_with_grants",
            "available_w": 3500.0 if granted else 800.0,
            "grant_id": "g1" if granted else None,
            "start": None,
            "end": None,
        }

    hass.services.async_register(
        DOMAIN, "request_capacity", handle, supports_response=SupportsResponse.OPTIONAL
    )
    return calls


@pytest.mark.parametrize("granted", [True, False])
async def test_request_capacity_starts_appliance_only_if_granted(
    hass: HomeAssistant, granted: bool
) -> None:
    """The dishwasher starts when capacity is granted; otherwise it stays off and says why."""
    requests = _fake_request_capacity(hass, granted)
    turn_on = async_mock_service(hass, "homeassistant", "turn_on")
    notes = async_mock_service(hass, "persistent_notification", "create")
    hass.states.async_set("input_boolean.dishwasher_ready", "off")
    await _use(
        hass,
        "request_capacity_then_start.yaml",
        {
            "site": ENTRY,
            "trigger_entity": "input_boolean.dishwasher_ready",
            "appliance": "switch.dishwasher",
            "power": 2200,
            "duration": {"hours": 1, "minutes": 30, "seconds": 0},
            "label": "dishwasher",
        },
    )
    hass.states.async_set("input_boolean.dishwasher_ready", "on")
    await hass.async_block_till_done()
    assert len(requests) == 1
    assert requests[0].data["power"] == 2200
    assert requests[0].data["label"] == "dishwasher"
    assert requests[0].data["config_entry_id"] == ENTRY
    if granted:
        assert [c.data["entity_id"] for c in turn_on] == [["switch.dishwasher"]]
        assert not notes
    else:
        assert not turn_on
        assert len(notes) == 1
        assert "conflicts_with_grants" in notes[0].data["message"]


async def test_keep_load_on_unmanages_while_condition_holds(hass: HomeAssistant) -> None:
    """Cooking starts: the oven hood is no longer managed and turned on; cooking ends: managed."""
    off = async_mock_service(hass, "switch", "turn_off")
    on = async_mock_service(hass, "switch", "turn_on")
    load_on = async_mock_service(hass, "homeassistant", "turn_on")
    hass.states.async_set("binary_sensor.cooking", "off")
    await _use(
        hass,
        "keep_load_on.yaml",
        {
            "managed_switch": "switch.hood_managed",
            "condition_entity": "binary_sensor.cooking",
            "load_entity": ["switch.hood"],
        },
    )
    hass.states.async_set("binary_sensor.cooking", "on")
    await hass.async_block_till_done()
    assert [c.data["entity_id"] for c in off] == [["switch.hood_managed"]]
    assert [c.data["entity_id"] for c in load_on] == [["switch.hood"]]
    assert not on
    hass.states.async_set("binary_sensor.cooking", "off")
    await hass.async_block_till_done()
    assert [c.data["entity_id"] for c in on] == [["switch.hood_managed"]]


def test_readme_offers_an_import_link_for_every_blueprint() -> None:
    """Each blueprint has a one-click import link to its raw file, and the README's images exist."""
    readme_path = SOURCE.parents[2] / "README.md"
    readme = readme_path.read_text(encoding="utf-8")
    raw = "https%3A%2F%2Fraw.githubusercontent.com%2Fcapacity-manager%2Fcapacity-manager%2Fmain"
    for path in _blueprints():
        link = f"blueprint_url={raw}%2Fblueprints%2Fautomation%2F{DOMAIN}%2F{path.name})"
        assert link in readme, path.name
    images = re.findall(r"(docs/images/[\w.-]+\.png)", readme)
    assert images
    for image in images:
        assert (readme_path.parent / image).is_file(), image
