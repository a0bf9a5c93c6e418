#!/bin/bash
# A job array of shards without MPI: member i runs in array task i mod SHARDS. Submit with
# submit-array.sh, which queues the merge after the array.
#SBATCH --job-name=aidivide-shard
#SBATCH --array=0-99%25              # SHARDS tasks (0 to SHARDS-1), at most 25 at once
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
set -euo pipefail
sweep=${SWEEP:-sweeps/my_sweep.yaml}
out=${OUT:-${SCRATCH:-$PWD}/my_sweep}
# A fixed count, never SLURM_ARRAY_TASK_COUNT: resubmitting one failed index (sbatch --array=7)
# must run the members of shard 7 of the same partition.
shards=${SHARDS:-100}
aidivide sweep "$sweep" -o "$out" --quiet --shard "$SLURM_ARRAY_TASK_ID/$shards"
