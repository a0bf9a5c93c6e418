// The claim a process takes on a sweep member before writing it, so that no member is ever
// written by two processes at once (two `srun` tasks without MPI, two shards given the same
// index, a rerun started while the first run goes on).
//
// The claim is DIR/members/<id>.claim, created with O_CREAT | O_EXCL (atomic on local file
// systems and on NFS v3 and later) and holding the owner's host, PID, process start time and
// Slurm job. A claim is stale, and taken over, when its owner is known to be gone: a process of
// this host that no longer exists (or whose PID now belongs to a later process), or an earlier
// incarnation of this very Slurm job (a requeued job runs again under the same job id). A claim
// of a live process, or of another host's process, is left alone.
#pragma once

#include <string>

namespace app {

struct ClaimOwner {
  std::string host;
  long pid = 0;
  std::string start;  // the process's start time since boot (clock ticks), "" when unknown
  std::string job;    // SLURM_JOB_ID, "" outside Slurm
  long restarts = 0;  // SLURM_RESTART_COUNT
};

std::string claim_file(const std::string& dir, const std::string& id);
// The claim on merging a sweep's ensemble files: DIR/ensemble.claim.
std::string merge_claim_file(const std::string& dir);

// The owner this process writes into its claims.
ClaimOwner this_process();

// Whether a claim of `owner` can be taken over by `self`.
bool claim_is_stale(const ClaimOwner& owner, const ClaimOwner& self);

class MemberClaim {
 public:
  // Claims what the claim file `path` stands for (claim_file, merge_claim_file); held() tells
  // whether it succeeded, holder() who holds it otherwise. Throws sim::InputError(kIo) when the
  // claim file cannot be written.
  explicit MemberClaim(std::string path);
  ~MemberClaim();  // releases a held claim
  MemberClaim(const MemberClaim&) = delete;
  MemberClaim& operator=(const MemberClaim&) = delete;

  bool held() const { return held_; }
  const ClaimOwner& holder() const { return holder_; }
  // "host pid N (job J)" for messages.
  std::string holder_text() const;

 private:
  bool try_create();
  std::string path_;
  std::string text_;  // what this process wrote
  bool held_ = false;
  ClaimOwner holder_;
};

}  // namespace app
