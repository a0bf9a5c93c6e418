#!/bin/bash
# A small array of MPI jobs, each running one shard of the members across its ranks: for
# sweeps larger than one job may be. Merge after the array (submit-array.sh with HYBRID=1).
#SBATCH --job-name=aidivide-hybrid
#SBATCH --array=0-3                  # SHARDS MPI jobs, a quarter of the members each
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=16
#SBATCH --cpus-per-task=2
#SBATCH --mem-per-cpu=500M
#SBATCH --time=08:00:00
set -euo pipefail
sweep=${SWEEP:-sweeps/my_sweep.yaml}
out=${OUT:-${SCRATCH:-$PWD}/my_sweep}
shards=${SHARDS:-4}                  # fixed, as in array.sh
srun --mpi=pmix aidivide sweep "$sweep" -o "$out" --quiet --shard "$SLURM_ARRAY_TASK_ID/$shards"
