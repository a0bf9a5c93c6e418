// One sweep member run in this process: prepared as `aidivide run` would, written to its file.
#include "ensemble/sweep_runner.hpp"

#include <chrono>
#include <memory>

#include "models/recorder.hpp"
#include "models/simulation.hpp"
#include "run/run_loop.hpp"
#include "run/run_request.hpp"
#include "sim/parallel.hpp"
#include "sim/signals.hpp"
#include "sim/utc_now.hpp"

namespace app {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

MemberOutcome run_member(const SweepPlan& plan, const SweepMember& member, const std::string& dir,
                         int threads, const std::function<void()>& between_ticks) {
  const auto start = std::chrono::steady_clock::now();
  MemberOutcome outcome;
  clear_failure(dir, member.id);
  RunRequest request;
  request.scenario_path = plan.scenarios[member.scenario].path;
  request.sets = plan.overrides(member);
  request.seed = plan.root_seed;
  request.replicate = member.replicate;
  request.output = member_file(dir, member.id);

  std::unique_ptr<models::Recorder> recorder;
  try {
    const PreparedRun run = prepare_run(request);
    const models::Params& params = run.scenario.params;
    const sim::ThreadLimit limit(static_cast<int>(threads));
    models::Simulation simulation(params, run.data, run.member_seed);
    const double init_seconds = seconds_since(start);
    recorder = std::make_unique<models::Recorder>(
        run.output_path, run.scenario, simulation.world(),
        models::RunInfo{static_cast<std::uint64_t>(params.run.seed),
                        static_cast<std::uint64_t>(params.run.replicate), threads,
                        run.data.sha256});
    double output_seconds = 0;
    while (!simulation.done()) {
      step_and_record(simulation, *recorder, output_seconds);
      if (between_ticks) between_ticks();
      if ((outcome.stop_signal = sim::stop_requested()) != 0) break;
    }
    if (outcome.stop_signal != 0) {
      // A member in flight is lost, never half kept: the rerun starts it again from tick 0.
      recorder->writer().abandon();
      outcome.record.status = MemberStatus::kPending;
      outcome.record.wall_seconds = seconds_since(start);
      return outcome;
    }
    write_timing(*recorder, simulation, output_seconds, init_seconds);
    recorder->writer().set_final_attr("timing_wall", seconds_since(start));
    recorder->finish("complete");
    outcome.record.status = MemberStatus::kComplete;
  } catch (const std::exception& e) {
    if (recorder) recorder->writer().fail();
    outcome.record.status = MemberStatus::kFailed;
    outcome.record.error = e.what();
  }
  outcome.record.wall_seconds = seconds_since(start);
  outcome.record.finished = sim::utc_now();
  if (outcome.record.status == MemberStatus::kFailed) {
    try {
      write_failure(dir, member.id, outcome.record);
    } catch (const std::exception&) {
      // The manifest still records the error; only a later shard's view of it is lost.
    }
  }
  return outcome;
}

}  // namespace app
