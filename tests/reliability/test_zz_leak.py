import gc, random
from tests.reliability.test_soak import *
from tests.reliability.test_soak import _loads
from custom_components.capacity_manager.coordinator import CapacityCoordinator

async def test_leak(hass, site_data, freezer):
    hass.loop.set_debug(False)
    logging.getLogger().setLevel(logging.WARNING)
    rng = random.Random(1)
    plant = Plant(hass, rng)
    loads = _loads(rng, plant)
    for device in plant.devices.values():
        if device.pause:
            hass.states.async_set(device.entity_id, "12.0", {"unit_of_measurement": "A"})
            hass.states.async_set(device.pause, "on")
        else:
            hass.states.async_set(device.entity_id, "on")
    for domain in ("light", "input_boolean"):
        for service in ("turn_on", "turn_off"):
            hass.services.async_register(domain, service, plant.switch_service)
    hass.services.async_register("input_number", "set_value", plant.number_service)
    site_data.update({CONF_PHASES: 3, CONF_BREAKER_A: 80.0, CONF_PANEL_LIMIT_W: LIMIT_W})
    entry = make_entry(site_data, loads)
    plant.write_meter(0)
    await setup_entry(hass, entry)
    for r in range(4):
        for _ in range(100):
            freezer.tick(timedelta(seconds=1))
            await plant.maybe_fault(time.time())
            plant.write_meter(time.time())
            async_fire_time_changed(hass)
            await hass.async_block_till_done()
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
    gc.collect()
    coords = [o for o in gc.get_objects() if isinstance(o, CapacityCoordinator)]
    print("COORDS", len(coords))
    current = entry.runtime_data.coordinator
    for c in coords:
        if c is current: continue
        for ref in gc.get_referrers(c):
            if ref is coords: continue
            print("REF", type(ref), repr(ref)[:300])
        break
    exports = [o for o in gc.get_objects() if isinstance(o, dict) and set(o) == {"version", "loads", "limits"}]
    print("EXPORTS", len(exports))
    mem = [r for e in exports for r in gc.get_referrers(e) if isinstance(r, dict) and "engine" in r]
    for m in mem[:3]:
        for ref in gc.get_referrers(m):
            if ref is mem: continue
            print("MREF", type(ref), repr(ref)[:200])
