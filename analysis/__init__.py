"""Post-processing of aidivide run files (HDF5 / netCDF-4) with xarray; no simulator code.

    import analysis
    ds = analysis.open_run("runs/baseline_s1_r0.h5")     # xarray.Dataset, metadata decoded
    analysis.group_mean(ds, "ai_user_share")              # by income group, labour-force weights
    analysis.divide_metrics(ds, "ai_user_share")          # Gini, Theil, ratio, gap (engine names)
    analysis.tidy(ds, ["ai_user_share"])                  # long pandas DataFrame
    analysis.plots.divide_trajectories(ds)                # matplotlib Figure

Modules: load (open_run, open_ensemble), groups (aggregation), metrics (divide metrics), tidy
(pandas views), plots (figures), report (HTML report CLI), sensitivity (designs, Sobol and
Morris indices, design runner CLI), headline (headline table CLI), calibration (ABC-SMC
posteriors, their plots, paired differences with intervals over posterior draws). `plots`,
`report` and `sensitivity` import matplotlib or OpenTURNS and load on first use.
"""

from __future__ import annotations

import importlib

from analysis.groups import group_mean, group_sum, world_mean
from analysis.load import (as_ensemble, at_time, flatten_parameters, open_any, open_ensemble,
                           open_run, parameter, parameter_differences, parameters, run_label,
                           strip_decoded, time_index, varied_parameters)
from analysis.metrics import all_divide_metrics, divide_metrics, lorenz
from analysis.tidy import country_table, tidy

__all__ = [
    "open_run", "open_ensemble", "open_any", "as_ensemble", "strip_decoded", "parameters",
    "parameter", "parameter_differences", "flatten_parameters", "varied_parameters",
    "run_label", "at_time", "time_index", "group_mean", "group_sum", "world_mean",
    "divide_metrics", "all_divide_metrics", "lorenz", "tidy", "country_table",
    "plots", "report", "sensitivity", "headline",
]

_LAZY = ("plots", "report", "sensitivity", "headline", "calibration")


def __getattr__(name: str):
    if name in _LAZY:
        return importlib.import_module(f"analysis.{name}")
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
