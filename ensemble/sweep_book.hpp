// The bookkeeping of the process that owns a sweep's manifest (the only process, or MPI rank 0):
// member statuses, progress lines and manifest.csv rewrites.
#pragma once

#include <cstddef>
#include <string>

#include "ensemble/sweep_manifest.hpp"
#include "ensemble/sweep_plan.hpp"
#include "ensemble/sweep_runner.hpp"

namespace app {

class SweepBook {
 public:
  // Statuses come from the files in `dir` (re-verified), not from an older manifest; timings of
  // an older manifest are kept. `shared_dir`: other processes (shards) write the same directory.
  SweepBook(const SweepPlan& plan, std::string dir, bool shared_dir, bool quiet);

  Manifest& manifest() { return manifest_; }
  // Members this process will run, for the [done/total] count.
  void set_todo(std::size_t todo) { todo_ = todo; }

  void write();
  void running(std::size_t index) { manifest_.rows[index].record.status = MemberStatus::kRunning; }
  // Records a member's outcome, prints its line and rewrites the manifest; `rank` < 0 without MPI.
  void finished(std::size_t index, const MemberOutcome& outcome, int rank);
  int stopped() const { return stopped_; }

 private:
  const SweepPlan& plan_;
  std::string dir_;
  bool shared_dir_;
  bool quiet_;
  std::size_t todo_ = 0;
  Manifest manifest_;
  std::size_t done_ = 0;
  int stopped_ = 0;
};

}  // namespace app
