"""Every status the integration reports has a label in every language of the card."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from custom_components.capacity_manager.engine.models import LoadStatus, SiteStatus

TRANSLATIONS = Path(__file__).parents[2] / "frontend" / "src" / "translations"


@pytest.mark.parametrize("language", ["en", "de", "fr", "nl"])
def test_the_card_names_every_site_and_load_status(language: str) -> None:
    text = (TRANSLATIONS / f"{language}.ts").read_text(encoding="utf-8")
    site = set(re.findall(r'"status\.([a-z_]+)"\s*:', text))
    load = set(re.findall(r'"load\.([a-z_]+)"\s*:', text))
    assert {s.value for s in SiteStatus} - site == set()
    assert {s.value for s in LoadStatus} - load == set()
