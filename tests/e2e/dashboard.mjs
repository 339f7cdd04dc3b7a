// Drives the real Home Assistant UI in headless Debian Chromium (playwright-core, never a
// downloaded browser): log in, open the dashboard, watch the cards, overload the house with the
// oven's toggle, check the card at phone width and in the dark theme, restore all, switch the
// mode, run a what-if simulation and the panel sizing report from the card, edit a card, add the
// timeline card through Home Assistant's card picker, and take screenshots.
//
// Usage: node dashboard.mjs '<json>' with {baseUrl, user, password, dashboardPath, shots,
// chromium, oven, shedLoad, newTitle, whatIfDays, whatIfLimitKw, pickerHours}. Prints one JSON line: {"steps": {...}} with what the page showed
// at each step, or {"error": ..., "steps": ...} (exit status 1) when a step timed out. The
// pytest side (test_dashboard.py) asserts on it.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { colourScheme, phoneLayout, waitForTimeline } from "./page-checks.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// playwright-core is pinned in frontend/package.json (the card tests use it too).
const require = createRequire(join(REPO, "frontend", "package.json"));
const { chromium } = require("playwright-core");

const cfg = JSON.parse(process.argv[2]);
const steps = {};
const log = (text) => process.stderr.write(`dashboard.mjs: ${text}\n`);
const CARD = "capacity-manager-card";
const TIMELINE = "capacity-manager-timeline-card";
const DESKTOP = { width: 1280, height: 1000 };
const PHONE = { width: 390, height: 844 };

/** What the main card shows: the reading, the limit, the status chip and every load. */
async function readCard(page) {
  return page.locator(CARD).first().evaluate((card) => {
    const root = card.shadowRoot;
    const text = (sel) => root.querySelector(sel)?.textContent.trim().replace(/\s+/g, " ") ?? null;
    return {
      title: text(".title"),
      sitePower: text('[data-value="site-power"]'),
      limit: text('[data-value="limit"]'),
      status: root.querySelector('[data-role="site-status"]')?.dataset.status ?? null,
      loads: [...root.querySelectorAll(".load")].map((li) => ({
        name: li.querySelector(".load-name")?.textContent.trim(),
        entity: li.dataset.entity,
        status: li.dataset.status,
        statusText: li.querySelector('[data-role="status"]')?.textContent.trim(),
        power: li.querySelector('[data-role="power"]')?.textContent.trim(),
        reason: li.querySelector(".reason")?.textContent.trim() ?? null,
      })),
      modes: [...root.querySelectorAll("button.mode")].map((b) => ({
        option: b.dataset.option,
        pressed: b.getAttribute("aria-pressed") === "true",
      })),
      restoreEnabled: root.querySelector("button.restore") ? !root.querySelector("button.restore").disabled : null,
      error: text('[data-role="error"]'),
    };
  });
}

/** Wait until `check(card)` holds for the main card (polled; the card re-renders on state). */
async function waitForCard(page, what, check, timeout = 30000) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    try {
      last = await readCard(page);
      if (check(last)) return last;
    } catch {
      // not rendered yet
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for the card to show ${what}; last seen: ${JSON.stringify(last)}`);
}

async function shot(page, name, viewport = DESKTOP) {
  await page.setViewportSize(viewport);
  await page.waitForTimeout(400); // let the layout settle at the new width
  const path = join(cfg.shots, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The toggle of an entities-card row, by its name. */
function rowToggle(page, name) {
  return page.locator("hui-toggle-entity-row", { hasText: name }).locator("ha-switch").first();
}

async function login(page) {
  await page.goto(`${cfg.baseUrl}/${cfg.dashboardPath}`);
  await page.locator('input[name="username"]').fill(cfg.user);
  await page.locator('input[name="password"]').fill(cfg.password);
  await page.locator('input[name="password"]').press("Enter");
  await page.waitForURL((url) => url.pathname === `/${cfg.dashboardPath}`, { timeout: 30000 });
  await page.locator(CARD).first().waitFor({ timeout: 30000 });
}

/** Open a tool section of the main card (what-if, sizing) and wait for its answer. */
async function openTool(page, name, inner, done) {
  const card = page.locator(CARD).first();
  await card.locator(`details[data-section=${name}] > summary`).click();
  const tool = card.locator(inner);
  await tool.waitFor({ timeout: 10000 });
  return { card, tool, done: tool.locator(done).first() };
}

/** The what-if form: the last days with a candidate limit, run, read the outcome. */
async function runWhatIf(page) {
  const { tool: form } = await openTool(page, "what-if", "capacity-manager-what-if", "button");
  await form.locator("input[name=days]").fill(String(cfg.whatIfDays));
  await form.locator("input[name=limit]").fill(String(cfg.whatIfLimitKw));
  const started = Date.now();
  await form.locator("button[data-action=run]").click();
  await form.locator("[data-role=result], [data-role=error]").first().waitFor({ timeout: 90000 });
  return form.evaluate((el, ms) => {
    const root = el.shadowRoot;
    const text = (node) => node?.textContent.trim().replace(/\s+/g, " ") ?? null;
    const result = root.querySelector("[data-role=result]");
    const row = (key) => [...root.querySelectorAll(`tr[data-row=${key}] td`)].map(text);
    return {
      seconds: ms / 1000,
      error: text(root.querySelector("[data-role=error]")),
      start: result?.dataset.start ?? null,
      end: result?.dataset.end ?? null,
      limitW: result ? Number(result.dataset.limitW) : null,
      progressEvents: result ? Number(result.dataset.progressEvents) : null,
      verdict: text(root.querySelector("[data-role=verdict]")),
      above: row("above"),
      overloads: row("overloads"),
      overshoot: row("overshoot"),
      evDelayed: text(root.querySelector("[data-value=ev-delayed]")),
      perLoad: [...root.querySelectorAll("table.per-load tbody tr")].map((tr) => tr.dataset.load),
      resolution: text(root.querySelector("[data-role=resolution]")),
    };
  }, Date.now() - started);
}

/** The panel sizing section: opens, loads the report by itself, shows it. */
async function readSizing(page) {
  const { tool } = await openTool(page, "sizing", "capacity-manager-panel-sizing", "button");
  await tool.locator("[data-role=sizing], [data-role=error]").first().waitFor({ timeout: 30000 });
  return tool.evaluate((el) => {
    const root = el.shadowRoot;
    const value = (name) => root.querySelector(`[data-value=${name}]`)?.textContent.trim() ?? null;
    return {
      error: root.querySelector("[data-role=error]")?.textContent.trim() ?? null,
      informative: root.querySelector("[data-role=informative]")?.textContent.trim() ?? null,
      peak: value("peak"),
      design: value("design"),
      rating: value("rating"),
      unmanaged: value("unmanaged"),
      managed: value("managed"),
    };
  });
}

async function editCardTitle(page, newTitle) {
  await page.goto(`${cfg.baseUrl}/${cfg.dashboardPath}?edit=1`);
  const options = page.locator("hui-card-options", { has: page.locator(CARD) }).first();
  await options.locator("ha-button, mwc-button", { hasText: /edit/i }).first().click();
  const dialog = page.locator("hui-dialog-edit-card");
  const editor = dialog.locator("capacity-manager-card-editor");
  await editor.waitFor({ timeout: 20000 });
  const title = editor.locator("ha-selector-text input").first();
  await title.fill(newTitle);
  await page.waitForTimeout(500); // the preview follows the config
  const preview = await dialog.locator(CARD).first().evaluate(
    (card) => card.shadowRoot.querySelector(".title")?.textContent.trim() ?? null,
  );
  const editorShot = await shot(page, "e2e-editor-desktop.png");
  await dialog.locator("ha-button, mwc-button", { hasText: /^\s*save\s*$/i }).last().click();
  await editor.waitFor({ state: "hidden", timeout: 20000 });
  await page.goto(`${cfg.baseUrl}/${cfg.dashboardPath}`);
  const card = await waitForCard(page, `the title "${newTitle}"`, (c) => c.title === newTitle);
  return { preview, saved: card.title, screenshot: editorShot };
}

/** Add the timeline card through Home Assistant's card picker: both cards are found by a search
 * and previewed; the timeline's visual editor sets the hours to show; the dashboard saves it. */
async function addTimelineFromPicker(page, hours) {
  await page.goto(`${cfg.baseUrl}/${cfg.dashboardPath}?edit=1`);
  await page.locator("ha-fab", { hasText: /add card/i }).first().click();
  const picker = page.locator("hui-dialog-create-card hui-card-picker");
  await picker.locator("search-input input").fill("Capacity Manager");
  const found = picker.locator(".card:not(.manual)");
  await found.filter({ hasText: "Capacity Manager timeline" }).locator(`${TIMELINE} ha-card`).waitFor({ timeout: 20000 });
  const listed = await found.evaluateAll((cards) =>
    cards.map((card) => ({
      name: card.querySelector(".card-header")?.textContent.trim(),
      preview: card.querySelector(".preview > *")?.localName ?? null,
    })),
  );
  const pickerShot = await shot(page, "e2e-card-picker-desktop.png");
  await found.filter({ hasText: "Capacity Manager timeline" }).click();
  const dialog = page.locator("hui-dialog-edit-card");
  const editor = dialog.locator(`${TIMELINE}-editor`);
  await editor.waitFor({ timeout: 20000 });
  await editor.locator("ha-selector-number input").first().fill(String(hours));
  const preview = dialog.locator(`${TIMELINE} .subtitle`).first();
  const want = `Last ${hours} h`;
  const deadline = Date.now() + 10000;
  let subtitle = null;
  while (Date.now() < deadline && subtitle !== want) {
    await page.waitForTimeout(250); // the preview follows the config
    subtitle = (await preview.textContent({ timeout: 1000 }).catch(() => null))?.trim() ?? null;
  }
  await dialog.locator("ha-button, mwc-button", { hasText: /^\s*save\s*$/i }).last().click();
  await editor.waitFor({ state: "hidden", timeout: 20000 });
  await page.goto(`${cfg.baseUrl}/${cfg.dashboardPath}`);
  const added = page.locator(TIMELINE).nth(1).locator(".subtitle");
  await added.waitFor({ timeout: 20000 });
  return { listed, preview: subtitle, shown: (await added.textContent()).trim(), screenshot: pickerShot };
}

async function main() {
  mkdirSync(cfg.shots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "cm-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: cfg.chromium,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: DESKTOP,
  });
  const errors = [];
  try {
    const page = await context.newPage();
    page.on("pageerror", (err) => errors.push(String(err)));
    page.on("console", (msg) => {
      if (msg.type() === "error" && /capacity|custom element/i.test(msg.text())) errors.push(msg.text());
    });

    log("logging in");
    await login(page);
    steps.live = await waitForCard(page, "live data", (c) => c.loads.length > 0 && c.sitePower && c.sitePower !== "—");
    steps.live.timeline = await waitForTimeline(page, "power and limit", (t) => t.power && t.limit);
    steps.live.screenshot = await shot(page, "e2e-dashboard-desktop.png");

    log("switching the oven on");
    await rowToggle(page, cfg.oven).click();
    steps.overload = await waitForCard(page, `${cfg.shedLoad} shed`, (c) =>
      c.loads.some((l) => l.name === cfg.shedLoad && l.status === "shed"),
    );
    // Marked live, from the load's status sensor: the timeline's next history load is minutes away.
    const shedEntity = steps.overload.loads.find((l) => l.name === cfg.shedLoad).entity;
    steps.overload.timeline = await waitForTimeline(page, `${cfg.shedLoad} shed`, (t) =>
      t.events.some((e) => e.kind === "shed" && e.entity === shedEntity),
    );
    steps.overload.screenshot = await shot(page, "e2e-dashboard-shed-desktop.png");
    steps.overload.phoneScreenshot = await shot(page, "e2e-dashboard-shed-phone.png", PHONE);
    steps.phone = await phoneLayout(page);

    log("Home Assistant's dark theme (the browser's colour scheme)");
    steps.dark = await colourScheme(page, "dark");
    steps.dark.layout = await phoneLayout(page);
    steps.dark.screenshot = await shot(page, "e2e-dashboard-dark-phone.png", PHONE);
    steps.light = await colourScheme(page, "light");
    await page.setViewportSize(DESKTOP);

    log("switching the oven off and restoring all");
    await rowToggle(page, cfg.oven).click();
    await page.locator(CARD).first().locator("button.restore").click();
    steps.restored = await waitForCard(page, "no load shed", (c) => c.loads.every((l) => l.status !== "shed"));

    log("switching to monitor mode");
    await page.locator(CARD).first().locator('button.mode[data-option="monitor"]').click();
    steps.monitor = await waitForCard(page, "monitor mode", (c) =>
      c.modes.some((m) => m.option === "monitor" && m.pressed),
    );
    steps.monitor.screenshot = await shot(page, "e2e-dashboard-monitor-phone.png", PHONE);
    await page.setViewportSize(DESKTOP);

    log("running a what-if simulation and the panel sizing report from the card");
    steps.whatIf = await runWhatIf(page);
    steps.sizing = await readSizing(page);
    // Tall enough for the whole card: no scrolling, so HA's toolbar does not cover it.
    await page.setViewportSize({ width: DESKTOP.width, height: 3000 });
    await page.waitForTimeout(400);
    steps.sizing.screenshot = join(cfg.shots, "e2e-card-tools-desktop.png");
    await page.locator(CARD).first().screenshot({ path: steps.sizing.screenshot });
    await page.setViewportSize(DESKTOP);

    log("editing the card");
    steps.editor = await editCardTitle(page, cfg.newTitle);

    log("adding the timeline card through the card picker");
    steps.picker = await addTimelineFromPicker(page, cfg.pickerHours);
    steps.errors = errors;
    process.stdout.write(`${JSON.stringify({ steps })}\n`);
  } catch (err) {
    const pages = context.pages();
    if (pages.length) await pages[0].screenshot({ path: join(cfg.shots, "e2e-failure.png"), fullPage: true }).catch(() => {});
    process.stdout.write(`${JSON.stringify({ error: String(err?.stack ?? err), steps, errors })}\n`);
    process.exitCode = 1;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
