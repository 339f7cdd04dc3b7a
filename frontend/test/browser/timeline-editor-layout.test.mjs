// The timeline card, both editors, phone width and a dark theme, from the committed bundle in
// headless Chromium with a fake `hass`. Screenshots go to out/screenshots/ (gitignored).
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { ENTRY, expectedEvents, LOADS } from "../fixtures/house.mjs";
import { CARD, clear, messages, mount, openPage, SHOTS, skip, TIMELINE, useBrowser } from "../helpers/page.mjs";

useBrowser();

describe("timeline, editors and layout in Chromium", { skip: skip ?? false }, () => {
  test("the timeline draws a day of power and limit with shed and restore marks", async () => {
    const page = await openPage();
    await mount(page, TIMELINE, { type: `custom:${TIMELINE}`, entry_id: ENTRY });
    const card = page.locator(TIMELINE);
    await card.locator("path[data-series=power]").waitFor();

    const sent = await messages(page);
    const history = sent.find((m) => m.type === "history/history_during_period");
    const logbook = sent.find((m) => m.type === "logbook/get_events");
    const statusIds = LOADS.map((l) => `sensor.${l.key}_status`).sort();
    assert.deepEqual([...history.entity_ids].sort(), ["sensor.home_panel_effective_limit", "sensor.home_panel_site_power", ...statusIds].sort());
    assert.equal(Date.parse(history.end_time) - Date.parse(history.start_time), 24 * 3600_000);
    assert.deepEqual([...logbook.entity_ids].sort(), statusIds);

    const expected = expectedEvents();
    assert.equal(await card.locator("g.event[data-kind=shed]").count(), expected.shed);
    assert.equal(await card.locator("g.event[data-kind=restore]").count(), expected.restore);
    const powerPath = await card.locator("path[data-series=power]").getAttribute("d");
    assert.equal(powerPath.match(/M/g).length, 2); // the fixture's 20-minute gap
    assert.ok((await card.locator("path[data-series=limit]").getAttribute("d")).length > 10);
    assert.ok((await card.locator("text.xlabel").count()) >= 3);

    const svg = await card.locator("svg").boundingBox();
    await page.mouse.move(svg.x + svg.width * 0.6, svg.y + svg.height / 2);
    assert.match(await card.locator(".readout").textContent(), /Site power: .*W[\s\S]*Limit: .*kW/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, "timeline-desktop.png"), fullPage: true });

    await clear(page);
    await mount(page, TIMELINE, { type: `custom:${TIMELINE}`, entry_id: ENTRY, hours_to_show: 6 });
    await card.locator("path[data-series=power]").waitFor();
    const six = (await messages(page)).find((m) => m.type === "history/history_during_period");
    assert.equal(Date.parse(six.end_time) - Date.parse(six.start_time), 6 * 3600_000);

    // A load shed and given back while the card is open is marked at once, not at the next load.
    const live = async (state) => {
      await page.evaluate(async (state) => {
        const el = document.querySelector("capacity-manager-timeline-card");
        el.hass = window.fake.withState(el.hass, "sensor.pool_pump_status", state);
        await el.updateComplete;
      }, state);
      return {
        shed: await card.locator("g.event[data-kind=shed][data-entity='sensor.pool_pump_status']").count(),
        restore: await card.locator("g.event[data-kind=restore][data-entity='sensor.pool_pump_status']").count(),
      };
    };
    const before = { shed: 1, restore: 1 }; // the fixture's pool pump: shed 5 h ago, back 4.5 h ago
    assert.deepEqual(await live("on"), before); // unchanged state: no mark
    assert.deepEqual(await live("shed"), { shed: 2, restore: 1 });
    assert.deepEqual(await live("unavailable"), { shed: 2, restore: 1 });
    assert.deepEqual(await live("on"), { shed: 2, restore: 2 });
    assert.equal((await messages(page)).filter((m) => m.type === "logbook/get_events").length, 1);

    // No export: the axis starts at 0.
    const labels = await card.locator("text.ylabel").allTextContents();
    assert.equal(labels[0], "0 kW");
    assert.equal(await card.locator("line.grid.zero").count(), 0);

    // A site with PV exports around noon: the axis goes below 0 and the line follows.
    await clear(page);
    await mount(page, TIMELINE, { type: `custom:${TIMELINE}`, entry_id: ENTRY }, { exportW: 6000 });
    await card.locator("path[data-series=power]").waitFor();
    const exportLabels = await card.locator("text.ylabel").allTextContents();
    assert.match(exportLabels[0], /^[-−]\d/, `${exportLabels}`);
    assert.ok(exportLabels.includes("0 kW"), `${exportLabels}`);
    const zero = Number(await card.locator("line.grid.zero").getAttribute("y1"));
    const lowest = Math.max(...(await card.locator("path[data-series=power]").getAttribute("d")).match(/-?[\d.]+(?=[LMVHZ]|$)/g).map(Number));
    assert.ok(lowest > zero + 10, `the line reaches ${lowest}, below the zero line at ${zero}`);
    await page.screenshot({ path: join(SHOTS, "timeline-export.png"), fullPage: true });

    await clear(page);
    await mount(page, TIMELINE, { type: `custom:${TIMELINE}`, entry_id: ENTRY }, { failHistory: true });
    await card.locator("[data-role=error]").waitFor();
    assert.match(await card.locator("[data-role=error]").textContent(), /could not be loaded/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("before the first recorded state the lines go on from hourly statistics", async () => {
    const page = await openPage();
    const card = page.locator(TIMELINE);
    await mount(page, TIMELINE, { type: `custom:${TIMELINE}`, entry_id: ENTRY }, { recordedHours: 3 });
    await card.locator("path[data-series=power]").waitFor();
    const asked = (await messages(page)).find((m) => m.type === "recorder/statistics_during_period");
    assert.deepEqual(
      { ids: [...asked.statistic_ids].sort(), period: asked.period, types: asked.types, units: asked.units },
      { ids: ["sensor.home_panel_effective_limit", "sensor.home_panel_site_power"], period: "hour", types: ["mean"], units: { power: "W" } },
    );
    assert.equal(new Date(asked.start_time).getUTCMinutes(), 0); // the whole first hour
    // Drawn from the left edge of the plot (21 h of means, then 3 h of states), not from 3 h ago.
    const left = Number(await card.locator("line.grid").first().getAttribute("x1"));
    const right = Number(await card.locator("line.grid").first().getAttribute("x2"));
    for (const series of ["power", "limit"]) {
      const startX = Number((await card.locator(`path[data-series=${series}]`).getAttribute("d")).match(/^M([\d.]+)/)[1]);
      assert.ok(startX < left + (right - left) * 0.06, `${series} starts at ${startX} (plot ${left}…${right})`);
    }
    assert.deepEqual(page.errors, []);
    await page.screenshot({ path: join(SHOTS, "timeline-statistics.png"), fullPage: true });
    await page.close();
  });

  test("the editors render an ha-form and report changes as config-changed", async () => {
    const page = await openPage();
    await page.evaluate(() => {
      // Stand-in for HA's ha-form: shows the labels it is given.
      customElements.define(
        "ha-form",
        class extends HTMLElement {
          set schema(schema) {
            this._schema = schema;
            // Like the real one, it renders after all properties are set.
            queueMicrotask(() => {
              this.innerHTML = schema.map((s) => `<p data-name="${s.name}">${this.computeLabel(s)}</p>`).join("");
            });
          }
          get schema() {
            return this._schema;
          }
        },
      );
    });
    await mount(page, "capacity-manager-card-editor", { type: `custom:${CARD}`, entry_id: ENTRY, show_phases: false });
    const form = page.locator("capacity-manager-card-editor ha-form");
    const schema = await form.evaluate((el) => ({ names: el.schema.map((s) => s.name), data: el.data }));
    assert.deepEqual(schema.names, [
      "entry_id",
      "device_id",
      "title",
      "show_phases",
      "show_loads",
      "show_controls",
      "show_what_if",
      "show_sizing",
    ]);
    assert.equal(schema.data.show_phases, false);
    assert.equal(schema.data.show_loads, true); // defaults shown as on
    assert.equal(schema.data.show_what_if, true);
    assert.equal(await form.locator("[data-name=show_phases]").textContent(), "Show phase bars");
    assert.equal(await form.locator("[data-name=show_sizing]").textContent(), "Show the panel sizing report");

    const changed = await page.evaluate(() => {
      const editor = document.querySelector("capacity-manager-card-editor");
      const form = editor.shadowRoot.querySelector("ha-form");
      let config = null;
      editor.addEventListener("config-changed", (ev) => (config = ev.detail.config));
      const value = { ...form.data, show_phases: true, show_what_if: false, title: "Panel" };
      form.dispatchEvent(new CustomEvent("value-changed", { detail: { value } }));
      return config;
    });
    // Defaults dropped; a section switched off is kept.
    assert.deepEqual(changed, { type: `custom:${CARD}`, entry_id: ENTRY, title: "Panel", show_what_if: false });
    await page.screenshot({ path: join(SHOTS, "editor.png") });

    await clear(page);
    await mount(page, "capacity-manager-timeline-card-editor", { type: `custom:${TIMELINE}`, entry_id: ENTRY });
    const names = await page.locator("capacity-manager-timeline-card-editor ha-form").evaluate((el) => el.schema.map((s) => s.name));
    assert.deepEqual(names, ["entry_id", "device_id", "title", "hours_to_show"]);
    await page.close();
  });

  test("at phone width nothing overflows sideways", async () => {
    const page = await openPage({ width: 375 });
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    await mount(page, TIMELINE, { type: `custom:${TIMELINE}`, entry_id: ENTRY });
    await page.locator(`${TIMELINE} path[data-series=power]`).waitFor();
    await page.waitForTimeout(100); // the timeline's resize observer redraws at its real width
    const overflow = await page.evaluate(() => {
      const bad = [];
      for (const tag of ["capacity-manager-card", "capacity-manager-timeline-card"]) {
        const host = document.querySelector(tag);
        const card = host.shadowRoot.querySelector("ha-card");
        const edge = card.getBoundingClientRect().right;
        if (card.scrollWidth > card.clientWidth) bad.push(`${tag} scrolls: ${card.scrollWidth} > ${card.clientWidth}`);
        for (const el of card.querySelectorAll("*")) {
          const right = el.getBoundingClientRect().right;
          if (right > edge + 0.5) bad.push(`${tag} ${el.tagName}.${el.getAttribute("class")} ends at ${right} > ${edge}`);
        }
      }
      return { bad, page: document.documentElement.scrollWidth };
    });
    assert.deepEqual(overflow.bad, []);
    assert.ok(overflow.page <= 375, `page is ${overflow.page} px wide`);
    await page.screenshot({ path: join(SHOTS, "cards-phone.png"), fullPage: true });
    await page.close();
  });

  test("a dark theme's variables colour the cards", async () => {
    const page = await openPage({ dark: true });
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    await mount(page, TIMELINE, { type: `custom:${TIMELINE}`, entry_id: ENTRY });
    await page.locator(`${TIMELINE} path[data-series=power]`).waitFor();
    const colours = await page.evaluate(() => {
      const root = document.querySelector("capacity-manager-card").shadowRoot;
      const style = (sel, prop) => getComputedStyle(root.querySelector(sel))[prop];
      return {
        background: style("ha-card", "backgroundColor"),
        title: style(".title", "color"),
        muted: style("[data-value=limit]", "color"),
      };
    });
    assert.deepEqual(colours, { background: "rgb(28, 28, 28)", title: "rgb(225, 225, 225)", muted: "rgb(155, 155, 155)" });
    await page.screenshot({ path: join(SHOTS, "cards-dark.png"), fullPage: true });
    await page.close();
  });
});
