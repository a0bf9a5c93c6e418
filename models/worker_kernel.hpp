// Phase 6's worker kernels: what a block of workers needs for one tick, and the two kernels that
// advance it (worker_kernel_generic.cpp, and the AVX-512 worker_kernel_wide.cpp where the
// compiler has it). Both apply the same transitions to the same draws, so they give the same
// bits (Cli.DeterministicAcrossKernelVariants).
#pragma once

#include <cstdint>

#include "models/purposes.hpp"
#include "models/world.hpp"
#include "sim/isa.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"
#include "sim/rng_batch.hpp"

namespace models {

// A country's per-tick probabilities as exact integer thresholds on the draw bits.
struct WorkerThresholds {
  sim::Threshold online, youth_exit, displace, leave, rehire, data;
  // Unemployed in the country's soft_capacity priority groups (mask `priority`, 0 for none).
  sim::Threshold leave_priority, rehire_priority;
  std::uint8_t priority;
  // Model v2: churn of users; hiring (rehire or new task) among those who leave unemployment;
  // the AI-skilled unemployed (M7).
  sim::Threshold churn, hire, hire_priority, leave_trained, rehire_trained;
  // M1: the start of use by propensity class (skill << 2 | youth << 1 | exposed).
  sim::Threshold use[kUseClasses];
};

// What one block of workers needs: its range, its country's thresholds and the columns.
struct WorkerBlockArgs {
  sim::Block block;
  WorkerThresholds th;
  sim::Threshold retrain;
  std::uint64_t seed;
  std::uint32_t tick;
  std::uint8_t months_step, training_months;
  Workers* workers;
};

// Distinct columns: __restrict lets the compiler keep byte stores from aliasing the loads.
struct WorkerColumns {
  std::uint8_t* __restrict online;
  std::uint8_t* __restrict uses;
  std::uint8_t* __restrict youth;
  std::uint8_t* __restrict occupation;
  std::uint8_t* __restrict status;
  std::uint8_t* __restrict skilled;
  std::uint8_t* __restrict months;
  const std::uint8_t* __restrict skill;
  const std::uint8_t* __restrict sex;
};

AIDIVIDE_KERNEL_INLINE WorkerColumns columns_of(Workers& w) {
  return {w.online.data(),           w.uses_ai.data(), w.youth.data(),
          w.occupation.data(),       w.status.data(),  w.ai_skill.data(),
          w.months_in_status.data(), w.skill.data(),   w.sex.data()};
}

// Training ends for the n workers from `first` flagged in `trained`: a move to a sheltered
// occupation with probability retrain_success (a draw of its own, rare).
AIDIVIDE_KERNEL_INLINE void finish_training(const WorkerBlockArgs& a, const WorkerColumns& col,
                                            std::uint32_t first, std::uint32_t n,
                                            const std::uint8_t* trained) {
  std::uint8_t any_trained = 0;
  for (std::uint32_t l = 0; l < n; ++l) any_trained |= trained[l];
  if (!any_trained) return;
  const sim::Philox rng(a.seed);
  for (std::uint32_t l = 0; l < n; ++l) {
    if (!trained[l]) continue;
    const std::uint32_t i = first + l;
    const sim::Uniform4 v = rng(i, a.tick, kPurposeWorkerBranch);
    if (v.bits[0] < a.retrain.limit || a.retrain.always) {
      col.occupation[i] = col.skill[i] == kLowSkill ? kNotExposed : kExposedComplementary;
    }
  }
}

// Adds n employed workers of one (occupation, skill, AI user, AI-skilled) combination to the
// counts that follow from it: all employed, by occupation and skill, and the data-work or wage
// cell. Both kernels' tallies (employed_by_use and the counts by sex are their own).
inline void add_employed(WorkerTally& t, int occupation, int skill, int uses, int skilled,
                         std::uint32_t n) {
  t.employed_all += n;
  t.employed_by_occupation[occupation] += n;
  t.employed_by_skill[skill] += n;
  if (occupation == kDataWork) {
    t.data_employed += n;
  } else {
    const int complementary_user = occupation == kExposedComplementary && uses;
    t.wage_cell[skill * 4 + complementary_user * 2 + skilled] += n;
  }
}

// Advances one block of workers by one tick and returns its tally.
WorkerTally worker_block_generic(const WorkerBlockArgs& a);
#if AIDIVIDE_HAVE_WIDE_KERNELS
AIDIVIDE_TARGET_WIDE WorkerTally worker_block_wide(const WorkerBlockArgs& a);
#endif

}  // namespace models
