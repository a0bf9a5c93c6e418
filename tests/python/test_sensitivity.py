"""analysis.sensitivity: Saltelli and Morris designs as CSV tables, Sobol indices (OpenTURNS)
against the Ishigami function's analytical values, Morris elementary effects against their
exact expectation, and the run-design / analyze commands on the tiny world."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import open_ensemble
from analysis.load import strip_decoded
from analysis.sensitivity import (ESTIMATORS, ISHIGAMI_PARAMETERS, Parameter, ishigami,
                                  ishigami_indices, load_results, main, morris_design,
                                  morris_effects, morris_indices, read_design, select_output,
                                  sobol_design, sobol_indices, subset_design)
from conftest import REPO_ROOT, SCENARIOS


# ------------------------------------------------------------------ designs


def test_sobol_design_table(tmp_path):
    params = [Parameter("workers.q_local", 0.8, 1.8), Parameter("capital.k_need0", 1e-5, 4e-5, True),
              Parameter("firms.rho", 1.0, 2.0)]
    design = sobol_design(params, 16, seed=3)
    assert design.values.shape == (16 * (3 + 2), 3)
    path, sidecar = design.write(tmp_path / "design.csv")
    table = pd.read_csv(path)
    assert list(table.columns) == ["workers.q_local", "capital.k_need0", "firms.rho"]
    assert len(table) == 80
    for p in params:
        assert table[p.name].between(p.lower, p.upper).all()
    # Saltelli blocks: A, B, then A with column i taken from B
    a, b = design.values[:16], design.values[16:32]
    for i in range(3):
        block = design.values[32 + 16 * i:48 + 16 * i]
        expected = a.copy()
        expected[:, i] = b[:, i]
        np.testing.assert_array_equal(block, expected)
    # log-scaled factor: uniform in log space
    unit = design.unit()
    assert (unit >= 0).all() and (unit <= 1).all()
    meta = json.loads(sidecar.read_text())
    assert meta["method"] == "sobol" and meta["n"] == 16 and meta["parameters"][1]["log"]
    again = read_design(path)
    np.testing.assert_array_equal(again.values, design.values)
    assert again.info["n"] == 16 and again.names == design.names
    small = subset_design(design, 4)
    assert small.values.shape == (20, 3)
    np.testing.assert_array_equal(small.values[4:8], design.values[16:20])


def test_morris_design_table(tmp_path):
    params = [Parameter(f"p{i}", 0.0, 10.0) for i in range(4)]
    design = morris_design(params, 6, levels=4, seed=2)
    assert design.values.shape == (6 * 5, 4)
    unit = design.unit()
    assert set(np.round(unit.ravel(), 9)) <= {0.0, round(1 / 3, 9), round(2 / 3, 9), 1.0}
    for t in range(6):
        steps = np.diff(unit[t * 5:(t + 1) * 5], axis=0)
        moved = np.abs(steps) > 1e-9
        assert (moved.sum(axis=1) == 1).all()  # one factor per step
        assert (moved.sum(axis=0) == 1).all()  # each factor once
        np.testing.assert_allclose(np.abs(steps[moved]), 2 / 3)
    path, _ = design.write(tmp_path / "morris.csv")
    again = read_design(path)
    assert again.method == "morris" and again.info["trajectories"] == 6


def test_design_command(tmp_path):
    out = tmp_path / "d.csv"
    assert main(["design", "sobol", "--param", "workers.q_local=0.8:1.8", "--param",
                 "capital.k_need0=1e-5:4e-5:log", "-n", "8", "-o", str(out)]) == 0
    assert len(pd.read_csv(out)) == 8 * 4
    assert main(["design", "subset", "--from", str(out), "-n", "4", "-o",
                 str(tmp_path / "d4.csv")]) == 0
    assert len(pd.read_csv(tmp_path / "d4.csv")) == 4 * 4
    assert main(["design", "sobol", "--param", "bad", "-o", str(out)]) == 2


# ------------------------------------------------------------------ Sobol on Ishigami


@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_sobol_ishigami_within_intervals(estimator):
    first, total = ishigami_indices()
    np.testing.assert_allclose(first, [0.3139, 0.4424, 0.0], atol=1e-4)
    np.testing.assert_allclose(total, [0.5576, 0.4424, 0.2437], atol=1e-4)
    n = 2000
    design = sobol_design(ISHIGAMI_PARAMETERS, n, seed=0)
    y = ishigami(design.values)
    result = sobol_indices(design.unit(), y, n, design.names, estimator=estimator,
                           bootstrap=300, confidence=0.99, seed=0)
    for name, truth, low, high in (("S1", first, result.first_low, result.first_high),
                                   ("ST", total, result.total_low, result.total_high)):
        inside = (low <= truth) & (truth <= high)
        assert inside.all(), f"{estimator} {name}: {truth} not in [{low}, {high}]"
        assert (high - low < 0.4).all(), f"{estimator} {name} intervals too wide: {high - low}"
    assert list(result.frame().parameter[:2]) == ["x1", "x2"]  # ranked by ST


def test_sobol_rejects_bad_input():
    design = sobol_design(ISHIGAMI_PARAMETERS, 8, seed=0)
    y = ishigami(design.values)
    with pytest.raises(ValueError):
        sobol_indices(design.unit(), y[:-1], 8)
    y[3] = np.nan
    with pytest.raises(ValueError, match="not finite"):
        sobol_indices(design.unit(), y, 8)


# ------------------------------------------------------------------ Morris


def exact_morris(f, params, levels=4):
    """E[EE_i] and E|EE_i| over the Morris grid: the other factors uniform on the levels, the
    moved factor at a level from which one step delta stays inside [0, 1]."""
    d = len(params)
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    lower = grid[grid <= 1 - delta + 1e-12]
    mu, mu_star = np.zeros(d), np.zeros(d)
    for i in range(d):
        effects = []
        for others in itertools.product(grid, repeat=d - 1):
            for u in lower:
                x = np.insert(np.array(others), i, u)
                y = x.copy()
                y[i] += delta
                values = [np.column_stack([p.from_unit(z[j]) for j, p in enumerate(params)])
                          for z in (x, y)]
                effects.append((f(values[1])[0] - f(values[0])[0]) / delta)
        mu[i], mu_star[i] = np.mean(effects), np.mean(np.abs(effects))
    return mu, mu_star


def test_morris_ishigami_matches_exact_expectation():
    r = 400
    design = morris_design(ISHIGAMI_PARAMETERS, r, levels=4, seed=5)
    result = morris_indices(design.unit(), ishigami(design.values), r, design.names,
                            bootstrap=200)
    mu, mu_star = exact_morris(ishigami, ISHIGAMI_PARAMETERS)
    se_star = np.abs(result.effects).std(axis=0, ddof=1) / np.sqrt(r)
    se = result.effects.std(axis=0, ddof=1) / np.sqrt(r)
    assert (np.abs(result.mu_star - mu_star) < 4 * se_star + 1e-9).all(), (result.mu_star, mu_star)
    assert (np.abs(result.mu - mu) < 4 * se + 1e-9).all(), (result.mu, mu)
    assert ((result.mu_star_low <= result.mu_star) & (result.mu_star <= result.mu_star_high)).all()
    # x3 acts only through its interaction with x1: no mean effect, a large spread
    assert abs(mu[2]) < 1e-9 and result.sigma[2] > result.mu_star[2] * 0.5


def test_morris_linear_function_is_exact():
    params = [Parameter("a", 0.0, 2.0), Parameter("b", -1.0, 1.0), Parameter("c", 10.0, 20.0)]
    coefficients = np.array([3.0, -2.0, 0.5])
    design = morris_design(params, 5, levels=6, seed=0)
    y = design.values @ coefficients
    effects = morris_effects(design.unit(), y, 5)
    ranges = np.array([2.0, 2.0, 10.0])
    np.testing.assert_allclose(effects, np.tile(coefficients * ranges, (5, 1)), rtol=1e-12)
    result = morris_indices(design.unit(), y, 5, bootstrap=20)
    np.testing.assert_allclose(result.mu_star, np.abs(coefficients) * ranges, rtol=1e-12)
    np.testing.assert_allclose(result.sigma, 0, atol=1e-9)


# ------------------------------------------------------------------ running a design


@pytest.fixture(scope="module")
def tiny_design_run(aidivide_bin, tmp_path_factory):
    """A Sobol design over two worker parameters run on the tiny world (one year) by
    run-design, through the command line, which then prints and plots the indices."""
    folder = tmp_path_factory.mktemp("design")
    design = folder / "design.csv"
    assert main(["design", "sobol", "--param", "workers.q_local=0.8:1.8", "--param",
                 "workers.q_global=0.01:0.05", "-n", "6", "--seed", "1", "-o", str(design)]) == 0
    out = folder / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "analysis.sensitivity", "run-design", str(design),
         "--scenario", str(SCENARIOS / "tiny.yaml"), "--set", "time.end=2023-12",
         "-o", str(out), "--output", "world_ai_user_share", "--time", "2023-12",
         "--bootstrap", "50"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return design, out, proc.stdout


def test_run_design_outputs(tiny_design_run):
    design, out, stdout = tiny_design_run
    manifest = pd.read_csv(out / "manifest.csv")
    assert len(manifest) == 6 * 4 and (manifest.status == "complete").all()
    assert len(list((out / "members").glob("*.h5"))) == manifest.member.nunique()
    ens = open_ensemble(out / "ensemble.h5")
    assert ens.attrs["varied_parameters"] == ["workers.q_local", "workers.q_global"]
    assert ens.world_ai_user_share.dims == ("run", "time")
    # each member ran with its row's values (--set per column)
    for _, row in manifest.iterrows():
        member = ens.sel(run=row["member"])
        for name in ("workers.q_local", "workers.q_global"):
            assert float(member[name]) == pytest.approx(row[name], rel=1e-15)
    assert "Sobol indices of world_ai_user_share at 2023-12" in stdout
    assert "workers.q_local" in stdout and "workers.q_global" in stdout
    assert (out / "sobol_world_ai_user_share.png").is_file()
    assert (out / "sobol_world_ai_user_share.svg").is_file()
    table = pd.read_csv(out / "sobol_world_ai_user_share.csv")
    assert set(table.parameter) == {"workers.q_local", "workers.q_global"}
    assert table.ST.notna().all()


def test_run_design_reuses_members(tiny_design_run, aidivide_bin):
    design, out, _ = tiny_design_run
    before = {p.name: p.stat().st_mtime_ns for p in (out / "members").glob("*.h5")}
    proc = subprocess.run(
        [sys.executable, "-m", "analysis.sensitivity", "run-design", str(design),
         "--scenario", str(SCENARIOS / "tiny.yaml"), "--set", "time.end=2023-12",
         "-o", str(out), "--output", "world_ai_user_share", "--time", "2023-12",
         "--bootstrap", "20"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    after = {p.name: p.stat().st_mtime_ns for p in (out / "members").glob("*.h5")}
    assert after == before


def test_analyze_a_shuffled_ensemble(tiny_design_run, tmp_path, capsys):
    """The rows of a sweep's ensemble need not follow the design: they are matched by their
    parameter values."""
    design_csv, out, _ = tiny_design_run
    design, ds = load_results(out)
    y = select_output(ds, "world_ai_user_share", "2023-12")
    order = np.random.default_rng(0).permutation(ds.sizes["run"])
    shuffled = strip_decoded(open_ensemble(out / "ensemble.h5").isel(run=order))
    shuffled.attrs.pop("varied_parameters", None)
    shuffled.to_netcdf(tmp_path / "ensemble.h5", engine="h5netcdf")
    again_design, again = load_results(tmp_path / "ensemble.h5", design_csv)
    np.testing.assert_array_equal(select_output(again, "world_ai_user_share", "2023-12"), y)
    assert main(["analyze", str(tmp_path / "ensemble.h5"), "--design", str(design_csv),
                 "--output", "group_ai_user_share", "--select", "income_group=upper_middle",
                 "--time", "2023-12", "--bootstrap", "20", "--csv",
                 str(tmp_path / "s.csv")]) == 0
    printed = capsys.readouterr().out
    assert "group_ai_user_share at 2023-12 (income_group=upper_middle)" in printed
    assert set(pd.read_csv(tmp_path / "s.csv").parameter) == {"workers.q_local", "workers.q_global"}
    assert main(["analyze", str(tmp_path / "ensemble.h5"), "--design", str(design_csv),
                 "--output", "group_ai_user_share", "--time", "2023-06"]) == 2  # no group
