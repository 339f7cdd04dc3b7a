// The what-if form, the panel sizing report, service errors, and import / export on the card.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { ENTRY, makeHouse } from "../fixtures/house.mjs";
import { simulateResponse, sizingResponse } from "../fixtures/services.mjs";
import { loadTs } from "../helpers/load-ts.mjs";

let wi;
let sz;
let calls;
let model;
let discovery;
let i18n;
before(async () => {
  wi = await loadTs("what-if-model");
  sz = await loadTs("sizing-model");
  calls = await loadTs("service-call");
  model = await loadTs("model");
  discovery = await loadTs("discovery");
  i18n = await loadTs("i18n");
});

const NOW = new Date("2025-06-10T12:00:00Z");
const LOADS = [
  { ref: "Pool pump", name: "Pool pump" },
  { ref: "EV charger", name: "My car" },
];
const form = (patch = {}) => ({ ...wi.defaultForm(), ...patch });
const request = (patch, loads = LOADS, volts = 230) => wi.simulateRequest(form(patch), ENTRY, loads, volts, NOW);

describe("what-if form → simulate request", () => {
  test("by default the last 7 days, the configured limit and every load", () => {
    const { data } = request({});
    assert.deepEqual(Object.keys(data).sort(), ["config_entry_id", "end", "start"]);
    assert.equal(data.config_entry_id, ENTRY);
    assert.equal(data.end, NOW.toISOString());
    assert.equal(Date.parse(data.end) - Date.parse(data.start), 7 * 86_400_000);
  });

  test("a limit in kW or in amps is sent in watts; amps use voltage × phases", () => {
    assert.equal(request({ limit: "7.2" }).data.limit, 7200);
    assert.equal(request({ limit: "5,5" }).data.limit, 5500); // a decimal comma, as typed in Europe
    assert.equal(request({ limit: "60", unit: "A" }, LOADS, 240).data.limit, 14400);
    assert.equal(request({ limit: "25", unit: "A" }, LOADS, 690).data.limit, 17250);
    for (const bad of ["0", "-3", "lots"]) {
      assert.deepEqual(request({ limit: bad }), { error: "whatif.error.limit" }, bad);
    }
  });

  test("dates are whole local days, the last one included", () => {
    const { data } = request({ period: "range", start: "2025-05-01", end: "2025-05-31" });
    assert.equal(data.start, "2025-05-01 00:00:00");
    assert.equal(data.end, "2025-06-01 00:00:00");
    assert.deepEqual(request({ period: "range", start: "2025-05-02", end: "2025-05-01" }), { error: "whatif.error.order" });
    assert.deepEqual(request({ period: "range", start: "", end: "2025-05-01" }), { error: "whatif.error.dates" });
    assert.deepEqual(request({ period: "range", start: "2025-04-01", end: "2025-05-31" }), { error: "whatif.error.days" });
    for (const days of ["0", "32", "2.5", ""]) {
      assert.deepEqual(request({ days }), { error: "whatif.error.days" }, days);
    }
    assert.equal(Date.parse(request({ days: "31" }).data.end) - Date.parse(request({ days: "31" }).data.start), 31 * 86_400_000);
  });

  test("loads left out are sent as the list of the others, by their configured name", () => {
    assert.deepEqual(request({ excluded: ["Pool pump"] }).data.loads, ["EV charger"]);
    assert.deepEqual(request({ excluded: ["Pool pump", "EV charger"] }), { error: "whatif.error.loads" });
    assert.equal("loads" in request({}, []).data, false);
  });
});

describe("progress and result", () => {
  test("progress events of our entry fill the bar; other entries are ignored", () => {
    const event = (data) => ({ data: { config_entry_id: ENTRY, ...data } });
    assert.equal(wi.progressOf({ data: { config_entry_id: "other", stage: "history", done: 1, total: 2 } }, ENTRY), null);
    const first = wi.progressOf(event({ stage: "history", done: 1, total: 3 }), ENTRY);
    assert.equal(first.text, "whatif.progress.history");
    assert.deepEqual(first.vars, { done: 1, total: 3 });
    assert.ok(Math.abs(first.fraction - 0.3) < 1e-9);
    assert.equal(wi.progressOf(event({ stage: "history", done: 3, total: 3 }), ENTRY).text, "whatif.progress.simulating");
    assert.equal(wi.progressOf(event({ stage: "simulate", done: 1, total: 1 }), ENTRY).fraction, 1);
    assert.equal(wi.progressOf(event({ stage: "unknown" }), ENTRY), null);
    assert.equal(wi.progressOf(null, ENTRY), null);
  });

  test("the response becomes both outcomes, loads by time shed, and what was not simulated", () => {
    const result = wi.resultOf(simulateResponse());
    assert.equal(result.limitW, 6000);
    assert.equal(result.managed.minutesAbove, 3.5);
    assert.equal(result.unmanaged.minutesAbove, 312.5);
    assert.equal(result.managed.evDelayed, 2);
    assert.equal(result.managed.evSessions, 5);
    assert.deepEqual(result.perLoad.map((l) => l.name), ["Water heater", "Pool pump", "EV charger"]);
    assert.deepEqual(result.notSimulated, ["Dryer"]);
    assert.deepEqual(result.resolution, { states: 2, statistics_hour: 5 });
  });

  test("a partial or odd response never throws: missing numbers are zero", () => {
    for (const odd of [null, 7, "x", [], { managed: "no", loads: "no", resolution_days: [] }]) {
      const result = wi.resultOf(odd);
      assert.equal(result.managed.minutesAbove, 0);
      assert.deepEqual(result.perLoad, []);
      assert.deepEqual(result.notSimulated, []);
    }
  });

  test("durations read as minutes, or hours and minutes, in the user's language", () => {
    const en = i18n.localizer("en");
    assert.equal(wi.formatDuration(0, en), "0 min");
    assert.equal(wi.formatDuration(0.2, en), "< 1 min"); // not "0 min": it did happen
    assert.equal(wi.formatDuration(42.4, en), "42 min");
    assert.equal(wi.formatDuration(185, en), "3 h 5 min");
    assert.equal(wi.formatDuration(185, i18n.localizer("nl")), "3 u 5 min");
  });
});

describe("panel sizing", () => {
  test("the report reads into peak, design demand, rating and the amps that could be added", () => {
    const view = sz.sizingOf(sizingResponse());
    assert.equal(view.peakW, 6100);
    assert.equal(view.designW, 7625);
    assert.equal(view.ratingA, 40);
    assert.equal(view.unmanagedA, 6.8);
    assert.equal(view.managedA, 36);
    assert.equal(view.additionalA, 29.2);
    assert.equal(view.hourly, false);
    assert.equal(sz.sizingOf(sizingResponse({ resolution: "hourly_mean_statistics" })).hourly, true);
    const empty = sz.sizingOf(undefined);
    assert.equal(empty.peakW, null);
    assert.equal(empty.factor, 1.25);
  });
});

describe("service errors", () => {
  const wsError = {
    code: "service_validation_error",
    message: "Validation error: No recorded history of the site meter from A to B",
    translation_key: "no_history",
    translation_domain: "capacity_manager",
    translation_placeholders: { start: "A", end: "B" },
  };

  test("a websocket error, an Error or anything else becomes a failure with its reason", () => {
    const failure = calls.failureOf(wsError);
    assert.equal(failure.code, "service_validation_error");
    assert.equal(failure.message, "No recorded history of the site meter from A to B");
    assert.equal(failure.key, "no_history");
    assert.deepEqual(failure.placeholders, { start: "A", end: "B" });
    assert.equal(calls.failureOf(new Error("boom")).message, "boom");
    assert.equal(calls.failureOf({ error: { code: "x", message: "nested" } }).message, "nested");
    assert.equal(calls.failureOf(undefined).code, "unknown_error");
  });

  test("the text is HA's translation when it loads, else HA's message, else the fallback", async () => {
    const asked = [];
    const translated = {
      loadBackendTranslation: async (category, domain) => (key, values) => {
        asked.push([category, domain, key, values]);
        return `Keine Daten von ${values.start} bis ${values.end}`;
      },
    };
    assert.equal(await calls.failureText(translated, calls.failureOf(wsError), "fallback"), "Keine Daten von A bis B");
    assert.deepEqual(asked[0].slice(0, 3), ["exceptions", "capacity_manager", "component.capacity_manager.exceptions.no_history.message"]);
    const missing = { loadBackendTranslation: async () => () => "" };
    assert.equal(await calls.failureText(missing, calls.failureOf(wsError), "fallback"), "No recorded history of the site meter from A to B");
    const broken = { loadBackendTranslation: async () => { throw new Error("offline"); } };
    assert.equal(await calls.failureText(broken, calls.failureOf(wsError), "fallback"), "No recorded history of the site meter from A to B");
    assert.equal(await calls.failureText({}, calls.failureOf({}), "fallback"), "fallback");
  });

  test("a call sends call_service with return_response and gives back the response", async () => {
    const sent = [];
    const hass = { connection: { sendMessagePromise: async (m) => (sent.push(m), { context: {}, response: { ok: 1 } }) } };
    assert.deepEqual(await calls.callWithResponse(hass, "panel_sizing", { config_entry_id: ENTRY }), { ok: 1 });
    assert.deepEqual(sent, [
      { type: "call_service", domain: "capacity_manager", service: "panel_sizing", service_data: { config_entry_id: ENTRY }, return_response: true },
    ]);
    const silent = { connection: { sendMessagePromise: async () => ({ context: {} }) } };
    await assert.rejects(calls.callWithResponse(silent, "simulate", {}), /no response/);
  });

  test("subscriptions fail soft: no subscribeEvents or a refusal (non-admin) gives null", async () => {
    assert.equal(await calls.subscribeEvents({ connection: {} }, "x", () => {}), null);
    const refused = { connection: { subscribeEvents: async () => { throw { code: "unauthorized" }; } } };
    assert.equal(await calls.subscribeEvents(refused, "x", () => {}), null);
    let unsubscribed = 0;
    const ok = { connection: { subscribeEvents: async () => () => { unsubscribed += 1; } } };
    (await calls.subscribeEvents(ok, "x", () => {}))();
    assert.equal(unsubscribed, 1);
  });
});

describe("import, export and the amps basis on the main card", () => {
  const view = (site, attrs) => {
    const hass = { ...makeHouse(site), language: "en" };
    if (attrs) {
      const limit = hass.states["sensor.home_panel_effective_limit"];
      hass.states["sensor.home_panel_effective_limit"] = { ...limit, attributes: { ...limit.attributes, ...attrs } };
    }
    const found = discovery.discover(hass, { entry_id: ENTRY });
    return { hass, found, view: model.siteView(hass, found) };
  };

  test("negative site power is export; the export limit comes from the limit sensor when it has one", () => {
    assert.equal(view({ powerW: 4200 }).view.flow, "import");
    const exporting = view({ powerW: -2500 }, { export_limit_w: 2000 }).view;
    assert.equal(exporting.flow, "export");
    assert.equal(exporting.exportLimitW, 2000);
    assert.equal(model.exportOverW(exporting), 500);
    assert.equal(model.exportOverW({ powerW: -1500, exportLimitW: 2000 }), 0);
    assert.equal(model.exportOverW({ powerW: 1500, exportLimitW: 2000 }), 0);
    const plain = view({ powerW: 0 }).view;
    assert.equal(plain.flow, null);
    assert.equal(plain.exportLimitW, null); // no export limit: nothing to show
  });

  test("without the attribute, the grid export limit sensor (in kW too) gives the export limit", () => {
    const { hass } = view({ powerW: -900 });
    hass.entities["sensor.home_panel_grid_export_limit"] = {
      entity_id: "sensor.home_panel_grid_export_limit",
      device_id: "dev_panel",
      translation_key: "grid_export_limit",
      platform: "capacity_manager",
    };
    hass.states["sensor.home_panel_grid_export_limit"] = {
      entity_id: "sensor.home_panel_grid_export_limit",
      state: "3.5",
      attributes: { unit_of_measurement: "kW" },
    };
    const found = discovery.discover(hass, { entry_id: ENTRY });
    assert.equal(model.siteView(hass, found).exportLimitW, 3500);
    hass.states["sensor.home_panel_grid_export_limit"].state = "unknown"; // no export limit in force
    assert.equal(model.siteView(hass, found).exportLimitW, null);
  });

  test("amps convert at the voltage the limit sensor gives, else 230 V × the phases measured", () => {
    const three = view({});
    assert.deepEqual(model.ampsBasis(three.hass, three.found), { volts: 690, assumed: true });
    const single = view({ phaseCurrentsA: null });
    assert.deepEqual(model.ampsBasis(single.hass, single.found), { volts: 230, assumed: true });
    const us = view({ phaseCurrentsA: null }, { voltage_v: 240, phases: 1 });
    assert.deepEqual(model.ampsBasis(us.hass, us.found), { volts: 240, assumed: false });
  });
});
