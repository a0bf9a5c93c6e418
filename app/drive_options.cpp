// The options `run` and `resume` share.
#include "app/drive_options.hpp"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "sim/system_info.hpp"

namespace app {

void add_drive_options(CommandLine& cli, int& threads) {
  cli.options().add_options()(
      "threads", boost::program_options::value(&threads),
      "worker threads (default: SLURM_CPUS_PER_TASK, else the CPUs this process may use)")(
      "progress", "always show the progress line")("quiet", "never show the progress line")(
      "bench", "print throughput, time per phase and peak memory at the end");
}

std::optional<DriveOptions> read_drive_options(const CommandLine& cli, int threads) {
  if (cli.has("threads") && threads < 1) {
    std::cerr << "aidivide: --threads: must be at least 1 (got " << threads << ")\n";
    return std::nullopt;
  }
  DriveOptions options;
  options.threads = threads == 0 ? sim::default_thread_count() : threads;
  options.quiet = cli.has("quiet");
  options.bench = cli.has("bench");
  options.show_progress = cli.has("progress") || (!cli.has("quiet") && isatty(fileno(stderr)));
  options.start = std::chrono::steady_clock::now();
  return options;
}

}  // namespace app
