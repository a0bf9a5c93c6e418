"""Every plot function of analysis.plots: PNG and SVG files written and non-empty, every visible
axis labelled with units, and series that differ by line style or marker (greyscale)."""

from __future__ import annotations

import re

import numpy as np
import pytest

import analysis
from analysis import plots
from analysis.sensitivity import (ISHIGAMI_PARAMETERS, ishigami, morris_design, morris_indices,
                                  sobol_design, sobol_indices)

UNITS = re.compile(r"\[[^\]]+\]")
CATEGORICAL = ("Country", "Parameter", "Income group")


@pytest.fixture(scope="module")
def tiny(tiny_run):
    return analysis.open_run(tiny_run)


@pytest.fixture(scope="module")
def ensemble(tiny_ensemble_file):
    return analysis.open_ensemble(tiny_ensemble_file)


def check_figure(fig, tmp_path, stem):
    """Labels with units on every visible axis, distinct line looks, and written files."""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert axes, "no axes"
    for ax in axes:
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            assert label, f"an axis of {ax.get_title()!r} has no label"
            if label not in CATEGORICAL:  # a quantity: its units in brackets
                assert UNITS.search(label), f"axis label without units: {label!r}"
        looks = [(str(line.get_linestyle()), str(line.get_marker()), str(line.get_color()))
                 for line in ax.get_lines() if not line.get_label().startswith("_")
                 and len(line.get_xdata()) > 2]
        greyscale = [(style, marker) for style, marker, _ in looks]
        assert len(set(greyscale)) == len(greyscale), f"series differ by colour only: {looks}"
    paths = plots.save(fig, tmp_path / stem)
    assert [p.suffix for p in paths] == [".png", ".svg"]
    png, svg = paths
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 5000
    text = svg.read_text()
    assert "<svg" in text and svg.stat().st_size > 5000
    return paths


def test_divide_trajectories(tiny, tmp_path):
    fig = plots.divide_trajectories(tiny, "ai_user_share")
    left = fig.axes[0]
    assert len(left.get_lines()) == 4  # one line per income group
    check_figure(fig, tmp_path, "divide")


def test_fan_chart(ensemble, tmp_path):
    fig = plots.fan_chart(ensemble, "gap_high_low_ai_user_share", by="scenario")
    ax = fig.axes[0]
    medians = [line for line in ax.get_lines() if "median" in line.get_label()]
    assert len(medians) == 2  # one fan per scenario
    assert len(ax.collections) == 4  # a 50% and a 90% band each
    check_figure(fig, tmp_path, "fan")
    fig = plots.fan_chart(ensemble, "ai_user_share", by="scenario")  # world mean of a country var
    check_figure(fig, tmp_path, "fan_country")


def test_scenario_comparison(tiny_long_run, tiny_variant_long_run, ensemble, tmp_path):
    a, b = analysis.open_run(tiny_long_run), analysis.open_run(tiny_variant_long_run)
    fig = plots.scenario_comparison({"baseline": a, "slow prices": b})
    assert len([ax for ax in fig.axes if ax.get_visible()]) == len(plots.COMPARISON_PANELS)
    check_figure(fig, tmp_path, "comparison")
    fig = plots.scenario_comparison(ensemble)  # an ensemble: one line per scenario (median)
    assert len(fig.axes[0].get_lines()) == 2
    check_figure(fig, tmp_path, "comparison_ensemble")
    fig = plots.scenario_difference(a, b, labels=("baseline", "slow prices"))
    check_figure(fig, tmp_path, "difference")


def test_lorenz_curves(tiny, tmp_path):
    fig = plots.lorenz_curves(tiny, ("ai_user_share", "ai_tfp_gain"),
                              times=["2023-01", "2025-12"])
    assert len(fig.axes) == 2
    for ax in fig.axes:
        curves = [line for line in ax.get_lines() if "Gini" in line.get_label()]
        assert len(curves) == 2
        for line in curves:
            x, y = line.get_xdata(), line.get_ydata()
            assert x[0] == 0 and y[0] == 0 and x[-1] == pytest.approx(1)
            assert np.all(np.diff(y) >= -1e-12) and np.all(y <= x + 1e-12)  # below equality
    check_figure(fig, tmp_path, "lorenz")


def test_country_ranking(tiny, tmp_path):
    fig = plots.country_ranking(tiny, "ai_user_share", when="2025-01", top=3, bottom=2)
    ax = fig.axes[0]
    assert len(ax.patches) == 5
    assert len({p.get_hatch() for p in ax.patches}) >= 2  # income groups differ by hatching
    check_figure(fig, tmp_path, "ranking")
    all_countries = plots.country_ranking(tiny, top=10, bottom=10)
    assert len(all_countries.axes[0].patches) == tiny.sizes["country"]
    plots.save(all_countries, tmp_path / "ranking_all")


def test_firm_size_adoption(tiny, tmp_path):
    fig = plots.firm_size_adoption(tiny)
    assert len(fig.axes[0].get_lines()) == 4  # one per size class
    check_figure(fig, tmp_path, "firms")


def test_labour_outcomes(tiny, tmp_path):
    fig = plots.labour_outcomes(tiny)
    assert len(fig.axes) == 3
    assert len(fig.axes[0].get_lines()) == 3 and len(fig.axes[1].get_lines()) == 4
    check_figure(fig, tmp_path, "labour")


def test_single_run_plots_accept_an_ensemble(ensemble, tmp_path):
    check_figure(plots.divide_trajectories(ensemble), tmp_path, "ensemble_divide")


def test_sensitivity_charts(tmp_path):
    design = sobol_design(ISHIGAMI_PARAMETERS, 64, seed=1)
    result = sobol_indices(design.unit(), ishigami(design.values), 64, design.names,
                           bootstrap=50)
    check_figure(plots.sobol_chart(result, "Ishigami"), tmp_path, "sobol")
    design = morris_design(ISHIGAMI_PARAMETERS, 10, seed=1)
    result = morris_indices(design.unit(), ishigami(design.values), 10, design.names,
                            bootstrap=50)
    check_figure(plots.morris_chart(result, "Ishigami"), tmp_path, "morris")
