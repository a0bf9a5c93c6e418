// The refusal of several Slurm tasks that are not one MPI world, and threads from the allocation.
#include "ensemble/launch_check.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/system_info.hpp"

namespace {

// Sets environment variables for one test and restores them after it.
class Env {
 public:
  Env() {
    for (const char* name : kNames) {
      const char* value = std::getenv(name);
      saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
      ::unsetenv(name);
    }
  }
  ~Env() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name, value->c_str(), 1);
      } else {
        ::unsetenv(name);
      }
    }
  }
  void set(const char* name, const char* value) { ::setenv(name, value, 1); }

 private:
  static constexpr const char* kNames[] = {"SLURM_STEP_NUM_TASKS",
                                           "SLURM_NTASKS",
                                           "SLURM_CPUS_PER_TASK",
                                           "SLURM_CPUS_ON_NODE",
                                           "SLURM_NTASKS_PER_NODE",
                                           "SLURM_STEP_NUM_NODES",
                                           "SLURM_JOB_NUM_NODES",
                                           "SLURM_NNODES",
                                           "PMI_RANK",
                                           "PMIX_RANK",
                                           "OMPI_COMM_WORLD_SIZE"};
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

TEST(LaunchCheck, OneTaskOrABatchScriptIsNeverRefused) {
  Env env;
  EXPECT_EQ(app::wrong_launch_before_mpi(false), "");
  EXPECT_EQ(app::wrong_launch_after_mpi(1), "");
  env.set("SLURM_NTASKS", "8");  // a batch script's own commands: no step of several tasks
  EXPECT_EQ(app::wrong_launch_before_mpi(false), "");
  EXPECT_EQ(app::wrong_launch_after_mpi(1), "");
}

TEST(LaunchCheck, SeveralTasksWithoutAnMpiWorldAreRefusedNamingTheLaunchers) {
  Env env;
  env.set("SLURM_STEP_NUM_TASKS", "4");
  const std::string why = app::wrong_launch_before_mpi(false);
  EXPECT_NE(why.find("4 Slurm tasks"), std::string::npos) << why;
  EXPECT_NE(why.find("srun --mpi=pmix"), std::string::npos) << why;
  EXPECT_NE(why.find("mpirun"), std::string::npos) << why;
  EXPECT_EQ(app::wrong_launch_before_mpi(true), "");  // PMIx variables: MPI decides
  env.set("PMI_RANK", "0");                           // srun --mpi=pmi2
  EXPECT_EQ(app::wrong_launch_before_mpi(true, false), "");
  EXPECT_NE(app::wrong_launch_before_mpi(true, true).find("PMI-2"), std::string::npos);
  const std::string alone = app::wrong_launch_after_mpi(1);
  EXPECT_NE(alone.find("MPI world has 1 rank"), std::string::npos) << alone;
  EXPECT_NE(alone.find("srun --mpi=pmix"), std::string::npos) << alone;
  EXPECT_EQ(app::wrong_launch_after_mpi(4), "");
}

TEST(SlurmThreads, CpusPerTaskElseTheTasksShareOfTheNodesAllocation) {
  Env env;
  EXPECT_EQ(sim::slurm_thread_count(64), 0);  // outside Slurm: the affinity mask decides
  env.set("SLURM_CPUS_ON_NODE", "8");
  EXPECT_EQ(sim::slurm_thread_count(64), 8);  // one task with 8 CPUs of a 64-CPU node
  env.set("SLURM_NTASKS", "4");
  env.set("SLURM_JOB_NUM_NODES", "1");
  EXPECT_EQ(sim::slurm_thread_count(64), 2);  // mpirun in a batch script of 4 tasks
  env.set("SLURM_STEP_NUM_TASKS", "8");
  env.set("SLURM_STEP_NUM_NODES", "2");
  EXPECT_EQ(sim::slurm_thread_count(64), 2);  // srun: 4 tasks on this node
  env.set("SLURM_NTASKS_PER_NODE", "1");
  EXPECT_EQ(sim::slurm_thread_count(4), 4);  // capped by the mask
  env.set("SLURM_CPUS_PER_TASK", "3");
  EXPECT_EQ(sim::slurm_thread_count(64), 3);
  env.set("SLURM_CPUS_PER_TASK", "3x");  // not a number: ignored
  EXPECT_EQ(sim::slurm_thread_count(64), 8);
}

}  // namespace
