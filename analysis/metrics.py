"""The divide metrics of MODEL.md section 8 (docs/ODD.md section 8), recomputed from the raw
country variables with numpy, vectorised over time and runs.

For a variable X over `country` and weights w (labour force), W = sum w, mu = sum w x / W:

- Gini = sum_ij w_i w_j |x_i - x_j| / (2 W^2 mu);
- Theil T = (1/W) sum_i w_i (x_i/mu) ln(x_i/mu), a term with x_i <= 0 adding 0;
- between = sum_g (W_g/W)(mu_g/mu) ln(mu_g/mu), within = sum_g (W_g/W)(mu_g/mu) T_g over the
  income groups, skipping groups that are empty or have a mean that is not positive;
- ratio_high_low = mu_high / mu_low (NaN when mu_low is 0), gap_high_low = mu_high - mu_low,
  with NaN for an empty group;
- Gini and the three Theil metrics are NaN when mu is not positive.

`divide_metrics(ds, "ai_user_share")` returns a Dataset with the engine's names
(`gini_ai_user_share`, ...), so it can be compared with the file's own variables.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from analysis.load import INCOME_GROUPS

METRICS = ("gini", "theil", "theil_between", "theil_within", "ratio_high_low", "gap_high_low")
SUBJECTS = ("ai_user_share", "firm_production_all", "ai_tfp_gain")


def weighted_gini(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted Gini over the last axis: sum_ij w_i w_j |x_i - x_j| / (2 W^2 mu).

    Uses the sorted form sum_ij w_i w_j |x_i - x_j| = 2 sum_i w_i x_i (C_below_i - C_above_i),
    C = cumulative weight before and after i in ascending order of x (ties cancel)."""
    x = np.asarray(x, dtype=float)
    w = np.broadcast_to(np.asarray(w, dtype=float), x.shape)
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    ws = np.take_along_axis(w, order, axis=-1)
    total = ws.sum(axis=-1)
    below = np.cumsum(ws, axis=-1) - ws
    above = total[..., None] - below - ws
    pair_sum = 2.0 * np.sum(ws * xs * (below - above), axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.sum(ws * xs, axis=-1) / total
        gini = pair_sum / (2.0 * total * total * mean)
    return np.where(mean > 0, gini, np.nan)


def _theil_terms(x: np.ndarray, mean: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        r = x / mean[..., None]
        return np.where(x > 0, r * np.log(np.where(x > 0, r, 1.0)), 0.0)


def weighted_theil(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Theil T over the last axis with weights w; NaN when the weighted mean is not positive."""
    x = np.asarray(x, dtype=float)
    w = np.broadcast_to(np.asarray(w, dtype=float), x.shape)
    total = w.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.sum(w * x, axis=-1) / total
        t = np.sum(w * _theil_terms(x, mean), axis=-1) / total
    return np.where(mean > 0, t, np.nan)


def divide_arrays(x: np.ndarray, w: np.ndarray, group: np.ndarray,
                  n_groups: int = 4, low: int = 0, high: int = 3) -> dict[str, np.ndarray]:
    """The six metrics over the last (country) axis of x and w; `group` holds each country's
    income-group index (0 low ... 3 high, -1 for none)."""
    x = np.asarray(x, dtype=float)
    w = np.broadcast_to(np.asarray(w, dtype=float), x.shape)
    group = np.asarray(group)
    total = w.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.sum(w * x, axis=-1) / total
    means, weights, theils = [], [], []
    for g in range(n_groups):
        mask = group == g
        wg = np.where(mask, w, 0.0)
        Wg = wg.sum(axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mg = np.where(Wg > 0, np.sum(wg * x, axis=-1) / np.where(Wg > 0, Wg, 1.0), np.nan)
            tg = np.sum(wg * _theil_terms(x, mg), axis=-1) / Wg
        means.append(mg)
        weights.append(Wg)
        theils.append(tg)
    between = np.zeros_like(mean)
    within = np.zeros_like(mean)
    for mg, Wg, tg in zip(means, weights, theils):
        use = (Wg > 0) & (mg > 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = (Wg / total) * (mg / mean)
            between = between + np.where(use, share * np.log(np.where(use, mg / mean, 1.0)), 0.0)
            within = within + np.where(use, share * tg, 0.0)
    positive = mean > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(means[low] != 0, means[high] / means[low], np.nan)
    return {
        "gini": weighted_gini(x, w),
        "theil": weighted_theil(x, w),
        "theil_between": np.where(positive, between, np.nan),
        "theil_within": np.where(positive, within, np.nan),
        "ratio_high_low": ratio,
        "gap_high_low": means[high] - means[low],
    }


def income_group_index(ds: xr.Dataset) -> np.ndarray:
    """Each country's income-group position in INCOME_GROUPS (-1 when unknown)."""
    labels = [str(v) for v in np.asarray(ds["country_income_group"].values).ravel()]
    lookup = {g: i for i, g in enumerate(INCOME_GROUPS)}
    return np.array([lookup.get(v, -1) for v in labels], dtype=int)


def divide_metrics(ds: xr.Dataset, variable: str, weight: str = "labour_force") -> xr.Dataset:
    """The six divide metrics of `variable` across countries, named as the engine names them
    (`gini_<variable>`...), over every dimension of the variable except `country`."""
    x = ds[variable]
    w = ds[weight] if isinstance(weight, str) else weight
    x, w = xr.broadcast(x, w)
    other = [d for d in x.dims if d != "country"]
    x = x.transpose(*other, "country")
    w = w.transpose(*other, "country")
    result = divide_arrays(x.values, w.values, income_group_index(ds))
    coords = {d: x[d] for d in other if d in x.coords}
    out = xr.Dataset(coords=coords)
    for metric in METRICS:
        out[f"{metric}_{variable}"] = xr.DataArray(
            result[metric], dims=other, coords=coords,
            attrs={"units": "1", "long_name": f"{metric.replace('_', ' ')} of {variable}"})
    return out


def all_divide_metrics(ds: xr.Dataset, subjects=SUBJECTS) -> xr.Dataset:
    """`divide_metrics` for every subject present in the dataset, merged."""
    return xr.merge([divide_metrics(ds, s) for s in subjects if s in ds.data_vars])


def lorenz(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points of the weighted Lorenz curve: cumulative weight share (x axis) and cumulative
    share of sum w x (y axis), countries in ascending order of x, starting at (0, 0)."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    keep = np.isfinite(x) & np.isfinite(w)
    x, w = x[keep], w[keep]
    order = np.argsort(x, kind="stable")
    x, w = x[order], w[order]
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cx = np.concatenate([[0.0], np.cumsum(w * x)])
    return cw / cw[-1], cx / cx[-1] if cx[-1] != 0 else cx
