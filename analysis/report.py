"""A self-contained HTML report of one or more run or ensemble files: the figures of
analysis.plots (embedded as base64 PNG, and written as PNG and SVG files) and the scenario
comparison tables (headline values per scenario at chosen years, also written as CSV).

Usage: python3 -m analysis.report RUN_OR_ENSEMBLE.h5 [...] -o DIR [--years 2025 2030 2040]
                                  [--posterior-sweep SWEEP_DIR]

Writes DIR/report.html, DIR/figures/*.png and *.svg, DIR/tables/*.csv and prints the path of
the HTML file. An ensemble contributes one column per scenario (the median over its runs, with
the 5-95% range) and fan charts over its replicates. A posterior predictive sweep
(docs/CALIBRATION.md) adds each scenario's paired difference from the reference with its 90%
interval over posterior draws and replicates, flagged when it is not distinguishable from zero,
and draws the differences as bands.
"""

from __future__ import annotations

import argparse
import base64
import datetime as _dt
import html
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xarray as xr  # noqa: E402

from analysis import plots  # noqa: E402
from analysis.load import (INCOME_GROUPS, flatten_parameters, is_ensemble,  # noqa: E402
                           open_any, run_label, time_index)

YEARS = (2025, 2030, 2040)
PER_RUN_LIMIT = 4  # per-run figure sets; more inputs get only the comparison figures
HEADLINE_ROWS = (
    *(("group_ai_user_share", {"income_group": g}, f"AI user share, {g.replace('_', '-')} income")
      for g in INCOME_GROUPS),
    ("world_ai_user_share", None, "AI user share, world"),
    ("gini_ai_user_share", None, "Gini of AI use"),
    ("theil_ai_user_share", None, "Theil T of AI use"),
    ("theil_between_ai_user_share", None, "Theil T of AI use, between groups"),
    ("ratio_high_low_ai_user_share", None, "AI use, high / low income"),
    ("gap_high_low_ai_user_share", None, "AI use, high - low income"),
    *(("group_firm_production_all", {"income_group": g},
       f"Firms in AI production, {g.replace('_', '-')} income") for g in ("low", "high")),
    ("gap_high_low_firm_production_all", None, "Firms in production, high - low income"),
    ("world_ai_tfp_gain", None, "AI TFP gain, world"),
    ("gini_ai_tfp_gain", None, "Gini of the AI TFP gain"),
    ("gap_high_low_ai_tfp_gain", None, "AI TFP gain, high - low income"),
)


class Entry:
    """One column of the comparison: a run, or the runs of one scenario of an ensemble."""

    def __init__(self, label: str, ds: xr.Dataset, path: str):
        self.label = label
        self.ds = ds
        self.path = path

    @property
    def runs(self) -> int:
        return self.ds.sizes.get("run", 1)


def _entries(datasets: Sequence[tuple[str, xr.Dataset]]) -> list[Entry]:
    entries: list[Entry] = []
    for path, ds in datasets:
        if is_ensemble(ds):
            names = np.asarray(ds["scenario"].values).astype(str) if "scenario" in ds.coords \
                else np.array([Path(path).stem] * ds.sizes["run"])
            for name in dict.fromkeys(names):
                part = ds.isel(run=np.flatnonzero(names == name))
                entries.append(Entry(str(name), part, path))
        else:
            entries.append(Entry(run_label(ds), ds, path))
    labels = [e.label for e in entries]
    if len(set(labels)) < len(labels):  # same scenario twice: use the file names
        for e in entries:
            stem = Path(e.path).stem
            e.label = stem if not is_ensemble(e.ds) else f"{stem}:{e.label}"
    labels = [e.label for e in entries]
    if len(set(labels)) < len(labels):
        for i, e in enumerate(entries):
            e.label = f"{e.label} ({i + 1})"
    return entries


def _value(ds: xr.Dataset, name: str, select, year: int) -> tuple[float, float, float, str]:
    """(median, 5%, 95%, record month) of a variable at a year's record over the runs."""
    if name not in ds.variables:
        return (np.nan, np.nan, np.nan, "")
    da = ds[name]
    if select:
        da = da.sel(**select)
    index = time_index(da["time"].values, year)
    da = da.isel(time=index)
    month = pd.Timestamp(ds["time"].values[index]).strftime("%Y-%m")
    values = np.atleast_1d(np.asarray(da.values, dtype=float))
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (np.nan, np.nan, np.nan, month)
    return (float(np.median(finite)), float(np.quantile(finite, 0.05)),
            float(np.quantile(finite, 0.95)), month)


def headline_table(entries: Sequence[Entry], years: Sequence[int] = YEARS) -> pd.DataFrame:
    """Rows: headline indicators; columns: (year, scenario) with the median over runs."""
    columns, data, notes = [], {}, []
    for year in years:
        for e in entries:
            col = (f"{year}", e.label)
            columns.append(col)
            cells = []
            for name, select, _ in HEADLINE_ROWS:
                median, low, high, month = _value(e.ds, name, select, year)
                cells.append(median)
                data.setdefault(("p05",) + col, []).append(low)
                data.setdefault(("p95",) + col, []).append(high)
            data[col] = cells
            if month and month != f"{year}-01":
                notes.append(f"{e.label}: {year} shows the {month} record")
    table = pd.DataFrame({c: data[c] for c in columns},
                         index=[label for _, _, label in HEADLINE_ROWS])
    table.columns = pd.MultiIndex.from_tuples(columns, names=["year", "scenario"])
    table.attrs["notes"] = sorted(set(notes))
    table.attrs["p05"] = pd.DataFrame({c: data[("p05",) + c] for c in columns},
                                      index=table.index)
    table.attrs["p95"] = pd.DataFrame({c: data[("p95",) + c] for c in columns},
                                      index=table.index)
    return table


def runs_table(entries: Sequence[Entry]) -> pd.DataFrame:
    rows = []
    for e in entries:
        ds = e.ds
        times = pd.DatetimeIndex(ds["time"].values)
        seeds = np.unique(np.atleast_1d(ds["seed"].values)) if "seed" in ds.coords else []
        reps = np.unique(np.atleast_1d(ds["replicate"].values)) if "replicate" in ds.coords \
            else []
        rows.append({
            "label": e.label, "file": os.path.basename(e.path),
            "scenario": ", ".join(np.unique(np.atleast_1d(ds["scenario"].values)).astype(str))
            if "scenario" in ds.coords else "",
            "runs": e.runs, "seeds": ", ".join(str(s) for s in seeds[:6]),
            "replicates": ", ".join(str(r) for r in reps[:6]) + (" ..." if len(reps) > 6 else ""),
            "status": str(ds.attrs.get("status", "")),
            "records": f"{len(times)} ({times[0]:%Y-%m} to {times[-1]:%Y-%m})",
            "countries": ds.sizes.get("country", 0)})
    return pd.DataFrame(rows).set_index("label")


def parameter_table(entries: Sequence[Entry]) -> pd.DataFrame:
    """Parameters (key paths) whose resolved values differ between the runs (first run of
    each entry), plus the varied parameters of ensembles as ranges."""
    flats = {}
    for e in entries:
        tree = e.ds.attrs.get("parameters", {})
        if isinstance(tree, list):
            tree = tree[0] if tree else {}
        flats[e.label] = flatten_parameters(tree) if tree else {}
    keys = sorted(set().union(*[set(f) for f in flats.values()])) if flats else []
    rows = {}
    for key in keys:
        values = [flats[label].get(key) for label in flats]
        if len({repr(v) for v in values}) > 1 and not key.startswith("run."):
            rows[key] = [repr(v) if isinstance(v, list) else v for v in values]
    for e in entries:
        for key in e.ds.attrs.get("varied_parameters", []) or []:
            if key in e.ds.coords:
                v = np.asarray(e.ds[key].values, dtype=float)
                rows.setdefault(key, [""] * len(flats))
                rows[key][list(flats).index(e.label)] = f"{v.min():.4g} to {v.max():.4g} (varied)"
    return pd.DataFrame(rows, index=list(flats)).T if rows else pd.DataFrame()


def _fmt(value) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "NaN"
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    if magnitude >= 1e5 or magnitude < 1e-3:
        return f"{value:.3e}"
    return f"{value:.4g}"


def _html_table(frame: pd.DataFrame, low: pd.DataFrame | None = None,
                high: pd.DataFrame | None = None, ranges: bool = False) -> str:
    shown = frame.copy().astype(object)
    for i in range(frame.shape[0]):
        for j in range(frame.shape[1]):
            text = _fmt(frame.iat[i, j])
            if ranges and low is not None and np.isfinite(low.iat[i, j]) and \
                    low.iat[i, j] != high.iat[i, j]:
                text += f" [{_fmt(low.iat[i, j])}, {_fmt(high.iat[i, j])}]"
            shown.iat[i, j] = text
    return shown.to_html(escape=True, border=0, classes="table")


CSS = """
body { font-family: sans-serif; max-width: 1200px; margin: 2em auto; color: #111; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #999; margin-top: 2em; }
table.table { border-collapse: collapse; font-size: 0.85em; margin: 1em 0; }
table.table th, table.table td { border: 1px solid #bbb; padding: 3px 6px; text-align: right; }
table.table th { background: #eee; }
figure { margin: 1.5em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #333; } .note { font-size: 0.85em; color: #444; }
"""


class Report:
    def __init__(self, out: Path):
        self.out = out
        self.figures = out / "figures"
        self.tables = out / "tables"
        self.sections: list[str] = []
        self.files: list[Path] = []

    def figure(self, fig, stem: str, caption: str) -> None:
        paths = plots.save(fig, self.figures / stem, ("png", "svg"))
        self.files += paths
        png = next(p for p in paths if p.suffix == ".png")
        data = base64.b64encode(png.read_bytes()).decode("ascii")
        links = " ".join(f'<a href="figures/{p.name}">{p.suffix[1:].upper()}</a>' for p in paths)
        self.sections.append(
            f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(caption)} ({links})</figcaption></figure>")

    def table(self, frame: pd.DataFrame, stem: str, body_html: str) -> None:
        self.tables.mkdir(parents=True, exist_ok=True)
        path = self.tables / f"{stem}.csv"
        frame.to_csv(path)
        self.files.append(path)
        self.sections.append(body_html + f'<p class="note">CSV: <a href="tables/{path.name}">'
                             f"{path.name}</a></p>")

    def heading(self, text: str, level: int = 2) -> None:
        self.sections.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def paragraph(self, text: str) -> None:
        self.sections.append(f"<p>{html.escape(text)}</p>")


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text).strip("_") or "run"


UNCERTAINTY_ROWS = (("gap_high_low_ai_user_share", "AI use, high - low income"),
                    ("world_ai_user_share", "AI user share, world"),
                    ("gap_high_low_ai_tfp_gain", "AI TFP gain, high - low income"))


def posterior_section(report: "Report", sweep_dir, years: Sequence[int]) -> None:
    """Paired differences from the reference scenario of a posterior predictive sweep: a table
    of mean [5%, 95%] per scenario and year (January records), and bands over time."""
    from analysis import calibration
    report.heading("Differences with parameter uncertainty")
    rows = []
    for variable, label in UNCERTAINTY_ROWS:
        diffs = calibration.paired_differences(sweep_dir, variable)
        if diffs.empty:
            continue
        for year in years:
            at = diffs[pd.to_datetime(diffs["time"]) == pd.Timestamp(year=year, month=1, day=1)]
            for r in at.itertuples():
                rows.append({"quantity": label, "scenario": r.scenario, "year": year,
                             "pairs": r.pairs, "mean": r.mean, "lo90": r.lo, "hi90": r.hi,
                             "distinguishable from 0": "yes" if r.distinguishable else "no"})
        report.figure(calibration.difference_bands(diffs), f"bands_{variable}",
                      f"{label}: paired difference from {diffs.attrs['reference']}, mean and "
                      "90% band over posterior draws and replicates")
    frame = pd.DataFrame(rows)
    report.paragraph("Runs of two scenarios pair when they share the posterior draw and the "
                     "replicate; the interval is the 5-95% range of the paired differences over "
                     "draws and replicates together. A difference whose interval contains zero "
                     "is not distinguishable from zero given what the calibration data allow.")
    if not frame.empty:
        report.table(frame, "posterior_differences", frame.to_html(border=0, classes="table",
                                                                   index=False))


def write_report(paths: Sequence[str | os.PathLike], out_dir: str | os.PathLike,
                 years: Sequence[int] = YEARS, title: str | None = None,
                 per_run: int = PER_RUN_LIMIT, log=None, posterior_sweep=None) -> Path:
    """Build the report of the given files in out_dir; returns the path of report.html."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    datasets = [(os.fspath(p), open_any(p)) for p in paths]
    entries = _entries(datasets)
    report = Report(out)
    title = title or "aidivide report: " + ", ".join(e.label for e in entries)

    report.heading("Inputs")
    runs = runs_table(entries)
    report.table(runs, "inputs", runs.to_html(border=0, classes="table"))
    params = parameter_table(entries)
    if not params.empty:
        report.heading("Parameters that differ", 3)
        report.table(params, "parameters", params.to_html(border=0, classes="table"))

    report.heading("Scenario comparison")
    table = headline_table(entries, years)
    flat = table.copy()
    flat.columns = [f"{y} {s}" for y, s in table.columns]
    any_ensemble = any(e.runs > 1 for e in entries)
    note = ("Median over the runs of each scenario, with the 5-95% range in brackets. "
            if any_ensemble else "")
    report.paragraph(note + "Values at the January record of each year; group means are "
                     "labour-force-weighted; divide indices as in docs/ODD.md section 8.")
    for n in table.attrs["notes"]:
        report.paragraph("Note: " + n)
    report.table(flat, "headline", _html_table(table, table.attrs["p05"], table.attrs["p95"],
                                               ranges=any_ensemble))

    if posterior_sweep is not None:
        posterior_section(report, posterior_sweep, years)

    report.heading("Figures")
    if len(entries) > 1:
        report.figure(plots.scenario_comparison({e.label: e.ds for e in entries}),
                      "scenario_comparison", "Scenario comparison: world AI use, the AI-use "
                      "gap and Gini, AI use in low-income countries, the AI TFP gain and the "
                      "production gap (ensembles: median over runs)")
    if len(entries) == 2:
        a, b = entries
        report.figure(plots.scenario_difference(a.ds, b.ds, labels=(a.label, b.label)),
                      "scenario_difference",
                      f"AI use by income group: {b.label} against {a.label}")
    for path, ds in datasets:
        if is_ensemble(ds) and ds.sizes["run"] > 1:
            stem = _slug(Path(path).stem)
            for variable in ("world_ai_user_share", "gap_high_low_ai_user_share"):
                if variable in ds:
                    report.figure(plots.fan_chart(ds, variable), f"fan_{stem}_{variable}",
                                  f"{variable} over the runs of {Path(path).name}: median, "
                                  "50% and 90% bands per scenario")
    for e in entries[:per_run]:
        stem = _slug(e.label)
        what = "median over runs" if e.runs > 1 else "one run"
        report.heading(f"{e.label} ({what})", 3)
        figures = [
            *((f"divide_{v}", lambda ds, v=v: plots.divide_trajectories(ds, v),
               (v, "labour_force"), f"{v} by income group and its divide indices")
              for v in ("ai_user_share", "firm_production_all")),
            ("lorenz", plots.lorenz_curves, ("ai_user_share", "ai_tfp_gain", "labour_force"),
             "Lorenz curves of AI use and AI TFP gain across countries"),
            ("ranking", lambda ds: plots.country_ranking(ds, when=max(years)),
             ("ai_user_share",), "country ranking of AI use"),
            ("firm_size", lambda ds: plots.firm_size_adoption(ds, when=max(years)),
             ("firm_production_share", "firm_adoption_share", "firm_count"),
             "AI adoption and production by firm size"),
            ("labour", lambda ds: plots.labour_outcomes(ds, when=max(years)),
             ("unemployment_rate", "employment", "mean_wage_usd", "employment_by_skill",
              "labour_force"), "labour outcomes by skill and occupation"),
        ]
        skipped = []
        for name, make, needs, caption in figures:
            if all(v in e.ds.variables for v in needs):
                report.figure(make(e.ds), f"{stem}_{name}", f"{e.label}: {caption}")
            else:
                skipped.append(name)
        if skipped:
            report.paragraph(f"Not drawn for {e.label} (variables not in the file): "
                             + ", ".join(skipped) + ".")
        if log:
            log(f"report: figures of {e.label} done")
    if len(entries) > per_run:
        report.paragraph(f"Per-run figures are shown for the first {per_run} input(s) only.")

    created = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    page = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><p class=\"note\">Written {created} by "
            f"<code>python3 -m analysis.report</code> from "
            f"{html.escape(', '.join(os.path.basename(p) for p, _ in datasets))}.</p>"
            + "\n".join(report.sections) + "</body></html>\n")
    target = out / "report.html"
    target.write_text(page, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m analysis.report",
                                     description="Write an HTML report of aidivide runs.")
    parser.add_argument("files", nargs="+", help="run files or ensemble files (.h5)")
    parser.add_argument("-o", "--out", required=True, help="output directory")
    parser.add_argument("--years", type=int, nargs="+", default=list(YEARS),
                        help="years of the comparison table (January records)")
    parser.add_argument("--title", help="page title")
    parser.add_argument("--per-run", type=int, default=PER_RUN_LIMIT,
                        help=f"inputs that get the per-run figures ({PER_RUN_LIMIT})")
    parser.add_argument("--posterior-sweep", metavar="SWEEP_DIR",
                        help="a posterior predictive sweep: differences with 90%% intervals")
    args = parser.parse_args(argv)
    missing = [f for f in args.files if not os.path.exists(f)]
    if missing:
        print(f"analysis.report: {missing[0]}: no such file", file=sys.stderr)
        return 2
    try:
        target = write_report(args.files, args.out, args.years, args.title, args.per_run,
                              posterior_sweep=args.posterior_sweep)
    except (OSError, ValueError, KeyError) as error:
        print(f"analysis.report: {error}", file=sys.stderr)
        return 2
    print(f"report: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
