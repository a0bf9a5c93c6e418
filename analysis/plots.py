"""Publication figures with matplotlib (Agg): divide trajectories by income group, fan charts over
replicates, scenario comparison panels, Lorenz curves, country rankings, firm-size adoption,
labour outcomes, and sensitivity index charts.

Every function returns a `matplotlib.figure.Figure`; `save(fig, stem)` writes STEM.png and
STEM.svg. Axis labels carry the variables' `units` attributes. Series differ by line style and
marker as well as colour, and bars by hatching, so the figures read in greyscale. A function for
one run given an ensemble (a `run` dimension) plots the median over runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import matplotlib

# Files, not windows: Agg, unless inside a Jupyter kernel (inline figures) or the user chose.
if "MPLBACKEND" not in os.environ and "ipykernel" not in sys.modules:
    matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import xarray as xr  # noqa: E402

from analysis.groups import group_mean, world_mean  # noqa: E402
from analysis.load import INCOME_GROUPS, at_time, run_label  # noqa: E402
from analysis.metrics import lorenz, weighted_gini  # noqa: E402

# Colour (Okabe-Ito, colour-blind safe) + line style + marker: distinct in greyscale too.
STYLES = (
    dict(color="#000000", linestyle="-", marker="o"),
    dict(color="#E69F00", linestyle="--", marker="s"),
    dict(color="#0072B2", linestyle="-.", marker="^"),
    dict(color="#009E73", linestyle=":", marker="D"),
    dict(color="#CC79A7", linestyle=(0, (5, 1, 1, 1, 1, 1)), marker="v"),
    dict(color="#56B4E9", linestyle=(0, (8, 2)), marker="P"),
    dict(color="#D55E00", linestyle=(0, (1, 1)), marker="X"),
    dict(color="#666666", linestyle=(0, (3, 1, 1, 1)), marker="*"),
)
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "++", "--")
GREYS = ("0.15", "0.45", "0.7", "0.9", "0.3", "0.6", "0.8", "0.05")
GROUP_LABELS = {"low": "Low income", "lower_middle": "Lower-middle income",
                "upper_middle": "Upper-middle income", "high": "High income"}
SHARE_WORDS = ("share", "rate", "users", "firms in")
INDEX_PREFIXES = ("gini_", "theil_", "ratio_")  # indices and ratios: unit 1, not a share

plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 120, "axes.grid": True,
                     "grid.alpha": 0.3, "legend.frameon": False, "font.size": 9,
                     "svg.fonttype": "none"})


def style(i: int, markevery=None) -> dict:
    """The i-th series style (colour, line style, marker), cycling."""
    s = dict(STYLES[i % len(STYLES)])
    if markevery is not None:
        s["markevery"] = markevery
    s.setdefault("markersize", 4)
    s.setdefault("linewidth", 1.4)
    return s


def _markevery(n: int) -> int:
    return max(1, n // 10)


def units_of(da: xr.DataArray) -> str:
    return str(da.attrs.get("units", ""))


def axis_label(da: xr.DataArray | None = None, text: str | None = None,
               units: str | None = None) -> str:
    """'<text> [<units>]', text and units from the variable's attributes unless given. Unit
    '1' reads 'share' for shares and rates, else stays '1' (an index or ratio)."""
    if units is None:
        units = units_of(da) if da is not None else ""
    if text is None:
        text = str(da.attrs.get("long_name") or da.name or "") if da is not None else ""
    shown = units or "1"
    name = str(da.name or "") if da is not None else ""
    if shown == "1" and not name.startswith(INDEX_PREFIXES):
        words = f"{text} {name}".lower()
        if any(w in words for w in SHARE_WORDS) and "gini" not in words and \
                "theil" not in words:
            shown = "share"
    return f"{text} [{shown}]"


def save(fig: plt.Figure, stem: str | os.PathLike, formats: Iterable[str] = ("png", "svg"),
         close: bool = True) -> list[Path]:
    """Write the figure as STEM.<format> for each format; returns the paths."""
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}") if stem.suffix in ("", ".png", ".svg", ".pdf") \
            else Path(f"{stem}.{fmt}")
        fig.savefig(path, format=fmt)  # constrained layout already fits the labels
        paths.append(path)
    if close:
        plt.close(fig)
    return paths


def _single(ds: xr.Dataset) -> xr.Dataset:
    """A run as is; an ensemble as the median over its runs (numeric variables)."""
    if "run" not in ds.dims:
        return ds
    numeric = [n for n, v in ds.data_vars.items() if v.dtype.kind in "fiu" and "run" in v.dims]
    med = ds[numeric].median("run", keep_attrs=True)
    for n in numeric:
        med[n].attrs = dict(ds[n].attrs)
    keep = [c for c in ds.coords if "run" not in ds[c].dims]
    med = med.assign_coords({c: ds[c] for c in keep})
    med.attrs = dict(ds.attrs)
    return med


def _times(da: xr.DataArray) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(da["time"].values)


def _finish_time_axis(ax: plt.Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("Date [month]")


# ------------------------------------------------------------------ divide trajectories


def divide_trajectories(ds: xr.Dataset, variable: str = "ai_user_share",
                        title: str | None = None) -> plt.Figure:
    """Left: the labour-force-weighted mean of `variable` in each income group over time.
    Right: the divide indices across countries (Gini and Theil T, and the high-low gap)."""
    ds = _single(ds)
    x = ds[variable]
    means = group_mean(ds, variable)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)
    times = _times(means)
    every = _markevery(len(times))
    for i, group in enumerate(INCOME_GROUPS):
        values = means.sel(income_group=group).values
        if np.isfinite(values).any():
            left.plot(times, values, label=GROUP_LABELS[group], **style(i, every))
    left.set_ylabel(axis_label(x, f"{x.attrs.get('long_name', variable)}, group mean"))
    left.set_title("By income group (labour-force-weighted)")
    left.legend(loc="best")
    _finish_time_axis(left)
    indices = [(f"gini_{variable}", "Gini"), (f"theil_{variable}", "Theil T"),
               (f"theil_between_{variable}", "Theil T, between groups"),
               (f"gap_high_low_{variable}", "Gap high - low income")]
    if f"gini_{variable}" not in ds:
        from analysis.metrics import divide_metrics

        ds = ds.merge(divide_metrics(ds, variable))
    for i, (name, label) in enumerate(indices):
        if name in ds:
            right.plot(_times(ds[name]), ds[name].values, label=label, **style(i, every))
    right.set_ylabel(axis_label(units="1", text="Divide index across countries"))
    right.set_title("Divide indices")
    right.legend(loc="best")
    _finish_time_axis(right)
    fig.suptitle(title or f"{x.attrs.get('long_name', variable)}: {run_label(ds)}")
    return fig


# ------------------------------------------------------------------ fan charts


def _series(ds: xr.Dataset, variable: str, select: Mapping | None) -> xr.DataArray:
    da = ds[variable]
    if select:
        da = da.sel(**select)
    extra = [d for d in da.dims if d not in ("run", "time", "country")]
    if extra:
        raise ValueError(f"{variable} has dimensions {extra}: pick one with select=")
    if "country" in da.dims:
        da = world_mean(ds, da)
    return da


def fan_chart(ens: xr.Dataset, variable: str = "gap_high_low_ai_user_share",
              by: str = "scenario", select: Mapping | None = None,
              ax: plt.Axes | None = None, title: str | None = None) -> plt.Figure:
    """Median and 50% / 90% bands over the runs (replicates) of each value of `by` (one fan per
    scenario). A variable over country is reduced to its labour-force-weighted world mean."""
    da = _series(ens, variable, select)
    if "run" not in da.dims:
        da = da.expand_dims(run=[0])
    fig = ax.figure if ax is not None else plt.figure(figsize=(7, 4), constrained_layout=True)
    ax = ax or fig.add_subplot()
    keys = np.asarray(ens[by].values).astype(str) if by in ens.coords and \
        ens[by].dims == ("run",) else np.array(["all"] * da.sizes["run"])
    times = _times(da)
    every = _markevery(len(times))
    for i, key in enumerate(dict.fromkeys(keys)):
        runs = da.isel(run=np.flatnonzero(keys == key)).transpose("run", "time").values
        q = np.nanquantile(runs, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        s = style(i, every)
        ax.fill_between(times, q[0], q[4], color=s["color"], alpha=0.12, linewidth=0,
                        hatch=HATCHES[(i + 1) % len(HATCHES)] if i else None)
        ax.fill_between(times, q[1], q[3], color=s["color"], alpha=0.28, linewidth=0)
        ax.plot(times, q[2], label=f"{key}: median of {runs.shape[0]} runs", **s)
    ax.plot([], [], color="0.5", alpha=0.28, linewidth=8, label="50% band (darker)")
    ax.plot([], [], color="0.5", alpha=0.12, linewidth=8, label="90% band (lighter)")
    base = ens[variable]
    ax.set_ylabel(axis_label(base))
    ax.set_title(title or f"{base.attrs.get('long_name', variable)} over replicates")
    ax.legend(loc="best")
    _finish_time_axis(ax)
    return fig


# ------------------------------------------------------------------ scenario comparison


def _as_runs(datasets) -> dict[str, xr.Dataset]:
    """{label: single-run dataset}. Accepts a dict, a list of runs (labelled by scenario, or
    file stem when scenarios repeat) or an ensemble (median per scenario)."""
    if isinstance(datasets, Mapping) and not isinstance(datasets, xr.Dataset):
        return {str(k): _single(v) for k, v in datasets.items()}
    if isinstance(datasets, xr.Dataset):
        if "run" not in datasets.dims:
            return {run_label(datasets): datasets}
        names = np.asarray(datasets["scenario"].values).astype(str)
        return {name: _single(datasets.isel(run=np.flatnonzero(names == name)))
                for name in dict.fromkeys(names)}
    runs = list(datasets)
    labels = [run_label(r) for r in runs]
    if len(set(labels)) < len(labels):
        labels = [Path(str(r.attrs.get("path", f"run{i}"))).stem for i, r in enumerate(runs)]
    return {lab: _single(r) for lab, r in zip(labels, runs)}


COMPARISON_PANELS = (
    ("world_ai_user_share", None),
    ("gap_high_low_ai_user_share", None),
    ("gini_ai_user_share", None),
    ("group_ai_user_share", {"income_group": "low"}),
    ("world_ai_tfp_gain", None),
    ("gap_high_low_firm_production_all", None),
)


def scenario_comparison(datasets, panels: Sequence = COMPARISON_PANELS,
                        title: str | None = "Scenario comparison") -> plt.Figure:
    """One panel per (variable, selection) with one line per scenario or run."""
    runs = _as_runs(datasets)
    panels = [(p, None) if isinstance(p, str) else tuple(p) for p in panels]
    ncols = 3 if len(panels) > 4 else 2 if len(panels) > 1 else 1
    nrows = int(np.ceil(len(panels) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 3.2 * nrows),
                             constrained_layout=True, squeeze=False)
    for ax, (variable, select) in zip(axes.flat, panels):
        base = None
        for i, (label, ds) in enumerate(runs.items()):
            if variable not in ds:
                continue
            da = _series(ds, variable, select)
            base = ds[variable]
            ax.plot(_times(da), da.values, label=label, **style(i, _markevery(da.sizes["time"])))
        if base is None:
            ax.set_visible(False)
            continue
        name = base.attrs.get("long_name", variable)
        if select:
            name += " (" + ", ".join(str(v) for v in select.values()) + ")"
        ax.set_title(name, fontsize=9)
        ax.set_ylabel(axis_label(base, "Value"))  # the title names the variable
        _finish_time_axis(ax)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    axes.flat[0].legend(loc="best", fontsize=7)
    if title:
        fig.suptitle(title)
    return fig


def scenario_difference(a: xr.Dataset, b: xr.Dataset, variable: str = "ai_user_share",
                        labels: tuple[str, str] = ("A", "B"), title: str | None = None
                        ) -> plt.Figure:
    """Income-group means of `variable` under two runs (left) and their difference B - A
    (right)."""
    a, b = _single(a), _single(b)
    ga, gb = xr.align(group_mean(a, variable), group_mean(b, variable), join="inner")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)
    times = _times(ga)
    every = _markevery(len(times))
    for i, group in enumerate(INCOME_GROUPS):
        s = style(i, every)
        left.plot(times, ga.sel(income_group=group), label=f"{GROUP_LABELS[group]}, {labels[0]}",
                  **{**s, "linestyle": "-"}, alpha=0.6)
        left.plot(times, gb.sel(income_group=group), label=f"{GROUP_LABELS[group]}, {labels[1]}",
                  **{**s, "linestyle": "--"})
        right.plot(times, gb.sel(income_group=group) - ga.sel(income_group=group),
                   label=GROUP_LABELS[group], **s)
    x = a[variable]
    left.set_ylabel(axis_label(x, f"{x.attrs.get('long_name', variable)}, group mean"))
    left.set_title(f"{labels[0]} (solid) and {labels[1]} (dashed)")
    left.legend(loc="best", fontsize=7)
    right.axhline(0, color="0.4", linewidth=0.8)
    right.set_ylabel(axis_label(x, f"Difference {labels[1]} - {labels[0]}"))
    right.set_title("Difference by income group")
    right.legend(loc="best")
    for ax in (left, right):
        _finish_time_axis(ax)
    fig.suptitle(title or f"{x.attrs.get('long_name', variable)}: {labels[1]} vs {labels[0]}")
    return fig


# ------------------------------------------------------------------ Lorenz curves


def lorenz_curves(ds: xr.Dataset, variables: Sequence[str] = ("ai_user_share", "ai_tfp_gain"),
                  times: Sequence | None = None, weight: str = "labour_force",
                  title: str | None = None) -> plt.Figure:
    """Weighted Lorenz curves across countries (countries ordered by the variable, x = share
    of the labour force, y = share of the labour-force-weighted total), one panel per variable,
    one curve per date, with the Gini in the legend."""
    ds = _single(ds)
    if times is None:
        stamps = _times(ds["time"])
        times = sorted({stamps[0], stamps[len(stamps) // 2], stamps[-1]})
    fig, axes = plt.subplots(1, len(variables), figsize=(4.4 * len(variables), 4.2),
                             constrained_layout=True, squeeze=False)
    for ax, variable in zip(axes.flat, variables):
        for i, when in enumerate(times):
            snap = at_time(ds, when)
            x, w = snap[variable].values, snap[weight].values
            cx, cy = lorenz(x, w)
            g = float(weighted_gini(x, w))
            month = pd.Timestamp(snap["time"].values).strftime("%Y-%m")
            ax.plot(cx, cy, label=f"{month} (Gini {g:.2f})",
                    **style(i, max(1, len(cx) // 12)))
        ax.plot([0, 1], [0, 1], color="0.5", linewidth=0.8, linestyle="-",
                label="Equality")
        da = ds[variable]
        name = da.attrs.get("long_name", variable)
        ax.set_xlabel(axis_label(units="1", text="Cumulative share of the labour force"))
        ax.set_ylabel(axis_label(units="1", text=f"Cumulative share of total: {name}"))
        ax.set_title(f"Lorenz curve: {name}")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.legend(loc="upper left")
    if title:
        fig.suptitle(title)
    return fig


# ------------------------------------------------------------------ country ranking


def country_ranking(ds: xr.Dataset, variable: str = "ai_user_share", when=None,
                    top: int = 15, bottom: int = 15, title: str | None = None) -> plt.Figure:
    """Horizontal bars of the `top` highest and `bottom` lowest countries at a record (all
    countries when there are at most top + bottom), hatched and shaded by income group."""
    ds = _single(ds)
    snap = at_time(ds, when)
    values = pd.Series(snap[variable].values,
                       index=[str(c) for c in snap["country"].values]).dropna()
    groups = dict(zip((str(c) for c in ds["country"].values),
                      (str(g) for g in ds["country_income_group"].values)))
    names = dict(zip((str(c) for c in ds["country"].values),
                     (str(g) for g in ds["country_name"].values))) \
        if "country_name" in ds.variables else {}
    ordered = values.sort_values(ascending=False)
    if len(ordered) > top + bottom:
        shown = pd.concat([ordered.iloc[:top], ordered.iloc[-bottom:]])
        cut = top
    else:
        shown, cut = ordered, None
    fig, ax = plt.subplots(figsize=(7, 0.22 * len(shown) + 1.6), constrained_layout=True)
    positions = np.arange(len(shown))[::-1].astype(float)
    if cut is not None:
        positions[cut:] -= 1.0  # a gap between the top and bottom blocks
    for i, group in enumerate(INCOME_GROUPS):
        mask = np.array([groups.get(c) == group for c in shown.index])
        if mask.any():
            ax.barh(positions[mask], shown.values[mask], color=GREYS[i], edgecolor="black",
                    hatch=HATCHES[i], linewidth=0.6, label=GROUP_LABELS[group])
    ax.set_yticks(positions)
    ax.set_yticklabels([f"{names.get(c, c)} ({c})" for c in shown.index], fontsize=7)
    if cut is not None:
        ax.axhline(positions[cut] + 1.0, color="0.3", linewidth=0.8, linestyle=":")
    da = ds[variable]
    month = pd.Timestamp(snap["time"].values).strftime("%Y-%m")
    ax.set_xlabel(axis_label(da))
    ax.set_ylabel("Country")
    what = f"top {top} and bottom {bottom} of {len(ordered)}" if cut is not None else \
        f"all {len(ordered)} countries"
    ax.set_title(title or f"{da.attrs.get('long_name', variable)}, {month} ({what})")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    return fig


# ------------------------------------------------------------------ firms by size


def firm_size_adoption(ds: xr.Dataset, when=None, title: str | None = None) -> plt.Figure:
    """Left: firm-count-weighted world shares of firms in AI production by size class over
    time. Right: shares in pilot or production by income group and size class at a record."""
    ds = _single(ds)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)
    production = ds["firm_production_share"]
    adoption = ds["firm_adoption_share"]
    weights = ds["firm_count"]
    world = world_mean(ds, production, weight=weights)
    times = _times(world)
    every = _markevery(len(times))
    for i, size in enumerate(ds["size_class"].values):
        left.plot(times, world.sel(size_class=size).values, label=str(size), **style(i, every))
    left.set_ylabel(axis_label(production, "Firms in AI production, world"))
    left.set_title("AI production by firm size")
    left.legend(title="Size class", loc="best")
    _finish_time_axis(left)
    snap = at_time(ds, when)
    groups = group_mean(snap, "firm_adoption_share", weight="firm_count")
    sizes = [str(s) for s in ds["size_class"].values]
    width = 0.8 / len(sizes)
    base = np.arange(len(INCOME_GROUPS))
    for i, size in enumerate(sizes):
        right.bar(base + (i - (len(sizes) - 1) / 2) * width,
                  groups.sel(size_class=size).values, width, color=GREYS[i], edgecolor="black",
                  hatch=HATCHES[i], linewidth=0.6, label=size)
    right.set_xticks(base)
    right.set_xticklabels([GROUP_LABELS[g].replace(" income", "") for g in INCOME_GROUPS])
    right.set_xlabel("Income group")
    right.set_ylabel(axis_label(adoption, "Firms in pilot or production"))
    month = pd.Timestamp(snap["time"].values).strftime("%Y-%m")
    right.set_title(f"Adoption by income group and size, {month}")
    right.legend(title="Size class", loc="best")
    right.grid(axis="x", visible=False)
    fig.suptitle(title or f"Firm-size adoption: {run_label(ds)}")
    return fig


# ------------------------------------------------------------------ labour outcomes


def labour_outcomes(ds: xr.Dataset, when=None, title: str | None = None) -> plt.Figure:
    """Left: unemployment rate by skill (labour-force-weighted world mean) over time. Middle:
    employment by occupation (world total) over time. Right: mean wage by skill and income
    group at a record."""
    ds = _single(ds)
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(14, 3.9), constrained_layout=True)
    rate = ds["unemployment_rate"]
    world_rate = world_mean(ds, rate)
    times = _times(world_rate)
    every = _markevery(len(times))
    for i, skill in enumerate(ds["skill"].values):
        left.plot(times, world_rate.sel(skill=skill).values, label=f"{skill} skill",
                  **style(i, every))
    left.set_ylabel(axis_label(rate, "Unemployment rate, world mean"))
    left.set_title("Unemployment by skill")
    left.legend(loc="best")
    _finish_time_axis(left)
    employment = ds["employment"]
    total = employment.sum("country")
    for i, occupation in enumerate(ds["occupation"].values):
        middle.plot(times, total.sel(occupation=occupation).values / 1e6,
                    label=str(occupation).replace("_", " "), **style(i, every))
    middle.set_ylabel(axis_label(units=f"million {units_of(employment)}",
                                 text="Employment (world)"))
    middle.set_title("Employment by occupation")
    middle.legend(loc="best", fontsize=7)
    _finish_time_axis(middle)
    snap = at_time(ds, when)
    wage = snap["mean_wage_usd"]
    employed = snap["employment_by_skill"]
    groups = group_mean(snap, wage, weight=employed)
    skills = [str(s) for s in ds["skill"].values]
    width = 0.8 / len(skills)
    base = np.arange(len(INCOME_GROUPS))
    for i, skill in enumerate(skills):
        right.bar(base + (i - (len(skills) - 1) / 2) * width, groups.sel(skill=skill).values,
                  width, color=GREYS[i], edgecolor="black", hatch=HATCHES[i], linewidth=0.6,
                  label=f"{skill} skill")
    right.set_yscale("log")
    right.set_xticks(base)
    right.set_xticklabels([GROUP_LABELS[g].replace(" income", "") for g in INCOME_GROUPS])
    right.set_xlabel("Income group")
    right.set_ylabel(axis_label(wage, "Mean wage (employment-weighted)"))
    month = pd.Timestamp(snap["time"].values).strftime("%Y-%m")
    right.set_title(f"Wages by skill, {month}")
    right.legend(loc="best")
    right.grid(axis="x", visible=False)
    fig.suptitle(title or f"Labour outcomes: {run_label(ds)}")
    return fig


# ------------------------------------------------------------------ sensitivity charts


def sobol_chart(result, title: str = "") -> plt.Figure:
    """First-order (S1) and total (ST) Sobol indices with their confidence intervals,
    parameters sorted by ST."""
    frame = result.frame()
    fig, ax = plt.subplots(figsize=(7, 0.42 * len(frame) + 1.5), constrained_layout=True)
    y = np.arange(len(frame))[::-1]
    h = 0.38
    for offset, key, label, i in ((h / 2, "S1", "First order S1", 0),
                                  (-h / 2, "ST", "Total ST", 1)):
        values = frame[key].to_numpy()
        errors = np.vstack([values - frame[f"{key}_low"].to_numpy(),
                            frame[f"{key}_high"].to_numpy() - values])
        ax.barh(y + offset, values, h, xerr=np.clip(errors, 0, None), color=GREYS[i * 2],
                edgecolor="black", hatch=HATCHES[i], linewidth=0.6, label=label,
                error_kw=dict(ecolor="black", capsize=2, linewidth=0.8))
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels(frame["parameter"], fontsize=8)
    ax.set_xlabel(axis_label(units="1", text="Sobol index (fraction of output variance)"))
    ax.set_ylabel("Parameter")
    ci = f"{result.confidence:.0%} bootstrap intervals ({result.bootstrap} resamples)"
    ax.set_title(title or "Sobol indices", fontsize=9)
    ax.legend(loc="lower right", title=f"{result.estimator}, N = {result.n}; {ci}",
              title_fontsize=7)
    ax.grid(axis="y", visible=False)
    return fig


def morris_chart(result, title: str = "") -> plt.Figure:
    """Morris mu* against sigma, one marker per parameter, labelled."""
    frame = result.frame()
    fig, ax = plt.subplots(figsize=(6.5, 5), constrained_layout=True)
    for i, row in enumerate(frame.itertuples()):
        s = style(i)
        ax.errorbar(row.mu_star, row.sigma,
                    xerr=[[row.mu_star - row.mu_star_low], [row.mu_star_high - row.mu_star]],
                    marker=s["marker"], color=s["color"], linestyle="none", capsize=2,
                    label=row.parameter)
        ax.annotate(row.parameter, (row.mu_star, row.sigma), fontsize=7,
                    xytext=(4, 3), textcoords="offset points")
    top = max(float(frame["mu_star"].max()), float(frame["sigma"].max()), 1e-12)
    ax.plot([0, top], [0, top], color="0.5", linewidth=0.8, linestyle="--",
            label="sigma = mu*")
    ax.set_xlabel(axis_label(units="output units per parameter range",
                             text="mu* (mean absolute elementary effect)"))
    ax.set_ylabel(axis_label(units="output units per parameter range",
                             text="sigma (spread of the effects)"))
    ax.set_title(title or f"Morris screening, {result.trajectories} trajectories", fontsize=9)
    ax.legend(loc="best", fontsize=7)
    return fig
