"""analysis/notebooks/compare_scenarios.ipynb executed end to end with nbclient (the Debian
ipykernel) against two runs this test makes, passed through the environment variables the
notebook reads."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO_ROOT

NOTEBOOK = REPO_ROOT / "analysis" / "notebooks" / "compare_scenarios.ipynb"


def test_notebook_has_no_machine_paths():
    text = NOTEBOOK.read_text()
    assert not any(("/" + d + "/") in text for d in ("work", "home", "root"))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), \
        "the notebook is stored without outputs"


def test_notebook_runs_end_to_end(tiny_long_run, tiny_variant_long_run, tmp_path, monkeypatch):
    figures = tmp_path / "figures"
    monkeypatch.setenv("AIDIVIDE_RUN_A", str(tiny_long_run))
    monkeypatch.setenv("AIDIVIDE_RUN_B", str(tiny_variant_long_run))
    monkeypatch.setenv("AIDIVIDE_FIGURES", str(figures))
    monkeypatch.delenv("AIDIVIDE_REPO", raising=False)  # the notebook finds the repository
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"run A: {tiny_long_run}" in text
    assert "technology.price_decline_per_year: 0.6 -> 0.3" in text
    assert "largest difference from the engine's values" in text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4
    saved = sorted(p.name for p in figures.iterdir())
    for stem in ("scenario_comparison", "difference_by_income_group", "divide_trajectories_b",
                 "lorenz_b"):
        assert f"{stem}.png" in saved and f"{stem}.svg" in saved, saved
