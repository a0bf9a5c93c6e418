// One sweep member run in this process: prepared as `aidivide run` would, written to its file.
#pragma once

#include <functional>
#include <string>

#include "ensemble/sweep_manifest.hpp"
#include "ensemble/sweep_plan.hpp"
#include "run/run_request.hpp"

namespace app {

struct MemberOutcome {
  MemberRecord record;  // complete, failed (with the error) or pending (stopped, or held)
  int stop_signal = 0;  // the signal that stopped it, or 0
  std::string held_by;  // another process's claim on the member ("host H pid P"), or ""
};

// The request that runs `member` into `output`, as `aidivide run` would.
RunRequest member_request(const SweepPlan& plan, const SweepMember& member,
                          const std::string& output);

// Whether DIR/members/<id>.h5 holds exactly what `member` of `plan` would write (record count,
// country labels, agent counts, parameter and data hashes); "" when it does, else the reason.
// Re-verifies a published member on a rerun, whatever its status attribute says.
std::string check_against_plan(const SweepPlan& plan, const SweepMember& member,
                               const std::string& dir);

// Runs `member` into DIR/members/<id>.h5 on `threads` threads, exactly as `aidivide run` writes,
// so the file is identical to a plain run with the same scenario, overrides, seed and replicate.
// The member is claimed first (ensemble/member_claim.hpp): a member another live process holds
// is left to it (outcome pending, held_by set), and one already published and matching the plan
// is not run again. The file is written as DIR/members/<id>.h5.staged and published only after
// its data passed the check against the plan (ensemble/member_check.hpp). A member's own failure
// does not throw: it is in the outcome and in DIR/members/<id>.failed. A stop signal abandons the
// member's .part.
// `between_ticks`, if set, runs on this thread after every tick: the MPI coordinator answers its
// workers there while it computes a member itself.
MemberOutcome run_member(const SweepPlan& plan, const SweepMember& member, const std::string& dir,
                         int threads, const std::function<void()>& between_ticks = {});

}  // namespace app
