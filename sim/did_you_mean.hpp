// Suggestions for misspelt names: the candidate nearest by edit distance, within a threshold.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim {

// Longest word compared; edit distance is quadratic, and a hostile key must not cost seconds.
constexpr std::size_t kMaxSuggestionWordLength = 256;
// No suggestion further than this many edits away, however long the word: beyond it the
// "suggestion" is usually a different name, not a typo.
constexpr std::size_t kMaxSuggestionDistance = 6;

// Levenshtein distance in which swapping two adjacent characters also costs one edit (the
// optimal string alignment variant), ignoring ASCII case: `cots_growth` and `Cost_Growth` are
// both one and zero edits from `cost_growth`.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Largest distance at which `word` still reads as a typo of a candidate: a third of its length,
// at least 1 and at most kMaxSuggestionDistance.
std::size_t suggestion_threshold(std::string_view word);

// Index of the candidate nearest to `word` within `max_distance` (default
// suggestion_threshold(word)); ties go to the earliest candidate, so callers list candidates in
// their preferred order. Empty when none is near enough or `word` is too long to compare.
std::optional<std::size_t> nearest_candidate(std::string_view word,
                                             const std::vector<std::string>& candidates,
                                             std::optional<std::size_t> max_distance = {});

// The nearest candidate itself, as nearest_candidate.
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        std::optional<std::size_t> max_distance = {});

}  // namespace sim
