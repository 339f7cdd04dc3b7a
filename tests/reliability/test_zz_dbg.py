from tests.reliability.test_restart_unload import *
from tests.reliability.test_restart_unload import _both_shed

async def test_dbg(hass, site_data, freezer):
    house, entry = await _both_shed(hass, site_data, freezer)
    def show():
        return [repr(l[0]) if isinstance(l, tuple) else repr(l) for l in hass.bus._listeners.get("homeassistant_stop", [])]
    a = show()
    await hass.config_entries.async_set_disabled_by(entry.entry_id, ConfigEntryDisabler.USER)
    await hass.async_block_till_done()
    b = show()
    for x in b: print("AFTER", x[:300])
    assert 0
