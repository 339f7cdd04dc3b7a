// What the real Home Assistant page shows beyond the main card's text, for dashboard.mjs: the
// timeline's lines and marks; at phone width nothing sticking out of the card sideways and a
// readable priority ladder; in Home Assistant's dark theme a dark card with readable text. The
// fake-hass tests (frontend/test) check layout and theme with stand-in theme variables; this is
// what a user's browser gets from Home Assistant itself.
const CARD = "capacity-manager-card";
const TIMELINE = "capacity-manager-timeline-card";

/** What the timeline card shows: the two series and the event marks. */
async function readTimeline(page) {
  return page.locator(TIMELINE).first().evaluate((card) => {
    const root = card.shadowRoot;
    // Where a line starts along the plot, 0 (its left edge) … 1: how much of the window it fills.
    const grid = root.querySelector("line.grid");
    const from = (series) => {
      const x = Number(root.querySelector(`[data-series="${series}"]`)?.getAttribute("d")?.match(/^M([\d.]+)/)?.[1]);
      const [left, right] = [Number(grid?.getAttribute("x1")), Number(grid?.getAttribute("x2"))];
      return Number.isFinite(x) && right > left ? (x - left) / (right - left) : null;
    };
    return {
      power: Boolean(root.querySelector('[data-series="power"]')?.getAttribute("d")),
      limit: Boolean(root.querySelector('[data-series="limit"]')?.getAttribute("d")),
      powerFrom: from("power"),
      limitFrom: from("limit"),
      events: [...root.querySelectorAll("g.event")].map((g) => ({ kind: g.dataset.kind, entity: g.dataset.entity })),
      message: root.querySelector(".message")?.textContent.trim() ?? null,
    };
  });
}

/** Wait until `check(timeline)` holds for the timeline card (it loads history by itself). */
export async function waitForTimeline(page, what, check, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let last = null;
  while (Date.now() < deadline) {
    last = await readTimeline(page).catch(() => null);
    if (last && check(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for the timeline to show ${what}; last seen: ${JSON.stringify(last)}`);
}

/** What stands out at the current width: overflow of the card and of the page, ladder rows. */
export async function phoneLayout(page) {
  await page.waitForTimeout(300); // the layout settles at the new width
  return page.locator(CARD).first().evaluate((host) => {
    const card = host.shadowRoot.querySelector("ha-card");
    const box = card.getBoundingClientRect();
    const inside = (r) => r.width > 0 && r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
    const bad = [];
    if (card.scrollWidth > card.clientWidth) bad.push(`the card scrolls: ${card.scrollWidth} > ${card.clientWidth}`);
    if (box.left < -0.5 || box.right > window.innerWidth + 0.5) bad.push(`the card spans ${box.left}…${box.right}`);
    for (const el of card.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > box.right + 0.5) bad.push(`${el.tagName}.${el.getAttribute("class")} ends at ${r.right} > ${box.right}`);
    }
    const rows = [...card.querySelectorAll(".load")].map((li) => {
      const name = li.querySelector(".load-name");
      const part = (sel) => li.querySelector(sel)?.getBoundingClientRect();
      return {
        name: name.textContent.trim(),
        nameFits: name.scrollWidth <= name.clientWidth + 1 && inside(name.getBoundingClientRect()),
        fontPx: parseFloat(getComputedStyle(name).fontSize),
        statusShown: Boolean(part('[data-role="status"]') && inside(part('[data-role="status"]'))),
        powerShown: Boolean(part('[data-role="power"]') && inside(part('[data-role="power"]'))),
      };
    });
    return {
      viewport: window.innerWidth,
      cardWidth: box.width,
      pageWidth: document.documentElement.scrollWidth,
      bad,
      rows,
    };
  });
}

/** Colours of the card (background, title, ladder names, muted text) with their contrast. */
async function colours(page) {
  return page.locator(CARD).first().evaluate((host) => {
    const root = host.shadowRoot;
    const rgb = (text) => text.match(/[\d.]+/g).slice(0, 3).map(Number);
    const luminance = (text) => {
      const [r, g, b] = rgb(text).map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = getComputedStyle(root.querySelector("ha-card")).backgroundColor;
    const contrast = (sel) => {
      const [a, b] = [luminance(getComputedStyle(root.querySelector(sel)).color), luminance(background)];
      return Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 10) / 10;
    };
    return {
      darkMode: Boolean(host.hass?.themes?.darkMode),
      background,
      backgroundLuminance: luminance(background),
      contrast: { title: contrast(".title"), load: contrast(".load-name"), muted: contrast('[data-value="limit"]') },
    };
  });
}

/** Switch the browser to a colour scheme (Home Assistant's default theme follows it). */
export async function colourScheme(page, scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  const deadline = Date.now() + 10000;
  let last = null;
  while (Date.now() < deadline) {
    const now = await colours(page);
    // The same colours twice in a row: Home Assistant's theme change has finished fading.
    const settled = JSON.stringify(now) === JSON.stringify(last);
    last = now;
    if (settled && (scheme === "dark") === now.backgroundLuminance < 0.2) return now;
    await page.waitForTimeout(250);
  }
  throw new Error(`Home Assistant did not switch to its ${scheme} theme; the card shows ${JSON.stringify(last)}`);
}
