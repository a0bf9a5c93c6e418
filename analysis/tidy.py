"""Tidy (long-format) pandas views of run and ensemble datasets: one row per observation, one
column per dimension, plus `variable`, `value`, `units` and, for country variables, the
country labels (country_name, country_region, country_income_group, country_bloc)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import xarray as xr

from analysis.load import COUNTRY_LABELS, at_time


def _plain_values(values: np.ndarray) -> np.ndarray:
    return values.astype(str) if values.dtype == object else values


def _dim_values(ds: xr.Dataset, d: str) -> np.ndarray:
    return _plain_values(ds[d].values) if d in ds.coords else np.arange(ds.sizes[d])


def _run_coords(ds: xr.Dataset) -> dict[str, np.ndarray]:
    names = [n for n, c in ds.coords.items() if c.dims == ("run",) and n != "run"]
    return {n: _plain_values(ds[n].values) for n in names}


def _column(values: np.ndarray, codes: np.ndarray):
    """A column from positions into `values` (-1: empty), as a categorical for labels."""
    if values.dtype.kind in "OU":
        categories, inverse = np.unique(values.astype(str), return_inverse=True)
        return pd.Categorical.from_codes(np.where(codes >= 0, inverse[np.maximum(codes, 0)], -1),
                                         categories=categories)
    if values.dtype.kind == "M":
        out = values[np.maximum(codes, 0)].astype("datetime64[ns]")
        out[codes < 0] = np.datetime64("NaT")
        return out
    out = values[np.maximum(codes, 0)]
    if (codes < 0).any():
        out = out.astype(float)
        out[codes < 0] = np.nan
    return out


def tidy(ds: xr.Dataset, variables: str | Iterable[str] | None = None,
         labels: bool = True) -> pd.DataFrame:
    """Long format: columns [run and its coordinates (scenario, seed, replicate, varied
    parameters)], time, country, the other dimensions of the chosen variables, variable, value,
    units, and for rows with a country the labels country_name, country_region,
    country_income_group, country_bloc (when `labels`). Default: every data variable with a
    time axis. Dimensions a variable lacks are empty (NaN) in its rows; label columns are
    pandas categoricals (a full run is about 3 million rows)."""
    if isinstance(variables, str):
        variables = [variables]
    if variables is None:
        variables = [n for n, v in ds.data_vars.items() if "time" in v.dims]
    variables = list(variables)
    dims: list[str] = []
    for name in variables:
        dims += [d for d in ds[name].dims if d not in dims]
    lead = [d for d in ("run", "time", "country") if d in dims]
    dims = lead + [d for d in dims if d not in lead]
    codes: dict[str, list[np.ndarray]] = {d: [] for d in dims}
    names, values, units = [], [], []
    for k, name in enumerate(variables):
        da = ds[name]
        shape = [da.sizes[d] for d in da.dims]
        n = int(np.prod(shape)) if shape else 1
        for d in dims:
            if d in da.dims:
                i = da.dims.index(d)
                inner, outer = int(np.prod(shape[i + 1:])), int(np.prod(shape[:i]))
                codes[d].append(np.tile(np.repeat(np.arange(shape[i]), inner), outer))
            else:
                codes[d].append(np.full(n, -1))
        values.append(np.asarray(da.values, dtype=float).reshape(-1))
        names.append(np.full(n, k))
        units.append(str(da.attrs.get("units", "")))
    if not values:
        return pd.DataFrame(columns=["variable", "value", "units"])
    var_codes = np.concatenate(names)
    data: dict[str, object] = {}
    if "run" in dims:
        run_codes = np.concatenate(codes["run"])
        data["run"] = _column(ds["run"].values, run_codes)
        for column, coord in _run_coords(ds).items():
            data[column] = _column(coord, run_codes)
    else:
        for name in ("scenario", "seed", "replicate"):
            if name in ds.coords and ds[name].ndim == 0:
                data[name] = _column(np.array([ds[name].item()]), np.zeros(len(var_codes), int))
    for d in dims:
        if d != "run":
            data[d] = _column(_dim_values(ds, d), np.concatenate(codes[d]))
    data["variable"] = pd.Categorical.from_codes(var_codes, categories=variables)
    data["value"] = np.concatenate(values)
    unit_names = sorted(set(units))
    data["units"] = pd.Categorical.from_codes(
        np.array([unit_names.index(u) for u in units])[var_codes], categories=unit_names)
    if labels and "country" in dims:
        country_codes = np.concatenate(codes["country"])
        for label in COUNTRY_LABELS:
            if label in ds.variables and ds[label].dims == ("country",):
                data[label] = _column(np.array([str(v) for v in ds[label].values], dtype=object),
                                      country_codes)
    return pd.DataFrame(data)


def country_table(ds: xr.Dataset, when=None, variables: Iterable[str] | None = None
                  ) -> pd.DataFrame:
    """Wide table, one row per country (index: ISO3) at one record (`when`: "2040-01", 2040,
    or None for the last), columns = the country labels, then the chosen (time, country)
    variables (default: all of them)."""
    snap = at_time(ds, when) if "time" in ds.dims else ds
    if variables is None:
        variables = [n for n, v in snap.data_vars.items() if v.dims == ("country",)]
    table = pd.DataFrame({n: snap[n].values for n in variables},
                         index=pd.Index([str(c) for c in snap["country"].values], name="country"))
    labels = [c for c in COUNTRY_LABELS if c in ds.variables and ds[c].dims == ("country",)]
    for k, label in enumerate(labels):
        table.insert(k, label, [str(v) for v in ds[label].values])
    if "time" in snap.coords:
        table.attrs["time"] = pd.Timestamp(snap["time"].values).strftime("%Y-%m")
    return table
