"""The patterns SF1-SF19 at posterior draws: `aidivide facts` on each draw's run, summarised per
part as the median and 5-95% range over draws, and per pattern as the share of draws that pass.

    /usr/bin/python3 -m analysis.posterior_facts SWEEP_DIR [--bin build/app/aidivide] [--data data]

SWEEP_DIR is a finished `aidivide sweep` over the posterior draws (one scenario). Each member is
one draw (and replicate); the table answers "how well does the model fit its patterns across
what the data allow", where docs/VALIDATION.md's main table answers it at the point estimate.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import calibration

COLUMNS = ["id", "pattern", "quantity", "cls", "value", "sd", "range", "target", "result"]


def parse_facts_markdown(text: str) -> pd.DataFrame:
    """The part rows of `aidivide facts --format markdown`, with each part's pattern id filled in
    (continuation rows leave it empty). `value` stays text: months print as YYYY-MM."""
    rows, current = [], ""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        separator = all(c and set(c) <= {"-"} for c in cells)
        if len(cells) != len(COLUMNS) or cells[0] == "id" or separator:
            continue
        current = cells[0] or current
        rows.append(dict(zip(COLUMNS, [current] + cells[1:])))
    return pd.DataFrame(rows, columns=COLUMNS)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def summarise(tables: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per part: median and 5-95% range of the value over draws and the share of draws where it
    passes. Per pattern: the share of draws where every part passes."""
    if not tables:
        raise ValueError("no facts tables to summarise")
    keys = ["id", "quantity", "cls", "target"]
    parts = []
    for key, group in pd.concat([t.assign(draw=i) for i, t in enumerate(tables)]).groupby(
            keys, sort=False):
        values = np.array([_number(v) for v in group["value"]])
        finite = values[np.isfinite(values)]
        row = dict(zip(keys, key))
        if finite.size:
            row.update(median=np.median(finite), lo90=np.quantile(finite, 0.05),
                       hi90=np.quantile(finite, 0.95))
        else:  # months: report the most common value
            row.update(median=group["value"].mode().iloc[0], lo90=np.nan, hi90=np.nan)
        row["pass_share"] = float((group["result"] == "pass").mean())
        row["draws"] = len(group)
        parts.append(row)
    per_draw = [t.groupby("id", sort=False)["result"].apply(lambda r: bool((r == "pass").all()))
                for t in tables]
    patterns = pd.concat(per_draw, axis=1).mean(axis=1).rename("pass_share").reset_index()
    return pd.DataFrame(parts), patterns


def _fmt(x) -> str:
    if isinstance(x, str):
        return x
    return "" if not np.isfinite(x) else f"{x:.4g}"


def markdown(parts: pd.DataFrame, patterns: pd.DataFrame) -> str:
    out = ["| id | quantity | class | median | 5%-95% over draws | target | draws passing |",
           "|---|---|---|---|---|---|---|"]
    previous = None
    for r in parts.itertuples():
        spread = "" if isinstance(r.lo90, float) and np.isnan(r.lo90) else \
            f"{_fmt(r.lo90)} to {_fmt(r.hi90)}"
        out.append(f"| {r.id if r.id != previous else ''} | {r.quantity} | {r.cls} | "
                   f"{_fmt(r.median)} | {spread} | {r.target} | {r.pass_share:.0%} |")
        previous = r.id
    out += ["", "| pattern | draws on which every part passes |", "|---|---|"]
    out += [f"| {r.id} | {r.pass_share:.0%} |" for r in patterns.itertuples()]
    return "\n".join(out)


def member_files(sweep_dir) -> list[Path]:
    """The complete members of a sweep (analysis.calibration reads its manifest)."""
    return [Path(p) for p in calibration._sweep_runs(sweep_dir)["path"]]


def facts_table(binary: str, run: Path, data: str) -> pd.DataFrame:
    """`aidivide facts` of one run (exit 0 or 1: some pattern may fail; 2 is an error)."""
    p = subprocess.run([binary, "facts", "--format", "markdown", "--data", data, str(run)],
                       capture_output=True, text=True, check=False)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"aidivide facts {run}: {p.stderr.strip()}")
    return parse_facts_markdown(p.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m analysis.posterior_facts",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("sweep_dir", help="a finished sweep over posterior draws")
    parser.add_argument("--bin", default="build/app/aidivide", help="the aidivide binary")
    parser.add_argument("--data", default="data", help="the runs' data directory")
    args = parser.parse_args(argv)
    files = member_files(args.sweep_dir)
    if not files:
        print(f"posterior_facts: no complete member in {args.sweep_dir}", file=sys.stderr)
        return 2
    parts, patterns = summarise([facts_table(args.bin, f, args.data) for f in files])
    print(markdown(parts, patterns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
