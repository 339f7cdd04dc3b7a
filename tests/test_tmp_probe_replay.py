import cProfile, pstats, dataclasses, time
from tests.test_replay_in_ha import *
from tests import test_replay_in_ha as m

async def test_probe(hass, freezer, site_data, tmp_path):
    import os
    house, sessions = m.uci_day()
    n = 2*60
    off = 16*60
    house = dataclasses.replace(house, times=house.times[off:off+n], timestamps_s=house.timestamps_s[off:off+n], total_w=house.total_w[off:off+n], columns={k: v[off:off+n] for k, v in house.columns.items()})
    scen = m.day_scenario(house, sessions)
    mode = os.environ.get("PROBE", "")
    if "nodebug" in mode:
        hass.loop.set_debug(False)
    if "slow" in mode:
        hass.loop.slow_callback_duration = 1e9
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    if "prof" in mode: prof.enable()
    ha, conf = await m.replay_in_ha(hass, freezer, site_data, scen)
    if "prof" in mode: prof.disable()
    print("\nELAPSED", time.perf_counter() - t0)
    if "prof" in mode:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    hass.loop.set_debug(True)
