// The MPI transport of a sweep: start-up, ranks and small text messages (a stub without MPI).
//
// Kept to a handful of calls so that the coordinator and worker logic compiles and reads the
// same with or without MPI (AIDIVIDE_WITH_MPI); without it every process is a job of one rank.
#pragma once

#include <optional>
#include <string>

namespace app::mpi {

// Message tags of the sweep protocol.
constexpr int kTagReady = 1;   // worker -> coordinator: give me a member
constexpr int kTagResult = 2;  // worker -> coordinator: outcome of the member it ran
constexpr int kTagAssign = 3;  // coordinator -> worker: a member index, or -1 to stop

// Whether this build has MPI, and whether that MPI is Open MPI (which joins Slurm's jobs through
// PMIx only: `srun --mpi=pmi2` makes its MPI_Init abort).
bool built_with_mpi();
bool built_with_open_mpi();
// Whether an MPI launcher started this process (mpirun, srun with PMI-2 or PMIx, MPICH's hydra),
// from the variables it sets. Works without MPI support.
bool launched_by_mpi();
// Whether the launcher's variables show a job of several ranks (a size above 1 or a rank above
// 0); with PMIx only the rank is known before MPI starts.
bool launcher_shows_several_ranks();

// Starts MPI (threads: only the main thread calls MPI) and ends it on destruction.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

struct Message {
  int source = 0;
  int tag = 0;
  std::string body;
};

// A message from any rank if one is waiting, without blocking.
std::optional<Message> poll();
// Waits for a message from `source` with `tag`, sleeping between checks so that an idle rank
// leaves its cores to the ranks that compute (a blocking MPI_Recv spins at 100% of a core).
Message wait_for(int source, int tag);
void send(int dest, int tag, const std::string& body);
// Ends the whole job (every rank) with `code`.
[[noreturn]] void abort_job(int code);

}  // namespace app::mpi
