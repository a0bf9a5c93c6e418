#include "run/run_loop.hpp"

#include <chrono>
#include <string>

namespace app {

SteppedTick step_and_record(models::Simulation& simulation, models::Recorder& recorder,
                            double& output_seconds) {
  SteppedTick step{simulation.step()};
  if (simulation.record_due(step.ctx)) {
    const auto t0 = std::chrono::steady_clock::now();
    recorder.record(simulation.world(), step.ctx);
    models::reset_record_flows(simulation.world());
    output_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    step.recorded = true;
  }
  return step;
}

void write_timing(models::Recorder& recorder, const models::Simulation& simulation,
                  double output_seconds, double init_seconds) {
  for (std::size_t i = 0; i < models::kPhases.size(); ++i) {
    recorder.writer().set_final_attr(std::string("timing_") + models::kPhases[i].name,
                                     simulation.phase_seconds()[i]);
  }
  recorder.writer().set_final_attr("timing_output", output_seconds);
  recorder.writer().set_final_attr("timing_init", init_seconds);
}

}  // namespace app
