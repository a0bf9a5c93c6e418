// What a sweep member's file must hold before it counts as complete, and the check of a file
// against it. A member is published (renamed to DIR/members/<id>.h5) only after its file passed
// the check against the plan; DIR/members/<id>.check then records the facts it was checked
// against, so that `merge` and a rerun re-verify the file instead of trusting its status
// attribute (a file written twice at once can say `complete` and still be wrong).
#pragma once

#include <cstdint>
#include <string>

#include "run/run_request.hpp"

namespace app {

struct MemberFacts {
  std::string status;  // the file's status attribute
  std::int64_t seed = 0, replicate = 0;
  std::string parameters_sha256;  // of the resolved parameters (parameters_yaml)
  std::string data_sha256;
  std::int64_t records = 0;   // length of the time axis
  std::string labels_sha256;  // country codes, names, regions, income groups and blocs
  std::string agents_sha256;  // n_workers and n_firms per country
};

// The facts of a complete run of `run` (from its scenario, data and agent counts).
MemberFacts expected_facts(const PreparedRun& run);
// The facts a file holds; throws sim::InputError(kIo) when it cannot be read.
MemberFacts read_facts(const std::string& path);
// Empty when `got` matches `expected`, else the first difference ("records: expected 13, got 7").
std::string compare_facts(const MemberFacts& expected, const MemberFacts& got);

// key=value lines, and back; parse_facts returns false on a malformed text.
std::string facts_text(const MemberFacts& facts);
bool parse_facts(const std::string& text, MemberFacts& facts);

std::string check_file(const std::string& dir, const std::string& id);  // DIR/members/<id>.check

// Whether DIR/members/<id>.h5 is a published member whose data still match its check record;
// `why` gets the reason when not. Remembers verdicts by file size and modification time, so
// that rewriting the manifest does not reread every member.
bool verify_published(const std::string& dir, const std::string& id, std::string* why = nullptr);

// Checks the finished file `staged` against `expected`; on success records the facts in
// DIR/members/<id>.check and renames `staged` to DIR/members/<id>.h5 (both synced), and returns
// "". On a mismatch removes `staged` and returns the difference. Throws InputError(kIo) on I/O
// errors.
std::string publish_member(const std::string& staged, const std::string& dir, const std::string& id,
                           const MemberFacts& expected);

// Records `facts` as the check record of an already published file that matched them.
void record_check(const std::string& dir, const std::string& id, const MemberFacts& facts);

// Removes the published file and its check record (before a member is written again).
void unpublish_member(const std::string& dir, const std::string& id);

}  // namespace app
