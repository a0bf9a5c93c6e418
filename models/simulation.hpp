// A simulation: the world and the ordered phases that advance it one tick at a time.
#pragma once

#include <array>
#include <chrono>

#include "models/country_data.hpp"
#include "models/phases.hpp"
#include "models/scenario.hpp"

namespace models {

class Simulation {
 public:
  Simulation(const Params& params, const CountryData& data, std::uint64_t member_seed);

  // Runs phases 1-7 of the next tick; returns its context (for the record phase).
  TickContext step();
  bool done() const { return world_.tick >= params_.tick_count(); }
  int next_tick() const { return world_.tick; }
  int tick_count() const { return params_.tick_count(); }
  // Whether the tick `ctx` ends with a record: every output.every ticks, and the last tick.
  bool record_due(const TickContext& ctx) const {
    return (ctx.tick + 1) % params_.output.every == 0 || ctx.tick + 1 == tick_count();
  }
  // Agents advanced per tick: workers plus firms.
  std::uint64_t agents() const { return world_.workers.size() + world_.firms.size(); }

  World& world() { return world_; }
  const World& world() const { return world_; }
  const Params& params() const { return params_; }
  // Wall-clock seconds spent in each phase so far.
  const std::array<double, kPhases.size()>& phase_seconds() const { return phase_seconds_; }
  // A restart carries the phase times of the run so far.
  void restore_phase_seconds(const std::array<double, kPhases.size()>& seconds) {
    phase_seconds_ = seconds;
  }

 private:
  Params params_;
  World world_;
  std::array<double, kPhases.size()> phase_seconds_{};
};

}  // namespace models
