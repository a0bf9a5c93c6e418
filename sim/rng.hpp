// Counter-based random numbers (Philox4x32-10): stateless draws keyed by the member seed.
//
// A draw is a pure function of (member seed; agent, tick, purpose, draw index), so results do not
// depend on the thread count or the order of agents, and a checkpoint needs no RNG state.
#pragma once

#include <Random123/philox.h>

#include <cstdint>

namespace sim {

// SplitMix64 finaliser: a bijective 64-bit mix, used to derive seeds.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The member seed depends on the root seed and the replicate only, so every scenario and design
// point with the same replicate shares its random numbers (common random numbers).
constexpr std::uint64_t member_seed(std::uint64_t root_seed, std::uint64_t replicate) {
  return mix64(mix64(root_seed) ^ (replicate * 0xd1b54a32d192ed03ULL + 0x8cb92ba72f3d8dd7ULL));
}

// Four independent uniforms in (0, 1) from one Philox block.
struct Uniform4 {
  std::uint32_t bits[4];
  // (k + 0.5) / 2^32: never 0 or 1, so `u < p` is false for p = 0 and true for p = 1.
  double operator[](int i) const { return (static_cast<double>(bits[i]) + 0.5) * 0x1p-32; }
};

class Philox {
 public:
  explicit Philox(std::uint64_t seed)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}} {}

  Uniform4 operator()(std::uint32_t agent, std::uint32_t tick, std::uint32_t purpose,
                      std::uint32_t draw = 0) const {
    const r123::Philox4x32::ctr_type ctr = {{agent, tick, purpose, draw}};
    const r123::Philox4x32::ctr_type out = gen_(ctr, key_);
    return Uniform4{{out[0], out[1], out[2], out[3]}};
  }

 private:
  r123::Philox4x32::key_type key_;
  r123::Philox4x32 gen_;
};

}  // namespace sim
