// Rule and input tests of M8, talent follows compute (models/talent_data.cpp).
#include "models/talent_data.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "models/phases.hpp"
#include "sim/error.hpp"
#include "world_builder.hpp"

namespace {

using test_world::kHic;
using test_world::kLic;
using test_world::kLmc;
using test_world::kUmc;

sim::CsvTable table(const std::string& text, const std::string& name) {
  return sim::parse_csv(text, name, sim::InputKind::kData);
}

const char* kMigration =
    "country,iso3,country_as_in_source,year,net_ai_talent_migration_per_10k_members\n"
    "A,AAA,A,2018,9.0\n"  // outside 2019-2024: ignored
    "A,AAA,A,2019,1.0\n"
    "A,AAA,A,2024,3.0\n"
    "B,BBB,B,2020,-0.5\n"
    "C,CCC,C,2021,0.4\n";  // no concentration: no flow
const char* kConcentration =
    "iso3,geographic_area,year,gender,ai_talent_concentration_pct\n"
    "AAA,A,2022,Female,9.0\n"
    "AAA,A,2023,Female,0.5\n"
    "AAA,A,2023,Male,1.5\n"
    "AAA,A,2024,Male,7.0\n"  // after 2023: ignored
    "BBB,B,2021,Male,0.25\n";

// MODEL.md 9 M8: flow = (net per 10k / 1e4) / (concentration pct / 100), with the 2019-2024 mean
// of the migration and the mean over the sexes of the latest concentration up to 2023.
TEST(TalentDataTest, FlowIsNetMigrationOverConcentration) {
  const auto flows =
      models::read_talent_flows(table(kMigration, "m.csv"), table(kConcentration, "c.csv"));
  ASSERT_EQ(flows.size(), 2u);
  EXPECT_NEAR(flows.at("AAA"), (2.0 / 1e4) / (1.0 / 100), 1e-15);
  EXPECT_NEAR(flows.at("BBB"), (-0.5 / 1e4) / (0.25 / 100), 1e-15);
}

TEST(TalentDataTest, NonPositiveConcentrationIsRefusedWithItsLocation) {
  try {
    models::read_talent_flows(table(kMigration, "m.csv"),
                              table("iso3,geographic_area,year,gender,ai_talent_concentration_pct\n"
                                    "AAA,A,2023,Male,0\n",
                                    "c.csv"));
    FAIL();
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("c.csv:2"), std::string::npos) << e.what();
  }
}

// The project's data: the 30 countries with both LinkedIn series (SF19).
TEST(TalentDataTest, ThirtyModelCountriesHaveTheData) {
  const models::CountryData data = models::load_country_data(AIDIVIDE_SOURCE_DIR "/data");
  int with = 0;
  for (const auto& r : data.countries) with += !std::isnan(r.talent_flow_data);
  EXPECT_EQ(with, 30);
}

models::World talent_world() {
  models::Params p = test_world::tiny_params(4000, 400);
  auto data = test_world::tiny_data();
  data.countries[kHic].talent_flow_data = 0.02;
  data.countries[kUmc].talent_flow_data = 0.0;
  data.countries[kLmc].talent_flow_data = -0.03;
  return models::make_world(p, data, test_world::test_seed());
}

// The fit at tick 0 is the least-squares line of the data on ln compute per worker.
TEST(TalentDataTest, FitIsTheLeastSquaresLineOnComputePerWorker) {
  const models::World w = talent_world();
  const auto& k = w.countries;
  double world_compute = 0, world_labour = 0;
  for (int c = 0; c < k.n; ++c)
    world_compute += k.compute_pflops[c], world_labour += k.labour_force[c];
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double y[3] = {0.02, 0.0, -0.03};
  for (int c = 0; c < 3; ++c) {
    const double x =
        std::log(k.compute_pflops[c] / k.labour_force[c] / (world_compute / world_labour));
    sx += x, sy += y[c], sxx += x * x, sxy += x * y[c];
  }
  const double slope = (3 * sxy - sx * sy) / (3 * sxx - sx * sx);
  EXPECT_NEAR(w.globals.talent_slope, slope, 1e-12);
  EXPECT_NEAR(w.globals.talent_intercept, (sy - slope * sx) / 3, 1e-12);
  EXPECT_GT(w.globals.talent_slope, 0.0);  // talent follows compute in these data
}

// Phase 4: the data's flow before 2025-01, the fit after; the AI-skilled weight, the labour
// force and the output per 10,000 workers move together.
TEST(TalentDataTest, FlowReweightsTheAiSkilledAndTheLabourForce) {
  models::Params p = test_world::tiny_params(4000, 400);
  p.workers.talent_premium_effect = 0.0;
  for (const auto month : {models::YearMonth{2024, 6}, models::YearMonth{2026, 6}}) {
    models::World w = talent_world();
    auto& k = w.countries;
    const auto lf0 = k.labour_force;
    const auto skilled0 = k.ai_skilled_share;
    models::TickContext ctx = models::make_tick_context(p, 0);
    ctx.month = month;
    models::apply_talent_flow(p, w, ctx);
    for (int c = 0; c < k.n; ++c) {
      const bool data = month < models::YearMonth{2025, 1} && c != kLic;
      double compute = 0, labour = 0;
      for (int d = 0; d < k.n; ++d) compute += k.compute_pflops[d], labour += lf0[d];
      const double gap = std::log(k.compute_pflops[c] / lf0[c] / (compute / labour));
      const double flow = data ? (c == kHic   ? 0.02
                                  : c == kUmc ? 0.0
                                              : -0.03)
                               : w.globals.talent_intercept + w.globals.talent_slope * gap;
      EXPECT_NEAR(k.talent_flow[c], flow, 1e-12) << c;
      const double factor = std::exp(flow * ctx.dt);
      EXPECT_NEAR(k.skilled_weight_factor[c], factor, 1e-12);
      EXPECT_NEAR(k.labour_force[c], lf0[c] + skilled0[c] * lf0[c] * (factor - 1), 1e-6);
      EXPECT_NEAR(k.ai_talent_net_flow[c], flow * skilled0[c] * 1e4, 1e-9);
    }
  }
}

}  // namespace
