"""Deleting a site, or one of its limit sources, leaves none of its stored state behind.

Each OpenADR and IEEE 2030.5 limit source remembers its state in its own store, the site its
memory in another. The sources here are the ones of the grid tests, against the same doubles.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import STORAGE_DIR
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.capacity_manager.const import CONF_PANEL_LIMIT_W, DOMAIN
from custom_components.capacity_manager.grid.openadr_source import OpenAdrSource
from custom_components.capacity_manager.grid.sep2_source import KIND_SEP2, Sep2Source
from tests.grid import conftest as grid, sep2_site
from tests.grid.sep2_site import CERT, Sep2Site
from tests.grid.test_grid_openadr import add_subscription
from tests.grid.vtn_double import VtnDouble
from tests.harness import ENTRY_ID, default_loads, make_entry, make_house, setup_entry

site = sep2_site.site  # the IEEE 2030.5 server double, time standing at NOW
vtn = grid.vtn  # the OpenADR VTN double

MEMORY = f"{DOMAIN}.{ENTRY_ID}"
OPENADR = f"{DOMAIN}.openadr.{ENTRY_ID}.src_openadr"
SEP2 = f"{DOMAIN}.sep2.{ENTRY_ID}.src_sep2"


def openadr(vtn: VtnDouble) -> dict[str, Any]:
    """The OpenADR source subentry (id src_openadr), its VTN giving a 9 kW subscription."""
    add_subscription(vtn, 9.0)
    return grid.openadr_source(vtn.base_url)


def sep2(site: Sep2Site, source_id: str | None = None) -> dict[str, Any]:
    """An IEEE 2030.5 source subentry (by default src_sep2), as `Sep2Site.setup` makes it."""
    return grid.limit_source(
        KIND_SEP2,
        "Utility DOE",
        source_id,
        sep2_url=site.server.base_url,
        certificate=CERT,
        fingerprint_header=True,
    )


async def site_with_both_sources(
    hass: HomeAssistant, site: Sep2Site, vtn: VtnDouble, hass_storage: dict[str, Any]
) -> MockConfigEntry:
    """A running site whose two sources have polled and written their stores."""
    await make_house(hass)
    entry = make_entry(site.data, [*default_loads(), openadr(vtn), sep2(site)])
    await setup_entry(hass, entry)
    await site.later(10)  # the OpenADR source writes its subscription a few seconds late
    assert hass_storage[OPENADR]["data"] == {"import_w": 9000.0, "export_w": None}
    assert hass_storage[SEP2]["data"]["defaults"]
    return entry


async def as_files(hass: HomeAssistant, hass_storage: dict[str, Any], folder: Path) -> None:
    """Lay the stores out as files in `folder`/.storage, where the integration looks for them.

    The harness keeps stores in `hass_storage`, not on disk, and its config folder is shared:
    the config folder moves to `folder`, one (empty) file per stored key. Removing a store still
    only takes it out of `hass_storage`.
    """

    def write(keys: list[str]) -> None:
        storage = folder / STORAGE_DIR
        storage.mkdir(exist_ok=True)
        for key in keys:
            (storage / key).write_text("{}")

    hass.config.config_dir = str(folder)
    await hass.async_add_executor_job(write, list(hass_storage))


def stored_sources(hass_storage: dict[str, Any]) -> set[str]:
    """The stores of limit sources left."""
    return {k for k in hass_storage if k.startswith((f"{DOMAIN}.openadr.", f"{DOMAIN}.sep2."))}


async def test_deleting_a_site_removes_the_stores_of_its_limit_sources(
    hass: HomeAssistant, site: Sep2Site, vtn: VtnDouble, hass_storage: dict[str, Any]
) -> None:
    entry = await site_with_both_sources(hass, site, vtn, hass_storage)

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert stored_sources(hass_storage) == set()
    assert MEMORY not in hass_storage


async def test_a_deleted_limit_source_loses_its_store_when_the_site_reloads(
    hass: HomeAssistant,
    site: Sep2Site,
    vtn: VtnDouble,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    entry = await site_with_both_sources(hass, site, vtn, hass_storage)
    await as_files(hass, hass_storage, tmp_path)

    assert hass.config_entries.async_remove_subentry(entry, "src_openadr")
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert [s.source_id for s in entry.runtime_data.grid.sources] == ["src_sep2"]
    assert stored_sources(hass_storage) == {SEP2}  # the other source keeps what it remembers
    assert MEMORY in hass_storage


async def test_deleting_a_site_that_did_not_start_removes_its_memory_and_stores(
    hass: HomeAssistant,
    site: Sep2Site,
    vtn: VtnDouble,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    spare = f"{DOMAIN}.sep2.{ENTRY_ID}.src_spare"
    other_site = f"{DOMAIN}.openadr.01JOTHERSITE0000000000000.src_openadr"
    for key in (MEMORY, OPENADR, SEP2, spare, other_site):  # from earlier runs
        hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": {}}
    await as_files(hass, hass_storage, tmp_path)
    site.data[CONF_PANEL_LIMIT_W] = 0  # the site cannot start
    sources = [openadr(vtn), sep2(site), sep2(site, "src_spare")]
    entry = make_entry(site.data, [*default_loads(), *sources])
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    # Deleting a source of a site that is not running reloads nothing: its store stays for now.
    assert hass.config_entries.async_remove_subentry(entry, "src_spare")
    await hass.async_block_till_done()
    assert {MEMORY, OPENADR, SEP2, spare} <= set(hass_storage)

    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert MEMORY not in hass_storage
    assert stored_sources(hass_storage) == {other_site}  # another site's store stays


async def test_a_poll_that_ends_after_the_site_is_deleted_writes_nothing(
    hass: HomeAssistant, site: Sep2Site, vtn: VtnDouble, hass_storage: dict[str, Any]
) -> None:
    # The VTN changes the subscription; the OpenADR poll finishes only after the deletion (as
    # one in flight when the user deleted the site would), and its delayed save must not come.
    entry = await site_with_both_sources(hass, site, vtn, hass_storage)
    sources = list(entry.runtime_data.grid.sources)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    event = next(iter(vtn.events.values()))
    event["intervals"][0]["payloads"][0]["values"] = [7.0]

    openadr_source = next(s for s in sources if isinstance(s, OpenAdrSource))
    assert await openadr_source.async_poll()  # the VTN answered: 7 kW is new
    # An IEEE 2030.5 poll in flight saves what it received once it is back.
    sep2_source = next(s for s in sources if isinstance(s, Sep2Source))
    await sep2_source._async_save()  # the end of such a poll
    await site.later(10)  # past the OpenADR source's delayed save

    assert stored_sources(hass_storage) == set()
