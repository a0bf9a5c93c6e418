#!/bin/bash
# The merge of a sweep's members into ensemble.h5 and ensemble_stats.h5, after its shards.
#SBATCH --job-name=aidivide-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=01:00:00
set -euo pipefail
out=${OUT:-${SCRATCH:-$PWD}/my_sweep}
aidivide merge "$out"
