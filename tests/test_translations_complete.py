"""Every translation says everything English says, with the same placeholders.

A key missing from a language shows the raw key (or English) in that user's UI; a placeholder
dropped or renamed makes Home Assistant fail to format the message.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations
from homeassistant.setup import async_setup_component

from custom_components.capacity_manager.const import DOMAIN
from tests.helpers import INTEGRATION_DIR

TRANSLATIONS = INTEGRATION_DIR / "translations"
LANGUAGES = ("de", "fr", "nl")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flat.update(_flatten(value, path))
        else:
            assert isinstance(value, str), f"{path} is not text"
            flat[path] = value
    return flat


def _read(path: Path) -> dict[str, str]:
    return _flatten(json.loads(path.read_text(encoding="utf-8")))


ENGLISH = _read(TRANSLATIONS / "en.json")


def test_the_promised_languages_ship() -> None:
    """English plus German, French and Dutch."""
    shipped = {p.stem for p in TRANSLATIONS.glob("*.json")}
    assert shipped >= {"en", *LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_has_exactly_the_english_keys(language: str) -> None:
    """No text is missing (the UI would fall back to English) and none is left over."""
    keys = set(_read(TRANSLATIONS / f"{language}.json"))
    assert sorted(set(ENGLISH) - keys) == [], "missing"
    assert sorted(keys - set(ENGLISH)) == [], "not in English"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_keeps_every_placeholder(language: str) -> None:
    """`{entity_id}` and friends survive translation, unrenamed, so messages still format."""
    texts = _read(TRANSLATIONS / f"{language}.json")
    wrong = {
        key: text
        for key, text in texts.items()
        if key in ENGLISH
        and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(ENGLISH[key]))
    }
    assert wrong == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_is_translated_not_copied(language: str) -> None:
    """Texts are non-empty and mostly differ from English (names like "Modbus TCP" may not)."""
    texts = _read(TRANSLATIONS / f"{language}.json")
    assert all(text.strip() for text in texts.values())
    same = [key for key, text in texts.items() if text == ENGLISH.get(key)]
    assert len(same) < 0.1 * len(ENGLISH), same


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Überlast"), ("fr", "Surcharge"), ("nl", "Overbelasting")],
)
async def test_home_assistant_serves_the_translation(
    hass: HomeAssistant, language: str, expected: str
) -> None:
    """A user with that language sees the translated entity names."""
    assert await async_setup_component(hass, DOMAIN, {})
    texts = await async_get_translations(hass, language, "entity", {DOMAIN})
    assert texts[f"component.{DOMAIN}.entity.binary_sensor.overload.name"] == expected
