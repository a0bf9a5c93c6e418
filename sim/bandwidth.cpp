// The STREAM-like update pass and its timing.
#include "sim/bandwidth.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <vector>

#include "sim/parallel.hpp"

namespace sim {

namespace {

// 64 KiB per task: large enough that scheduling costs nothing, small enough to balance 2 cores
// on arrays of a few MiB.
constexpr std::size_t kWordsPerTask = 8192;

}  // namespace

std::uint64_t update_pass(std::span<std::uint64_t> words) {
  std::uint64_t* const w = words.data();
  // Integer sums are exact, so the order of the additions does not matter here.
  std::atomic<std::uint64_t> sum{0};
  sim::parallel_ranges(words.size(), kWordsPerTask, [w, &sum](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) w[i] += 1;
    sum += w[begin];
  });
  return sum.load();
}

Bandwidth measure_update_bandwidth(std::size_t bytes, double min_seconds) {
  const std::size_t n = std::max<std::size_t>(1, (bytes + 7) / 8);
  std::vector<std::uint64_t> words(n);
  // Touch the pages in parallel first, as the agent columns are after the first tick.
  update_pass(words);
  Bandwidth result;
  result.bytes = n * 8;
  double best = 1e300, total = 0;
  volatile std::uint64_t sink = 0;
  using Clock = std::chrono::steady_clock;
  while (result.passes < 3 || total < min_seconds) {
    const auto t0 = Clock::now();
    sink = sink + update_pass(words);
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::min(best, s);
    total += s;
    ++result.passes;
  }
  result.bytes_per_second = 2.0 * static_cast<double>(result.bytes) / best;
  return result;
}

}  // namespace sim
