// The `--bench` report of a run: throughput, time per phase, memory and the bandwidth bound.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace app {

struct BenchReport {
  std::uint64_t workers = 0, firms = 0;
  int ticks = 0;            // ticks simulated
  int months_per_tick = 1;  // for seconds per simulated year
  int threads = 1;
  double wall_seconds = 0;  // from the start of the command to the file's rename
  double init_seconds = 0;  // loading, checks and make_world
  std::vector<std::pair<std::string, double>> phase_seconds;
  double output_seconds = 0;         // recorder: observation, appends, final close
  std::uint64_t state_bytes = 0;     // agent columns
  std::uint64_t touched_bytes = 0;   // bytes the agent phases read and write per tick
  std::uint64_t peak_rss_bytes = 0;  // whole process
};

// Prints the report to `out`, after timing the STREAM-like pass over arrays of the agent
// columns' size under the current thread limit (about 0.2 s, not part of the run's times).
void print_bench_report(const BenchReport& report, std::FILE* out);

}  // namespace app
