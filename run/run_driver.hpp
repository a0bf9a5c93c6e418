// The whole life of a run after set-up, for `aidivide run` and `aidivide resume`: the tick loop,
// progress, checkpoints (--checkpoint-every, --checkpoint-at, SIGUSR1), clean stops, the end of
// the output file and the --bench report.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/recorder.hpp"
#include "models/simulation.hpp"
#include "run/run_checkpoint.hpp"
#include "run/run_request.hpp"
#include "sim/year_month.hpp"

namespace app {

struct CheckpointPlan {
  std::string every;  // --checkpoint-every as given; "" for none
  std::int64_t every_records = 0;
  double every_seconds = 0;
  std::vector<sim::YearMonth> at;  // --checkpoint-at months: checkpoints kept beside the output
};

// Parses --checkpoint-every: a number of records ("12") or a duration ("90s", "30m", "2h").
// Returns the reason when `text` is neither.
std::optional<std::string> parse_checkpoint_every(const std::string& text, CheckpointPlan& plan);

// Where checkpoints go: OUT.h5.ckpt (the latest, replaced by each new one) and
// OUT.h5.YYYY-MM.ckpt (--checkpoint-at, kept).
std::string rolling_checkpoint_path(const std::string& output);
std::string kept_checkpoint_path(const std::string& output, const sim::YearMonth& month);

struct DriveOptions {
  int threads = 1;
  bool show_progress = false;
  bool quiet = false;
  bool bench = false;
  CheckpointPlan plan;
  std::chrono::steady_clock::time_point start;  // when the command started
  double init_seconds = 0;                      // set-up so far (and of earlier legs)
  double output_seconds = 0;                    // output so far (of earlier legs)
};

// The run's identity as the output file records it.
models::RunInfo run_info(const PreparedRun& run, int threads);

// Installs the handlers a run answers to: SIGINT and SIGTERM stop it cleanly, SIGUSR1 asks for a
// checkpoint. Call it before the output's part file exists: a script that sees the file may
// signal at once, and before the handlers SIGUSR1 would end the run.
void install_run_signal_handlers();

// Runs `simulation` from its next tick to the end, recording into `recorder`, and finishes the
// output. `request` and `run` describe the run for its checkpoints; install_run_signal_handlers
// must have run. Returns the exit status.
int drive_run(const RunRequest& request, const PreparedRun& run, models::Simulation& simulation,
              models::Recorder& recorder, const DriveOptions& options);

}  // namespace app
