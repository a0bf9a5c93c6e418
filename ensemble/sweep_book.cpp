// The bookkeeping of the process that owns a sweep's manifest.
#include "ensemble/sweep_book.hpp"

#include <cstdio>
#include <iostream>
#include <utility>

namespace app {

SweepBook::SweepBook(const SweepPlan& plan, std::string dir, bool shared_dir, bool quiet)
    : plan_(plan),
      dir_(std::move(dir)),
      shared_dir_(shared_dir),
      quiet_(quiet),
      manifest_(manifest_from_plan(plan)) {
  try {
    const Manifest older = read_manifest(dir_);
    refresh_manifest(dir_, manifest_);  // statuses from the files, not the old summary
    adopt_timings(older, manifest_);
  } catch (const std::exception&) {
    refresh_manifest(dir_, manifest_);  // no readable manifest yet: the files alone
  }
}

void SweepBook::write() {
  // Other shards complete members in the same directory: look before overwriting.
  if (shared_dir_) refresh_manifest(dir_, manifest_);
  write_manifest(dir_, manifest_);
}

void SweepBook::finished(std::size_t index, const MemberOutcome& outcome, int rank) {
  manifest_.rows[index].record = outcome.record;
  if (outcome.stop_signal != 0) stopped_ = outcome.stop_signal;
  ++done_;
  if (!quiet_ || outcome.record.status == MemberStatus::kFailed) {
    const SweepMember& m = plan_.members[index];
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f s", outcome.record.wall_seconds);
    std::cerr << "aidivide sweep: [" << done_ << "/" << todo_ << "] " << m.id << " "
              << plan_.scenarios[m.scenario].name << " point " << m.point << " replicate "
              << m.replicate;
    if (rank >= 0) std::cerr << " (rank " << rank << ")";
    if (outcome.record.status == MemberStatus::kComplete) {
      std::cerr << " complete in " << seconds << "\n";
    } else if (outcome.record.status == MemberStatus::kFailed) {
      std::cerr << " failed: " << outcome.record.error << "\n";
    } else if (outcome.stop_signal != 0) {
      std::cerr << " stopped by signal " << outcome.stop_signal << "\n";
    } else {
      std::cerr << " skipped: " << outcome.record.error << "\n";
    }
  }
  write();
}

}  // namespace app
