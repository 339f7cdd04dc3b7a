// How the cards find a Capacity Manager's entities and turn their states into what they show.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { ENTRY, GARAGE, LOADS, makeHouse, OTHER_ENTRY, PANEL, SITE } from "../fixtures/house.mjs";
import { loadTs } from "../helpers/load-ts.mjs";

let discovery;
let model;
before(async () => {
  discovery = await loadTs("discovery");
  model = await loadTs("model");
});

const hassFor = (site = {}) => ({ ...makeHouse(site), language: "en" });

describe("discovery", () => {
  test("an entry id finds its panel, its site entities and only its own loads", () => {
    const found = discovery.discover(hassFor(), { entry_id: ENTRY });
    assert.equal(found.panelDeviceId, PANEL);
    assert.equal(found.site.site_power, "sensor.home_panel_site_power");
    assert.equal(found.site.mode, "select.home_panel_mode");
    assert.equal(found.site.restore_all, "button.home_panel_restore_all");
    assert.equal(found.site.limit_override, "number.home_panel_limit_override");
    assert.deepEqual(found.loads.map((l) => l.name).sort(), LOADS.map((l) => l.name).sort());
    const ev = found.loads.find((l) => l.name === "EV charger");
    assert.deepEqual(ev.entities, {
      load_status: "sensor.ev_charger_status",
      managed: "switch.ev_charger_managed",
      priority: "number.ev_charger_priority",
    });
  });

  test("the other entry or its device finds the other panel", () => {
    const hass = hassFor();
    for (const source of [{ entry_id: OTHER_ENTRY }, { device_id: GARAGE }]) {
      const found = discovery.discover(hass, source);
      assert.equal(found.panelDeviceId, GARAGE);
      assert.equal(found.site.site_power, "sensor.garage_site_power");
      assert.deepEqual(found.loads.map((l) => l.name), ["Workshop heater"]);
    }
  });

  test("look-alike entities of other integrations or domains are ignored", () => {
    const found = discovery.discover(hassFor(), { entry_id: ENTRY });
    assert.notEqual(found.site.site_power, "sensor.meter_power");
    assert.equal(found.site.status, "sensor.home_panel_status"); // not switch.home_panel_status
  });

  test("an unknown entry or device finds nothing instead of failing", () => {
    assert.equal(discovery.discover(hassFor(), { entry_id: "nope" }), null);
    assert.equal(discovery.discover(hassFor(), { device_id: "nope" }), null);
    assert.equal(discovery.discover({ states: {}, entities: {}, devices: {} }, {}), null);
  });

  test("the card picker's stub config points at a real Capacity Manager", () => {
    const source = discovery.firstSource(hassFor());
    assert.ok([ENTRY, OTHER_ENTRY].includes(source.entry_id));
    assert.deepEqual(discovery.firstSource({ states: {}, entities: {}, devices: {} }), {});
  });

  test("the cache rediscovers only when the registries change", () => {
    const cache = new discovery.DiscoveryCache();
    const hass = hassFor();
    const config = { entry_id: ENTRY };
    const first = cache.get(hass, config);
    assert.equal(cache.get({ ...hass, states: {} }, config), first);
    const fewer = { ...hass, entities: { ...hass.entities } };
    delete fewer.entities["sensor.ev_charger_status"];
    assert.equal(cache.get(fewer, config).loads.length, first.loads.length - 1);
  });
});

describe("site view", () => {
  const viewOf = (site) => {
    const hass = hassFor(site);
    return model.siteView(hass, discovery.discover(hass, { entry_id: ENTRY }));
  };

  test("power, limit and the three thresholds come through in watts", () => {
    const view = viewOf();
    assert.equal(view.powerW, SITE.powerW);
    assert.equal(view.limitW, SITE.limitW);
    assert.deepEqual([view.shedW, view.targetW, view.restoreW], [SITE.shedW, SITE.targetW, SITE.restoreW]);
    assert.equal(view.headroomW, SITE.limitW - SITE.powerW);
    assert.equal(view.status, "shedding");
    assert.equal(view.mode, "active");
  });

  test("a kW sensor is converted to watts", () => {
    const hass = hassFor();
    const view = model.siteView(hass, discovery.discover(hass, { entry_id: OTHER_ENTRY }));
    assert.equal(view.powerW, 3200);
    assert.equal(view.limitW, 5500);
    assert.equal(view.headroomW, 2300); // no headroom sensor: computed
  });

  test("the zone follows the thresholds", () => {
    assert.equal(viewOf({ powerW: SITE.shedW + 1 }).zone, "over");
    assert.equal(viewOf({ powerW: SITE.restoreW + 1 }).zone, "near");
    assert.equal(viewOf({ powerW: SITE.restoreW - 1 }).zone, "ok");
    assert.equal(viewOf({ powerW: null }).zone, "unknown");
  });

  test("the ladder is in priority order with each load's status and power", () => {
    const view = viewOf();
    const sorted = [...LOADS].sort((a, b) => a.priority - b.priority);
    assert.deepEqual(view.loads.map((l) => l.name), sorted.map((l) => l.name));
    const ev = view.loads.find((l) => l.name === "EV charger");
    assert.deepEqual([ev.status, ev.setpoint, ev.setpointUnit, ev.powerW, ev.reason], ["modulated", 8, "A", 1840, "over_limit"]);
  });

  test("a status sensor with only reason and setpoint still fills its ladder row", () => {
    const hass = hassFor();
    const id = "sensor.ev_charger_status";
    hass.states[id] = { ...hass.states[id], attributes: { reason: "over_limit", setpoint: 8, expected_power_w: 1840 } };
    const view = model.siteView(hass, discovery.discover(hass, { entry_id: ENTRY }));
    const ev = view.loads.find((l) => l.name === "EV charger");
    assert.equal(ev.priority, 9); // from the load's priority number entity
    assert.equal(ev.powerW, null); // expected power is not what it draws: shown as unknown
    assert.deepEqual([ev.setpoint, ev.setpointUnit], [8, null]);
  });

  test("the limit's source is passed on when it is not the panel's own", () => {
    assert.equal(viewOf().limitSource, "panel");
    assert.equal(viewOf({ limitSource: "grid" }).limitSource, "grid");
  });

  test("loads without a priority go to the bottom", () => {
    const loads = [
      { key: "a", name: "A", priority: undefined, status: "on", power: 1, changes: [] },
      { key: "b", name: "B", priority: 3, status: "on", power: 1, changes: [] },
    ];
    const hass = hassFor({ loads });
    delete hass.states["number.a_priority"];
    const view = model.siteView(hass, discovery.discover(hass, { entry_id: ENTRY }));
    assert.deepEqual(view.loads.map((l) => l.name), ["B", "A"]);
  });

  test("phase bars appear only where phase currents exist", () => {
    assert.deepEqual(viewOf().phases.map((p) => [p.currentA, p.limitA]), SITE.phaseCurrentsA.map((a) => [a, SITE.phaseLimitA]));
    assert.deepEqual(viewOf({ phaseCurrentsA: null }).phases, []);
    // A limit in watts: the sensor publishes phase_limit_a as null; the bars have no limit mark.
    assert.deepEqual(viewOf({ phaseLimitA: null }).phases.map((p) => p.limitA), [null, null, null]);
  });

  test("restore all has something to do only while a load is held", () => {
    assert.equal(model.hasHeldLoads(viewOf()), true);
    const calm = LOADS.map((l) => ({ ...l, status: "on" }));
    assert.equal(model.hasHeldLoads(viewOf({ loads: calm })), false);
  });

  test("the gauge's scale is round and leaves room above the limit and the power", () => {
    for (const powerW of [0, 3000, SITE.powerW, 9000, 15000]) {
      const max = model.gaugeMax({ powerW, limitW: SITE.limitW, shedW: SITE.shedW });
      assert.ok(max > SITE.limitW && max >= powerW, `max ${max} for ${powerW}`);
      assert.equal(max % 500, 0);
    }
    assert.equal(model.percentOf(20000, 10000), 100);
    assert.equal(model.percentOf(null, 10000), null);
  });

  test("unavailable and non-numeric states read as unknown, not as zero", () => {
    const entity = (state, unit = "W") => ({ state, attributes: { unit_of_measurement: unit } });
    assert.equal(model.powerOf(entity("unavailable")), null);
    assert.equal(model.powerOf(entity("abc")), null);
    assert.equal(model.powerOf(entity("1.5", "kW")), 1500);
    assert.equal(model.toNumber(true), null);
    assert.equal(model.toNumber(""), null);
  });
});
