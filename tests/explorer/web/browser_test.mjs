// The explorer page in a real browser (Debian's Chromium, headless, driven by playwright-core):
// load, move a lever and see the API's numbers, a located error next to its control, the map's
// year, a country's detail, the shared link, and the exported YAML run by `aidivide run` to the
// same numbers. Nothing may leave 127.0.0.1.
//
// usage: node tests/explorer/web/browser_test.mjs [--bin build/app/aidivide]
//                                                  [--screenshots DIR [--population baseline]]
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const require = createRequire(join(repo, "explorer", "web", "package.json"));
const { chromium } = require("playwright-core");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const bin = resolve(repo, option("--bin", process.env.AIDIVIDE_BIN ?? "build/app/aidivide"));
const screenshots = option("--screenshots", null);
// The test runs on the tiny world; the documentation's screenshots on the explorer population.
const view = option("--population", "tiny") === "baseline"
  ? { base: "baseline", replicates: 3 }
  : { base: "tiny", workers: 2000, firms: 400, replicates: 2 };
// Each wait is a hang guard, not a speed requirement.
const WAIT_MS = Number(process.env.EXPLORER_TEST_WAIT_MS ?? 90_000);

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "ok" : "FAIL"} - ${what}`);
  if (!ok) failures += 1;
}

function startServer() {
  return new Promise((resolvePort, reject) => {
    const server = spawn(bin, ["serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    server.stdout.setEncoding("utf8");
    server.stdout.once("data", (text) => {
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (match) resolvePort({ server, url: `http://127.0.0.1:${match[1]}` });
      else reject(new Error(`unexpected: ${text}`));
    });
    server.once("exit", (code) => reject(new Error(`aidivide serve exited ${code}`)));
  });
}

async function apiRun(url, request) {
  const response = await fetch(`${url}/api/run`, { method: "POST",
    body: JSON.stringify({ ...request, session: "browser-test-replay" }) });
  const lines = (await response.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l));
  return lines.filter((l) => l.type === "replicate");
}

const meanLast = (reps, name, g) =>
  reps.reduce((sum, r) => sum + r.variables[name].at(-1)[g], 0) / reps.length;

async function runsAfter(page, count) {
  await page.waitForFunction((n) => window.explorer.runs > n && window.explorer.pathway?.done,
    count, { timeout: WAIT_MS });
}

async function main() {
  const { server, url } = await startServer();
  const profile = mkdtempSync(join(tmpdir(), "aidivide-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1500, height: 1100 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const outside = [];
  await context.route("**/*", (route) => {
    const target = new URL(route.request().url());
    if (target.hostname === "127.0.0.1" || target.protocol === "blob:" ||
      target.protocol === "data:") return route.continue();
    outside.push(target.href);
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  try {
    await page.goto(`${url}/#${encodeURIComponent(JSON.stringify(view))}`);
    await page.waitForFunction(() => window.explorer.runs >= 1 && window.explorer.baseline,
      null, { timeout: WAIT_MS });
    check(await page.locator(".lever").count() >= 11, "the eleven levers are shown");
    const unitText = await page.locator('[data-lever="soft_capacity"] .unit').textContent();
    check(unitText.includes("seats per 1000 workers"), "levers show their real units");
    const costText = await page.locator('[data-lever="open_source_access"] .cost').textContent();
    check(costText.includes("population"), "levers show their costs");
    if (screenshots) await page.screenshot({ path: join(screenshots, "explorer_start.png") });
    const lines = () => page.locator("path.line.pathway").evaluateAll(
      (paths) => paths.map((p) => p.getAttribute("d")).join(" "));
    const before = await lines();

    // Move a lever (one that acts within the tiny world's three years): the chart answers with
    // the API's numbers.
    const runs = await page.evaluate(() => window.explorer.runs);
    await page.locator('[data-lever="hard_infrastructure"] [data-field="slider"]').evaluate((e) => {
      e.value = "0.02";
      e.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await runsAfter(page, runs);
    const after = await lines();
    check(after !== before, "moving a lever redraws the pathway");
    const request = await page.evaluate(() => window.explorer.lastRequest);
    check(request.policies.some((p) => p.lever === "hard_infrastructure" && p.intensity === 0.02),
      "the request carries the lever's value");
    const reps = await apiRun(url, request);
    const shown = await page.locator("#chart-table td.pathway-value").evaluateAll(
      (cells) => cells.map((c) => Number(c.dataset.value)));
    const expected = [0, 1, 2, 3].map((g) => meanLast(reps, "group_ai_user_share", g));
    check(shown.length === 4 && shown.every((x, g) => x === expected[g]),
      `the chart's numbers are the API's (${shown} vs ${expected})`);
    if (screenshots) await page.screenshot({ path: join(screenshots, "explorer_lever.png") });

    // A bad value: the located error appears next to its control.
    const intensity = page.locator('[data-lever="open_source_access"] [data-field="intensity"]');
    await intensity.fill("5000");
    await intensity.dispatchEvent("change");
    const error = page.locator('[data-error-for="open_source_access"]');
    await error.filter({ hasText: "out of range" }).waitFor({ timeout: WAIT_MS });
    const message = await error.textContent();
    check(/explorer\.yaml:\d+:\d+: policies\[0\]\.intensity: out of range/.test(message),
      `a located error next to the lever (${message})`);
    check(await intensity.evaluate((e) => e.classList.contains("invalid")),
      "the offending control is marked");
    const runsBefore = await page.evaluate(() => window.explorer.runs);
    await intensity.fill("8");
    await intensity.dispatchEvent("change");
    await runsAfter(page, runsBefore);
    check((await error.textContent()) === "", "a good value clears the error");

    // The map: switch the year, then a country's detail on click.
    const nga = page.locator('#map path[data-iso3="NGA"]');
    const last = Number(await nga.getAttribute("data-value"));
    const yearSlider = page.locator("#map-year");
    await yearSlider.evaluate((e) => {
      e.value = "0";
      e.dispatchEvent(new Event("input", { bubbles: true }));
    });
    const label = await page.locator("#map-year-label").textContent();
    const pathway = await page.evaluate(() => window.explorer.pathway);
    check(label === pathway.replicates[0].months[0], `the map shows the first year (${label})`);
    const first = Number(await nga.getAttribute("data-value"));
    check(first !== last, `the map's values follow the year (${first} vs ${last})`);
    await nga.click();
    const detail = await page.locator("#country-name").textContent();
    check(detail.includes("Nigeria"), `a click shows the country (${detail})`);
    if (screenshots) {
      const r2030 = pathway.replicates[0].months.findIndex((m) => m.startsWith("2030"));
      await yearSlider.evaluate((e, r) => {
        e.value = String(Math.max(r, 0));
        e.dispatchEvent(new Event("input", { bubbles: true }));
      }, r2030);
      await page.locator("#map-panel").screenshot({ path: join(screenshots, "explorer_map.png") });
    }

    // The link reproduces the view.
    await page.locator("#share").click();
    const link = await page.locator("#share-link").inputValue();
    const copy = await context.newPage();
    await copy.goto(link);
    await copy.waitForFunction(() => window.explorer.runs >= 1, null, { timeout: WAIT_MS });
    const copied = await copy.locator('[data-lever="open_source_access"] [data-field="intensity"]')
      .inputValue();
    check(copied === "8", "the link restores the levers");
    await copy.close();

    // Export: the YAML runs with `aidivide run` to the same numbers (replicate 0, same seed).
    await page.locator("#export").click();
    await page.locator("#export-yaml").filter({ hasText: "policies:" }).waitFor();
    if (screenshots) {
      await page.locator("#export-panel").screenshot({
        path: join(screenshots, "explorer_export.png") });
    }
    const yaml = await page.locator("#export-yaml").textContent();
    const work = mkdtempSync(join(tmpdir(), "aidivide-export-"));
    writeFileSync(join(work, "exported.yaml"), yaml);
    execFileSync(bin, ["run", join(work, "exported.yaml"), "-o", join(work, "out.h5"), "--quiet"],
      { stdio: ["ignore", "ignore", "pipe"] });  // its warning on a pre-2026 start is expected
    const fromFile = JSON.parse(execFileSync("/usr/bin/python3", ["-c",
      "import h5py, json, sys; f = h5py.File(sys.argv[1]); " +
      "print(json.dumps({k: f[k][...].tolist() for k in sys.argv[2:]}))",
      join(work, "out.h5"), "group_ai_user_share", "ai_user_share"]).toString());
    const api = pathway.replicates[0].variables;
    check(JSON.stringify(fromFile.group_ai_user_share) === JSON.stringify(api.group_ai_user_share) &&
      JSON.stringify(fromFile.ai_user_share) === JSON.stringify(api.ai_user_share),
      "the exported YAML runs to the page's numbers");
    rmSync(work, { recursive: true, force: true });

    // Reset goes back to the starting point; a library scenario fills the levers.
    await page.locator("#reset").click();
    const cleared = await page.locator('[data-lever="hard_infrastructure"] [data-field="intensity"]')
      .inputValue();
    check(cleared === "0", "reset sets the levers back to the starting point");
    await page.locator("#library").selectOption("open_source");
    const filled = await page.locator('[data-lever="open_source_access"] [data-field="intensity"]')
      .inputValue();
    const extras = await page.locator("#extras").textContent();
    check(filled === "1" && extras.includes("open_weight_release"),
      `a library scenario fills the levers and keeps its shock (${filled})`);

    check(outside.length === 0, `nothing reaches beyond 127.0.0.1 (${outside})`);
    check(pageErrors.length === 0, `no script errors (${pageErrors})`);
  } catch (e) {
    // What the page said, for the failure's report.
    console.log("status:", await page.locator("#status").textContent().catch(() => ""));
    console.log("errors:", await page.locator(".error").allTextContents().catch(() => []));
    throw e;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.kill("SIGTERM");
  }
  console.log(failures ? `browser test: ${failures} failed` : "browser test: all passed");
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
