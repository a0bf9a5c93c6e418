// The refusal of a launch that would run one sweep several times over into the same directory:
// several Slurm tasks that are not one MPI world (plain `srun` where the site sets no MPI
// default, or an MPI that cannot talk to Slurm's process manager, where every task is an MPI
// world of one).
#pragma once

#include <string>

namespace app {

// Tasks of this Slurm job step (SLURM_STEP_NUM_TASKS, set by srun for each of its tasks); 1
// outside srun, so a batch script's own commands and its `mpirun` are never refused.
int slurm_step_tasks();

// Before MPI starts: the reason to refuse (exit 2) when Slurm started several tasks but no MPI
// launcher variables are present, or only PMI-1/2 ones (`srun --mpi=pmi2`) while this build's
// MPI is Open MPI, whose MPI_Init would abort there; else "".
std::string wrong_launch_before_mpi(bool launched_by_mpi, bool open_mpi = false);
// Once MPI runs: the reason when the MPI world has `world_size` ranks but Slurm started more
// tasks (each task a world of its own), else "".
std::string wrong_launch_after_mpi(int world_size);

}  // namespace app
