// The tick loop shared by `aidivide run` and sweep members: step, record when due, time it.
#pragma once

#include "models/phases.hpp"
#include "models/recorder.hpp"
#include "models/simulation.hpp"

namespace app {

struct SteppedTick {
  models::TickContext ctx;
  bool recorded = false;
};

// Advances `simulation` by one tick and records it when due (every output.every ticks, and the
// last tick), resetting the record's flows; adds the recording's seconds to `output_seconds`.
SteppedTick step_and_record(models::Simulation& simulation, models::Recorder& recorder,
                            double& output_seconds);

// The final timing_* attributes: each phase, output and initialisation, in seconds.
void write_timing(models::Recorder& recorder, const models::Simulation& simulation,
                  double output_seconds, double init_seconds);

}  // namespace app
