// A job array's share of a sweep.
#include "ensemble/sweep_shard.hpp"

#include <exception>

namespace app {

std::optional<Shard> parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  try {
    std::size_t used_k = 0, used_n = 0;
    const std::string k = text.substr(0, slash), n = text.substr(slash + 1);
    if (k.empty() || n.empty() || k[0] == '-' || n[0] == '-') return std::nullopt;
    Shard shard{std::stoul(k, &used_k), std::stoul(n, &used_n)};
    if (used_k != k.size() || used_n != n.size() || shard.n < 1 || shard.k >= shard.n) {
      return std::nullopt;
    }
    return shard;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace app
