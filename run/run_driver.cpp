// The tick loop with checkpoints and clean stops, the end of the output, the bench report.
#include "run/run_driver.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

#include "models/init.hpp"
#include "run/bench_report.hpp"
#include "run/exit_status.hpp"
#include "run/run_loop.hpp"
#include "sim/fsync.hpp"
#include "sim/progress.hpp"
#include "sim/signals.hpp"
#include "sim/system_info.hpp"
#include "sim/utc_now.hpp"

namespace app {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A test-only integer from the environment (docs/RELIABILITY.md), or `fallback`.
long test_env(const char* name, long fallback) {
  const char* text = std::getenv(name);
  return text && *text ? std::strtol(text, nullptr, 10) : fallback;
}

void print_bench(const models::Simulation& simulation, const DriveOptions& options,
                 double output_seconds) {
  const models::World& world = simulation.world();
  BenchReport report;
  report.workers = world.workers.size();
  report.firms = world.firms.size();
  report.ticks = simulation.next_tick();
  report.months_per_tick = static_cast<int>(simulation.params().time.months_per_tick);
  report.threads = options.threads;
  report.wall_seconds = seconds_since(options.start);
  report.init_seconds = options.init_seconds;
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

}  // namespace

std::optional<std::string> parse_checkpoint_every(const std::string& text, CheckpointPlan& plan) {
  const char* kForm = "a number of records (12) or a duration (90s, 30m, 2h)";
  if (text.empty() || text.size() > 12) return std::string("expected ") + kForm;
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return std::string("expected ") + kForm;
  const long long n = std::stoll(text.substr(0, digits));
  if (n < 1) return std::string("must be at least 1");
  const std::string unit = text.substr(digits);
  plan.every = text;
  if (unit.empty()) {
    plan.every_records = n;
  } else if (unit == "s" || unit == "m" || unit == "h") {
    plan.every_seconds = static_cast<double>(n) * (unit == "s" ? 1 : unit == "m" ? 60 : 3600);
  } else {
    plan.every.clear();
    return std::string("unknown unit '") + unit + "': expected " + kForm;
  }
  return std::nullopt;
}

models::RunInfo run_info(const PreparedRun& run, int threads) {
  models::RunInfo info;
  info.seed = static_cast<std::uint64_t>(run.scenario.params.run.seed);
  info.replicate = static_cast<std::uint64_t>(run.scenario.params.run.replicate);
  info.threads = threads;
  info.data_sha256 = run.data.sha256;
  return info;
}

std::string rolling_checkpoint_path(const std::string& output) { return output + ".ckpt"; }

std::string kept_checkpoint_path(const std::string& output, const sim::YearMonth& month) {
  return output + "." + month.str() + ".ckpt";
}

void install_run_signal_handlers() {
  sim::install_stop_handlers();
  sim::install_checkpoint_handler();
}

int drive_run(const RunRequest& request, const PreparedRun& run, models::Simulation& simulation,
              models::Recorder& recorder, const DriveOptions& options) {
  const models::Params& params = run.scenario.params;
  const CheckpointPlan& plan = options.plan;

  CheckpointInfo info;
  info.version = AIDIVIDE_VERSION;
  info.scenario_path = run.scenario.path;
  info.scenario_yaml = run.scenario.yaml_text;
  info.sets = request.sets;
  info.parameters_yaml = models::params_to_yaml(params);
  info.data_sha256 = run.data.sha256;
  info.seed = params.run.seed;
  info.replicate = params.run.replicate;
  info.output_path = run.output_path;
  info.checkpoint_every = plan.every;
  info.init_seconds = options.init_seconds;

  double output_seconds = options.output_seconds;
  const std::string rolling = rolling_checkpoint_path(run.output_path);
  bool wrote_rolling = false;
  // Flushes the output, then writes the state: the checkpoint never counts a record that is not
  // on disk.
  auto checkpoint = [&](const std::string& path) {
    const auto t0 = std::chrono::steady_clock::now();
    recorder.writer().flush();
    // The records a checkpoint counts must survive a power loss as the checkpoint does: HDF5's
    // flush leaves them in the page cache.
    const std::string part = recorder.writer().part_path();
    if (const std::string error = sim::fsync_path(part); !error.empty()) {
      throw sim::InputError(sim::InputKind::kIo, sim::SourceLocation{part, 0, 0}, "",
                            "cannot sync output file before a checkpoint: " + error);
    }
    if (info.build_sha256.empty()) info.build_sha256 = executable_sha256();
    info.records = recorder.writer().records_written();
    info.tick = simulation.next_tick();
    info.month = models::make_tick_context(params, simulation.next_tick()).month.str();
    info.created = sim::utc_now();
    info.output_seconds = output_seconds;
    info.phase_seconds = simulation.phase_seconds();
    write_checkpoint(path, info, simulation.world());
    output_seconds += seconds_since(t0);
    if (path == rolling) wrote_rolling = true;
    if (!options.quiet && !options.show_progress) {
      std::cerr << "aidivide: checkpoint at " << info.month << " written to " << path << "\n";
    }
  };
  // A --checkpoint-at month starts the next tick: its checkpoint holds the state before it.
  auto checkpoint_if_kept = [&] {
    if (plan.at.empty()) return;
    const sim::YearMonth month = models::make_tick_context(params, simulation.next_tick()).month;
    if (std::find(plan.at.begin(), plan.at.end(), month) != plan.at.end()) {
      checkpoint(kept_checkpoint_path(run.output_path, month));
    }
  };

  sim::Progress progress(options.show_progress, simulation.tick_count(), simulation.agents(),
                         simulation.next_tick());
  // Test only (docs/RELIABILITY.md): a pause after each recorded tick, so that the kill tests can
  // stop a run between flushes at a chosen moment; and a stop as if by SIGTERM after a chosen
  // tick, for the exact-restart tests. Neither changes any output.
  const std::chrono::milliseconds tick_delay(test_env("AIDIVIDE_TEST_TICK_DELAY_MS", 0));
  const long stop_after_tick = test_env("AIDIVIDE_TEST_STOP_AFTER_TICK", -1);
  int stop_signal = 0;
  try {
    checkpoint_if_kept();
    auto last_checkpoint = std::chrono::steady_clock::now();
    std::int64_t records_since_checkpoint = 0;
    while (!simulation.done()) {
      const SteppedTick step = step_and_record(simulation, recorder, output_seconds);
      if (step.recorded) ++records_since_checkpoint;
      if (step.recorded && tick_delay.count() > 0) std::this_thread::sleep_for(tick_delay);
      progress.update(step.ctx.tick + 1, step.ctx.month.str());
      stop_signal = sim::stop_requested();
      if (step.ctx.tick == stop_after_tick) stop_signal = SIGTERM;
      // A stop after the last tick changes nothing: the run is complete.
      if (simulation.done()) stop_signal = 0;
      checkpoint_if_kept();
      const bool periodic =
          step.recorded &&
          ((plan.every_records > 0 && records_since_checkpoint >= plan.every_records) ||
           (plan.every_seconds > 0 && seconds_since(last_checkpoint) >= plan.every_seconds));
      // A stop keeps the latest state when the run checkpoints at all, so it can be resumed.
      const bool at_stop = stop_signal != 0 && (!plan.every.empty() || wrote_rolling);
      if (sim::take_checkpoint_request() || periodic || at_stop) {
        checkpoint(rolling);
        last_checkpoint = std::chrono::steady_clock::now();
        records_since_checkpoint = 0;
      }
      if (stop_signal != 0) break;
    }
    progress.finish();
    write_timing(recorder, simulation, output_seconds, options.init_seconds);
    const auto t0 = std::chrono::steady_clock::now();
    recorder.finish(stop_signal ? "interrupted" : "complete");
    output_seconds += seconds_since(t0);
  } catch (const sim::InputError& e) {
    progress.finish();
    recorder.writer().fail();
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    progress.finish();
    recorder.writer().fail();
    std::cerr << "aidivide: run failed: " << e.what() << "\n";
    return kExitFailure;
  }
  // A complete run needs no restart: its latest checkpoint goes (kept ones stay).
  if (stop_signal == 0) {
    std::error_code ignored;
    std::filesystem::remove(rolling, ignored);
  }

  if (options.bench) print_bench(simulation, options, output_seconds);
  if (stop_signal) {
    std::cerr << "aidivide: stopped by signal after tick " << simulation.next_tick() << "; wrote "
              << run.output_path << " (status interrupted)";
    if (wrote_rolling) std::cerr << "; continue with: aidivide resume " << rolling;
    std::cerr << "\n";
    return stop_signal == SIGINT ? kExitSigint : kExitSigterm;
  }
  if (!options.quiet) std::cerr << "aidivide: wrote " << run.output_path << "\n";
  return kExitOk;
}

}  // namespace app
