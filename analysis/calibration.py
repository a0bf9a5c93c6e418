"""ABC-SMC calibration outputs (`aidivide calibrate --method abc-smc -o DIR`) and scenario
comparisons that carry parameter uncertainty.

    from analysis import calibration
    post = calibration.load_posterior("DIR")            # particles, `weight`, `distance`
    calibration.summary(post)                           # weighted median and 90% interval
    calibration.marginals(post)                         # figures (matplotlib)
    calibration.pairwise(post)
    calibration.tolerance_schedule(calibration.load_generations("DIR"))
    diffs = calibration.paired_differences("SWEEP_DIR", "gap_high_low_ai_user_share")
    calibration.difference_bands(diffs)

`paired_differences` reads a posterior predictive sweep (`aidivide sweep DIR/posterior_sweep.yaml`
with scenarios added): runs of two scenarios pair when they share the design point (posterior
draw) and replicate, and each difference from the reference gets a 90% interval over draws and
replicates together.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

NOT_KNOBS = ("weight", "distance")


def load_posterior(directory) -> pd.DataFrame:
    """DIR/posterior.csv: one row per particle, the knobs, `weight` (sum 1) and `distance`."""
    return pd.read_csv(Path(directory) / "posterior.csv")


def load_generations(directory) -> pd.DataFrame:
    """DIR/generations.csv: tolerance, acceptance rate, ESS, simulations and time per generation."""
    return pd.read_csv(Path(directory) / "generations.csv")


def knobs(post: pd.DataFrame) -> list[str]:
    return [c for c in post.columns if c not in NOT_KNOBS]


def weighted_quantile(x, w, q: float) -> float:
    """The smallest x whose weighted CDF reaches q (as calibration/weighted.cpp)."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    order = np.argsort(x, kind="stable")
    cum = np.cumsum(w[order])
    i = int(np.searchsorted(cum, q * cum[-1], side="left"))
    return float(x[order][min(i, len(x) - 1)])


def effective_size(w) -> float:
    w = np.asarray(w, dtype=float)
    return float(w.sum() ** 2 / (w ** 2).sum())


def summary(post: pd.DataFrame) -> pd.DataFrame:
    """Per knob: weighted median, 5% and 95% quantiles, and the effective sample size."""
    rows = []
    for k in knobs(post):
        rows.append({"knob": k,
                     "median": weighted_quantile(post[k], post["weight"], 0.5),
                     "lo90": weighted_quantile(post[k], post["weight"], 0.05),
                     "hi90": weighted_quantile(post[k], post["weight"], 0.95)})
    frame = pd.DataFrame(rows).set_index("knob")
    frame.attrs["ess"] = effective_size(post["weight"])
    return frame


def _log_axis(values) -> bool:
    """Whether a knob spans more than a decade of positive values (its prior is likely log)."""
    v = np.asarray(values, dtype=float)
    return bool(v.min() > 0 and v.max() / v.min() > 10)


def marginals(post: pd.DataFrame, bins: int = 30):
    """One weighted histogram per knob, with its median and 90% interval marked."""
    from analysis.plots import plt
    names = knobs(post)
    fig, axes = plt.subplots(1, len(names), figsize=(3.2 * len(names), 2.8), squeeze=False)
    for ax, k in zip(axes[0], names):
        x = post[k].to_numpy()
        edges = (np.geomspace(x.min(), x.max(), bins + 1) if _log_axis(x)
                 else np.linspace(x.min(), x.max(), bins + 1))
        ax.hist(x, bins=edges, weights=post["weight"], color="0.6", edgecolor="0.2")
        if _log_axis(x):
            ax.set_xscale("log")
        for q, style in ((0.05, ":"), (0.5, "-"), (0.95, ":")):
            ax.axvline(weighted_quantile(x, post["weight"], q), color="k", linestyle=style)
        ax.set_xlabel(f"{k} [knob units]")
        ax.set_ylabel("posterior mass [1]")
    fig.suptitle("Posterior marginals (median solid, 90% interval dotted)")
    fig.tight_layout()
    return fig


def pairwise(post: pd.DataFrame, bins: int = 25):
    """Weighted 2-D histograms of every pair of knobs (lower triangle)."""
    from analysis.plots import plt
    names = knobs(post)
    n = len(names)
    fig, axes = plt.subplots(max(n - 1, 1), max(n - 1, 1), figsize=(2.8 * max(n - 1, 1),) * 2,
                             squeeze=False)
    for i in range(1, n):
        for j in range(n - 1):
            ax = axes[i - 1][j]
            if j >= i:
                ax.set_visible(False)
                continue
            ax.grid(False)  # a density image, not a chart
            ax.hist2d(post[names[j]], post[names[i]], bins=bins, weights=post["weight"],
                      cmap="Greys")
            ax.set_xlabel(f"{names[j]} [knob units]")
            ax.set_ylabel(f"{names[i]} [knob units]")
    if n < 2:
        axes[0][0].set_visible(False)
    fig.suptitle("Posterior pairwise densities")
    fig.tight_layout()
    return fig


def tolerance_schedule(gens: pd.DataFrame):
    """Tolerance and acceptance rate by generation (log scales)."""
    from analysis.plots import plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(7, 2.8))
    finite = gens[np.isfinite(gens["tolerance"])]
    a.plot(finite["generation"], finite["tolerance"], color="k", marker="o")
    a.set_yscale("log")
    a.set_xlabel("generation [1]")
    a.set_ylabel("tolerance [band widths]")
    b.plot(gens["generation"], gens["acceptance_rate"], color="k", linestyle="--", marker="s")
    b.set_yscale("log")
    b.set_xlabel("generation [1]")
    b.set_ylabel("acceptance rate [1]")
    fig.suptitle("ABC-SMC tolerance schedule")
    fig.tight_layout()
    return fig


def _sweep_runs(sweep_dir) -> pd.DataFrame:
    """The complete members of a sweep, with their scenario, replicate and design point."""
    sweep_dir = Path(sweep_dir)
    man = pd.read_csv(sweep_dir / "manifest.csv", dtype=str, keep_default_na=False)
    cols = list(man.columns)
    params = cols[cols.index("seed") + 1:cols.index("status")]
    man = man[man["status"] == "complete"].copy()
    man["draw"] = man[params].agg(";".join, axis=1) if params else ""
    man["path"] = [str(sweep_dir / "members" / f"{m}.h5") for m in man["member_id"]]
    return man


def paired_differences(sweep_dir, variable: str, reference: str | None = None,
                       select: dict | None = None, interval: float = 0.9) -> pd.DataFrame:
    """Per scenario (not the reference) and time: the mean paired difference of `variable` from
    the reference scenario and its `interval` band over posterior draws and replicates together;
    `distinguishable` is False when the band contains zero."""
    from analysis.load import open_run
    man = _sweep_runs(sweep_dir)
    reference = reference or man["scenario"].iloc[0]
    series = {}
    for row in man.itertuples():
        ds = open_run(row.path)
        da = ds[variable]
        if select:
            da = da.sel(select)
        extra = [d for d in da.dims if d != "time"]
        if extra:
            raise ValueError(f"{variable} has dimensions {extra}: pass select=")
        series[(row.scenario, row.draw, row.replicate, row.seed)] = da.to_series()
    rows = []
    lo_q, hi_q = (1 - interval) / 2, (1 + interval) / 2
    for scenario in dict.fromkeys(man["scenario"]):
        if scenario == reference:
            continue
        diffs = [s - series[(reference, d, r, seed)] for (sc, d, r, seed), s in series.items()
                 if sc == scenario and (reference, d, r, seed) in series]
        if not diffs:
            continue
        frame = pd.concat(diffs, axis=1)
        for t, values in frame.iterrows():
            v = values.dropna().to_numpy()
            lo, hi = np.quantile(v, lo_q), np.quantile(v, hi_q)
            rows.append({"scenario": scenario, "time": t, "pairs": len(v), "mean": v.mean(),
                         "lo": lo, "hi": hi, "distinguishable": not (lo <= 0 <= hi)})
    out = pd.DataFrame(rows)
    out.attrs.update(variable=variable, reference=reference, interval=interval)
    return out


def difference_bands(diffs: pd.DataFrame, units: str = "1"):
    """The paired difference from the reference as bands (the interval over draws and replicates),
    one per scenario, with the zero line; a band that covers zero is not a finding."""
    from analysis.plots import plt, style
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for i, (scenario, g) in enumerate(diffs.groupby("scenario", sort=False)):
        st = style(i)
        ax.fill_between(g["time"], g["lo"], g["hi"], color=st["color"], alpha=0.25,
                        hatch=("//", "..", "xx", "\\\\")[i % 4], linewidth=0)
        ax.plot(g["time"], g["mean"], label=f"{scenario} (mean, {diffs.attrs.get('interval', 0.9):.0%} band)",
                **st, markevery=max(len(g) // 8, 1))
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel("time [month]")
    ax.set_ylabel(f"difference in {diffs.attrs.get('variable', '')} [{units}]")
    ax.set_title(f"Difference from {diffs.attrs.get('reference', 'the reference')} over posterior "
                 "draws and replicates")
    ax.legend()
    fig.tight_layout()
    return fig
