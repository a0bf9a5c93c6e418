// Policy levers: input errors of `policies:` (located), zero intensity identical to the baseline
// under `aidivide diff --ignore-scenario`, and each lever's direction on a reduced population with
// paired replicates (common random numbers).
#include "models/levers.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "models/firm_rates.hpp"
#include "models/scenario.hpp"
#include "models/simulation.hpp"
#include "run/run_request.hpp"
#include "sim/rng.hpp"

namespace {

namespace fs = std::filesystem;
using models::Lever;
using sim::InputError;

const std::string kSource = AIDIVIDE_SOURCE_DIR;
const std::string kBin = AIDIVIDE_BINARY;

// The InputError of loading `text` (extending tiny.yaml) and checking it against the data.
std::string error_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    const models::Scenario s =
        models::load_scenario_text(text, "s.yaml", kSource + "/scenarios", sets);
    const models::CountryData data =
        models::load_country_data(kSource + "/data", s.params.population.countries);
    models::check_policies(s, data);
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return "";
}

const std::string kTiny = "extends: tiny.yaml\npolicies:\n";

TEST(LeverInput, MisspelledLeverSuggestsTheName) {
  const std::string m = error_of(kTiny +
                                 "  - lever: open_sorce_access\n"
                                 "    targets: all\n"
                                 "    start: 2024-01\n"
                                 "    intensity: 1\n");
  EXPECT_NE(m.find("s.yaml:3:12: policies[0].lever: unknown lever (did you mean "
                   "'open_source_access'?) (got open_sorce_access)"),
            std::string::npos)
      << m;
}

TEST(LeverInput, UnknownKeyTargetGroupAndRange) {
  std::string m = error_of(kTiny +
                           "  - lever: data_commons\n"
                           "    targets: all\n"
                           "    start: 2024-01\n"
                           "    intensty: 1\n");
  EXPECT_NE(m.find("s.yaml:6:5: policies[0].intensty: unknown key for lever data_commons (did "
                   "you mean 'intensity'?)"),
            std::string::npos)
      << m;
  m = error_of(kTiny +
               "  - lever: data_commons\n"
               "    targets: {income: [lower-middle]}\n"
               "    start: 2024-01\n"
               "    intensity: 1\n");
  EXPECT_NE(m.find("s.yaml:4:24: policies[0].targets.income: unknown income (did you mean "
                   "'lower_middle'?)"),
            std::string::npos)
      << m;
  m = error_of(kTiny +
               "  - lever: multilateral_governance\n"
               "    targets: all\n"
               "    start: 2024-01\n"
               "    intensity: 2\n");
  EXPECT_NE(m.find("s.yaml:6:16: policies[0].intensity: out of range [0, 1] (got 2)"),
            std::string::npos)
      << m;
  m = error_of(kTiny +
               "  - lever: soft_capacity\n"
               "    start: 2024-01\n"
               "    intensity: 2\n");
  EXPECT_NE(m.find("s.yaml:3:5: policies[0].targets: missing key"), std::string::npos) << m;
}

TEST(LeverInput, DatesOutsideTheRun) {
  std::string m = error_of(kTiny +
                           "  - lever: data_commons\n"
                           "    targets: all\n"
                           "    start: 2030-01\n"
                           "    intensity: 1\n");
  EXPECT_NE(m.find("s.yaml:5:12: policies[0].start: outside the run 2023-01 to 2025-12 (got "
                   "2030-01)"),
            std::string::npos)
      << m;
  m = error_of(kTiny +
               "  - lever: data_commons\n"
               "    targets: all\n"
               "    start: 2024-06\n"
               "    end: 2024-01\n"
               "    intensity: 1\n");
  EXPECT_NE(m.find("s.yaml:6:10: policies[0].end: must not be before start = 2024-06"),
            std::string::npos)
      << m;
  // time.end moved before the start by --set: still located at the entry's start.
  m = error_of(kTiny +
                   "  - lever: data_commons\n"
                   "    targets: all\n"
                   "    start: 2024-06\n"
                   "    intensity: 1\n",
               {"time.end=2024-01"});
  EXPECT_NE(m.find("s.yaml:5:12: policies[0].start: outside the run"), std::string::npos) << m;
}

TEST(LeverInput, TargetsMatchingNoCountryAndOverlaps) {
  std::string m = error_of(kTiny +
                           "  - lever: data_commons\n"
                           "    targets: {iso3: [NGR]}\n"
                           "    start: 2024-01\n"
                           "    intensity: 1\n");
  EXPECT_NE(m.find("policies[0].targets.iso3: no model country has this code (did you mean "
                   "'NGA'?) (got NGR)"),
            std::string::npos)
      << m;
  m = error_of(kTiny +
               "  - lever: data_commons\n"
               "    targets: {region: [North America]}\n"
               "    start: 2024-01\n"
               "    intensity: 1\n"
               "  - lever: data_commons\n"
               "    targets: {income: [high]}\n"
               "    start: 2025-01\n"
               "    intensity: 2\n");
  EXPECT_NE(m.find("s.yaml:8:14: policies[1].targets: overlaps policies[0] (same lever, country "
                   "and time) (got USA)"),
            std::string::npos)
      << m;
  // tiny.yaml's seven countries have none in this region.
  m = error_of(kTiny +
               "  - lever: data_commons\n"
               "    targets: {region: [Middle East & North Africa]}\n"
               "    start: 2024-01\n"
               "    intensity: 1\n");
  EXPECT_NE(m.find("s.yaml:4:14: policies[0].targets.region: no model country is in this "
                   "region (got Middle East & North Africa)"),
            std::string::npos)
      << m;
}

TEST(LeverInput, NonOverlappingEntriesAndEarlyStartWarning) {
  const models::Scenario s = models::load_scenario_text(kTiny +
                                                            "  - lever: data_commons\n"
                                                            "    targets: {income: [high]}\n"
                                                            "    start: 2024-01\n"
                                                            "    end: 2024-12\n"
                                                            "    intensity: 1\n"
                                                            "  - lever: data_commons\n"
                                                            "    targets: {income: [high]}\n"
                                                            "    start: 2025-01\n"
                                                            "    intensity: 2\n",
                                                        "s.yaml", kSource + "/scenarios");
  ASSERT_EQ(s.params.policies.size(), 2u);
  EXPECT_NE(s.warnings.at(0).find("s.yaml:5:12: policies[0].start: before 2026-01"),
            std::string::npos);
  const auto data = models::load_country_data(kSource + "/data", s.params.population.countries);
  EXPECT_NO_THROW(models::check_policies(s, data));
}

TEST(LeverInput, RampedIntensity) {
  models::PolicyEntry e;
  e.start = {2026, 1};
  e.ramp_months = 4;
  e.end = sim::YearMonth{2027, 12};
  e.intensity = 2.0;
  EXPECT_EQ(models::ramped_intensity(e, {2025, 12}), 0.0);
  EXPECT_EQ(models::ramped_intensity(e, {2026, 1}), 0.5);
  EXPECT_EQ(models::ramped_intensity(e, {2026, 4}), 2.0);
  EXPECT_EQ(models::ramped_intensity(e, {2027, 12}), 2.0);
  EXPECT_EQ(models::ramped_intensity(e, {2028, 1}), 0.0);
}

// ---- zero intensity: identical to the baseline under `aidivide diff --ignore-scenario` ----

int run_command(const std::string& args) {
  const int raw = std::system((kBin + " " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

// A valid target and extra keys for each lever on tiny.yaml.
std::string zero_entry(const models::LeverInfo& info) {
  std::string e = "  - lever: " + std::string(info.name) + "\n";
  e += info.name == "open_weight_release" ? "    targets: all\n"
                                          : "    targets: {income: [low, lower_middle]}\n";
  e += "    start: 2024-01\n    intensity: 0\n";
  if (!info.shock) e += "    ramp_months: 6\n";
  return e;
}

TEST(LeverIdentity, ZeroIntensityIsTheBaseline) {
  const fs::path dir =
      fs::temp_directory_path() / ("aidivide_levers_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string tiny = kSource + "/scenarios/tiny.yaml";
  ASSERT_EQ(run_command("run " + tiny + " --quiet --threads 2 -o " + (dir / "base.h5").string()),
            0);
  for (const models::LeverInfo& info : models::lever_infos()) {
    // Named tiny.yaml too, so the run's title (from the file name) matches the baseline's.
    fs::create_directories(dir / info.name);
    const fs::path yaml = dir / info.name / "tiny.yaml";
    std::ofstream(yaml) << "extends: " << tiny << "\npolicies:\n" << zero_entry(info);
    const fs::path out = dir / (std::string(info.name) + ".h5");
    ASSERT_EQ(run_command("run " + yaml.string() + " --quiet --threads 2 -o " + out.string()), 0)
        << info.name;
    EXPECT_EQ(
        run_command("diff --ignore-scenario " + (dir / "base.h5").string() + " " + out.string()), 0)
        << info.name << " at zero intensity differs from the baseline";
  }
  fs::remove_all(dir);
}

// ---- direction on a reduced population, paired replicates ----

constexpr int kReplicates = 3;

struct Reduced {
  models::CountryData data;
  models::Params base;
};

const Reduced& reduced() {
  static const Reduced r = [] {
    Reduced out;
    const models::Scenario s = models::load_scenario(
        kSource + "/scenarios/baseline.yaml",
        {"population.workers=50000", "population.firms=10000", "time.end=2031-12"});
    out.data = models::load_country_data(app::resolve_data_dir(s), s.params.population.countries);
    out.base = s.params;
    return out;
  }();
  return r;
}

using Outcome = std::function<double(const models::Params&, const models::World&)>;

// The countries the direction tests target: low and lower-middle income.
bool targeted(const models::Countries& k, int c) {
  return k.income[c] == models::IncomeGroup::kLow ||
         k.income[c] == models::IncomeGroup::kLowerMiddle;
}

// Labour-force-weighted mean of a country column over low and lower-middle income countries.
Outcome target_mean(models::Column models::Countries::*column) {
  return [column](const models::Params&, const models::World& w) {
    const models::Countries& k = w.countries;
    double num = 0, den = 0;
    for (int c = 0; c < k.n; ++c) {
      if (!targeted(k, c)) continue;
      num += k.labour_force[c] * (k.*column)[c];
      den += k.labour_force[c];
    }
    return num / den;
  };
}

models::World final_world(const models::Params& params, int replicate) {
  models::Simulation sim(params, reduced().data,
                         sim::member_seed(static_cast<std::uint64_t>(params.run.seed),
                                          static_cast<std::uint64_t>(replicate)));
  while (!sim.done()) sim.step();
  return sim.world();
}

double outcome_of(const models::Params& params, int replicate, const Outcome& outcome) {
  return outcome(params, final_world(params, replicate));
}

// The baseline's final worlds, run once for all direction tests.
double baseline_outcome(int replicate, const Outcome& outcome) {
  static std::map<int, models::World> worlds;
  auto it = worlds.find(replicate);
  if (it == worlds.end())
    it = worlds.emplace(replicate, final_world(reduced().base, replicate)).first;
  return outcome(reduced().base, it->second);
}

// Paired differences lever minus baseline over replicates: the mean must have `sign` and exceed
// 3 standard errors of the paired spread (and a tiny absolute floor for deterministic effects).
// The reduced baseline with the `policies:` entries of `entries`.
models::Params with_policies(const std::string& entries) {
  models::Params with = reduced().base;
  const models::Scenario s = models::load_scenario_text(
      "extends: baseline.yaml\npolicies:\n" + entries, "lever.yaml", kSource + "/scenarios",
      {"population.workers=50000", "population.firms=10000", "time.end=2031-12"});
  models::check_policies(s, reduced().data);
  with.policies = s.params.policies;
  return with;
}

// The paired mean of d must have `sign` and exceed 3 standard errors of its spread.
void expect_paired_sign(const std::vector<double>& d, int sign, const std::string& what) {
  double mean = 0, ss = 0;
  for (double x : d) mean += x / d.size();
  for (double x : d) ss += (x - mean) * (x - mean);
  const double se = std::sqrt(ss / (d.size() - 1) / d.size());
  EXPECT_GT(sign * mean, 3 * se) << what << "paired mean " << mean << ", se " << se;
  EXPECT_GT(sign * mean, 0) << what;
}

void expect_direction(const std::string& entry, const Outcome& outcome, int sign) {
  const models::Params with = with_policies(entry);
  std::vector<double> d;
  for (int r = 0; r < kReplicates; ++r) {
    d.push_back(outcome_of(with, r, outcome) - baseline_outcome(r, outcome));
  }
  expect_paired_sign(d, sign, entry);
}

std::string entry(const std::string& lever, const std::string& intensity,
                  const std::string& targets = "{income: [low, lower_middle]}") {
  return "  - lever: " + lever + "\n    targets: " + targets +
         "\n    start: 2026-01\n    ramp_months: 12\n    intensity: " + intensity + "\n";
}

using models::Countries;

// Labour-force-weighted mean over low and lower-middle income countries of f(world, c).
Outcome target_mean_of(double (*f)(const models::World&, int)) {
  return [f](const models::Params&, const models::World& w) {
    const models::Countries& k = w.countries;
    double num = 0, den = 0;
    for (int c = 0; c < k.n; ++c) {
      if (!targeted(k, c)) continue;
      num += k.labour_force[c] * f(w, c);
      den += k.labour_force[c];
    }
    return num / den;
  };
}

TEST(LeverDirection, OpenSourceAccessRaisesTheOpenWeightShare) {
  // Cheaper, closer and better-fitted open weights: more adopters choose them.
  expect_direction(
      entry("open_source_access", "5"), target_mean_of([](const models::World& w, int c) {
        return w.countries.provider_share[c * models::kProviders + models::kOpenWeight];
      }),
      1);
}
// 20,000 16-bit PFLOP/s (model v2's unit, M6): 2,000 moves access by about 3 standard errors of
// the replicates' rented-cloud noise only.
TEST(LeverDirection, RegionalComputeHubsRaiseComputeAccess) {
  expect_direction(entry("regional_compute_hubs", "20000"), target_mean(&Countries::compute_access),
                   1);
}
TEST(LeverDirection, DataCommonsRaisesLanguageFit) {
  expect_direction(entry("data_commons", "1e8"), target_mean(&Countries::language_fit), 1);
}
TEST(LeverDirection, MultilateralGovernanceLowersComplianceCost) {
  expect_direction(entry("multilateral_governance", "0.5"),
                   target_mean(&Countries::compliance_cost), -1);
}
TEST(LeverDirection, HardInfrastructureRaisesInternet) {
  expect_direction(entry("hard_infrastructure", "0.02"), target_mean(&Countries::internet_share),
                   1);
}
TEST(LeverDirection, SoftCapacityRaisesHumanCapital) {
  expect_direction(entry("soft_capacity", "50"), target_mean_of([](const models::World& w, int c) {
                     return w.countries.pillar[1][c];  // human capital
                   }),
                   1);
}
// AI-skilled share of the workers of one sex in low and lower-middle income countries, from the
// agent columns.
Outcome ai_skilled_share_of(std::uint8_t sex) {
  return [sex](const models::Params&, const models::World& w) {
    const models::Countries& k = w.countries;
    double skilled = 0, all = 0;
    for (int c = 0; c < k.n; ++c) {
      if (!targeted(k, c)) continue;
      for (auto i = k.worker_offset[c]; i < k.worker_offset[c + 1]; ++i) {
        if (w.workers.sex[i] != sex) continue;
        skilled += w.workers.ai_skill[i];
        all += 1;
      }
    }
    return skilled / all;
  };
}

// Priority seats for women: against the same seats without priority (paired replicates), more
// women and fewer men finish a training. Priority matters only when seats run out; at the
// calibrated displacement rate unemployment stays far below the base seats, so both arms raise
// displacement and have no base seats: the lever's 2 seats per 1000 workers are all there is.
TEST(LeverDirection, SoftCapacityPriorityGivesWomenTheSeatsFirst) {
  const std::string seats = entry("soft_capacity", "2");
  models::Params plain = with_policies(seats);
  models::Params women_first = with_policies(seats + "    priority: [women]\n");
  for (models::Params* p : {&plain, &women_first}) {
    p->workers.seat_rate = 0;
    p->workers.displacement_rate = 2;
  }
  std::vector<double> women, men;
  for (int r = 0; r < kReplicates; ++r) {
    const models::World a = final_world(women_first, r), b = final_world(plain, r);
    women.push_back(ai_skilled_share_of(models::kFemale)(women_first, a) -
                    ai_skilled_share_of(models::kFemale)(plain, b));
    men.push_back(ai_skilled_share_of(models::kMale)(women_first, a) -
                  ai_skilled_share_of(models::kMale)(plain, b));
  }
  expect_paired_sign(women, 1, "women ");
  expect_paired_sign(men, -1, "men ");
}

TEST(LeverDirection, PeopleCentredGovernanceRaisesDataWorkWages) {
  expect_direction(entry("people_centred_governance", "1"),
                   target_mean(&Countries::data_work_wage_usd), 1);
}
TEST(LeverDirection, PrivacyPreservingDataSharingRaisesProduction) {
  expect_direction(entry("privacy_preserving_data_sharing", "5"),
                   target_mean(&Countries::firm_production_all), 1);
}
TEST(LeverDirection, ExportControlsCutCompute) {
  expect_direction(entry("export_controls", "2", "{bloc: [non_aligned]}"),
                   target_mean(&Countries::compute_pflops), -1);
}
TEST(LeverDirection, BlocDecouplingCutsInvestmentOutsideBlocUs) {
  expect_direction(entry("bloc_decoupling", "1", "all"), target_mean(&Countries::ai_capital_usd),
                   -1);
}
TEST(LeverDirection, CloudPortabilityMovesFirmsToTheBestProvider) {
  // Share of adopters on the provider of highest utility: switching is cheaper, so more move.
  const Outcome on_best = [](const models::Params& p, const models::World& w) {
    const models::Countries& k = w.countries;
    double num = 0, den = 0;
    for (int c = 0; c < k.n; ++c) {
      if (k.income[c] == models::IncomeGroup::kHigh) continue;
      const models::ProviderView v = models::provider_view(p, w, c);
      int best = -1;
      for (int q = 0; q < models::kProviders; ++q) {
        if (v.available[q] && (best < 0 || v.utility[q] > v.utility[best])) best = q;
      }
      num += k.labour_force[c] * k.provider_share[c * models::kProviders + best];
      den += k.labour_force[c];
    }
    return num / den;
  };
  expect_direction(entry("cloud_portability", "1", "all"), on_best, 1);
}
TEST(LeverDirection, OpenWeightReleaseShortensTheLag) {
  const Outcome lag = [](const models::Params&, const models::World& w) {
    return w.globals.open_lag_months;
  };
  expect_direction(
      "  - lever: open_weight_release\n    targets: all\n    start: 2027-01\n"
      "    intensity: 3\n",
      lag, -1);
}
TEST(LeverDirection, ExportControlEscalationCutsCompute) {
  expect_direction(
      "  - lever: export_control_escalation\n    targets: {iso3: [IND, VNM]}\n"
      "    start: 2027-01\n    intensity: 3\n",
      [](const models::Params&, const models::World& w) {
        const auto& k = w.countries;
        double s = 0;
        for (int c = 0; c < k.n; ++c) {
          if (k.iso3[c] == "IND" || k.iso3[c] == "VNM") s += k.compute_pflops[c];
        }
        return s;
      },
      -1);
}

}  // namespace
