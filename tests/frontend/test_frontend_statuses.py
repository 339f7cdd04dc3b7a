"""Every status and reason the integration reports has a label in every language of the card.

Enumerates the engine's enums, so a new status or reason without a label fails here instead of
showing as a raw value on users' dashboards.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from custom_components.capacity_manager.engine.models import LoadStatus, Reason, SiteStatus

TRANSLATIONS = Path(__file__).parents[2] / "frontend" / "src" / "translations"
LANGUAGES = ["en", "de", "fr", "nl"]


def _labels(language: str, prefix: str) -> dict[str, str]:
    text = (TRANSLATIONS / f"{language}.ts").read_text(encoding="utf-8")
    return dict(re.findall(rf'"{prefix}\.([a-z_]+)"\s*:\s*"([^"]*)"', text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_names_every_site_and_load_status(language: str) -> None:
    assert {s.value for s in SiteStatus} - set(_labels(language, "status")) == set()
    assert {s.value for s in LoadStatus} - set(_labels(language, "load")) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_explains_every_reason(language: str) -> None:
    labels = _labels(language, "reason")
    assert {r.value for r in Reason} - set(labels) == set()
    # A label, not the value itself with its underscores.
    assert all(labels[r.value].strip() and "_" not in labels[r.value] for r in Reason)
