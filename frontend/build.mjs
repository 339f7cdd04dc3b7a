// Bundles the cards into one ES module inside the integration (committed, served by HA).
// `node build.mjs --outdir DIR` writes elsewhere: the tests build into a temp dir and compare.
import { build } from "esbuild";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf("--outdir");
const outdir = at >= 0 && args[at + 1] ? resolve(args[at + 1]) : join(here, "..", "custom_components", "capacity_manager", "cards");

await build({
  entryPoints: [join(here, "src", "index.ts")],
  outfile: join(outdir, "capacity-manager-cards.js"),
  bundle: true,
  format: "esm",
  target: "es2021",
  minify: true,
  legalComments: "eof",
  sourcemap: false,
  charset: "utf8",
  tsconfig: join(here, "tsconfig.json"),
  logLevel: "warning",
});
console.log(`built ${join(outdir, "capacity-manager-cards.js")}`);
