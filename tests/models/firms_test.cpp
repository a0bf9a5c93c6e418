// Rule tests of phase 5, firms (entry, provider choice, pilots, switching, intangibles).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/firm_rates.hpp"
#include "models/phases.hpp"
#include "world_builder.hpp"

namespace {

using models::kClosedDomestic;
using models::kClosedForeign;
using models::kNone;
using models::kOpenWeight;
using models::kPilot;
using models::kProduction;
using models::kProviders;
using models::kSizes;
using models::Params;
using models::World;
using test_world::firm_begin;
using test_world::firm_end;
using test_world::kHic;
using test_world::kLic;
using test_world::kLmc;
using test_world::kUmc;

constexpr double kSigmas = 4.0;  // statistical tolerance, in standard errors

// The firm parameters the expectations below are written with (MODEL.md 7 defaults), so that a
// recalibration of the defaults does not change what these rule tests check.
Params firm_params() {
  Params p = test_world::tiny_params(4000, 40000);
  auto& f = p.firms;
  f.p_small = 0.1, f.q_small = 0.8, f.p_large = 0.3, f.q_large = 1.2, f.rho = 1.5;
  f.afford_scale = 1.0;
  f.pilot_success = 0.25, f.pilot_abandon = 0.3;
  f.readiness_threshold = 0.5, f.readiness_width = 0.1;
  f.logit_scale = 5.0, f.quality_k = 2.0, f.sovereignty_penalty = 0.1, f.local_cost0 = 0.5;
  f.switching_cost = 0.3, f.reconsider_rate = 0.5;
  f.intangible_pilot = 0.5, f.intangible_production = 1.0, f.intangible_depreciation = 0.2;
  f.gain_max = 0.14, f.z_half = 1.0;
  return p;
}

void step(const Params& p, World& w, int tick = 0) {
  models::firms_phase(p, w, models::make_tick_context(p, tick));
}

void set_all(World& w, std::uint8_t stage, int provider = -1) {
  std::fill(w.firms.stage.begin(), w.firms.stage.end(), stage);
  if (provider >= 0) {
    std::fill(w.firms.provider.begin(), w.firms.provider.end(),
              static_cast<std::uint8_t>(provider));
  }
}

models::FirmTally tally_of(const World& w, std::size_t group) {
  models::FirmTally s;
  for (std::size_t b = 0; b < w.firm_blocks.size(); ++b) {
    if (w.firm_blocks[b].group != group) continue;
    const auto& t = w.firm_tallies[b];
    s.entries += t.entries;
    s.promotions += t.promotions;
    s.abandonments += t.abandonments;
    for (int q = 0; q < models::kStages; ++q) s.by_stage[q] += t.by_stage[q];
  }
  return s;
}

models::FirmTally total_tally(const World& w) {
  models::FirmTally s;
  for (std::size_t g = 0; g < static_cast<std::size_t>(w.countries.n) * kSizes; ++g) {
    const auto t = tally_of(w, g);
    s.entries += t.entries, s.promotions += t.promotions, s.abandonments += t.abandonments;
    for (int q = 0; q < models::kStages; ++q) s.by_stage[q] += t.by_stage[q];
  }
  return s;
}

std::size_t cs_of(int c, int s) { return static_cast<std::size_t>(c) * kSizes + s; }

TEST(FirmsTest, NoCoverageMeansNoPromotions) {
  const Params p = firm_params();
  World w = test_world::tiny_world(p);
  w.globals.coverage = 0;
  w.globals.coverage_open = 0;
  std::fill(w.countries.coverage_open.begin(), w.countries.coverage_open.end(), 0.0);
  set_all(w, kPilot, kOpenWeight);
  std::uint64_t abandonments = 0;
  for (int tick = 0; tick < 24; ++tick) {
    step(p, w, tick);
    const auto t = total_tally(w);
    EXPECT_EQ(t.promotions, 0u) << tick;
    EXPECT_EQ(t.by_stage[kProduction], 0u) << tick;
    abandonments += t.abandonments;
  }
  for (const double share : w.firm_rates.success_share) EXPECT_EQ(share, 0.0);
  EXPECT_GT(abandonments, 1000u);  // pilots do end, only never in production
  // Without coverage no production firm gains anything either.
  for (const double g : w.firm_rates.provider_gain) EXPECT_EQ(g, 0.0);
}

TEST(FirmsTest, WithCoveragePilotsArePromoted) {
  // The control of the test above: the same world with its coverage does promote.
  const Params p = firm_params();
  World w = test_world::tiny_world(p);
  ASSERT_GT(w.globals.coverage, 0.1);
  set_all(w, kPilot, kOpenWeight);
  std::uint64_t promotions = 0;
  for (int tick = 0; tick < 24; ++tick) {
    step(p, w, tick);
    promotions += total_tally(w).promotions;
  }
  EXPECT_GT(promotions, 100u);
}

TEST(FirmsTest, ReadinessGateIsOneHalfAtItsThreshold) {
  models::FirmParams f;
  f.readiness_threshold = 0.5, f.readiness_width = 0.1;
  EXPECT_DOUBLE_EQ(models::readiness_gate(f, 0.5), 0.5);
  EXPECT_NEAR(models::readiness_gate(f, 0.6), 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_NEAR(models::readiness_gate(f, 0.4) + models::readiness_gate(f, 0.6), 1.0, 1e-15);
  EXPECT_LT(models::readiness_gate(f, 0.0), 0.01);
  EXPECT_GT(models::readiness_gate(f, 1.0), 0.99);
  f.readiness_threshold = 0.3;
  EXPECT_DOUBLE_EQ(models::readiness_gate(f, 0.3), 0.5);
}

TEST(FirmsTest, PromotionHazardAtTheThresholdUsesHalfTheGate) {
  const Params p = firm_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.readiness[kLmc] = p.firms.readiness_threshold;
  k.pillar[1][kLmc] = 0.5;
  models::compute_firm_rates(p, w, 1.0 / 12.0);
  const auto& r = w.firm_rates;
  const double lang = k.language_fit[kLmc];
  const std::size_t cq = static_cast<std::size_t>(kLmc) * kProviders + kClosedForeign;
  const double h_total = test_world::hazard_of(r.p_pilot_event[cq], 1.0 / 12.0);
  const double h_success = r.success_share[cq] * h_total;
  // M3: pilot_success * fit_k * gate = 0.25 * coverage * lang * 0.5 (no (0.5 + hc) term).
  EXPECT_NEAR(h_success, 0.25 * w.globals.coverage * lang * 0.5, 1e-12);
  EXPECT_NEAR(h_total - h_success, p.firms.pilot_abandon, 1e-12);
  // Open weights: fit_k = the country's open coverage times its open language fit (M4).
  const std::size_t co = static_cast<std::size_t>(kLmc) * kProviders + kOpenWeight;
  const double h_open =
      r.success_share[co] * test_world::hazard_of(r.p_pilot_event[co], 1.0 / 12.0);
  EXPECT_NEAR(h_open, 0.25 * k.coverage_open[kLmc] * k.language_fit_open[kLmc] * 0.5, 1e-12);
}

TEST(FirmsTest, ZeroEntryHazardMeansNoEntries) {
  Params p = firm_params();
  p.firms.p_small = p.firms.q_small = p.firms.p_large = p.firms.q_large = 0;
  World w = test_world::tiny_world(p);
  set_all(w, kNone);
  for (int tick = 0; tick < 12; ++tick) {
    step(p, w, tick);
    EXPECT_EQ(total_tally(w).entries, 0u);
  }
  for (const double e : w.firm_rates.p_entry) EXPECT_EQ(e, 0.0);
  EXPECT_TRUE(std::all_of(w.firms.stage.begin(), w.firms.stage.end(),
                          [](std::uint8_t s) { return s == kNone; }));
}

// With high_risk_share 1 the whole entry bears the drag (M3's default is 0.05).
TEST(FirmsTest, NoReadinessOrFullComplianceDragMeansNoEntries) {
  Params p = firm_params();
  p.firms.high_risk_share = 1.0;
  World w = test_world::tiny_world(p);
  w.countries.readiness[kLmc] = 0.0;
  w.countries.compliance_drag[kLic] = 1.0;
  set_all(w, kNone);
  step(p, w);
  for (int s = 0; s < kSizes; ++s) {
    EXPECT_EQ(w.firm_rates.p_entry[cs_of(kLmc, s)], 0.0);
    EXPECT_EQ(w.firm_rates.p_entry[cs_of(kLic, s)], 0.0);
    EXPECT_EQ(tally_of(w, cs_of(kLmc, s)).entries, 0u);
    EXPECT_EQ(tally_of(w, cs_of(kLic, s)).entries, 0u);
    EXPECT_GT(w.firm_rates.p_entry[cs_of(kHic, s)], 0.0);
  }
}

TEST(FirmsTest, EntryProbabilityFollowsBassReadinessAffordabilityAndDrag) {
  Params p = firm_params();
  p.firms.micro_bass_factor = 0.5;  // MODEL.md's value; the default 1 is tested below
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  const int c = kLmc;
  k.readiness[c] = 0.4;
  k.compliance_drag[c] = 0.25;
  k.gdp_per_capita_usd[c] = 5000;
  k.compute_access[c] = 0.8;
  w.globals.api_price = 0.7;
  w.globals.local_cost = 0.4;  // open price 0.4 / 0.8 = 0.5, the lowest
  const double adoption[kSizes] = {0.02, 0.1, 0.2, 0.4};
  const double propensity[kSizes] = {0.25, 0.5, 1.0, 2.0};
  for (int s = 0; s < kSizes; ++s) {
    k.firm_adoption_share[cs_of(c, s)] = adoption[s];
    k.entry_propensity[cs_of(c, s)] = propensity[s];
  }
  ASSERT_EQ(p.firms.propensity_exponent, 1.0);
  models::compute_firm_rates(p, w, 1.0 / 12.0);
  const double afford = 1.0 / (1.0 + 0.5 / (1.0 * 5000 / 10000));
  EXPECT_NEAR(afford, 0.5, 1e-15);
  // Bass p, q: micro half of small, medium the mean of small and large.
  const double bass_p[kSizes] = {0.05, 0.1, 0.2, 0.3};
  const double bass_q[kSizes] = {0.4, 0.8, 1.0, 1.2};
  for (int s = 0; s < kSizes; ++s) {
    // M3: (R / R_HIC)^rho, and the drag on the high-risk share only.
    // Departure 12: innovation times the cell's propensity, imitation times its adoption.
    const double h = (bass_p[s] * propensity[s] + bass_q[s] * adoption[s]) *
                     std::pow(0.4 / w.globals.r_hic, 1.5) * afford *
                     (1.0 - p.firms.high_risk_share * 0.25);
    EXPECT_NEAR(w.firm_rates.p_entry[cs_of(c, s)], 1.0 - std::exp(-h / 12.0), 1e-14) << s;
  }
}

// Departure 13: micro firms enter at micro_bass_factor times small firms' Bass terms.
TEST(FirmsTest, MicroFirmsEnterAtTheFactorTimesSmallFirms) {
  Params p = firm_params();
  ASSERT_EQ(p.firms.micro_bass_factor, 1.0);
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  for (int s = 0; s < kSizes; ++s) {
    k.firm_adoption_share[cs_of(kHic, s)] = 0.1;
    k.entry_propensity[cs_of(kHic, s)] = 1.0;
  }
  models::compute_firm_rates(p, w, 1.0 / 12.0);
  const double micro = w.firm_rates.p_entry[cs_of(kHic, models::kMicro)];
  EXPECT_EQ(micro, w.firm_rates.p_entry[cs_of(kHic, models::kSmall)]);
  p.firms.micro_bass_factor = 0.5;
  models::compute_firm_rates(p, w, 1.0 / 12.0);
  // The hazard halves; the one-tick probability 1 - exp(-h/12) a little less than halves.
  EXPECT_NEAR(w.firm_rates.p_entry[cs_of(kHic, models::kMicro)], 1 - std::sqrt(1 - micro), 1e-14);
}

// With exponent 0 the propensity drops out: MODEL.md's M3 entry, the same in every cell.
TEST(FirmsTest, PropensityExponentZeroGivesEveryCellTheSameInnovation) {
  Params p = firm_params();
  p.firms.propensity_exponent = 0.0;
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  for (int s = 0; s < kSizes; ++s) k.firm_adoption_share[cs_of(kHic, s)] = 0.0;
  models::compute_firm_rates(p, w, 1.0 / 12.0);
  const double before = w.firm_rates.p_entry[cs_of(kHic, models::kSmall)];
  k.entry_propensity[cs_of(kHic, models::kSmall)] *= 4.0;
  models::compute_firm_rates(p, w, 1.0 / 12.0);
  EXPECT_EQ(w.firm_rates.p_entry[cs_of(kHic, models::kSmall)], before);
  p.firms.propensity_exponent = 1.0;
  models::compute_firm_rates(p, w, 1.0 / 12.0);
  EXPECT_GT(w.firm_rates.p_entry[cs_of(kHic, models::kSmall)], 3.9 * before);
}

TEST(FirmsTest, ShareOfFirmsEnteringInOneTickMatchesTheEntryProbability) {
  Params p = firm_params();
  p.firms.p_small = 1.0;
  p.firms.p_large = 2.0;
  World w = test_world::tiny_world(p);
  set_all(w, kNone);
  step(p, w);
  double expected = 0, variance = 0, observed = 0;
  int cells = 0;
  for (int c = 0; c < w.countries.n; ++c) {
    for (int s = 0; s < kSizes; ++s) {
      const double n = firm_end(w, c, s) - firm_begin(w, c, s);
      const double pe = w.firm_rates.p_entry[cs_of(c, s)];
      const double entries = tally_of(w, cs_of(c, s)).entries;
      expected += n * pe;
      variance += n * pe * (1 - pe);
      observed += entries;
      if (n * pe * (1 - pe) >= 10) {
        ++cells;
        EXPECT_NEAR(entries / n, pe, kSigmas * std::sqrt(pe * (1 - pe) / n)) << c << " " << s;
      }
    }
  }
  EXPECT_GE(cells, 8);
  EXPECT_NEAR(observed, expected, kSigmas * std::sqrt(variance));
}

TEST(FirmsTest, ProviderChoiceIsTheMultinomialLogitOverAvailableProviders) {
  Params p = firm_params();
  p.firms.p_small = 10.0;
  p.firms.p_large = 10.0;
  World w = test_world::tiny_world(p);
  // Domestic labs in AAA and BBB: without one, tier-3 BBB would have open weights only, whose
  // price at its 2023 compute access (M6) leaves too few entrants for the statistical check.
  w.countries.domestic_lab = {1, 1, 0, 0};
  set_all(w, kNone);
  step(p, w);
  int checked = 0;
  for (int c = 0; c < w.countries.n; ++c) {
    const models::ProviderView v = models::provider_view(p, w, c);
    double prob[kProviders], sum = 0, best = -1e300;
    for (int q = 0; q < kProviders; ++q) {
      if (v.available[q]) best = std::max(best, v.utility[q]);
    }
    // Relative to the best utility: an open price at tiny compute access underflows otherwise.
    for (int q = 0; q < kProviders; ++q) {
      prob[q] = v.available[q] ? std::exp(5.0 * (v.utility[q] - best)) : 0.0;
      sum += prob[q];
    }
    const double* cum = &w.firm_rates.provider_cum[static_cast<std::size_t>(c) * kProviders];
    EXPECT_NEAR(cum[0], prob[0] / sum, 1e-12) << c;
    EXPECT_NEAR(cum[1], (prob[0] + prob[1]) / sum, 1e-12) << c;
    EXPECT_EQ(cum[2], 1.0);
    // Among this tick's entrants, provider frequencies match within k standard errors.
    double count[kProviders] = {0, 0, 0}, entrants = 0;
    for (int s = 0; s < kSizes; ++s) {
      for (std::uint32_t j = firm_begin(w, c, s); j < firm_end(w, c, s); ++j) {
        if (w.firms.stage[j] == kNone) continue;
        ++count[w.firms.provider[j]];
        ++entrants;
      }
    }
    if (entrants < 100) continue;  // too few for a statistical check
    ++checked;
    for (int q = 0; q < kProviders; ++q) {
      const double pq = prob[q] / sum;
      EXPECT_NEAR(count[q] / entrants, pq, kSigmas * std::sqrt(pq * (1 - pq) / entrants) + 1e-12)
          << c << " " << q;
    }
  }
  EXPECT_GE(checked, 3);
  // Closed domestic is offered only where a domestic lab exists.
  EXPECT_GT(w.firm_rates.provider_cum[kHic * kProviders + 1],
            w.firm_rates.provider_cum[kHic * kProviders + 0]);
  EXPECT_EQ(w.firm_rates.provider_cum[kLmc * kProviders + 1],
            w.firm_rates.provider_cum[kLmc * kProviders + 0]);
}

TEST(FirmsTest, ClosedForeignIsNeverChosenInTier3) {
  Params p = firm_params();
  p.firms.p_small = 10.0;
  p.firms.p_large = 10.0;
  World w = test_world::tiny_world(p);
  ASSERT_EQ(w.countries.control_tier[kUmc], 3);
  w.countries.domestic_lab[kUmc] = 1;
  w.countries.domestic_lab[kHic] = 1;
  // Make the foreign provider the most attractive one everywhere it is allowed.
  w.globals.local_cost = 50.0;
  set_all(w, kNone);
  std::uint64_t foreign_hic = 0, adopters_umc = 0;
  for (int tick = 0; tick < 6; ++tick) step(p, w, tick);
  for (int s = 0; s < kSizes; ++s) {
    for (std::uint32_t j = firm_begin(w, kUmc, s); j < firm_end(w, kUmc, s); ++j) {
      if (w.firms.stage[j] == kNone) continue;
      ++adopters_umc;
      EXPECT_NE(w.firms.provider[j], kClosedForeign) << j;
    }
    for (std::uint32_t j = firm_begin(w, kHic, s); j < firm_end(w, kHic, s); ++j) {
      foreign_hic += w.firms.stage[j] != kNone && w.firms.provider[j] == kClosedForeign;
    }
  }
  EXPECT_EQ(w.firm_rates.provider_cum[kUmc * kProviders + kClosedForeign], 0.0);
  EXPECT_GT(adopters_umc, 1000u);
  EXPECT_GT(foreign_hic, 1000u);  // the same utilities do pick it in tier 1
}

TEST(FirmsTest, Tier3InitialAdoptersNeverUseClosedForeign) {
  const Params p = firm_params();
  const World w = test_world::tiny_world(p);
  std::uint64_t adopters = 0;
  for (int s = 0; s < kSizes; ++s) {
    for (std::uint32_t j = firm_begin(w, kUmc, s); j < firm_end(w, kUmc, s); ++j) {
      if (w.firms.stage[j] == kNone) continue;
      ++adopters;
      EXPECT_NE(w.firms.provider[j], kClosedForeign);
    }
  }
  EXPECT_GT(adopters, 100u);
}

TEST(FirmsTest, PilotExitsAndPromotionShareMatchCompetingRisks) {
  Params p = firm_params();
  p.firms.pilot_success = 5.0;
  World w = test_world::tiny_world(p);
  set_all(w, kPilot, kOpenWeight);
  step(p, w);
  for (int c = 0; c < w.countries.n; ++c) {
    double n = 0, promotions = 0, exits = 0;
    for (int s = 0; s < kSizes; ++s) {
      const auto t = tally_of(w, cs_of(c, s));
      n += firm_end(w, c, s) - firm_begin(w, c, s);
      promotions += t.promotions;
      exits += t.promotions + t.abandonments;
    }
    const std::size_t cq = static_cast<std::size_t>(c) * kProviders + kOpenWeight;
    const double pe = w.firm_rates.p_pilot_event[cq];
    const double ps = w.firm_rates.success_share[cq];
    EXPECT_NEAR(exits / n, pe, kSigmas * std::sqrt(pe * (1 - pe) / n)) << c;
    ASSERT_GT(exits, 30) << c;
    EXPECT_NEAR(promotions / exits, ps, kSigmas * std::sqrt(ps * (1 - ps) / exits)) << c;
  }
}

TEST(FirmsTest, IntangibleConvergesToInvestmentOverDepreciation) {
  Params p = firm_params();
  p.firms.pilot_success = 0;  // pilots stay pilots
  p.firms.pilot_abandon = 0;
  p.firms.p_small = p.firms.q_small = p.firms.p_large = p.firms.q_large = 0;
  p.firms.reconsider_rate = 0;  // providers (and so coverage_k) stay fixed
  p.time.months_per_tick = 12;
  World w = test_world::tiny_world(p);
  const int third = static_cast<int>(w.firms.size() / 3);
  for (std::size_t j = 0; j < w.firms.size(); ++j) {
    w.firms.stage[j] = j % 3 == 0 ? kNone : (j % 3 == 1 ? kPilot : kProduction);
    w.firms.provider[j] = kOpenWeight;
  }
  ASSERT_GT(third, 100);
  step(p, w, 0);
  // After one year: Z = Z_eq (1 - exp(-0.2)), Z_eq = 0.5 / 0.2 in pilot and 1 / 0.2 in production.
  const double one_year = 1.0 - std::exp(-0.2);
  for (std::size_t j = 0; j < w.firms.size(); ++j) {
    const double zeq = j % 3 == 0 ? 0.0 : (j % 3 == 1 ? 2.5 : 5.0);
    ASSERT_NEAR(w.firms.intangible[j], zeq * one_year, 1e-6) << j;
  }
  for (int tick = 1; tick < 80; ++tick) step(p, w, tick);
  const auto& k = w.countries;
  for (std::size_t j = 0; j < w.firms.size(); ++j) {
    // The firm's country: firms are stored by country, then size class.
    const auto at =
        std::upper_bound(k.firm_offset.begin(), k.firm_offset.end(), static_cast<std::uint32_t>(j));
    const auto c = static_cast<int>((at - k.firm_offset.begin() - 1) / kSizes);
    const double fit_open = k.coverage_open[c] * k.language_fit_open[c];
    const float z = w.firms.intangible[j];
    const float gain = w.firms.firm_gain[j];
    switch (j % 3) {
      case 0:
        ASSERT_EQ(z, 0.0f);
        ASSERT_EQ(gain, 0.0f);
        break;
      case 1:
        ASSERT_NEAR(z, 2.5, 1e-5);
        ASSERT_EQ(gain, 0.0f);  // no gain before production
        break;
      default:
        ASSERT_NEAR(z, 5.0, 1e-5);
        // The J-curve: gain_max * fit_k of the provider * Z / (Z + z_half) (M3).
        ASSERT_NEAR(gain, 0.14 * fit_open * 5.0 / 6.0, 1e-6);
    }
  }
}

TEST(FirmsTest, ProductionFirmsSwitchOnlyPastTheSwitchingCost) {
  Params p = firm_params();
  World w = test_world::tiny_world(p);
  w.countries.domestic_lab[kHic] = 1;
  w.countries.domestic_lab[kUmc] = 1;
  for (const double cost : {0.0, 1e6}) {
    p.firms.switching_cost = cost;
    models::compute_firm_rates(p, w, 1.0 / 12.0);
    for (int c = 0; c < w.countries.n; ++c) {
      const models::ProviderView v = models::provider_view(p, w, c);
      int best = -1;
      for (int q = 0; q < kProviders; ++q) {
        if (v.available[q] && (best < 0 || v.utility[q] > v.utility[best])) best = q;
      }
      for (int q = 0; q < kProviders; ++q) {
        const int to = w.firm_rates.switch_to[static_cast<std::size_t>(c) * kProviders + q];
        if (!v.available[q]) {
          EXPECT_EQ(to, best) << c << " " << q;  // an unavailable provider is left at once
        } else if (cost > 0) {
          EXPECT_EQ(to, q) << c << " " << q;
        } else {
          EXPECT_EQ(to, v.utility[q] < v.utility[best] ? best : q) << c << " " << q;
        }
      }
    }
  }
  // Reconsidering firms move: production firms on a worse provider end on the best one.
  p.firms.switching_cost = 0;
  p.firms.reconsider_rate = 12;
  p.firms.pilot_success = p.firms.pilot_abandon = 0;
  set_all(w, kProduction, kClosedForeign);
  for (int tick = 0; tick < 12; ++tick) step(p, w, tick);
  const models::ProviderView v = models::provider_view(p, w, kUmc);
  ASSERT_FALSE(v.available[kClosedForeign]);
  for (int s = 0; s < kSizes; ++s) {
    for (std::uint32_t j = firm_begin(w, kUmc, s); j < firm_end(w, kUmc, s); ++j) {
      EXPECT_EQ(w.firms.stage[j], kProduction);
    }
  }
  const int moved =
      static_cast<int>(std::count_if(w.firms.provider.begin() + firm_begin(w, kUmc, 0),
                                     w.firms.provider.begin() + firm_end(w, kUmc, 3),
                                     [](std::uint8_t q) { return q != kClosedForeign; }));
  const int n = static_cast<int>(firm_end(w, kUmc, 3) - firm_begin(w, kUmc, 0));
  // 1 - exp(-12) of them reconsidered within the year.
  EXPECT_GE(moved, n - 5);
}

// MODEL.md 7: price_min_c is the lowest price "among the providers available to country c";
// in a tier-3 country without a domestic lab no closed provider is available.
TEST(FirmsTest, PriceMinIgnoresClosedPriceWhereNoClosedProviderIsAvailable) {
  const Params p = firm_params();
  World w = test_world::tiny_world(p);
  ASSERT_EQ(w.countries.control_tier[kUmc], 3);
  w.countries.domestic_lab[kUmc] = 0;
  w.countries.compute_access[kUmc] = 0.5;
  w.globals.api_price = 0.1;
  w.globals.local_cost = 0.5;
  EXPECT_DOUBLE_EQ(models::price_min(p, w, kUmc), 1.0);  // open weights only: 0.5 / 0.5
  w.countries.domestic_lab[kUmc] = 1;
  EXPECT_DOUBLE_EQ(models::price_min(p, w, kUmc), 0.1);
}

}  // namespace
