// A static server on 127.0.0.1 for the browser tests: the test page, the committed bundle
// (what users get, not a fresh build) and the fixtures. Nothing else is reachable.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = join(here, "..", "..", "..");
export const BUNDLE = join(REPO, "custom_components", "capacity_manager", "cards", "capacity-manager-cards.js");
const FIXTURES = join(here, "..", "fixtures");

// HA's default dark theme colours, the variables a dark theme sets.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Capacity Manager cards</title>
<style>
  body { margin: 0; padding: 16px; font-family: Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
         background: var(--primary-background-color); color: var(--primary-text-color); }
  body.light { --primary-background-color: #fafafa; --card-background-color: #ffffff;
               --primary-text-color: #212121; --secondary-text-color: #727272;
               --divider-color: rgba(0, 0, 0, 0.12); --primary-color: #03a9f4; }
  body.dark { --primary-background-color: #111111; --card-background-color: #1c1c1c;
              --primary-text-color: #e1e1e1; --secondary-text-color: #9b9b9b;
              --divider-color: rgba(225, 225, 225, 0.12); --primary-color: #03a9f4;
              --text-primary-color: #ffffff; color-scheme: dark; }
  #root { display: grid; gap: 16px; max-width: 520px; }
</style>
</head>
<body class="light">
<div id="root"></div>
<script type="module">
  import * as house from "/fixtures/house.mjs";
  import * as fake from "/fixtures/fake-hass.mjs";
  window.house = house;
  window.fake = fake;
  window.fixturesReady = true;
</script>
<script type="module" src="/capacity-manager-cards.js"></script>
</body>
</html>`;

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".html": "text/html" };

export function startServer() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    try {
      let body;
      let type = TYPES[".js"];
      if (path === "/") {
        body = PAGE;
        type = TYPES[".html"];
      } else if (path === "/capacity-manager-cards.js") {
        body = await readFile(BUNDLE);
      } else if (path.startsWith("/fixtures/")) {
        const file = normalize(join(FIXTURES, path.slice("/fixtures/".length)));
        if (!file.startsWith(FIXTURES)) throw new Error("outside fixtures");
        body = await readFile(file);
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}
