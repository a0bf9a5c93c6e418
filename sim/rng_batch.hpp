// Philox4x32-10 for a run of consecutive agents at once, and `u < p` as an exact integer test.
//
// The scalar generator (sim/rng.hpp) runs ten dependent rounds of two 32x32->64 multiplies per
// draw; the agent loops spent most of their time there. Here the same function is evaluated for
// kBatch consecutive counters in lane-parallel loops the compiler turns into SIMD, with the same
// bits as sim::Philox (tests/sim/rng_test.cpp checks both kernel variants against it).
#pragma once

#include <cmath>
#include <cstdint>

#include "sim/isa.hpp"

namespace sim {

// Agents per batch: 64 lanes fill AVX-512 registers and keep a batch's draws (1 KiB) in L1.
constexpr std::uint32_t kBatch = 64;

struct UniformBatch {
  // bits[j][l]: word j of the draw of agent first + l.
  alignas(64) std::uint32_t bits[4][kBatch];
};

// bits[j][l] = word j of Philox(seed)(first + l, tick, purpose, draw), for every l < kBatch
// (lanes past the caller's agents are computed too and ignored). Inlined into each kernel
// variant (sim/isa.hpp).
AIDIVIDE_KERNEL_INLINE void philox_batch(std::uint64_t seed, std::uint32_t first,
                                         std::uint32_t tick, std::uint32_t purpose,
                                         std::uint32_t draw, UniformBatch& out) {
  constexpr std::uint64_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
  constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
  std::uint32_t* const x0 = out.bits[0];
  std::uint32_t* const x1 = out.bits[1];
  std::uint32_t* const x2 = out.bits[2];
  std::uint32_t* const x3 = out.bits[3];
  for (std::uint32_t l = 0; l < kBatch; ++l) {
    x0[l] = first + l;
    x1[l] = tick;
    x2[l] = purpose;
    x3[l] = draw;
  }
  auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    // Random123's round on every lane: (hi(M1 x2) ^ x1 ^ k0, lo(M1 x2), hi(M0 x0) ^ x3 ^ k1,
    // lo(M0 x0)); then the key is bumped by the Weyl constants.
    for (std::uint32_t l = 0; l < kBatch; ++l) {
      const std::uint64_t p0 = kM0 * x0[l];
      const std::uint64_t p1 = kM1 * x2[l];
      const std::uint32_t y0 = static_cast<std::uint32_t>(p1 >> 32) ^ x1[l] ^ k0;
      const std::uint32_t y2 = static_cast<std::uint32_t>(p0 >> 32) ^ x3[l] ^ k1;
      x1[l] = static_cast<std::uint32_t>(p1);
      x3[l] = static_cast<std::uint32_t>(p0);
      x0[l] = y0;
      x2[l] = y2;
    }
    k0 += kW0;
    k1 += kW1;
  }
}

// The generic build of philox_batch, out of line (for tests), and the wide one: AVX-512
// intrinsics, out of line (a call per 64 agents costs nothing) because GCC cannot inline a
// function of another target through the generic kernel templates. The compiler's own
// vectorisation of philox_batch widens every lane to 64 bits and multiplies with vpmullq; the
// intrinsics take the even and odd 32x32->64 products with two vpmuludq per 16 lanes and put
// their words back in lane order, 1.7 times as fast (docs/PERFORMANCE.md). philox_batch_wide
// needs sim::wide_kernels().
void philox_batch_generic(std::uint64_t seed, std::uint32_t first, std::uint32_t tick,
                          std::uint32_t purpose, std::uint32_t draw, UniformBatch& out);
void philox_batch_wide(std::uint64_t seed, std::uint32_t first, std::uint32_t tick,
                       std::uint32_t purpose, std::uint32_t draw, UniformBatch& out);

// philox_batch of the kernel variant: kWide only inside AIDIVIDE_TARGET_WIDE functions.
template <bool kWide>
AIDIVIDE_KERNEL_INLINE void philox_batch_for(std::uint64_t seed, std::uint32_t first,
                                             std::uint32_t tick, std::uint32_t purpose,
                                             std::uint32_t draw, UniformBatch& out) {
  if constexpr (kWide) {
    philox_batch_wide(seed, first, tick, purpose, draw, out);
  } else {
    philox_batch(seed, first, tick, purpose, draw, out);
  }
}

// `u < p` for the uniform u = (bits + 0.5) 2^-32 of sim::Uniform4, as `bits < limit || always`:
// the same answer for every bits and p, without converting bits to double.
struct Threshold {
  std::uint32_t limit = 0;
  std::uint8_t always = 0;  // p so close to 1 that every bits passes, including 2^32 - 1
};

// u < p <=> bits + 0.5 < p 2^32 <=> bits < y, y = p 2^32 - 0.5, exact in double for p <= 1
// (p 2^32 is a multiple of 2^-21 below 2^32). The count of passing bits is ceil(y), in
// [0, 2^32]; NaN and p <= 0 pass nothing.
inline Threshold threshold(double p) {
  const double y = p * 0x1p32 - 0.5;
  if (!(y > 0)) return {0, 0};
  if (y > 0x1p32 - 1) return {0xffffffffu, 1};
  return {static_cast<std::uint32_t>(std::ceil(y)), 0};
}

}  // namespace sim
