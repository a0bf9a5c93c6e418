// Builds the explorer page into dist/: the bundled script (esbuild), the HTML, the styles and the
// world map (world-atlas, Natural Earth 1:110m), so that the page loads nothing from elsewhere.
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: join(dist, "app.js"),
  logLevel: "warning",
});
copyFileSync(join(here, "src", "index.html"), join(dist, "index.html"));
copyFileSync(join(here, "src", "style.css"), join(dist, "style.css"));
copyFileSync(
  join(here, "node_modules", "world-atlas", "countries-110m.json"),
  join(dist, "countries-110m.json"),
);
console.log("explorer page built in", dist);
