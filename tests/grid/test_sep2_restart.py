"""Home Assistant restarts while the IEEE 2030.5 server is down, against the test double.

The controls received before the restart are remembered: until their intervals end they still
apply, never looser than the default, and once the server answers what it says wins.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.grid import sep2_site
from tests.grid.sep2_site import T0, Sep2Site

site = sep2_site.site  # the fixture shared with the site tests


def stored_controls(hass_storage: dict[str, Any]) -> list[dict[str, Any]]:
    """The controls the source remembers (in its only store)."""
    [key] = [k for k in hass_storage if k.startswith("capacity_manager.sep2.")]
    controls: list[dict[str, Any]] = hass_storage[key]["data"]["controls"]
    return controls


async def test_an_active_envelope_survives_a_restart_during_an_outage_until_its_end(
    site: Sep2Site,
) -> None:
    site.envelope((2000, 0), duration=1800)  # ends at T0 + 1740
    entry = await site.setup()
    assert site.limits() == (2000.0, 0.0)

    await site.stop_home_assistant(entry)
    await site.server.stop()
    await site.later(600)
    await site.start_home_assistant(entry)
    assert site.limits() == (2000.0, 0.0)  # not loosened to the 5000 W default
    assert site.enforced() == (2000.0, 0.0)
    await site.later(1139)
    assert site.limits() == (2000.0, 0.0)
    await site.later(1)  # T0 + 1740: the control ends, the default applies
    assert site.limits() == (5000.0, 0.0)
    assert site.enforced() == (5000.0, 0.0)


async def test_a_control_that_ended_during_the_restart_is_not_applied(
    site: Sep2Site, hass_storage: dict[str, Any]
) -> None:
    site.server.programs[0].default = ((5000, 0), (1500, 0))
    site.envelope((2000, 0), mrid="short", duration=600)  # ends at T0 + 540
    site.envelope(None, (500, 0), mrid="long")
    entry = await site.setup()
    assert site.limits() == (2000.0, 500.0)
    assert len(stored_controls(hass_storage)) == 2

    await site.stop_home_assistant(entry)
    await site.server.stop()
    await site.later(900)
    await site.start_home_assistant(entry)
    assert site.limits() == (5000.0, 500.0)  # "short" ended; "long" still holds

    del site.server.programs[0].controls[:]  # "long" is cancelled, unseen until the server answers
    await site.server.start()
    await site.next_poll()
    assert site.limits() == (5000.0, 1500.0)  # the server wins
    assert stored_controls(hass_storage) == []


@pytest.mark.parametrize(
    "corrupt",
    ["garbage", [{"start": T0, "end": "later"}], [{"mrid": "x"}], 7],
    ids=["not a list", "bad end", "missing fields", "a number"],
)
async def test_corrupt_stored_controls_give_the_default_and_one_log_line(
    site: Sep2Site,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    corrupt: Any,
) -> None:
    site.envelope((2000, 0))
    entry = await site.setup()
    await site.stop_home_assistant(entry)
    await site.server.stop()
    assert stored_controls(hass_storage)  # the envelope was remembered...
    [key] = [k for k in hass_storage if k.startswith("capacity_manager.sep2.")]
    hass_storage[key]["data"]["controls"] = corrupt  # ...and its record is spoiled
    caplog.clear()

    await site.start_home_assistant(entry)
    assert site.limits() == (5000.0, 0.0)
    assert site.enforced() == (5000.0, 0.0)
    logged = [r.getMessage() for r in caplog.records if "stored IEEE 2030.5" in r.getMessage()]
    assert len(logged) == 1, logged
    assert "malformed" in logged[0]
