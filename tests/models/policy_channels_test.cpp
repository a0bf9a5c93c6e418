// Live policy channels (MODEL.md M10). For every lever, its reference case runs against the
// baseline under common random numbers (same seed and replicate) on a reduced population, and:
//  - its channel variable differs from the baseline in its targets (mean relative difference over
//    the records 2026-2040 of the targets' labour-force-weighted mean, at least a stated minimum);
//  - its target outcome differs from the baseline by more than 0.1% (relative) in at least half
//    of the records 2030-2040.
// An effect that is nil because a `min`, `max`, clamp or saturated share never binds fails here.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "models/levers.hpp"
#include "models/observables.hpp"
#include "models/scenario.hpp"
#include "models/simulation.hpp"
#include "run/run_request.hpp"
#include "sim/rng.hpp"

namespace {

const std::string kSource = AIDIVIDE_SOURCE_DIR;
const std::vector<std::string> kReduced = {"population.workers=40000", "population.firms=8000"};

// A lever's reference case (docs/SCENARIOS.md, "Live policy channels") and what it must move.
struct ChannelCase {
  std::string lever;
  std::string entry;    // one `policies:` entry
  std::string channel;  // output variable over (time, country[, k])
  int channel_k;        // index along the dimension after country, or -1
  double channel_min;   // least mean relative difference of the targets' mean, 2026-2040
  std::string outcome;  // output variable over (time, country)
};

std::string entry(const std::string& lever, const std::string& targets,
                  const std::string& intensity, const std::string& start = "2026-01",
                  const std::string& ramp = "12") {
  std::string e = "  - lever: " + lever + "\n    targets: " + targets + "\n    start: " + start +
                  "\n    intensity: " + intensity + "\n";
  if (!ramp.empty()) e += "    ramp_months: " + ramp + "\n";
  return e;
}

const std::string kLow = "{income: [low, lower_middle]}";

// Every lever with its reference case; `lever_cases_cover_every_lever` keeps the table complete.
const std::vector<ChannelCase>& cases() {
  static const std::vector<ChannelCase> v = {
      {"open_source_access", entry("open_source_access", kLow, "1"), "open_lag_months_country", -1,
       0.02, "ai_use_intensity"},
      {"regional_compute_hubs",
       entry("regional_compute_hubs", "{region: [Sub-Saharan Africa]}", "200"), "compute_access",
       -1, 0.05, "firm_production_all"},
      {"data_commons", entry("data_commons", kLow, "5e7"), "language_ceiling", -1, 0.005,
       "ai_user_share"},
      {"multilateral_governance", entry("multilateral_governance", kLow, "0.2"), "voice", -1, 0.05,
       "firm_production_all"},
      {"hard_infrastructure", entry("hard_infrastructure", kLow, "0.005"), "internet_share", -1,
       0.01, "ai_user_share"},
      {"soft_capacity", entry("soft_capacity", kLow, "10"), "pillar_hc", -1, 0.01, "ai_user_share"},
      {"people_centred_governance", entry("people_centred_governance", "all", "0.5"), "pillar_re",
       -1, 0.01, "data_work_wage_usd"},
      {"privacy_preserving_data_sharing", entry("privacy_preserving_data_sharing", kLow, "0.5"),
       "pilot_promotions", -1, 0.01, "firm_production_all"},
      {"export_controls", entry("export_controls", "{bloc: [non_aligned]}", "2"), "compute_pflops",
       -1, 0.05, "firm_production_all"},
      {"bloc_decoupling", entry("bloc_decoupling", "all", "0.5"), "ai_investment_usd", -1, 0.01,
       "firm_production_all"},
      {"cloud_portability", entry("cloud_portability", "all", "0.5"), "dependence", -1, 0.002,
       "dependence"},
      {"open_weight_release", entry("open_weight_release", "all", "3", "2028-01", ""),
       "open_lag_months_country", -1, 0.02, "ai_use_intensity"},
      {"export_control_escalation",
       entry("export_control_escalation", "{bloc: [non_aligned]}", "3", "2026-01", ""),
       "compute_pflops", -1, 0.05, "firm_production_all"},
  };
  return v;
}

// Monthly records of the targets' labour-force-weighted mean of two variables.
struct Series {
  std::vector<int> year;  // of each record
  std::vector<double> channel, outcome;
};

const models::Variable& variable(const std::string& name) {
  for (const models::Variable& v : models::output_variables()) {
    if (v.name == name) return v;
  }
  throw std::runtime_error("no output variable " + name);
}

double targets_mean(const models::World& w, const models::Variable& var, int k,
                    const std::vector<int>& targets) {
  const models::Observation obs(w);
  const int n = w.countries.n;
  std::vector<double> values(models::record_size(var.dims, n));
  var.fill(obs, values);
  const std::size_t inner = values.size() / static_cast<std::size_t>(n);
  double num = 0, den = 0;
  for (const int c : targets) {
    const double x = values[static_cast<std::size_t>(c) * inner + (k < 0 ? 0 : k)];
    num += w.countries.labour_force[c] * x;
    den += w.countries.labour_force[c];
  }
  return num / den;
}

struct Reduced {
  models::Scenario baseline;
  models::CountryData data;
};

const Reduced& reduced() {
  static const Reduced r = [] {
    Reduced out{models::load_scenario(kSource + "/scenarios/baseline.yaml", kReduced), {}};
    out.data = models::load_country_data(app::resolve_data_dir(out.baseline),
                                         out.baseline.params.population.countries);
    return out;
  }();
  return r;
}

models::Scenario with_entry(const std::string& e) {
  models::Scenario s = models::load_scenario_text("extends: baseline.yaml\npolicies:\n" + e,
                                                  "lever.yaml", kSource + "/scenarios", kReduced);
  models::check_policies(s, reduced().data);
  return s;
}

Series run_series(const models::Params& params, const ChannelCase& cc,
                  const std::vector<int>& targets) {
  const models::Variable& channel = variable(cc.channel);
  const models::Variable& outcome = variable(cc.outcome);
  models::Simulation sim(params, reduced().data,
                         sim::member_seed(static_cast<std::uint64_t>(params.run.seed), 0));
  Series s;
  while (!sim.done()) {
    const models::TickContext ctx = sim.step();
    if (ctx.month.year < 2026) continue;
    s.year.push_back(ctx.month.year);
    s.channel.push_back(targets_mean(sim.world(), channel, cc.channel_k, targets));
    s.outcome.push_back(targets_mean(sim.world(), outcome, -1, targets));
  }
  return s;
}

double relative(double a, double b) {
  const double scale = std::max(std::abs(a), std::abs(b));
  return scale == 0 ? 0 : std::abs(a - b) / scale;
}

// Test names and failure messages show the lever, not the bytes of the case.
void PrintTo(const ChannelCase& cc, std::ostream* os) { *os << cc.lever; }

class PolicyChannel : public ::testing::TestWithParam<ChannelCase> {};

TEST_P(PolicyChannel, MovesItsChannelAndItsOutcome) {
  const ChannelCase& cc = GetParam();
  const models::Scenario s = with_entry(cc.entry);
  // The entry's members, as the policy phase resolves them at the first tick.
  models::Simulation probe(s.params, reduced().data, 0);
  probe.step();
  const std::vector<int> targets = probe.world().policy_members.front();
  ASSERT_FALSE(targets.empty());

  const Series base = run_series(reduced().baseline.params, cc, targets);
  const Series with = run_series(s.params, cc, targets);
  double channel_diff = 0;
  int moved = 0, records = 0;
  for (std::size_t i = 0; i < base.year.size(); ++i) {
    channel_diff += relative(with.channel[i], base.channel[i]) / base.year.size();
    if (base.year[i] < 2030 || base.year[i] > 2040) continue;
    ++records;
    if (relative(with.outcome[i], base.outcome[i]) > 1e-3) ++moved;
  }
  EXPECT_GE(channel_diff, cc.channel_min)
      << cc.lever << ": channel " << cc.channel << " moved " << channel_diff;
  EXPECT_GE(2 * moved, records) << cc.lever << ": outcome " << cc.outcome << " moved by > 0.1% in "
                                << moved << " of " << records << " records 2030-2040";
}

INSTANTIATE_TEST_SUITE_P(EveryLever, PolicyChannel, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.lever; });

TEST(PolicyChannels, CasesCoverEveryLever) {
  std::map<std::string, int> seen;
  for (const ChannelCase& cc : cases()) ++seen[cc.lever];
  for (const models::LeverInfo& info : models::lever_infos()) {
    EXPECT_EQ(seen[std::string(info.name)], 1) << info.name;
  }
}

}  // namespace
