// The generic worker kernel: every transition as selects on bytes, which the compiler
// vectorises for any target, and the block's tally as a histogram of states.

#include <algorithm>
#include <array>
#include <span>

#include "models/worker_kernel.hpp"
#include "sim/rng_batch.hpp"

namespace models {

namespace {

// The tally of a block is a histogram of the workers' states after the update: one increment
// per worker instead of a dozen data-dependent counter updates, folded into a WorkerTally once
// per block. A cell packs status (2 bits), occupation (2), skill (2), sex, uses_ai, ai_skill and
// youth (1 each); `online` is summed apart.
constexpr int kCellBits = 10;
constexpr int kCells = 1 << kCellBits;

AIDIVIDE_KERNEL_INLINE std::uint16_t cell_of(std::uint8_t status, std::uint8_t occupation,
                                             std::uint8_t skill, std::uint8_t sex,
                                             std::uint8_t uses, std::uint8_t skilled,
                                             std::uint8_t youth) {
  return static_cast<std::uint16_t>(status | occupation << 2 | skill << 4 | sex << 6 | uses << 7 |
                                    skilled << 8 | youth << 9);
}

void fold_cells(std::span<const std::uint32_t, kCells> cells, WorkerTally& t) {
  for (int code = 0; code < kCells; ++code) {
    const std::uint32_t n = cells[code];
    if (n == 0) continue;
    const int status = code & 3, occupation = code >> 2 & 3, skill = code >> 4 & 3;
    const int sex = code >> 6 & 1, uses = code >> 7 & 1, skilled = code >> 8 & 1;
    const int youth = code >> 9 & 1;
    t.users += uses * n;
    t.youth += youth * n;
    t.youth_users += (youth & uses) * n;
    t.ai_skilled += skilled * n;
    t.by_sex[sex] += n;
    t.users_by_sex[sex] += uses * n;
    t.by_skill[skill] += n;
    t.data_workers += (occupation == kDataWork) * n;
    if (uses) t.users_by_depth_cell[(occupation != kNotExposed) << 1 | skilled] += n;
    if (status == kEmployed) {
      add_employed(t, occupation, skill, uses, skilled, n);
      t.employed_by_use[employed_use_index(occupation, skill, uses ^ 1, skilled)] += n;
      t.employed_by_sex[sex] += n;
    } else if (status == kUnemployed) {
      t.unemployed_all += n;
      t.unemployed_by_sex[sex] += n;
      t.unemployed_by_skill[skill] += n;
      if (occupation != kDataWork) {
        t.unemployed_non_data += n;
        t.unemployed_by_group[(sex == kFemale) | youth << 1 | (skill == kLowSkill) << 2] += n;
      }
    } else {
      t.training += n;
    }
  }
}

AIDIVIDE_KERNEL_INLINE std::uint8_t below(std::uint32_t bits, sim::Threshold t) {
  return static_cast<std::uint8_t>((bits < t.limit) | t.always);
}

// 0xFF where `condition` holds, else 0: selects as bit operations, which vectorise.
AIDIVIDE_KERNEL_INLINE std::uint8_t mask(bool condition) {
  return static_cast<std::uint8_t>(-condition);
}

// Every transition of MODEL.md section 7 for n <= kBatch workers, as selects on bytes so that
// the loop runs on vector lanes. trained[l] flags the rare end of a training, whose occupation
// move needs a draw of its own (done by the caller). kPriority: the country has soft_capacity
// priority groups, whose unemployed leave unemployment with their own thresholds (same draws).
template <bool kPriority>
AIDIVIDE_KERNEL_INLINE void update_batch(
    const WorkerThresholds& th, std::uint8_t months_step, std::uint8_t training_months,
    const sim::UniformBatch& u, std::uint32_t n, std::uint8_t* __restrict online_col,
    std::uint8_t* __restrict uses_col, std::uint8_t* __restrict youth_col,
    std::uint8_t* __restrict occupation_col, std::uint8_t* __restrict status_col,
    std::uint8_t* __restrict skilled_col, std::uint8_t* __restrict months_col,
    const std::uint8_t* __restrict sex_col, const std::uint8_t* __restrict skill_col,
    std::uint8_t* __restrict trained) {
  const std::uint8_t women = th.priority & kPriorityWomen ? 1 : 0;
  const std::uint8_t youths = th.priority & kPriorityYouth ? 1 : 0;
  const std::uint8_t low_skilled = th.priority & kPriorityLowSkilled ? 1 : 0;
  // A local copy of the class thresholds: the compiler then knows the column stores leave them.
  sim::Threshold use[kUseClasses];
  for (int c = 0; c < kUseClasses; ++c) use[c] = th.use[c];
  for (std::uint32_t l = 0; l < n; ++l) {
    const std::uint8_t online = online_col[l], uses = uses_col[l], youth = youth_col[l];
    const std::uint8_t occupation = occupation_col[l], status = status_col[l];
    const std::uint8_t months = months_col[l];
    // Going online, starting and stopping use are exclusive steps within a tick (offline,
    // online non-user, user), so they share one uniform.
    online_col[l] = online | below(u.bits[0][l], th.online);
    // M1: the start of use compared with all twelve class thresholds (loop invariants), the
    // worker's class selected by byte masks: a table lookup per lane would not vectorise.
    const std::uint8_t low = mask(skill_col[l] == kLowSkill);
    const std::uint8_t mid = mask(skill_col[l] == kMidSkill);
    const std::uint8_t high = static_cast<std::uint8_t>(~(low | mid));
    const std::uint8_t young = mask(youth != 0);
    const std::uint8_t exposed = mask(occupation != kNotExposed);
    const auto start_in = [&](int y, int e) {
      const int c = y << 1 | e;
      return static_cast<std::uint8_t>(((below(u.bits[0][l], use[c]) & low) |
                                        (below(u.bits[0][l], use[4 + c]) & mid) |
                                        (below(u.bits[0][l], use[8 + c]) & high)) &
                                       (y ? young : ~young) & (e ? exposed : ~exposed));
    };
    const std::uint8_t starts =
        online & (uses ^ 1) & (start_in(0, 0) | start_in(0, 1) | start_in(1, 0) | start_in(1, 1));
    const std::uint8_t stops = uses & below(u.bits[0][l], th.churn);
    uses_col[l] = static_cast<std::uint8_t>((uses & (stops ^ 1)) | starts);
    youth_col[l] = youth & (below(u.bits[1][l], th.youth_exit) ^ 1);
    // months + step, saturating at 255.
    const auto sum = static_cast<std::uint8_t>(months + months_step);
    const std::uint8_t stepped = sum | mask(sum < months);
    const std::uint8_t is_data = occupation == kDataWork;
    const std::uint8_t displaced = (status == kEmployed) & (occupation == kExposedSubstitutable) &
                                   below(u.bits[2][l], th.displace);
    std::uint8_t leave_draw = below(u.bits[2][l], th.leave);
    std::uint8_t rehire_draw = below(u.bits[3][l], th.rehire);
    std::uint8_t hire_draw = below(u.bits[3][l], th.hire);
    if constexpr (kPriority) {
      // The worker's group as of the start of the tick.
      const std::uint8_t in_group = mask(((sex_col[l] == kFemale) & women) | (youth & youths) |
                                         ((skill_col[l] == kLowSkill) & low_skilled));
      leave_draw = static_cast<std::uint8_t>((leave_draw & ~in_group) |
                                             (below(u.bits[2][l], th.leave_priority) & in_group));
      rehire_draw = static_cast<std::uint8_t>((rehire_draw & ~in_group) |
                                              (below(u.bits[3][l], th.rehire_priority) & in_group));
      hire_draw = static_cast<std::uint8_t>((hire_draw & ~in_group) |
                                            (below(u.bits[3][l], th.hire_priority) & in_group));
    }
    // M7: the AI-skilled unemployed (after training) are hired at their own rate, never trained.
    const std::uint8_t trained_before = mask(skilled_col[l] != 0);
    leave_draw = static_cast<std::uint8_t>(
        (leave_draw & ~trained_before) | (below(u.bits[2][l], th.leave_trained) & trained_before));
    rehire_draw =
        static_cast<std::uint8_t>((rehire_draw & ~trained_before) |
                                  (below(u.bits[3][l], th.rehire_trained) & trained_before));
    hire_draw = static_cast<std::uint8_t>(hire_draw | (1 & trained_before));
    const std::uint8_t leaves = (status == kUnemployed) & leave_draw;
    const std::uint8_t done = (status == kTraining) & (stepped >= training_months) & (is_data ^ 1);
    // A displaced worker becomes unemployed; an unemployed one who leaves is rehired (kEmployed)
    // or enters training (kTraining); a finished training leaves the worker unemployed and
    // AI-skilled; data workers are employed as far as the country's allocation reaches.
    static_assert(kEmployed == 0 && kUnemployed == 1 && kTraining == 2);
    // Hired (rehire or new task): employed; otherwise training.
    const std::uint8_t after_leave = static_cast<std::uint8_t>((hire_draw ^ 1) << 1);
    // A new task (hired, not rehired) moves the worker into exposed-complementary work.
    const std::uint8_t new_task = leaves & hire_draw & (rehire_draw ^ 1) & (is_data ^ 1);
    const std::uint8_t data_status = below(u.bits[2][l], th.data) ^ 1;
    std::uint8_t next = status;
    next = static_cast<std::uint8_t>((next & ~mask(displaced | done)) |
                                     (kUnemployed & mask(displaced | done)));
    next = static_cast<std::uint8_t>((next & ~mask(leaves)) | (after_leave & mask(leaves)));
    next = static_cast<std::uint8_t>((next & ~mask(is_data)) | (data_status & mask(is_data)));
    status_col[l] = next;
    occupation_col[l] = static_cast<std::uint8_t>((occupation & ~mask(new_task)) |
                                                  (kExposedComplementary & mask(new_task)));
    skilled_col[l] = skilled_col[l] | done;
    months_col[l] = stepped & mask(next == status);
    trained[l] = done;
  }
}

// The histogram cell of each of n workers after the update; returns how many are online.
AIDIVIDE_KERNEL_INLINE std::uint32_t cell_batch(
    std::uint32_t n, const std::uint8_t* __restrict status_col,
    const std::uint8_t* __restrict occupation_col, const std::uint8_t* __restrict skill_col,
    const std::uint8_t* __restrict sex_col, const std::uint8_t* __restrict uses_col,
    const std::uint8_t* __restrict skilled_col, const std::uint8_t* __restrict youth_col,
    const std::uint8_t* __restrict online_col, std::uint16_t* __restrict code) {
  std::uint32_t online = 0;
  for (std::uint32_t l = 0; l < n; ++l) {
    code[l] = cell_of(status_col[l], occupation_col[l], skill_col[l], sex_col[l], uses_col[l],
                      skilled_col[l], youth_col[l]);
    online += online_col[l];
  }
  return online;
}

}  // namespace

// Advances one block of workers by one tick and returns its tally (generic kernels).
WorkerTally worker_block_generic(const WorkerBlockArgs& a) {
  const WorkerColumns col = columns_of(*a.workers);
  const sim::Block blk = a.block;
  std::array<std::uint32_t, 4 * kCells> cells{};
  std::uint32_t online_total = 0;
  sim::UniformBatch u;
  alignas(64) std::uint8_t trained[sim::kBatch];
  alignas(64) std::uint16_t code[sim::kBatch];
  for (std::uint32_t first = blk.begin; first < blk.end; first += sim::kBatch) {
    const std::uint32_t n = std::min(sim::kBatch, blk.end - first);
    sim::philox_batch(a.seed, first, a.tick, kPurposeWorker, 0, u);
    if (a.th.priority) {
      update_batch<true>(a.th, a.months_step, a.training_months, u, n, col.online + first,
                         col.uses + first, col.youth + first, col.occupation + first,
                         col.status + first, col.skilled + first, col.months + first,
                         col.sex + first, col.skill + first, trained);
    } else {
      update_batch<false>(a.th, a.months_step, a.training_months, u, n, col.online + first,
                          col.uses + first, col.youth + first, col.occupation + first,
                          col.status + first, col.skilled + first, col.months + first,
                          col.sex + first, col.skill + first, trained);
    }
    finish_training(a, col, first, n, trained);
    online_total += cell_batch(n, col.status + first, col.occupation + first, col.skill + first,
                               col.sex + first, col.uses + first, col.skilled + first,
                               col.youth + first, col.online + first, code);
    // Four interleaved histograms: consecutive workers often share a cell, and increments of
    // one counter would wait on each other's stores.
    for (std::uint32_t l = 0; l < n; ++l) ++cells[(l & 3) * kCells + code[l]];
  }
  for (int k = 0; k < kCells; ++k) {
    cells[k] += cells[kCells + k] + cells[2 * kCells + k] + cells[3 * kCells + k];
  }
  WorkerTally t;
  t.online = online_total;
  fold_cells(std::span<const std::uint32_t, kCells>(cells.data(), kCells), t);
  return t;
}

}  // namespace models
