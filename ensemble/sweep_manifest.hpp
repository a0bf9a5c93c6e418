// The state of a sweep directory: member files, failure records and manifest.csv.
//
// A member's state lives next to its output, so that any process (a shard, an MPI rank, a later
// rerun) can tell it: DIR/members/<id>.claim names the process writing it (member_claim.hpp),
// DIR/members/<id>.h5 exists only once the member completed and its data passed their check
// (written as <id>.h5.staged, checked, recorded in <id>.check, renamed; member_check.hpp),
// DIR/members/<id>.failed holds the error of its last failed attempt, and anything else is
// still to run. manifest.csv is a summary rebuilt from
// that state and rewritten atomically; it also carries the plan, which `aidivide merge` reads.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "ensemble/sweep_plan.hpp"

namespace app {

enum class MemberStatus { kPending, kRunning, kComplete, kFailed };

std::string status_name(MemberStatus status);

struct MemberRecord {
  MemberStatus status = MemberStatus::kPending;
  std::string error;
  double wall_seconds = std::numeric_limits<double>::quiet_NaN();  // NaN: unknown
  std::string finished;                                            // UTC, "" when unknown
};

struct ManifestRow {
  std::size_t index = 0;
  std::string member_id, point_id, scenario;
  std::int64_t replicate = 0;
  std::int64_t root_seed = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> values;  // one per parameter, as passed to the scenario
  MemberRecord record;
};

struct Manifest {
  std::vector<std::string> parameters;  // key paths of the varied parameters
  std::vector<ManifestRow> rows;        // in plan order
};

std::string members_dir(const std::string& dir);
std::string member_file(const std::string& dir, const std::string& id);
std::string failure_file(const std::string& dir, const std::string& id);
// Where a member is written before its check and publication: DIR/members/<id>.h5.staged.
std::string staged_file(const std::string& dir, const std::string& id);
std::string manifest_file(const std::string& dir);

// What the files say about one member (complete, failed with its error, or pending). A member
// file counts as complete only while its data match its check record (member_check.hpp); one
// that does not is failed, with the difference as its error, and is written again by a rerun.
// Timing of a complete member is left unknown: read_member_timing() opens its file for it.
MemberRecord scan_member(const std::string& dir, const std::string& id);
// Fills wall_seconds and finished from a complete member's attributes (timing_wall, end_time).
void read_member_timing(const std::string& path, MemberRecord& record);
// Records a failed attempt (atomically) / removes the record before a new attempt.
void write_failure(const std::string& dir, const std::string& id, const MemberRecord& record);
void clear_failure(const std::string& dir, const std::string& id);

// The plan's rows, every member pending.
Manifest manifest_from_plan(const SweepPlan& plan);
// Brings every row up to date with the files in `dir`; timings already known are kept, those of
// members completed elsewhere are read from their files.
void refresh_manifest(const std::string& dir, Manifest& manifest);
// Takes timings of complete members from an older manifest of the same directory, if any.
void adopt_timings(const Manifest& older, Manifest& manifest);

// Writes DIR/manifest.csv through a temporary file and a rename, so readers never see half a
// file. Throws InputError(kIo).
void write_manifest(const std::string& dir, const Manifest& manifest);
// Reads DIR/manifest.csv; throws InputError located in it.
Manifest read_manifest(const std::string& dir);

}  // namespace app
