"""The README's five-line notebook example runs as written (in a folder laid out like the
repository, with a run file where the example expects scripts/demo's output)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO_ROOT


def readme_example() -> list[str]:
    lines = (REPO_ROOT / "README.md").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("In a notebook"))
    code = []
    for line in lines[start + 1:]:
        if line.startswith("    "):
            code.append(line[4:])
        elif code:
            break
    return code


def test_readme_notebook_example(tiny_long_run, tmp_path):
    code = readme_example()
    assert len(code) == 5, code
    (tmp_path / "analysis").symlink_to(REPO_ROOT / "analysis", target_is_directory=True)
    (tmp_path / "runs").mkdir()
    shutil.copyfile(tiny_long_run, tmp_path / "runs" / "baseline_s1_r0.h5")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    proc = subprocess.run([sys.executable, "-c", "\n".join(code)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "divide.png").stat().st_size > 5000
