// Facts about the machine a run needs: usable CPUs, available memory, peak resident memory.
#pragma once

#include <cstdint>

namespace sim {

// Threads to use by default: SLURM_CPUS_PER_TASK when set, else the CPUs in the affinity mask.
int default_thread_count();
// Memory the process may still use, in bytes: MemAvailable, capped by a cgroup limit if any.
std::uint64_t available_memory_bytes();
// Peak resident set size of this process so far, in bytes.
std::uint64_t peak_rss_bytes();

}  // namespace sim
