// One sweep member run in this process: prepared as `aidivide run` would, written to its file.
#pragma once

#include <functional>
#include <string>

#include "ensemble/sweep_manifest.hpp"
#include "ensemble/sweep_plan.hpp"

namespace app {

struct MemberOutcome {
  MemberRecord record;  // complete, failed (with the error) or pending (stopped by a signal)
  int stop_signal = 0;  // the signal that stopped it, or 0
};

// Runs `member` into DIR/members/<id>.h5 on `threads` threads (written as .part and renamed at
// the end, exactly as `aidivide run` writes, so the file is identical to a plain run with the
// same scenario, overrides, seed and replicate). A member's own failure does not throw: it is in
// the outcome and in DIR/members/<id>.failed. A stop signal abandons the member's .part.
// `between_ticks`, if set, runs on this thread after every tick: the MPI coordinator answers its
// workers there while it computes a member itself.
MemberOutcome run_member(const SweepPlan& plan, const SweepMember& member, const std::string& dir,
                         int threads, const std::function<void()>& between_ticks = {});

}  // namespace app
