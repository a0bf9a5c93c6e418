// The output variables of MODEL.md section 8: names, dimensions, units and how each is computed
// from the world. One list serves the HDF5 layout, the documentation and the recorder.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "models/divide_metrics.hpp"
#include "models/world.hpp"

namespace models {

// Dimensions after `time`.
enum class Dims {
  kNone,
  kCountry,
  kCountrySize,
  kCountryProvider,
  kCountryOccupation,
  kCountrySkill,
  kCountrySex,
  kIncomeGroup,
  kBloc,
  kCountryOccupationSkillUse,  // model v2: mean_wage_usd_by_use
};

// Names of the dimensions after `time` for each Dims value.
std::vector<std::string> dimension_names(Dims dims);

// What the fill functions read: the world and the divide metrics of this record.
struct Observation {
  const World& world;
  std::vector<int> group;  // income group index per country
  DivideMetrics users, production, tfp;
  double group_users[4], group_production[4], group_tfp[4];
  explicit Observation(const World& w);
};

struct Variable {
  std::string name;
  Dims dims;
  std::string units, long_name, description;
  bool integer = false;  // stored as int32 (control_tier)
  std::function<void(const Observation&, std::span<double>)> fill;
};

// Every output variable over time, in output order.
const std::vector<Variable>& output_variables();
// Number of values of one record of a variable.
std::size_t record_size(Dims dims, int countries);
// Countries of Africa for the africa_* shares: Sub-Saharan Africa plus DZA, EGY, LBY, MAR, TUN,
// DJI.

}  // namespace models
