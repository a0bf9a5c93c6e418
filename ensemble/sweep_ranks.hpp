// A sweep across MPI ranks: rank 0 hands out members and runs some itself, the others ask for
// members until told to stop. Outcomes travel as text (encode_outcome / decode_outcome).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "ensemble/sweep_book.hpp"
#include "ensemble/sweep_plan.hpp"
#include "ensemble/sweep_runner.hpp"

namespace app {

// Worker -> coordinator: "index\nstatus\nwall\nfinished\nsignal\nerror".
std::string encode_outcome(std::size_t index, const MemberOutcome& o);
std::pair<std::size_t, MemberOutcome> decode_outcome(const std::string& body);

// Rank 0 of an MPI job of `size` ranks: runs `todo` (plan indices), recording into `book`.
void coordinate(const SweepPlan& plan, const std::string& dir, int threads, int size,
                const std::vector<std::size_t>& todo, SweepBook& book);
// Any other rank; returns the signal that stopped one of its members, or 0.
int work(const SweepPlan& plan, const std::string& dir, int threads);

}  // namespace app
