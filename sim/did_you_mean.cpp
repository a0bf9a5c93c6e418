// Edit distance and nearest-candidate search behind "did you mean" hints.
#include "sim/did_you_mean.hpp"

#include <algorithm>

namespace sim {

namespace {

char fold_case(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  // Three rows suffice: the transposition step looks two rows back.
  std::vector<std::size_t> two_back(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const bool same = fold_case(a[i - 1]) == fold_case(b[j - 1]);
      std::size_t best =
          std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && fold_case(a[i - 1]) == fold_case(b[j - 2]) &&
          fold_case(a[i - 2]) == fold_case(b[j - 1])) {
        best = std::min(best, two_back[j - 2] + 1);
      }
      current[j] = best;
    }
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  return previous[m];
}

std::size_t suggestion_threshold(std::string_view word) {
  return std::clamp<std::size_t>(word.size() / 3, 1, kMaxSuggestionDistance);
}

std::optional<std::size_t> nearest_candidate(std::string_view word,
                                             const std::vector<std::string>& candidates,
                                             std::optional<std::size_t> max_distance) {
  if (word.empty() || word.size() > kMaxSuggestionWordLength) return std::nullopt;
  const std::size_t limit = max_distance.value_or(suggestion_threshold(word));
  std::optional<std::size_t> best_index;
  std::size_t best_distance = limit + 1;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const std::string& candidate = candidates[k];
    if (candidate.size() > kMaxSuggestionWordLength) continue;
    // The length difference bounds the distance from below: skip hopeless candidates cheaply.
    const std::size_t length_gap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                                  : word.size() - candidate.size();
    if (length_gap >= best_distance) continue;
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best_index = k;
    }
  }
  return best_index;
}

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        std::optional<std::size_t> max_distance) {
  const auto index = nearest_candidate(word, candidates, max_distance);
  if (!index) return std::nullopt;
  return candidates[*index];
}

}  // namespace sim
