// Google Benchmark kernels: each phase of the tick, the record phase, initialisation and the
// STREAM-like bandwidth pass, on a world built by models::make_world at a chosen size.
//
// Phases are timed inside whole ticks run in order (manual time), so each phase sees the state a
// real run gives it; the iterations of a phase are the ticks of one simulated run (of a record,
// its records), so a kernel costs one run whatever the phase's share; --benchmark_repetitions
// gives medians. Extra flags, before the benchmark ones:
//   --scenario=PATH (default scenarios/baseline.yaml)  --workers=N  --firms=N  --end=YYYY-MM
//   --threads=LIST (comma-separated thread counts, default 1,2)
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli_common.hpp"
#include "models/init.hpp"
#include "models/recorder.hpp"
#include "models/simulation.hpp"
#include "run/run_request.hpp"
#include "sim/bandwidth.hpp"
#include "sim/parallel.hpp"

namespace {

struct Config {
  std::string scenario = AIDIVIDE_SOURCE_DIR "/scenarios/baseline.yaml";
  std::vector<std::string> sets;
  std::vector<int> threads = {1, 2};
};

Config& config() {
  static Config c;
  return c;
}

std::string temp_output(const char* what) {
  return (std::filesystem::temp_directory_path() /
          ("aidivide_bench_" + std::to_string(getpid()) + "_" + what + ".h5"))
      .string();
}

// The scenario, data and seed, loaded once with every check a run makes.
const app::PreparedRun& prepared() {
  static const app::PreparedRun run = [] {
    app::RunRequest request;
    request.scenario_path = config().scenario;
    request.sets = config().sets;
    request.output = temp_output("check");
    return app::prepare_run(request);
  }();
  return run;
}

std::uint64_t worker_count() { return prepared().counts.total_workers; }
std::uint64_t firm_count() { return prepared().counts.total_firms; }
std::uint64_t agent_count() { return worker_count() + firm_count(); }

// Whole ticks in order; starts a new run (untimed) when the scenario's last tick is done.
class TickDriver {
 public:
  TickDriver() { restart(); }
  models::TickContext step() {
    if (sim_->done()) restart();
    return sim_->step();
  }
  models::Simulation& simulation() { return *sim_; }

 private:
  void restart() {
    const app::PreparedRun& run = prepared();
    sim_ = std::make_unique<models::Simulation>(run.scenario.params, run.data, run.member_seed);
  }
  std::unique_ptr<models::Simulation> sim_;
};

// Agents a phase loops over, and the bytes of agent state it reads and writes per agent.
struct PhaseLoad {
  std::uint64_t agents;
  std::uint64_t bytes_per_agent;
};

PhaseLoad phase_load(const std::string& name) {
  // The agent phases read every column of their agents and write every mutable one back: count
  // both directions in full, as STREAM does.
  if (name == "workers") return {worker_count(), 2 * models::bytes_per_worker()};
  if (name == "firms") return {firm_count(), 2 * models::bytes_per_firm()};
  // Serial and aggregate phases work per country and per block: report per agent update.
  return {agent_count(), 0};
}

void report(benchmark::State& state, const PhaseLoad& load) {
  const auto items = static_cast<std::int64_t>(load.agents) * state.iterations();
  state.SetItemsProcessed(items);
  state.SetBytesProcessed(items * static_cast<std::int64_t>(load.bytes_per_agent));
  // Seconds per agent (printed with an SI prefix: 5.2n is 5.2 ns).
  state.counters["time_per_agent"] = benchmark::Counter(
      static_cast<double>(items), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["bytes_per_agent"] = static_cast<double>(load.bytes_per_agent);
  state.counters["agents"] = static_cast<double>(load.agents);
}

// One phase of the tick, timed inside whole ticks; range(0) = threads.
void bm_phase(benchmark::State& state, std::size_t phase) {
  const sim::ThreadLimit limit(static_cast<int>(state.range(0)));
  TickDriver driver;
  for (auto _ : state) {
    const double before = driver.simulation().phase_seconds()[phase];
    driver.step();
    state.SetIterationTime(driver.simulation().phase_seconds()[phase] - before);
  }
  report(state, phase_load(models::kPhases[phase].name));
}

// Phase 8: the observation, divide metrics and HDF5 appends of one record (deflate included;
// every `output.chunk_records` records one chunk per variable is written and flushed).
void bm_record(benchmark::State& state) {
  const sim::ThreadLimit limit(static_cast<int>(state.range(0)));
  const app::PreparedRun& run = prepared();
  TickDriver driver;
  models::Recorder recorder(temp_output("record"), run.scenario, driver.simulation().world(),
                            models::RunInfo{0, 0, static_cast<int>(state.range(0)), "bench"});
  const int every = static_cast<int>(run.scenario.params.output.every);
  for (auto _ : state) {
    models::TickContext ctx;
    do {
      ctx = driver.step();
    } while ((ctx.tick + 1) % every != 0);
    const auto t0 = std::chrono::steady_clock::now();
    recorder.record(driver.simulation().world(), ctx);
    models::reset_record_flows(driver.simulation().world());
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  recorder.writer().abandon();
  report(state, {agent_count(), 0});
}

// Initialisation: make_world (countries from data, agents sampled, tick-0 aggregates).
void bm_init(benchmark::State& state) {
  const app::PreparedRun& run = prepared();
  for (auto _ : state) {
    models::World world = models::make_world(run.scenario.params, run.data, run.member_seed);
    benchmark::DoNotOptimize(world.workers.size());
  }
  report(state, {agent_count(), models::bytes_per_worker()});
}

// The STREAM-like pass over arrays of the agent columns' size; range(0) = threads. Its rate
// divided by the bytes an agent update touches is the bandwidth bound on agent updates.
void bm_stream(benchmark::State& state) {
  const sim::ThreadLimit limit(static_cast<int>(state.range(0)));
  const std::size_t bytes =
      worker_count() * models::bytes_per_worker() + firm_count() * models::bytes_per_firm();
  std::vector<std::uint64_t> words(std::max<std::size_t>(1, (bytes + 7) / 8));
  sim::update_pass(words);
  for (auto _ : state) benchmark::DoNotOptimize(sim::update_pass(words));
  const auto done = static_cast<std::int64_t>(words.size() * 8) * state.iterations();
  state.SetBytesProcessed(2 * done);
  state.counters["array_bytes"] = static_cast<double>(words.size() * 8);
  // Agent updates per second the bandwidth allows when each update reads and writes its state.
  const double per_agent = 2.0 * static_cast<double>(bytes) / static_cast<double>(agent_count());
  state.counters["agent_updates_bound"] =
      benchmark::Counter(2.0 * static_cast<double>(done) / per_agent, benchmark::Counter::kIsRate);
}

void register_all() {
  const models::Params& params = prepared().scenario.params;
  const auto ticks = static_cast<benchmark::IterationCount>(params.tick_count());
  const auto records = std::max<benchmark::IterationCount>(1, ticks / params.output.every);
  for (const int threads : config().threads) {
    for (std::size_t i = 0; i < models::kPhases.size(); ++i) {
      benchmark::RegisterBenchmark((std::string("phase/") + models::kPhases[i].name).c_str(),
                                   bm_phase, i)
          ->Arg(threads)
          ->UseManualTime()
          ->Iterations(ticks)
          ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark("phase/record", bm_record)
        ->Arg(threads)
        ->UseManualTime()
        ->Iterations(records)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("stream/update", bm_stream)
        ->Arg(threads)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RegisterBenchmark("init/make_world", bm_init)->Unit(benchmark::kMillisecond);
}

// Takes --scenario=, --workers=, --firms=, --end= and --threads= out of argv.
bool parse_own_flags(int& argc, char** argv) {
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&](const char* flag) -> std::optional<std::string> {
      const std::string prefix = std::string(flag) + "=";
      if (arg.rfind(prefix, 0) == 0) return arg.substr(prefix.size());
      return std::nullopt;
    };
    if (auto v = value("--scenario")) {
      config().scenario = *v;
    } else if (auto v = value("--workers")) {
      config().sets.push_back("population.workers=" + *v);
    } else if (auto v = value("--firms")) {
      config().sets.push_back("population.firms=" + *v);
    } else if (auto v = value("--end")) {
      config().sets.push_back("time.end=" + *v);
    } else if (auto v = value("--threads")) {
      config().threads.clear();
      for (std::size_t pos = 0; pos <= v->size();) {
        const std::size_t comma = std::min(v->find(',', pos), v->size());
        const int n = std::atoi(v->substr(pos, comma - pos).c_str());
        if (n < 1) {
          std::fprintf(stderr, "aidivide_bench: --threads: bad list '%s'\n", v->c_str());
          return false;
        }
        config().threads.push_back(n);
        pos = comma + 1;
      }
    } else {
      argv[out++] = argv[i];
    }
  }
  argc = out;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (!parse_own_flags(argc, argv)) return 2;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  try {
    prepared();
  } catch (const sim::InputError& e) {
    return app::report_input_error(e);
  }
  benchmark::AddCustomContext("scenario", config().scenario);
  benchmark::AddCustomContext("workers", std::to_string(worker_count()));
  benchmark::AddCustomContext("firms", std::to_string(firm_count()));
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
