"""python3 -m analysis.report: a self-contained HTML page with embedded figures, the figure files
and the scenario comparison tables, for runs and for an ensemble."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest
import xarray as xr

from conftest import REPO_ROOT

EMBEDDED = re.compile(r'<img alt="[^"]*" src="data:image/png;base64,([A-Za-z0-9+/=]{200,})">')


def report(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis.report", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def two_run_report(tiny_long_run, tiny_variant_long_run, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    proc = report(str(tiny_long_run), str(tiny_variant_long_run), "-o", str(out),
                  "--per-run", "1")
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_report_writes_html_and_figures(two_run_report):
    out, stdout = two_run_report
    page = out / "report.html"
    assert f"report: {page}" in stdout
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>") and "</html>" in text
    figures = sorted((out / "figures").glob("*.png"))
    # comparison + difference, then six for the first run (--per-run 1)
    assert len(figures) == 2 + 6, [f.name for f in figures]
    for png in figures:
        assert png.with_suffix(".svg").is_file() and png.stat().st_size > 5000
    embedded = EMBEDDED.findall(text)
    assert len(embedded) == len(figures)
    assert "src=\"figures/" not in text  # nothing the page needs lies outside it
    for stem in ("scenario_comparison", "scenario_difference", "tiny_long_divide_ai_user_share",
                 "tiny_long_divide_firm_production_all", "tiny_long_lorenz", "tiny_long_ranking",
                 "tiny_long_firm_size", "tiny_long_labour"):
        assert (out / "figures" / f"{stem}.png").is_file(), stem
    assert "Per-run figures are shown for the first 1 input(s) only" in text


def test_report_tables(two_run_report, tiny_long_run, tiny_variant_long_run):
    out, _ = two_run_report
    text = (out / "report.html").read_text()
    headline = pd.read_csv(out / "tables" / "headline.csv", index_col=0)
    assert list(headline.columns) == [f"{y} {s}" for y in (2025, 2030, 2040)
                                      for s in ("tiny_long", "tiny_slow_prices")]
    with xr.open_dataset(tiny_variant_long_run, engine="h5netcdf") as ds:
        expected = float(ds.gap_high_low_ai_user_share.sel(time="2040-01-01"))
        low = float(ds.group_ai_user_share.sel(time="2030-01-01", income_group="low"))
    assert headline.loc["AI use, high - low income", "2040 tiny_slow_prices"] == \
        pytest.approx(expected, rel=1e-12)
    assert headline.loc["AI user share, low income", "2030 tiny_slow_prices"] == \
        pytest.approx(low, rel=1e-12)
    parameters = pd.read_csv(out / "tables" / "parameters.csv", index_col=0)
    assert list(parameters.index) == ["technology.price_decline_per_year"]
    assert "technology.price_decline_per_year" in text and "Scenario comparison" in text
    inputs = pd.read_csv(out / "tables" / "inputs.csv", index_col=0)
    assert list(inputs.index) == ["tiny_long", "tiny_slow_prices"]


def test_report_of_an_ensemble(tiny_ensemble_file, tmp_path):
    proc = report(str(tiny_ensemble_file), "-o", str(tmp_path), "--per-run", "0",
                  "--years", "2024", "2025")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "figures").glob("*.png"))
    assert names == ["fan_ensemble_gap_high_low_ai_user_share.png",
                     "fan_ensemble_world_ai_user_share.png", "scenario_comparison.png",
                     "scenario_difference.png"]
    headline = pd.read_csv(tmp_path / "tables" / "headline.csv", index_col=0)
    assert list(headline.columns) == ["2024 tiny", "2024 tiny_slow_prices", "2025 tiny",
                                      "2025 tiny_slow_prices"]
    with xr.open_dataset(tiny_ensemble_file, engine="h5netcdf") as ds:
        gap = ds.gap_high_low_ai_user_share.sel(time="2025-01-01").values
    assert headline.loc["AI use, high - low income", "2025 tiny"] == pytest.approx(
        (gap[0] + gap[1]) / 2, rel=1e-12)  # the median of two replicates
    text = (tmp_path / "report.html").read_text()
    assert "5-95% range" in text and "(varied)" in text


def test_report_missing_file(tmp_path):
    proc = report(str(tmp_path / "none.h5"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 2 and "none.h5" in proc.stderr
