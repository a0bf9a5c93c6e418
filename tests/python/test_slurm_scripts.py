"""The SLURM scripts of scripts/slurm/ without a cluster: docs/HPC.md shows them verbatim, an unset
$SCRATCH never puts the output at the file system's root, array shards come from a fixed count,
and the long run's script forwards the time-limit signal, requeues after a checkpoint and exits 0.
(scripts/slurm-tier runs them on a real single-node cluster.)"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SLURM_DIR = REPO_ROOT / "scripts" / "slurm"
SCRIPTS = sorted(p.name for p in SLURM_DIR.glob("*.sh"))


def test_hpc_md_includes_every_script_verbatim():
    doc = (REPO_ROOT / "docs" / "HPC.md").read_text()
    # Each script appears as: a line naming `scripts/slurm/NAME`, then a ```bash block.
    blocks = dict(re.findall(r"`scripts/slurm/([\w.-]+)`[^\n]*\n\n```bash\n(.*?)```", doc, re.S))
    assert SCRIPTS, "no scripts in scripts/slurm"
    for name in SCRIPTS:
        assert name in blocks, f"docs/HPC.md does not include scripts/slurm/{name}"
        assert blocks[name] == (SLURM_DIR / name).read_text(), \
            f"docs/HPC.md's copy of scripts/slurm/{name} differs from the file"
    # Debian's Open MPI has no PMI-2 support: the page may only say that it does not work.
    for line in doc.splitlines():
        if "pmi2" in line.lower() or "pmi-2" in line.lower():
            assert "not" in line, f"docs/HPC.md claims PMI-2 works: {line}"


def stub_bin(tmp_path: Path, aidivide_body: str) -> Path:
    """A PATH directory whose aidivide, srun, scontrol and sbatch log their arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("srun", "scontrol", "sbatch"):
        tool = bin_dir / name
        if name == "srun":  # runs its command after the srun options
            tool.write_text(f'#!/bin/bash\necho "srun $*" >>{log}\n'
                            'while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do shift; done\nexec "$@"\n')
        else:
            tool.write_text(f'#!/bin/bash\necho "{name} $*" >>{log}\necho 1234\n')
        tool.chmod(0o755)
    tool = bin_dir / "aidivide"
    tool.write_text(f'#!/bin/bash\necho "aidivide $*" >>{log}\n{aidivide_body}\n')
    tool.chmod(0o755)
    return bin_dir


def run_script(name: str, tmp_path: Path, bin_dir: Path, extra_env: dict[str, str] | None = None,
               ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLURM_") and k != "SCRATCH"}
    env.update({"PATH": f"{bin_dir}:{env['PATH']}", "SLURM_JOB_ID": "77",
                "SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "1"})
    env.update(extra_env or {})
    return subprocess.run(["bash", str(SLURM_DIR / name)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", [n for n in SCRIPTS if n != "submit-array.sh"])
def test_an_unset_scratch_puts_the_output_in_the_submit_directory(name, tmp_path):
    bin_dir = stub_bin(tmp_path, "exit 0")
    proc = run_script(name, tmp_path, bin_dir)
    assert proc.returncode == 0, proc.stderr
    call = next(line for line in (tmp_path / "calls.log").read_text().splitlines()
                if line.startswith("aidivide "))
    outputs = re.findall(r"(?:-o |merge )(\S+)", call)
    assert outputs, call
    for out in outputs:
        assert out.startswith(str(tmp_path) + "/"), f"{name}: output {out} outside the submit dir"


@pytest.mark.parametrize("name,shards", [("array.sh", "100"), ("hybrid.sh", "4")])
def test_array_shards_come_from_a_fixed_count(name, shards, tmp_path):
    # A resubmission of index 1 alone: SLURM_ARRAY_TASK_COUNT is 1, the partition must not change.
    bin_dir = stub_bin(tmp_path, "exit 0")
    proc = run_script(name, tmp_path, bin_dir)
    assert proc.returncode == 0, proc.stderr
    assert f"--shard 1/{shards}" in (tmp_path / "calls.log").read_text()


@pytest.mark.parametrize("status,requeued,exit_status", [(0, False, 0), (1, False, 1)])
def test_a_finished_leg_exits_with_the_runs_status(status, requeued, exit_status, tmp_path):
    bin_dir = stub_bin(tmp_path, f"exit {status}")
    proc = run_script("long-run.sh", tmp_path, bin_dir)
    assert proc.returncode == exit_status, proc.stderr
    assert ("scontrol requeue" in (tmp_path / "calls.log").read_text()) == requeued


def test_the_time_limit_signal_stops_the_run_requeues_and_exits_0(tmp_path):
    # The run stub stops on TERM after writing a checkpoint, as `aidivide run` does (exit 143).
    body = (f'trap \'touch {tmp_path}/big.h5.ckpt; exit 143\' TERM\n'
            f'touch {tmp_path}/started\nwhile :; do sleep 0.1; done')
    bin_dir = stub_bin(tmp_path, body)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLURM_") and k != "SCRATCH"}
    env.update({"PATH": f"{bin_dir}:{env['PATH']}", "SLURM_JOB_ID": "77"})
    proc = subprocess.Popen(["bash", str(SLURM_DIR / "long-run.sh")], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(200):
        if (tmp_path / "started").exists():
            break
        time.sleep(0.05)
    for sig in (signal.SIGUSR1, signal.SIGTERM):  # Slurm's warning, then the limit itself
        proc.send_signal(sig)
        time.sleep(0.2)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    calls = (tmp_path / "calls.log").read_text()
    assert f"aidivide run scenarios/big.yaml -o {tmp_path}/big.h5" in calls
    assert "scontrol requeue 77" in calls
    assert calls.count("scontrol requeue") == 1


def test_a_requeued_leg_resumes_from_the_checkpoint(tmp_path):
    (tmp_path / "big.h5.ckpt").write_text("")
    bin_dir = stub_bin(tmp_path, "exit 0")
    proc = run_script("long-run.sh", tmp_path, bin_dir, {"SLURM_RESTART_COUNT": "1"})
    assert proc.returncode == 0, proc.stderr
    assert f"aidivide resume {tmp_path}/big.h5.ckpt --quiet" in (tmp_path / "calls.log").read_text()
