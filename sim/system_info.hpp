// Facts about the machine a run needs: usable CPUs, available memory, peak resident memory.
#pragma once

#include <cstdint>

namespace sim {

// Threads to use by default: SLURM_CPUS_PER_TASK when set, else this task's share of the CPUs
// Slurm allocated on the node (SLURM_CPUS_ON_NODE over the tasks per node), else the CPUs in the
// affinity mask; never more than the affinity mask (a node without Slurm's task affinity plugin
// leaves the whole node in the mask, and the allocation is what the job may use).
int default_thread_count();
// The Slurm part of it: 0 when the environment names no allocation. `affinity` caps the result.
int slurm_thread_count(int affinity);
// Memory the process may still use, in bytes: MemAvailable, capped by a cgroup limit if any.
std::uint64_t available_memory_bytes();
// Peak resident set size of this process so far, in bytes.
std::uint64_t peak_rss_bytes();

}  // namespace sim
