// `aidivide run`: runs a scenario (or a branch from a checkpoint) into an HDF5 file.
#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "app/cli_common.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/drive_options.hpp"
#include "models/recorder.hpp"
#include "models/simulation.hpp"
#include "run/run_checkpoint.hpp"
#include "run/run_driver.hpp"
#include "run/run_request.hpp"
#include "sim/parallel.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

constexpr const char* kRunUsage =
    "usage: aidivide run SCENARIO.yaml [-o OUT.h5] [--threads N] [--seed S] [--replicate R]\n"
    "                    [--set key.path=value]... [--progress|--quiet]\n"
    "                    [--checkpoint-every N|DURATION] [--checkpoint-at YYYY-MM]...\n"
    "                    [--from CHECKPOINT] [--bench]\n\n"
    "Runs a scenario and writes its trajectories to OUT.h5 (default\n"
    "runs/<scenario>_s<seed>_r<replicate>.h5). The file is written as OUT.h5.part and renamed\n"
    "when the run ends; SIGINT or SIGTERM stop the run and keep the records so far (status\n"
    "'interrupted'). Checkpoints: --checkpoint-every (records, or a duration such as 30m) and\n"
    "SIGUSR1 write OUT.h5.ckpt, which `aidivide resume` continues; --checkpoint-at keeps\n"
    "OUT.h5.YYYY-MM.ckpt, the state when that month starts. --from starts from a checkpoint's\n"
    "state: a branch that may change the policies from the checkpoint's month on.\n"
    "Exit status: 0 success, 1 failure, 2 bad input, 130/143 after SIGINT/SIGTERM.\n\n";

// Checks --checkpoint-at months against the run: each must start a tick of it, from its first
// tick (or the branch's) on.
void check_checkpoint_months(const std::vector<sim::YearMonth>& months, const models::Params& p,
                             int first_tick) {
  for (const sim::YearMonth& m : months) {
    const int offset = m.index() - p.time.start.index();
    const int per_tick = static_cast<int>(p.time.months_per_tick);
    if (offset < 0 || offset % per_tick != 0 || offset / per_tick >= p.tick_count() ||
        offset / per_tick < first_tick) {
      throw sim::InputError(sim::InputKind::kScenario, sim::SourceLocation{"--checkpoint-at", 0, 0},
                            "", "not the first month of a tick this run computes", m.str());
    }
  }
}

}  // namespace

int cmd_run(int argc, char** argv) {
  CommandLine cli("run", kRunUsage);
  RunRequest request;
  int threads = 0;
  std::int64_t seed = 0, replicate = 0;
  std::string checkpoint_every, from;
  std::vector<std::string> checkpoint_at;
  cli.options().add_options()("output,o", po::value(&request.output),
                              "output file (default runs/<scenario>_s<seed>_r<replicate>.h5)")(
      "seed", po::value(&seed), "root seed (overrides run.seed)")(
      "replicate", po::value(&replicate), "replicate index (overrides run.replicate)")(
      "set", po::value(&request.sets)->composing(),
      "override a parameter: key.path=value (repeatable)")(
      "checkpoint-every", po::value(&checkpoint_every),
      "write OUT.h5.ckpt every N records, or every DURATION (90s, 30m, 2h)")(
      "checkpoint-at", po::value(&checkpoint_at)->composing(),
      "keep OUT.h5.YYYY-MM.ckpt, the state when month YYYY-MM starts (repeatable)")(
      "from", po::value(&from),
      "start from CHECKPOINT's state (seed and replicate default to the checkpoint's)");
  add_drive_options(cli, threads);
  cli.positional("scenario", &request.scenario_path);
  if (const auto status = cli.parse(argc, argv)) return *status;
  if (cli.has("seed")) request.seed = seed;
  if (cli.has("replicate")) request.replicate = replicate;
  std::optional<DriveOptions> maybe_options = read_drive_options(cli, threads);
  if (!maybe_options) return kExitBadInput;
  DriveOptions& options = *maybe_options;
  if (cli.has("checkpoint-every")) {
    if (const auto error = parse_checkpoint_every(checkpoint_every, options.plan)) {
      std::cerr << "aidivide run: --checkpoint-every: " << *error << " (got " << checkpoint_every
                << ")\n";
      return kExitBadInput;
    }
  }
  for (const std::string& text : checkpoint_at) {
    const auto month = sim::parse_year_month(text);
    if (!month) {
      std::cerr << "aidivide run: --checkpoint-at: expected YYYY-MM (got " << text << ")\n";
      return kExitBadInput;
    }
    options.plan.at.push_back(*month);
  }

  PreparedRun run;
  std::optional<Checkpoint> checkpoint;
  try {
    if (!from.empty()) {
      checkpoint.emplace(read_checkpoint(from));
      if (!request.seed) request.seed = checkpoint->info.seed;
      if (!request.replicate) request.replicate = checkpoint->info.replicate;
    }
    run = prepare_run(request);
    if (checkpoint) check_branch(*checkpoint, run);
    check_checkpoint_months(options.plan.at, run.scenario.params,
                            checkpoint ? checkpoint->info.tick : 0);
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  }
  for (const std::string& w : run.scenario.warnings) std::cerr << "warning: " << w << "\n";
  const sim::ThreadLimit limit(options.threads);

  const models::Params& params = run.scenario.params;
  models::Simulation simulation(params, run.data, run.member_seed);
  std::unique_ptr<models::Recorder> recorder;
  try {
    if (checkpoint) restore(simulation, *checkpoint);
    models::RunInfo info = run_info(run, options.threads);
    if (checkpoint) {
      info.branched_from = from;
      info.branch_month = checkpoint->info.month;
    }
    install_run_signal_handlers();  // the part file appears next
    recorder =
        std::make_unique<models::Recorder>(run.output_path, run.scenario, simulation.world(), info);
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  }
  checkpoint.reset();  // a branch's state is in the world now; its copy in memory can go
  options.init_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - options.start).count();
  return drive_run(request, run, simulation, *recorder, options);
}

}  // namespace app
