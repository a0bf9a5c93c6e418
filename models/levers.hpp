// Policy levers: their names, units and ranges, the parsed `policies:` entries, and their checks.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/error.hpp"
#include "sim/year_month.hpp"

namespace YAML {
class Node;
}

namespace sim {
struct YamlSource;
}

namespace models {

struct CountryData;
struct Scenario;

// The levers of MODEL.md section 7 and the two dated shocks. The order is the order of the
// per-country intensity columns ([c * kLevers + lever]) and of docs/SCENARIOS.md.
enum class Lever : std::uint8_t {
  kOpenSourceAccess,
  kRegionalComputeHubs,
  kDataCommons,
  kMultilateralGovernance,
  kHardInfrastructure,
  kSoftCapacity,
  kPeopleCentredGovernance,
  kPrivacyPreservingDataSharing,
  kExportControls,
  kBlocDecoupling,
  kCloudPortability,
  kOpenWeightRelease,        // shock
  kExportControlEscalation,  // shock
};
constexpr int kLevers = 13;

// What the YAML and the docs say about one lever.
struct LeverInfo {
  std::string_view name;
  std::string_view unit;  // of `intensity`
  double min, max;        // range of `intensity`
  bool shock;             // one-off at `start`: no ramp, no end
  std::string_view effect;
  // Key paths of the parameters that set its effect per unit and its cost, space-separated
  // (every `levers.*` parameter belongs to exactly one lever: tests/models/levers_test.cpp).
  std::string_view parameters;
  std::string_view cost;  // what goes into policy_cost_usd
};

const std::array<LeverInfo, kLevers>& lever_infos();
const LeverInfo& lever_info(Lever lever);

// Which countries an entry reaches: the union of every list; `all` reaches every country.
struct PolicyTargets {
  bool all = false;
  std::vector<std::string> income, region, bloc, iso3;
};

// One entry of the `policies:` list, as written (dates, names); resolved against the countries
// once per run by resolve_policy_members.
struct PolicyEntry {
  Lever lever = Lever::kOpenSourceAccess;
  PolicyTargets targets;
  sim::YearMonth start{2026, 1};
  std::int64_t ramp_months = 0;
  std::optional<sim::YearMonth> end;  // inclusive; none: to the end of the run
  double intensity = 0;
  // export_controls and export_control_escalation: per-entry overrides of the capital section's
  // tier-2 cap (PFLOP/s a year), tier-3 substitute efficiency and leakage (1).
  std::optional<double> cap_pflops, substitute_efficiency, leakage;
  // soft_capacity: priority groups (women, youth, low_skilled) that get the free training seats
  // first, as written and as a mask of kPriorityWomen, kPriorityYouth, kPriorityLowSkilled.
  std::vector<std::string> priority;
  std::uint8_t priority_mask = 0;
  std::string key_path;  // "policies[2]", for messages
};

// Parses the `policies:` list (null or a list of mappings). Throws sim::InputError located at the
// offending node: unknown lever (did you mean), unknown key, bad target group, value out of range.
// Records each entry's key locations into `locations` ("policies[i].start", ...).
std::vector<PolicyEntry> parse_policies(const YAML::Node& list, const sim::YamlSource& source,
                                        std::map<std::string, sim::SourceLocation>& locations);

// Checks that need the run's time span: dates outside the run, end before start. Earlier than
// 2026-01 is a warning (added to scenario warnings by the loader).
void check_policy_dates(const Scenario& scenario);

// Checks that need the countries: targets that name no country (did you mean), entries that match
// no country, and two entries of one lever that overlap in country and time.
void check_policies(const Scenario& scenario, const CountryData& data);

// Country indices an entry reaches among `iso3`/`region`/`income`/`bloc` columns of a world.
std::vector<int> resolve_policy_members(const PolicyEntry& entry,
                                        const std::vector<std::string>& iso3,
                                        const std::vector<std::string>& region,
                                        const std::vector<std::string>& income,
                                        const std::vector<std::string>& bloc);

// Ramped intensity of an entry in the tick starting at `month`: 0 outside [start, end], else
// intensity * min(1, (months since start + 1) / ramp_months).
double ramped_intensity(const PolicyEntry& entry, const sim::YearMonth& month);

}  // namespace models
