import dataclasses, time, os
from pathlib import Path
from tests import test_replay_in_ha as m
from custom_components.capacity_manager.engine.comparison import CapacityManagerPolicy
from custom_components.capacity_manager.engine.simulator import simulate
from tests.harness import capture

async def test_probe(hass, freezer, site_data, tmp_path):
    house, sessions = m.uci_day()
    t0 = house.timestamps_s[0]
    a, h = float(os.environ.get("START", 13)), float(os.environ.get("HOURS", 6))
    limit = round(0.75 * max(house.total_w))
    house = m._slice(house, t0 + a*3600, t0 + (a+h)*3600)
    scen = dataclasses.replace(m.day_scenario(house, sessions))
    scen = dataclasses.replace(scen, site=dataclasses.replace(scen.site, limits=dataclasses.replace(scen.site.limits, panel_limit_w=limit)))
    if "nodebug" in os.environ.get("PROBE", ""):
        hass.loop.set_debug(False)
    events = []
    for e in ("capacity_manager_load_shed", "capacity_manager_load_restored", "capacity_manager_load_modulated"):
        hass.bus.async_listen(e, lambda ev: events.append(((__import__("homeassistant.util.dt", fromlist=["x"]).utcnow().timestamp()-t0), ev.data["load_id"], ev.data["action"], ev.data.get("new_value"), ev.data["reason"])))
    w0 = time.process_time()
    from custom_components.capacity_manager.engine import controller as cmod
    orig_step = cmod.Controller.step
    log = []
    def step(self, now, meas, states):
        r = orig_step(self, now, meas, states)
        if 50570 <= now - t0 <= 50600 or 56330 <= now - t0 <= 56345 or 50390 <= now-t0 <= 50410:
            log.append((now - t0, meas.site_power_w if meas else None, {k: (v.is_on, v.setpoint, v.power_w) for k, v in states.items()}, [(a.load_id, a.kind.value, a.setpoint, a.reason.value) for a in r.actions]))
        return r
    cmod.Controller.step = step
    ha, conf = await m.replay_in_ha(hass, freezer, site_data, scen)
    cmod.Controller.step = orig_step
    for l in log: print("HASTEP", l)
    print("\nCPU", time.process_time() - w0)
    pol = CapacityManagerPolicy.for_scenario(conf)
    orig = pol.decide
    def dec2(now, meas, states):
        r = orig(now, meas, states)
        if 50570 <= now - t0 <= 50600 or 56330 <= now - t0 <= 56345 or 50390 <= now-t0 <= 50410:
            print("SIMSTEP", now-t0, meas.site_power_w, {k: (v.is_on, v.setpoint, v.power_w) for k, v in states.items()}, [(a.load_id, a.kind.value, a.setpoint, a.reason.value) for a in r])
        return r
    pol.decide = dec2
    acts=[]
    def dec(now, meas, states):
        r = dec2(now, meas, states)
        for x in r: acts.append(((now-t0), x.load_id, x.kind.value, x.setpoint, x.reason.value))
        return r
    pol.decide = dec
    sim = simulate(conf, pol, skip_idle=False).metrics
    print(m._table(ha, sim))
    print("HA"); [print("%.1f %s %s %s %s" % e) for e in events]
    print("SIM"); [print("%.1f %s %s %s %s" % e) for e in acts]
    hass.loop.set_debug(True)
