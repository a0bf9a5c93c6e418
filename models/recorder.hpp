// Phase 8, record: lays out the run's HDF5 file (MODEL.md section 8) and appends records to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/observables.hpp"
#include "models/phases.hpp"
#include "models/scenario.hpp"
#include "sim/nc_writer.hpp"

namespace models {

struct RunInfo {
  std::uint64_t seed = 0;
  std::uint64_t replicate = 0;
  int threads = 1;
  std::string data_sha256;
  // A branch (`run --from`): the checkpoint it starts from and the month of its first tick.
  std::string branched_from{};
  std::string branch_month{};
};

class Recorder {
 public:
  // Creates OUT.h5.part with every dimension, coordinate, variable and attribute, and starts
  // SWMR writing. Throws sim::InputError(kIo) when the file cannot be created.
  // With keep_records >= 0 (a restart), continues the existing OUT.h5.part instead: checks that
  // it has the layout this run would create, keeps its first keep_records records and appends
  // after them; its attributes stay those of the first start.
  Recorder(const std::string& out_path, const Scenario& scenario, const World& world,
           const RunInfo& info, std::int64_t keep_records = -1);

  // Appends the state at the end of the tick as the record dated by the tick's first month.
  void record(const World& world, const TickContext& ctx);
  // Sets end_time and closes the file with `status` ("complete" or "interrupted").
  void finish(const std::string& status);
  sim::NcWriter& writer() { return writer_; }

 private:
  // Creates (or, continuing, opens and checks) every dimension, variable and attribute.
  void define(const Scenario& scenario, const World& world, const RunInfo& info);

  struct Selected {
    const Variable* variable;
    int handle;
  };
  sim::NcWriter writer_;
  std::vector<Selected> selected_;
  std::vector<double> buffer_;
};

// Names of the variables `output.variables` selects (all when empty); unknown names are errors
// reported by validation, not here.
std::vector<const Variable*> selected_variables(const Params& params);

// Flows reported "since the last record" start again after each record.
void reset_record_flows(World& world);

}  // namespace models
