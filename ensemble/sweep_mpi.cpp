// The MPI transport of a sweep: start-up, ranks and small text messages (a stub without MPI).
#include "ensemble/sweep_mpi.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#ifdef AIDIVIDE_HAVE_MPI
// Only the C API is linked (MPI::MPI_C); mpi.h would otherwise pull in the deprecated C++
// bindings, which need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace app::mpi {

namespace {

// How long an idle rank sleeps between checks for a message: short next to any member's run.
constexpr auto kPollInterval = std::chrono::milliseconds(2);

int env_int(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return 0;
  // Anything but a whole number counts as unset, where std::atoi would read a prefix and overflow.
  const std::string_view text(value);
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return ec == std::errc() && end == text.data() + text.size() ? n : 0;
}

}  // namespace

bool launched_by_mpi() {
  // Open MPI's mpirun, PMI-1/2 (srun --mpi=pmi2, MPICH's hydra), PMIx (srun --mpi=pmix).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMI_RANK", "PMIX_RANK"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && *value != '\0') return true;
  }
  return false;
}

bool launcher_shows_several_ranks() {
  return env_int("OMPI_COMM_WORLD_SIZE") > 1 || env_int("PMI_SIZE") > 1 ||
         env_int("OMPI_COMM_WORLD_RANK") > 0 || env_int("PMI_RANK") > 0 || env_int("PMIX_RANK") > 0;
}

#ifdef AIDIVIDE_HAVE_MPI

bool built_with_mpi() { return true; }

#ifdef OPEN_MPI
bool built_with_open_mpi() { return true; }
#else
bool built_with_open_mpi() { return false; }
#endif

Session::Session() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() { MPI_Finalize(); }

std::optional<Message> poll() {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  Message message{status.MPI_SOURCE, status.MPI_TAG,
                  std::string(static_cast<std::size_t>(count), '\0')};
  MPI_Recv(message.body.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return message;
}

Message wait_for(int source, int tag) {
  for (;;) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(source, tag, MPI_COMM_WORLD, &flag, &status);
    if (flag) {
      int count = 0;
      MPI_Get_count(&status, MPI_CHAR, &count);
      Message message{status.MPI_SOURCE, status.MPI_TAG,
                      std::string(static_cast<std::size_t>(count), '\0')};
      MPI_Recv(message.body.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      return message;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void send(int dest, int tag, const std::string& body) {
  MPI_Send(body.data(), static_cast<int>(body.size()), MPI_CHAR, dest, tag, MPI_COMM_WORLD);
}

void abort_job(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

#else

bool built_with_mpi() { return false; }
bool built_with_open_mpi() { return false; }

Session::Session() {}
Session::~Session() {}

std::optional<Message> poll() { return std::nullopt; }

Message wait_for(int, int) { throw std::logic_error("mpi::wait_for: built without MPI"); }

void send(int, int, const std::string&) { throw std::logic_error("mpi::send: built without MPI"); }

void abort_job(int code) { std::exit(code); }

#endif

}  // namespace app::mpi
