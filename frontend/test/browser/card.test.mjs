// The main card, from the committed bundle in headless Chromium with a fake `hass`: what the
// user sees and what the buttons do. Screenshots go to out/screenshots/ (gitignored).
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { ENTRY, LOADS, OTHER_ENTRY, SITE } from "../fixtures/house.mjs";
import { CARD, calls, clear, contrastOf, mount, openPage, positionIn, SHOTS, skip, texts, TIMELINE, useBrowser } from "../helpers/page.mjs";

useBrowser();

describe("capacity-manager-card in Chromium", { skip: skip ?? false }, () => {
  test("cards are defined only once home-assistant is, and are in the card picker", async () => {
    const page = await openPage({ ha: false });
    assert.equal(await page.evaluate(() => !!customElements.get("capacity-manager-card")), false);
    const picker = await page.evaluate(() => window.customCards.map((c) => [c.type, c.preview]));
    assert.deepEqual(picker, [
      [CARD, true],
      [TIMELINE, true],
    ]);
    await page.evaluate(() => customElements.define("home-assistant", class extends HTMLElement {}));
    await page.waitForFunction(() => customElements.get("capacity-manager-timeline-card-editor"));
    const stub = await page.evaluate(async () => {
      const card = customElements.get("capacity-manager-card");
      return card.getStubConfig(window.fake.makeHass());
    });
    assert.equal(stub.type, `custom:${CARD}`);
    assert.ok([ENTRY, OTHER_ENTRY].includes(stub.entry_id));
    await page.close();
  });

  test("site power against the limit, with the marks where the thresholds are", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    const card = page.locator(CARD);
    assert.equal(await card.locator(".title").textContent(), "Home panel");
    assert.equal(await card.locator("[data-role=site-status]").getAttribute("data-status"), "shedding");
    assert.equal((await card.locator("[data-role=site-status]").textContent()).trim(), "Shedding");
    assert.equal(await card.locator("[data-value=site-power]").textContent(), "6.9 kW");
    assert.equal(await card.locator("[data-value=limit]").textContent(), "of 7.2 kW limit");
    assert.match(await card.locator(".headroom").textContent(), /300 W headroom/);

    const at = {};
    for (const mark of ["restore", "target", "shed", "limit"]) {
      at[mark] = await positionIn(page, `[data-mark=${mark}]`, ".gauge");
    }
    assert.ok(at.restore < at.target && at.target < at.shed && at.shed < at.limit, JSON.stringify(at));
    // Positions are proportional to watts: compare ratios, whatever the gauge's full scale.
    const close = (a, b) => Math.abs(a - b) < 0.01;
    assert.ok(close(at.shed / at.limit, SITE.shedW / SITE.limitW), JSON.stringify(at));
    assert.ok(close(at.restore / at.limit, SITE.restoreW / SITE.limitW), JSON.stringify(at));
    const fillEnd = await page.evaluate(() => {
      const root = document.querySelector("capacity-manager-card").shadowRoot;
      const gauge = root.querySelector(".gauge").getBoundingClientRect();
      const fill = root.querySelector(".fill").getBoundingClientRect();
      return [(fill.right - gauge.left) / gauge.width, root.querySelector(".fill").className];
    });
    assert.ok(close(fillEnd[0] / at.limit, SITE.powerW / SITE.limitW), JSON.stringify(fillEnd));
    assert.match(fillEnd[1], /zone-over/); // above the shed threshold

    const phases = await texts(card.locator(".phase"));
    assert.equal(phases.length, SITE.phaseCurrentsA.length);
    assert.match(phases[0], /L1 14\.2 A \/ 16\.0 A/);
    await page.screenshot({ path: join(SHOTS, "card-desktop.png"), fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("the ladder shows every load in priority order with its status and power", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    const rows = page.locator(`${CARD} .load`);
    const sorted = [...LOADS].sort((a, b) => a.priority - b.priority);
    assert.deepEqual(await texts(rows.locator(".load-name")), sorted.map((l) => l.name));
    assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.status)), sorted.map((l) => l.status));
    assert.deepEqual(await texts(rows.locator(".prio")), sorted.map((l) => String(l.priority)));

    const row = (name) => rows.filter({ hasText: name });
    assert.equal((await row("EV charger").locator("[data-role=status]").textContent()).trim(), "Modulated at 8 A");
    assert.equal(await row("EV charger").locator("[data-role=power]").textContent(), "1.8 kW");
    assert.equal((await row("Water heater").locator("[data-role=status]").textContent()).trim(), "Shed");
    assert.equal(await row("Water heater").locator(".reason").textContent(), "over the limit");
    assert.equal((await row("Dryer").locator("[data-role=status]").textContent()).trim(), "Manual override");
    assert.equal((await row("Garage fridge").locator("[data-role=status]").textContent()).trim(), "Unavailable");
    assert.equal(await row("Garage fridge").locator("[data-role=power]").textContent(), "—");
    assert.equal((await row("Heat pump").locator("[data-role=status]").textContent()).trim(), "Never shed");
    assert.equal(await row("Pool pump").locator(".reason").count(), 0); // running: no reason shown

    await page.evaluate(() => {
      window.opened = [];
      document.addEventListener("hass-more-info", (ev) => window.opened.push(ev.detail.entityId));
    });
    await row("Pool pump").click();
    await row("Dryer").focus();
    await page.keyboard.press("Enter");
    assert.deepEqual(await page.evaluate(() => window.opened), ["sensor.pool_pump_status", "sensor.dryer_status"]);
    await page.close();
  });

  test("a load modulated in watts shows its setpoint in W (kW from 1000 W), localized", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    const status = page.locator(`${CARD} .load`).filter({ hasText: "Water heater" }).locator("[data-role=status]");
    // The attributes sensor.py's load_status publishes for a number setpoint in W.
    const modulate = (setpoint, language = "en") =>
      page.evaluate(
        async ([value, lang]) => {
          const el = document.querySelector("capacity-manager-card");
          const hass = window.fake.withState(el.hass, "sensor.water_heater_status", "modulated", {
            reason: "over_limit",
            priority: 5,
            power_w: value - 20,
            setpoint: value,
            setpoint_unit: "W",
            expected_power_w: value,
            shed_since: new Date().toISOString(),
          });
          el.hass = { ...hass, language: lang, locale: { ...hass.locale, language: lang } };
          await el.updateComplete;
        },
        [setpoint, language],
      );
    await modulate(900);
    const row = page.locator(`${CARD} .load`).filter({ hasText: "Water heater" });
    assert.equal(await row.getAttribute("data-status"), "modulated");
    assert.equal((await status.textContent()).trim(), "Modulated at 900 W");
    assert.equal(await row.locator("[data-role=power]").textContent(), "880 W");
    assert.equal(await row.locator(".reason").textContent(), "over the limit");
    await modulate(2300);
    assert.equal((await status.textContent()).trim(), "Modulated at 2.3 kW");
    await modulate(2300, "de");
    assert.equal((await status.textContent()).trim(), "Gedrosselt auf 2,3 kW");
    await modulate(750, "fr");
    assert.equal((await status.textContent()).trim(), "Modulée à 750 W");
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("a charger's plan: when the car leaves, the energy to go and a badge while at risk", async () => {
    const page = await openPage();
    // The evening before a 07:30 departure on a Berlin clock (21:00 CET).
    await page.clock.setFixedTime(new Date("2030-01-15T20:00:00Z"));
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    const card = page.locator(CARD);
    const ev = card.locator(".load").filter({ hasText: "EV charger" });
    assert.equal(await card.locator("[data-role=plan]").count(), 0); // no plan, no line

    // What sensor_load.py adds to a charger's status attributes; the user's profile asks for
    // the server's zone and a 24-hour clock.
    const setPlan = (plan, language = "en") =>
      page.evaluate(
        async ([plan, lang]) => {
          const el = document.querySelector("capacity-manager-card");
          const id = "sensor.ev_charger_status";
          const { departure, energy_to_go_kwh, plan_at_risk, ...rest } = el.hass.states[id].attributes;
          const hass = window.fake.withState(el.hass, id, "modulated", plan ? { ...rest, ...plan } : rest);
          el.hass = {
            ...hass,
            language: lang,
            locale: { language: lang, time_zone: "server", time_format: "24" },
            config: { time_zone: "Europe/Berlin" },
          };
          await el.updateComplete;
        },
        [plan, language],
      );
    const plan = { departure: "2030-01-16T06:30:00+00:00", energy_to_go_kwh: 12.43, plan_at_risk: false };
    await setPlan(plan);
    assert.equal((await ev.locator("[data-role=plan]").textContent()).replace(/\s+/g, " ").trim(), "Leaves tomorrow 07:30 · 12.4 kWh to go");
    assert.equal(await ev.locator("[data-role=plan-risk]").count(), 0);
    assert.equal(await card.locator("[data-role=plan]").count(), 1); // only the charger's row
    assert.equal((await ev.locator("[data-role=status]").textContent()).trim(), "Modulated at 8 A"); // the rest as before

    await setPlan({ ...plan, plan_at_risk: true });
    const badge = ev.locator("[data-role=plan-risk]");
    assert.equal((await badge.textContent()).trim(), "Plan at risk");
    assert.match(await badge.getAttribute("title"), /departure/);
    assert.ok(await badge.isVisible());
    assert.equal(await ev.locator(".plan-text").textContent(), "Leaves tomorrow 07:30 · 12.4 kWh to go");
    // Screen readers hear the words: the row's text says it, the icon is hidden.
    assert.match((await ev.textContent()).replace(/\s+/g, " "), /EV charger over the limit Plan at risk Leaves tomorrow 07:30/);
    assert.equal(await badge.locator("svg").getAttribute("aria-hidden"), "true");

    // The badge's words against its tinted background, and that it is the warning colour.
    const contrast = () => contrastOf(page, "[data-role=plan-risk]");
    const light = await contrast();
    assert.ok(light.ratio >= 4.5, JSON.stringify(light));
    assert.ok(light.back[0] > light.back[2] + 20, JSON.stringify(light)); // tinted orange, not grey
    await page.screenshot({ path: join(SHOTS, "card-plan-at-risk.png"), fullPage: true });
    await page.evaluate(() => (document.body.className = "dark"));
    const dark = await contrast();
    assert.ok(dark.ratio >= 4.5, JSON.stringify(dark));
    await page.screenshot({ path: join(SHOTS, "card-plan-at-risk-dark.png"), fullPage: true });
    await page.evaluate(() => (document.body.className = "light"));

    await setPlan({ ...plan, plan_at_risk: true }, "de");
    assert.equal((await badge.textContent()).trim(), "Plan gefährdet");
    assert.equal(await ev.locator(".plan-text").textContent(), "Abfahrt morgen 07:30 · noch 12,4 kWh");
    await setPlan({ ...plan, plan_at_risk: true }, "fr");
    assert.equal((await badge.textContent()).trim(), "Plan compromis");
    assert.equal(await ev.locator(".plan-text").textContent(), "Départ demain 07:30 · encore 12,4 kWh");

    // At phone width the plan gets its own line under the chip, and nothing overflows.
    await page.setViewportSize({ width: 360, height: 900 });
    await setPlan({ ...plan, departure: "2030-01-18T06:30:00+00:00", plan_at_risk: true }, "nl");
    assert.equal(await ev.locator(".plan-text").textContent(), "Vertrek vr 18 jan, 07:30 · nog 12,4 kWh");
    const layout = await page.evaluate(() => {
      const root = document.querySelector("capacity-manager-card").shadowRoot;
      const row = [...root.querySelectorAll(".load")].find((r) => r.textContent.includes("EV charger"));
      const box = (sel) => row.querySelector(sel).getBoundingClientRect();
      const card = root.querySelector("ha-card").getBoundingClientRect();
      return {
        below: box("[data-role=plan]").top >= box("[data-role=status]").bottom - 1,
        inside: [...row.querySelectorAll("*")].every((el) => el.getBoundingClientRect().right <= card.right + 0.5),
      };
    });
    assert.deepEqual(layout, { below: true, inside: true });
    await page.screenshot({ path: join(SHOTS, "card-plan-phone.png"), fullPage: true });

    await setPlan(null); // the plan ended: its line goes
    assert.equal(await card.locator("[data-role=plan]").count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("every status chip and badge reads at 4.5:1 or more (WCAG AA), light and dark, in its own colour", async (t) => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    // A state (and attributes on top of the current ones) for one entity of the fixture house.
    const set = (entityId, value, attrs = {}) =>
      page.evaluate(
        async ([id, value, attrs]) => {
          const el = document.querySelector("capacity-manager-card");
          const old = el.hass.states[id];
          el.hass = window.fake.withState(el.hass, id, value ?? old.state, { ...old.attributes, ...attrs });
          await el.updateComplete;
        },
        [entityId, value, attrs],
      );
    const LIMIT = "sensor.home_panel_effective_limit";
    const LOAD = "sensor.water_heater_status";
    const loadChip = `.load[data-entity="${LOAD}"] [data-role=status]`;
    const PLAN = { departure: "2030-01-16T06:30:00+00:00", energy_to_go_kwh: 12.4, plan_at_risk: true };
    // Every variant the card can render, with the hue its words must keep: [r, g, b] => bool.
    const orange = ([r, g, b]) => r > g && g > b + 20;
    const red = ([r, g, b]) => r > g + 40 && r > b + 40;
    const green = ([r, g, b]) => g > r + 20 && g > b;
    const blue = ([r, g, b]) => b > r + 40;
    const grey = () => true;
    const tones = { ok: green, over: red, near: orange, info: blue, muted: grey };
    const variants = [];
    const site = { normal: "ok", shedding: "over", failsafe: "over", restoring: "near", limiting_export: "near", monitor: "info", off: "muted", unknown: "muted" };
    for (const [status, tone] of Object.entries(site)) {
      variants.push([`site ${status}`, () => set("sensor.home_panel_status", status), "[data-role=site-status]", tones[tone]]);
    }
    const load = { on: "ok", shed: "over", modulated: "near", override: "info", never_shed: "info", off: "muted", unavailable: "muted", unknown: "muted" };
    for (const [status, tone] of Object.entries(load)) {
      variants.push([`load ${status}`, () => set(LOAD, status), loadChip, tones[tone]]);
    }
    for (const source of ["continuous", "grid", "override", "window"]) {
      variants.push([`limit source ${source}`, () => set(LIMIT, null, { limit_source: source }), "[data-value=limit-source]", blue]);
    }
    variants.push(["flow import", () => set("sensor.home_panel_site_power", "6900"), "[data-value=flow]", grey]);
    variants.push(["flow export", () => set("sensor.home_panel_site_power", "-2500"), "[data-value=flow]", green]);
    variants.push(["plan at risk", () => set("sensor.ev_charger_status", null, PLAN), "[data-role=plan-risk]", orange]);

    const failures = [];
    for (const theme of ["light", "dark"]) {
      await page.evaluate((theme) => (document.body.className = theme), theme);
      for (const [name, apply, selector, hue] of variants) {
        await apply();
        const { ratio, back, text } = await contrastOf(page, selector);
        t.diagnostic(`${theme} ${name}: ${ratio.toFixed(2)}:1 (text rgb(${text}) on rgb(${back}))`);
        if (ratio < 4.5) failures.push(`${theme} ${name}: ${ratio.toFixed(2)}:1, text rgb(${text}) on rgb(${back})`);
        if (!hue(text)) failures.push(`${theme} ${name}: text rgb(${text}) lost its colour`);
      }
    }
    assert.deepEqual(failures, []);
    // The status chips still show the status's pure colour in their dot.
    await set("sensor.home_panel_status", "restoring");
    const dot = await page.evaluate(() => {
      const chip = document.querySelector("capacity-manager-card").shadowRoot.querySelector("[data-role=site-status]");
      return getComputedStyle(chip, "::before").backgroundColor;
    });
    assert.equal(dot, "rgb(255, 166, 0)"); // --warning-color's default, #ffa600
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("mode buttons and restore all call the right services", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    const card = page.locator(CARD);
    assert.equal(await card.locator(".mode[aria-pressed=true]").getAttribute("data-option"), "active");
    await card.locator(".mode[data-option=monitor]").click();
    await card.locator(".mode[data-option=active]").click(); // already active: nothing to do
    await card.locator(".restore").click();
    assert.deepEqual(await calls(page), [
      { domain: "select", service: "select_option", data: { entity_id: "select.home_panel_mode", option: "monitor" } },
      { domain: "button", service: "press", data: { entity_id: "button.home_panel_restore_all" } },
    ]);

    // HA confirms the new mode with a state change; nothing held means nothing to restore.
    await page.evaluate(async () => {
      let hass = window.fake.withState(window.hass, "select.home_panel_mode", "monitor");
      for (const id of Object.keys(hass.states).filter((id) => id.endsWith("_status") && id.startsWith("sensor.") && id !== "sensor.home_panel_status")) {
        hass = window.fake.withState(hass, id, "on");
      }
      const el = document.querySelector("capacity-manager-card");
      el.hass = hass;
      await el.updateComplete;
    });
    assert.equal(await card.locator(".mode[aria-pressed=true]").getAttribute("data-option"), "monitor");
    assert.equal(await card.locator(".restore").isDisabled(), true);

    await page.evaluate(async () => {
      const el = document.querySelector("capacity-manager-card");
      el.hass = window.fake.withState(el.hass, "select.home_panel_mode", "unavailable");
      await el.updateComplete;
    });
    assert.equal(await card.locator(".mode:not([disabled])").count(), 0);
    await page.close();
  });

  test("the card follows state changes, other entries, missing ones and the user's language", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY, show_loads: false, show_controls: false });
    const card = page.locator(CARD);
    assert.equal(await card.locator(".load").count(), 0);
    assert.equal(await card.locator(".controls").count(), 0);
    await page.evaluate(async () => {
      const el = document.querySelector("capacity-manager-card");
      el.hass = window.fake.withState(el.hass, "sensor.home_panel_site_power", "5000", { unit_of_measurement: "W" });
      await el.updateComplete;
    });
    assert.equal(await card.locator("[data-value=site-power]").textContent(), "5.0 kW");
    assert.match(await card.locator(".fill").getAttribute("class"), /zone-ok/);
    assert.equal(await card.locator(".phase").count(), 0); // no phase currents any more
    assert.equal(await card.locator("[data-value=limit-source]").count(), 0); // the panel's own
    await page.evaluate(async () => {
      const el = document.querySelector("capacity-manager-card");
      const limit = el.hass.states["sensor.home_panel_effective_limit"];
      el.hass = window.fake.withState(el.hass, limit.entity_id, "5700", { ...limit.attributes, limit_source: "grid" });
      await el.updateComplete;
    });
    assert.equal(await card.locator("[data-value=limit]").textContent(), "of 5.7 kW limit");
    assert.equal(await card.locator("[data-value=limit-source]").textContent(), "grid limit");

    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: OTHER_ENTRY });
    assert.equal(await card.locator(".title").textContent(), "Garage sub-panel");
    assert.equal(await card.locator("[data-value=site-power]").textContent(), "3.2 kW");
    assert.equal(await card.locator("[data-value=limit]").textContent(), "of 5.5 kW limit");
    assert.deepEqual(await texts(card.locator(".load-name")), ["Workshop heater"]);

    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: "gone" });
    assert.match(await card.locator("[data-role=error]").textContent(), /No Capacity Manager found/);

    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY }, { language: "de" });
    assert.equal((await card.locator("[data-role=site-status]").textContent()).trim(), "Lastabwurf");
    assert.equal(await card.locator("[data-value=limit]").textContent(), "von 7,2 kW Limit");
    const ev = card.locator(".load").filter({ hasText: "EV charger" });
    assert.equal((await ev.locator("[data-role=status]").textContent()).trim(), "Gedrosselt auf 8 A");

    const bad = await page.evaluate(() => {
      try {
        document.createElement("capacity-manager-card").setConfig({ type: "x", entry_id: 5 });
        return null;
      } catch (err) {
        return err.message;
      }
    });
    assert.match(bad, /entry_id must be text/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
