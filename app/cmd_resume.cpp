// `aidivide resume CHECKPOINT [-o OUT.h5]`: continues a stopped or killed run into its output.
#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/cli_common.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "app/drive_options.hpp"
#include "run/run_checkpoint.hpp"
#include "run/run_driver.hpp"
#include "run/run_recovery.hpp"
#include "run/run_request.hpp"
#include "sim/h5_handle.hpp"
#include "sim/parallel.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace app {

namespace {

constexpr const char* kResumeUsage =
    "usage: aidivide resume CHECKPOINT [-o OUT.h5] [--threads N] [--progress|--quiet] [--bench]\n\n"
    "Continues the run that wrote CHECKPOINT (OUT.h5.ckpt, or a kept OUT.h5.YYYY-MM.ckpt) into\n"
    "its output: OUT.h5 of an interrupted run, or OUT.h5.part of a killed or failed one (a\n"
    "killed run's part file is recovered first, as `aidivide recover` does). Records after the\n"
    "checkpoint are computed again; the finished file holds the same data as an uninterrupted\n"
    "run (aidivide diff). -o names the output when it has moved. The scenario, the data and the\n"
    "version must be the checkpoint's. Exit status as for run.\n\n";

sim::InputError output_error(const std::string& path, const std::string& reason) {
  return sim::InputError(sim::InputKind::kIo, sim::SourceLocation{path, 0, 0}, "", reason);
}

// True when HDF5 opens `path` for writing: false for a file a killed SWMR writer left flagged.
bool opens_for_writing(const std::string& path) {
  sim::QuietHdf5Errors quiet;
  sim::H5Id fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110);
  sim::H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()));
  return static_cast<bool>(file);
}

// Makes OUT.h5.part the file to continue: an interrupted run's OUT.h5 goes back to its part
// name; a killed run's part file is replaced by its recovered copy. Refuses a complete run.
void prepare_output(const std::string& output) {
  const std::string part = output + ".part";
  if (!fs::exists(part)) {
    if (!fs::exists(output)) {
      throw output_error(output, "the run's output is not there (neither it nor " + part +
                                     " exists); name its current place with -o");
    }
    const std::optional<std::string> status = [&] {
      sim::H5Id file = sim::open_h5_for_reading(output);
      return sim::attribute_text(file.get(), "status");
    }();
    if (status == "complete") {
      throw output_error(output,
                         "the run is complete; to run again from this checkpoint, branch with "
                         "`aidivide run SCENARIO --from CHECKPOINT -o OTHER.h5`");
    }
    std::error_code ec;
    fs::rename(output, part, ec);
    if (ec) throw output_error(output, "cannot rename to " + part + ": " + ec.message());
    return;
  }
  if (fs::exists(output)) {
    throw output_error(output, "both it and " + part + " exist; move one away first");
  }
  if (opens_for_writing(part)) return;
  // A killed writer left the part file flagged as open: continue from a recovered copy.
  const std::string recovered = part + ".recovered";
  const RecoveryResult result = recover_run(part, recovered);
  fs::rename(recovered, part);
  std::cerr << "aidivide: recovered " << result.records << " records of " << part
            << " left by a killed run\n";
}

}  // namespace

int cmd_resume(int argc, char** argv) {
  CommandLine cli("resume", kResumeUsage);
  std::string checkpoint_path, output;
  int threads = 0;
  cli.options().add_options()("output,o", po::value(&output),
                              "the run's output, when it is not where the checkpoint says");
  add_drive_options(cli, threads);
  cli.positional("CHECKPOINT", &checkpoint_path);
  if (const auto status = cli.parse(argc, argv)) return *status;
  std::optional<DriveOptions> maybe_options = read_drive_options(cli, threads);
  if (!maybe_options) return kExitBadInput;
  DriveOptions& options = *maybe_options;

  RunRequest request;
  PreparedRun run;
  std::optional<Checkpoint> checkpoint;
  try {
    checkpoint.emplace(read_checkpoint(checkpoint_path));
    const CheckpointInfo& info = checkpoint->info;
    if (!info.checkpoint_every.empty()) {
      parse_checkpoint_every(info.checkpoint_every, options.plan);
    }
    request = checkpoint_request(info);
    if (!output.empty()) request.output = output;
    run = prepare_run(request);
    check_same_run(info, run);
    prepare_output(run.output_path);
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  } catch (const std::exception& e) {
    std::cerr << "aidivide resume: " << e.what() << "\n";
    return kExitFailure;
  }
  const sim::ThreadLimit limit(options.threads);
  const models::Params& params = run.scenario.params;
  models::Simulation simulation(params, run.data, run.member_seed);
  std::unique_ptr<models::Recorder> recorder;
  try {
    restore(simulation, *checkpoint);
    install_run_signal_handlers();  // the part file appears next
    recorder = std::make_unique<models::Recorder>(run.output_path, run.scenario, simulation.world(),
                                                  run_info(run, options.threads),
                                                  checkpoint->info.records);
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  }
  const CheckpointInfo info = checkpoint->info;
  checkpoint.reset();  // the state is in the world now; its copy in memory can go
  // Timings add up over the legs of a run.
  options.init_seconds =
      info.init_seconds +
      std::chrono::duration<double>(std::chrono::steady_clock::now() - options.start).count();
  options.output_seconds = info.output_seconds;
  if (!options.quiet) {
    std::cerr << "aidivide: resuming " << run.output_path << " at " << info.month << " (tick "
              << info.tick << " of " << simulation.tick_count() << ", " << info.records
              << " records kept)\n";
  }
  return drive_run(request, run, simulation, *recorder, options);
}

}  // namespace app
