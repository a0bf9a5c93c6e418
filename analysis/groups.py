"""Aggregation across countries: weighted means and sums by income group, region or bloc, and
world totals, with labour-force weights by default (the engine's `group_*` variables are the
income-group means of this module with `weight="labour_force"`)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from analysis.load import INCOME_GROUPS

GROUPINGS = {"income_group": "country_income_group", "region": "country_region",
             "bloc": "country_bloc"}


def _labels(ds: xr.Dataset, by: str) -> tuple[str, list[str], np.ndarray]:
    """(output dimension name, group labels in order, each country's label)."""
    coord = GROUPINGS.get(by, by)
    if coord not in ds.variables or ds[coord].dims != ("country",):
        raise KeyError(f"cannot group by {by!r}: no label over `country` named {coord!r}")
    values = np.array([str(v) for v in ds[coord].values])
    if by == "income_group":
        labels = list(INCOME_GROUPS)
    else:
        labels = sorted(set(values))
    return by, labels, values


def _weights(ds: xr.Dataset, x: xr.DataArray, weight) -> xr.DataArray:
    if weight is None:
        return xr.ones_like(x.isel({d: 0 for d in x.dims if d not in ("country",)},
                                   drop=True))
    w = ds[weight] if isinstance(weight, str) else weight
    return w


def group_mean(ds: xr.Dataset, variable: str | xr.DataArray, by: str = "income_group",
               weight: str | xr.DataArray | None = "labour_force") -> xr.DataArray:
    """Weighted mean of `variable` across the countries of each group: sum w x / sum w, with
    NaN for a group without countries (or without weight). `by` is income_group, region, bloc
    or any label over `country`; `weight` a variable name (labour_force, population,
    firm_count...), a DataArray, or None for equal weights. Countries where x is NaN are left
    out of both sums."""
    x = ds[variable] if isinstance(variable, str) else variable
    dim, labels, values = _labels(ds, by)
    w = _weights(ds, x, weight)
    x, w = xr.broadcast(x, w)
    valid = x.notnull() & w.notnull()
    xw = (x * w).where(valid, 0.0)
    ww = w.where(valid, 0.0)
    parts = []
    for label in labels:
        mask = xr.DataArray(values == label, dims="country")
        num = xw.where(mask, 0.0).sum("country")
        den = ww.where(mask, 0.0).sum("country")
        parts.append((num / den).where(den > 0))
    out = xr.concat(parts, dim=xr.DataArray(labels, dims=dim, name=dim))
    out = out.drop_vars([c for c in out.coords if c not in out.dims and c != dim],
                        errors="ignore")
    out = out.transpose(*[d for d in x.dims if d != "country"], dim)
    out.name = getattr(x, "name", None)
    out.attrs = dict(x.attrs)
    out.attrs["aggregation"] = f"{'unweighted' if weight is None else str(weight) + '-weighted'}"\
        f" mean by {by}"
    return out


def group_sum(ds: xr.Dataset, variable: str | xr.DataArray,
              by: str = "income_group") -> xr.DataArray:
    """Sum of an extensive variable (employment, investment, compute) over each group's
    countries (0 for a group without countries)."""
    x = ds[variable] if isinstance(variable, str) else variable
    dim, labels, values = _labels(ds, by)
    parts = [x.where(xr.DataArray(values == label, dims="country"), 0.0).sum("country")
             for label in labels]
    out = xr.concat(parts, dim=xr.DataArray(labels, dims=dim, name=dim))
    out = out.drop_vars([c for c in out.coords if c not in out.dims and c != dim],
                        errors="ignore")
    out = out.transpose(*[d for d in x.dims if d != "country"], dim)
    out.name = getattr(x, "name", None)
    out.attrs = dict(x.attrs)
    out.attrs["aggregation"] = f"sum by {by}"
    return out


def world_mean(ds: xr.Dataset, variable: str | xr.DataArray,
               weight: str | xr.DataArray | None = "labour_force") -> xr.DataArray:
    """Weighted mean over all countries (the engine's `world_ai_user_share` for
    `ai_user_share` with labour-force weights)."""
    x = ds[variable] if isinstance(variable, str) else variable
    w = _weights(ds, x, weight)
    x, w = xr.broadcast(x, w)
    valid = x.notnull() & w.notnull()
    den = w.where(valid, 0.0).sum("country")
    out = ((x * w).where(valid, 0.0).sum("country") / den).where(den > 0)
    out = out.drop_vars([c for c in out.coords if c not in out.dims], errors="ignore")
    out.name = getattr(x, "name", None)
    out.attrs = dict(x.attrs)
    return out
