"""Global sensitivity analysis: design tables (Saltelli for Sobol indices, Morris trajectories),
a small driver that runs a design, and the indices of one chosen output.

Designs are CSV tables, one row per point, one column per parameter key path (what
`aidivide sweep` reads as a design table), with a JSON sidecar (`DESIGN.json`) that records the
method, the ranges and the block structure the estimators need. Sobol first-order and total
indices with bootstrap confidence intervals come from OpenTURNS (Saltelli, Jansen, Martinez,
Mauntz-Kucherenko estimators); Morris elementary effects (mu, mu*, sigma) are computed here in
numpy.

    python3 -m analysis.sensitivity design sobol --param workers.q_local=0.8:1.8 ... -n 256 -o D.csv
    python3 -m analysis.sensitivity design morris --param ... -r 20 --levels 4 -o D.csv
    python3 -m analysis.sensitivity design subset --from D.csv -n 128 -o D128.csv
    python3 -m analysis.sensitivity run-design D.csv --scenario scenarios/baseline.yaml \
        --set population.workers=20000 --set population.firms=4000 -o DIR
    python3 -m analysis.sensitivity analyze DIR [--design D.csv] \
        [--output gap_high_low_ai_user_share --time 2040-01] [--plot DIR/sobol]

`run-design` writes DIR/members/row_NNNNNN.h5 (one `aidivide run` per design row, `--set` per
column, common random numbers: every row uses the same seed and replicate), DIR/manifest.csv,
DIR/ensemble.h5 (the members' selected variables along `run`, parameters as coordinates, the
layout of a sweep's ensemble file) and a copy of the design. `analyze` reads such a directory,
or a sweep's `ensemble.h5` together with the design it ran (rows matched by parameter values).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import dataclasses
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import time as _time
from pathlib import Path

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = "gap_high_low_ai_user_share"
DEFAULT_TIME = "2040-01"
# What run-design keeps of each member (the sweep's `output.variables`): small and enough for
# the divide outputs.
DEFAULT_VARIABLES = (
    "world_ai_user_share", "world_ai_tfp_gain",
    "group_ai_user_share", "group_firm_production_all", "group_ai_tfp_gain",
    *(f"{m}_{x}" for x in ("ai_user_share", "firm_production_all", "ai_tfp_gain")
      for m in ("gini", "theil", "theil_between", "theil_within", "ratio_high_low",
                "gap_high_low")),
)
ESTIMATORS = ("saltelli", "jansen", "martinez", "mauntz_kucherenko")


# ------------------------------------------------------------------ parameters and designs


@dataclasses.dataclass(frozen=True)
class Parameter:
    """A design factor: key path, range, and whether it is sampled uniformly in log space."""

    name: str
    lower: float
    upper: float
    log: bool = False

    def __post_init__(self):
        if not self.upper > self.lower:
            raise ValueError(f"{self.name}: upper bound {self.upper} must exceed lower bound "
                             f"{self.lower}")
        if self.log and self.lower <= 0:
            raise ValueError(f"{self.name}: a log-scaled range needs a positive lower bound")

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        if self.log:
            lo, hi = math.log(self.lower), math.log(self.upper)
            return np.exp(lo + u * (hi - lo))
        return self.lower + u * (self.upper - self.lower)

    def to_unit(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if self.log:
            lo, hi = math.log(self.lower), math.log(self.upper)
            return (np.log(x) - lo) / (hi - lo)
        return (x - self.lower) / (self.upper - self.lower)

    @classmethod
    def parse(cls, text: str) -> "Parameter":
        """`key.path=LO:HI` or `key.path=LO:HI:log`."""
        try:
            name, spec = text.split("=", 1)
            parts = spec.split(":")
            log = len(parts) == 3 and parts[2].strip().lower() == "log"
            if len(parts) not in (2, 3) or (len(parts) == 3 and not log):
                raise ValueError
            return cls(name.strip(), float(parts[0]), float(parts[1]), log)
        except ValueError as error:
            if "must exceed" in str(error) or "log-scaled" in str(error):
                raise
            raise ValueError(f"bad --param {text!r}: expected key.path=LO:HI[:log]") from None

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Design:
    """A design table (values, one column per parameter) and what the estimators need."""

    method: str  # "sobol" or "morris"
    parameters: list[Parameter]
    values: np.ndarray  # (rows, d) in parameter units
    info: dict  # method details: n (sobol) or trajectories, levels, delta (morris); seed

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def unit(self) -> np.ndarray:
        return np.column_stack([p.to_unit(self.values[:, j])
                                for j, p in enumerate(self.parameters)])

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.values, columns=self.names)

    def write(self, path: str | os.PathLike) -> tuple[Path, Path]:
        """Write DESIGN.csv (parameter columns only) and its DESIGN.json sidecar."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(self.names)
            for row in self.values:
                writer.writerow([repr(float(v)) for v in row])
        meta = {"method": self.method, "rows": int(len(self.values)),
                "parameters": [p.as_dict() for p in self.parameters], **self.info}
        sidecar = sidecar_path(path)
        sidecar.write_text(json.dumps(meta, indent=2) + "\n")
        return path, sidecar


def sidecar_path(design_csv: str | os.PathLike) -> Path:
    return Path(design_csv).with_suffix(".json")


def read_design(path: str | os.PathLike) -> Design:
    """Read DESIGN.csv and its sidecar. Without a sidecar, a Saltelli design is assumed, with
    ranges taken from the table and N = rows / (d + 2)."""
    path = Path(path)
    frame = pd.read_csv(path, float_precision="round_trip")  # values exactly as written
    sidecar = sidecar_path(path)
    if sidecar.exists():
        meta = json.loads(sidecar.read_text())
        params = [Parameter(**p) for p in meta.pop("parameters")]
        method = meta.pop("method")
        meta.pop("rows", None)
        missing = [p.name for p in params if p.name not in frame.columns]
        if missing:
            raise ValueError(f"{path}: columns {missing} of {sidecar.name} are missing")
        values = frame[[p.name for p in params]].to_numpy(dtype=float)
        return Design(method, params, values, meta)
    d = frame.shape[1]
    if len(frame) % (d + 2):
        raise ValueError(f"{path}: no {sidecar.name} and {len(frame)} rows is not N (d + 2)")
    params = [Parameter(c, float(frame[c].min()), float(frame[c].max())) for c in frame.columns]
    return Design("sobol", params, frame.to_numpy(dtype=float), {"n": len(frame) // (d + 2)})


def sobol_design(parameters: list[Parameter], n: int, seed: int = 0,
                 sampling: str = "MonteCarlo") -> Design:
    """Saltelli's design for first-order and total indices: N (d + 2) rows in OpenTURNS's
    order (A, B, then A with column i from B, for each i), from `ot.SobolIndicesExperiment`."""
    import openturns as ot

    if n < 2:
        raise ValueError("a Sobol design needs N >= 2")
    d = len(parameters)
    ot.RandomGenerator.SetSeed(int(seed))
    ot.ResourceMap.SetAsString("SobolIndicesExperiment-SamplingMethod", sampling)
    try:
        distribution = ot.ComposedDistribution([ot.Uniform(0.0, 1.0)] * d)
        unit = np.array(ot.SobolIndicesExperiment(distribution, int(n), False).generate())
    finally:
        ot.ResourceMap.SetAsString("SobolIndicesExperiment-SamplingMethod", "MonteCarlo")
    values = np.column_stack([p.from_unit(unit[:, j]) for j, p in enumerate(parameters)])
    return Design("sobol", list(parameters), values,
                  {"n": int(n), "seed": int(seed), "sampling": sampling, "second_order": False})


def morris_design(parameters: list[Parameter], trajectories: int, levels: int = 4,
                  seed: int = 0) -> Design:
    """Morris (1991) one-at-a-time trajectories on a `levels`-level grid of the unit cube,
    step delta = levels / (2 (levels - 1)): r (d + 1) rows, each trajectory moving every
    factor once, in a random order and direction."""
    if levels < 2 or levels % 2:
        raise ValueError("Morris levels must be an even number >= 2")
    if trajectories < 2:
        raise ValueError("a Morris design needs at least 2 trajectories")
    d = len(parameters)
    rng = np.random.default_rng(seed)
    delta = levels / (2.0 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    lower_levels = grid[grid <= 1 - delta + 1e-12]
    rows = []
    for _ in range(trajectories):
        up = rng.random(d) < 0.5
        base = rng.choice(lower_levels, size=d)
        x = np.where(up, base, base + delta)
        order = rng.permutation(d)
        rows.append(x.copy())
        for i in order:
            x[i] = x[i] + delta if up[i] else x[i] - delta
            rows.append(x.copy())
    unit = np.clip(np.array(rows), 0.0, 1.0)
    values = np.column_stack([p.from_unit(unit[:, j]) for j, p in enumerate(parameters)])
    return Design("morris", list(parameters), values,
                  {"trajectories": int(trajectories), "levels": int(levels), "delta": delta,
                   "seed": int(seed)})


# ------------------------------------------------------------------ estimators


@dataclasses.dataclass
class SobolResult:
    names: list[str]
    first: np.ndarray
    first_low: np.ndarray
    first_high: np.ndarray
    total: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray
    n: int
    estimator: str
    confidence: float
    bootstrap: int

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({
            "parameter": self.names, "S1": self.first, "S1_low": self.first_low,
            "S1_high": self.first_high, "ST": self.total, "ST_low": self.total_low,
            "ST_high": self.total_high}).sort_values("ST", ascending=False, ignore_index=True)


def sobol_indices(x: np.ndarray, y: np.ndarray, n: int, names: list[str] | None = None,
                  estimator: str = "martinez", bootstrap: int = 500, confidence: float = 0.95,
                  seed: int = 0) -> SobolResult:
    """First-order and total Sobol indices of y over a Saltelli design x (N (d + 2) rows in
    OpenTURNS's order) with bootstrap confidence intervals (OpenTURNS)."""
    import openturns as ot

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    d = x.shape[1]
    if x.shape[0] != n * (d + 2) or y.shape[0] != x.shape[0]:
        raise ValueError(f"a Saltelli design of N={n} over {d} factors has {n * (d + 2)} rows; "
                         f"got {x.shape[0]} inputs and {y.shape[0]} outputs")
    if not np.isfinite(y).all():
        bad = np.flatnonzero(~np.isfinite(y))
        raise ValueError(f"{bad.size} outputs are not finite (rows {bad[:10].tolist()}...)")
    classes = {"saltelli": ot.SaltelliSensitivityAlgorithm,
               "jansen": ot.JansenSensitivityAlgorithm,
               "martinez": ot.MartinezSensitivityAlgorithm,
               "mauntz_kucherenko": ot.MauntzKucherenkoSensitivityAlgorithm}
    if estimator not in classes:
        raise ValueError(f"unknown estimator {estimator!r}: one of {', '.join(classes)}")
    ot.RandomGenerator.SetSeed(int(seed))
    algo = classes[estimator](ot.Sample(x), ot.Sample(y[:, None]), int(n))
    algo.setBootstrapSize(int(bootstrap))
    algo.setConfidenceLevel(float(confidence))
    try:
        first = np.array(algo.getFirstOrderIndices())
        total = np.array(algo.getTotalOrderIndices())
        fi, ti = algo.getFirstOrderIndicesInterval(), algo.getTotalOrderIndicesInterval()
    except TypeError as error:  # OpenTURNS reports a constant output (or resample) this way
        raise ValueError(f"OpenTURNS could not estimate the indices: {error}") from None
    return SobolResult(list(names or [f"x{i}" for i in range(d)]), first,
                       np.array(fi.getLowerBound()), np.array(fi.getUpperBound()), total,
                       np.array(ti.getLowerBound()), np.array(ti.getUpperBound()), int(n),
                       estimator, float(confidence), int(bootstrap))


@dataclasses.dataclass
class MorrisResult:
    names: list[str]
    mu: np.ndarray
    mu_star: np.ndarray
    sigma: np.ndarray
    mu_star_low: np.ndarray
    mu_star_high: np.ndarray
    trajectories: int
    effects: np.ndarray  # (trajectories, d) elementary effects

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({
            "parameter": self.names, "mu": self.mu, "mu_star": self.mu_star,
            "mu_star_low": self.mu_star_low, "mu_star_high": self.mu_star_high,
            "sigma": self.sigma}).sort_values("mu_star", ascending=False, ignore_index=True)


def morris_effects(unit: np.ndarray, y: np.ndarray, trajectories: int) -> np.ndarray:
    """Elementary effects (y(upper) - y(lower)) / delta per trajectory and factor, from a
    Morris design in unit-cube coordinates: (trajectories, d)."""
    unit = np.asarray(unit, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    rows, d = unit.shape
    if rows != trajectories * (d + 1) or y.shape[0] != rows:
        raise ValueError(f"a Morris design of {trajectories} trajectories over {d} factors has "
                         f"{trajectories * (d + 1)} rows; got {rows} inputs, {y.shape[0]} outputs")
    effects = np.full((trajectories, d), np.nan)
    for t in range(trajectories):
        block = unit[t * (d + 1):(t + 1) * (d + 1)]
        yb = y[t * (d + 1):(t + 1) * (d + 1)]
        for k in range(d):
            step = block[k + 1] - block[k]
            moved = np.flatnonzero(np.abs(step) > 1e-9)
            if moved.size != 1:
                raise ValueError(f"trajectory {t}, step {k}: {moved.size} factors move "
                                 "(a Morris step moves exactly one)")
            i = int(moved[0])
            effects[t, i] = (yb[k + 1] - yb[k]) / step[i]
    return effects


def morris_indices(unit: np.ndarray, y: np.ndarray, trajectories: int,
                   names: list[str] | None = None, bootstrap: int = 500,
                   confidence: float = 0.95, seed: int = 0) -> MorrisResult:
    """mu (mean effect), mu* (mean absolute effect, Campolongo et al. 2007) and sigma (standard
    deviation, ddof 1) of the elementary effects, with a bootstrap interval on mu* over
    trajectories. Effects are per unit of the factor's range (unit cube)."""
    effects = morris_effects(unit, y, trajectories)
    d = effects.shape[1]
    mu_star = np.abs(effects).mean(axis=0)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, trajectories, size=(int(bootstrap), trajectories))
    boot = np.abs(effects)[picks].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    return MorrisResult(list(names or [f"x{i}" for i in range(d)]), effects.mean(axis=0),
                        mu_star, effects.std(axis=0, ddof=1),
                        np.quantile(boot, alpha, axis=0), np.quantile(boot, 1 - alpha, axis=0),
                        trajectories, effects)


# ------------------------------------------------------------------ Ishigami (reference function)


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """Ishigami function of three factors on [-pi, pi]^3."""
    x = np.asarray(x, dtype=float)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Analytical first-order and total indices of the Ishigami function."""
    pi4, pi8 = math.pi ** 4, math.pi ** 8
    variance = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5
    v1 = 0.5 * (1 + b * pi4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * pi8 * (1 / 18 - 1 / 50)
    first = np.array([v1, v2, 0.0]) / variance
    total = np.array([v1 + v13, v2, v13]) / variance
    return first, total


ISHIGAMI_PARAMETERS = [Parameter(f"x{i + 1}", -math.pi, math.pi) for i in range(3)]


# ------------------------------------------------------------------ running a design


def aidivide_binary(explicit: str | None = None) -> Path:
    configured = explicit or os.environ.get("AIDIVIDE_BIN", "build/app/aidivide")
    path = Path(configured)
    return path if path.is_absolute() else (Path.cwd() / path if path.exists()
                                            else REPO_ROOT / path)


def _format_value(value: float) -> str:
    """Shortest text that reads back as the same double (integers without a decimal point)."""
    value = float(value)
    if value.is_integer() and abs(value) < 2 ** 53:
        return str(int(value))
    return repr(value)


def _member_info(path: Path) -> tuple[str, dict] | None:
    """(scenario name, flat resolved parameters) of a complete member file, else None."""
    import h5py

    from analysis.load import flatten_parameters, parse_parameters

    try:
        with h5py.File(path, "r") as f:
            attrs = {k: f.attrs.get(k) for k in ("status", "scenario_name", "parameters_yaml")}
    except (OSError, KeyError):
        return None
    attrs = {k: v.decode() if isinstance(v, bytes) else v for k, v in attrs.items()}
    if attrs["status"] != "complete" or attrs["parameters_yaml"] is None:
        return None
    return str(attrs["scenario_name"]), flatten_parameters(parse_parameters(
        attrs["parameters_yaml"]))


def _fixed_settings(scenario, sets) -> dict:
    """The --set values of a design run, parsed as the YAML scalars the simulator reads."""
    from analysis.load import parse_parameters

    fixed = {}
    for item in sets:
        key, _, value = item.partition("=")
        parsed = parse_parameters(f"v: {value}") if value else {}
        fixed[key.strip()] = parsed.get("v", value)
    return fixed


def _member_matches(info, scenario, fixed: dict, names: list[str], row: np.ndarray) -> bool:
    """Whether a finished member ran this scenario, these --set values and this row."""
    if info is None or info[0] != Path(scenario).stem:
        return False
    flat = info[1]
    for key, value in fixed.items():
        if key.startswith("output."):
            continue
        got = flat.get(key)
        if isinstance(value, (int, float)) and isinstance(got, (int, float)):
            if not np.isclose(float(got), float(value), rtol=1e-12, atol=0):
                return False
        elif got != value:
            return False
    try:
        return all(np.isclose(float(flat.get(n, np.nan)), v, rtol=1e-12, atol=0)
                   for n, v in zip(names, row))
    except (TypeError, ValueError):
        return False


def _value_key(values) -> tuple:
    return tuple(float(f"{float(v):.9g}") for v in values)


def _index_members(members: Path, names: list[str]) -> dict[tuple, list[Path]]:
    """Finished member files by (rounded) values of the design parameters, so a design re-read
    or re-generated with values that differ in the last bits still finds its runs."""
    index: dict[tuple, list[Path]] = {}
    for path in sorted(members.glob("*.h5")):
        info = _member_info(path)
        if info is None:
            continue
        try:
            key = _value_key(info[1][n] for n in names)
        except (KeyError, TypeError, ValueError):
            continue
        index.setdefault(key, []).append(path)
    return index


def member_id(scenario, sets, names: list[str], row: np.ndarray) -> str:
    """Member file stem: a hash of the scenario, the fixed settings and the row's parameter
    values, so designs that share points (a Saltelli design and its truncation) share runs."""
    text = "\n".join([Path(scenario).name, *sorted(sets),
                      *(f"{n}={_format_value(v)}" for n, v in zip(names, row))])
    return "m" + hashlib.sha256(text.encode()).hexdigest()[:16]


def submission_order(design: Design) -> list[int]:
    """Rows in the order to run them. A Saltelli design runs base point k of every block
    (A, B, A_B^1..A_B^d) before point k + 1, so a run stopped early leaves a complete design of
    a smaller N (`subset_design`)."""
    rows = len(design.values)
    if design.method != "sobol":
        return list(range(rows))
    n = int(design.info["n"])
    return sorted(range(rows), key=lambda i: (i % n, i // n))


def subset_design(design: Design, n: int) -> Design:
    """The Saltelli design of the first n base points (n <= N): same points, smaller N."""
    if design.method != "sobol":
        raise ValueError("only a Sobol (Saltelli) design can be truncated")
    big = int(design.info["n"])
    if not 2 <= n <= big:
        raise ValueError(f"subset size must be in [2, {big}]")
    blocks = len(design.values) // big
    index = np.concatenate([np.arange(b * big, b * big + n) for b in range(blocks)])
    return Design("sobol", design.parameters, design.values[index], {**design.info, "n": int(n)})


def run_design(design_csv: str | os.PathLike, scenario: str | os.PathLike,
               out_dir: str | os.PathLike, sets: list[str] = (), jobs: int = 2,
               binary: str | None = None, variables: list[str] | None = DEFAULT_VARIABLES,
               seed: int | None = None, replicate: int | None = None,
               log=print) -> Path:
    """Run `aidivide run SCENARIO --set COLUMN=VALUE...` once per design row, `jobs` at a time
    (one thread each), skipping members already finished with the same parameters. Writes
    DIR/members/row_NNNNNN.h5, DIR/manifest.csv, DIR/ensemble.h5 and a copy of the design;
    returns DIR. Raises RuntimeError when a member failed (the others are kept)."""
    design = read_design(design_csv)
    out = Path(out_dir)
    members = out / "members"
    members.mkdir(parents=True, exist_ok=True)
    if Path(design_csv).resolve() != (out / "design.csv").resolve():
        shutil.copyfile(design_csv, out / "design.csv")
        sidecar = sidecar_path(design_csv)
        if sidecar.exists():
            shutil.copyfile(sidecar, out / "design.json")
    exe = aidivide_binary(binary)
    if not exe.is_file():
        raise FileNotFoundError(f"aidivide binary not found at {exe} (set AIDIVIDE_BIN)")
    common = ["run", str(scenario), "--quiet", "--threads", "1"]
    for s in sets:
        common += ["--set", s]
    if variables:
        common += ["--set", "output.variables=[" + ",".join(variables) + "]"]
    if seed is not None:
        common += ["--seed", str(seed)]
    if replicate is not None:
        common += ["--replicate", str(replicate)]

    names = design.names
    fixed = _fixed_settings(scenario, sets)
    existing = _index_members(members, names)

    def one(i: int) -> dict:
        row = design.values[i]
        member = member_id(scenario, sets, names, row)
        path = members / f"{member}.h5"
        for candidate in existing.get(_value_key(row), []):
            if _member_matches(_member_info(candidate), scenario, fixed, names, row):
                return {"row": i, "member": candidate.stem,
                        "file": f"members/{candidate.name}", "status": "complete", "exit": 0,
                        "seconds": float("nan"), "error": "", "reused": True}
        record = {"row": i, "member": member, "file": f"members/{path.name}"}
        args = list(common)
        for name, value in zip(names, row):
            args += ["--set", f"{name}={_format_value(value)}"]
        args += ["-o", str(path)]
        start = _time.monotonic()
        proc = subprocess.run([str(exe), *args], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        seconds = _time.monotonic() - start
        ok = proc.returncode == 0 and path.exists()
        error = "" if ok else (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        return {**record, "status": "complete" if ok else "failed", "exit": proc.returncode,
                "seconds": seconds, "error": error, "reused": False}

    rows = len(design.values)
    ids = [member_id(scenario, sets, names, design.values[i]) for i in range(rows)]
    first: dict[str, int] = {}
    for i in submission_order(design):
        first.setdefault(ids[i], i)  # a repeated point runs once
    results: dict[int, dict] = {}
    started = _time.monotonic()
    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, int(jobs))) as pool:
        futures = {pool.submit(one, i): i for i in first.values()}
        for future in concurrent.futures.as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            done += 1
            if log and (done == len(futures) or done % max(1, len(futures) // 20) == 0):
                elapsed = _time.monotonic() - started
                log(f"run-design: {done}/{len(futures)} members ({elapsed:.0f} s)")
    manifest = pd.DataFrame([{**results[first[ids[i]]], "row": i} for i in range(rows)])
    for j, name in enumerate(names):
        manifest[name] = design.values[:, j]
    manifest.to_csv(out / "manifest.csv", index=False)
    failed = manifest[manifest.status != "complete"]
    if len(failed):
        raise RuntimeError(f"{len(failed)} of {rows} members failed; first: row "
                           f"{int(failed.iloc[0]['row'])}: {failed.iloc[0]['error']}")
    merge_members(out, names)
    return out


def merge_members(out_dir: str | os.PathLike, varied: list[str]) -> Path:
    """DIR/ensemble.h5 from the members of DIR/manifest.csv: every member variable along a new
    `run` dimension, with scenario, replicate, seed and the varied parameters over `run`.

    The first member is opened with xarray as the template (coordinates, attributes); the
    values of the others are read with h5py, which is about 30 times faster per file."""
    import h5py
    import xarray as xr

    from analysis.load import flatten_parameters, open_run, parse_parameters

    out = Path(out_dir)
    manifest = pd.read_csv(out / "manifest.csv").drop_duplicates("member")
    files = [out / f for f in manifest["file"]]
    template = open_run(files[0])
    names = [n for n in template.data_vars if template[n].dtype.kind in "fiu"]
    stacks = {n: [] for n in names}
    texts, scenarios, seeds, replicates = [], [], [], []
    for path in files:
        with h5py.File(path, "r") as f:
            for n in names:
                values = f[n][()]
                if values.shape != template[n].shape:
                    raise ValueError(f"{path}: {n} has shape {values.shape}, the first member "
                                     f"{template[n].shape}")
                stacks[n].append(values)
            attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        texts.append(str(attrs.get("parameters_yaml", "")))
        scenarios.append(str(attrs.get("scenario_name", "")))
        seeds.append(int(attrs.get("seed", -1)))
        replicates.append(int(attrs.get("replicate", -1)))
    ensemble = xr.Dataset(coords={k: v for k, v in template.coords.items()
                                  if k not in ("scenario", "seed", "replicate")})
    for n in names:
        var = template[n]
        ensemble[n] = xr.DataArray(np.stack(stacks[n]), dims=("run", *var.dims),
                                   attrs=dict(var.attrs))
        ensemble[n].encoding.update({k: var.encoding[k] for k in ("_FillValue",)
                                     if k in var.encoding})
    # As a sweep's ensemble.h5: `run` holds the member ids.
    ensemble = ensemble.assign_coords(
        run=manifest["member"].astype(str).to_numpy(dtype=object),
        scenario=("run", np.array(scenarios, dtype=object)),
        replicate=("run", np.array(replicates, dtype=np.int64)),
        seed=("run", np.array(seeds, dtype=np.int64)))
    for key in varied:
        values = [flatten_parameters(parse_parameters(t)).get(key) for t in texts]
        ensemble = ensemble.assign_coords({key: ("run", np.asarray(values, dtype=float))})
    ensemble["parameters_yaml"] = ("run", np.array(texts, dtype=object))
    # No timing or thread data in an ensemble file (ARCHITECTURE.md, identity rules).
    keep = ("Conventions", "title", "source", "data_sha256")
    ensemble.attrs = {k: template.attrs[k] for k in keep if k in template.attrs}
    ensemble.attrs["varied_parameters"] = " ".join(varied)
    target = out / "ensemble.h5"
    tmp = out / "ensemble.h5.part"
    encoding = {n: {"zlib": True, "complevel": 1} for n in names
                if ensemble[n].dtype.kind == "f"}
    ensemble.to_netcdf(tmp, engine="h5netcdf", encoding=encoding)
    os.replace(tmp, target)
    return target


# ------------------------------------------------------------------ reading results


def select_output(ds, output: str = DEFAULT_OUTPUT, when: str | None = DEFAULT_TIME,
                  select: dict | None = None) -> np.ndarray:
    """One value per run: `output` at the record of `when` (YYYY-MM; the last record when
    None), after `.sel(**select)` (e.g. income_group="high", country="USA")."""
    if output not in ds.variables:
        raise KeyError(f"no variable {output!r} in the results")
    var = ds[output]
    if select:
        var = var.sel(**select)
    if "time" in var.dims:
        if when is None:
            var = var.isel(time=-1)
        else:
            stamp = pd.Timestamp(when if len(when) > 7 else f"{when}-01")
            times = pd.DatetimeIndex(var["time"].values)
            hits = np.flatnonzero(times == stamp)
            if hits.size == 0:
                raise KeyError(f"no record at {when} (records {times[0]:%Y-%m} to "
                               f"{times[-1]:%Y-%m})")
            var = var.isel(time=int(hits[0]))
    extra = [d for d in var.dims if d != "run"]
    if extra:
        raise ValueError(f"{output} still has dimensions {extra}: choose with --select DIM=LABEL")
    values = np.asarray(var.values, dtype=float)
    return values if "run" in var.dims else values.reshape(1)


def match_rows(design: Design, ds) -> np.ndarray:
    """For each design row, the index along `run` of the member with the same parameters."""
    missing = [n for n in design.names if n not in ds.coords]
    if missing:
        raise KeyError(f"the ensemble has no coordinates {missing}; is it the design's sweep?")
    members = np.column_stack([np.asarray(ds[n].values, dtype=float) for n in design.names])
    lookup: dict[bytes, int] = {}
    for k, row in enumerate(members):
        lookup.setdefault(_row_key(row), k)
    index = np.empty(len(design.values), dtype=int)
    for i, row in enumerate(design.values):
        key = _row_key(row)
        if key in lookup:
            index[i] = lookup[key]
            continue
        close = np.flatnonzero(np.all(np.isclose(members, row, rtol=1e-9, atol=0), axis=1))
        if close.size == 0:
            raise KeyError(f"design row {i} ({dict(zip(design.names, row))}) has no member")
        index[i] = int(close[0])
    return index


def _row_key(row: np.ndarray) -> bytes:
    return hashlib.sha1(np.round(np.asarray(row, dtype=float), 12).tobytes()).digest()


def load_results(source: str | os.PathLike, design_csv: str | os.PathLike | None = None):
    """(design, ensemble dataset with runs in design-row order) from a run-design or sweep
    directory (DIR/ensemble.h5) or an ensemble file."""
    from analysis.load import open_ensemble

    source = Path(source)
    directory = source if source.is_dir() else source.parent
    ensemble = source / "ensemble.h5" if source.is_dir() else source
    if design_csv is None:
        design_csv = directory / "design.csv"
        if not Path(design_csv).exists():
            raise FileNotFoundError(f"no design: pass --design DESIGN.csv ({design_csv} missing)")
    design = read_design(design_csv)
    if not ensemble.exists():
        raise FileNotFoundError(f"{ensemble}: no such file")
    ds = open_ensemble(ensemble)
    return design, ds.isel(run=match_rows(design, ds))


def analyze(design: Design, y: np.ndarray, estimator: str = "martinez", bootstrap: int = 500,
            confidence: float = 0.95, seed: int = 0):
    if design.method == "sobol":
        return sobol_indices(design.unit(), y, int(design.info["n"]), design.names, estimator,
                             bootstrap, confidence, seed)
    if design.method == "morris":
        return morris_indices(design.unit(), y, int(design.info["trajectories"]), design.names,
                              bootstrap, confidence, seed)
    raise ValueError(f"unknown design method {design.method!r}")


# ------------------------------------------------------------------ plots and printing


def plot_indices(result, path_stem: str | os.PathLike, title: str = "",
                 formats=("png", "svg")) -> list[Path]:
    """Bar chart of S1 and ST with their intervals (Sobol), or mu* against sigma (Morris)."""
    from analysis import plots

    fig = plots.sobol_chart(result, title) if isinstance(result, SobolResult) else \
        plots.morris_chart(result, title)
    return plots.save(fig, path_stem, formats)


def format_result(result, output_label: str) -> str:
    lines = []
    if isinstance(result, SobolResult):
        lines.append(f"Sobol indices of {output_label}: {result.estimator} estimator, N = "
                     f"{result.n}, {len(result.names)} parameters, {result.bootstrap} bootstrap "
                     f"resamples, {result.confidence:.0%} intervals")
        lines.append(f"{'parameter':<36}{'S1':>8}{'S1 interval':>20}{'ST':>8}{'ST interval':>20}")
        for r in result.frame().itertuples():
            lines.append(f"{r.parameter:<36}{r.S1:8.3f}   [{r.S1_low:6.3f}, {r.S1_high:6.3f}]"
                         f"{r.ST:8.3f}   [{r.ST_low:6.3f}, {r.ST_high:6.3f}]")
    else:
        lines.append(f"Morris elementary effects of {output_label}: {result.trajectories} "
                     "trajectories (effects per unit of each parameter's range)")
        lines.append(f"{'parameter':<36}{'mu*':>11}{'mu* interval':>26}{'mu':>11}{'sigma':>11}")
        for r in result.frame().itertuples():
            lines.append(f"{r.parameter:<36}{r.mu_star:11.4g}  [{r.mu_star_low:10.4g}, "
                         f"{r.mu_star_high:10.4g}]{r.mu:11.4g}{r.sigma:11.4g}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ command line


def _parse_select(items: list[str]) -> dict:
    select = {}
    for item in items or []:
        if "=" not in item:
            raise ValueError(f"bad --select {item!r}: expected DIM=LABEL")
        key, value = item.split("=", 1)
        select[key] = value
    return select


def _load_parameters(args) -> list[Parameter]:
    params = [Parameter.parse(p) for p in args.param or []]
    if args.ranges:
        frame = pd.read_csv(args.ranges, comment="#")
        for row in frame.itertuples():
            log = str(getattr(row, "scale", "linear")).strip().lower() == "log"
            params.append(Parameter(str(row.parameter), float(row.lower), float(row.upper), log))
    if not params:
        raise ValueError("no parameters: give --param key.path=LO:HI (repeatable) or --ranges")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ValueError("a parameter is given twice")
    return params


def _analyze_and_report(design: Design, ds, args) -> int:
    select = _parse_select(args.select)
    y = select_output(ds, args.output, args.time, select)
    label = args.output + (f" at {args.time}" if args.time else " at the last record")
    if select:
        label += " (" + ", ".join(f"{k}={v}" for k, v in select.items()) + ")"
    result = analyze(design, y, args.estimator, args.bootstrap, args.confidence, args.seed)
    sys.stdout.write(format_result(result, label))
    if args.csv:
        result.frame().to_csv(args.csv, index=False)
        print(f"table: {args.csv}")
    if args.plot:
        for path in plot_indices(result, args.plot, label):
            print(f"figure: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m analysis.sensitivity",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    design = sub.add_parser("design", help="write a design table (CSV and JSON sidecar)")
    design.add_argument("method", choices=("sobol", "morris", "subset"),
                        help="subset: the first -n base points of the Saltelli design --from")
    design.add_argument("--from", dest="source", help="design to subset (DESIGN.csv)")
    design.add_argument("--param", action="append", metavar="KEY=LO:HI[:log]")
    design.add_argument("--ranges", help="CSV with columns parameter,lower,upper[,scale]")
    design.add_argument("-n", type=int, default=64, help="Sobol base sample size N (rows N(d+2))")
    design.add_argument("-r", "--trajectories", type=int, default=20, help="Morris trajectories")
    design.add_argument("--levels", type=int, default=4, help="Morris grid levels (even)")
    design.add_argument("--sampling", default="MonteCarlo", choices=("MonteCarlo", "LHS", "QMC"))
    design.add_argument("--seed", type=int, default=0)
    design.add_argument("-o", "--output", required=True, help="DESIGN.csv")

    analyze_cmd = sub.add_parser("analyze", help="indices of one output from finished runs")
    analyze_cmd.add_argument("source", help="run-design/sweep directory or its ensemble.h5")
    analyze_cmd.add_argument("--design", help="DESIGN.csv (default: SOURCE/design.csv)")

    run_cmd = sub.add_parser("run-design", help="run aidivide once per design row, then analyze")
    run_cmd.add_argument("design", help="DESIGN.csv")
    run_cmd.add_argument("--scenario", required=True)
    run_cmd.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    run_cmd.add_argument("-o", "--out", required=True, help="output directory")
    run_cmd.add_argument("-j", "--jobs", type=int, default=2, help="runs at a time (2)")
    run_cmd.add_argument("--bin", help="aidivide binary (default $AIDIVIDE_BIN or "
                         "build/app/aidivide)")
    run_cmd.add_argument("--run-seed", type=int, help="--seed of every run")
    run_cmd.add_argument("--all-variables", action="store_true",
                         help="keep every variable (default: the divide outputs only)")

    for p in (analyze_cmd, run_cmd):
        p.add_argument("--output", default=DEFAULT_OUTPUT, help=f"variable ({DEFAULT_OUTPUT})")
        p.add_argument("--time", default=DEFAULT_TIME, help=f"record YYYY-MM ({DEFAULT_TIME})")
        p.add_argument("--select", action="append", metavar="DIM=LABEL")
        p.add_argument("--estimator", default="martinez", choices=ESTIMATORS)
        p.add_argument("--bootstrap", type=int, default=500)
        p.add_argument("--confidence", type=float, default=0.95)
        p.add_argument("--seed", type=int, default=0, help="bootstrap seed")
        p.add_argument("--plot", help="figure path stem (writes .png and .svg)")
        p.add_argument("--csv", help="write the indices as CSV")

    args = parser.parse_args(argv)
    try:
        if args.command == "design":
            if args.method == "subset":
                if not args.source:
                    raise ValueError("design subset needs --from DESIGN.csv")
                d = subset_design(read_design(args.source), args.n)
                csv_path, sidecar = d.write(args.output)
                print(f"sobol design subset: N = {args.n}, {len(d.values)} rows -> {csv_path}")
                return 0
            params = _load_parameters(args)
            if args.method == "sobol":
                d = sobol_design(params, args.n, args.seed, args.sampling)
            else:
                d = morris_design(params, args.trajectories, args.levels, args.seed)
            csv_path, sidecar = d.write(args.output)
            print(f"{d.method} design: {len(d.values)} rows x {len(params)} parameters -> "
                  f"{csv_path} (+ {sidecar.name})")
            return 0
        if args.command == "run-design":
            start = _time.monotonic()
            out = run_design(args.design, args.scenario, args.out, args.set, args.jobs, args.bin,
                             None if args.all_variables else list(DEFAULT_VARIABLES),
                             seed=args.run_seed, log=lambda m: print(m, flush=True))
            print(f"run-design: {out} in {_time.monotonic() - start:.0f} s")
            design_, ds = load_results(out)
            if args.plot is None:
                args.plot = str(out / f"{design_.method}_{args.output}")
            if args.csv is None:
                args.csv = str(out / f"{design_.method}_{args.output}.csv")
            return _analyze_and_report(design_, ds, args)
        design_, ds = load_results(args.source, args.design)
        return _analyze_and_report(design_, ds, args)
    except (ValueError, KeyError, FileNotFoundError) as error:
        print(f"analysis.sensitivity: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:
        print(f"analysis.sensitivity: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
