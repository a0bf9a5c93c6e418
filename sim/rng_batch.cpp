// Out-of-line builds of the lane-parallel Philox: the generic one (for tests) and the AVX-512 one.
#include "sim/rng_batch.hpp"

#if AIDIVIDE_HAVE_WIDE_KERNELS
#include <immintrin.h>
#endif

namespace sim {

void philox_batch_generic(std::uint64_t seed, std::uint32_t first, std::uint32_t tick,
                          std::uint32_t purpose, std::uint32_t draw, UniformBatch& out) {
  philox_batch(seed, first, tick, purpose, draw, out);
}

#if AIDIVIDE_HAVE_WIDE_KERNELS
// GCC 12 reports its own AVX-512 headers' _mm512_undefined_epi32() as uninitialised use
// (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
AIDIVIDE_TARGET_WIDE void philox_batch_wide(std::uint64_t seed, std::uint32_t first,
                                            std::uint32_t tick, std::uint32_t purpose,
                                            std::uint32_t draw, UniformBatch& out) {
  static_assert(kBatch == 64);
  constexpr int kGroups = 4;  // 16 lanes each
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53u), m1 = _mm512_set1_epi64(0xCD9E8D57u);
  const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m512i x0[kGroups], x1[kGroups], x2[kGroups], x3[kGroups];
  for (int g = 0; g < kGroups; ++g) {
    x0[g] = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first + 16u * g)), lanes);
    x1[g] = _mm512_set1_epi32(static_cast<int>(tick));
    x2[g] = _mm512_set1_epi32(static_cast<int>(purpose));
    x3[g] = _mm512_set1_epi32(static_cast<int>(draw));
  }
  auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  // The high and low words of the even and odd products are put back in lane order by a
  // masked in-lane swap of dword pairs (vpshufd, one instruction each) rather than by a shift
  // and a blend: the shifts competed with the multiplies for the same execution port.
  constexpr __mmask16 kEven = 0x5555, kOdd = 0xAAAA;
  constexpr _MM_PERM_ENUM kSwap = _MM_PERM_CDAB;
  for (int round = 0; round < 10; ++round) {
    const __m512i key0 = _mm512_set1_epi32(static_cast<int>(k0));
    const __m512i key1 = _mm512_set1_epi32(static_cast<int>(k1));
    for (int g = 0; g < kGroups; ++g) {
      const __m512i even0 = _mm512_mul_epu32(x0[g], m0);
      const __m512i odd0 = _mm512_mul_epu32(_mm512_srli_epi64(x0[g], 32), m0);
      const __m512i even1 = _mm512_mul_epu32(x2[g], m1);
      const __m512i odd1 = _mm512_mul_epu32(_mm512_srli_epi64(x2[g], 32), m1);
      const __m512i hi0 = _mm512_mask_shuffle_epi32(odd0, kEven, even0, kSwap);
      const __m512i lo0 = _mm512_mask_shuffle_epi32(even0, kOdd, odd0, kSwap);
      const __m512i hi1 = _mm512_mask_shuffle_epi32(odd1, kEven, even1, kSwap);
      const __m512i lo1 = _mm512_mask_shuffle_epi32(even1, kOdd, odd1, kSwap);
      x0[g] = _mm512_ternarylogic_epi32(hi1, x1[g], key0, 0x96);  // three-way xor
      x2[g] = _mm512_ternarylogic_epi32(hi0, x3[g], key1, 0x96);
      x1[g] = lo1;
      x3[g] = lo0;
    }
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  for (int g = 0; g < kGroups; ++g) {
    _mm512_store_si512(out.bits[0] + 16 * g, x0[g]);
    _mm512_store_si512(out.bits[1] + 16 * g, x1[g]);
    _mm512_store_si512(out.bits[2] + 16 * g, x2[g]);
    _mm512_store_si512(out.bits[3] + 16 * g, x3[g]);
  }
}
#pragma GCC diagnostic pop
#else
void philox_batch_wide(std::uint64_t seed, std::uint32_t first, std::uint32_t tick,
                       std::uint32_t purpose, std::uint32_t draw, UniformBatch& out) {
  philox_batch(seed, first, tick, purpose, draw, out);
}
#endif

}  // namespace sim
