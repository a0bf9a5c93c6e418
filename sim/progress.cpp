// Drawing of the progress line on stderr.
#include "sim/progress.hpp"

#include <cstdio>

namespace sim {

Progress::Progress(bool enabled, int total_ticks, std::uint64_t agents_per_tick, int first_tick)
    : enabled_(enabled),
      total_(total_ticks),
      first_(first_tick),
      agents_(agents_per_tick),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::update(int done_ticks, const std::string& month) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done_ticks < total_ && now - last_draw_ < std::chrono::milliseconds(250)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  // Rates count the ticks of this process only: a resumed run starts at first_.
  const int done_here = done_ticks - first_;
  const double rate = elapsed > 0 ? static_cast<double>(agents_) * done_here / elapsed : 0.0;
  const double left = done_here > 0 ? elapsed * (total_ - done_ticks) / done_here : 0.0;
  std::fprintf(stderr, "\rtick %d/%d  %s  %.3g agent updates/s  %dm%02ds left   ", done_ticks,
               total_, month.c_str(), rate, static_cast<int>(left) / 60,
               static_cast<int>(left) % 60);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() const {
  if (enabled_ && drawn_) std::fputc('\n', stderr);
}

}  // namespace sim
