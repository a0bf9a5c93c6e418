// Initialisation: countries from data, agents sampled per country, the history's starting point.
#include "models/init.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "models/capital_politics.hpp"
#include "models/firm_rates.hpp"
#include "models/phases.hpp"
#include "models/purposes.hpp"
#include "models/talent_data.hpp"
#include "models/worker_rates.hpp"
#include "sim/isa.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"
#include "sim/rng_batch.hpp"

namespace models {

namespace {

// EU enterprises using AI by size class, 2024 (Eurostat, % of enterprises): the split of M3.
constexpr double kEuSmall2024 = 11.21, kEuMedium2024 = 20.97, kEuLarge2024 = 41.17;

const IncomeAssumptions& assumptions(const CountryData& data, const CountryRecord& r) {
  return data.by_income[static_cast<int>(r.income)];
}

double labour_force_of(const CountryData& data, const CountryRecord& r) {
  return r.population * assumptions(data, r).labour_force_ratio;
}

double real_firms_of(const CountryData& data, const CountryRecord& r) {
  return assumptions(data, r).firms_per_1000_workers * labour_force_of(data, r) / 1000.0;
}

std::uint32_t share_of(std::int64_t total, double share, std::int64_t floor) {
  return static_cast<std::uint32_t>(
      std::max<double>(static_cast<double>(floor), std::floor(total * share + 0.5)));
}

void init_countries(const Params& params, const CountryData& data, World& world) {
  Countries& k = world.countries;
  const auto n = static_cast<int>(data.countries.size());
  k.resize(n);
  k.ring = std::max(1, static_cast<int>(12 / params.time.months_per_tick));
  k.gdp_ring.assign(static_cast<std::size_t>(n) * k.ring, 0.0);
  const double dt = params.dt_years();
  const CountryParams& cp = params.countries;
  for (int c = 0; c < n; ++c) {
    const CountryRecord& r = data.countries[c];
    const IncomeAssumptions& a = assumptions(data, r);
    k.iso3.push_back(r.iso3);
    k.name.push_back(r.name);
    k.region.push_back(r.region);
    k.income.push_back(r.income);
    k.bloc.push_back(r.bloc);
    k.africa.push_back(r.africa);
    k.hic.push_back(r.income == IncomeGroup::kHigh);
    double sum = 0;
    for (int q = 0; q < kPillars; ++q) {
      // Pillars strictly inside (0, 1), so that the stationary effort is finite.
      const double p0 = std::clamp(r.pillars[q], 1e-4, 0.999);
      k.pillar[q][c] = p0;
      // spend0 = decay p0 / (effect (1 - p0)) keeps the pillar stationary without levers.
      k.spend0[q][c] = cp.pillar_decay * p0 / (cp.effect_p * (1.0 - p0));
      if (q < kCapabilityPillars) sum += p0;
    }
    k.readiness[c] = sum / kCapabilityPillars;  // M3: di, hc, ie
    k.internet_share[c] = std::clamp(r.internet_share, 1e-4, 0.9999);
    k.internet_growth[c] = a.internet_growth;
    k.gdp_base[c] = k.gdp_per_capita_usd[c] = r.gdp_per_capita_usd;
    k.gdp_growth_base[c] = k.gdp_growth[c] = a.gdp_growth;
    // The ring holds GDP per capita at the end of the last `ring` ticks, extrapolated back.
    for (int j = 0; j < k.ring; ++j) {
      k.gdp_ring[static_cast<std::size_t>(c) * k.ring + j] =
          r.gdp_per_capita_usd * std::exp(a.gdp_growth * (j - k.ring + 1) * dt);
    }
    k.population[c] = r.population;
    k.labour_force[c] = labour_force_of(data, r);
    k.labour_force_growth[c] = a.labour_force_growth;
    // M4: the regional value is the 2023 closed fit; the ceiling leaves a share of its gap.
    k.language_fit[c] = k.language_fit0[c] = r.language_fit;
    k.language_ceiling[c] = 1.0 - params.technology.language_ceiling_gap * (1.0 - r.language_fit);
    k.language_fit_open[c] = params.technology.open_fit0_ratio * r.language_fit;
    const std::size_t cq = static_cast<std::size_t>(c) * kProviders;
    k.language_fit_provider[cq + kClosedForeign] = k.language_fit[c];
    k.language_fit_provider[cq + kClosedDomestic] = k.language_fit[c];
    k.language_fit_provider[cq + kOpenWeight] = k.language_fit_open[c];
    // M6: 16-bit PFLOP/s of the Epoch records (phi * Rmax without one), at least the floor.
    k.compute_pflops[c] = std::max(r.compute16_pflops_2023, params.capital.compute_floor);
    // M11: the data's investment shares of 2024 and 2025 (2023 in init_capital).
    k.investment_share_data[static_cast<std::size_t>(c) * 3 + 1] = r.investment_share_2024;
    k.investment_share_data[static_cast<std::size_t>(c) * 3 + 2] = r.investment_share_2025;
    k.talent_flow_data[c] = r.talent_flow_data;
    k.control_tier[c] = params.history.china_export_controls && r.bloc == Bloc::kChina ? 3 : 1;
    // The tiers' cap and substitute factor before any export_controls entry (the policy phase
    // resets them every tick; set here so the state of 2023-01 is complete on its own).
    k.tier2_cap_pflops[c] = params.capital.tier2_cap_pflops;
    k.tier3_factor[c] =
        std::min(1.0, params.capital.substitute_efficiency + params.capital.control_leakage);
    k.data_work_labour[c] = k.labour_force[c] * a.data_work_share;
    const double real_firms = real_firms_of(data, r);
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      k.real_firms[cs] = real_firms * a.firm_count_share[s];
      k.output_share[cs] = a.output_share[s];
      k.output_per_firm_usd[cs] =
          r.gdp_per_capita_usd * r.population * a.output_share[s] / k.real_firms[cs];
    }
  }
  // R_HIC: labour-force-weighted readiness of HIC at tick 0 (falls back to all countries).
  double rw = 0, w = 0, rw_all = 0, w_all = 0;
  for (int c = 0; c < n; ++c) {
    rw_all += k.readiness[c] * k.labour_force[c];
    w_all += k.labour_force[c];
    if (k.hic[c]) rw += k.readiness[c] * k.labour_force[c], w += k.labour_force[c];
  }
  world.globals.r_hic = w > 0 ? rw / w : rw_all / w_all;
}

// AI capital at 2023-01: the world stock split by CSET 2019-2023 shares, rescaled so that USA
// and CHN hold their AI Index 2023 shares; countries without CSET data start at k0.
void init_capital(const Params& params, const CountryData& data, World& world) {
  const CapitalParams& p = params.capital;
  Countries& k = world.countries;
  const int usa = data.index_of("USA"), chn = data.index_of("CHN");
  double others = 0, all = 0;
  for (int c = 0; c < k.n; ++c) {
    const double v = data.countries[c].cset_investment_2019_2023_usd;
    all += v;
    if (c != usa && c != chn) others += v;
  }
  const double fixed = (usa >= 0 ? p.usa_share_2023 : 0.0) + (chn >= 0 ? p.chn_share_2023 : 0.0);
  for (int c = 0; c < k.n; ++c) {
    const double v = data.countries[c].cset_investment_2019_2023_usd;
    double share = 0;
    if (c == usa)
      share = p.usa_share_2023;
    else if (c == chn)
      share = p.chn_share_2023;
    else if (others > 0)
      share = (1.0 - fixed) * v / others;
    else if (all > 0)
      share = 0;
    k.ai_capital_usd[c] = share * p.capital_stock_2023_usd;
  }
  double k0 = 0;
  for (int c = 0; c < k.n; ++c) {
    if (k.ai_capital_usd[c] > 0 && (k0 == 0 || k.ai_capital_usd[c] < k0)) k0 = k.ai_capital_usd[c];
  }
  if (k0 == 0) k0 = 1e6;
  world.globals.k0 = k0;
  // M11: 2023 shares, USA and CHN from the AI Index, the rest by CSET 2023 shares.
  double cset_others = 0;
  for (int c = 0; c < k.n; ++c) {
    if (c != usa && c != chn) cset_others += data.countries[c].cset_investment_2023_usd;
  }
  for (int c = 0; c < k.n; ++c) {
    const double v = data.countries[c].cset_investment_2023_usd;
    double share = cset_others > 0 ? (1.0 - fixed) * v / cset_others : 0.0;
    if (c == usa) share = p.usa_share_2023;
    if (c == chn) share = p.chn_share_2023;
    k.investment_share_data[static_cast<std::size_t>(c) * 3] = share;
  }
  for (int c = 0; c < k.n; ++c) {
    if (k.ai_capital_usd[c] <= 0) k.ai_capital_usd[c] = k0;
  }
}

void init_globals(const Params& params, World& world) {
  const TechnologyParams& t = params.technology;
  Globals& g = world.globals;
  g.frontier_compute_log10 = t.compute0_log10;
  g.frontier_capability_log10 = t.compute0_log10;
  g.frontier_cost_usd = t.frontier_cost0_usd;
  for (int b = 0; b < kBlocs; ++b) g.open_lag_by_bloc[b] = open_lag0(t, b);
  g.open_lag_months = *std::min_element(g.open_lag_by_bloc.begin(), g.open_lag_by_bloc.end());
  g.api_price = 1.0;
  g.local_cost = params.firms.local_cost0;
  g.compute_per_usd = t.compute_per_usd0;
  g.k_need = params.capital.k_need0;
  g.investment_pool_usd = params.capital.pool_2023_usd;
  g.synthetic_share = t.synthetic_share_2023;
  g.coverage = coverage_at(t, g.frontier_capability_log10);
  // Open weights at 2023-01 trail by the initial lag, at the unconstrained growth of capability.
  const double rate = std::log10(t.compute_growth) + std::log10(t.algorithmic_efficiency);
  g.open_capability_log10 = t.compute0_log10 - rate * g.open_lag_months / 12.0;
  g.coverage_open = coverage_at(t, g.open_capability_log10);
  g.cloud_price_usd = cloud_price(params.capital, g.compute_per_usd);
  // Every country starts with the world's open lag and capability (no lever acts yet).
  Countries& k = world.countries;
  for (int c = 0; c < k.n; ++c) {
    k.open_lag_country[c] = g.open_lag_months;
    k.coverage_open[c] = g.coverage_open;
    k.accessible_capability_log10[c] = g.frontier_capability_log10;
  }
  g.closed_markup = closed_markup(t, g.open_lag_months);
  g.api_price = g.closed_markup;
  g.capability_history.clear();
  g.capability_history.reserve(static_cast<std::size_t>(params.tick_count()));
}

void lay_out_agents(const AgentCounts& counts, World& world) {
  Countries& k = world.countries;
  std::uint32_t w = 0, f = 0;
  for (int c = 0; c < k.n; ++c) {
    k.worker_offset[c] = w;
    w += counts.workers[c];
    k.worker_weight[c] = k.labour_force[c] / counts.workers[c];
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      k.firm_offset[cs] = f;
      f += counts.firms[cs];
      k.firm_weight[cs] = k.real_firms[cs] / counts.firms[cs];
    }
  }
  k.worker_offset[k.n] = w;
  k.firm_offset[static_cast<std::size_t>(k.n) * kSizes] = f;
  world.workers.resize(w);
  world.firms.resize(f);
  world.worker_blocks = sim::make_blocks(k.worker_offset, kWorkerBlock);
  world.firm_blocks = sim::make_blocks(k.firm_offset, kFirmBlock);
  world.worker_tallies.assign(world.worker_blocks.size(), WorkerTally{});
  world.firm_tallies.assign(world.firm_blocks.size(), FirmTally{});
}

// A country's initial-state probabilities as exact integer thresholds on the draw bits.
struct WorkerInitArgs {
  sim::Block block;
  sim::Threshold low, mid;            // skill: low below `low`, mid below `mid`
  sim::Threshold female, youth;       // sex, youth
  sim::Threshold occupation[3];       // complementary, substitutable, data work (cumulative)
  sim::Threshold online, use, skill;  // online, AI use (if online), AI skill
  std::uint64_t seed;
  Workers* workers;
};

AIDIVIDE_KERNEL_INLINE std::uint8_t below(std::uint32_t bits, sim::Threshold t) {
  return static_cast<std::uint8_t>((bits < t.limit) | t.always);
}

// Samples one block of workers (MODEL.md section 5) from two draws each, as selects on vector
// lanes; the same states as comparing the uniforms of sim::Philox with the probabilities.
template <bool kWide>
AIDIVIDE_KERNEL_INLINE void init_worker_block(const WorkerInitArgs& a) {
  Workers& w = *a.workers;
  sim::UniformBatch u, v;
  for (std::uint32_t first = a.block.begin; first < a.block.end; first += sim::kBatch) {
    const std::uint32_t n = std::min(sim::kBatch, a.block.end - first);
    sim::philox_batch_for<kWide>(a.seed, first, kInitTick, kPurposeInitWorker, 0, u);
    sim::philox_batch_for<kWide>(a.seed, first, kInitTick, kPurposeInitWorker2, 0, v);
    std::uint8_t* __restrict const skill = w.skill.data() + first;
    std::uint8_t* __restrict const sex = w.sex.data() + first;
    std::uint8_t* __restrict const youth = w.youth.data() + first;
    std::uint8_t* __restrict const occupation = w.occupation.data() + first;
    std::uint8_t* __restrict const status = w.status.data() + first;
    std::uint8_t* __restrict const months = w.months_in_status.data() + first;
    std::uint8_t* __restrict const online = w.online.data() + first;
    std::uint8_t* __restrict const uses = w.uses_ai.data() + first;
    std::uint8_t* __restrict const skilled = w.ai_skill.data() + first;
    static_assert(kLowSkill == 0 && kMidSkill == 1 && kHighSkill == 2 && kFemale == 0 &&
                  kMale == 1);
    static_assert(kExposedComplementary == 0 && kExposedSubstitutable == 1 && kNotExposed == 2 &&
                  kDataWork == 3);
    for (std::uint32_t l = 0; l < n; ++l) {
      // Below the first cumulative threshold the first category, and so on: the category is
      // the count of thresholds not passed, with the order of data work and not exposed swapped.
      skill[l] =
          static_cast<std::uint8_t>(2 - below(u.bits[0][l], a.low) - below(u.bits[0][l], a.mid));
      sex[l] = below(u.bits[1][l], a.female) ^ 1;
      youth[l] = below(u.bits[2][l], a.youth);
      const std::uint8_t c0 = below(u.bits[3][l], a.occupation[0]);
      const std::uint8_t c1 = below(u.bits[3][l], a.occupation[1]);
      const std::uint8_t c2 = below(u.bits[3][l], a.occupation[2]);
      // c0 -> complementary (0); else c1 -> substitutable (1); else c2 -> data work (3); else
      // not exposed (2).
      const auto rank = static_cast<std::uint8_t>(3 - c0 - c1 - c2);  // 0, 1, 2 or 3
      occupation[l] = static_cast<std::uint8_t>(rank == 2 ? 3 : (rank == 3 ? 2 : rank));
      status[l] = kEmployed;
      months[l] = 0;
      const std::uint8_t on = below(v.bits[0][l], a.online);
      online[l] = on;
      uses[l] = on & below(v.bits[1][l], a.use);
      skilled[l] = below(v.bits[2][l], a.skill);
    }
  }
}

void init_worker_block_generic(const WorkerInitArgs& a) { init_worker_block<false>(a); }
#if AIDIVIDE_HAVE_WIDE_KERNELS
AIDIVIDE_TARGET_WIDE void init_worker_block_wide(const WorkerInitArgs& a) {
  init_worker_block<true>(a);
}
#endif

void init_workers(const Params& params, const CountryData& data, World& world) {
  const Countries& k = world.countries;
  // uses_ai: 2.5% of the world labour force, among the online, in proportion to language fit.
  double lf = 0, reach = 0;
  for (int c = 0; c < k.n; ++c) {
    lf += k.labour_force[c];
    reach += k.labour_force[c] * k.internet_share[c] * k.language_fit[c];
  }
  const double use_scale = params.workers.users0 * lf / reach;
  auto* run = &init_worker_block_generic;
#if AIDIVIDE_HAVE_WIDE_KERNELS
  if (sim::wide_kernels()) run = &init_worker_block_wide;
#endif
  // Blocks in parallel: every worker's draws depend on its index only, so the result does not
  // depend on the thread count (blocks never cross a country).
  sim::parallel_for(world.worker_blocks.size(), [&](std::size_t b) {
    WorkerInitArgs args{};
    args.block = world.worker_blocks[b];
    const auto c = static_cast<int>(args.block.group);
    const IncomeAssumptions& a = assumptions(data, data.countries[c]);
    args.low = sim::threshold(a.skill[0]);
    args.mid = sim::threshold(a.skill[0] + a.skill[1]);
    args.female = sim::threshold(a.female_share);
    args.youth = sim::threshold(a.youth_share);
    args.occupation[0] = sim::threshold(a.exposed_complementary);
    args.occupation[1] = sim::threshold(a.exposed_complementary + a.exposed_substitutable);
    args.occupation[2] =
        sim::threshold(a.exposed_complementary + a.exposed_substitutable + a.data_work_share);
    args.online = sim::threshold(k.internet_share[c]);
    args.use = sim::threshold(std::min(1.0, use_scale * k.language_fit[c]));
    args.skill =
        sim::threshold(k.hic[c] ? params.workers.ai_skill0_hic : params.workers.ai_skill0_other);
    args.seed = world.member_seed;
    args.workers = &world.workers;
    run(args);
  });
}

// M1: the country term of the propensity, normalised so that the labour-force mean of m_i over
// high-income countries is 1 at tick 0 (all countries when there is none).
void init_use_propensity(const Params& params, World& world) {
  Countries& k = world.countries;
  const Workers& w = world.workers;
  world.globals.use_norm = 1.0;
  update_use_country_terms(params, world);
  // The multipliers of the classes looked up, not recomputed per worker (a serial pass over
  // every worker); the sums keep their order, so their bits.
  std::array<double, kUseClasses> multiplier{};
  for (int u = 0; u < kUseClasses; ++u) multiplier[u] = use_class_multiplier(params.workers, u);
  double sum = 0, weight = 0, sum_all = 0, weight_all = 0;
  for (int c = 0; c < k.n; ++c) {
    double m = 0;
    for (std::uint32_t i = k.worker_offset[c]; i < k.worker_offset[c + 1]; ++i) {
      const int use_class = w.skill[i] << 2 | w.youth[i] << 1 | (w.occupation[i] != kNotExposed);
      m += use_class < kUseClasses ? multiplier[use_class] : 0.0;
    }
    m *= k.use_country_term[c] * k.worker_weight[c];
    const double lf = (k.worker_offset[c + 1] - k.worker_offset[c]) * k.worker_weight[c];
    sum_all += m, weight_all += lf;
    if (k.hic[c]) sum += m, weight += lf;
  }
  const double mean = weight > 0 ? sum / weight : sum_all / weight_all;
  world.globals.use_norm = mean > 0 ? 1.0 / mean : 1.0;
  update_use_country_terms(params, world);
}

// The HIC adoption of 2023 by size class (OECD; micro [A]).
std::array<double, kSizes> hic_adoption(const FirmParams& p) {
  return {p.adopt0_micro, p.adopt0_small, p.adopt0_medium, p.adopt0_large};
}

}  // namespace

std::array<double, kSizes> initial_adoption(const Params& params, const CountryData& data,
                                            const World& world, int c) {
  const FirmParams& p = params.firms;
  const double scale = std::pow(world.countries.readiness[c] / world.globals.r_hic, p.rho0);
  std::array<double, kSizes> adopt = hic_adoption(p);
  for (double& a : adopt) a = std::min(1.0, a * scale);
  const double eurostat = data.countries[c].enterprise_ai_2023;
  if (std::isnan(eurostat)) return adopt;
  // Small, medium and large from the 2023 value (10+ persons employed), split by the EU 2024
  // size ratios and scaled so that their firm-count-weighted share equals the data.
  const std::array<double, kSizes> ratio = {0.0, kEuSmall2024, kEuMedium2024, kEuLarge2024};
  const auto& count = data.by_income[static_cast<int>(data.countries[c].income)].firm_count_share;
  double weighted = 0, firms = 0;
  for (int s = kSmall; s < kSizes; ++s) weighted += count[s] * ratio[s], firms += count[s];
  for (int s = kSmall; s < kSizes; ++s) {
    adopt[s] = std::min(1.0, eurostat * firms / weighted * ratio[s]);
  }
  return adopt;
}

namespace {

void init_firms(const Params& params, const CountryData& data, World& world) {
  const FirmParams& p = params.firms;
  Countries& k = world.countries;
  Firms& f = world.firms;
  const sim::Philox rng(world.member_seed);
  for (int c = 0; c < k.n; ++c) {
    // M3: Eurostat 2023 where it exists, (R / R_HIC)^rho0 times the HIC values elsewhere.
    const std::array<double, kSizes> adopt_c = initial_adoption(params, data, world, c);
    const std::array<double, kSizes> hic = hic_adoption(p);
    const double* cum = &world.firm_rates.provider_cum[static_cast<std::size_t>(c) * kProviders];
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      const double adopt = adopt_c[s];
      // Departure 12: the cell's propensity in Bass innovation.
      k.entry_propensity[cs] = hic[s] > 0 ? adopt / hic[s] : 1.0;
      // Systematic sampling: the cell's adopters are n x adopt rounded up or down (one random
      // offset per cell), spread evenly over its exchangeable agents, so that the 2023 state of
      // a country with few firm agents carries no sampling noise beyond the rounding.
      const std::uint32_t first = k.firm_offset[cs];
      const double offset =
          first < k.firm_offset[cs + 1] ? rng(first, kInitTick, kPurposeInitFirm)[3] : 0.0;
      for (std::uint32_t j = first; j < k.firm_offset[cs + 1]; ++j) {
        const sim::Uniform4 u = rng(j, kInitTick, kPurposeInitFirm);
        const double at = (j - first) * adopt + offset;
        if (std::floor(at + adopt) > std::floor(at)) {
          f.stage[j] = u[1] < p.production_share0 ? kProduction : kPilot;
          f.provider[j] =
              u[2] < cum[0] ? kClosedForeign : (u[2] < cum[1] ? kClosedDomestic : kOpenWeight);
        }
      }
    }
  }
}

// Aggregates as the agent phases of tick 0 read them (the state at 2023-01).
void init_aggregates(const Params& params, World& world) {
  const std::size_t nb = world.firm_blocks.size();
  for (std::size_t b = 0; b < nb; ++b) {
    const sim::Block blk = world.firm_blocks[b];
    FirmTally t;
    for (std::uint32_t j = blk.begin; j < blk.end; ++j) {
      ++t.by_stage[world.firms.stage[j]];
      if (world.firms.stage[j] != kNone) ++t.adopters_by_provider[world.firms.provider[j]];
      if (world.firms.stage[j] == kProduction) ++t.production_by_provider[world.firms.provider[j]];
    }
    world.firm_tallies[b] = t;
  }
  sim::parallel_for(world.worker_blocks.size(), [&](std::size_t b) {
    const sim::Block blk = world.worker_blocks[b];
    WorkerTally t;
    const Workers& w = world.workers;
    for (std::uint32_t i = blk.begin; i < blk.end; ++i) {
      t.users += w.uses_ai[i];
      t.ai_skilled += w.ai_skill[i];
      t.online += w.online[i];
      if (w.uses_ai[i]) {
        ++t.users_by_depth_cell[(w.occupation[i] != kNotExposed) << 1 | w.ai_skill[i]];
      }
      t.employed_all += w.status[i] == kEmployed;
    }
    world.worker_tallies[b] = t;
  });
  aggregate_phase(params, world, make_tick_context(params, 0));
  // M2: depth reads the production share the first pass computed; the second pass folds it.
  compute_depth_factors(params, world, 0.0);
  aggregate_phase(params, world, make_tick_context(params, 0));
  world.globals.depth_world0 = world.globals.depth_world;
  // Flows count from the first tick on.
  Countries& k = world.countries;
  std::fill(k.pilot_entries.begin(), k.pilot_entries.end(), 0.0);
  std::fill(k.pilot_promotions.begin(), k.pilot_promotions.end(), 0.0);
  std::fill(k.pilot_abandonments.begin(), k.pilot_abandonments.end(), 0.0);
}

}  // namespace

AgentCounts count_agents(const Params& params, const CountryData& data) {
  const PopulationParams& p = params.population;
  AgentCounts counts;
  double lf_total = 0, firms_total = 0;
  for (const CountryRecord& r : data.countries) {
    lf_total += labour_force_of(data, r);
    firms_total += real_firms_of(data, r);
  }
  for (const CountryRecord& r : data.countries) {
    const std::uint32_t nw =
        share_of(p.workers, labour_force_of(data, r) / lf_total, p.min_workers_per_country);
    const std::uint32_t nf =
        share_of(p.firms, real_firms_of(data, r) / firms_total, p.min_firms_per_country);
    counts.workers.push_back(nw);
    counts.total_workers += nw;
    for (int s = 0; s < kSizes; ++s) {
      const std::uint32_t ns = share_of(nf, kFirmAgentShare[s], 1);
      counts.firms.push_back(ns);
      counts.total_firms += ns;
    }
  }
  return counts;
}

std::uint64_t bytes_per_worker() { return 9; }
std::uint64_t bytes_per_firm() { return 2 + 2 * sizeof(float); }

World make_world(const Params& params, const CountryData& data, std::uint64_t member_seed) {
  World world;
  world.member_seed = member_seed;
  init_countries(params, data, world);
  init_globals(params, world);
  init_capital(params, data, world);
  lay_out_agents(count_agents(params, data), world);
  // The state of 2023-01 as phases 3 and 5 see it: investment, compute access, voice and the
  // providers on offer, then the agents that depend on them.
  const TickContext ctx0 = make_tick_context(params, 0);
  allocate_investment(params, world, params.capital.pool_2023_usd, params.time.start.year);
  // M5's open effort of 2023-01: each bloc's share of the compute the first allocation buys.
  for (int c = 0; c < world.countries.n; ++c) {
    world.countries.compute_additions[c] = compute_purchases(params, world, c);
  }
  update_open_effort(world, world.globals.open_effort0);
  world.globals.open_effort = world.globals.open_effort0;
  update_domestic_labs(params, world);
  update_compute_access(params, world);
  for (int c = 0; c < world.countries.n; ++c) {
    world.countries.consumer_price_base[c] = price_min(params, world, c);
  }
  compute_firm_rates(params, world, ctx0.dt);
  init_workers(params, data, world);
  init_use_propensity(params, world);
  fit_talent_flow(world);
  init_firms(params, data, world);
  init_aggregates(params, world);
  // Data-work demand equals all data-work labour at the start (everyone starts employed).
  double labour = 0;
  for (int c = 0; c < world.countries.n; ++c) labour += world.countries.data_work_labour[c];
  const TechnologyParams& t = params.technology;
  world.globals.d0 = labour / (1.0 - t.synthetic_share_2023);
  world.globals.data_work_demand = labour;
  world.tick = 0;
  return world;
}

}  // namespace models
