// The timeline's data handling, translations and number formats.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import { expectedEvents, historyAnswer, LOADS, logbookAnswer } from "../fixtures/house.mjs";
import { loadTs } from "../helpers/load-ts.mjs";

let tl;
let geo;
let i18n;
let format;
before(async () => {
  tl = await loadTs("timeline-data");
  geo = await loadTs("timeline-geometry");
  i18n = await loadTs("i18n");
  format = await loadTs("format");
});

const HOUR = 3600_000;
const end = Date.parse("2025-06-01T12:00:00Z");
const period = { start_time: new Date(end - 24 * HOUR).toISOString(), end_time: new Date(end).toISOString() };
const statusIds = LOADS.map((l) => `sensor.${l.key}_status`);
const names = new Map(LOADS.map((l) => [`sensor.${l.key}_status`, l.name]));

describe("timeline data", () => {
  test("history rows in both formats become points in watts; unavailable is a gap", () => {
    const compressed = tl.seriesFrom([{ s: "1.5", lu: 100 }, { s: "unavailable", lu: 160 }], 1000);
    assert.deepEqual(compressed, [{ t: 100_000, v: 1500 }, { t: 160_000, v: null }]);
    const long = tl.seriesFrom([{ state: "700", last_updated: "2025-06-01T10:00:00Z" }]);
    assert.deepEqual(long, [{ t: Date.parse("2025-06-01T10:00:00Z"), v: 700 }]);
    assert.deepEqual(tl.seriesFrom(undefined), []);
    assert.deepEqual(tl.seriesFrom([null, { s: "5" }, "x"]), []);
  });

  test("hourly statistics fill the window before the first recorded state, gaps kept", () => {
    const row = (h, mean) => ({ start: end - h * HOUR, end: end - (h - 1) * HOUR, mean });
    const states = [{ t: end - 2 * HOUR, v: 900 }];
    // Hours 6…3 ago, hour 4 ago missing; the hour the states start in is left out (it would
    // average those states over the time before them), as is anything after.
    const rows = [row(3, 500), row(6, 100), row(5, 200), row(1, 700), row(2, 600)];
    assert.deepEqual(tl.withStatistics(states, rows), [
      { t: end - 6 * HOUR, v: 100 },
      { t: end - 5 * HOUR, v: 200 },
      { t: end - 4 * HOUR, v: null },
      { t: end - 3 * HOUR, v: 500 },
      { t: end - 2 * HOUR, v: 900 },
    ]);
    // States from the start of the window: statistics are not used.
    assert.deepEqual(tl.withStatistics([{ t: end - 7 * HOUR, v: 1 }], rows), [{ t: end - 7 * HOUR, v: 1 }]);
    // No states at all: the means, then a gap after the last one; ISO times are read too.
    const iso = [{ start: new Date(end - 2 * HOUR).toISOString(), end: new Date(end - HOUR).toISOString(), mean: 5 }];
    assert.deepEqual(tl.withStatistics([], iso), [{ t: end - 2 * HOUR, v: 5 }, { t: end - HOUR, v: null }]);
    assert.deepEqual(tl.withStatistics(states, undefined), states);
    assert.deepEqual(tl.statisticsSeries([null, { mean: 3 }], end), []);
  });

  test("shed and restore events are found in the logbook of the load status sensors", () => {
    const history = historyAnswer({ ...period, entity_ids: statusIds });
    const events = tl.eventsFrom(logbookAnswer({ ...period, entity_ids: statusIds }), names, tl.initialStates(history, statusIds));
    const expected = expectedEvents();
    assert.equal(events.filter((e) => e.kind === "shed").length, expected.shed);
    assert.equal(events.filter((e) => e.kind === "restore").length, expected.restore);
    assert.ok(events.every((e, i) => i === 0 || events[i - 1].t <= e.t));
    assert.ok(events.every((e) => names.get(e.entityId) === e.name));
  });

  test("turning on after the user's own off is not a restore; after a shed it is", () => {
    const id = "sensor.x_status";
    const entries = (...states) => states.map((state, i) => ({ when: 1000 + i, entity_id: id, state }));
    const kinds = (list, start) =>
      tl.eventsFrom(list, new Map([[id, "X"]]), new Map(start ? [[id, start]] : [])).map((e) => e.kind);
    assert.deepEqual(kinds(entries("off", "on")), []);
    assert.deepEqual(kinds(entries("on"), "shed"), ["restore"]); // shed before the window
    assert.deepEqual(kinds(entries("shed", "modulated", "on")), ["shed", "restore"]); // one hold
    assert.deepEqual(kinds(entries("shed", "override")), ["shed"]);
    // A reload (a load added) or a device dropping out is neither a shed nor a restore.
    assert.deepEqual(kinds(entries("modulated", "unavailable", "modulated", "unknown", "modulated")), ["shed"]);
    assert.deepEqual(kinds(entries("unavailable", "shed", "unavailable", "on")), ["shed", "restore"]);
    // A restored relay reads "off" until its device draws power: that is the restore.
    assert.deepEqual(kinds(entries("shed", "off", "on")), ["shed", "restore"]);
    assert.deepEqual(kinds([{ when: "bad", entity_id: id, state: "shed" }, { entity_id: "other", when: 1, state: "shed" }]), []);
  });

  test("step runs stop at gaps and are clipped to the window", () => {
    const points = [
      { t: 0, v: 100 },
      { t: 10, v: 200 },
      { t: 20, v: null },
      { t: 30, v: 300 },
    ];
    const runs = geo.stepRuns(points, 5, 40);
    assert.deepEqual(runs, [
      [{ t0: 5, t1: 10, v: 100 }, { t0: 10, t1: 20, v: 200 }],
      [{ t0: 30, t1: 40, v: 300 }],
    ]);
    const path = geo.linePath(runs, (t) => t, (v) => v);
    assert.equal(path.match(/M/g).length, 2);
    assert.ok(geo.areaPath(runs, (t) => t, (v) => v, 0).endsWith("Z"));
    const smooth = geo.linePath(runs, (t) => t, (v) => v, true);
    assert.equal(smooth, "M5.0,100.0L10.0,200.0L20.0,200.0M30.0,300.0L40.0,300.0");
    assert.equal(geo.areaPath(runs.slice(1), (t) => t, (v) => v, 0, true), "M30.0,0.0L30.0,300.0L40.0,300.0V0.0Z");
    assert.equal(tl.valueAt(points, 15), 200);
    assert.equal(tl.valueAt(points, -1), null);
  });

  test("downsampling keeps every peak and every gap, in far fewer points", () => {
    const points = [{ t: -5, v: 7 }, { t: -1, v: 3 }];
    for (let t = 0; t < 10_000; t += 1) points.push({ t, v: t === 4321 ? 9000 : 100 });
    points.push({ t: 6000.5, v: null });
    points.sort((a, b) => a.t - b.t);
    const small = geo.downsample(points, 0, 10_000, 100);
    assert.ok(small.length <= 102, `${small.length} points`);
    assert.equal(small[0].v, 3); // the value at the window's start, not the older one
    assert.equal(Math.max(...small.map((p) => p.v ?? 0)), 9000);
    assert.equal(tl.valueAt(small, 4321), 9000);
    const short = [{ t: 0, v: 1 }, { t: 1, v: null }];
    assert.equal(geo.downsample(short, 0, 10, 100), short); // already small: unchanged
  });

  test("the y axis reaches below 0 when the site exports, through a round 0", () => {
    for (const [max, min] of [[7200, -3100], [500, -9000], [0, -400], [43000, -12000]]) {
      const { min: bottom, max: top, ticks } = geo.yScale(max, min);
      assert.ok(bottom <= min && top >= max, `${min}..${max}: ${bottom}..${top}`);
      assert.equal(ticks[0], bottom);
      assert.equal(ticks[ticks.length - 1], top);
      assert.ok(ticks.includes(0), `${ticks}`);
      assert.ok(ticks.length >= 3 && ticks.length <= 7, `${min}..${max}: ${ticks}`);
    }
    assert.ok(!Object.is(geo.yScale(7200, 0).min, -0));
  });

  test("downsampling keeps an export peak as well as an import peak", () => {
    const points = [];
    for (let t = 0; t < 10_000; t += 1) points.push({ t, v: t === 2345 ? -6000 : t === 2350 ? 8000 : 300 });
    const small = geo.downsample(points, 0, 10_000, 100);
    assert.ok(small.length <= 202, `${small.length} points`);
    assert.equal(Math.min(...small.map((p) => p.v)), -6000);
    assert.equal(Math.max(...small.map((p) => p.v)), 8000);
    assert.ok(small.every((p, i) => i === 0 || small[i - 1].t < p.t)); // still in time order
    const bucket = small.filter((p) => p.t >= 2300 && p.t < 2400).map((p) => p.v);
    assert.deepEqual(bucket, [-6000, 8000]); // in the order they happened
  });

  test("the y axis is round, starts at 0 and covers the data", () => {
    for (const max of [0, 800, 7200, 11000, 43000]) {
      const { max: top, ticks } = geo.yScale(max);
      assert.equal(ticks[0], 0);
      assert.equal(ticks[ticks.length - 1], top);
      assert.ok(top >= max && ticks.length >= 2 && ticks.length <= 6, `${max}: ${ticks}`);
    }
  });

  test("a day gets hour ticks every 6 hours on whole hours of the chosen time zone", () => {
    const ticks = geo.timeTicks(end - 24 * HOUR, end, "UTC");
    assert.deepEqual(ticks.map((t) => new Date(t).getUTCHours()), [18, 0, 6]); // not 12:00, on the edges
    const kolkata = geo.timeTicks(end - 24 * HOUR, end, "Asia/Kolkata"); // UTC+5:30
    assert.ok(kolkata.length && kolkata.every((t) => new Date(t).getUTCMinutes() === 30));
    assert.ok(geo.timeTicks(end - 24 * HOUR, end, "Not/A_Zone").length > 0); // browser's clock
  });
});

describe("translations and formats", () => {
  test("a regional language falls back to its base language, then to English", () => {
    assert.equal(i18n.localizer("de-CH")("status.shedding"), "Lastabwurf");
    assert.equal(i18n.localizer("fr")("action.restore_all"), "Tout rétablir");
    assert.equal(i18n.localizer("xx")("status.shedding"), "Shedding");
    assert.equal(i18n.localizer(undefined)("load.modulated", { value: "8 A" }), "Modulated at 8 A");
  });

  test("every language translates every English string, with the same placeholders", () => {
    const en = i18n.LANGUAGES.en;
    for (const [language, table] of Object.entries(i18n.LANGUAGES)) {
      for (const key of Object.keys(en)) {
        assert.ok(table[key], `${language} lacks ${key}`);
        const vars = (text) => (text.match(/\{\w+\}/g) ?? []).sort().join();
        assert.equal(vars(table[key]), vars(en[key]), `${language} ${key} placeholders`);
      }
    }
  });

  test("values without a translation show readably instead of as a raw key", () => {
    const localize = i18n.localizer("en");
    assert.equal(i18n.localizeValue(localize, "load", "never_shed"), "Never shed");
    assert.equal(i18n.localizeValue(localize, "load", "warming_up"), "warming up");
  });

  test("powers in W below 1 kW, kW above, in the user's number format", () => {
    assert.equal(format.formatPower(850.4, "en"), "850 W");
    assert.equal(format.formatPower(7200, "en"), "7.2 kW");
    assert.equal(format.formatPower(7200, "de"), "7,2 kW");
    assert.equal(format.formatPower(null, "en"), "—");
    assert.equal(format.formatSetpoint(8, "A", "en"), "8 A");
    assert.equal(format.formatSetpoint(2500, "W", "en"), "2.5 kW");
    assert.equal(format.formatPower(1000, "not a language!"), "1.0 kW");
  });
});
