"""Opening run and ensemble files as xarray Datasets with their metadata decoded.

`open_run(path)` reads one `aidivide run` file, `open_ensemble(path)` an `ensemble.h5` with a
`run` dimension (docs/OUTPUT.md, ARCHITECTURE.md "Output"). Both return an in-memory
`xarray.Dataset` (the file is closed again, so a notebook never holds a lock on a file that a
run or a sweep still wants to write) with:

- the country labels `country_name`, `country_region`, `country_income_group`, `country_bloc`
  turned into coordinates over `country`, so they survive selections and drive `groupby`;
- `attrs["scenario"]`, `attrs["seed"]`, `attrs["replicate"]` as plain Python values and
  `attrs["parameters"]`, the `parameters_yaml` attribute parsed into a nested dict (key paths
  as in `aidivide params`: `parameters(ds)["capital"]["tier3_openness"]`);
- for a run, the scalar coordinates `scenario`, `seed` and `replicate`, so that
  `xarray.concat([...], dim="run")` of several runs gives the ensemble layout;
- for an ensemble, `attrs["varied_parameters"]`: the names of the coordinates over `run` that
  are design parameters (everything over `run` except the member bookkeeping).

The decoded attributes hold Python objects (a dict); `strip_decoded(ds)` removes them before
`ds.to_netcdf(...)`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import xarray as xr
import yaml

COUNTRY_LABELS = ("country_name", "country_region", "country_income_group", "country_bloc")
INCOME_GROUPS = ("low", "lower_middle", "upper_middle", "high")
# Coordinates over `run` that describe the member rather than a design parameter.
RUN_BOOKKEEPING = frozenset({"run", "scenario", "replicate", "seed", "member", "member_id",
                             "status", "error", "label", "parameters_yaml", "scenario_name"})
DECODED_ATTRS = ("scenario", "parameters", "varied_parameters", "path", "kind")


def parse_parameters(text: str | None) -> dict:
    """The resolved parameter tree of a `parameters_yaml` attribute as a nested dict."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return {}
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    # libyaml's loader when present: about ten times faster than the pure-Python one.
    tree = yaml.load(str(text), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tree if isinstance(tree, dict) else {}


def flatten_parameters(tree: Mapping, prefix: str = "") -> dict[str, Any]:
    """`{"capital": {"alpha": 1.0}}` -> `{"capital.alpha": 1.0}` (lists stay values)."""
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten_parameters(value, path + "."))
        else:
            flat[path] = value
    return flat


def parameters(ds: xr.Dataset, flat: bool = False) -> dict:
    """The decoded parameter tree of a dataset opened by `open_run` (flat: key paths)."""
    tree = ds.attrs.get("parameters")
    if tree is None:
        tree = parse_parameters(ds.attrs.get("parameters_yaml"))
    if isinstance(tree, list):  # an ensemble: the first member's tree
        tree = tree[0] if tree else {}
    return flatten_parameters(tree) if flat else tree


def parameter(ds: xr.Dataset, key_path: str) -> Any:
    """One parameter by key path, e.g. `parameter(ds, "capital.tier3_openness")`.

    For an ensemble whose design varies it, the coordinate over `run` is returned."""
    if key_path in ds.coords and "run" in ds[key_path].dims:
        return ds[key_path]
    flat = parameters(ds, flat=True)
    if key_path not in flat:
        raise KeyError(f"no parameter {key_path!r} in the run's parameters_yaml")
    return flat[key_path]


def parameter_differences(a: xr.Dataset, b: xr.Dataset) -> dict[str, tuple[Any, Any]]:
    """Parameters whose resolved values differ between two runs: {key path: (a, b)}."""
    pa, pb = parameters(a, flat=True), parameters(b, flat=True)
    return {k: (pa.get(k), pb.get(k)) for k in sorted(set(pa) | set(pb))
            if pa.get(k) != pb.get(k)}


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray) and value.size == 1:
        return value.reshape(()).item()
    return value


def _label_coords(ds: xr.Dataset) -> xr.Dataset:
    labels = [name for name in COUNTRY_LABELS if name in ds.data_vars]
    ds = ds.set_coords(labels)
    for name in labels:  # vlen strings arrive as object arrays; make them str for groupby
        ds[name] = ds[name].astype(str)
    return ds


def _open(path: str | os.PathLike, load: bool) -> xr.Dataset:
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    try:  # netCDF-C reads these files about ten times faster than h5netcdf 1.1
        ds = xr.open_dataset(path, engine="netcdf4")
    except (OSError, ValueError):
        ds = xr.open_dataset(path, engine="h5netcdf")
    if load:
        with ds:
            ds = ds.load()
    return ds


def open_run(path: str | os.PathLike, load: bool = True) -> xr.Dataset:
    """Open one run file (`aidivide run ... -o PATH`) with its metadata decoded (read with the
    netcdf4 engine, h5netcdf when that fails).

    `load=False` keeps the variables lazy (and the file open until `ds.close()`)."""
    ds = _open(path, load)
    if "run" in ds.dims:
        raise ValueError(f"{os.fspath(path)}: has a `run` dimension; use open_ensemble")
    ds = _label_coords(ds)
    scenario = str(_plain(ds.attrs.get("scenario_name", "")))
    seed = _plain(ds.attrs.get("seed", -1))
    replicate = _plain(ds.attrs.get("replicate", -1))
    ds.attrs.update(scenario=scenario, seed=int(seed), replicate=int(replicate),
                    parameters=parse_parameters(ds.attrs.get("parameters_yaml")),
                    path=os.path.abspath(os.fspath(path)), kind="run")
    return ds.assign_coords(scenario=scenario, seed=np.int64(seed),
                            replicate=np.int64(replicate))


def varied_parameters(ds: xr.Dataset) -> list[str]:
    """Coordinates over `run` that are design parameters (not scenario, seed, replicate...)."""
    if "run" not in ds.dims:
        return []
    declared = ds.attrs.get("varied_parameters")
    if isinstance(declared, (list, tuple)):
        return [str(v) for v in declared]
    if isinstance(declared, str) and declared.strip():
        return [v for v in declared.replace(",", " ").split() if v in ds.coords]
    return [name for name, coord in ds.coords.items()
            if coord.dims == ("run",) and name not in RUN_BOOKKEEPING]


def open_ensemble(path: str | os.PathLike, load: bool = True) -> xr.Dataset:
    """Open an ensemble file (`ensemble.h5` of a sweep: dims (run, time, ...), coordinates
    scenario, replicate, seed and the varied parameters over `run`).

    A plain run file is accepted too and becomes an ensemble of one member."""
    ds = _open(path, load)
    if "run" not in ds.dims:
        run = open_run(path, load=load)
        run.attrs.pop("kind", None)
        ds = as_ensemble([run])
        ds.attrs["path"] = os.path.abspath(os.fspath(path))
        return ds
    ds = _label_coords(ds)
    for name in ("scenario", "replicate", "seed"):
        if name in ds.data_vars and ds[name].dims == ("run",):
            ds = ds.set_coords(name)
    if "scenario" in ds.coords and ds["scenario"].dtype == object:
        ds["scenario"] = ds["scenario"].astype(str)
    ds.attrs["varied_parameters"] = varied_parameters(ds)
    if "parameters_yaml" in ds.variables and ds["parameters_yaml"].dims == ("run",):
        ds.attrs["parameters"] = [parse_parameters(v) for v in ds["parameters_yaml"].values]
    else:
        ds.attrs["parameters"] = parse_parameters(ds.attrs.get("parameters_yaml"))
    names = np.unique(ds["scenario"].values) if "scenario" in ds.coords else []
    ds.attrs["scenario"] = ", ".join(str(n) for n in names) or str(
        _plain(ds.attrs.get("scenario_name", "")))
    ds.attrs.update(path=os.path.abspath(os.fspath(path)), kind="ensemble")
    return ds


def as_ensemble(runs: Iterable[xr.Dataset], varied: Iterable[str] = ()) -> xr.Dataset:
    """Concatenate runs opened with `open_run` along a new `run` dimension, in the ensemble
    layout: scenario, replicate and seed (and each key path in `varied`, read from the runs'
    parameters) as coordinates over `run`."""
    runs = list(runs)
    if not runs:
        raise ValueError("as_ensemble needs at least one run")
    varied = list(varied)
    trees = [r.attrs.get("parameters", {}) for r in runs]
    members = []
    for r in runs:
        r = r.copy()
        for key in DECODED_ATTRS:
            r.attrs.pop(key, None)
        members.append(r)
    per_run = [c for c in ("scenario", "seed", "replicate") if c in members[0].coords]
    ds = xr.concat(members, dim="run", coords=per_run, compat="override",
                   combine_attrs="drop_conflicts")
    ds = ds.assign_coords(run=np.arange(len(runs)))
    for key in varied:
        values = [flatten_parameters(t).get(key) for t in trees]
        ds = ds.assign_coords({key: ("run", np.asarray(values))})
    ds.attrs.update(parameters=trees, varied_parameters=varied, kind="ensemble",
                    scenario=", ".join(sorted({str(s) for s in ds["scenario"].values})))
    return ds


def strip_decoded(ds: xr.Dataset) -> xr.Dataset:
    """A shallow copy without the decoded (non-netCDF) attributes, ready for `to_netcdf`."""
    out = ds.copy()
    for key in DECODED_ATTRS:
        out.attrs.pop(key, None)
    return out


def run_label(ds: xr.Dataset) -> str:
    """A short label for a run: its scenario name, else the file stem."""
    scenario = ds.attrs.get("scenario") or ds.attrs.get("scenario_name")
    if scenario:
        return str(scenario)
    path = ds.attrs.get("path")
    return os.path.splitext(os.path.basename(path))[0] if path else "run"


def is_ensemble(ds: xr.Dataset) -> bool:
    return "run" in ds.dims


def open_any(path: str | os.PathLike) -> xr.Dataset:
    """A run or an ensemble file, whichever it is."""
    with _open(path, load=False) as probe:
        ensemble = "run" in probe.dims
    return open_ensemble(path) if ensemble else open_run(path)


def time_index(times, when) -> int:
    """Position of the record standing for `when` on a time axis: the exact record (`2040`
    means 2040-01), else the last record before it, the first one when `when` is earlier and
    the last one when it is later than the run; None means the last record."""
    import pandas as pd

    stamps = pd.DatetimeIndex(np.asarray(times))
    if when is None:
        return len(stamps) - 1
    if isinstance(when, (int, np.integer)):
        when = f"{int(when)}-01"
    stamp = pd.Timestamp(when)
    exact = np.flatnonzero(stamps == stamp)
    if exact.size:
        return int(exact[0])
    if stamp > stamps[-1]:
        return len(stamps) - 1
    if stamp < stamps[0]:
        return 0
    return int(np.searchsorted(stamps, stamp, side="right")) - 1


def at_time(obj, when):
    """`obj.isel(time=time_index(obj.time, when))`: a Dataset or DataArray at one record."""
    return obj.isel(time=time_index(obj["time"].values, when))
