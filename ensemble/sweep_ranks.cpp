// A sweep across MPI ranks.
#include "ensemble/sweep_ranks.hpp"

#include <chrono>
#include <sstream>
#include <thread>

#include "ensemble/sweep_mpi.hpp"
#include "sim/signals.hpp"

namespace app {

namespace {

constexpr auto kIdleWait = std::chrono::milliseconds(2);

}  // namespace

std::string encode_outcome(std::size_t index, const MemberOutcome& o) {
  std::ostringstream out;
  out << index << "\n"
      << status_name(o.record.status) << "\n"
      << o.record.wall_seconds << "\n"
      << o.record.finished << "\n"
      << o.stop_signal << "\n"
      << o.record.error;
  return out.str();
}

std::pair<std::size_t, MemberOutcome> decode_outcome(const std::string& body) {
  std::istringstream in(body);
  std::string index, status, wall, finished, signal;
  std::getline(in, index);
  std::getline(in, status);
  std::getline(in, wall);
  std::getline(in, finished);
  std::getline(in, signal);
  MemberOutcome o;
  std::ostringstream rest;
  rest << in.rdbuf();
  o.record.error = rest.str();
  o.record.status = status == "complete" ? MemberStatus::kComplete
                    : status == "failed" ? MemberStatus::kFailed
                                         : MemberStatus::kPending;
  o.record.wall_seconds = std::stod(wall);
  o.record.finished = finished;
  o.stop_signal = std::stoi(signal);
  return {std::stoul(index), o};
}

// Rank 0 of an MPI job: hands out members in plan order to whichever rank asks, and runs
// members itself, answering between its ticks (a tick is short next to a member).
void coordinate(const SweepPlan& plan, const std::string& dir, int threads, int size,
                const std::vector<std::size_t>& todo, SweepBook& book) {
  std::size_t next = 0;
  int active = size - 1;
  bool stopping = false;
  const auto serve = [&] {
    while (const auto message = mpi::poll()) {
      if (message->tag == mpi::kTagResult) {
        const auto [index, outcome] = decode_outcome(message->body);
        book.finished(index, outcome, message->source);
        if (outcome.stop_signal != 0) stopping = true;
      }
      if (message->tag != mpi::kTagReady && message->tag != mpi::kTagResult) continue;
      if (sim::stop_requested() != 0) stopping = true;
      if (!stopping && next < todo.size()) {
        const std::size_t index = todo[next++];
        book.running(index);
        mpi::send(message->source, mpi::kTagAssign, std::to_string(index));
      } else {
        mpi::send(message->source, mpi::kTagAssign, "-1");
        --active;
      }
    }
  };
  for (;;) {
    serve();
    if (sim::stop_requested() != 0) stopping = true;
    if (!stopping && next < todo.size()) {
      const std::size_t index = todo[next++];
      book.running(index);
      const MemberOutcome outcome = run_member(plan, plan.members[index], dir, threads, serve);
      book.finished(index, outcome, 0);
      if (outcome.stop_signal != 0) stopping = true;
      continue;
    }
    if (active == 0) break;
    std::this_thread::sleep_for(kIdleWait);
  }
}

// Any other rank: asks rank 0 for members until told to stop.
int work(const SweepPlan& plan, const std::string& dir, int threads) {
  int stopped = 0;
  mpi::send(0, mpi::kTagReady, "");
  for (;;) {
    const mpi::Message message = mpi::wait_for(0, mpi::kTagAssign);
    const long long index = std::stoll(message.body);
    if (index < 0) break;
    const MemberOutcome outcome =
        run_member(plan, plan.members[static_cast<std::size_t>(index)], dir, threads);
    if (outcome.stop_signal != 0) stopped = outcome.stop_signal;
    mpi::send(0, mpi::kTagResult, encode_outcome(static_cast<std::size_t>(index), outcome));
  }
  return stopped;
}

}  // namespace app
