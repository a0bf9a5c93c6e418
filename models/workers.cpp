// Phase 6, workers (parallel): going online, AI use, youth, displacement, training, re-employment
// and data work (MODEL.md section 7, "Workers"). The rates come from worker_rates.cpp, the
// per-block update from the kernels of worker_kernel.hpp.

#include "models/phases.hpp"
#include "models/worker_kernel.hpp"
#include "models/worker_rates.hpp"
#include "sim/parallel.hpp"

namespace models {

void workers_phase(const Params& params, World& world, const TickContext& ctx) {
  compute_worker_rates(params, world, ctx.dt);
  const WorkerRates& r = world.worker_rates;
  WorkerBlockArgs common{};
  common.retrain = sim::threshold(r.retrain_success);
  common.seed = world.member_seed;
  common.tick = static_cast<std::uint32_t>(ctx.tick);
  common.months_step = static_cast<std::uint8_t>(r.months_per_tick);
  common.training_months = static_cast<std::uint8_t>(r.training_months);
  common.workers = &world.workers;
  auto* run = &worker_block_generic;
#if AIDIVIDE_HAVE_WIDE_KERNELS
  if (sim::wide_kernels()) run = &worker_block_wide;
#endif

  sim::parallel_for(world.worker_blocks.size(), [&](std::size_t b) {
    WorkerBlockArgs a = common;
    a.block = world.worker_blocks[b];
    const std::uint32_t c = a.block.group;
    WorkerThresholds& th = a.th;
    th.online = sim::threshold(r.p_online[c]);
    th.youth_exit = sim::threshold(r.p_youth_exit);
    th.displace = sim::threshold(r.p_displace[c]);
    th.leave = sim::threshold(r.p_leave_unemployed[c]);
    th.rehire = sim::threshold(r.rehire_share[c]);
    th.data = sim::threshold(r.p_data_work_employed[c]);
    th.leave_priority = sim::threshold(r.p_leave_priority[c]);
    th.rehire_priority = sim::threshold(r.rehire_share_priority[c]);
    th.priority = world.countries.seat_priority[c];
    th.churn = sim::threshold(r.p_churn);
    th.hire = sim::threshold(r.hire_share[c]);
    th.hire_priority = sim::threshold(r.hire_share_priority[c]);
    th.leave_trained = sim::threshold(r.p_leave_trained[c]);
    th.rehire_trained = sim::threshold(r.rehire_share_trained[c]);
    for (int u = 0; u < kUseClasses; ++u) {
      th.use[u] = sim::threshold(r.p_use_class[c * kUseClasses + u]);
    }
    world.worker_tallies[b] = run(a);
  });
}

}  // namespace models