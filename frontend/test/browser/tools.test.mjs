// The main card's tool sections (what-if form, panel sizing) and import / export, from the
// committed bundle in headless Chromium with a fake `hass` that answers our services.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { ENTRY, LOADS } from "../fixtures/house.mjs";
import { CARD, clear, messages, mount, openPage, SHOTS, skip, texts, useBrowser } from "../helpers/page.mjs";

useBrowser();

const serviceCalls = async (page, service) =>
  (await messages(page)).filter((m) => m.type === "call_service" && m.service === service);

async function openSection(page, name) {
  await page.locator(`${CARD} details[data-section=${name}] > summary`).click();
}

describe("the card's what-if form and panel sizing in Chromium", { skip: skip ?? false }, () => {
  test("folded until opened; the editor's switches leave them out", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    const card = page.locator(CARD);
    assert.deepEqual(await texts(card.locator("details.tool > summary .section-title")), ["What if…", "Panel sizing"]);
    assert.equal(await card.locator("capacity-manager-what-if").count(), 0);
    assert.equal(await card.locator("capacity-manager-panel-sizing").count(), 0);
    assert.equal(await serviceCalls(page, "panel_sizing").then((c) => c.length), 0); // nothing runs unasked

    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY, show_what_if: false, show_sizing: false });
    assert.equal(await card.locator(".tools").count(), 0);
    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY, show_what_if: false });
    assert.deepEqual(await texts(card.locator("details.tool > summary .section-title")), ["Panel sizing"]);
    await page.close();
  });

  test("a run sends the period, the limit in W and the loads, shows progress, then the outcome", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    await openSection(page, "what-if");
    const form = page.locator(`${CARD} capacity-manager-what-if`);
    assert.equal(await form.locator("[data-role=limit-hint]").textContent(), "Empty: the current limit, 7.2 kW");
    // Every load of the ladder is a candidate, checked.
    assert.deepEqual((await texts(form.locator(".loads label"))).sort(), LOADS.map((l) => l.name).sort());

    await form.locator("select[name=unit]").selectOption("A");
    await form.locator("input[name=limit]").fill("32");
    // Three phases measured and no voltage from the integration: 230 V × 3, said as assumed.
    assert.equal(await form.locator("[data-role=limit-hint]").textContent(), "= 22.1 kW, assuming 690 V");
    await form.locator("select[name=unit]").selectOption("kW");
    await form.locator("input[name=limit]").fill("6");
    await form.locator("input[name=days]").fill("2");
    await form.locator("input[data-load='Pool pump']").uncheck();
    await form.locator("button[data-action=run]").click();
    await form.locator("[data-role=result]").waitFor();

    const [call] = await serviceCalls(page, "simulate");
    const data = call.service_data;
    assert.equal(call.return_response, true);
    assert.equal(data.config_entry_id, ENTRY);
    assert.equal(data.limit, 6000);
    assert.equal(Date.parse(data.end) - Date.parse(data.start), 2 * 86_400_000);
    assert.deepEqual(data.loads.sort(), LOADS.map((l) => l.name).filter((n) => n !== "Pool pump").sort());

    const result = form.locator("[data-role=result]");
    assert.equal(await result.getAttribute("data-progress-events"), "3"); // not the other entry's
    assert.equal(await result.getAttribute("data-limit-w"), "6000");
    assert.equal(await form.locator("[data-role=verdict]").textContent(), "4 min above 6.0 kW, even with Capacity Manager.");
    const cells = async (row) => texts(result.locator(`tr[data-row=${row}] td`));
    assert.deepEqual(await cells("above"), ["Time above the limit", "4 min", "5 h 13 min"]);
    assert.deepEqual(await cells("overloads"), ["Overloads", "2", "37"]);
    assert.deepEqual(await cells("overshoot"), ["Highest overshoot", "850 W", "5.4 kW"]);
    assert.equal(await result.locator("[data-value=deferred]").textContent(), "12.4 kWh");
    assert.equal(await result.locator("[data-value=unserved]").textContent(), "0.75 kWh");
    assert.equal((await result.locator("[data-value=ev-delayed]").textContent()).trim(), "2 of 5");
    assert.deepEqual(await texts(result.locator("table.per-load tbody tr")), [
      "Water heater 20 4 h 1 min",
      "Pool pump 12 1 h 36 min",
      "EV charger 9 1 h 0 min",
    ]);
    assert.match(await result.locator("[data-role=not-simulated]").textContent(), /Dryer/);
    assert.match(await result.locator("[data-role=resolution]").textContent(), /recorded states \(2 d\), hourly statistics \(5 d\)/);
    assert.equal(await page.evaluate(() => window.hass.subscribers.length), 0); // unsubscribed
    await page.locator(CARD).screenshot({ path: join(SHOTS, "card-what-if.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("cancel stops a run; bad input and service errors are shown as text", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY }, { simulate: "hold" });
    await openSection(page, "what-if");
    const form = page.locator(`${CARD} capacity-manager-what-if`);
    await form.locator("button[data-action=run]").click();
    const progress = form.locator("[data-role=progress]");
    await progress.getByText("Reading history: day 1 of 2").waitFor();
    assert.equal(await progress.locator("[role=progressbar]").getAttribute("aria-valuenow"), "45");
    assert.equal(await form.locator("input[name=days]").isDisabled(), true); // no edits mid-run
    await form.locator("button[data-action=cancel]").click();
    await form.locator("[data-role=cancelled]").waitFor();
    assert.equal(await form.locator("[data-role=cancelled]").textContent(), "Simulation cancelled.");
    assert.deepEqual((await serviceCalls(page, "simulate_cancel")).map((c) => c.service_data), [{ config_entry_id: ENTRY }]);
    assert.equal(await form.locator("[data-role=error]").count(), 0);
    assert.equal(await form.locator("button[data-action=run]").isEnabled(), true);

    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY }, { simulate: "error", language: "de" });
    await openSection(page, "what-if");
    await form.locator("input[name=limit]").fill("viel");
    await form.locator("button[data-action=run]").click();
    assert.equal(await form.locator("[data-role=error]").textContent(), "Das Limit muss eine Zahl über 0 sein.");
    assert.equal((await serviceCalls(page, "simulate")).length, 0); // refused before sending
    await form.locator("input[name=limit]").fill("7,5");
    await form.locator("button[data-action=run]").click();
    await form.locator("[data-role=error]").getByText("Keine Aufzeichnungen").waitFor();
    assert.equal(await form.locator("[data-role=error]").textContent(), "Keine Aufzeichnungen des Zählers zwischen A und B.");
    assert.equal((await serviceCalls(page, "simulate"))[0].service_data.limit, 7500);

    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY }, { simulate: "error" });
    await openSection(page, "what-if");
    await form.locator("button[data-action=run]").click();
    // No translation loaded: HA's own message, without its "Validation error:" prefix.
    await form.locator("[data-role=error]").waitFor();
    assert.equal(await form.locator("[data-role=error]").textContent(), "No recorded history of the site meter between A and B.");
    assert.equal(await page.locator(`${CARD} [data-value=site-power]`).textContent(), "6.9 kW"); // the card lives on
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("a user who may not subscribe to events still gets the result, without a progress count", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY }, { simulate: "hold", admin: false });
    await openSection(page, "what-if");
    const form = page.locator(`${CARD} capacity-manager-what-if`);
    await form.locator("button[data-action=run]").click();
    await form.locator("[data-role=progress]").getByText("Simulating…").waitFor();
    await page.evaluate(() => window.hass.release());
    await form.locator("[data-role=result]").waitFor();
    assert.equal(await form.locator("[data-role=result]").getAttribute("data-progress-events"), "0");
    assert.equal(await form.locator("[data-role=error]").count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("panel sizing loads when opened and shows the report, labelled informative", async () => {
    const page = await openPage({ width: 420 });
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    await openSection(page, "sizing");
    const sizing = page.locator(`${CARD} capacity-manager-panel-sizing`);
    await sizing.locator("[data-role=sizing]").waitFor();
    const value = (name) => sizing.locator(`[data-value=${name}]`).textContent();
    assert.equal(await value("peak"), "6.1 kW");
    assert.equal(await value("design"), "7.6 kW");
    assert.equal(await value("rating"), "40.0 A · 9.2 kW");
    assert.equal(await value("unmanaged"), "6.8 A");
    assert.equal(await value("managed"), "36.0 A");
    assert.match(await sizing.locator("[data-role=additional]").textContent(), /29\.2 A more when Capacity Manager manages/);
    assert.match(await sizing.locator("[data-role=informative]").textContent(), /NEC 220\.87.*Not a code calculation/);
    assert.equal(await sizing.locator("[data-role=days]").textContent(), "From 365 days of data.");
    assert.deepEqual((await serviceCalls(page, "panel_sizing")).map((c) => c.service_data), [{ config_entry_id: ENTRY }]);
    // Closing and opening again keeps the report; "Recalculate" asks again.
    await openSection(page, "sizing");
    await openSection(page, "sizing");
    assert.equal((await serviceCalls(page, "panel_sizing")).length, 1);
    await sizing.locator("button[data-action=refresh]").click();
    await page.waitForFunction(() => window.hass.messages.filter((m) => m.service === "panel_sizing").length === 2);
    await page.locator(CARD).screenshot({ path: join(SHOTS, "card-sizing-phone.png") });

    await clear(page);
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY }, { sizing: "error" });
    await openSection(page, "sizing");
    await sizing.locator("[data-role=error]").waitFor();
    assert.equal(await sizing.locator("[data-role=error]").textContent(), "No recorded history of the site meter between A and B.");
    assert.equal(await sizing.locator("[data-role=sizing]").count(), 0);
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  test("at phone width the open sections and their result fit the card", async () => {
    const page = await openPage({ width: 360 });
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    await openSection(page, "what-if");
    await openSection(page, "sizing");
    const card = page.locator(CARD);
    await card.locator("capacity-manager-what-if button[data-action=run]").click();
    await card.locator("capacity-manager-what-if [data-role=result]").waitFor();
    await card.locator("capacity-manager-panel-sizing [data-role=sizing]").waitFor();
    const bad = await page.evaluate(() => {
      const host = document.querySelector("capacity-manager-card");
      const edge = host.shadowRoot.querySelector("ha-card").getBoundingClientRect().right;
      const out = [];
      for (const tag of ["capacity-manager-what-if", "capacity-manager-panel-sizing"]) {
        for (const el of host.shadowRoot.querySelector(tag).shadowRoot.querySelectorAll("*")) {
          const right = el.getBoundingClientRect().right;
          if (right > edge + 0.5) out.push(`${tag} ${el.tagName}.${el.getAttribute("class")} ends at ${right} > ${edge}`);
        }
      }
      return out;
    });
    assert.deepEqual(bad, []);
    await page.close();
  });

  test("the card says whether the site imports or exports, and the export limit", async () => {
    const page = await openPage();
    await mount(page, CARD, { type: `custom:${CARD}`, entry_id: ENTRY });
    const card = page.locator(CARD);
    assert.equal(await card.locator("[data-value=flow]").getAttribute("data-flow"), "import");
    assert.equal(await card.locator("[data-value=flow]").textContent(), "importing");
    assert.equal(await card.locator("[data-value=export-limit]").count(), 0);

    await page.evaluate(async () => {
      const el = document.querySelector("capacity-manager-card");
      const limit = el.hass.states["sensor.home_panel_effective_limit"];
      let hass = window.fake.withState(el.hass, "sensor.home_panel_site_power", "-2500", { unit_of_measurement: "W" });
      hass = window.fake.withState(hass, limit.entity_id, limit.state, { ...limit.attributes, export_limit_w: 2000 });
      el.hass = hass;
      await el.updateComplete;
    });
    assert.equal(await card.locator("[data-value=site-power]").textContent(), "-2.5 kW");
    assert.equal(await card.locator("[data-value=flow]").textContent(), "exporting");
    assert.equal((await card.locator("[data-value=export-limit]").textContent()).trim(), "Export limit 2.0 kW");
    assert.equal((await card.locator("[data-value=export-over]").textContent()).trim(), "500 W over the export limit");
    await page.waitForTimeout(700); // the gauge's fill slides to its new width
    await page.locator(CARD).screenshot({ path: join(SHOTS, "card-export.png") });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
});
