// Shared by the browser test files: one Chromium and one static server per file, fresh pages,
// mounting a card with a fake hass, and small DOM readers.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";

import { launch, skipReason } from "./browser.mjs";
import { REPO, startServer } from "./server.mjs";

export const SHOTS = join(REPO, "out", "screenshots");
export const CARD = "capacity-manager-card";
export const TIMELINE = "capacity-manager-timeline-card";
export const skip = skipReason();

let browser;
let server;

/** Start the server and the browser for this test file (call at the top level). */
export function useBrowser() {
  before(async () => {
    if (skip) return;
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server?.server.close();
  });
}

/** A fresh page; `ha` false leaves `home-assistant` undefined (the cards must wait for it). */
export async function openPage({ width = 800, dark = false, ha = true } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  page.errors = errors;
  await page.goto(server.url);
  await page.waitForFunction(() => window.fixturesReady && window.customCards?.length >= 2);
  if (dark) await page.evaluate(() => (document.body.className = "dark"));
  if (ha) {
    await page.evaluate(async () => {
      customElements.define("home-assistant", class extends HTMLElement {});
      await customElements.whenDefined("capacity-manager-card");
    });
  }
  return page;
}

/** Put a card (or editor) on the page with a fake hass; resolves once it has rendered. */
export async function mount(page, tag, config, hassOptions = {}) {
  await page.evaluate(
    async ({ tag, config, hassOptions }) => {
      const el = document.createElement(tag);
      el.setConfig(config);
      window.hass = window.fake.makeHass(hassOptions);
      el.hass = window.hass;
      document.getElementById("root").append(el);
      await el.updateComplete;
    },
    { tag, config, hassOptions },
  );
}

export const clear = (page) => page.evaluate(() => (document.getElementById("root").innerHTML = ""));
export const calls = (page) => page.evaluate(() => window.hass.calls);
export const messages = (page) => page.evaluate(() => window.hass.messages);
export const texts = (locator) =>
  locator.evaluateAll((els) => els.map((e) => e.textContent.replace(/\s+/g, " ").trim()));

/** Where an element's centre sits along a reference box of the main card, 0 … 1. */
export async function positionIn(page, selector, reference) {
  return page.evaluate(
    ({ selector, reference }) => {
      const card = document.querySelector("capacity-manager-card").shadowRoot;
      const box = card.querySelector(reference).getBoundingClientRect();
      const el = card.querySelector(selector).getBoundingClientRect();
      return (el.left + el.width / 2 - box.left) / box.width;
    },
    { selector, reference },
  );
}

/**
 * WCAG contrast of an element's words against what is behind them, from the computed styles in
 * the browser: the main card's background, then every background between it and the element
 * (tints with alpha composited as Chromium paints them), then the text colour on top.
 * Returns { ratio, back, text } with back and text as [r, g, b].
 */
export function contrastOf(page, selector) {
  return page.evaluate((selector) => {
    const root = document.querySelector("capacity-manager-card").shadowRoot;
    const el = root.querySelector(selector);
    if (!el) throw new Error(`no ${selector} on the card`);
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    const paint = (...colours) => {
      ctx.clearRect(0, 0, 1, 1);
      for (const colour of colours) {
        ctx.fillStyle = colour;
        ctx.fillRect(0, 0, 1, 1);
      }
      return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    const luminance = (rgb) => {
      const [r, g, b] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      layers.unshift(getComputedStyle(node).backgroundColor);
      if (node.tagName === "HA-CARD") break;
    }
    const back = paint(...layers);
    const text = paint(...layers, getComputedStyle(el).color);
    const [hi, lo] = [luminance(text), luminance(back)].sort((a, b) => b - a);
    return { ratio: (hi + 0.05) / (lo + 0.05), back, text };
  }, selector);
}
