// The tick loop: phases in their fixed order, timed.
#include "models/simulation.hpp"

#include "models/init.hpp"

namespace models {

Simulation::Simulation(const Params& params, const CountryData& data, std::uint64_t member_seed)
    : params_(params), world_(make_world(params, data, member_seed)) {}

TickContext Simulation::step() {
  const TickContext ctx = make_tick_context(params_, world_.tick);
  for (std::size_t i = 0; i < kPhases.size(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    kPhases[i].run(params_, world_, ctx);
    phase_seconds_[i] +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  ++world_.tick;
  return ctx;
}

}  // namespace models
