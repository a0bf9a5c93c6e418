// Lane masks of the wide kernels (models/workers.cpp, models/firms.cpp): each test on a batch of
// 64 agents as one bit per lane of a 64-bit AVX-512 mask. Only for AIDIVIDE_TARGET_WIDE callers.
#pragma once

#include <cstdint>

#include "sim/isa.hpp"
#include "sim/rng_batch.hpp"

#if AIDIVIDE_HAVE_WIDE_KERNELS
#include <immintrin.h>

namespace sim {

// bits[l] < t.limit || t.always, for the 64 lanes of a batch.
AIDIVIDE_TARGET_WIDE inline __mmask64 below64(const std::uint32_t* bits, Threshold t) {
  if (t.always) return ~__mmask64{0};
  if (t.limit == 0) return 0;  // p = 0, common for displacement and data work: no comparison
  const __m512i limit = _mm512_set1_epi32(static_cast<int>(t.limit));
  const __mmask16 m0 = _mm512_cmplt_epu32_mask(_mm512_load_si512(bits), limit);
  const __mmask16 m1 = _mm512_cmplt_epu32_mask(_mm512_load_si512(bits + 16), limit);
  const __mmask16 m2 = _mm512_cmplt_epu32_mask(_mm512_load_si512(bits + 32), limit);
  const __mmask16 m3 = _mm512_cmplt_epu32_mask(_mm512_load_si512(bits + 48), limit);
  return _mm512_kunpackd(_mm512_kunpackw(m3, m2), _mm512_kunpackw(m1, m0));
}

// The lanes whose byte equals `value`.
AIDIVIDE_TARGET_WIDE inline __mmask64 bytes_equal(__m512i bytes, int value) {
  return _mm512_cmpeq_epi8_mask(bytes, _mm512_set1_epi8(static_cast<char>(value)));
}

// The number of lanes set.
AIDIVIDE_TARGET_WIDE inline std::uint32_t lanes(__mmask64 m) {
  return static_cast<std::uint32_t>(__builtin_popcountll(m));
}

}  // namespace sim

#endif
