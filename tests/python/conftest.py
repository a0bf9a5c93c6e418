"""Shared pytest fixtures: locate the aidivide binary, run scenarios into temporary files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = REPO_ROOT / "scenarios"

# `analysis` is imported by the tests whatever directory pytest was started from.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# A tiny run takes well under a second; anything this slow means a hang.
RUN_TIMEOUT_SECONDS = 300


def aidivide_binary() -> Path:
    """The simulator under test: $AIDIVIDE_BIN (relative paths from the repository root),
    else build/app/aidivide in the repository."""
    configured = os.environ.get("AIDIVIDE_BIN", "build/app/aidivide")
    path = Path(configured)
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def run_aidivide(args: list[str], *, cwd: Path | None = None, timeout: float = RUN_TIMEOUT_SECONDS,
                 check: bool = True) -> subprocess.CompletedProcess:
    """Run `aidivide ARGS...` to completion and return the completed process (text output)."""
    binary = aidivide_binary()
    proc = subprocess.run([str(binary), *args], cwd=cwd or REPO_ROOT, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        pytest.fail(f"aidivide {' '.join(args)} exited {proc.returncode}\n"
                    f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def aidivide_bin() -> Path:
    """Path of the simulator binary; fails (does not skip) when it has not been built."""
    binary = aidivide_binary()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"aidivide binary not found at {binary}: build it with "
                    "`cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release && "
                    "cmake --build build --target aidivide`, or set AIDIVIDE_BIN")
    return binary


@pytest.fixture(scope="session")
def tiny_run(aidivide_bin, tmp_path_factory) -> Path:
    """scenarios/tiny.yaml (7 countries, 36 months) run once into a temporary directory."""
    out = tmp_path_factory.mktemp("tiny") / "tiny.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), "-o", str(out), "--quiet"])
    assert out.is_file(), f"run finished but {out} is missing"
    return out


@pytest.fixture(scope="session")
def tiny_long_run(aidivide_bin, tmp_path_factory) -> Path:
    """The tiny world run over the default span 2023-01..2040-12 (216 records)."""
    out = tmp_path_factory.mktemp("tiny_long") / "tiny_long.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), "--set", "time.end=2040-12", "-o",
                  str(out), "--quiet"])
    assert out.is_file(), f"run finished but {out} is missing"
    return out


@pytest.fixture(scope="session")
def tiny_ds(tiny_run):
    """The tiny run opened with xarray (h5netcdf engine) and loaded into memory."""
    import xarray as xr

    with xr.open_dataset(tiny_run, engine="h5netcdf") as ds:
        loaded = ds.load()
    return loaded


@pytest.fixture(scope="session")
def tiny_variant_long_run(aidivide_bin, tmp_path_factory) -> Path:
    """tiny_long_run with slower falling frontier prices (a second scenario to compare)."""
    out = tmp_path_factory.mktemp("tiny_variant") / "tiny_slow_prices.h5"
    run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), "--set", "time.end=2040-12", "--set",
                  "technology.price_decline_per_year=0.3", "-o", str(out), "--quiet"])
    assert out.is_file(), f"run finished but {out} is missing"
    return out


# Members of the small ensemble: (scenario label, extra --set, replicate).
ENSEMBLE_MEMBERS = [("tiny", [], 0), ("tiny", [], 1), ("tiny_slow_prices",
                    ["--set", "technology.price_decline_per_year=0.3"], 0),
                    ("tiny_slow_prices", ["--set", "technology.price_decline_per_year=0.3"], 1)]


@pytest.fixture(scope="session")
def tiny_ensemble_file(aidivide_bin, tmp_path_factory) -> Path:
    """An ensemble.h5 in the sweep layout (issue 5), built here with plain xarray: four tiny
    runs (two scenarios x two replicates) concatenated along a new `run` dimension, with
    scenario, replicate, seed and the varied parameter as coordinates over `run`; the
    country label strings stay without `run`."""
    import numpy as np
    import xarray as xr

    folder = tmp_path_factory.mktemp("ensemble")
    runs = []
    for i, (_, extra, replicate) in enumerate(ENSEMBLE_MEMBERS):
        out = folder / f"member{i}.h5"
        run_aidivide(["run", str(SCENARIOS / "tiny.yaml"), *extra, "--replicate", str(replicate),
                      "-o", str(out), "--quiet"])
        with xr.open_dataset(out, engine="netcdf4") as ds:  # much faster than h5netcdf here
            runs.append(ds.load())
    shared = [n for n, v in runs[0].data_vars.items() if v.dtype == object]
    ensemble = xr.concat([r.drop_vars(shared) for r in runs], dim="run",
                         combine_attrs="drop_conflicts")
    ensemble = ensemble.assign({n: runs[0][n] for n in shared})
    ensemble = ensemble.assign_coords(
        run=[f"m{i:03d}" for i in range(len(runs))],
        scenario=("run", [m[0] for m in ENSEMBLE_MEMBERS]),
        replicate=("run", np.array([m[2] for m in ENSEMBLE_MEMBERS], dtype=np.int64)),
        seed=("run", np.array([int(r.attrs["seed"]) for r in runs], dtype=np.uint64)),
        **{"technology.price_decline_per_year": ("run", [0.6, 0.6, 0.3, 0.3])})
    for name in list(ensemble.attrs):
        if name not in ("Conventions", "source"):
            del ensemble.attrs[name]
    ensemble.attrs["title"] = "aidivide ensemble"
    path = folder / "ensemble.h5"
    ensemble.to_netcdf(path, engine="h5netcdf")
    return path
