// A job array's share of a sweep: members i with i mod N == K.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace app {

struct Shard {
  std::size_t k = 0, n = 1;
};

// Parses "K/N" with 0 <= K < N; nullopt when `text` is anything else.
std::optional<Shard> parse_shard(const std::string& text);

}  // namespace app
