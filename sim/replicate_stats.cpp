// Statistics over replicates, element by element: mean, standard deviation and quantiles.
#include "sim/replicate_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/parallel.hpp"

namespace sim {

const std::vector<std::string>& ReplicateStatistics::names() {
  static const std::vector<std::string> kNames = {"mean", "std", "q05", "q25", "q50", "q75", "q95"};
  return kNames;
}

const std::vector<double>& ReplicateStatistics::probabilities() {
  static const std::vector<double> kProbabilities = {0.05, 0.25, 0.5, 0.75, 0.95};
  return kProbabilities;
}

void replicate_statistics(std::span<const double> values, std::size_t replicates, std::size_t n,
                          std::span<double> out) {
  const std::size_t stats = ReplicateStatistics::count();
  if (values.size() != replicates * n || out.size() != stats * n) {
    throw std::invalid_argument("replicate_statistics: buffer sizes do not match");
  }
  const auto& probabilities = ReplicateStatistics::probabilities();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  sim::parallel_ranges(n, 256, [&](std::size_t begin, std::size_t end) {
    std::vector<double> sample;
    sample.reserve(replicates);
    for (std::size_t e = begin; e != end; ++e) {
      sample.clear();
      for (std::size_t r = 0; r < replicates; ++r) {
        const double v = values[r * n + e];
        if (!std::isnan(v)) sample.push_back(v);
      }
      const std::size_t m = sample.size();
      if (m == 0) {
        for (std::size_t s = 0; s < stats; ++s) out[s * n + e] = nan;
        continue;
      }
      double sum = 0.0;
      for (double v : sample) sum += v;
      const double mean = sum / static_cast<double>(m);
      double squares = 0.0;
      for (double v : sample) squares += (v - mean) * (v - mean);
      out[e] = mean;
      out[n + e] = m > 1 ? std::sqrt(squares / static_cast<double>(m - 1)) : nan;
      std::sort(sample.begin(), sample.end());
      for (std::size_t q = 0; q < probabilities.size(); ++q) {
        const double h = probabilities[q] * static_cast<double>(m - 1);
        const auto lo = static_cast<std::size_t>(std::floor(h));
        const std::size_t hi = std::min(lo + 1, m - 1);
        out[(2 + q) * n + e] =
            sample[lo] + (h - static_cast<double>(lo)) * (sample[hi] - sample[lo]);
      }
    }
  });
}

}  // namespace sim
