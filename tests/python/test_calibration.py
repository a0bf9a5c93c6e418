"""analysis.calibration: posterior summaries and plots of an ABC-SMC directory, and paired
differences with intervals over a posterior predictive sweep (drawn as bands)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import calibration
from conftest import SCENARIOS, run_aidivide


@pytest.fixture()
def abc_dir(tmp_path):
    """A synthetic ABC-SMC output: 400 weighted particles over two knobs, five generations."""
    rng = np.random.default_rng(3)
    n = 400
    a = rng.normal(0.5, 0.1, n)
    w = rng.uniform(0.5, 1.5, n)
    pd.DataFrame({"workers.q_local": a, "workers.q_global": np.exp(rng.normal(-4, 0.5, n)),
                  "weight": w / w.sum(), "distance": rng.uniform(0, 1, n)}).to_csv(
        tmp_path / "posterior.csv", index=False)
    pd.DataFrame({"generation": range(5), "tolerance": [np.inf, 4, 2, 1.2, 1.0],
                  "simulations": [400, 700, 900, 1200, 1500], "accepted": [400] * 5,
                  "acceptance_rate": [1, 0.6, 0.45, 0.33, 0.27], "ess": [400, 380, 370, 360, 350],
                  "seconds": [1.0] * 5}).to_csv(tmp_path / "generations.csv", index=False)
    return tmp_path


def test_summary_is_the_weighted_median_and_interval(abc_dir):
    post = calibration.load_posterior(abc_dir)
    s = calibration.summary(post)
    assert list(s.index) == ["workers.q_local", "workers.q_global"]
    q = s.loc["workers.q_local"]
    assert q["lo90"] < q["median"] < q["hi90"]
    # Equal weights reduce to the plain order statistics.
    x = np.array([3.0, 1.0, 2.0, 4.0])
    assert calibration.weighted_quantile(x, np.ones(4), 0.5) == 2.0
    assert calibration.weighted_quantile(x, [0, 0, 0, 1], 0.05) == 4.0
    assert 300 < s.attrs["ess"] <= 400


def test_plots_are_written(abc_dir, tmp_path):
    from analysis.plots import save
    post = calibration.load_posterior(abc_dir)
    for name, fig in (("marginals", calibration.marginals(post)),
                      ("pairwise", calibration.pairwise(post)),
                      ("schedule", calibration.tolerance_schedule(
                          calibration.load_generations(abc_dir)))):
        for ax in fig.axes:
            if ax.get_visible():
                assert "[" in ax.get_xlabel() and "[" in ax.get_ylabel()
        save(fig, tmp_path / name)
        assert (tmp_path / f"{name}.png").stat().st_size > 0


def test_paired_differences_over_draws_and_replicates(aidivide_bin, tmp_path):
    """Two scenarios x two posterior draws x two replicates of the tiny world: 4 pairs per
    scenario and time, a band around the mean, and `compare` on the sweep prints intervals."""
    other = tmp_path / "tiny_more.yaml"
    other.write_text(f"extends: {SCENARIOS / 'tiny.yaml'}\nworkers:\n  premium_max: 0.95\n")
    (tmp_path / "draws.csv").write_text("workers.q_local\n1.1\n1.4\n")
    sweep = tmp_path / "predictive.yaml"
    sweep.write_text(f"name: predictive\nscenarios:\n  - {SCENARIOS / 'tiny.yaml'}\n  - {other}\n"
                     "replicates: 2\nseed: 3\nset:\n  time.end: 2023-12\n"
                     "design:\n  kind: table\n  file: draws.csv\n")
    out = tmp_path / "ens"
    run_aidivide(["sweep", str(sweep), "-o", str(out), "--quiet", "--threads", "1", "--no-merge"])
    diffs = calibration.paired_differences(out, "gap_high_low_ai_user_share")
    assert set(diffs["scenario"]) == {"tiny_more"}
    assert (diffs["pairs"] == 4).all()
    assert (diffs["lo"] <= diffs["mean"]).all() and (diffs["mean"] <= diffs["hi"]).all()
    assert diffs["distinguishable"].dtype == bool
    fig = calibration.difference_bands(diffs)
    assert fig.axes[0].collections, "the difference is drawn as a band"
    proc = run_aidivide(["compare", str(out), "--years", "2023"])
    assert "90% interval" in proc.stdout
    assert "[" in proc.stdout.split("difference from tiny")[1]
    # The HTML report of the same sweep: a table of intervals and bands.
    from analysis.report import write_report
    member = next((out / "members").glob("*.h5"))
    page = write_report([member], tmp_path / "report", years=[2023], per_run=0,
                        posterior_sweep=out).read_text()
    assert "Differences with parameter uncertainty" in page
    assert "distinguishable from 0" in page
    assert (tmp_path / "report" / "figures" / "bands_gap_high_low_ai_user_share.png").is_file()
