"""A house with an IEEE 2030.5 limit source pointed at the server test double, and what it shows.

Shared by the site tests (a module takes the fixture with `site = sep2_site.site`): the grid
limit sensors, the engine's effective limit and the export limit it enforces, and time moving
on. Time stands at NOW until a test moves it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.capacity_manager.grid import sep2_source
from tests.grid.conftest import limit_source
from tests.grid.sep2_double import DoubleControl, Sep2Double, make_certificate
from tests.harness import ENTRY_ID, default_loads, make_entry, make_house, setup_entry

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
T0 = int(NOW.timestamp())
IMPORT_SENSOR = "sensor.home_grid_import_limit"
EXPORT_SENSOR = "sensor.home_grid_export_limit"
LIMIT_SENSOR = "sensor.home_effective_limit"
ISSUE = f"{ENTRY_ID}_sep2_unreachable_src_sep2"
CERT, KEY = make_certificate()

type Watts = tuple[int, int]  # (value, power-of-ten multiplier), as the server writes it


@dataclass
class Sep2Site:
    """The house (`data`: its site settings), the utility `server` it polls, and the `clock`."""

    hass: HomeAssistant
    data: dict[str, Any]
    server: Sep2Double
    clock: FrozenDateTimeFactory

    async def setup(self, url: str | None = None, **data: Any) -> MockConfigEntry:
        """The house with the 2030.5 source on `url` (by default the server's base URL).

        The site proves its certificate through the TLS proxy's fingerprint header unless
        `data` says otherwise.
        """
        await make_house(self.hass)
        subentry = limit_source(
            sep2_source.KIND_SEP2,
            "Utility DOE",
            sep2_url=url or self.server.base_url,
            **{"certificate": CERT, "fingerprint_header": True, **data},
        )
        entry = make_entry(self.data, [*default_loads(), subentry])
        await setup_entry(self.hass, entry)
        return entry

    async def setup_tls(self, **data: Any) -> MockConfigEntry:
        """The house and the server talking TLS themselves, without the proxy.

        The server starts again on its port serving HTTPS, trusting only the site's
        certificate; the site has its own key and trusts the server's certificate.
        """
        await self.server.stop()
        self.server.use_tls(trusted_client_pem=CERT)
        await self.server.start()
        return await self.setup(
            private_key=KEY,
            ca_certificate=self.server.server_cert,
            fingerprint_header=False,
            **data,
        )

    def envelope(
        self,
        import_w: Watts | None = None,
        export_w: Watts | None = None,
        *,
        mrid: str = "doe",
        start: int = T0 - 60,
        duration: int = 7200,
    ) -> DoubleControl:
        """A control of the first program; by default it began a minute ago and runs 2 hours."""
        control = DoubleControl(mrid, start, duration, import_w=import_w, export_w=export_w)
        self.server.programs[0].controls.append(control)
        return control

    async def stop_home_assistant(self, entry: MockConfigEntry) -> None:
        """Home Assistant stops: the entry is unloaded."""
        assert await self.hass.config_entries.async_unload(entry.entry_id)

    async def start_home_assistant(self, entry: MockConfigEntry) -> None:
        """Home Assistant starts again: the entry is set up from what it stored."""
        assert await self.hass.config_entries.async_setup(entry.entry_id)
        await self.hass.async_block_till_done()

    async def later(self, seconds: float) -> None:
        """Move time on and let everything due run."""
        self.clock.tick(timedelta(seconds=seconds))
        async_fire_time_changed(self.hass)
        await self.hass.async_block_till_done()

    async def next_poll(self) -> None:
        """Move time on by the server's pollRate."""
        await self.later(self.server.poll_rate)

    def limits(self) -> tuple[float | None, float | None]:
        """The grid import and export limits the sensors show (None: unknown)."""
        found = [self.hass.states.get(e) for e in (IMPORT_SENSOR, EXPORT_SENSOR)]
        values = [
            None if s is None or s.state in ("unknown", "unavailable") else float(s.state)
            for s in found
        ]
        return values[0], values[1]

    def enforced(self) -> tuple[float, float | None]:
        """What the engine holds the site to: its import limit and the export limit it enforces."""
        state = self.hass.states.get(LIMIT_SENSOR)
        assert state is not None
        export = state.attributes.get("export_limit_w")
        return float(state.state), None if export is None else float(export)


def ignored(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The warnings about ignored documents."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("custom_components") and "ignored" in r.getMessage()
    ]


@pytest.fixture
async def site(
    hass: HomeAssistant,
    site_data: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    socket_enabled: None,
) -> AsyncGenerator[Sep2Site]:
    """Time at NOW, the house, and the server with one program: 5000 W import, 0 W export.

    The server speaks plain HTTP, behind the imagined TLS proxy (see `Sep2Site.setup_tls`).
    """
    freezer.move_to(NOW)
    server = Sep2Double()
    await server.start()
    server.add_program("doe", 1, default=((5000, 0), (0, 0)))
    yield Sep2Site(hass, site_data, server, freezer)
    await server.stop()
