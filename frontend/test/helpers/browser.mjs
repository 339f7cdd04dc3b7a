// Headless Debian Chromium through playwright-core. Never downloads a browser: without
// /usr/bin/chromium (or $CHROMIUM) the browser tests are skipped with the reason.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export function skipReason() {
  if (!existsSync(CHROMIUM)) {
    return `no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM)`;
  }
  return null;
}

export async function launch() {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "cm-chromium-"));
  // A persistent context on a fresh temporary profile: Playwright's way to pass --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
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
    viewport: { width: 800, height: 900 },
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}
