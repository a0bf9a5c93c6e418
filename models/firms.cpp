// Phase 5, firms (parallel): entry into pilots, provider choice, promotion or abandonment,
// provider switching, intangible capital and the productivity J-curve (MODEL.md section 7).
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "models/firm_rates.hpp"
#include "models/phases.hpp"
#include "models/purposes.hpp"
#include "sim/rng.hpp"

namespace models {

namespace {

// Bass innovation and imitation of a size class: calibrated for small and large; micro is half
// of small, medium the mean of small and large [A].
std::array<double, 2> bass(const FirmParams& p, int size) {
  switch (size) {
    case kMicro:
      return {p.p_small / 2, p.q_small / 2};
    case kSmall:
      return {p.p_small, p.q_small};
    case kMedium:
      return {(p.p_small + p.p_large) / 2, (p.q_small + p.q_large) / 2};
    default:
      return {p.p_large, p.q_large};
  }
}

}  // namespace

ProviderView provider_view(const Params& params, const World& world, int c) {
  const FirmParams& p = params.firms;
  const Globals& g = world.globals;
  const Countries& k = world.countries;
  ProviderView v;
  const double lang = k.language_fit[c];
  const double fit_closed = g.coverage * lang;
  // Open weights: local fine-tuning closes part of the language gap, more with human capital.
  // open_source_access shortens the country's open lag, lowers its local cost and adds to
  // fine-tuning (finetune_bonus); the columns are the world's values without levers.
  const double coverage_open =
      k.open_lag_shift_months[c] != 0 ? k.coverage_open[c] : g.coverage_open;
  const double finetune = std::min(1.0, p.finetune_gain + k.finetune_bonus[c]);
  const double fit_open = coverage_open * (lang + (1.0 - lang) * finetune * k.pillar[1][c]);
  v.fit = {fit_closed, fit_closed, fit_open};
  v.price = {g.api_price, g.api_price,
             g.local_cost * k.local_cost_factor[c] / std::max(k.compute_access[c], 1e-6)};
  v.available = {k.control_tier[c] < 3, k.domestic_lab[c] != 0, true};
  for (int q = 0; q < kProviders; ++q) {
    v.utility[q] =
        p.quality_k * v.fit[q] - v.price[q] - (q == kClosedForeign ? p.sovereignty_penalty : 0.0);
  }
  v.coverage = {g.coverage, g.coverage, coverage_open};
  return v;
}

void compute_firm_rates(const Params& params, World& world, double dt) {
  const FirmParams& p = params.firms;
  const Countries& k = world.countries;
  FirmRates& r = world.firm_rates;
  r.p_entry.resize(static_cast<std::size_t>(k.n) * kSizes);
  r.provider_cum.resize(static_cast<std::size_t>(k.n) * kProviders);
  r.p_pilot_event.resize(r.provider_cum.size());
  r.success_share.resize(r.provider_cum.size());
  r.provider_gain.resize(r.provider_cum.size());
  r.switch_to.resize(r.provider_cum.size());
  r.p_reconsider = tick_probability(p.reconsider_rate, dt);
  const std::array<double, kStages> invest = {0.0, p.intangible_pilot, p.intangible_production};
  for (int s = 0; s < kStages; ++s) {
    r.z_eq[s] = static_cast<float>(invest[s] / p.intangible_depreciation);
  }
  r.z_keep = static_cast<float>(std::exp(-p.intangible_depreciation * dt));

  for (int c = 0; c < k.n; ++c) {
    const ProviderView v = provider_view(params, world, c);
    // Entry: (p + q A) R^rho afford (1 - compliance drag).
    const double afford =
        affordability(price_min(params, world, c), p.afford_scale, k.gdp_per_capita_usd[c]);
    const double common = std::pow(k.readiness[c], p.rho) * afford * (1.0 - k.compliance_drag[c]);
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      const auto [bp, bq] = bass(p, s);
      r.p_entry[cs] = tick_probability((bp + bq * k.firm_adoption_share[cs]) * common, dt);
    }
    // Provider at entry: multinomial logit over the available providers.
    double best_u = -1e300;
    int best = kOpenWeight;
    std::array<double, kProviders> w{};
    double w_sum = 0;
    for (int q = 0; q < kProviders; ++q) {
      if (!v.available[q]) continue;
      if (v.utility[q] > best_u) best_u = v.utility[q], best = q;
    }
    for (int q = 0; q < kProviders; ++q) {
      w[q] = v.available[q] ? std::exp(p.logit_scale * (v.utility[q] - best_u)) : 0.0;
      w_sum += w[q];
    }
    const double gate = readiness_gate(p, k.readiness[c]);
    double cum = 0;
    for (int q = 0; q < kProviders; ++q) {
      const std::size_t cq = static_cast<std::size_t>(c) * kProviders + q;
      cum += w[q] / w_sum;
      r.provider_cum[cq] = q + 1 == kProviders ? 1.0 : cum;
      // Pilot exit: promotion against abandonment, competing risks.
      const double h_success =
          p.pilot_success * k.pilot_success_factor[c] * v.fit[q] * gate * (0.5 + k.pillar[1][c]);
      const double h_total = std::max(0.0, h_success) + std::max(0.0, p.pilot_abandon);
      r.p_pilot_event[cq] = tick_probability(h_total, dt);
      r.success_share[cq] = h_total > 0 ? std::max(0.0, h_success) / h_total : 0.0;
      r.provider_gain[cq] = p.gain_max * v.coverage[q];
      // A reconsidering production firm moves to the best provider when the gain exceeds the
      // switching cost, or at once when its provider is no longer available.
      const bool move =
          !v.available[q] || best_u - v.utility[q] > p.switching_cost * k.switching_cost_factor[c];
      r.switch_to[cq] = static_cast<std::uint8_t>(move ? best : q);
    }
  }
}

void firms_phase(const Params& params, World& world, const TickContext& ctx) {
  compute_firm_rates(params, world, ctx.dt);
  const FirmRates& r = world.firm_rates;
  const float z_half = static_cast<float>(params.firms.z_half);
  const sim::Philox rng(world.member_seed);
  const auto tick = static_cast<std::uint32_t>(ctx.tick);
  Firms& f = world.firms;
  std::uint8_t* const stage = f.stage.data();
  std::uint8_t* const provider = f.provider.data();
  float* const z = f.intangible.data();
  float* const gain = f.firm_gain.data();

  tbb::parallel_for(std::size_t{0}, world.firm_blocks.size(), [&](std::size_t b) {
    const sim::Block blk = world.firm_blocks[b];
    const std::uint32_t c = blk.group / kSizes;
    const double p_entry = r.p_entry[blk.group];
    const double* cum = &r.provider_cum[c * kProviders];
    const double* p_event = &r.p_pilot_event[c * kProviders];
    const double* success = &r.success_share[c * kProviders];
    const double* pgain = &r.provider_gain[c * kProviders];
    const std::uint8_t* switch_to = &r.switch_to[c * kProviders];
    FirmTally t;
    for (std::uint32_t j = blk.begin; j < blk.end; ++j) {
      const sim::Uniform4 u = rng(j, tick, kPurposeFirm);
      std::uint8_t st = stage[j];
      std::uint8_t pr = provider[j];
      // Intangibles accumulate at the rate of the stage held during the tick (exact update).
      const float zeq = r.z_eq[st];
      const float zj = zeq + (z[j] - zeq) * r.z_keep;
      if (st == kNone) {
        if (u[0] < p_entry) {
          st = kPilot;
          pr = u[1] < cum[0] ? kClosedForeign : (u[1] < cum[1] ? kClosedDomestic : kOpenWeight);
          ++t.entries;
        }
      } else if (st == kPilot) {
        if (u[0] < p_event[pr]) {
          if (u[1] < success[pr]) {
            st = kProduction;
            ++t.promotions;
          } else {
            st = kNone;
            ++t.abandonments;
          }
        }
      } else if (u[0] < r.p_reconsider) {
        pr = switch_to[pr];
      }
      const float g = st == kProduction ? static_cast<float>(pgain[pr]) * zj / (zj + z_half) : 0.0f;
      stage[j] = st;
      provider[j] = pr;
      z[j] = zj;
      gain[j] = g;
      ++t.by_stage[st];
      if (st != kNone) ++t.adopters_by_provider[pr];
      if (st == kProduction) ++t.production_by_provider[pr];
      t.gain_sum += g;
    }
    world.firm_tallies[b] = t;
  });
}

}  // namespace models
