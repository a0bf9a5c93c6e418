// Tests of the lane-parallel Philox (both kernel variants) and the integer form of `u < p`.
#include "sim/rng_batch.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/isa.hpp"
#include "sim/rng.hpp"

namespace {

void expect_same_as_scalar(void (*batch)(std::uint64_t, std::uint32_t, std::uint32_t, std::uint32_t,
                                         std::uint32_t, sim::UniformBatch&)) {
  const std::uint64_t seeds[] = {0, 1, 12345, 0x299f31d0a4093822ULL, ~0ULL};
  // Counters near the top wrap past 2^32 inside the batch.
  const std::uint32_t firsts[] = {0, 64, 1000003, 0xffffffc0u, 0xfffffff0u};
  for (const std::uint64_t seed : seeds) {
    const sim::Philox scalar(seed);
    for (const std::uint32_t first : firsts) {
      for (const std::uint32_t tick : {0u, 215u, 0xffffffffu}) {
        sim::UniformBatch out;
        batch(seed, first, tick, 2, 5, out);
        for (std::uint32_t l = 0; l < sim::kBatch; ++l) {
          const sim::Uniform4 u = scalar(first + l, tick, 2, 5);
          for (int j = 0; j < 4; ++j) {
            ASSERT_EQ(out.bits[j][l], u.bits[j]) << seed << " " << first << " " << l << " " << j;
          }
        }
      }
    }
  }
}

TEST(RngBatch, GenericMatchesScalarPhilox) { expect_same_as_scalar(&sim::philox_batch_generic); }

TEST(RngBatch, WideMatchesScalarPhilox) {
  if (!sim::wide_kernels()) GTEST_SKIP() << "no AVX-512 on this CPU (or AIDIVIDE_KERNELS=generic)";
  expect_same_as_scalar(&sim::philox_batch_wide);
}

bool passes(std::uint32_t bits, sim::Threshold t) { return bits < t.limit || t.always; }

TEST(RngBatch, ThresholdIsExactlyTheUniformComparison) {
  std::vector<double> ps = {0.0,
                            -0.5,
                            std::nan(""),
                            1.0,
                            1.5,
                            0.5,
                            0x1p-33,
                            0x1p-32,
                            1.5 * 0x1p-32,
                            1.0 - 0x1p-33,
                            1.0 - 0x1p-34,
                            1.0 - 0x1p-53,
                            std::nextafter(1.0, 0.0),
                            1e-300};
  // Probabilities of every magnitude, including the k / 2^32 boundaries themselves.
  for (int k = 1; k < 2000; ++k) ps.push_back(std::fmod(k * 0.6180339887498949, 1.0));
  for (std::uint64_t k : {1ULL, 2ULL, 3ULL, 1ULL << 31, (1ULL << 32) - 1}) {
    ps.push_back(static_cast<double>(k) * 0x1p-32);
    ps.push_back((static_cast<double>(k) + 0.5) * 0x1p-32);
  }
  for (const double p : ps) {
    const sim::Threshold t = sim::threshold(p);
    std::vector<std::uint32_t> probes = {0, 1, 0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    for (const std::int64_t d : {-2, -1, 0, 1, 2}) {
      const std::int64_t b = static_cast<std::int64_t>(t.limit) + d;
      if (b >= 0 && b <= 0xffffffffLL) probes.push_back(static_cast<std::uint32_t>(b));
    }
    for (const std::uint32_t bits : probes) {
      const sim::Uniform4 u{{bits, 0, 0, 0}};
      ASSERT_EQ(passes(bits, t), u[0] < p) << "p=" << p << " bits=" << bits;
    }
  }
}

}  // namespace
