"""Headline results of one aidivide run: AI use and production by income group, divide indices.

Usage: python3 -m analysis.headline RUN.h5

Prints the income-group means (`group_ai_user_share`, `group_firm_production_all`) and the
divide indices of `ai_user_share`, `firm_production_all` and `ai_tfp_gain` at the `Y-01`
records of 2025, 2030 and 2040. A year outside the run falls back to the nearest record (the
last one for a year beyond the end) and the table says so.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

YEARS = (2025, 2030, 2040)
INCOME_GROUPS = ("low", "lower_middle", "upper_middle", "high")
GROUP_VARIABLES = (
    ("group_ai_user_share", "AI user share (labour force)"),
    ("group_firm_production_all", "Firms in AI production (all sizes)"),
)
DIVIDE_SUBJECTS = (
    ("ai_user_share", "AI user share"),
    ("firm_production_all", "Firms in AI production"),
    ("ai_tfp_gain", "AI TFP gain"),
)
DIVIDE_METRICS = ("gini", "theil", "theil_between", "ratio_high_low", "gap_high_low")

LABEL_WIDTH = 34
COLUMN_WIDTH = 12


@dataclass(frozen=True)
class DateColumn:
    """One column of the table: the year asked for and the record that stands for it."""

    year: int
    index: int  # position on the time axis
    month: str  # YYYY-MM of the record used
    note: str  # empty when the record is the year's January record


def _month(value: np.datetime64) -> str:
    return pd.Timestamp(value).strftime("%Y-%m")


def _date_columns(times: np.ndarray, years=YEARS) -> list[DateColumn]:
    """Pick the `Y-01` record of each year, or the nearest record when there is none."""
    stamps = pd.DatetimeIndex(times)
    columns = []
    for year in years:
        wanted = pd.Timestamp(year=year, month=1, day=1)
        exact = np.flatnonzero(stamps == wanted)
        if exact.size:
            columns.append(DateColumn(year, int(exact[0]), _month(stamps[exact[0]]), ""))
            continue
        if wanted > stamps[-1]:
            index, why = len(stamps) - 1, "beyond the run's last record"
        elif wanted < stamps[0]:
            index, why = 0, "before the run's first record"
        else:  # inside the span but not recorded (output.every > 1): the last record before
            index, why = int(np.searchsorted(stamps, wanted, side="right")) - 1, "not recorded"
        month = _month(stamps[index])
        note = f"{year}-01 is {why}; {year}* shows {month}"
        columns.append(DateColumn(year, index, month, note))
    return columns


def _format(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NaN"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e5 or magnitude < 1e-4:
        return f"{value:.3e}"
    return f"{value:.4g}"


def _row(label: str, cells: list[str]) -> str:
    return f"  {label:<{LABEL_WIDTH - 2}}" + "".join(f"{c:>{COLUMN_WIDTH}}" for c in cells)


def _values(ds: xr.Dataset, name: str, columns: list[DateColumn], **where) -> list[str]:
    if name not in ds.variables:
        return ["absent"] * len(columns)
    var = ds[name]
    if where:
        var = var.sel(**where)
    picked = var.isel(time=[c.index for c in columns]).values
    return [_format(float(v)) for v in np.atleast_1d(picked)]


def headline_table(path: str | os.PathLike) -> str:
    """Return the headline table of the run file at `path` as plain text (about 80 columns)."""
    path = os.fspath(path)
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        times = ds["time"].values
        if times.size == 0:
            raise ValueError(f"{path}: the file holds no records")
        columns = _date_columns(times)
        attrs = ds.attrs
        lines = [
            f"aidivide headline results: scenario {attrs.get('scenario_name', '?')}, "
            f"seed {attrs.get('seed', '?')}, replicate {attrs.get('replicate', '?')}",
            f"status {attrs.get('status', '?')}, {times.size} records "
            f"{_month(times[0])} to {_month(times[-1])}, {ds.sizes.get('country', 0)} countries",
        ]
        for column in columns:
            if column.note:
                lines.append(f"note: {column.note}")
        header_years = _row("", [f"{c.year}" + ("*" if c.note else "") for c in columns])
        header_months = _row("(record)", [c.month for c in columns])

        lines += ["", "By income group (labour-force-weighted means)", header_years, header_months]
        for name, title in GROUP_VARIABLES:
            lines.append(f"{title} [{name}]")
            groups = ds["income_group"].values if "income_group" in ds.coords else INCOME_GROUPS
            for group in INCOME_GROUPS:
                if group in list(groups) and name in ds.variables:
                    cells = _values(ds, name, columns, income_group=group)
                else:
                    cells = ["absent"] * len(columns)
                lines.append(_row(group, cells))

        lines += ["", "Divide indices across countries", header_years, header_months]
        for subject, title in DIVIDE_SUBJECTS:
            lines.append(f"{title} [{subject}]")
            for metric in DIVIDE_METRICS:
                lines.append(_row(metric, _values(ds, f"{metric}_{subject}", columns)))

    lines += ["", f"output: {os.path.abspath(path)}"]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m analysis.headline",
        description="Print the headline results of an aidivide run file.",
    )
    parser.add_argument("run", help="run file written by `aidivide run` (RUN.h5)")
    args = parser.parse_args(argv)
    if not os.path.exists(args.run):
        print(f"analysis.headline: {args.run}: no such file", file=sys.stderr)
        return 2
    try:
        table = headline_table(args.run)
    except (OSError, ValueError, KeyError) as error:
        print(f"analysis.headline: {args.run}: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
