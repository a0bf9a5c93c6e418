// A one-line progress report on a terminal: tick, simulated month, agent updates per second and
// time left, redrawn at most a few times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace sim {

class Progress {
 public:
  // enabled: draw at all (a terminal, or --progress); total ticks; agents advanced per tick;
  // ticks done before this process started (a resumed run).
  Progress(bool enabled, int total_ticks, std::uint64_t agents_per_tick, int first_tick = 0);
  // After tick `done_ticks` (1-based count) whose month is `month`.
  void update(int done_ticks, const std::string& month);
  // Ends the line.
  void finish() const;

 private:
  bool enabled_;
  int total_;
  int first_;
  std::uint64_t agents_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

}  // namespace sim
