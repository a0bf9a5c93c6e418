// CPU count, available memory and peak RSS from Linux interfaces.
#include "sim/system_info.hpp"

#include <sched.h>
#include <sys/resource.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace sim {

int default_thread_count() {
  if (const char* slurm = std::getenv("SLURM_CPUS_PER_TASK")) {
    // The whole value must be a number: std::atoi would take "4x" for 4 and overflow silently.
    const std::string_view text(slurm);
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size() && n > 0) return n;
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  return 1;
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
