// Sweep files: scenarios x design points x replicates, checked up front, as an ordered member list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/error.hpp"

namespace app {

// A parameter the design varies; only number and integer parameters can be varied.
struct SweepParameter {
  std::string key_path;
  bool integer = false;
  sim::SourceLocation where;  // where the sweep names it
};

struct SweepScenario {
  std::string path;         // resolved against the sweep file's directory
  std::string name;         // the file stem; unique within a sweep
  std::string sha256;       // of the text of every file it is made of (its extends chain), in order
  std::string data_sha256;  // of the calibration data it runs on
  sim::SourceLocation where;
};

struct SweepPoint {
  std::vector<double> values;              // one per parameter
  std::vector<sim::SourceLocation> where;  // where each value comes from
  std::string label;  // "grid point 3", "design.csv line 5"; empty without a design
};

struct SweepMember {
  std::size_t index = 0;     // position in the plan; shard K/N runs the members with i mod N == K
  std::string id;            // hash of scenario, parameters and replicate (16 hex digits)
  std::string point_id;      // hash of scenario and parameters: the replicates' common id
  std::size_t scenario = 0;  // index into SweepPlan::scenarios
  std::size_t point = 0;     // index into SweepPlan::points
  std::int64_t replicate = 0;
  std::uint64_t seed = 0;  // member seed, sim::member_seed(root seed, replicate)
};

struct SweepPlan {
  std::string path;
  std::string name;  // `name:` or the file stem
  std::string design_kind = "none";
  std::vector<SweepScenario> scenarios;
  std::vector<SweepParameter> parameters;
  std::vector<SweepPoint> points;  // one empty point when there is no design
  // `set:` overrides applied to every member, as key.path and YAML value text, in file order.
  std::vector<std::pair<std::string, std::string>> sets;
  std::vector<sim::SourceLocation> set_where;
  std::int64_t replicates = 1;
  std::int64_t root_seed = 1;
  // Scenario-major, then design point, then replicate.
  std::vector<SweepMember> members;

  // The member's --set overrides: the `set:` entries, then the design point's values.
  std::vector<std::string> overrides(const SweepMember& member) const;
  // A parameter value as the scenario and the manifest see it (integers without a fraction).
  std::string value_text(std::size_t parameter, double value) const;
};

// Loads and checks a sweep file: its keys, the design, every scenario and every design point
// applied to every scenario (as a run would load them), and that all members share one time
// axis, one country list and one output layout. Throws sim::InputError located in the sweep
// file, the design table or the scenario.
SweepPlan load_sweep(const std::string& path);
// The same from text; `display` names it in messages and `base_dir` resolves relative paths.
SweepPlan load_sweep_text(const std::string& text, const std::string& display,
                          const std::string& base_dir);

// The largest sweep accepted: beyond it a typo (replicates: 1e9) would only fill the disk.
constexpr std::size_t kMaxSweepMembers = 1000000;

}  // namespace app
