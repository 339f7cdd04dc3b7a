// A charger's charging plan on its ladder row: read from the status sensor's attributes
// (sensor_load.py: departure, energy_to_go_kwh, plan_at_risk) and written as "Leaves 07:30 ·
// 12.4 kWh to go" on the user's clock, in the user's language.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { ENTRY, makeHouse } from "../fixtures/house.mjs";
import { loadTs } from "../helpers/load-ts.mjs";

let discovery;
let model;
let format;
let i18n;
before(async () => {
  discovery = await loadTs("discovery");
  model = await loadTs("model");
  format = await loadTs("format");
  i18n = await loadTs("i18n");
});

const EV = "sensor.ev_charger_status";
// The evening before: 21:00 in Berlin (CET, UTC+1 in January).
const NOW = new Date("2030-01-15T20:00:00Z");
const BERLIN = { timeZone: "Europe/Berlin", hour12: false };
// What sensor_load.py adds for a charger with a plan (the other attributes as the fixture has them).
const PLAN = { departure: "2030-01-16T06:30:00+00:00", energy_to_go_kwh: 12.43, plan_at_risk: false };

function viewWith(extra) {
  const hass = { ...makeHouse(), language: "en" };
  if (extra) {
    hass.states[EV] = { ...hass.states[EV], attributes: { ...hass.states[EV].attributes, ...extra } };
  }
  return model.siteView(hass, discovery.discover(hass, { entry_id: ENTRY }));
}

const text = (plan, lang = "en", clock = BERLIN, now = NOW) =>
  model.planText(plan, lang, i18n.localizer(lang), clock, now);

describe("charging plan on the ladder", () => {
  test("loads without a plan have none: their rows are as before", () => {
    const view = viewWith();
    assert.ok(view.loads.length > 1);
    assert.ok(view.loads.every((load) => load.plan === null));
    assert.equal(model.planOf({ reason: "over_limit", priority: 9, power_w: 1840 }), null);
  });

  test("a charger with a plan carries its departure, energy to go and whether it is at risk", () => {
    const view = viewWith(PLAN);
    const ev = view.loads.find((l) => l.name === "EV charger");
    assert.deepEqual(ev.plan, { departure: PLAN.departure, energyToGoKwh: 12.43, atRisk: false });
    // The rest of the row is unchanged, and no other load gets a plan.
    assert.deepEqual([ev.status, ev.setpoint, ev.powerW, ev.reason], ["modulated", 8, 1840, "over_limit"]);
    assert.ok(view.loads.filter((l) => l !== ev).every((l) => l.plan === null));
    const risky = viewWith({ ...PLAN, plan_at_risk: true }).loads.find((l) => l.name === "EV charger");
    assert.equal(risky.plan.atRisk, true);
  });

  test("a departure that is not a date is no plan; odd values are read safely", () => {
    assert.equal(model.planOf({ departure: null, energy_to_go_kwh: 3, plan_at_risk: true }), null);
    assert.equal(model.planOf({ departure: "soon", energy_to_go_kwh: 3 }), null);
    assert.deepEqual(model.planOf({ departure: PLAN.departure, energy_to_go_kwh: "x", plan_at_risk: "true" }), {
      departure: PLAN.departure,
      energyToGoKwh: null,
      atRisk: false, // only a real true is at risk
    });
  });

  test("English: the time alone today, 'tomorrow', else with a date; the energy with one decimal", () => {
    const plan = model.planOf(PLAN);
    assert.equal(text(plan), "Leaves tomorrow 07:30 · 12.4 kWh to go");
    assert.equal(text(plan, "en", BERLIN, new Date("2030-01-16T05:00:00Z")), "Leaves 07:30 · 12.4 kWh to go");
    assert.equal(text(plan, "en", BERLIN, new Date("2030-01-13T12:00:00Z")), "Leaves Wed, Jan 16, 07:30 · 12.4 kWh to go");
    // The user's 12-hour choice, and another zone (the same moment is 01:30 in New York).
    assert.equal(text(plan, "en", { timeZone: "Europe/Berlin", hour12: true }), "Leaves tomorrow 07:30 AM · 12.4 kWh to go");
    assert.equal(text(plan, "en", { timeZone: "America/New_York", hour12: false }), "Leaves tomorrow 01:30 · 12.4 kWh to go");
  });

  test("little or unknown energy to go", () => {
    const today = new Date("2030-01-16T05:00:00Z");
    assert.equal(text(model.planOf({ ...PLAN, energy_to_go_kwh: 0 }), "en", BERLIN, today), "Leaves 07:30 · charged");
    assert.equal(text(model.planOf({ ...PLAN, energy_to_go_kwh: 0.4 }), "en", BERLIN, today), "Leaves 07:30 · 0.4 kWh to go");
    assert.equal(text(model.planOf({ departure: PLAN.departure }), "en", BERLIN, today), "Leaves 07:30");
  });

  test("German, French and Dutch, with their number and date formats", () => {
    const plan = model.planOf(PLAN);
    assert.equal(text(plan, "de"), "Abfahrt morgen 07:30 · noch 12,4 kWh");
    assert.equal(text(plan, "de-CH", BERLIN, new Date("2030-01-16T05:00:00Z")), "Abfahrt 07:30 · noch 12.4 kWh");
    assert.equal(text(plan, "fr"), "Départ demain 07:30 · encore 12,4 kWh");
    assert.equal(text(plan, "nl", BERLIN, new Date("2030-01-13T12:00:00Z")), "Vertrek wo 16 jan, 07:30 · nog 12,4 kWh");
    assert.equal(text(model.planOf({ ...PLAN, energy_to_go_kwh: 0 }), "de"), "Abfahrt morgen 07:30 · geladen");
    for (const lang of ["en", "de", "fr", "nl"]) {
      const localize = i18n.localizer(lang);
      assert.ok(localize("plan.at_risk").length > 3, lang);
      assert.ok(localize("plan.at_risk_hint").length > localize("plan.at_risk").length, lang);
    }
    assert.deepEqual(
      ["en", "de", "fr", "nl"].map((lang) => i18n.localizer(lang)("plan.at_risk")),
      ["Plan at risk", "Plan gefährdet", "Plan compromis", "Plan in gevaar"],
    );
  });

  test("the user's clock: the server's zone only when the profile asks for it", () => {
    const hass = (locale) => ({ locale, config: { time_zone: "Europe/Amsterdam" } });
    assert.deepEqual(format.clockOf(hass({ time_zone: "server", time_format: "24" })), { timeZone: "Europe/Amsterdam", hour12: false });
    assert.deepEqual(format.clockOf(hass({ time_zone: "local", time_format: "12" })), { timeZone: undefined, hour12: true });
    assert.deepEqual(format.clockOf(hass(undefined)), { timeZone: undefined, hour12: undefined });
  });

  test("an unknown zone or language still gives a time, never an exception", () => {
    const plan = model.planOf(PLAN);
    assert.match(text(plan, "en", { timeZone: "Not/AZone" }), /^Leaves .*\d\d:30.* · 12\.4 kWh to go$/);
    assert.equal(text(plan, "qq-!!"), "Leaves Wed, Jan 16, 07:30 · 12.4 kWh to go");
    assert.equal(format.formatWhen("not a date", "en"), null);
  });
});
