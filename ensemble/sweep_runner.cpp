// One sweep member run in this process: prepared as `aidivide run` would, written to its file.
#include "ensemble/sweep_runner.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "ensemble/member_check.hpp"
#include "ensemble/member_claim.hpp"
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

RunRequest member_request(const SweepPlan& plan, const SweepMember& member,
                          const std::string& output) {
  RunRequest request;
  request.scenario_path = plan.scenarios[member.scenario].path;
  request.sets = plan.overrides(member);
  request.seed = plan.root_seed;
  request.replicate = member.replicate;
  request.output = output;
  return request;
}

std::string check_against_plan(const SweepPlan& plan, const SweepMember& member,
                               const std::string& dir) {
  try {
    const PreparedRun run = prepare_run(member_request(plan, member, member_file(dir, member.id)));
    return compare_facts(expected_facts(run), read_facts(member_file(dir, member.id)));
  } catch (const std::exception& e) {
    return e.what();
  }
}

MemberOutcome run_member(const SweepPlan& plan, const SweepMember& member, const std::string& dir,
                         int threads, const std::function<void()>& between_ticks) {
  const auto start = std::chrono::steady_clock::now();
  MemberOutcome outcome;
  std::unique_ptr<MemberClaim> claim;
  std::unique_ptr<models::Recorder> recorder;
  try {
    claim = std::make_unique<MemberClaim>(claim_file(dir, member.id));
    if (!claim->held()) {
      outcome.held_by = claim->holder_text();
      outcome.record.error = "being written by " + outcome.held_by;
      return outcome;
    }
    const std::string staged = staged_file(dir, member.id);
    const PreparedRun run = prepare_run(member_request(plan, member, staged));
    const MemberFacts expected = expected_facts(run);
    // Another process may have published the member since this one looked.
    if (std::filesystem::exists(member_file(dir, member.id))) {
      std::string difference;
      try {
        difference = compare_facts(expected, read_facts(member_file(dir, member.id)));
      } catch (const std::exception& e) {
        difference = e.what();
      }
      if (difference.empty()) {
        record_check(dir, member.id, expected);
        clear_failure(dir, member.id);
        outcome.record.status = MemberStatus::kComplete;
        read_member_timing(member_file(dir, member.id), outcome.record);
        return outcome;
      }
      unpublish_member(dir, member.id);  // wrong data: written again below
    }
    clear_failure(dir, member.id);
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
    recorder.reset();
    const std::string difference = publish_member(staged, dir, member.id, expected);
    if (!difference.empty()) {
      throw std::runtime_error("member file failed its check before publication: " + difference);
    }
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
