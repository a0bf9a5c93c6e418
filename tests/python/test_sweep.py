"""Sweeps as users run them: the plan, one process, shards and MPI giving identical members and
merged files, ensemble.h5 and ensemble_stats.h5 read with xarray, failures, kills and restarts."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from conftest import REPO_ROOT, SCENARIOS, aidivide_binary, run_aidivide

GRID = SCENARIOS / "sweeps" / "tiny_grid.yaml"  # 1 scenario x 4 points x 2 replicates
PARAMS = ["technology.cost_growth", "workers.q_local"]
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           # No hardware transports in CI containers: shared memory and TCP on loopback only.
           "OMPI_MCA_btl": "self,vader,tcp", "OMPI_MCA_btl_tcp_if_include": "lo",
           "OMPI_MCA_oob_tcp_if_include": "lo"}


def plan(sweep: Path, *extra: str) -> pd.DataFrame:
    proc = run_aidivide(["sweep", str(sweep), "--plan", *extra])
    from io import StringIO
    return pd.read_csv(StringIO(proc.stdout), dtype={"member_id": str, "point_id": str})


def same_data(a: Path, b: Path) -> bool:
    return run_aidivide(["diff", str(a), str(b)], check=False).returncode == 0


def assert_same_sweep(one: Path, other: Path) -> None:
    members = sorted((one / "members").glob("*.h5"))
    assert members, f"no member in {one}"
    assert sorted(p.name for p in (other / "members").glob("*.h5")) == [p.name for p in members]
    for member in members:
        assert same_data(member, other / "members" / member.name), member.name
    for name in ["ensemble.h5", "ensemble_stats.h5"]:
        assert same_data(one / name, other / name), name


@pytest.fixture(scope="module")
def serial(aidivide_bin, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sweep") / "serial"
    run_aidivide(["sweep", str(GRID), "-o", str(out), "--quiet"])
    return out


# ------------------------------------------------------------------ the plan


def test_plan_lists_members_without_running(aidivide_bin, tmp_path):
    members = plan(GRID, "-o", str(tmp_path / "none"))
    assert len(members) == 8
    assert list(members.columns) == ["index", "member_id", "point_id", "scenario", "replicate",
                                     "seed", *PARAMS, "status"]
    assert (members["status"] == "pending").all()
    assert members["member_id"].is_unique
    assert set(members["technology.cost_growth"]) == {2.0, 3.0}
    assert set(members["workers.q_local"]) == {1.1, 1.5}
    # Common random numbers: every point of one replicate has the same seed.
    assert members.groupby("replicate")["seed"].nunique().eq(1).all()
    assert all(sorted(g) == [0, 1] for _, g in members.groupby("point_id")["replicate"])
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("sweep", ["tiny_lhs.yaml", "tiny_table.yaml", "tiny_replicates.yaml"])
def test_each_design_kind_plans_members_inside_their_ranges(aidivide_bin, sweep):
    members = plan(SCENARIOS / "sweeps" / sweep)
    assert members["member_id"].is_unique
    if sweep == "tiny_lhs.yaml":
        assert len(members) == 6
        assert members["workers.q_local"].between(0.8, 1.8).all()
        assert members["firms.q_small"].between(0.4, 1.2).all()
        assert members["population.workers"].between(1000, 4000).all()
        # One point in each sixth of every range.
        strata = np.floor((members["workers.q_local"] - 0.8) / (1.0 / 6)).astype(int)
        assert sorted(strata) == list(range(6))
    elif sweep == "tiny_table.yaml":
        table = pd.read_csv(SCENARIOS / "sweeps" / "tiny_table.csv")
        assert len(members) == 2 * len(table)
        got = members[["workers.q_local", "workers.q_global"]].drop_duplicates().reset_index(drop=True)
        pd.testing.assert_frame_equal(got, table)
    else:
        assert list(members["replicate"]) == [0, 1, 2]


def test_invalid_sweep_is_refused_with_a_located_error(aidivide_bin, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"scenarios: [{SCENARIOS / 'tiny.yaml'}]\ndesign:\n  kind: grid\n"
                   "  parameters:\n    workers.q_local: {min: 1.5, max: 1.0, levels: 2}\n")
    proc = run_aidivide(["sweep", str(bad), "-o", str(tmp_path / "out")], check=False)
    assert proc.returncode == 2
    assert f"{bad}:5:38: design.parameters.workers.q_local.max: must be greater than min" \
        in proc.stderr
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ the merged files


def test_ensemble_opens_with_run_coordinates(serial):
    with xr.open_dataset(serial / "ensemble.h5", engine="h5netcdf") as ds:
        assert ds.sizes["run"] == 8
        for name in ["scenario", "replicate", "seed", *PARAMS]:
            assert name in ds.coords and ds[name].dims == ("run",), name
        assert ds["ai_user_share"].dims == ("run", "time", "country")
        assert ds["country_name"].dims == ("country",)
        assert not [a for a in ds.attrs if a.startswith("timing") or a in ("threads", "created")]
        # The member seed follows from the replicate; dropped, no integer is filled with NaN.
        factorial = ds[["ai_user_share"]].drop_vars("seed") \
            .set_index(run=["scenario", *PARAMS, "replicate"]).unstack("run")
        assert factorial["ai_user_share"].sizes["workers.q_local"] == 2
        assert factorial["ai_user_share"].sizes["replicate"] == 2
        # Each run holds exactly its member file's data.
        first = str(ds["run"].values[3])
        with xr.open_dataset(serial / "members" / f"{first}.h5", engine="h5netcdf") as member:
            np.testing.assert_array_equal(ds["ai_user_share"].isel(run=3).values,
                                          member["ai_user_share"].values)
            assert member.attrs["replicate"] == ds["replicate"].values[3]
    with xr.open_dataset(serial / "ensemble.h5", engine="netcdf4") as ds:
        assert ds.sizes["run"] == 8


def test_stats_are_the_statistics_over_replicates(serial):
    probabilities = [0.05, 0.25, 0.5, 0.75, 0.95]
    with xr.open_dataset(serial / "ensemble.h5", engine="h5netcdf") as ens, \
            xr.open_dataset(serial / "ensemble_stats.h5", engine="h5netcdf") as stats:
        assert list(stats["statistic"].values) == ["mean", "std", "q05", "q25", "q50", "q75",
                                                   "q95"]
        assert stats.sizes["point"] == 4
        assert list(stats["n_replicates"].values) == [2, 2, 2, 2]
        for p in range(4):
            point = stats.isel(point=p)
            runs = ens.where(
                (ens["technology.cost_growth"] == point["technology.cost_growth"])
                & (ens["workers.q_local"] == point["workers.q_local"]), drop=True)
            assert runs.sizes["run"] == 2
            for name in ["ai_user_share", "firm_adoption_share", "gini_ai_user_share"]:
                values = runs[name].values
                got = point[name]
                np.testing.assert_allclose(got.sel(statistic="mean"), np.nanmean(values, axis=0),
                                           rtol=1e-12, atol=0)
                np.testing.assert_allclose(got.sel(statistic="std"),
                                           np.nanstd(values, axis=0, ddof=1), rtol=1e-9,
                                           atol=1e-15)
                for prob, label in zip(probabilities, ["q05", "q25", "q50", "q75", "q95"]):
                    np.testing.assert_allclose(got.sel(statistic=label),
                                               np.nanquantile(values, prob, axis=0),
                                               rtol=1e-12, atol=0)


def test_manifest_records_every_member(serial):
    manifest = pd.read_csv(serial / "manifest.csv", dtype={"member_id": str})
    assert len(manifest) == 8
    assert (manifest["status"] == "complete").all()
    assert manifest["error"].isna().all()
    assert (manifest["wall_seconds"] > 0).all()
    assert list(manifest.columns[:7]) == ["index", "member_id", "point_id", "scenario",
                                          "replicate", "root_seed", "seed"]


def test_member_equals_a_plain_run(serial, tmp_path):
    members = plan(GRID)
    row = members.iloc[5]
    plain = tmp_path / "plain.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), "--seed", "7", "--replicate",
                  str(row["replicate"]), "--set", "time.end=2023-06", "--set",
                  f"technology.cost_growth={row['technology.cost_growth']}", "--set",
                  f"workers.q_local={row['workers.q_local']}", "-o", str(plain), "--quiet"])
    assert same_data(plain, serial / "members" / f"{row['member_id']}.h5")


# ------------------------------------------------------------------ three ways, same results


def test_shards_give_identical_members_and_merged_files(serial, tmp_path):
    out = tmp_path / "shards"
    procs = [subprocess.Popen([str(aidivide_binary()), "sweep", str(GRID), "-o", str(out),
                               "--shard", f"{k}/3", "--threads", "1", "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert not (out / "ensemble.h5").exists()
    run_aidivide(["merge", str(out)])
    assert_same_sweep(serial, out)


def test_mpi_ranks_give_identical_members_and_merged_files(serial, tmp_path):
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        pytest.skip("mpirun not installed")
    out = tmp_path / "mpi"
    proc = subprocess.run([mpirun, "--oversubscribe", "-n", "3", str(aidivide_binary()), "sweep",
                           str(GRID), "-o", str(out), "--threads", "1"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **MPI_ENV}, stdin=subprocess.DEVNULL)
    if "built without MPI" in proc.stderr:
        pytest.skip("this aidivide was built without MPI")
    assert proc.returncode == 0, proc.stderr
    ranks = {line.split("(rank ")[1].split(")")[0] for line in proc.stderr.splitlines()
             if "(rank " in line}
    assert len(ranks) >= 2, proc.stderr  # work was handed out, not run by rank 0 alone
    assert_same_sweep(serial, out)


# ------------------------------------------------------------------ failures and restarts


def test_failed_member_is_recorded_and_a_rerun_resumes(serial, tmp_path):
    out = tmp_path / "failing"
    victim = plan(GRID)["member_id"].iloc[2]
    # A directory where the member's output must be created makes that member fail.
    (out / "members" / f"{victim}.h5.staged.part").mkdir(parents=True)
    proc = run_aidivide(["sweep", str(GRID), "-o", str(out), "--quiet"], check=False)
    assert proc.returncode == 1
    manifest = pd.read_csv(out / "manifest.csv", dtype={"member_id": str}).set_index("member_id")
    assert manifest.loc[victim, "status"] == "failed"
    assert "cannot create output file" in manifest.loc[victim, "error"]
    assert (manifest.drop(victim)["status"] == "complete").all()
    with xr.open_dataset(out / "ensemble.h5", engine="h5netcdf") as ds:
        assert ds.sizes["run"] == 7 and victim not in ds["run"].values
    assert run_aidivide(["merge", str(out)], check=False).returncode == 1

    (out / "members" / f"{victim}.h5.staged.part").rmdir()
    proc = run_aidivide(["sweep", str(GRID), "-o", str(out)])
    assert "7 already complete, 1 to run" in proc.stderr
    assert not (out / "members" / f"{victim}.failed").exists()
    assert_same_sweep(serial, out)


def test_killed_sweep_loses_only_members_in_flight(aidivide_bin, tmp_path):
    sweep = tmp_path / "long.yaml"
    sweep.write_text(GRID.read_text().replace("../tiny.yaml", str(SCENARIOS / "tiny.yaml"))
                     .replace("time.end: 2023-06", "time.end: 2040-12"))
    out = tmp_path / "killed"
    proc = subprocess.Popen([str(aidivide_binary()), "sweep", str(sweep), "-o", str(out),
                             "--quiet", "--no-merge"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list((out / "members").glob("*.h5"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    done = sorted(p.name for p in (out / "members").glob("*.h5"))
    assert 2 <= len(done) < 8
    assert not list((out / "members").glob("*.part")), "a member in flight was kept"
    manifest = pd.read_csv(out / "manifest.csv")
    assert (manifest["status"] == "complete").sum() == len(done)
    resumed = run_aidivide(["sweep", str(sweep), "-o", str(out), "--no-merge"])
    assert f"{len(done)} already complete, {8 - len(done)} to run" in resumed.stderr


def test_the_posterior_predictive_sweep_runs_both_pathways_at_every_posterior_draw(aidivide_bin):
    """scenarios/sweeps/posterior_open_source.yaml (scripts/demo) over the committed posterior's
    draws: each draw once per pathway, with the draw's knob values, inside the priors' ranges."""
    import yaml
    draws = pd.read_csv(SCENARIOS / "calibration" / "abc" / "posterior_draws.csv")
    members = plan(SCENARIOS / "sweeps" / "posterior_open_source.yaml")
    assert len(members) == 2 * len(draws)
    assert sorted(members["scenario"].unique()) == ["baseline", "open_source"]
    got = members[members["scenario"] == "baseline"][list(draws.columns)].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, draws, check_exact=False, rtol=1e-12)
    config = yaml.safe_load((SCENARIOS / "calibration.yaml").read_text())
    ranges = {k: v for b in config["blocks"] for k, v in b["parameters"].items()}
    assert set(draws.columns) == set(ranges)
    for knob, (lo, hi) in ranges.items():
        assert draws[knob].between(lo, hi).all(), knob
