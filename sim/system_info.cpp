// CPU count, available memory and peak RSS from Linux interfaces.
#include "sim/system_info.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

namespace sim {

namespace {

// A whole positive number from the environment, else 0 (std::atoi would take "4x" for 4).
int env_count(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return 0;
  const std::string_view text(value);
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() && n > 0 ? n : 0;
}

int first_positive(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const int n = env_count(name); n > 0) return n;
  }
  return 0;
}

}  // namespace

int slurm_thread_count(int affinity) {
  const int cap = std::max(1, affinity);
  if (const int n = env_count("SLURM_CPUS_PER_TASK"); n > 0) return n;
  const int on_node = env_count("SLURM_CPUS_ON_NODE");
  if (on_node == 0) return 0;
  // Tasks sharing this node: those of the step (srun) or of the job (a batch script's mpirun).
  int per_node = env_count("SLURM_NTASKS_PER_NODE");
  if (per_node == 0) {
    const int tasks = first_positive({"SLURM_STEP_NUM_TASKS", "SLURM_NTASKS"});
    const int nodes =
        first_positive({"SLURM_STEP_NUM_NODES", "SLURM_JOB_NUM_NODES", "SLURM_NNODES"});
    per_node = tasks > 0 ? (tasks + std::max(1, nodes) - 1) / std::max(1, nodes) : 1;
  }
  return std::clamp(on_node / per_node, 1, cap);
}

int default_thread_count() {
  int affinity = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) affinity = CPU_COUNT(&set);
  if (const int slurm = slurm_thread_count(affinity); slurm > 0) return slurm;
  return std::max(1, affinity);
}

std::uint64_t available_memory_bytes() {
  std::uint64_t available = 0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t value = 0;
  std::string unit;
  while (meminfo >> key >> value) {
    std::getline(meminfo, unit);
    if (key == "MemAvailable:") {
      available = value * 1024;
      break;
    }
  }
  // A cgroup v2 limit (batch schedulers set one) may be tighter than the machine's memory.
  std::ifstream limit_file("/sys/fs/cgroup/memory.max");
  std::ifstream current_file("/sys/fs/cgroup/memory.current");
  std::string limit_text;
  std::uint64_t current = 0;
  if (limit_file >> limit_text && limit_text != "max" && current_file >> current) {
    const std::uint64_t limit = std::stoull(limit_text);
    const std::uint64_t room = limit > current ? limit - current : 0;
    if (available == 0 || room < available) available = room;
  }
  return available;
}

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace sim
