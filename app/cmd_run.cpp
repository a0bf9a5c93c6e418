// `aidivide run`: runs a scenario into an HDF5 file, with progress, clean stops and timings.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app/bench_report.hpp"
#include "app/cli_common.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/run_loop.hpp"
#include "models/init.hpp"
#include "models/recorder.hpp"
#include "models/simulation.hpp"
#include "sim/parallel.hpp"
#include "sim/progress.hpp"
#include "sim/signals.hpp"
#include "sim/system_info.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

constexpr const char* kRunUsage =
    "usage: aidivide run SCENARIO.yaml [-o OUT.h5] [--threads N] [--seed S] [--replicate R]\n"
    "                    [--set key.path=value]... [--progress|--quiet] [--bench]\n\n"
    "Runs a scenario and writes its trajectories to OUT.h5 (default\n"
    "runs/<scenario>_s<seed>_r<replicate>.h5). The file is written as OUT.h5.part and renamed\n"
    "when the run ends; SIGINT or SIGTERM stop the run and keep the records so far (status\n"
    "'interrupted'). Exit status: 0 success, 1 failure, 2 bad input, 130/143 after "
    "SIGINT/SIGTERM.\n\n";

}  // namespace

int cmd_run(int argc, char** argv) {
  CommandLine cli("run", kRunUsage);
  RunRequest request;
  int threads = 0;
  std::int64_t seed = 0, replicate = 0;
  cli.options().add_options()("output,o", po::value(&request.output),
                              "output file (default runs/<scenario>_s<seed>_r<replicate>.h5)")(
      "threads", po::value(&threads),
      "worker threads (default: SLURM_CPUS_PER_TASK, else the CPUs this process may use)")(
      "seed", po::value(&seed), "root seed (overrides run.seed)")(
      "replicate", po::value(&replicate), "replicate index (overrides run.replicate)")(
      "set", po::value(&request.sets)->composing(),
      "override a parameter: key.path=value (repeatable)")(
      "progress", "always show the progress line")("quiet", "never show the progress line")(
      "bench", "print throughput, time per phase and peak memory at the end");
  cli.positional("scenario", &request.scenario_path);
  if (const auto status = cli.parse(argc, argv)) return *status;
  if (cli.has("seed")) request.seed = seed;
  if (cli.has("replicate")) request.replicate = replicate;
  if (cli.has("threads") && threads < 1) {
    std::cerr << "aidivide run: --threads: must be at least 1 (got " << threads << ")\n";
    return kExitBadInput;
  }
  if (threads == 0) threads = sim::default_thread_count();
  const bool show_progress = cli.has("progress") || (!cli.has("quiet") && isatty(fileno(stderr)));

  const auto t_start = std::chrono::steady_clock::now();
  PreparedRun run;
  try {
    run = prepare_run(request);
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  }
  for (const std::string& w : run.scenario.warnings) std::cerr << "warning: " << w << "\n";
  const sim::ThreadLimit limit(static_cast<int>(threads));
  sim::install_stop_handlers();

  const models::Params& params = run.scenario.params;
  models::Simulation simulation(params, run.data, run.member_seed);
  const double init_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  std::unique_ptr<models::Recorder> recorder;
  try {
    recorder = std::make_unique<models::Recorder>(
        run.output_path, run.scenario, simulation.world(),
        models::RunInfo{static_cast<std::uint64_t>(params.run.seed),
                        static_cast<std::uint64_t>(params.run.replicate), threads,
                        run.data.sha256});
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  }

  sim::Progress progress(show_progress, simulation.tick_count(), simulation.agents());
  // Test only (docs/RELIABILITY.md): a pause after each recorded tick, so that the kill tests can
  // stop a run between flushes at a chosen moment. It changes no output.
  const char* delay_env = std::getenv("AIDIVIDE_TEST_TICK_DELAY_MS");
  const std::chrono::milliseconds tick_delay(delay_env ? std::atoi(delay_env) : 0);
  double output_seconds = 0;
  int stop_signal = 0;
  try {
    while (!simulation.done()) {
      const SteppedTick step = step_and_record(simulation, *recorder, output_seconds);
      if (step.recorded && tick_delay.count() > 0) std::this_thread::sleep_for(tick_delay);
      progress.update(step.ctx.tick + 1, step.ctx.month.str());
      if ((stop_signal = sim::stop_requested()) != 0) break;
    }
    progress.finish();
    write_timing(*recorder, simulation, output_seconds, init_seconds);
    const auto t0 = std::chrono::steady_clock::now();
    recorder->finish(stop_signal ? "interrupted" : "complete");
    output_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } catch (const sim::InputError& e) {
    progress.finish();
    recorder->writer().fail();
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    progress.finish();
    recorder->writer().fail();
    std::cerr << "aidivide: run failed: " << e.what() << "\n";
    return kExitFailure;
  }

  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  if (cli.has("bench")) {
    const models::World& world = simulation.world();
    BenchReport report;
    report.workers = world.workers.size();
    report.firms = world.firms.size();
    report.ticks = simulation.next_tick();
    report.months_per_tick = static_cast<int>(params.time.months_per_tick);
    report.threads = threads;
    report.wall_seconds = wall;
    report.init_seconds = init_seconds;
    for (std::size_t i = 0; i < models::kPhases.size(); ++i) {
      report.phase_seconds.emplace_back(models::kPhases[i].name, simulation.phase_seconds()[i]);
    }
    report.output_seconds = output_seconds;
    report.state_bytes =
        report.workers * models::bytes_per_worker() + report.firms * models::bytes_per_firm();
    report.touched_bytes = 2 * report.state_bytes;
    report.peak_rss_bytes = sim::peak_rss_bytes();
    print_bench_report(report, stdout);
  }
  if (stop_signal) {
    std::cerr << "aidivide: stopped by signal after tick " << simulation.next_tick() << "; wrote "
              << run.output_path << " (status interrupted)\n";
    return stop_signal == SIGINT ? kExitSigint : kExitSigterm;
  }
  if (!cli.has("quiet")) std::cerr << "aidivide: wrote " << run.output_path << "\n";
  return kExitOk;
}

}  // namespace app
