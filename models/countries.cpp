// Phase 4, countries: AIPI pillars, readiness, internet, GDP, labour force and the per-tick rates
// that agents read (MODEL.md section 7, "Countries").
#include <algorithm>
#include <cmath>

#include "models/phases.hpp"
#include "models/talent_data.hpp"

namespace models {

namespace {

// Exact solution over dt of dp/dt = a (1 - p) - decay p: stays in [0, 1].
double pillar_step(double p, double a, double decay, double dt) {
  const double rate = a + decay;
  if (rate <= 0) return p;
  const double eq = a / rate;
  return eq + (p - eq) * std::exp(-rate * dt);
}

// Exact logistic step of dx/dt = g x (1 - x).
double logistic_step(double x, double g, double dt) {
  const double e = std::exp(g * dt);
  return x * e / (1.0 - x + x * e);
}

}  // namespace

void countries_phase(const Params& params, World& world, const TickContext& ctx) {
  const CountryParams& p = params.countries;
  Countries& k = world.countries;
  const double dt = ctx.dt;
  for (int c = 0; c < k.n; ++c) {
    // Feedbacks >= 0 from the previous tick's aggregates: innovation from the output-weighted
    // production share, human capital from the AI-skilled share.
    const std::array<double, kPillars> feedback = {0.0, p.feedback_hc * k.ai_skilled_share[c],
                                                   p.feedback_ie * k.production_share_output[c],
                                                   0.0};
    double sum = 0;
    for (int q = 0; q < kPillars; ++q) {
      const double a = p.effect_p * (k.spend0[q][c] + k.lever_effort[q][c]) + feedback[q];
      k.pillar[q][c] = pillar_step(k.pillar[q][c], a, p.pillar_decay, dt);
      if (q < kCapabilityPillars) sum += k.pillar[q][c];
    }
    k.readiness[c] = sum / kCapabilityPillars;  // M3: di, hc, ie; re is the rule preference
    k.internet_share[c] =
        logistic_step(k.internet_share[c], k.internet_growth[c] + k.lever_internet_growth[c], dt);

    // GDP per capita: baseline growth times (1 + AI TFP gain of the last aggregate).
    k.gdp_base[c] *= std::exp(k.gdp_growth_base[c] * dt);
    k.gdp_per_capita_usd[c] = k.gdp_base[c] * (1.0 + k.ai_tfp_gain[c]);
    double* ring = &k.gdp_ring[static_cast<std::size_t>(c) * k.ring];
    const double year_ago = ring[ctx.tick % k.ring];
    k.gdp_growth[c] = std::pow(k.gdp_per_capita_usd[c] / year_ago, 1.0 / (k.ring * dt)) - 1.0;
    ring[ctx.tick % k.ring] = k.gdp_per_capita_usd[c];

    // Labour force, population and agent weights grow together.
    const double growth = std::exp(k.labour_force_growth[c] * dt);
    k.labour_force[c] *= growth;
    k.population[c] *= growth;
    k.worker_weight[c] *= growth;
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      k.firm_weight[cs] *= growth;
      k.real_firms[cs] *= growth;
      // A firm's output: its size class's share of GDP over the real firms of the class.
      k.output_per_firm_usd[cs] =
          k.gdp_per_capita_usd[c] * k.population[c] * k.output_share[cs] / k.real_firms[cs];
    }
    k.data_work_labour[c] *= growth;
  }
  // M8: AI talent moves toward compute and premium (serial, from t - 1 values).
  apply_talent_flow(params, world, ctx);
}

}  // namespace models
