"""Checkpoints seen from a notebook: a stopped and resumed run opens with h5py and both xarray
engines and equals the uninterrupted run; a branch (run --from) holds the shared history's
continuation from its month, which xarray joins to the history with one concat."""

from __future__ import annotations

import os
import subprocess

import h5py
import numpy as np
import xarray as xr

from conftest import SCENARIOS, aidivide_binary, run_aidivide

OPTIONS = ["--quiet", "--threads", "1", "--seed", "7", "--set", "output.chunk_records=5"]


def test_resumed_run_opens_and_equals_the_uninterrupted_run(aidivide_bin, tmp_path):
    full = tmp_path / "full.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), *OPTIONS, "-o", str(full)])
    out = tmp_path / "out.h5"
    # The test-only stop after a tick (docs/RELIABILITY.md) acts as SIGTERM there.
    env = dict(os.environ, AIDIVIDE_TEST_STOP_AFTER_TICK="11")
    stopped = subprocess.run([str(aidivide_binary()), "run", str(SCENARIOS / "tiny.yaml"),
                              *OPTIONS, "--checkpoint-every", "100", "-o", str(out)], env=env,
                             capture_output=True, text=True, timeout=300)
    assert stopped.returncode == 143, stopped.stderr
    with h5py.File(out, "r") as f:
        assert f.attrs["status"] in ("interrupted", b"interrupted")
        assert f["time"].shape[0] == 12

    run_aidivide(["resume", f"{out}.ckpt", "--quiet"])
    assert not (tmp_path / "out.h5.ckpt").exists()
    assert run_aidivide(["diff", str(out), str(full)]).stdout.strip() == "identical"
    # About the size of the uninterrupted file (tests/app/cmd_resume_test.cpp states the factor).
    assert out.stat().st_size <= 1.10 * full.stat().st_size
    assert not (tmp_path / "out.h5.part.copy").exists()
    with h5py.File(out, "r") as f, h5py.File(full, "r") as ref:
        assert list(f.attrs) == list(ref.attrs)  # the global attributes in the same order
    for engine in ("h5netcdf", "netcdf4"):
        with xr.open_dataset(out, engine=engine) as ds, xr.open_dataset(full, engine=engine) as ref:
            assert ds.attrs["status"] == "complete"
            xr.testing.assert_equal(ds, ref)  # every variable and coordinate, not attributes


def test_branch_continues_the_history(aidivide_bin, tmp_path):
    full = tmp_path / "full.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), *OPTIONS, "--checkpoint-at", "2024-01",
                  "-o", str(full)])
    branch = tmp_path / "branch.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), *OPTIONS, "--from",
                  str(tmp_path / "full.h5.2024-01.ckpt"), "-o", str(branch)])
    with xr.open_dataset(full, engine="h5netcdf") as ref, \
            xr.open_dataset(branch, engine="h5netcdf") as tail:
        assert tail.attrs["branch_month"] == "2024-01"
        assert str(tail.time.values[0])[:10] == "2024-01-01"
        history = ref.sel(time=slice(None, "2023-12-31"))
        joined = xr.concat([history.ai_user_share, tail.ai_user_share], dim="time")
        np.testing.assert_array_equal(joined.values, ref.ai_user_share.values)
        np.testing.assert_array_equal(joined.time.values, ref.time.values)
