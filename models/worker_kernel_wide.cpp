// The wide worker kernel (AVX-512), compiled where the compiler has it and run where the
// processor has it (sim::wide_kernels()); otherwise this file is empty.

#include <algorithm>
#include <array>

#include "models/worker_kernel.hpp"

#if AIDIVIDE_HAVE_WIDE_KERNELS
#include "sim/lane_masks.hpp"
#include "sim/rng_batch.hpp"

// GCC 12 reports its own AVX-512 headers' _mm512_undefined_epi32() as uninitialised use
// (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace models {

namespace {

// The wide kernels' tally: counts of workers by the combinations the WorkerTally needs, each a
// popcount of an AND of 64-lane masks. The histogram of the generic kernels cost an increment
// in memory per worker (a third of the wide worker loop once the update was vectorised) and a
// fold of 1024 cells per block; these counts are the same integers (to_tally).
struct MaskCounts {
  std::uint32_t online = 0, users = 0, youth = 0, youth_users = 0, ai_skilled = 0;
  std::uint32_t female = 0, female_users = 0, low = 0, mid = 0, all = 0, data_workers = 0;
  std::uint32_t training = 0, unemployed = 0, unemployed_female = 0, unemployed_low = 0;
  std::uint32_t unemployed_mid = 0, employed_female = 0;
  std::array<std::uint32_t, 4> users_by_depth_cell{};
  std::array<std::uint32_t, kPriorityGroups> unemployed_by_group{};
  std::array<std::uint32_t, kOccupations * kSkills * 4> employed_by_use{};
};

// The WorkerTally of fold_cells from the counts of MaskCounts.
WorkerTally to_tally(const MaskCounts& c) {
  WorkerTally t;
  t.online = c.online;
  t.users = c.users;
  t.youth = c.youth;
  t.youth_users = c.youth_users;
  t.ai_skilled = c.ai_skilled;
  t.by_sex[kFemale] = c.female;
  t.by_sex[kMale] = c.all - c.female;
  t.users_by_sex[kFemale] = c.female_users;
  t.users_by_sex[kMale] = c.users - c.female_users;
  t.by_skill[kLowSkill] = c.low;
  t.by_skill[kMidSkill] = c.mid;
  t.by_skill[kHighSkill] = c.all - c.low - c.mid;
  t.data_workers = c.data_workers;
  t.users_by_depth_cell = c.users_by_depth_cell;
  t.employed_by_use = c.employed_by_use;
  for (int o = 0; o < kOccupations; ++o) {
    for (int s = 0; s < kSkills; ++s) {
      for (int uses = 0; uses < 2; ++uses) {
        for (int skilled = 0; skilled < 2; ++skilled) {
          add_employed(t, o, s, uses, skilled,
                       c.employed_by_use[employed_use_index(o, s, uses ^ 1, skilled)]);
        }
      }
    }
  }
  t.employed_by_sex[kFemale] = c.employed_female;
  t.employed_by_sex[kMale] = t.employed_all - c.employed_female;
  t.unemployed_all = c.unemployed;
  t.unemployed_by_sex[kFemale] = c.unemployed_female;
  t.unemployed_by_sex[kMale] = c.unemployed - c.unemployed_female;
  t.unemployed_by_skill[kLowSkill] = c.unemployed_low;
  t.unemployed_by_skill[kMidSkill] = c.unemployed_mid;
  t.unemployed_by_skill[kHighSkill] = c.unemployed - c.unemployed_low - c.unemployed_mid;
  t.unemployed_by_group = c.unemployed_by_group;
  for (const std::uint32_t n : c.unemployed_by_group) t.unemployed_non_data += n;
  t.training = c.training;
  return t;
}

using sim::below64;
using sim::bytes_equal;
using sim::lanes;

// The wide kernel of the workers: update_batch with AVX-512 intrinsics, every test one bit per
// lane of a 64-bit mask and the columns read and written as 64 bytes at once. GCC's
// vectorisation of update_batch turned each 32-bit comparison into a byte vector through
// broadcasts, narrowing moves and inserts, and compared every draw with all twelve use-class
// thresholds; here each lane's class threshold is picked by a permute (16 classes fit one
// register) and compared once. The same tests as update_batch, so the same bits
// (Cli.DeterministicAcrossKernelVariants); like it, it relies on the boolean columns holding 0
// or 1. These functions are called only from worker_block_wide, which has their target.

// The class thresholds of a country as permute tables: limits, and -1 where `always`.
struct UseTable {
  __m512i limit, always;
  bool any_always;
};

AIDIVIDE_TARGET_WIDE inline UseTable use_table(const WorkerThresholds& th) {
  alignas(64) std::uint32_t limit[kUseClasses];
  alignas(64) std::uint32_t always[kUseClasses];
  bool any = false;
  for (int c = 0; c < kUseClasses; ++c) {
    limit[c] = th.use[c].limit;
    always[c] = th.use[c].always ? ~0u : 0u;
    any = any || th.use[c].always;
  }
  return {_mm512_load_si512(limit), _mm512_load_si512(always), any};
}

// One bit per lane of the G-th group of 16: the start-of-use draw below the threshold of the
// lane's class. G is a template argument because the extract takes an immediate, which an
// unoptimised build does not get from a loop counter.
template <int G>
AIDIVIDE_TARGET_WIDE inline __mmask16 below_in_group(const std::uint32_t* bits, __m512i cls,
                                                     const UseTable& table) {
  const __m512i idx = _mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(cls, G));
  __mmask16 m = _mm512_cmplt_epu32_mask(_mm512_load_si512(bits + 16 * G),
                                        _mm512_permutexvar_epi32(idx, table.limit));
  if (table.any_always) {
    const __m512i always = _mm512_permutexvar_epi32(idx, table.always);
    m = static_cast<__mmask16>(m | _mm512_test_epi32_mask(always, always));
  }
  return m;
}

// One bit per lane: the start-of-use draw below the threshold of the lane's class (cls, bytes).
AIDIVIDE_TARGET_WIDE inline __mmask64 below_by_class(const std::uint32_t* bits, __m512i cls,
                                                     const UseTable& table) {
  return _mm512_kunpackd(
      _mm512_kunpackw(below_in_group<3>(bits, cls, table), below_in_group<2>(bits, cls, table)),
      _mm512_kunpackw(below_in_group<1>(bits, cls, table), below_in_group<0>(bits, cls, table)));
}

// Adds the workers of a batch to c, from their state after the update and the end of
// training: status and occupation as bytes, the booleans as masks (0 outside the live lanes).
// Like cell_of, it relies on valid states: skill 0 to 2, status 0 to 2.
AIDIVIDE_TARGET_WIDE inline void count_batch_wide(__mmask64 live, __m512i status,
                                                  __m512i occupation, __m512i skill, __m512i sex,
                                                  __mmask64 is_online, __mmask64 is_user,
                                                  __mmask64 is_skilled, __mmask64 young,
                                                  MaskCounts& c) {
  const __mmask64 female = bytes_equal(sex, kFemale) & live;
  const __mmask64 by_skill[kSkills] = {bytes_equal(skill, kLowSkill) & live,
                                       bytes_equal(skill, kMidSkill) & live,
                                       bytes_equal(skill, kHighSkill) & live};
  __mmask64 by_occupation[kOccupations];
  for (int o = 0; o < kOccupations; ++o) by_occupation[o] = bytes_equal(occupation, o) & live;
  const __mmask64 employed = bytes_equal(status, kEmployed) & live;
  const __mmask64 unemployed = bytes_equal(status, kUnemployed) & live;
  const __mmask64 exposed = live & ~by_occupation[kNotExposed];

  c.online += lanes(is_online);
  c.users += lanes(is_user);
  c.youth += lanes(young);
  c.youth_users += lanes(young & is_user);
  c.ai_skilled += lanes(is_skilled);
  c.female += lanes(female);
  c.female_users += lanes(female & is_user);
  c.low += lanes(by_skill[kLowSkill]);
  c.mid += lanes(by_skill[kMidSkill]);
  c.all += lanes(live);
  c.data_workers += lanes(by_occupation[kDataWork]);
  c.users_by_depth_cell[0] += lanes(is_user & ~exposed & ~is_skilled);
  c.users_by_depth_cell[1] += lanes(is_user & ~exposed & is_skilled);
  c.users_by_depth_cell[2] += lanes(is_user & exposed & ~is_skilled);
  c.users_by_depth_cell[3] += lanes(is_user & exposed & is_skilled);
  c.training += lanes(live & ~employed & ~unemployed);
  c.unemployed += lanes(unemployed);
  c.unemployed_female += lanes(unemployed & female);
  c.unemployed_low += lanes(unemployed & by_skill[kLowSkill]);
  c.unemployed_mid += lanes(unemployed & by_skill[kMidSkill]);
  // Group g = female | youth << 1 | low skill << 2, outside data work.
  const __mmask64 groups = unemployed & ~by_occupation[kDataWork];
  if (groups) {
    for (int g = 0; g < kPriorityGroups; ++g) {
      const __mmask64 m = groups & (g & 1 ? female : ~female) & (g & 2 ? young : ~young) &
                          (g & 4 ? by_skill[kLowSkill] : ~by_skill[kLowSkill]);
      c.unemployed_by_group[g] += lanes(m);
    }
  }
  c.employed_female += lanes(employed & female);
  // Employed by (occupation, skill, user, AI-skilled), index as employed_use_index; empty
  // combinations (most occupation-skill pairs of a batch have no AI-skilled) are skipped.
  for (int o = 0; o < kOccupations; ++o) {
    const __mmask64 eo = employed & by_occupation[o];
    if (!eo) continue;
    for (int s = 0; s < kSkills; ++s) {
      const __mmask64 eos = eo & by_skill[s];
      if (!eos) continue;
      std::uint32_t* cell = &c.employed_by_use[(o * kSkills + s) * 4];
      const std::uint32_t user = lanes(eos & is_user), all = lanes(eos);
      if (eos & is_skilled) {
        const std::uint32_t user_skilled = lanes(eos & is_user & is_skilled);
        const std::uint32_t skilled_all = lanes(eos & is_skilled);
        cell[0] += user - user_skilled;                        // user, not AI-skilled
        cell[1] += user_skilled;                               // user, AI-skilled
        cell[2] += all - user - (skilled_all - user_skilled);  // non-user, not AI-skilled
        cell[3] += skilled_all - user_skilled;                 // non-user, AI-skilled
      } else {
        cell[0] += user;
        cell[2] += all - user;
      }
    }
  }
}

// Advances the n workers from `first` by one tick and adds them to c.
AIDIVIDE_TARGET_WIDE inline void advance_batch_wide(const WorkerBlockArgs& a,
                                                    const WorkerColumns& col, std::uint32_t first,
                                                    std::uint32_t n, const sim::UniformBatch& u,
                                                    const UseTable& use, MaskCounts& c) {
  const WorkerThresholds& th = a.th;
  static_assert(sim::kBatch == 64);
  static_assert(kEmployed == 0 && kUnemployed == 1 && kTraining == 2);
  const __mmask64 live = n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
  const __m512i online = _mm512_maskz_loadu_epi8(live, col.online + first);
  const __m512i uses = _mm512_maskz_loadu_epi8(live, col.uses + first);
  const __m512i youth = _mm512_maskz_loadu_epi8(live, col.youth + first);
  const __m512i occupation = _mm512_maskz_loadu_epi8(live, col.occupation + first);
  const __m512i status = _mm512_maskz_loadu_epi8(live, col.status + first);
  const __m512i skilled = _mm512_maskz_loadu_epi8(live, col.skilled + first);
  const __m512i months = _mm512_maskz_loadu_epi8(live, col.months + first);
  const __m512i sex = _mm512_maskz_loadu_epi8(live, col.sex + first);
  const __m512i skill = _mm512_maskz_loadu_epi8(live, col.skill + first);
  const __m512i one = _mm512_set1_epi8(1);

  const __mmask64 is_online = _mm512_test_epi8_mask(online, online);
  const __mmask64 is_user = _mm512_test_epi8_mask(uses, uses);
  const __mmask64 young = _mm512_test_epi8_mask(youth, youth);
  const __mmask64 exposed = ~bytes_equal(occupation, kNotExposed);
  const __mmask64 is_data = bytes_equal(occupation, kDataWork);
  // Going online, starting and stopping use share word 0 (update_batch).
  const __mmask64 goes_online = below64(u.bits[0], th.online);
  // M1: class = skill << 2 | youth << 1 | exposed, skill above mid counted as high.
  const __m512i cls =
      _mm512_or_si512(_mm512_slli_epi16(_mm512_min_epu8(skill, _mm512_set1_epi8(kHighSkill)), 2),
                      _mm512_or_si512(_mm512_maskz_mov_epi8(young, _mm512_set1_epi8(2)),
                                      _mm512_maskz_mov_epi8(exposed, one)));
  const __mmask64 starts = is_online & ~is_user & below_by_class(u.bits[0], cls, use);
  const __mmask64 stops = is_user & below64(u.bits[0], th.churn);
  const __mmask64 uses_next = (is_user & ~stops) | starts;
  const __mmask64 youth_next = young & ~below64(u.bits[1], th.youth_exit);

  const __m512i stepped =
      _mm512_adds_epu8(months, _mm512_set1_epi8(static_cast<char>(a.months_step)));
  const __mmask64 displaced = bytes_equal(status, kEmployed) &
                              bytes_equal(occupation, kExposedSubstitutable) &
                              below64(u.bits[2], th.displace);
  __mmask64 leave_draw = below64(u.bits[2], th.leave);
  __mmask64 rehire_draw = below64(u.bits[3], th.rehire);
  __mmask64 hire_draw = below64(u.bits[3], th.hire);
  if (th.priority) {
    // The worker's group as of the start of the tick.
    const __mmask64 in_group =
        (th.priority & kPriorityWomen ? bytes_equal(sex, kFemale) : 0) |
        (th.priority & kPriorityYouth ? young : 0) |
        (th.priority & kPriorityLowSkilled ? bytes_equal(skill, kLowSkill) : 0);
    leave_draw = (leave_draw & ~in_group) | (below64(u.bits[2], th.leave_priority) & in_group);
    rehire_draw = (rehire_draw & ~in_group) | (below64(u.bits[3], th.rehire_priority) & in_group);
    hire_draw = (hire_draw & ~in_group) | (below64(u.bits[3], th.hire_priority) & in_group);
  }
  // M7: the AI-skilled unemployed (after training) are hired at their own rate, never trained.
  const __mmask64 trained_before = _mm512_test_epi8_mask(skilled, skilled);
  leave_draw =
      (leave_draw & ~trained_before) | (below64(u.bits[2], th.leave_trained) & trained_before);
  rehire_draw =
      (rehire_draw & ~trained_before) | (below64(u.bits[3], th.rehire_trained) & trained_before);
  hire_draw |= trained_before;
  const __mmask64 leaves = bytes_equal(status, kUnemployed) & leave_draw;
  const __mmask64 done =
      bytes_equal(status, kTraining) &
      _mm512_cmpge_epu8_mask(stepped, _mm512_set1_epi8(static_cast<char>(a.training_months))) &
      ~is_data;
  const __mmask64 new_task = leaves & hire_draw & ~rehire_draw & ~is_data;
  const __mmask64 data_employed = below64(u.bits[2], th.data);

  __m512i next = _mm512_mask_mov_epi8(status, displaced | done, one);
  next = _mm512_mask_mov_epi8(next, leaves, _mm512_maskz_mov_epi8(~hire_draw, _mm512_set1_epi8(2)));
  next = _mm512_mask_mov_epi8(next, is_data, _mm512_maskz_mov_epi8(~data_employed, one));

  const __mmask64 online_next = (is_online | goes_online) & live;
  const __mmask64 skilled_next = (trained_before | done) & live;
  const __m512i occupation_next =
      _mm512_mask_mov_epi8(occupation, new_task, _mm512_set1_epi8(kExposedComplementary));
  _mm512_mask_storeu_epi8(col.online + first, live, _mm512_maskz_mov_epi8(online_next, one));
  _mm512_mask_storeu_epi8(col.uses + first, live, _mm512_maskz_mov_epi8(uses_next, one));
  _mm512_mask_storeu_epi8(col.youth + first, live, _mm512_maskz_mov_epi8(youth_next, one));
  _mm512_mask_storeu_epi8(col.status + first, live, next);
  _mm512_mask_storeu_epi8(col.occupation + first, live, occupation_next);
  _mm512_mask_storeu_epi8(col.skilled + first, live, _mm512_maskz_mov_epi8(skilled_next, one));
  _mm512_mask_storeu_epi8(col.months + first, live,
                          _mm512_maskz_mov_epi8(_mm512_cmpeq_epi8_mask(next, status), stepped));
  // The state is counted from the registers: reading the columns back would wait for the
  // masked stores to retire (they do not forward to loads). Only the rare end of a training
  // changes an occupation afterwards.
  if (done & live) {
    alignas(64) std::uint8_t trained[sim::kBatch];
    _mm512_store_si512(trained, _mm512_maskz_mov_epi8(done & live, one));
    finish_training(a, col, first, n, trained);
    count_batch_wide(live, next, _mm512_maskz_loadu_epi8(live, col.occupation + first), skill, sex,
                     online_next, uses_next, skilled_next, youth_next, c);
  } else {
    count_batch_wide(live, next, occupation_next, skill, sex, online_next, uses_next, skilled_next,
                     youth_next, c);
  }
}

constexpr std::uint32_t kPrefetchAhead = 2 * sim::kBatch;

}  // namespace

AIDIVIDE_TARGET_WIDE WorkerTally worker_block_wide(const WorkerBlockArgs& a) {
  const WorkerColumns col = columns_of(*a.workers);
  const sim::Block blk = a.block;
  MaskCounts counts;
  const UseTable use = use_table(a.th);
  const std::array<const std::uint8_t*, 9> columns = {col.online,     col.uses,   col.youth,
                                                      col.occupation, col.status, col.skilled,
                                                      col.months,     col.skill,  col.sex};
  sim::UniformBatch u;
  for (std::uint32_t first = blk.begin; first < blk.end; first += sim::kBatch) {
    const std::uint32_t n = std::min(sim::kBatch, blk.end - first);
    // The columns of the batch after next, requested before Philox runs: the update stalled on
    // the first loads of each batch (the columns stream from beyond L2, nine of them), and
    // Philox's arithmetic hides the latency.
    for (const std::uint8_t* column : columns) {
      _mm_prefetch(reinterpret_cast<const char*>(column + first + kPrefetchAhead), _MM_HINT_T0);
    }
    sim::philox_batch_wide(a.seed, first, a.tick, kPurposeWorker, 0, u);
    advance_batch_wide(a, col, first, n, u, use, counts);
  }
  return to_tally(counts);
}

}  // namespace models

#pragma GCC diagnostic pop
#endif
