"""Shared fixtures of the Home Assistant tests (pytest-homeassistant-custom-component).

Pure engine tests never ask for `hass`, so nothing here starts Home Assistant for them.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_UNIT_OF_MEASUREMENT,
    UnitOfElectricCurrent,
    UnitOfPower,
)
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.actuators import execute
from custom_components.capacity_manager.const import (
    CONF_BREAKER_A,
    CONF_CONTINUOUS_ENABLED,
    CONF_CONTINUOUS_GRACE,
    CONF_EXPORT_NEGATIVE,
    CONF_LIMIT_TYPE,
    CONF_NAME,
    CONF_PANEL_LIMIT_W,
    CONF_PHASES,
    CONF_POWER_SENSOR,
    CONF_SOURCE_TYPE,
    CONF_VOLTAGE,
    DEFAULT_CONTINUOUS_GRACE,
    DEFAULT_OPTIONS,
    DOMAIN,
    LIMIT_BREAKER,
    SOURCE_SINGLE,
)
from custom_components.capacity_manager.engine.results import Action
from custom_components.capacity_manager.engine_config import LoadBinding
from tests.helpers import GRID_SENSOR, SetSensor

_OWN_LOOP = pytest.StashKey[asyncio.AbstractEventLoop]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Give a test an event loop when none is current (newer pytest-asyncio leaves none).

    The harness's autouse fixtures call `asyncio.get_event_loop()` in every test, also in plain
    synchronous ones; after an async test, pytest-asyncio 1.x leaves no current loop and that
    call raises. Older releases always leave one, and then this does nothing.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        item.stash[_OWN_LOOP] = loop


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    """Close the loop `pytest_runtest_setup` made, after the fixtures that used it."""
    try:
        return (yield)
    finally:
        loop = item.stash.get(_OWN_LOOP, None)
        if loop is not None:
            del item.stash[_OWN_LOOP]
            asyncio.set_event_loop(None)
            loop.close()


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Let Home Assistant load custom_components/ in every test that starts it."""
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")


@dataclass(frozen=True, slots=True)
class SentCommand:
    """One command the integration sent to a load (recorded by `integration_commands`)."""

    binding: LoadBinding
    action: Action


@pytest.fixture(autouse=True)
def integration_commands(request: pytest.FixtureRequest) -> Generator[list[SentCommand]]:
    """Every command the integration sends, in every test that starts Home Assistant.

    Also the suite-wide guard of the never-shed rule (NEC 750.30): a load marked never-shed must
    never receive a command, whatever the test does; a test that breaks it fails at teardown.
    """
    sent: list[SentCommand] = []
    if "hass" not in request.fixturenames:
        yield sent
        return

    async def recording(
        hass: HomeAssistant, binding: LoadBinding, action: Action, *args: Any, **kwargs: Any
    ) -> None:
        sent.append(SentCommand(binding, action))
        await execute(hass, binding, action, *args, **kwargs)

    with patch("custom_components.capacity_manager.executor.execute", recording):
        yield sent
    never_shed = [c for c in sent if c.binding.config.never_shed]
    assert never_shed == [], "a never-shed load was commanded"


@pytest.fixture
def mock_setup_entry() -> Generator[AsyncMock]:
    """Flow tests: creating or reloading an entry does not run the integration."""
    with patch(
        "custom_components.capacity_manager.async_setup_entry", return_value=True, create=True
    ) as mock:
        yield mock


@pytest.fixture
def set_power_sensor(hass: HomeAssistant) -> SetSensor:
    """Write a power sensor state: `set_power_sensor(entity_id, state, unit="W", **attrs)`."""

    def _set(
        entity_id: str = GRID_SENSOR,
        state: str | float = "1200",
        unit: str | None = UnitOfPower.WATT,
        device_class: str | None = "power",
        **attributes: Any,
    ) -> str:
        if unit is not None:
            attributes[ATTR_UNIT_OF_MEASUREMENT] = unit
        if device_class is not None:
            attributes[ATTR_DEVICE_CLASS] = device_class
        hass.states.async_set(entity_id, str(state), attributes)
        return entity_id

    return _set


@pytest.fixture
def set_current_sensor(set_power_sensor: SetSensor) -> SetSensor:
    """Write a current sensor state (device class current, A)."""

    def _set(entity_id: str, state: str | float = "8", **attributes: Any) -> str:
        return set_power_sensor(
            entity_id,
            state,
            unit=attributes.pop("unit", UnitOfElectricCurrent.AMPERE),
            device_class=attributes.pop("device_class", "current"),
            **attributes,
        )

    return _set


@pytest.fixture
def site_data() -> dict[str, Any]:
    """Entry data of a site: one grid sensor, a 25 A breaker at 230 V, one phase (5750 W)."""
    return {
        CONF_NAME: "Home",
        CONF_SOURCE_TYPE: SOURCE_SINGLE,
        CONF_POWER_SENSOR: GRID_SENSOR,
        CONF_EXPORT_NEGATIVE: True,
        CONF_PHASES: 1,
        CONF_VOLTAGE: 230.0,
        CONF_LIMIT_TYPE: LIMIT_BREAKER,
        CONF_BREAKER_A: 25.0,
        CONF_PANEL_LIMIT_W: 5750.0,
        CONF_CONTINUOUS_ENABLED: False,
        CONF_CONTINUOUS_GRACE: DEFAULT_CONTINUOUS_GRACE,
    }


@pytest.fixture
def mock_config_entry(site_data: dict[str, Any]) -> MockConfigEntry:
    """A configured site without loads (not yet added to hass)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=site_data[CONF_NAME],
        data=site_data,
        options=dict(DEFAULT_OPTIONS),
        unique_id=GRID_SENSOR,
        version=1,
        minor_version=1,
    )
