// Imports a TypeScript source module in node: esbuild bundles it to a temp .mjs first.
// Only for the pure modules (no Lit, no DOM), which is what the unit tests cover.
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");

export async function loadTs(name) {
  const dir = mkdtempSync(join(tmpdir(), "cm-cards-"));
  try {
    const outfile = join(dir, `${name}.mjs`);
    await build({ entryPoints: [join(src, `${name}.ts`)], outfile, bundle: true, format: "esm", platform: "neutral", logLevel: "error" });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
