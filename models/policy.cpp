// Phase 1, policy: the scenario timeline. In this version it applies the shared history's shocks
// (MODEL.md section 6); the scenario levers of section 7 attach here.
#include <cmath>

#include "models/phases.hpp"

namespace models {

void policy_phase(const Params& params, World& world, const TickContext& ctx) {
  const HistoryParams& h = params.history;
  // The open-weight release (DeepSeek-R1, 2025-01): cuts the open lag and the open local cost,
  // once, in the tick that contains the release month.
  const int m = static_cast<int>(params.time.months_per_tick);
  const int months_in = h.open_release_date.index() - ctx.month.index();
  if (months_in >= 0 && months_in < m) {
    Globals& g = world.globals;
    g.open_lag_months = std::max(0.0, g.open_lag_months - h.open_release_lag_cut_months);
    g.local_cost *= 1.0 - h.open_release_cost_cut;
  }
}

}  // namespace models
