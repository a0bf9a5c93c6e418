#!/bin/bash
# One sweep in one process: the members one after another, each on every CPU of the task.
#SBATCH --job-name=aidivide-sweep
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=4            # threads per member (aidivide reads SLURM_CPUS_PER_TASK)
#SBATCH --mem=2G
#SBATCH --time=04:00:00
set -euo pipefail
sweep=${SWEEP:-sweeps/my_sweep.yaml}
out=${OUT:-${SCRATCH:-$PWD}/my_sweep}  # never "/my_sweep" when SCRATCH is unset
aidivide sweep "$sweep" -o "$out" --quiet
