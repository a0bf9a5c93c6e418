"""`aidivide recover`: a run killed with SIGKILL after a flush is recovered into a file that h5py and
xarray (h5netcdf and netcdf4 engines) open, holding a prefix of the uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import h5py
import numpy as np
import xarray as xr

from conftest import SCENARIOS, aidivide_binary, run_aidivide

CHUNK = 4
OPTIONS = ["--quiet", "--threads", "1", "--seed", "5", "--set", f"output.chunk_records={CHUNK}"]


def _flushed(part):
    try:
        with h5py.File(part, "r", swmr=True) as f:
            return f["time"].shape[0]
    except Exception:  # not created yet, or caught mid-flush
        return -1


def test_killed_run_recovers_and_opens(aidivide_bin, tmp_path):
    full = tmp_path / "full.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), *OPTIONS, "-o", str(full)])
    out = tmp_path / "killed.h5"
    part = tmp_path / "killed.h5.part"
    # The test-only pause after each record (docs/RELIABILITY.md) leaves time to kill mid-run.
    env = dict(os.environ, AIDIVIDE_TEST_TICK_DELAY_MS="40")
    proc = subprocess.Popen([str(aidivide_binary()), "run", str(SCENARIOS / "tiny.yaml"),
                             *OPTIONS, "-o", str(out)], env=env)
    deadline = time.monotonic() + 60
    # Time grows as soon as a group's writing starts: once the second group shows, the first is
    # flushed.
    while _flushed(part) < 2 * CHUNK and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the run ended before it was killed"
    assert part.exists() and not out.exists()

    result = run_aidivide(["recover", str(part)])
    assert "recovered" in result.stdout
    assert part.exists(), "the part file is kept"

    with h5py.File(out, "r") as f:
        assert f.attrs["status"] in ("recovered", b"recovered")
        records = f["time"].shape[0]
        assert records >= CHUNK and records % CHUNK == 0
        assert f["ai_user_share"].shape[0] == records
    with xr.open_dataset(full, engine="h5netcdf") as ref:
        expected = ref.ai_user_share.isel(time=slice(0, records)).load()
    for engine in ("h5netcdf", "netcdf4"):
        with xr.open_dataset(out, engine=engine) as ds:
            assert ds.attrs["status"] == "recovered"
            assert ds.sizes["time"] == records
            np.testing.assert_array_equal(ds.ai_user_share.values, expected.values)
            np.testing.assert_array_equal(ds.time.values, expected.time.values)
    assert run_aidivide(["diff", "--prefix", str(out), str(full)]).stdout.strip() == "identical"
