"""Every name, state, action, error and issue the runtime shows has an English text."""

from __future__ import annotations

import json
from typing import Any

import yaml
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from tests.harness import ENTRY_ID, ev, make_entry, make_house, setup_entry, switched
from tests.helpers import INTEGRATION_DIR, STRINGS

RUNTIME_SECTIONS = ("entity", "services", "exceptions", "issues")


def test_english_translation_matches_strings() -> None:
    english = json.loads((INTEGRATION_DIR / "translations" / "en.json").read_text())
    for section in RUNTIME_SECTIONS:
        assert english[section] == STRINGS[section]


def test_every_action_and_field_is_described() -> None:
    services = yaml.safe_load((INTEGRATION_DIR / "services.yaml").read_text())
    for service, spec in services.items():
        text = STRINGS["services"][service]
        assert text["name"]
        assert text["description"]
        assert set(spec["fields"]) == set(text["fields"])


def test_quality_scale_is_complete_and_explained() -> None:
    rules: dict[str, Any] = yaml.safe_load((INTEGRATION_DIR / "quality_scale.yaml").read_text())[
        "rules"
    ]
    assert len(rules) == 52
    for rule, status in rules.items():
        if isinstance(status, str):
            assert status == "done", rule
        else:
            assert status["status"] in ("done", "exempt", "todo"), rule
            assert status["comment"].strip(), rule


async def test_every_entity_has_a_translated_name_and_icon(
    hass: HomeAssistant, site_data: dict[str, Any], entity_registry: er.EntityRegistry
) -> None:
    icons = json.loads((INTEGRATION_DIR / "icons.json").read_text())
    await make_house(hass, with_ev=True)
    await setup_entry(
        hass, make_entry(site_data, [switched("input_boolean.pool_pump", "Pool", 20, 1500), ev()])
    )
    entries = er.async_entries_for_config_entry(entity_registry, ENTRY_ID)
    assert len(entries) == 17  # 11 for the site, 3 per load
    for entry in entries:
        key = entry.translation_key
        assert key is not None
        assert STRINGS["entity"][entry.domain][key]["name"]
        assert icons["entity"][entry.domain][key]["default"].startswith("mdi:")
        state = hass.states.get(entry.entity_id)
        assert state is not None
        options = state.attributes.get("options")
        if options:  # every enum state and select option is translated
            assert set(options) <= set(STRINGS["entity"][entry.domain][key]["state"])
