// Live policy channels (MODEL.md M10). For every lever, its reference case runs against the
// baseline under common random numbers (same seed and replicate) on a reduced population, and:
//  - its channel variable differs from the baseline in its targets (mean relative difference over
//    the records 2026-2040 of the targets' labour-force-weighted mean, at least a stated minimum);
//  - its target outcome differs from the baseline by more than 0.1% (relative) in at least half
//    of the records 2030-2040, or in the weaker share docs/ODD.md 7.10 documents and measures.
// The table is docs/SCENARIOS.md's "Live policy channels"; each case prints its measurement.
// Hubs are in model v2's 16-bit PFLOP/s (10,000: scenarios/multilateral_commons.yaml).
// An effect that is nil because a `min`, `max`, clamp or saturated share never binds fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
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
  // Least share of the records 2030-2040 where the outcome differs by more than 0.1%: 0.5, or
  // the weaker expectation docs/ODD.md section 7.10 documents with its measurement.
  double outcome_share = 0.5;
};

// Channels that are state, not output: the country's open lag (months), which
// open_source_access shortens and open_weight_release cuts (docs/ODD.md 7.10).
const std::map<std::string, double (*)(const models::World&, int)>& state_channels() {
  static const std::map<std::string, double (*)(const models::World&, int)> m = {
      {"state:open_lag_country",
       [](const models::World& w, int c) { return w.countries.open_lag_country[c]; }},
  };
  return m;
}

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
      {"open_source_access", entry("open_source_access", kLow, "1"), "state:open_lag_country", -1,
       0.02, "ai_use_intensity"},
      {"regional_compute_hubs",
       entry("regional_compute_hubs", "{region: [Sub-Saharan Africa]}", "10000"), "compute_access",
       -1, 0.05, "dependence"},
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
       -1, 0.05, "dependence"},
      {"bloc_decoupling", entry("bloc_decoupling", "all", "0.5"), "ai_investment_usd", -1, 0.01,
       "firm_production_all"},
      {"cloud_portability", entry("cloud_portability", "all", "0.5"), "dependence", -1, 0.002,
       "dependence", 0.3},  // docs/ODD.md 7.10: near-indifferent firms; 0.42 measured
      {"open_weight_release", entry("open_weight_release", "all", "3", "2028-01", ""),
       "state:open_lag_country", -1, 0.02, "dependence"},
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

double state_mean(const models::World& w, double (*f)(const models::World&, int),
                  const std::vector<int>& targets) {
  double num = 0, den = 0;
  for (const int c : targets) {
    num += w.countries.labour_force[c] * f(w, c);
    den += w.countries.labour_force[c];
  }
  return num / den;
}

Series run_series(const models::Params& params, const ChannelCase& cc,
                  const std::vector<int>& targets) {
  const auto state = state_channels().find(cc.channel);
  const bool is_state = state != state_channels().end();
  const models::Variable& channel = variable(is_state ? cc.outcome : cc.channel);
  const models::Variable& outcome = variable(cc.outcome);
  models::Simulation sim(params, reduced().data,
                         sim::member_seed(static_cast<std::uint64_t>(params.run.seed), 0));
  Series s;
  while (!sim.done()) {
    const models::TickContext ctx = sim.step();
    if (ctx.month.year < 2026) continue;
    s.year.push_back(ctx.month.year);
    s.channel.push_back(is_state ? state_mean(sim.world(), state->second, targets)
                                 : targets_mean(sim.world(), channel, cc.channel_k, targets));
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
  std::vector<double> outcome_diffs;  // signed, relative, 2030-2040
  for (std::size_t i = 0; i < base.year.size(); ++i) {
    channel_diff += relative(with.channel[i], base.channel[i]) / base.year.size();
    if (base.year[i] < 2030 || base.year[i] > 2040) continue;
    ++records;
    if (relative(with.outcome[i], base.outcome[i]) > 1e-3) ++moved;
    const double scale = std::max(std::abs(with.outcome[i]), std::abs(base.outcome[i]));
    outcome_diffs.push_back(scale == 0 ? 0 : (with.outcome[i] - base.outcome[i]) / scale);
  }
  std::sort(outcome_diffs.begin(), outcome_diffs.end());
  // The measurement docs/SCENARIOS.md ("Live policy channels") reports.
  std::cout << "[channel] " << cc.lever << ": " << cc.channel << " " << channel_diff << "; "
            << cc.outcome << " median " << outcome_diffs[outcome_diffs.size() / 2] << ", " << moved
            << "/" << records << " records > 0.1%\n";
  EXPECT_GE(channel_diff, cc.channel_min)
      << cc.lever << ": channel " << cc.channel << " moved " << channel_diff;
  EXPECT_GE(moved, cc.outcome_share * records)
      << cc.lever << ": outcome " << cc.outcome << " moved by > 0.1% in " << moved << " of "
      << records << " records 2030-2040";
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

// A run of `params` on replicate r under common random numbers, to its end.
template <typename Measure>
double run_to_end(const models::Params& params, int replicate, const Measure& measure) {
  models::Simulation sim(params, reduced().data,
                         sim::member_seed(static_cast<std::uint64_t>(params.run.seed),
                                          static_cast<std::uint64_t>(replicate)));
  while (!sim.done()) sim.step();
  return measure(sim.world());
}

// Labour-force-weighted mean over the countries where `in(c)` holds.
template <typename In, typename F>
double weighted_mean(const models::World& w, const In& in, const F& f) {
  double num = 0, den = 0;
  for (int c = 0; c < w.countries.n; ++c) {
    if (!in(c)) continue;
    num += w.countries.labour_force[c] * f(c);
    den += w.countries.labour_force[c];
  }
  return num / den;
}

// M4 and M10: a data commons raises closed and open fit alike (open fit at least as much), so it
// does not raise the closed-foreign share of its targets' adopters. Scenario level, paired by
// replicate: the mean difference at the end of the run must not exceed 3 standard errors of the
// replicates' paired differences (it is negative: about -4% in docs/ODD.md 7.10).
TEST(PolicyChannels, DataCommonsDoesNotRaiseTheClosedForeignShare) {
  const models::Scenario s = with_entry(entry("data_commons", kLow, "5e7"));
  const auto closed_foreign = [](const models::World& w) {
    const auto targeted = [&w](int c) {
      const models::IncomeGroup g = w.countries.income[c];
      return g == models::IncomeGroup::kLow || g == models::IncomeGroup::kLowerMiddle;
    };
    return weighted_mean(w, targeted, [&w](int c) {
      return w.countries.provider_share[static_cast<std::size_t>(c) * models::kProviders +
                                        models::kClosedForeign];
    });
  };
  constexpr int kReplicates = 4;
  std::vector<double> d;
  for (int r = 0; r < kReplicates; ++r) {
    d.push_back(run_to_end(s.params, r, closed_foreign) -
                run_to_end(reduced().baseline.params, r, closed_foreign));
  }
  double mean = 0, ss = 0;
  for (const double x : d) mean += x / kReplicates;
  for (const double x : d) ss += (x - mean) * (x - mean);
  const double se = std::sqrt(ss / (kReplicates - 1) / kReplicates);
  std::cout << "[channel] data_commons closed_foreign share: paired mean " << mean << ", se " << se
            << "\n";
  EXPECT_LE(mean, 3 * se) << "paired mean " << mean << ", se " << se;
}

// M6 and M10, on the baseline scenario (reduced population): compute access in low-income
// countries (labour-force-weighted) is below 1 at the end of 2040, so the constraint can bind
// and hubs and export controls can move it.
TEST(PolicyChannels, LowIncomeComputeAccessBelowOneIn2040InTheBaseline) {
  const models::Params& p = reduced().baseline.params;
  ASSERT_EQ(p.time.end.year, 2040);
  const double access = run_to_end(p, 0, [](const models::World& w) {
    return weighted_mean(
        w, [&w](int c) { return w.countries.income[c] == models::IncomeGroup::kLow; },
        [&w](int c) { return w.countries.compute_access[c]; });
  });
  std::cout << "[channel] low-income compute access 2040: " << access << "\n";
  EXPECT_LT(access, 1.0);
  EXPECT_GT(access, 0.0);
}

}  // namespace
