// The main card, from the committed bundle in headless Chromium with a fake `hass`: what the
// user sees and what the buttons do. Screenshots go to out/screenshots/ (gitignored).
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { ENTRY, LOADS, OTHER_ENTRY, SITE } from "../fixtures/house.mjs";
import { CARD, calls, clear, mount, openPage, positionIn, SHOTS, skip, texts, TIMELINE, useBrowser } from "../helpers/page.mjs";

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
