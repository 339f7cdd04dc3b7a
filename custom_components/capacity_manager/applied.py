"""What configuration a running site reflects, to tell a change to apply from one applied live.

HA updates a subentry in place, so the copy must hold plain values, not the subentry objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigSubentry

type Configuration = dict[str, Any]


def _copy(sub: ConfigSubentry) -> tuple[Any, ...]:
    return (sub.subentry_type, sub.title, sub.unique_id, dict(sub.data))


def configuration(entry: ConfigEntry) -> Configuration:
    """A copy of the entry's options and subentries, comparable with a later copy."""
    return {
        "options": dict(entry.options),
        **{key: _copy(sub) for key, sub in entry.subentries.items()},
    }


def configuration_after(
    entry: ConfigEntry, removed: Iterable[str], saved: Iterable[ConfigSubentry]
) -> Configuration:
    """The entry's configuration once `removed` are gone and `saved` are added or updated.

    Known before the writes: HA runs update listeners eagerly, from inside each write.
    """
    expected = configuration(entry)
    for key in removed:
        expected.pop(key, None)
    expected.update({sub.subentry_id: _copy(sub) for sub in saved})
    return expected
