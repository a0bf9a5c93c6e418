// The policy explorer's page: levers, trajectories against the baseline, map, cost, export.
// Every number comes from the simulator through the server's API (/api/*); nothing else is
// fetched. Variables are read by name from the API's answers, so new outputs can be shown by
// adding their names to the lists below.
import { scaleLinear, scaleSequential } from "d3-scale";
import { interpolateYlGnBu } from "d3-scale-chromatic";
import { line as d3line, area as d3area } from "d3-shape";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import iso3166 from "iso-3166-1";

const INCOME_COLORS = { low: "#d95f02", lower_middle: "#e6ab02", upper_middle: "#1b9e77",
  high: "#7570b3" };
// The divide views: [variable name, label]. Group variables draw one line per income group.
const CHART_VARS = [
  ["group_ai_user_share", "AI users by income group (share)"],
  ["group_firm_production_all", "Firms in production by income group (share)"],
  ["group_ai_tfp_gain", "AI TFP gain by income group"],
  ["gini_ai_user_share", "Gini of AI use across countries"],
  ["theil_ai_user_share", "Theil T of AI use across countries"],
  ["gap_high_low_ai_user_share", "AI use gap, high minus low income"],
  ["gini_firm_production_all", "Gini of firm production"],
  ["gini_ai_tfp_gain", "Gini of AI TFP gain"],
];
// Where a lever's slider goes by default (its range may be far wider: the number box takes any
// value, which the server checks against the lever's real range). Hubs are in 16-bit PFLOP/s
// (model v2): the scenario library builds hubs of 10,000-20,000.
const SLIDER_MAX = { open_source_access: 10, regional_compute_hubs: 50000, data_commons: 5e8,
  multilateral_governance: 1, hard_infrastructure: 0.02, soft_capacity: 50,
  people_centred_governance: 1, privacy_preserving_data_sharing: 5, export_controls: 3,
  bloc_decoupling: 1, cloud_portability: 1 };
const TARGET_PRESETS = {
  all: "all",
  low: { income: ["low"] },
  low_lower_middle: { income: ["low", "lower_middle"] },
  non_high: { income: ["low", "lower_middle", "upper_middle"] },
};

const $ = (id) => document.getElementById(id);
const session = Math.random().toString(36).slice(2, 10);
let meta = null;
let state = null; // the view: base scenario, lever settings, extra entries, settings, views
let baseline = null; // results of the base scenario without policies, by base name
let pathway = null;
let entryOwners = []; // policies[i] -> lever name or "extra:k", to place located errors
let runTimer = null;
let selectedCountry = null;

const explorer = { lastRequest: null, pathway: null, baseline: null, runs: 0 };
window.explorer = explorer; // for the browser test and the curious

function fmt(x, digits = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  if (Math.abs(x) >= 1e9) return (x / 1e9).toFixed(2) + " bn";
  if (Math.abs(x) >= 1e6) return (x / 1e6).toFixed(2) + " m";
  return Number(x).toPrecision(digits);
}

// ---------- state ----------

// A new lever starts in 2026-01 (as the library's pathways do), or in the run's second year when
// the run ends before that (the tiny world).
function leverDefaults(scenario) {
  const start = scenario.end >= "2026-01" && scenario.start <= "2026-01" ? "2026-01"
    : `${Number(scenario.start.slice(0, 4)) + 1}-01`;
  return { intensity: 0, targets: "non_high", custom: null, start, ramp_months: 24, end: "",
    extra: {} };
}

function stateFromScenario(name) {
  const scenario = meta.scenarios.find((s) => s.name === name) || meta.scenarios[0];
  const levers = {};
  const extras = [];
  for (const info of meta.levers) if (!info.shock) levers[info.name] = leverDefaults(scenario);
  for (const entry of scenario.policies) {
    const l = levers[entry.lever];
    if (l && l.intensity === 0) {
      const preset = Object.keys(TARGET_PRESETS).find(
        (k) => JSON.stringify(TARGET_PRESETS[k]) === JSON.stringify(entry.targets));
      const { lever, targets, start, ramp_months, end, intensity, ...extra } = entry;
      Object.assign(l, { intensity, start, ramp_months: ramp_months ?? 0, end: end ?? "",
        targets: preset ?? "custom", custom: preset ? null : targets, extra });
    } else {
      extras.push(entry); // shocks and second entries of a lever, kept as they are
    }
  }
  return { base: scenario.name, levers, extras, workers: meta.defaults.workers,
    firms: meta.defaults.firms, seed: meta.defaults.seed, replicates: meta.defaults.replicates,
    chartVar: state?.chartVar ?? CHART_VARS[0][0], mapVar: state?.mapVar ?? "ai_user_share",
    mapYear: state?.mapYear ?? -1 };
}

function numberOrText(text) {
  const x = Number(text);
  return text.trim() !== "" && Number.isFinite(x) ? x : text;
}

// The policies list the API gets, and which control each entry came from.
function policies() {
  const list = [];
  entryOwners = [];
  for (const info of meta.levers) {
    const l = state.levers[info.name];
    if (!l || l.intensity === 0 || l.intensity === "") continue;
    const entry = { lever: info.name,
      targets: l.targets === "custom" ? l.custom : TARGET_PRESETS[l.targets],
      start: l.start, ramp_months: numberOrText(String(l.ramp_months)),
      intensity: l.intensity, ...l.extra };
    if (l.end) entry.end = l.end;
    list.push(entry);
    entryOwners.push(info.name);
  }
  state.extras.forEach((e, k) => { list.push(e); entryOwners.push("extra:" + k); });
  return list;
}

function variables() {
  const names = [...meta.default_variables];
  if (!names.includes(state.mapVar)) names.push(state.mapVar);
  return names;
}

function runRequest(withPolicies) {
  return { base: state.base, session: session + (withPolicies ? "-p" : "-b"),
    seed: state.seed, replicates: state.replicates, workers: state.workers, firms: state.firms,
    policies: withPolicies ? policies() : [], variables: variables() };
}

// ---------- the API ----------

// Runs a request and calls onResult(result) with each replicate as it arrives. Returns the
// final result, or throws {error} (a located error) or {cancelled}.
async function streamRun(request, onResult) {
  const response = await fetch("/api/run", { method: "POST", body: JSON.stringify(request),
    headers: { "Content-Type": "application/json" } });
  if (!response.ok) throw await response.json();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  const result = { start: null, replicates: [], done: false };
  let partial = null; // the first replicate, record by record, until it is complete
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const message = JSON.parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (message.type === "start") result.start = message;
      else if (message.type === "record") {
        if (result.replicates.length) continue;
        partial ??= { months: [], variables: {} };
        partial.months.push(message.month);
        for (const [k, v] of Object.entries(message.variables)) (partial.variables[k] ??= []).push(v);
        onResult({ ...result, replicates: [partial], partial: true });
      } else if (message.type === "replicate") {
        result.replicates.push(message);
        onResult(result);
      } else if (message.type === "done") result.done = true;
      else if (message.type === "cancelled") throw { cancelled: true };
      else if (message.type === "error") throw message;
    }
    if (done) break;
  }
  return result;
}

function setStatus(text) { $("status").textContent = text; }

function clearErrors() {
  document.querySelectorAll("[data-error-for]").forEach((e) => { e.textContent = ""; });
  document.querySelectorAll(".invalid").forEach((e) => e.classList.remove("invalid"));
  $("request-error").hidden = true;
}

// A located error goes next to the control that caused it.
function showError(error) {
  const e = error.error || error;
  const match = /^policies\[(\d+)\]\.?(\w*)/.exec(e.key || "");
  let slot = null;
  if (match) {
    const owner = entryOwners[Number(match[1])];
    slot = document.querySelector(`[data-error-for="${owner}"]`);
    const control = document.querySelector(`[data-lever="${owner}"] [data-field="${match[2]}"]`);
    if (control) control.classList.add("invalid");
  } else if (/^(workers|firms|seed|replicates|population|run)/.test(e.key || "")) {
    slot = document.querySelector('[data-error-for="settings"]');
  }
  if (!slot) { slot = $("request-error"); slot.hidden = false; }
  slot.textContent = e.message || e.reason;
}

// The baseline of the view: the starting point without policies, run once per starting point,
// population and seed (levers moving do not rerun it).
function runBaseline() {
  const request = runRequest(false);
  const key = JSON.stringify({ ...request, session: "" });
  if (baseline && baseline.key === key) return baseline.promise;
  baseline = { key, result: null };
  const mine = baseline;
  mine.promise = streamRun(request, (partial) => {
    if (baseline === mine) { mine.result = partial; render(); }
  }).then((result) => {
    mine.result = result;
    explorer.baseline = result;
    if (baseline === mine) render();
    return result;
  }).catch((error) => {
    if (!error.cancelled) showError(error);
    return null;
  });
  return mine.promise;
}

async function runPathway() {
  clearErrors();
  const request = runRequest(true);
  explorer.lastRequest = request;
  const started = performance.now();
  setStatus("running…");
  try {
    // No lever moved: the pathway is the baseline's run, not a second one.
    const same = baseline && request.policies.length === 0 &&
      baseline.key === JSON.stringify({ ...request, session: "" });
    const result = same ? await baseline.promise : await streamRun(request, (partial) => {
      pathway = partial; render();
      setStatus(`${partial.partial ? "first trajectory to " + months(partial).at(-1)
        : "replicate " + partial.replicates.length + "/" + request.replicates} in ` +
        `${((performance.now() - started) / 1000).toFixed(2)} s`);
    });
    if (!result) return;
    pathway = result;
    explorer.pathway = result;
    explorer.runs += 1;
    setStatus(`${result.replicates.length} replicates in ` +
      `${((performance.now() - started) / 1000).toFixed(2)} s`);
    render();
  } catch (error) {
    if (error.cancelled) return;
    setStatus("not run: see the message");
    showError(error);
  }
}

function scheduleRun() {
  clearTimeout(runTimer);
  writeHash();
  runTimer = setTimeout(() => { runBaseline(); runPathway(); }, 120);
}

// ---------- numbers from results ----------

// Mean, min and max over replicates of a variable's record r (value index i, or the scalar).
function stats(result, name, r, i) {
  const xs = [];
  for (const rep of result.replicates) {
    const v = rep.variables[name];
    if (!v || r >= v.length) continue;
    const x = i === undefined ? v[r] : v[r][i];
    if (x !== null) xs.push(x);
  }
  if (!xs.length) return null;
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs),
    max: Math.max(...xs), n: xs.length };
}

function months(result) { return result?.replicates[0]?.months ?? []; }

function series(result, name, i) {
  return months(result).map((m, r) => ({ m, r, ...(stats(result, name, r, i) ?? {}) }))
    .filter((p) => p.mean !== undefined);
}

function cumulativeCost(result, upTo) {
  if (!result?.replicates.length) return 0;
  let total = 0;
  for (const rep of result.replicates) {
    const v = rep.variables.policy_cost_usd ?? [];
    for (let r = 0; r <= upTo && r < v.length; ++r) for (const x of v[r]) total += x ?? 0;
  }
  return total / result.replicates.length;
}

// ---------- views ----------

function yearOf(month) { return Number(month.slice(0, 4)) + (Number(month.slice(5, 7)) - 1) / 12; }

function renderChart() {
  const svg = $("chart");
  svg.innerHTML = "";
  const name = state.chartVar;
  const groups = name.startsWith("group_") ? meta.income_groups : [null];
  const width = 640, height = 300, m = { l: 50, r: 10, t: 10, b: 25 };
  const all = [];
  const lines = [];
  for (const [g, group] of groups.entries()) {
    const index = group === null ? undefined : g;
    const color = group === null ? "#1f3b57" : INCOME_COLORS[group];
    if (pathway) lines.push({ kind: "pathway", group, color, points: series(pathway, name, index) });
    if (baseline?.result) {
      lines.push({ kind: "baseline", group, color, points: series(baseline.result, name, index) });
    }
  }
  for (const l of lines) for (const p of l.points) all.push(p.min, p.max);
  if (!all.length) return;
  const ms = months(pathway ?? baseline.result);
  const x = scaleLinear().domain([yearOf(ms[0]), yearOf(ms[ms.length - 1])])
    .range([m.l, width - m.r]);
  const lo = Math.min(0, ...all), hi = Math.max(...all);
  const y = scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([height - m.b, m.t]);
  const ns = "http://www.w3.org/2000/svg";
  const add = (tag, attrs) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    svg.appendChild(e);
    return e;
  };
  for (const t of y.ticks(5)) {
    add("line", { x1: m.l, x2: width - m.r, y1: y(t), y2: y(t), stroke: "#eee" });
    add("text", { x: m.l - 4, y: y(t) + 3, "text-anchor": "end", class: "axis", "font-size": 10 })
      .textContent = fmt(t, 2);
  }
  for (const t of x.ticks(6)) {
    add("text", { x: x(t), y: height - 8, "text-anchor": "middle", "font-size": 10 })
      .textContent = String(t);
  }
  for (const l of lines) {
    const px = (p) => x(yearOf(p.m));
    if (l.points.length > 1) {
      add("path", { d: d3area().x(px).y0((p) => y(p.min)).y1((p) => y(p.max))(l.points),
        fill: l.color, opacity: l.kind === "pathway" ? 0.25 : 0.1, class: "band" });
    }
    add("path", { d: d3line().x(px).y((p) => y(p.mean))(l.points), fill: "none",
      stroke: l.color, "stroke-width": l.kind === "pathway" ? 2 : 1.3,
      "stroke-dasharray": l.kind === "pathway" ? "" : "4 3", class: `line ${l.kind}`,
      "data-group": l.group ?? "", "data-kind": l.kind });
  }
  $("chart-legend").innerHTML = "solid: pathway, dashed: baseline; bands: range over " +
    `${pathway?.replicates.length ?? 0} replicate(s)` + (groups[0] === null ? "" : "; " +
    groups.map((g) => `<span style="color:${INCOME_COLORS[g]}">${g}</span>`).join(" "));
  renderChartTable(name, groups);
}

// The last record's values, so that the numbers behind the lines can be read (and checked).
function renderChartTable(name, groups) {
  const table = $("chart-table");
  const ms = months(pathway);
  if (!ms.length) { table.innerHTML = ""; return; }
  const r = ms.length - 1;
  let html = `<tr><th>${ms[r]}</th><th>pathway (mean)</th><th>baseline</th><th>difference</th></tr>`;
  groups.forEach((group, g) => {
    const index = group === null ? undefined : g;
    const p = stats(pathway, name, r, index);
    const b = baseline?.result ? stats(baseline.result, name, r, index) : null;
    html += `<tr data-group="${group ?? ""}"><td>${group ?? name}</td>` +
      `<td class="pathway-value" data-value="${p?.mean}">${fmt(p?.mean, 4)}</td>` +
      `<td class="baseline-value" data-value="${b?.mean}">${fmt(b?.mean, 4)}</td>` +
      `<td>${p && b ? fmt(p.mean - b.mean, 3) : "–"}</td></tr>`;
  });
  table.innerHTML = html;
}

function renderCost() {
  const table = $("cost-table");
  const ms = months(pathway);
  if (!ms.length || !baseline?.result) { table.innerHTML = ""; return; }
  const gapName = "gap_high_low_ai_user_share";
  let html = "<tr><th>up to</th><th>cumulative cost (USD)</th><th>AI-use gap closed (points)</th>" +
    "<th>points per USD bn</th></tr>";
  const picks = new Set();
  ms.forEach((m, r) => { if (["2030", "2035"].includes(m.slice(0, 4))) picks.add(r); });
  picks.add(ms.length - 1);
  for (const r of [...picks].sort((a, b) => a - b)) {
    const cost = cumulativeCost(pathway, r);
    const p = stats(pathway, gapName, r);
    const b = stats(baseline.result, gapName, r);
    const closed = p && b ? (b.mean - p.mean) * 100 : null;
    const perBn = closed !== null && cost > 0 ? closed / (cost / 1e9) : null;
    html += `<tr><td>${ms[r]}</td><td data-value="${cost}">${fmt(cost)}</td>` +
      `<td data-value="${closed}">${fmt(closed)}</td><td>${perBn === null ? "–" : fmt(perBn)}</td></tr>`;
  }
  table.innerHTML = html;
}

let atlas = null;
const numericToIso3 = new Map();

async function loadAtlas() {
  const topo = await (await fetch("countries-110m.json")).json();
  atlas = feature(topo, topo.objects.countries).features;
  for (const f of atlas) {
    const c = iso3166.whereNumeric(String(f.id ?? ""));
    if (c) numericToIso3.set(f.id, c.alpha3);
  }
}

function mapValues(result, name, r) {
  const out = new Map();
  if (!result?.replicates.length || !result.start) return out;
  result.start.countries.forEach((iso3, i) => {
    const s = stats(result, name, r, i);
    if (s) out.set(iso3, s.mean);
  });
  return out;
}

// The map's record: the one the slider chose, else the last so far (it follows a run that is
// still coming in).
function mapRecord() {
  const n = months(pathway).length;
  return state.mapYear < 0 || state.mapYear >= n ? n - 1 : state.mapYear;
}

function renderMap() {
  const svg = $("map");
  const ms = months(pathway);
  if (!atlas || !ms.length) return;
  const slider = $("map-year");
  slider.max = String(ms.length - 1);
  const r = mapRecord();
  slider.value = String(r);
  $("map-year-label").textContent = ms[r];
  const values = mapValues(pathway, state.mapVar, r);
  const xs = [...values.values()];
  const color = scaleSequential(interpolateYlGnBu)
    .domain([Math.min(...xs), Math.max(...xs) || 1]);
  const path = geoPath(geoNaturalEarth1().fitSize([640, 330], { type: "Sphere" }));
  const ns = "http://www.w3.org/2000/svg";
  svg.innerHTML = "";
  for (const f of atlas) {
    const iso3 = numericToIso3.get(f.id);
    const v = values.get(iso3);
    const e = document.createElementNS(ns, "path");
    e.setAttribute("d", path(f));
    e.setAttribute("class", "country" + (iso3 && iso3 === selectedCountry ? " selected" : ""));
    e.setAttribute("fill", v === undefined ? "#ddd" : color(v));
    if (iso3) e.setAttribute("data-iso3", iso3);
    if (v !== undefined) e.setAttribute("data-value", String(v));
    e.addEventListener("click", () => { selectedCountry = iso3; renderMap(); });
    svg.appendChild(e);
  }
  const variable = meta.variables.find((v) => v.name === state.mapVar);
  $("map-legend").textContent = `${variable?.long_name ?? state.mapVar} (${variable?.units}), ` +
    `${fmt(Math.min(...xs))} (light) to ${fmt(Math.max(...xs))} (dark); grey: not modelled`;
  renderCountry();
}

function renderCountry() {
  const box = $("country-detail");
  if (!selectedCountry || !pathway?.start) { box.innerHTML = ""; return; }
  const i = pathway.start.countries.indexOf(selectedCountry);
  const country = meta.countries.find((c) => c.iso3 === selectedCountry);
  if (i < 0) {
    box.innerHTML = `<h3>${country?.name ?? selectedCountry}</h3><p>Not in this run.</p>`;
    return;
  }
  const r = mapRecord();
  let html = `<h3 id="country-name">${country.name} (${country.iso3})</h3><p>${country.region}, ` +
    `${country.income} income, bloc ${country.bloc}; ${months(pathway)[r]}</p>` +
    "<table><tr><th>variable</th><th>pathway</th><th>baseline</th></tr>";
  for (const v of meta.variables) {
    if (v.dims !== "country" || !pathway.replicates[0].variables[v.name]) continue;
    const p = stats(pathway, v.name, r, i);
    const b = baseline?.result ? stats(baseline.result, v.name, r, i) : null;
    html += `<tr data-variable="${v.name}"><td>${v.long_name} (${v.units})</td>` +
      `<td>${fmt(p?.mean, 4)}</td><td>${fmt(b?.mean, 4)}</td></tr>`;
  }
  box.innerHTML = html + "</table>";
}

function render() {
  renderChart();
  renderCost();
  renderMap();
}

// ---------- controls ----------

function leverControl(info) {
  const l = state.levers[info.name];
  const div = document.createElement("div");
  div.className = "lever";
  div.dataset.lever = info.name;
  const params = info.parameters.map((p) => `${p.key.replace(/^.*\./, "")} ${p.value}` +
    (p.unit ? ` ${p.unit}` : "")).join(", ");
  const max = SLIDER_MAX[info.name] ?? info.max;
  const step = info.name === "export_controls" ? 1 : max / 100;
  div.innerHTML = `<h3>${info.name.replaceAll("_", " ")}</h3>
    <div class="unit">${info.unit}, range ${info.min}–${info.max}. ${info.effect}</div>
    <div class="row"><input type="range" data-field="slider" min="0" max="${max}"
      step="${step}" value="${Math.min(Number(l.intensity) || 0, max)}">
    <input type="text" data-field="intensity" value="${l.intensity}" aria-label="intensity"></div>
    <div class="row">targets <select data-field="targets">
      <option value="all">all</option><option value="low">low income</option>
      <option value="low_lower_middle">low, lower-middle</option>
      <option value="non_high">not high income</option>
      ${l.custom ? `<option value="custom">as in the scenario</option>` : ""}</select>
      start <input type="text" data-field="start" value="${l.start}" size="7">
      ramp <input type="number" data-field="ramp_months" value="${l.ramp_months}" min="0"> months
    </div>
    <div class="cost">cost: ${info.cost}${params ? ` (${params})` : ""}</div>
    <div class="error" data-error-for="${info.name}"></div>`;
  const field = (name) => div.querySelector(`[data-field="${name}"]`);
  field("targets").value = l.targets;
  field("slider").addEventListener("input", (e) => {
    l.intensity = Number(e.target.value);
    field("intensity").value = String(l.intensity);
    scheduleRun();
  });
  field("intensity").addEventListener("change", (e) => {
    l.intensity = numberOrText(e.target.value);
    if (typeof l.intensity === "number") field("slider").value = String(l.intensity);
    scheduleRun();
  });
  field("targets").addEventListener("change", (e) => { l.targets = e.target.value; scheduleRun(); });
  field("start").addEventListener("change", (e) => { l.start = e.target.value; scheduleRun(); });
  field("ramp_months").addEventListener("change", (e) => {
    l.ramp_months = e.target.value; scheduleRun();
  });
  return div;
}

function renderControls() {
  const box = $("levers");
  box.innerHTML = "";
  for (const info of meta.levers) if (!info.shock) box.appendChild(leverControl(info));
  const extras = $("extras");
  extras.innerHTML = state.extras.length ? "<h3>Other entries of the starting scenario</h3>" : "";
  state.extras.forEach((entry, k) => {
    const div = document.createElement("div");
    div.className = "lever";
    div.dataset.lever = "extra:" + k;
    div.innerHTML = `<code>${JSON.stringify(entry)}</code> <button type="button">remove</button>
      <div class="error" data-error-for="extra:${k}"></div>`;
    div.querySelector("button").addEventListener("click", () => {
      state.extras.splice(k, 1); renderControls(); scheduleRun();
    });
    extras.appendChild(div);
  });
  $("library").value = state.base;
  for (const k of ["workers", "firms", "seed", "replicates"]) $(k).value = String(state[k]);
  $("chart-var").value = state.chartVar;
  $("map-var").value = state.mapVar;
}

function writeHash() {
  const { base, levers, extras, workers, firms, seed, replicates, chartVar, mapVar, mapYear } =
    state;
  const view = { base, levers, extras, workers, firms, seed, replicates, chartVar, mapVar, mapYear };
  history.replaceState(null, "", "#" + encodeURIComponent(JSON.stringify(view)));
}

function readHash() {
  if (location.hash.length < 2) return null;
  try {
    return JSON.parse(decodeURIComponent(location.hash.slice(1)));
  } catch {
    return null;
  }
}

async function exportYaml() {
  clearErrors();
  const response = await fetch("/api/export", { method: "POST",
    body: JSON.stringify({ ...runRequest(true), session: undefined, variables: undefined }) });
  const answer = await response.json();
  if (!response.ok) { showError(answer); return; }
  $("export-panel").hidden = false;
  $("export-yaml").textContent = answer.yaml;
  const link = $("export-download");
  link.download = answer.filename;
  link.href = URL.createObjectURL(new Blob([answer.yaml], { type: "text/yaml" }));
}

function wire() {
  for (const s of meta.scenarios) {
    $("library").add(new Option(`${s.name}${s.title ? ": " + s.title : ""}`, s.name));
  }
  const known = new Set(meta.variables.map((v) => v.name));
  for (const [name, label] of CHART_VARS) {
    if (known.has(name)) $("chart-var").add(new Option(label, name));
  }
  for (const v of meta.variables) {
    if (v.dims === "country") $("map-var").add(new Option(`${v.long_name} (${v.name})`, v.name));
  }
  $("library").addEventListener("change", (e) => {
    state = stateFromScenario(e.target.value);
    baseline = null; pathway = null; renderControls(); scheduleRun();
  });
  $("reset").addEventListener("click", () => {
    state = stateFromScenario(state.base); renderControls(); scheduleRun();
  });
  for (const k of ["workers", "firms", "seed", "replicates"]) {
    $(k).addEventListener("change", (e) => { state[k] = numberOrText(e.target.value); scheduleRun(); });
  }
  $("chart-var").addEventListener("change", (e) => { state.chartVar = e.target.value; writeHash(); render(); });
  $("map-var").addEventListener("change", (e) => { state.mapVar = e.target.value; scheduleRun(); });
  $("map-year").addEventListener("input", (e) => {
    state.mapYear = Number(e.target.value); writeHash(); renderMap();
  });
  $("export").addEventListener("click", exportYaml);
  $("share").addEventListener("click", () => {
    writeHash();
    $("share-panel").hidden = false;
    $("share-link").value = location.href;
    $("share-link").select();
  });
}

async function main() {
  meta = await (await fetch("/api/meta")).json();
  const fromHash = readHash();
  state = stateFromScenario(fromHash?.base ?? "baseline");
  if (fromHash) Object.assign(state, fromHash);
  wire();
  renderControls();
  await loadAtlas();
  scheduleRun();
}

main();
