// Refusal of a sweep started as several Slurm tasks that are not one MPI world.
#include "ensemble/launch_check.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace app {

namespace {

const char* const kHow =
    "; start an MPI sweep with `srun --mpi=pmix aidivide sweep ...` or `mpirun aidivide sweep "
    "...` inside the allocation, or run shards with --shard K/N (one task each)";

}  // namespace

int slurm_step_tasks() {
  const char* value = std::getenv("SLURM_STEP_NUM_TASKS");
  if (value == nullptr) return 1;
  const std::string_view text(value);
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() && n > 1 ? n : 1;
}

std::string wrong_launch_before_mpi(bool launched_by_mpi, bool open_mpi) {
  const int tasks = slurm_step_tasks();
  if (tasks <= 1) return {};
  const auto set = [](const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
  };
  if (open_mpi && set("PMI_RANK") && !set("PMIX_RANK") && !set("OMPI_COMM_WORLD_SIZE")) {
    return "started as " + std::to_string(tasks) +
           " Slurm tasks through PMI-2 (srun --mpi=pmi2), which this Open MPI cannot use" + kHow;
  }
  if (launched_by_mpi) return {};
  return "started as " + std::to_string(tasks) +
         " Slurm tasks without an MPI world (no PMIx or Open MPI variables: srun without "
         "--mpi=pmix where the site sets no MpiDefault); every task would run the whole sweep "
         "into the same directory" +
         kHow;
}

std::string wrong_launch_after_mpi(int world_size) {
  const int tasks = slurm_step_tasks();
  if (tasks <= 1 || world_size >= tasks) return {};
  return "started as " + std::to_string(tasks) + " Slurm tasks but the MPI world has " +
         std::to_string(world_size) +
         " rank(s) (the MPI library did not join Slurm's process manager); every task would run "
         "the whole sweep into the same directory" +
         kHow;
}

}  // namespace app
