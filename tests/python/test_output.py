"""The run file as users read it: xarray/netCDF4/h5py access, schema, plausibility, live SWMR reads,
interrupted runs and the analysis.headline table."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import h5netcdf
import h5py
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from conftest import REPO_ROOT, SCENARIOS, aidivide_binary

# ------------------------------------------------------------------ the schema (MODEL.md section 8)

LABELS = {
    "size_class": ["micro", "small", "medium", "large"],
    "skill": ["low", "mid", "high"],
    "occupation": ["exposed_complementary", "exposed_substitutable", "not_exposed", "data_work"],
    "provider": ["closed_foreign", "closed_domestic", "open_weight"],
    "sex": ["female", "male"],
    "income_group": ["low", "lower_middle", "upper_middle", "high"],
    "bloc": ["us", "china", "non_aligned"],
    "use": ["user", "non_user"],
}

TC = ("time", "country")
_COUNTRY_META = ["country_name", "country_region", "country_income_group", "country_bloc",
                 "n_workers", "n_firms"]
_TIME_COUNTRY = [
    "readiness", "pillar_di", "pillar_hc", "pillar_ie", "pillar_re", "internet_share",
    "gdp_per_capita_usd", "population", "labour_force", "compute_pflops", "compute_share",
    "compute_access", "ai_investment_usd", "investment_share", "ai_capital_usd", "ai_user_share",
    "ai_tfp_gain", "production_firm_gain", "ai_skill_premium", "data_work_employment",
    "data_work_wage_usd", "rent_outflow_usd", "dependence", "voice",
    "compliance_cost", "large_firm_gain_share", "policy_cost_usd", "control_tier",
    "firm_adoption_all", "firm_production_all", "ai_user_share_youth",
    # model v2 (MODEL.md section 9, "New outputs")
    "ai_use_intensity", "heavy_use_spend_share", "accessible_capability_log10", "cloud_pflops",
    "unemployment_rate_all", "ai_talent_net_flow", "language_ceiling",
]
_BY_SIZE = ["firm_count", "firm_adoption_share", "firm_production_share", "pilot_entries",
            "pilot_promotions", "pilot_abandonments"]
_GLOBAL = [
    "frontier_compute_log10", "frontier_capability_log10", "frontier_cost_usd", "open_lag_months",
    "coverage", "api_price", "investment_pool_usd", "data_work_demand", "rule_stringency",
    "frontier_capable_count", "world_ai_user_share", "world_ai_tfp_gain", "top1_investment_share",
    "top5_investment_share", "top1_compute_share", "top5_compute_share",
    "africa_investment_share", "africa_compute_share",
]
DIVIDE_SUBJECTS = ["ai_user_share", "firm_production_all", "ai_tfp_gain"]
DIVIDE_METRICS = ["gini", "theil", "theil_between", "theil_within", "ratio_high_low",
                  "gap_high_low"]

SCHEMA: dict[str, tuple[str, ...]] = {}
SCHEMA.update({name: ("country",) for name in _COUNTRY_META})
SCHEMA.update({name: TC for name in _TIME_COUNTRY})
SCHEMA.update({name: (*TC, "size_class") for name in _BY_SIZE})
SCHEMA["provider_share"] = (*TC, "provider")
SCHEMA["language_fit"] = (*TC, "provider")
SCHEMA["mean_wage_usd_by_use"] = (*TC, "occupation", "skill", "use")
SCHEMA["open_lag_months_by_bloc"] = ("time", "bloc")
SCHEMA["employment"] = (*TC, "occupation")
SCHEMA.update({name: (*TC, "skill")
               for name in ["employment_by_skill", "unemployment_rate", "mean_wage_usd"]})
SCHEMA.update({name: (*TC, "sex") for name in
               ["employment_by_sex", "ai_user_share_by_sex", "unemployment_rate_by_sex"]})
SCHEMA.update({name: ("time", "income_group") for name in
               ["group_ai_user_share", "group_firm_production_all", "group_ai_tfp_gain"]})
SCHEMA.update({name: ("time",) for name in _GLOBAL})
SCHEMA.update({f"{metric}_{x}": ("time",) for x in DIVIDE_SUBJECTS for metric in DIVIDE_METRICS})

SHARE_VARIABLES = [
    "readiness", "pillar_di", "pillar_hc", "pillar_ie", "pillar_re", "internet_share",
    "compute_share", "compute_access", "investment_share", "ai_user_share", "dependence",
    "language_fit", "voice", "large_firm_gain_share", "firm_adoption_all", "firm_production_all",
    "firm_adoption_share", "firm_production_share", "provider_share", "unemployment_rate",
    "ai_user_share_by_sex", "unemployment_rate_by_sex", "ai_user_share_youth",
    "group_ai_user_share", "group_firm_production_all", "coverage", "world_ai_user_share",
    "top1_investment_share", "top5_investment_share", "top1_compute_share",
    "top5_compute_share", "africa_investment_share", "africa_compute_share",
    "language_ceiling", "unemployment_rate_all",
]
# Values whose denominator can be empty (no adopters, no production firms, no AI gains, no youth
# left, nobody employed in a skill); NaN is an honest value there. Everything else that is not
# a divide metric must always hold a number.
MAY_BE_UNDEFINED = {"provider_share", "dependence", "large_firm_gain_share",
                    "ai_user_share_youth", "mean_wage_usd", "unemployment_rate",
                    "production_firm_gain", "mean_wage_usd_by_use"}
DIVIDE_VARIABLES = {f"{m}_{x}" for x in DIVIDE_SUBJECTS for m in DIVIDE_METRICS}

TINY_COUNTRIES = {"USA", "CHN", "DEU", "IND", "BRA", "NGA", "ETH"}
TINY_RECORDS = 36
FULL_RECORDS = 216
EPOCH = pd.Timestamp("2023-01-01")


def month_starts(n: int) -> pd.DatetimeIndex:
    return pd.date_range(EPOCH, periods=n, freq="MS")


def days_since_epoch(n: int) -> np.ndarray:
    return np.asarray((month_starts(n) - EPOCH).days, dtype=float)


def countries_used() -> list[dict[str, str]]:
    with open(REPO_ROOT / "data" / "countries_used.csv", newline="") as handle:
        return list(csv.DictReader(handle))


# ------------------------------------------------------------------ opening the file


def test_opens_with_h5netcdf(tiny_ds):
    assert dict(tiny_ds.sizes) == {
        "time": TINY_RECORDS, "country": len(TINY_COUNTRIES),
        **{dim: len(labels) for dim, labels in LABELS.items()},
    }


def test_opens_with_netcdf4_identically(tiny_run, tiny_ds):
    with xr.open_dataset(tiny_run, engine="netcdf4") as ds:
        ds.load()
        assert set(ds.variables) == set(tiny_ds.variables)
        xr.testing.assert_identical(ds, tiny_ds)


def test_opens_with_h5py(tiny_run):
    with h5py.File(tiny_run, "r") as f:
        assert f.attrs["status"] == "complete"
        time_ds = f["time"]
        assert time_ds.maxshape == (None,), "time must be the unlimited dimension"
        assert time_ds.attrs["units"] == "days since 2023-01-01"
        np.testing.assert_array_equal(time_ds[:], days_since_epoch(TINY_RECORDS))
        for name, dims in SCHEMA.items():
            assert name in f, f"{name} missing"
            scales = [list(dim.keys()) for dim in f[name].dims]
            assert scales == [[d] for d in dims], f"{name}: attached dimension scales {scales}"
        countries = [c.decode() if isinstance(c, bytes) else c for c in f["country"][:]]
        assert set(countries) == TINY_COUNTRIES


# ------------------------------------------------------------------ coordinates and schema


def test_time_axis(tiny_ds):
    assert np.issubdtype(tiny_ds.time.dtype, np.datetime64)
    assert tiny_ds.time.encoding.get("units") == "days since 2023-01-01"
    assert pd.Timestamp(tiny_ds.time.values[0]) == EPOCH
    np.testing.assert_array_equal(tiny_ds.time.values, month_starts(TINY_RECORDS).values)


def test_country_coordinate(tiny_ds):
    labels = [str(c) for c in tiny_ds.country.values]
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in labels), labels
    assert len(set(labels)) == len(labels)
    assert set(labels) == TINY_COUNTRIES
    reference = {row["iso3"]: row for row in countries_used()}
    for c in labels:
        row = tiny_ds.sel(country=c)
        assert str(row.country_income_group.values) == reference[c]["income_group"], c
        assert str(row.country_name.values) == reference[c]["name"], c
        assert str(row.country_region.values) == reference[c]["wb_region"], c
        assert str(row.country_bloc.values) in {"us", "china", "non_aligned"}, c


def test_agent_counts(tiny_ds):
    # scenarios/tiny.yaml: at least 100 worker and 20 firm agents per country.
    assert np.issubdtype(tiny_ds.n_workers.dtype, np.integer)
    assert np.issubdtype(tiny_ds.n_firms.dtype, np.integer)
    assert int(tiny_ds.n_workers.min()) >= 100
    assert int(tiny_ds.n_firms.min()) >= 20


@pytest.mark.parametrize("dim", sorted(LABELS))
def test_category_labels(tiny_ds, dim):
    assert [str(v) for v in tiny_ds[dim].values] == LABELS[dim]


@pytest.mark.parametrize("name", sorted(SCHEMA))
def test_variable_schema(tiny_ds, name):
    assert name in tiny_ds.data_vars, f"{name} is missing from the output"
    var = tiny_ds[name]
    assert var.dims == SCHEMA[name]
    for attr in ("units", "long_name", "description"):
        assert attr in var.attrs, f"{name} has no '{attr}' attribute"
        assert isinstance(var.attrs[attr], str), f"{name}.{attr} is not a string"
    assert var.attrs["units"], f"{name}: empty units"
    assert var.attrs["long_name"], f"{name}: empty long_name"


def test_no_undocumented_variables(tiny_ds):
    extra = set(tiny_ds.data_vars) - set(SCHEMA)
    assert not extra, f"variables not in MODEL.md section 8: {sorted(extra)}"


def test_global_attributes(tiny_ds):
    a = tiny_ds.attrs
    assert a["Conventions"] == "CF-1.8"
    assert a["scenario_name"] == "tiny"
    assert isinstance(a["title"], str) and a["title"]
    assert isinstance(a["source"], str) and a["source"].startswith("aidivide ")
    assert "name: tiny" in a["scenario_yaml"]
    assert isinstance(a["parameters_yaml"], str) and a["parameters_yaml"].strip()
    assert "population" in a["parameters_yaml"]
    assert isinstance(a["seed"], (int, np.integer)) and a["seed"] >= 0
    assert isinstance(a["replicate"], (int, np.integer)) and a["replicate"] == 0
    assert re.fullmatch(r"[0-9a-f]{64}", a["data_sha256"]), a["data_sha256"]
    assert a["status"] == "complete"


def test_volatile_global_attributes(tiny_ds):
    # MODEL.md section 8: created, start_time, end_time, threads and timing_<phase>.
    a = tiny_ds.attrs
    iso = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?"
    missing = [k for k in ("created", "start_time", "end_time", "threads") if k not in a]
    assert not missing, f"global attributes missing: {missing}"
    for key in ("created", "start_time", "end_time"):
        assert re.fullmatch(iso, str(a[key])), f"{key} = {a[key]!r}"
    assert int(a["threads"]) >= 1
    assert any(k.startswith("timing_") for k in a)


def test_seed_and_replicate_recorded(aidivide_bin, tmp_path):
    from conftest import run_aidivide

    out = tmp_path / "seeded.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), "--seed", "7", "--replicate", "3",
                  "--set", "time.end=2023-03", "-o", str(out), "--quiet"])
    with h5py.File(out, "r") as f:
        assert int(f.attrs["seed"]) == 7
        assert int(f.attrs["replicate"]) == 3
        assert f["time"].shape == (3,)


# ------------------------------------------------------------------ plausibility checks
# Each check takes a dataset so the same rules run on the tiny and on the 170-country file.


def check_share_in_unit_interval(ds, name):
    values = ds[name].values.astype(float)
    if name not in MAY_BE_UNDEFINED:
        nan = np.isnan(values)
        assert not nan.any(), (f"{name}: {int(nan.sum())} NaN values, first at "
                               f"{_where(ds[name], nan)}")
    bad = np.isfinite(values) & ((values < 0) | (values > 1))
    if bad.any():
        finite = values[np.isfinite(values)]
        raise AssertionError(f"{name} outside [0, 1]: min {finite.min()}, max {finite.max()}, "
                             f"first at {_where(ds[name], bad)}")


def check_no_missing_values(ds):
    problems = []
    for name, var in ds.data_vars.items():
        if "time" not in var.dims or name in MAY_BE_UNDEFINED or name in DIVIDE_VARIABLES:
            continue
        values = var.values
        if values.dtype.kind == "f" and np.isnan(values).any():
            nan = np.isnan(values)
            problems.append(f"{name}: {int(nan.sum())} NaN, first at {_where(var, nan)}")
    assert not problems, "NaN where a value is due:\n" + "\n".join(problems)


def check_shares_sum_to_one(ds):
    for name in ("investment_share", "compute_share"):
        total = ds[name].sum("country").values
        worst = np.max(np.abs(total - 1.0))
        assert worst <= 1e-9, f"{name} summed over countries is off 1 by {worst}"


def check_provider_share(ds):
    total = ds.provider_share.sum("provider", skipna=False)
    adopters = ds.firm_adoption_all > 0
    off = (np.abs(total - 1.0) > 1e-9) & adopters
    assert not bool(off.any()), (f"provider_share does not sum to 1 where adopters exist: "
                                 f"{_where(total, off.values)} sums to "
                                 f"{float(total.where(off).max())}")


def check_employment(ds):
    employed = ds.employment.sum("occupation")
    lf = ds.labour_force
    over = employed > lf * (1 + 1e-9)
    assert not bool(over.any()), (f"employment over occupations exceeds labour_force at "
                                  f"{_where(employed, over.values)}")
    for name, dim in (("employment_by_skill", "skill"), ("employment_by_sex", "sex")):
        other = ds[name].sum(dim)
        rel = float((np.abs(other - employed) / employed.where(employed > 0)).max())
        assert rel <= 1e-9, f"{name} summed over {dim} differs from employment by {rel:.3g}"
    for name in ("employment", "employment_by_skill", "employment_by_sex"):
        assert float(ds[name].min()) >= 0, f"{name} negative"
    dw = ds.employment.sel(occupation="data_work")
    np.testing.assert_allclose(ds.data_work_employment, dw, rtol=1e-9, atol=1e-9,
                               err_msg="data_work_employment != employment[data_work]")


def check_firms(ds):
    empty = (ds.firm_count <= 0).values
    assert not empty.any(), f"firm_count <= 0 at {_where(ds.firm_count, empty)}"
    for adopt, prod in (("firm_adoption_share", "firm_production_share"),
                        ("firm_adoption_all", "firm_production_all")):
        bad = ds[adopt] < ds[prod] - 1e-12
        assert not bool(bad.any()), f"{adopt} < {prod} at {_where(ds[adopt], bad.values)}"
    for name in ("pilot_entries", "pilot_promotions", "pilot_abandonments"):
        assert float(ds[name].min()) >= 0, f"{name} negative"


def check_frontier_cost(ds):
    cost = ds.frontier_cost_usd.values
    steps = np.diff(cost)
    assert (steps >= 0).all(), f"frontier_cost_usd falls at record {int(np.argmin(steps)) + 1}"
    assert cost[-1] > cost[0]


def check_world_users_grow(ds):
    # Users stop at the churn hazard (MODEL.md M1), so the world share may dip; it must not
    # drop by more than a point in a record, and it must end above where it started.
    users = ds.world_ai_user_share.values
    steps = np.diff(users)
    assert (steps >= -0.01).all(), (f"world_ai_user_share falls by {-steps.min():.3g} at record "
                                    f"{int(np.argmin(steps)) + 1}")
    assert users[-1] > users[0]


def _weighted_mean(values, weights, mask):
    w = np.where(mask, weights, 0.0)
    return (np.where(mask, values, 0.0) * w).sum(axis=-1) / w.sum(axis=-1)


def check_group_means_and_divide_metrics(ds):
    lf = ds.labour_force.values
    groups = np.array([str(g) for g in ds.country_income_group.values])
    world_users = _weighted_mean(ds.ai_user_share.values, lf, np.ones_like(lf, bool))
    np.testing.assert_allclose(ds.world_ai_user_share, world_users, rtol=1e-9,
                               err_msg="world_ai_user_share is not the labour-force-weighted mean")
    for x in DIVIDE_SUBJECTS:
        values = ds[x].values
        group_var = ds[f"group_{x}"]
        for g in LABELS["income_group"]:
            member = np.broadcast_to(groups == g, values.shape)
            if not (groups == g).any():
                continue
            np.testing.assert_allclose(group_var.sel(income_group=g),
                                       _weighted_mean(values, lf, member), rtol=1e-9, atol=1e-15,
                                       err_msg=f"group_{x}[{g}]")
        high = group_var.sel(income_group="high").values
        low = group_var.sel(income_group="low").values
        np.testing.assert_allclose(ds[f"gap_high_low_{x}"], high - low, rtol=1e-9, atol=1e-15,
                                   err_msg=f"gap_high_low_{x}")
        ratio = ds[f"ratio_high_low_{x}"].values
        assert np.array_equal(np.isnan(ratio), low == 0), (
            f"ratio_high_low_{x} must be NaN exactly where the low-income mean is 0")
        np.testing.assert_allclose(ratio[low > 0], high[low > 0] / low[low > 0], rtol=1e-9,
                                   err_msg=f"ratio_high_low_{x}")
        mean = _weighted_mean(values, lf, np.ones_like(lf, bool))
        gini, theil = ds[f"gini_{x}"].values, ds[f"theil_{x}"].values
        between, within = ds[f"theil_between_{x}"].values, ds[f"theil_within_{x}"].values
        for name, metric in (("gini", gini), ("theil", theil), ("theil_between", between),
                             ("theil_within", within)):
            assert np.array_equal(np.isnan(metric), mean == 0), (
                f"{name}_{x} must be NaN exactly where the weighted mean is 0")
        ok = mean > 0
        assert ((gini[ok] >= -1e-12) & (gini[ok] <= 1 + 1e-12)).all(), f"gini_{x} outside [0, 1]"
        for name, metric in (("theil", theil), ("theil_between", between),
                             ("theil_within", within)):
            assert (metric[ok] >= -1e-12).all(), f"{name}_{x} negative"
        np.testing.assert_allclose(theil[ok], between[ok] + within[ok], rtol=1e-9, atol=1e-12,
                                   err_msg=f"theil_{x} != between + within")


def _where(var, mask) -> str:
    """Coordinates of the first True in `mask` (same shape as `var`), for messages."""
    index = np.argwhere(np.asarray(mask))
    if index.size == 0:
        return "?"
    first = index[0]
    parts = []
    for dim, i in zip(var.dims, first):
        label = var[dim].values[i] if dim in var.coords else i
        if isinstance(label, np.datetime64):
            label = pd.Timestamp(label).strftime("%Y-%m")
        parts.append(f"{dim}={label}")
    value = np.asarray(var.values)[tuple(first)]
    return ", ".join(parts) + f" (value {value})"


@pytest.mark.parametrize("name", SHARE_VARIABLES)
def test_share_in_unit_interval(tiny_ds, name):
    check_share_in_unit_interval(tiny_ds, name)


def test_no_missing_values(tiny_ds):
    check_no_missing_values(tiny_ds)


def test_investment_and_compute_shares_sum_to_one(tiny_ds):
    check_shares_sum_to_one(tiny_ds)


def test_provider_share_sums_to_one_where_adopters(tiny_ds):
    check_provider_share(tiny_ds)


def test_employment_consistent(tiny_ds):
    check_employment(tiny_ds)


def test_firms(tiny_ds):
    check_firms(tiny_ds)


def test_frontier_cost_increasing(tiny_ds):
    check_frontier_cost(tiny_ds)


def test_world_ai_user_share_never_decreases(tiny_ds):
    check_world_users_grow(tiny_ds)


def test_group_means_and_divide_metrics(tiny_ds):
    check_group_means_and_divide_metrics(tiny_ds)


# ------------------------------------------------------------------ other readers


def test_ncdump_header(tiny_run):
    ncdump = shutil.which("ncdump")
    if ncdump is None:
        pytest.skip("ncdump (netcdf-bin) is not installed")
    header = subprocess.run([ncdump, "-h", str(tiny_run)], capture_output=True, text=True,
                            timeout=60)
    assert header.returncode == 0, header.stderr
    assert re.search(r"time = UNLIMITED ; // \(36 currently\)", header.stdout), header.stdout[:500]
    assert ':Conventions = "CF-1.8"' in header.stdout
    for name in SCHEMA:
        assert re.search(rf"\b{name}\(", header.stdout), f"ncdump -h does not list {name}"
    data = subprocess.run([ncdump, "-v", "world_ai_user_share", str(tiny_run)],
                          capture_output=True, text=True, timeout=60)
    assert data.returncode == 0, data.stderr


def test_notebook_plot(tiny_ds, tmp_path):
    """What a user types in a notebook, with no project code: select a country, plot, save."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3))
    try:
        tiny_ds.ai_user_share.sel(country="USA").plot(ax=ax)
        png = tmp_path / "usa_ai_user_share.png"
        fig.savefig(png)
        assert len(ax.get_lines()[0].get_xdata()) == TINY_RECORDS
    finally:
        plt.close(fig)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 2000


# ------------------------------------------------------------------ live (SWMR) reads

BASELINE = SCENARIOS / "baseline.yaml"
SMALL_BASELINE = ["--set", "population.workers=200000", "--set", "population.firms=20000"]
LIVE_TIMEOUT = 240.0  # seconds for any one wait; a reduced baseline run takes a few seconds


def start_run(out: Path, *extra: str) -> subprocess.Popen:
    """Start the reduced baseline run in the background; its output goes to files beside OUT."""
    log = open(out.with_suffix(".log"), "w")
    try:
        return subprocess.Popen(
            [str(aidivide_binary()), "run", str(BASELINE), *SMALL_BASELINE, *extra, "-o",
             str(out), "--quiet"],
            cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    finally:
        log.close()


def run_log(out: Path) -> str:
    path = out.with_suffix(".log")
    return path.read_text() if path.exists() else ""


def stop(proc: subprocess.Popen) -> None:
    """Make sure a started run is gone (resumed first in case it is paused)."""
    if proc.poll() is None:
        try:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)


def complete_prefix(days: np.ndarray, *series: np.ndarray) -> int:
    """Leading records whose time is the expected month start and whose series are finite.

    A live reader can catch the writer between extending a dataset and flushing its data; such
    records read as fill values and do not count yet."""
    n = len(days)
    ok = np.asarray(days, dtype=float) == days_since_epoch(n)
    for values in series:
        ok &= np.isfinite(np.asarray(values, dtype=float)[:n])
    return n if ok.all() else int(np.argmin(ok))


def h5py_live_records(part: Path) -> int | None:
    """Complete records of a live file read with h5py in SWMR mode, or None when it cannot be
    read now (not yet created, still locked before SWMR starts, or already renamed)."""
    try:
        with h5py.File(part, "r", swmr=True) as f:
            n = min(obj.shape[0] for obj in f.values()
                    if isinstance(obj, h5py.Dataset) and obj.maxshape and obj.maxshape[0] is None)
            if n == 0:
                return 0
            return complete_prefix(f["time"][:n], f["world_ai_user_share"][:n])
    except (OSError, KeyError, ValueError):
        return None


def records_at_least(part: Path, k: int) -> int:
    """The complete-record count of the live file if it is at least k, else 0."""
    n = h5py_live_records(part)
    return n if n is not None and n >= k else 0


def wait_for(predicate, proc: subprocess.Popen, what: str, timeout: float = LIVE_TIMEOUT):
    """Poll `predicate` until it returns a truthy value; fail on timeout or if the run ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc.poll() is not None:
            value = predicate()
            if value:
                return value
            pytest.fail(f"run ended (exit {proc.returncode}) before {what}")
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@dataclass
class XarraySnapshot:
    records: int  # complete records
    first_time: np.datetime64
    time_is_datetime: bool
    status: str
    world_users: np.ndarray


def xarray_live_snapshot(part: Path) -> XarraySnapshot:
    with warnings.catch_warnings():
        # In-flight records read as NaN; decoding those times warns about casting NaN.
        warnings.simplefilter("ignore", RuntimeWarning)
        with h5netcdf.File(part, "r", swmr=True) as hf:
            ds = xr.open_dataset(xr.backends.H5NetCDFStore(hf))
            times = ds.time.values
            users = ds.world_ai_user_share.values
            status = str(ds.attrs["status"])
    days = (pd.DatetimeIndex(times) - EPOCH).days.to_numpy(dtype=float, na_value=np.nan)
    n = complete_prefix(days, users)
    return XarraySnapshot(n, times[0] if len(times) else None,
                          np.issubdtype(times.dtype, np.datetime64), status, users[:n])


def paused_xarray_read(proc: subprocess.Popen, part: Path, at_least: int) -> XarraySnapshot:
    """Read the live file with xarray while the writer is paused (SIGSTOP).

    Opening ~90 variables with h5netcdf takes seconds; pausing the writer keeps it from reaching
    the end of the run while our reader holds the file (the writer's final reopen needs it).
    The writer may be paused mid-flush, so a read that sees too few records is retried."""
    last_error: BaseException | None = None
    for _ in range(10):
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            snapshot = xarray_live_snapshot(part)
        except Exception as error:  # a read between flushes can fail in many ways: retry
            snapshot, last_error = None, error
        finally:
            os.kill(proc.pid, signal.SIGCONT)
        if snapshot is not None and snapshot.records >= at_least:
            return snapshot
        time.sleep(0.2)
    pytest.fail(f"xarray never read {at_least} complete records from {part}: {last_error!r}")


@dataclass
class LiveRun:
    out: Path
    returncode: int
    log: str
    h5py_first: int
    h5py_second: int
    refreshed: tuple[int, int]
    xr_first: XarraySnapshot
    xr_second: XarraySnapshot


@pytest.fixture(scope="module")
def live_run(aidivide_bin, tmp_path_factory) -> LiveRun:
    """A reduced baseline run (170 countries, 216 months, one record per chunk) read while it
    goes on: with h5py (reopened, then refreshed) and with xarray through h5netcdf."""
    out = tmp_path_factory.mktemp("live") / "live.h5"
    part = Path(str(out) + ".part")
    proc = start_run(out, "--set", "output.chunk_records=1")
    try:
        first = wait_for(lambda: records_at_least(part, 1), proc,
                         "a first record in the .part file")
        second = wait_for(lambda: records_at_least(part, first + 1), proc, "a later record")
        # One handle kept open and refreshed, the usual SWMR reader loop.
        with h5py.File(part, "r", swmr=True) as f:
            dataset = f["world_ai_user_share"]
            before = dataset.shape[0]

            def grown():
                dataset.refresh()
                return dataset.shape[0] > before and dataset.shape[0]

            after = wait_for(grown, proc, "a refreshed dataset to grow", timeout=60)
        xr_first = paused_xarray_read(proc, part, at_least=1)
        wait_for(lambda: records_at_least(part, xr_first.records + 2), proc,
                 "records after the first xarray read")
        xr_second = paused_xarray_read(proc, part, at_least=xr_first.records + 1)
        returncode = proc.wait(timeout=LIVE_TIMEOUT)
    finally:
        stop(proc)
    return LiveRun(out, returncode, run_log(out), first, second, (before, after), xr_first,
                   xr_second)


def test_live_read_while_running(live_run):
    assert live_run.h5py_first >= 1
    assert live_run.h5py_second > live_run.h5py_first
    assert live_run.refreshed[1] > live_run.refreshed[0]
    for snap in (live_run.xr_first, live_run.xr_second):
        assert snap.time_is_datetime
        assert pd.Timestamp(snap.first_time) == EPOCH
        assert snap.status == "running"
        assert np.all((snap.world_users >= 0) & (snap.world_users <= 1))
    assert live_run.xr_second.records > live_run.xr_first.records


def test_live_run_finishes_complete(live_run):
    assert live_run.returncode == 0, live_run.log
    assert not Path(str(live_run.out) + ".part").exists()
    with h5py.File(live_run.out, "r") as f:
        assert f.attrs["status"] == "complete"
        assert f["time"].shape == (FULL_RECORDS,)
        np.testing.assert_array_equal(f["time"][:], days_since_epoch(FULL_RECORDS))


def test_baseline_world_plausible(live_run):
    """The plausibility rules on the 170-country file the live run wrote."""
    with xr.open_dataset(live_run.out, engine="netcdf4") as ds:
        ds.load()
    assert [str(c) for c in ds.country.values] == [r["iso3"] for r in countries_used()]
    assert [str(g) for g in ds.country_income_group.values] == [
        r["income_group"] for r in countries_used()]
    failures = []
    checks = [lambda d, n=n: check_share_in_unit_interval(d, n) for n in SHARE_VARIABLES]
    checks += [check_no_missing_values, check_shares_sum_to_one, check_provider_share,
               check_employment, check_firms, check_frontier_cost, check_world_users_grow,
               check_group_means_and_divide_metrics]
    for check in checks:
        try:
            check(ds)
        except AssertionError as error:
            failures.append(" / ".join(str(error).strip().splitlines()[:2]))
    assert not failures, "baseline plausibility failures:\n" + "\n".join(failures)


def test_reader_open_at_end_does_not_break_run(aidivide_bin, tmp_path):
    """A monitoring reader (a notebook watching the run) still has the file open when the run
    ends: the run must still finish normally and mark the file complete."""
    out = tmp_path / "watched.h5"
    part = Path(str(out) + ".part")
    proc = start_run(out, "--set", "output.chunk_records=1", "--set", "time.end=2024-12")
    try:
        wait_for(lambda: records_at_least(part, 1), proc, "a first record")
        deadline = time.monotonic() + LIVE_TIMEOUT
        with h5py.File(part, "r", swmr=True) as f:
            dataset = f["time"]
            while proc.poll() is None and time.monotonic() < deadline:
                dataset.refresh()
                time.sleep(0.1)
        returncode = proc.wait(timeout=LIVE_TIMEOUT)
    finally:
        stop(proc)
    assert returncode == 0, f"exit {returncode}: {run_log(out)}"
    with h5py.File(out, "r") as f:
        assert f.attrs["status"] == "complete"
        assert f["time"].shape == (24,)


def test_interrupted_run(aidivide_bin, tmp_path):
    out = tmp_path / "interrupted.h5"
    part = Path(str(out) + ".part")
    proc = start_run(out)  # default output.chunk_records: 12 records per flush
    try:
        seen = wait_for(lambda: records_at_least(part, 1), proc, "the first records")
        proc.send_signal(signal.SIGINT)
        returncode = proc.wait(timeout=LIVE_TIMEOUT)
    finally:
        stop(proc)
    assert returncode == 130, f"exit {returncode}: {run_log(out)}"
    assert out.is_file() and not part.exists()
    with xr.open_dataset(out, engine="h5netcdf") as ds:
        assert ds.attrs["status"] == "interrupted"
        n = ds.sizes["time"]
        assert seen <= n < FULL_RECORDS
        np.testing.assert_array_equal(ds.time.values, month_starts(n).values)
        assert np.isfinite(ds.world_ai_user_share.values).all()
        assert ds.sizes["country"] == len(countries_used())


# ------------------------------------------------------------------ analysis.headline

YEAR_COLUMNS = ("2025", "2030", "2040")


def _assert_headline_layout(text: str, path: Path) -> None:
    for year in YEAR_COLUMNS:
        assert year in text
    for group in LABELS["income_group"]:
        assert re.search(rf"^\s+{group}\s", text, re.M), f"no row for {group}"
    for x in DIVIDE_SUBJECTS:
        assert x in text
    for metric in ("gini", "theil", "theil_between", "ratio_high_low", "gap_high_low"):
        assert re.search(rf"^\s+{metric}\s", text, re.M), f"no row for {metric}"
    assert str(path.resolve()) in text or str(path) in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_headline_table_falls_back_beyond_run(tiny_run):
    from analysis.headline import headline_table

    text = headline_table(tiny_run)
    _assert_headline_layout(text, tiny_run)
    # tiny ends 2025-12: 2030 and 2040 fall back to the last record, and the table says so.
    assert re.search(r"2030.*beyond", text) and re.search(r"2040.*beyond", text), text
    assert "2025-12" in text


def test_headline_cli(tiny_long_run):
    proc = subprocess.run([sys.executable, "-m", "analysis.headline", str(tiny_long_run)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    _assert_headline_layout(text, tiny_long_run)
    assert "beyond" not in text
    # The 'high' row of the first table holds group_ai_user_share at 2025-01, 2030-01, 2040-01.
    high = next(line for line in text.splitlines() if line.split()[:1] == ["high"])
    printed = [float(v) for v in high.split()[1:]]
    with xr.open_dataset(tiny_long_run, engine="netcdf4") as ds:
        expected = ds.group_ai_user_share.sel(
            income_group="high", time=[f"{y}-01-01" for y in YEAR_COLUMNS]).values
    np.testing.assert_allclose(printed, expected, rtol=1e-3)


def test_headline_cli_missing_file(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "analysis.headline", str(tmp_path / "no.h5")],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "no.h5" in proc.stderr
