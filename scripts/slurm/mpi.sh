#!/bin/bash
# One MPI job: rank 0 hands the members out one at a time to every rank (dynamic load balance).
#SBATCH --job-name=aidivide-mpi
#SBATCH --nodes=4
#SBATCH --ntasks-per-node=8          # ranks per node
#SBATCH --cpus-per-task=4            # threads per rank
#SBATCH --mem-per-cpu=500M
#SBATCH --time=04:00:00
set -euo pipefail
sweep=${SWEEP:-sweeps/my_sweep.yaml}
out=${OUT:-${SCRATCH:-$PWD}/my_sweep}
# --mpi=pmix: the ranks must form one MPI world. Plain `srun` where the site sets no MpiDefault
# starts unrelated processes, which aidivide refuses (exit 2). `mpirun aidivide sweep ...` works
# too: Open MPI reads the allocation from Slurm.
srun --mpi=pmix aidivide sweep "$sweep" -o "$out" --quiet
