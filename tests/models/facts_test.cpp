// SF1-SF19 on a synthetic run with known answers: each pattern's value, the classes (input
// checks reported, never counted as evidence), and the refusals (other data, a missing variable,
// record or dimension).
#include "models/facts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/observables.hpp"
#include "sim/error.hpp"
#include "tests/models/synthetic_run.hpp"

namespace {

using models::Fact;
using models::FactClass;
using models::RunData;
using test_facts::SyntheticRun;
using test_facts::t_of;

const Fact& fact(const std::vector<Fact>& facts, const std::string& id) {
  const auto it =
      std::find_if(facts.begin(), facts.end(), [&](const Fact& f) { return f.id == id; });
  if (it == facts.end()) throw std::runtime_error("no fact " + id);
  return *it;
}

class Facts : public ::testing::Test {
 protected:
  SyntheticRun synthetic;
  models::ObservedData observed = test_facts::synthetic_observed();

  std::vector<Fact> facts() const { return models::stylised_facts(observed, test_facts::kIso3); }
  // Part `part` of pattern `id` on the synthetic run as it is now.
  double value(const std::string& id, std::size_t part) const {
    const RunData r = synthetic.run();
    const std::vector<Fact> f = facts();
    return fact(f, id).parts.at(part).compute(r);
  }
  std::string evaluation_error() const {
    const RunData r = synthetic.run();
    const std::vector<Fact> f = facts();
    try {
      models::evaluate_facts(f, {&r}, observed);
    } catch (const sim::InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(Facts, NineteenPatternsWithTheirClasses) {
  const std::vector<Fact> f = facts();
  ASSERT_EQ(f.size(), 19u);
  for (std::size_t i = 0; i < f.size(); ++i) EXPECT_EQ(f[i].id, "SF" + std::to_string(i + 1));
  // MODEL.md section 1: classes of the patterns and of the parts that differ.
  EXPECT_EQ(fact(f, "SF3").cls, FactClass::kInputCheck);
  EXPECT_EQ(fact(f, "SF11").cls, FactClass::kInputCheck);
  EXPECT_EQ(fact(f, "SF2").parts[2].cls, FactClass::kInputCheck);  // month of the minimum
  EXPECT_EQ(fact(f, "SF5").parts[0].cls, FactClass::kInputCheck);  // gain per year
  EXPECT_EQ(fact(f, "SF6").parts[2].cls, FactClass::kInputCheck);  // 2023 gap
  EXPECT_EQ(fact(f, "SF14").parts[0].cls, FactClass::kTarget);
  EXPECT_EQ(fact(f, "SF14").parts[2].cls, FactClass::kInputCheck);  // spread
  EXPECT_EQ(fact(f, "SF19").parts[0].cls, FactClass::kValidation);
  EXPECT_EQ(fact(f, "SF19").parts[1].cls, FactClass::kInputCheck);  // M8 uses their data
  for (const char* id : {"SF15", "SF16", "SF17", "SF18"}) {
    EXPECT_EQ(fact(f, id).cls, FactClass::kValidation) << id;
  }
  EXPECT_FALSE(models::is_evidence(FactClass::kInputCheck));
  EXPECT_FALSE(models::is_evidence(FactClass::kInput));
  EXPECT_TRUE(models::is_evidence(FactClass::kValidation));
}

TEST_F(Facts, TheSyntheticBaselinePassesEveryPattern) {
  const RunData r = synthetic.run();
  const std::vector<Fact> f = facts();
  const auto results = models::evaluate_facts(f, {&r, &r}, observed);
  for (const auto& result : results) {
    for (std::size_t i = 0; i < result.parts.size(); ++i) {
      EXPECT_TRUE(result.parts[i].pass)
          << result.fact->id << " " << result.fact->parts[i].what << " = " << result.parts[i].mean
          << " (target " << result.fact->parts[i].target << ")";
    }
  }
  const std::string report = models::facts_report(results, 2, false);
  EXPECT_NE(report.find("19 of 19 patterns pass over 2 runs"), std::string::npos) << report;
  EXPECT_NE(report.find("[input check]"), std::string::npos) << report;
}

TEST_F(Facts, Sf1IsTheFirstMonthAbove1e9) {
  EXPECT_DOUBLE_EQ(value("SF1", 0), 2025 + 7 / 12.0);  // 2025-08: equal at 2025-07 is not above
  synthetic.global("frontier_cost_usd", [](int) { return 1e8; });
  EXPECT_TRUE(std::isinf(value("SF1", 0)));
  EXPECT_EQ(models::format_fact_value(2025 + 7 / 12.0, models::ValueFormat::kMonth), "2025-08");
}

TEST_F(Facts, Sf2WorldLagIsTheSmallestOverBlocs) {
  // min(5, 2 + |t - 24| / 4): 13 records of 5 to 2024-01, then the V: sum 134.75 over 34.
  EXPECT_NEAR(value("SF2", 0), 134.75 / 34, 1e-12);
  EXPECT_DOUBLE_EQ(value("SF2", 1), 5.0);
  EXPECT_DOUBLE_EQ(value("SF2", 2), 2025.0);  // the minimum at 2025-01
  // A tie: the first month counts.
  synthetic.per("open_lag_months_by_bloc", "bloc", [](int t, int b) {
    return b == 1 && (t == t_of(2024, 9) || t == t_of(2025, 3)) ? 1.0 : 6.0;
  });
  EXPECT_DOUBLE_EQ(value("SF2", 2), 2024 + 8 / 12.0);
}

TEST_F(Facts, Sf3SharesOfAYearSumTheFlows) {
  const std::vector<Fact> f = facts();
  EXPECT_NEAR(value("SF3", 2), 0.72, 1e-12);  // USA 2024
  // 2024: half a year at 0.5 of one unit, half at 1.0 of three units: (3 + 18) / 24.
  synthetic.country("ai_investment_usd", [&](int t, int i) {
    const bool late = t >= t_of(2024, 7) && t < t_of(2025);
    const double world = late ? 3.0 : 1.0, usa = late ? 1.0 : 0.5;
    return i == synthetic.c("USA")   ? usa * world
           : i == synthetic.c("DEU") ? (1 - usa) * world
                                     : 0.0;
  });
  EXPECT_NEAR(value("SF3", 2), 0.875, 1e-12);
  // Africa's share of the year weights each record's share by the world flow.
  synthetic.global("africa_investment_share",
                   [](int t) { return t >= t_of(2024, 7) && t < t_of(2025) ? 0.002 : 0.0; });
  EXPECT_NEAR(value("SF3", 6), 0.002 * 18 / 24, 1e-15);
  // The M11 continuity parts are targets, the data parts input checks.
  EXPECT_EQ(fact(f, "SF3").parts[7].cls, FactClass::kTarget);
  EXPECT_NEAR(fact(f, "SF3").parts[7].lo, 0.83 - 0.06, 1e-12);
}

TEST_F(Facts, Sf4SharesRenormalisedOverTheRunCountries) {
  const std::vector<Fact> f = facts();
  // JPN is not a run country: USA 3.6 / 5, CHN 0.7 / 5.
  EXPECT_NEAR(fact(f, "SF4").parts[0].lo, 0.72 - 0.07, 1e-12);
  EXPECT_NEAR(fact(f, "SF4").parts[1].hi, 0.14 + 0.07, 1e-12);
  EXPECT_NE(fact(f, "SF4").parts[2].target.find("data 5.00"), std::string::npos);
  EXPECT_NEAR(value("SF4", 0), 0.72, 1e-12);
  EXPECT_NEAR(value("SF4", 2), 5.0, 1e-12);
}

TEST_F(Facts, Sf5Sf6FirmSharesWeightedByFirmCount) {
  EXPECT_NEAR(value("SF5", 0), 11.0, 1e-9);
  EXPECT_NEAR(value("SF5", 1), 0.05, 1e-12);
  EXPECT_NEAR(value("SF5", 2), 0.05, 1e-12);
  EXPECT_NEAR(value("SF6", 0), 0.52, 1e-12);
  EXPECT_NEAR(value("SF6", 2), 23.0, 1e-9);
  EXPECT_NEAR(value("SF6", 3), 35.0, 1e-9);
}

TEST_F(Facts, Sf7ToSf12) {
  EXPECT_NEAR(value("SF7", 0), 0.60, 1e-12);
  EXPECT_NEAR(value("SF7", 1), 0.40, 1e-12);
  EXPECT_NEAR(value("SF7", 2), 0.26, 1e-12);
  EXPECT_NEAR(value("SF9", 0), 0.4, 1e-12);
  EXPECT_NEAR(value("SF10", 1), 0.446, 1e-12);
  EXPECT_NEAR(value("SF10", 3), 10.0, 1e-9);
  EXPECT_NEAR(value("SF12", 0), 3.0, 1e-12);
  synthetic.country("readiness", [](int, int i) { return static_cast<double>(i); });
  EXPECT_LT(value("SF11", 0), 0.6);
}

TEST_F(Facts, Sf13EuropeanUseAgainstTheDataOfTheRunCountries) {
  const std::vector<Fact> f = facts();
  // NOR is not a run country: the data mean is over DEU, DNK, POL, ROU (29.5).
  EXPECT_NEAR(fact(f, "SF13").parts[0].lo, 23.5, 1e-12);
  EXPECT_NE(fact(f, "SF13").parts[0].what.find("4 countries"), std::string::npos);
  EXPECT_NEAR(value("SF13", 0), 29.5, 1e-12);
  EXPECT_NEAR(value("SF13", 1), std::sqrt(643.0 / 3), 1e-9);
  EXPECT_NEAR(value("SF13", 2), 1.0, 1e-12);
}

TEST_F(Facts, Sf14EnterpriseUseAcrossTheEu) {
  const std::vector<Fact> f = facts();
  EXPECT_NEAR(value("SF14", 0), 13.5, 1e-9);
  EXPECT_NEAR(value("SF14", 1), 20.0, 1e-9);
  // Top three of the 2024 data DNK, DEU, POL over bottom three ROU, POL, DEU.
  EXPECT_NE(fact(f, "SF14").parts[2].what.find("DNK, DEU, POL over ROU, POL, DEU"),
            std::string::npos)
      << fact(f, "SF14").parts[2].what;
  EXPECT_NEAR(value("SF14", 2), (2.8 + 0.6 + 0.4) / (0.2 + 0.4 + 0.6), 1e-9);
  EXPECT_NEAR(value("SF14", 3), 1.0, 1e-12);
}

TEST_F(Facts, Sf15ToSf17) {
  EXPECT_NEAR(value("SF15", 0), 2.5, 1e-12);
  EXPECT_NEAR(value("SF16", 0), 1.0, 1e-12);
  EXPECT_NEAR(value("SF16", 1), 0.7, 1e-12);
  EXPECT_NEAR(value("SF16", 2), 0.7 - 0.3428304659777492, 1e-9);
  const double high = (0.446 + 0.1 * 10 / 12) / (0.446 - 0.1 * 2 / 12) - 1;
  EXPECT_NEAR(value("SF17", 0), 1.0 / high, 1e-9);
}

TEST_F(Facts, Sf16DropsCountriesWithoutUsers) {
  // ETH without users: left out, the rest still follows (gdp / 20000)^0.7 exactly.
  synthetic.country("ai_use_intensity", [&](int, int i) {
    const std::vector<double> gdp = {80000, 12000, 52000, 68000, 22000, 18000, 2000, 1000};
    return i == synthetic.c("ETH") ? 0.0 : std::pow(gdp[static_cast<std::size_t>(i)] / 20000, 0.7);
  });
  EXPECT_NEAR(value("SF16", 1), 0.7, 1e-12);
  EXPECT_TRUE(std::isfinite(value("SF16", 2)));
}

TEST_F(Facts, Sf18WeightsCellsByLabourForceOccupationAndSkill) {
  EXPECT_NEAR(value("SF18", 0), 0.005, 1e-12);
  // Only exposed-complementary high-skill users gain 10% (weight 0.27 * 0.35 of 0.60 * 1): the
  // mean ratio goes from 1.1 to 1.1 * (1 + 0.1 * 0.0945 / 0.6).
  synthetic.wage([](int t, int, int o, int s, int u) {
    if (u == 1) return 50000.0;
    return t >= t_of(2026) && o == 0 && s == 2 ? 55000.0 * 1.1 : 55000.0;
  });
  EXPECT_NEAR(value("SF18", 0), 0.1 * 0.27 * 0.35 / 0.60, 1e-12);
  // A cell without users (NaN wage) at either date is left out.
  synthetic.wage([](int t, int, int o, int, int u) {
    if (u == 1) return 50000.0;
    if (o == 1) return std::nan("");
    return t >= t_of(2026) ? 55000.0 * 1.02 : 55000.0;
  });
  EXPECT_NEAR(value("SF18", 0), 0.02, 1e-12);
}

TEST_F(Facts, Sf19SplitsTheLinkedInCountries) {
  const std::vector<Fact> f = facts();
  EXPECT_NE(fact(f, "SF19").parts[0].what.find("4 countries without"), std::string::npos);
  EXPECT_NE(fact(f, "SF19").parts[1].what.find("3 countries with"), std::string::npos);
  EXPECT_NEAR(value("SF19", 0), 1.0, 1e-12);
  // Reverse the model's order of the four (ETH, NGA, POL, ROU): Spearman -1.
  synthetic.country("ai_talent_net_flow", [](int, int i) {
    const std::vector<double> flow = {1.0, 0.1, 0.5, 2.0, 0.2, 0.5, 1.0, 0.8};
    return flow[static_cast<std::size_t>(i)];
  });
  EXPECT_NEAR(value("SF19", 0), -1.0, 1e-12);
}

TEST_F(Facts, AnInputCheckThatFailsIsNotEvidence) {
  synthetic.country("readiness", [](int, int i) { return static_cast<double>(i); });
  const RunData r = synthetic.run();
  const std::vector<Fact> f = facts();
  const auto results = models::evaluate_facts(f, {&r}, observed);
  const std::string report = models::facts_report(results, 1, true);
  EXPECT_NE(report.find("18 of 19 patterns pass"), std::string::npos) << report;
  EXPECT_NE(report.find("input and input-check parts (never counted as evidence): 17 of 18 pass"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("| SF11 |"), std::string::npos);
}

TEST_F(Facts, RefusesRunsOfOtherData) {
  synthetic.contents.attributes["data_sha256"] = "0123";
  std::string e = evaluation_error();
  EXPECT_NE(e.find("data_sha256"), std::string::npos) << e;
  EXPECT_NE(e.find("--data"), std::string::npos) << e;
  EXPECT_NE(e.find("(got 0123)"), std::string::npos) << e;
  synthetic.contents.attributes.erase("data_sha256");
  e = evaluation_error();
  EXPECT_NE(e.find("does not record the hash of its data"), std::string::npos) << e;
}

TEST_F(Facts, EveryVariableTheFactsReadIsNamedWhenMissing) {
  // fact_variables() is exactly what the facts read: without any one of them the evaluation
  // stops with an error naming it and a pattern that needs it.
  std::vector<std::string> listed;
  for (const auto& v : models::fact_variables()) listed.push_back(v.name);
  std::vector<std::string> used;
  for (const auto& [name, a] : synthetic.contents.variables) used.push_back(name);
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, used);
  for (const auto& v : models::fact_variables()) {
    SyntheticRun copy = synthetic;
    copy.contents.variables.erase(v.name);
    const RunData r = copy.run();
    const std::vector<Fact> f = facts();
    try {
      models::evaluate_facts(f, {&r}, observed);
      ADD_FAILURE() << "no error without " << v.name;
    } catch (const sim::InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("the run has no variable " + v.name), std::string::npos) << what;
      EXPECT_NE(what.find("needed by SF"), std::string::npos) << what;
    }
  }
}

TEST_F(Facts, RefusesAVariableWithOtherDimensions) {
  // v1 wrote one world lag; v2 needs it by bloc.
  synthetic.contents.variables["open_lag_months_by_bloc"] = {{}, {test_facts::kRecords}, {"time"}};
  const std::string e = evaluation_error();
  EXPECT_NE(e.find("open_lag_months_by_bloc: has dimensions (time), facts need (time, bloc)"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("needed by SF2"), std::string::npos) << e;
}

TEST_F(Facts, RefusesAMissingDimensionOrRecord) {
  synthetic.contents.labels.erase("use");
  std::string e = evaluation_error();
  EXPECT_NE(e.find("the run has no dimension use"), std::string::npos) << e;
  SyntheticRun short_run;
  short_run.contents.months.resize(36);  // to 2025-12
  const RunData r = short_run.run();
  const std::vector<Fact> f = facts();
  EXPECT_THROW(
      {
        try {
          models::evaluate_facts(f, {&r}, observed);
        } catch (const sim::InputError& err) {
          EXPECT_NE(std::string(err.what()).find("no record for 2026-01"), std::string::npos)
              << err.what();
          throw;
        }
      },
      sim::InputError);
}

TEST_F(Facts, RefusesReplicatesOfOtherCountries) {
  SyntheticRun other;
  other.contents.iso3[7] = "KEN";
  const RunData a = synthetic.run(), b = other.run();
  const std::vector<Fact> f = facts();
  EXPECT_THROW(models::evaluate_facts(f, {&a, &b}, observed), sim::InputError);
}

TEST_F(Facts, LossOfRangesAndBounds) {
  const std::vector<Fact> f = facts();
  const models::FactPart& range = fact(f, "SF12").parts[0];  // 2-5
  EXPECT_DOUBLE_EQ(models::part_loss(range, 3.5), 0.0);
  EXPECT_DOUBLE_EQ(models::part_loss(range, 5.0), 1.0);
  const models::FactPart& bound = fact(f, "SF17").parts[0];  // > 1
  EXPECT_DOUBLE_EQ(models::part_loss(bound, 7.0), 0.0);
  EXPECT_DOUBLE_EQ(models::part_loss(bound, 1.1), 0.0);  // the margin: a tenth of the bound
  EXPECT_NEAR(models::part_loss(bound, 1.05), 0.25, 1e-12);
  EXPECT_NEAR(models::part_loss(bound, 1.0), 1.0, 1e-12);
  EXPECT_NEAR(models::part_loss(bound, 0.5), 36.0, 1e-12);
  const models::FactPart& upper = fact(f, "SF5").parts[1];  // < 0.10
  EXPECT_DOUBLE_EQ(models::part_loss(upper, 0.08), 0.0);
  EXPECT_NEAR(models::part_loss(upper, 0.1), 1.0, 1e-12);
  EXPECT_NEAR(models::part_loss(upper, 0.105), 2.25, 1e-12);
  EXPECT_DOUBLE_EQ(models::part_loss(bound, std::nan("")), 1e6);
}

// The variables the facts read are outputs of the model with these dimensions. The v2 ones
// (ai_use_intensity, open_lag_months_by_bloc, mean_wage_usd_by_use, ai_talent_net_flow) come
// with the demand-side and supply-side changes of model v2.
TEST(FactVariables, AreOutputsWithTheseDimensions) {
  for (const auto& fv : models::fact_variables()) {
    const auto& all = models::output_variables();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const models::Variable& v) { return v.name == fv.name; });
    if (it == all.end()) {
      ADD_FAILURE() << fv.name << " is not an output variable";
      continue;
    }
    std::vector<std::string> dims = {"time"};
    for (const auto& d : models::dimension_names(it->dims)) dims.push_back(d);
    EXPECT_EQ(dims, fv.dims) << fv.name;
  }
}

}  // namespace
