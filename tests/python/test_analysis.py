"""The analysis package on real run files: loading with metadata, ensembles, tidy views, group
aggregation and the divide metrics recomputed from the country variables, which must agree with
the engine's to about 1e-12, NaN rules included."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import analysis
from analysis.metrics import METRICS, SUBJECTS, divide_arrays, weighted_gini
from conftest import ENSEMBLE_MEMBERS, SCENARIOS, run_aidivide

TOLERANCE = dict(rtol=1e-12, atol=1e-12)


@pytest.fixture(scope="module")
def tiny(tiny_run):
    return analysis.open_run(tiny_run)


@pytest.fixture(scope="module")
def world_run(aidivide_bin, tmp_path_factory):
    """All 170 countries at a small population over two years."""
    out = tmp_path_factory.mktemp("world") / "world.h5"
    run_aidivide(["run", str(SCENARIOS / "baseline.yaml"), "--set", "population.workers=20000",
                  "--set", "population.firms=4000", "--set", "time.end=2024-12", "-o",
                  str(out), "--quiet"])
    return analysis.open_run(out)


@pytest.fixture(scope="module")
def two_country_run(aidivide_bin, tmp_path_factory):
    """USA and DEU only: the low-income group is empty (NaN group means, gap and ratio)."""
    out = tmp_path_factory.mktemp("two") / "two.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), "--set", "population.countries=[USA,DEU]",
                  "--set", "time.end=2023-12", "-o", str(out), "--quiet"])
    return analysis.open_run(out)


# ------------------------------------------------------------------ loading


def test_open_run_decodes_metadata(tiny, tiny_run):
    assert isinstance(tiny, xr.Dataset)
    assert tiny.attrs["scenario"] == "tiny"
    assert tiny.attrs["seed"] == 1 and tiny.attrs["replicate"] == 0
    assert tiny.attrs["path"] == str(tiny_run.resolve())
    params = tiny.attrs["parameters"]
    assert params["population"]["countries"] == ["USA", "CHN", "DEU", "IND", "BRA", "NGA", "ETH"]
    assert params["time"]["end"] == "2025-12"
    assert analysis.parameter(tiny, "capital.tier3_openness") == pytest.approx(0.75)
    assert analysis.parameters(tiny, flat=True)["workers.q_local"] == pytest.approx(1.3)
    # labels are coordinates, so they survive selections and drive groupby
    for name in ("country_name", "country_region", "country_income_group", "country_bloc"):
        assert name in tiny.coords and tiny[name].dims == ("country",)
    assert str(tiny.ai_user_share.sel(country="NGA").country_income_group.values) == \
        "lower_middle"
    assert tiny["scenario"].item() == "tiny" and tiny["seed"].item() == 1
    assert np.issubdtype(tiny.time.dtype, np.datetime64)
    with pytest.raises(KeyError):
        analysis.parameter(tiny, "no.such_key")


def test_open_run_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        analysis.open_run(tmp_path / "none.h5")


def test_parameter_differences(tiny_long_run, tiny_variant_long_run):
    a, b = analysis.open_run(tiny_long_run), analysis.open_run(tiny_variant_long_run)
    assert analysis.parameter_differences(a, b) == {
        "technology.price_decline_per_year": (0.6, 0.3)}


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")
def test_open_ensemble(tiny_ensemble_file):
    ens = analysis.open_ensemble(tiny_ensemble_file)
    assert ens.sizes["run"] == len(ENSEMBLE_MEMBERS)
    assert ens.ai_user_share.dims == ("run", "time", "country")
    assert list(ens.scenario.values) == [m[0] for m in ENSEMBLE_MEMBERS]
    assert list(ens.replicate.values) == [0, 1, 0, 1]
    assert ens.attrs["varied_parameters"] == ["technology.price_decline_per_year"]
    assert list(analysis.parameter(ens, "technology.price_decline_per_year").values) == \
        [0.6, 0.6, 0.3, 0.3]
    assert ens.country_income_group.dims == ("country",)
    assert ens.attrs["kind"] == "ensemble"
    # replicates differ, the same replicate across scenarios starts from the same draws
    users = ens.world_ai_user_share
    assert not np.allclose(users.isel(run=0), users.isel(run=1))
    assert float(users.isel(run=0, time=0)) == float(users.isel(run=2, time=0))
    # the factorial view of ARCHITECTURE.md
    cube = ens.set_index(run=["scenario", "replicate"]).unstack("run")
    assert cube.world_ai_user_share.dims[-2:] == ("scenario", "replicate")


def test_run_opened_as_ensemble_and_concatenated(tiny_run, tiny_long_run):
    one = analysis.open_ensemble(tiny_run)
    assert one.sizes["run"] == 1 and one.scenario.values.tolist() == ["tiny"]
    runs = [analysis.open_run(tiny_run), analysis.open_run(tiny_run)]
    ens = analysis.as_ensemble(runs, varied=["workers.q_local"])
    assert ens.sizes["run"] == 2 and ens["workers.q_local"].values.tolist() == [1.3, 1.3]
    assert analysis.varied_parameters(ens) == ["workers.q_local"]


def test_time_selection(tiny):
    assert analysis.time_index(tiny.time.values, "2024-03") == 14
    assert analysis.time_index(tiny.time.values, 2024) == 12
    assert analysis.time_index(tiny.time.values, 2040) == tiny.sizes["time"] - 1
    assert analysis.time_index(tiny.time.values, "2020-01") == 0
    assert analysis.time_index(tiny.time.values, None) == tiny.sizes["time"] - 1


# ------------------------------------------------------------------ tidy views


def test_tidy_long_format(tiny):
    frame = analysis.tidy(tiny, ["ai_user_share", "employment_by_skill", "world_ai_user_share"])
    n_time, n_country = tiny.sizes["time"], tiny.sizes["country"]
    assert len(frame) == n_time * n_country * (1 + 3) + n_time
    assert {"scenario", "seed", "replicate", "time", "country", "skill", "variable", "value",
            "units", "country_income_group", "country_region"} <= set(frame.columns)
    row = frame[(frame.variable == "employment_by_skill") & (frame.country == "IND") &
                (frame.skill == "high") & (frame.time == pd.Timestamp("2024-06-01"))]
    assert len(row) == 1
    assert row.value.item() == float(tiny.employment_by_skill.sel(
        country="IND", skill="high", time="2024-06-01"))
    assert row.units.item() == "workers" and row.country_income_group.item() == "lower_middle"
    world = frame[frame.variable == "world_ai_user_share"]
    assert world.country.isna().all() and world.country_region.isna().all()


def test_tidy_ensemble_has_run_coordinates(tiny_ensemble_file):
    ens = analysis.open_ensemble(tiny_ensemble_file)
    frame = analysis.tidy(ens, "gap_high_low_ai_user_share")
    assert len(frame) == ens.sizes["run"] * ens.sizes["time"]
    assert {"run", "scenario", "replicate", "seed", "technology.price_decline_per_year"} <= \
        set(frame.columns)
    slow = frame[frame.scenario == "tiny_slow_prices"]
    assert set(slow["technology.price_decline_per_year"]) == {0.3}


def test_country_table(tiny):
    table = analysis.country_table(tiny, "2025-01", ["ai_user_share", "labour_force"])
    assert list(table.index) == [str(c) for c in tiny.country.values]
    assert table.loc["USA", "country_income_group"] == "high"
    assert table.loc["USA", "ai_user_share"] == float(
        tiny.ai_user_share.sel(country="USA", time="2025-01-01"))
    assert table.attrs["time"] == "2025-01"


# ------------------------------------------------------------------ aggregation


@pytest.mark.parametrize("subject", SUBJECTS)
def test_group_means_match_engine(tiny, world_run, subject):
    for ds in (tiny, world_run):
        mine = analysis.group_mean(ds, subject)
        np.testing.assert_allclose(mine.values, ds[f"group_{subject}"].values, **TOLERANCE)


def test_world_mean_matches_engine(world_run):
    np.testing.assert_allclose(analysis.world_mean(world_run, "ai_user_share").values,
                               world_run.world_ai_user_share.values, **TOLERANCE)
    np.testing.assert_allclose(analysis.world_mean(world_run, "ai_tfp_gain").values,
                               world_run.world_ai_tfp_gain.values, **TOLERANCE)


def test_group_mean_by_region_and_weights(world_run):
    by_region = analysis.group_mean(world_run, "ai_user_share", by="region")
    assert by_region.dims == ("time", "region")
    assert "Sub-Saharan Africa" in by_region.region.values
    snap = world_run.isel(time=-1)
    ssa = snap.country_region == "Sub-Saharan Africa"
    expected = float((snap.ai_user_share * snap.labour_force).where(ssa).sum() /
                     snap.labour_force.where(ssa).sum())
    assert float(by_region.isel(time=-1).sel(region="Sub-Saharan Africa")) == \
        pytest.approx(expected, rel=1e-12)
    firms = analysis.group_mean(world_run, "firm_adoption_share", weight="firm_count")
    assert firms.dims == ("time", "size_class", "income_group")
    unweighted = analysis.group_mean(world_run, "ai_user_share", by="bloc", weight=None)
    china = snap.country_bloc == "china"
    assert float(unweighted.isel(time=-1).sel(bloc="china")) == pytest.approx(
        float(snap.ai_user_share.where(china).mean()), rel=1e-12)
    employment = analysis.group_sum(world_run, "employment_by_skill")
    np.testing.assert_allclose(employment.sum("income_group").values,
                               world_run.employment_by_skill.sum("country").values, rtol=1e-12)


def test_empty_group_is_nan(two_country_run):
    means = analysis.group_mean(two_country_run, "ai_user_share")
    assert means.sel(income_group="low").isnull().all()
    np.testing.assert_array_equal(np.isnan(means.values),
                                  np.isnan(two_country_run.group_ai_user_share.values))


# ------------------------------------------------------------------ divide metrics


@pytest.mark.parametrize("subject", SUBJECTS)
def test_divide_metrics_match_engine(tiny, world_run, two_country_run, subject):
    for ds in (tiny, world_run, two_country_run):
        mine = analysis.divide_metrics(ds, subject)
        for metric in METRICS:
            name = f"{metric}_{subject}"
            engine = ds[name].values
            np.testing.assert_array_equal(np.isnan(mine[name].values), np.isnan(engine),
                                          err_msg=f"NaN pattern of {name}")
            np.testing.assert_allclose(mine[name].values, engine, err_msg=name, **TOLERANCE)


def test_divide_metrics_of_ensemble(tiny_ensemble_file):
    ens = analysis.open_ensemble(tiny_ensemble_file)
    mine = analysis.all_divide_metrics(ens)
    assert mine.gini_ai_user_share.dims == ("run", "time")
    np.testing.assert_allclose(mine.theil_ai_tfp_gain.values, ens.theil_ai_tfp_gain.values,
                               **TOLERANCE)


def test_divide_metric_rules_by_hand():
    w = np.array([1.0, 2.0, 3.0, 4.0])
    group = np.array([0, 1, 2, 3])
    x = np.array([0.0, 0.5, 0.5, 1.0])
    m = divide_arrays(x, w, group)
    mu = (w * x).sum() / w.sum()
    pairs = sum(w[i] * w[j] * abs(x[i] - x[j]) for i in range(4) for j in range(4))
    assert m["gini"] == pytest.approx(pairs / (2 * w.sum() ** 2 * mu), rel=1e-14)
    theil = sum(wi * (xi / mu) * np.log(xi / mu) for wi, xi in zip(w, x) if xi > 0) / w.sum()
    assert m["theil"] == pytest.approx(theil, rel=1e-14)  # the x = 0 term adds 0
    assert m["theil_between"] + m["theil_within"] == pytest.approx(m["theil"], rel=1e-12)
    assert np.isnan(m["ratio_high_low"])  # the low mean is 0
    assert m["gap_high_low"] == 1.0
    zero = divide_arrays(np.zeros(4), w, group)
    for metric in ("gini", "theil", "theil_between", "theil_within", "ratio_high_low"):
        assert np.isnan(zero[metric]), metric
    assert zero["gap_high_low"] == 0.0
    empty_low = divide_arrays(x, w, np.array([1, 1, 2, 3]))
    assert np.isnan(empty_low["gap_high_low"]) and np.isnan(empty_low["ratio_high_low"])
    assert weighted_gini(np.array([0.3, 0.3]), np.array([1.0, 5.0])) == 0.0
