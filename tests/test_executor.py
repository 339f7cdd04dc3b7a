"""The executor knows its own commands by context (and what they caused)."""

from __future__ import annotations

from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.executor import ActionExecutor


async def test_contexts_of_our_commands_and_their_children(hass: HomeAssistant) -> None:
    executor = ActionExecutor(hass, MockConfigEntry(domain="capacity_manager"), print)
    ours = executor.new_context()
    assert executor.is_ours(ours)
    assert executor.is_ours(Context(parent_id=ours.id))  # e.g. a script our command started
    assert not executor.is_ours(Context())
    assert not executor.is_ours(None)
    # Only the most recent contexts are kept.
    for _ in range(300):
        executor.new_context()
    assert not executor.is_ours(ours)
