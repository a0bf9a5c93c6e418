// Phase 5, firms (parallel): entry into pilots, provider choice, promotion or abandonment,
// provider switching, intangible capital and the productivity J-curve (MODEL.md section 7).

#include <algorithm>
#include <bit>
#include <cmath>

#include "models/firm_rates.hpp"
#include "models/phases.hpp"
#include "models/provider_reach.hpp"
#include "models/purposes.hpp"
#include "sim/isa.hpp"
#include "sim/lane_masks.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"
#include "sim/rng_batch.hpp"

namespace models {

namespace {

// Bass innovation and imitation of a size class: calibrated for small and large; micro is
// `micro_bass_factor` times small (departure 13), medium the mean of small and large [A].
std::array<double, 2> bass(const FirmParams& p, int size) {
  switch (size) {
    case kMicro:
      return {p.p_small * p.micro_bass_factor, p.q_small * p.micro_bass_factor};
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
  ProviderView v;
  // M4: fit_k is the provider's coverage times its language fit in the country; the open
  // columns carry the country's own open lag (M5) and local adaptation.
  v.coverage = provider_coverage(world, c);
  const auto language = provider_language_fit(world, c);
  for (int q = 0; q < kProviders; ++q) v.fit[q] = v.coverage[q] * language[q];
  v.price = provider_prices(world, c);
  v.available = reachable_providers(world, c);
  for (int q = 0; q < kProviders; ++q) {
    v.utility[q] =
        p.quality_k * v.fit[q] - v.price[q] - (q == kClosedForeign ? p.sovereignty_penalty : 0.0);
  }
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
    // M3 entry: (p + q A) (R / R_HIC)^rho afford (1 - high_risk_share drag); readiness counted
    // once, the compliance drag on the high-risk class only.
    const double afford =
        affordability(price_min(params, world, c), p.afford_scale, k.gdp_per_capita_usd[c]);
    const double common = std::pow(k.readiness[c] / world.globals.r_hic, p.rho) * afford *
                          (1.0 - p.high_risk_share * k.compliance_drag[c]);
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      const auto [bp, bq] = bass(p, s);
      // Innovation scales with the cell's own 2023 adoption (departure 12), imitation with its
      // current adoption: growth proportional to the level, as in the Eurostat panel.
      const double innovation = bp * std::pow(k.entry_propensity[cs], p.propensity_exponent);
      r.p_entry[cs] = tick_probability((innovation + bq * k.firm_adoption_share[cs]) * common, dt);
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
      // Pilot exit (M3): promotion pilot_success fit_k gate(R) against abandonment.
      const double h_success = p.pilot_success * k.pilot_success_factor[c] * v.fit[q] * gate;
      const double h_total = std::max(0.0, h_success) + std::max(0.0, p.pilot_abandon);
      r.p_pilot_event[cq] = tick_probability(h_total, dt);
      r.success_share[cq] = h_total > 0 ? std::max(0.0, h_success) / h_total : 0.0;
      r.provider_gain[cq] = p.gain_max * v.fit[q];  // M3: fit_k in place of coverage_k
      // A reconsidering production firm moves to the best provider when the gain exceeds the
      // switching cost, or at once when its provider is no longer available.
      const bool move =
          !v.available[q] || best_u - v.utility[q] > p.switching_cost * k.switching_cost_factor[c];
      r.switch_to[cq] = static_cast<std::uint8_t>(move ? best : q);
    }
  }
}

namespace {

// A country and size class's per-tick probabilities as exact integer thresholds on the draws,
// and the provider tables, for one block of firms.
struct FirmBlockArgs {
  sim::Block block;
  sim::Threshold entry, reconsider;
  sim::Threshold cum[2];  // provider at entry: closed_foreign below cum[0], domestic below cum[1]
  std::array<sim::Threshold, kProviders> event, success;
  std::array<float, kProviders> gain;  // gain_max * coverage of the provider
  std::array<std::uint8_t, kProviders> switch_to;
  std::array<float, kStages> z_eq;
  float z_keep, z_half;
  std::uint64_t seed;
  std::uint32_t tick;
  Firms* firms;
};

// 0xFF where `condition` holds, else 0: selects as bit operations, which vectorise.
AIDIVIDE_KERNEL_INLINE std::uint8_t mask(bool condition) {
  return static_cast<std::uint8_t>(-condition);
}

AIDIVIDE_KERNEL_INLINE std::uint8_t below(std::uint32_t bits, sim::Threshold t) {
  return static_cast<std::uint8_t>((bits < t.limit) | t.always);
}

// The value for a provider or stage (0, 1, 2) as selects rather than an indexed load.
template <typename I, typename T>
AIDIVIDE_KERNEL_INLINE T pick(I index, T v0, T v1, T v2) {
  return index == 0 ? v0 : (index == 1 ? v1 : v2);
}

// A provider's threshold, field by field (a select of a whole struct is a branch).
AIDIVIDE_KERNEL_INLINE sim::Threshold pick(std::uint8_t index, sim::Threshold t0, sim::Threshold t1,
                                           sim::Threshold t2) {
  return {pick(index, t0.limit, t1.limit, t2.limit), pick(index, t0.always, t1.always, t2.always)};
}

// Transition events, counted per block.
enum FirmEvent : std::uint8_t { kNoEvent, kEntry, kPromotion, kAbandonment };

// The tally of the wide kernels: counts of the firms of each batch by stage, provider and
// event, as popcounts of 64-lane masks, in place of the histogram increments of the generic
// kernels (the same integers, see add_firm_counts).
struct FirmCounts {
  std::uint32_t all = 0, none = 0, pilot = 0, entries = 0, promotions = 0, abandonments = 0;
  std::array<std::uint32_t, kProviders> adopters{}, production{};
};

void add_firm_counts(const FirmCounts& c, FirmTally& t) {
  t.by_stage[kNone] += c.none;
  t.by_stage[kPilot] += c.pilot;
  t.by_stage[kProduction] += c.all - c.none - c.pilot;
  for (int q = 0; q < kProviders; ++q) {
    t.adopters_by_provider[q] += c.adopters[q];
    t.production_by_provider[q] += c.production[q];
  }
  t.entries += c.entries;
  t.promotions += c.promotions;
  t.abandonments += c.abandonments;
}

// Advances one block of firms by one tick and returns its tally (generic kernels). The stage and
// provider transitions and the intangible update run on vector lanes; the gain sum stays a
// sequential loop, so its rounding is that of the firm order.
FirmTally firm_block_generic(const FirmBlockArgs& a) {
  Firms& f = *a.firms;
  std::uint8_t* __restrict const stage = f.stage.data();
  std::uint8_t* __restrict const provider = f.provider.data();
  float* __restrict const z = f.intangible.data();
  float* __restrict const gain = f.firm_gain.data();
  FirmTally t;
  // Cells stage | provider << 2 | event << 4, in four interleaved histograms: most firms of a
  // block share a cell, and increments of one counter would wait on each other's stores (a
  // quarter of the phase's time with one histogram).
  constexpr int kFirmCells = 64;
  std::array<std::uint32_t, 4 * kFirmCells> cells{};
  sim::UniformBatch u;
  alignas(64) std::uint8_t code[sim::kBatch];
  // Block constants in locals: loads from `a` inside the loop would be conditional loads.
  const float zeq0 = a.z_eq[0], zeq1 = a.z_eq[1], zeq2 = a.z_eq[2], z_keep = a.z_keep;
  const float z_half = a.z_half;
  const float gain0 = a.gain[0], gain1 = a.gain[1], gain2 = a.gain[2];
  const sim::Threshold entry = a.entry, reconsider = a.reconsider, cum0 = a.cum[0], cum1 = a.cum[1];
  const sim::Threshold event0 = a.event[0], event1 = a.event[1], event2 = a.event[2];
  const sim::Threshold success0 = a.success[0], success1 = a.success[1], success2 = a.success[2];
  const std::uint8_t switch0 = a.switch_to[0], switch1 = a.switch_to[1], switch2 = a.switch_to[2];
  // Per-lane values the float loop needs, widened to 32 bits: a loop that mixes bytes and
  // floats does not vectorise, one over 32-bit lanes does.
  alignas(64) std::uint32_t old_stage[sim::kBatch], new_provider[sim::kBatch],
      in_production[sim::kBatch];
  for (std::uint32_t first = a.block.begin; first < a.block.end; first += sim::kBatch) {
    const std::uint32_t n = std::min(sim::kBatch, a.block.end - first);
    sim::philox_batch(a.seed, first, a.tick, kPurposeFirm, 0, u);
    // The batch's columns from lane 0: indices `first + l` might wrap as 32-bit values, and
    // the compiler would then not see consecutive lanes.
    std::uint8_t* __restrict const stage_b = stage + first;
    std::uint8_t* __restrict const provider_b = provider + first;
    float* __restrict const z_b = z + first;
    float* __restrict const gain_b = gain + first;
    // Stage and provider transitions (MODEL.md section 7, "Firms"), as selects on bytes.
    for (std::uint32_t l = 0; l < n; ++l) {
      const std::uint8_t st = stage_b[l], pr = provider_b[l];
      const std::uint8_t e0 = below(u.bits[0][l], entry);
      const std::uint8_t event = below(u.bits[0][l], pick(pr, event0, event1, event2));
      const std::uint8_t success = below(u.bits[1][l], pick(pr, success0, success1, success2));
      const std::uint8_t enters = (st == kNone) & e0;
      const std::uint8_t exits = (st == kPilot) & event;
      const std::uint8_t switches = (st == kProduction) & below(u.bits[0][l], reconsider);
      // Provider at entry: closed_foreign (0) below cum0, closed_domestic (1) below cum1, else
      // open_weight (2).
      static_assert(kClosedForeign == 0 && kClosedDomestic == 1 && kOpenWeight == 2);
      const auto chosen = static_cast<std::uint8_t>((2 - below(u.bits[1][l], cum1)) &
                                                    mask(!below(u.bits[1][l], cum0)));
      static_assert(kNone == 0 && kPilot == 1 && kProduction == 2);
      // none -> pilot on entry; pilot -> production (success) or none (abandonment).
      const auto exit_stage = static_cast<std::uint8_t>(success << 1);
      std::uint8_t next = st;
      next = static_cast<std::uint8_t>((next & ~mask(enters)) | (kPilot & mask(enters)));
      next = static_cast<std::uint8_t>((next & ~mask(exits)) | (exit_stage & mask(exits)));
      std::uint8_t next_pr = pr;
      next_pr = static_cast<std::uint8_t>((next_pr & ~mask(enters)) | (chosen & mask(enters)));
      next_pr = static_cast<std::uint8_t>((next_pr & ~mask(switches)) |
                                          (pick(pr, switch0, switch1, switch2) & mask(switches)));
      stage_b[l] = next;
      provider_b[l] = next_pr;
      const std::uint8_t ev =
          static_cast<std::uint8_t>((enters & kEntry) | (exits & success) * kPromotion |
                                    (exits & (success ^ 1)) * kAbandonment);
      code[l] = static_cast<std::uint8_t>(next | next_pr << 2 | ev << 4);
      old_stage[l] = st;
      new_provider[l] = next_pr;
      in_production[l] = -static_cast<std::uint32_t>(next == kProduction);
    }
    // Intangibles accumulate at the rate of the stage held during the tick (exact update); the
    // J-curve gain is computed for every firm and masked to +0 outside production (a division
    // the compiler must keep conditional, as it could trap, would not vectorise).
    for (std::uint32_t l = 0; l < n; ++l) {
      const float zeq = pick(old_stage[l], zeq0, zeq1, zeq2);
      const float zj = zeq + (z_b[l] - zeq) * z_keep;
      const float g_any = pick(new_provider[l], gain0, gain1, gain2) * zj / (zj + z_half);
      z_b[l] = zj;
      gain_b[l] = std::bit_cast<float>(std::bit_cast<std::uint32_t>(g_any) & in_production[l]);
    }
    for (std::uint32_t l = 0; l < n; ++l) {
      ++cells[(l & 3) * kFirmCells + code[l]];
      t.gain_sum += gain_b[l];
    }
  }
  for (int c = 0; c < kFirmCells; ++c) {
    const std::uint32_t count =
        cells[c] + cells[kFirmCells + c] + cells[2 * kFirmCells + c] + cells[3 * kFirmCells + c];
    if (count == 0) continue;
    const int st = c & 3, pr = c >> 2 & 3, ev = c >> 4;
    t.by_stage[st] += count;
    if (st != kNone) t.adopters_by_provider[pr] += count;
    if (st == kProduction) t.production_by_provider[pr] += count;
    t.entries += (ev == kEntry) * count;
    t.promotions += (ev == kPromotion) * count;
    t.abandonments += (ev == kAbandonment) * count;
  }
  return t;
}

#if AIDIVIDE_HAVE_WIDE_KERNELS
// GCC 12 reports its own AVX-512 headers' _mm512_undefined_epi32() as uninitialised use
// (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

using sim::below64;
using sim::bytes_equal;
using sim::lanes;

// The wide kernel of the firms: firm_block with AVX-512 intrinsics, as the workers' kernel
// (models/workers.cpp): each test one bit per lane of a 64-bit mask, the per-provider and
// per-stage values picked by permutes, the tally counted from the masks. The float operations
// are those of firm_block in the same order (no contraction), so the same bits.

// The provider's threshold for each lane (pick: 0, 1, anything else 2).
AIDIVIDE_TARGET_WIDE inline __mmask64 below_by_provider(const std::uint32_t* bits,
                                                        const sim::Threshold (&t)[kProviders],
                                                        __mmask64 p0, __mmask64 p1) {
  return (p0 & below64(bits, t[0])) | (p1 & below64(bits, t[1])) |
         (~(p0 | p1) & below64(bits, t[2]));
}

AIDIVIDE_TARGET_WIDE FirmTally firm_block_wide(const FirmBlockArgs& a) {
  Firms& f = *a.firms;
  FirmTally t;
  FirmCounts counts;
  double gain_sum = 0;  // a local: through t, each addition would wait for a store and a load
  const sim::Threshold event[kProviders] = {a.event[0], a.event[1], a.event[2]};
  const sim::Threshold success[kProviders] = {a.success[0], a.success[1], a.success[2]};
  // Tables for the permutes; index = min(value, 2), which is pick's choice.
  const __m512 zeq_table =
      _mm512_setr_ps(a.z_eq[0], a.z_eq[1], a.z_eq[2], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512 gain_table =
      _mm512_setr_ps(a.gain[0], a.gain[1], a.gain[2], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512i switch_table = _mm512_setr_epi32(a.switch_to[0], a.switch_to[1], a.switch_to[2], 0,
                                                 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m512 z_keep = _mm512_set1_ps(a.z_keep), z_half = _mm512_set1_ps(a.z_half);
  const __m512i one = _mm512_set1_epi8(1), two = _mm512_set1_epi8(2);
  sim::UniformBatch u;
  alignas(64) float packed[16];
  static_assert(kNone == 0 && kPilot == 1 && kProduction == 2);
  static_assert(kClosedForeign == 0 && kClosedDomestic == 1 && kOpenWeight == 2);
  for (std::uint32_t first = a.block.begin; first < a.block.end; first += sim::kBatch) {
    const std::uint32_t n = std::min(sim::kBatch, a.block.end - first);
    sim::philox_batch_wide(a.seed, first, a.tick, kPurposeFirm, 0, u);
    std::uint8_t* const stage_b = f.stage.data() + first;
    std::uint8_t* const provider_b = f.provider.data() + first;
    float* const z_b = f.intangible.data() + first;
    float* const gain_b = f.firm_gain.data() + first;
    const __mmask64 live = n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
    const __m512i st = _mm512_maskz_loadu_epi8(live, stage_b);
    const __m512i pr = _mm512_maskz_loadu_epi8(live, provider_b);
    const __mmask64 none = bytes_equal(st, kNone), pilot = bytes_equal(st, kPilot);
    const __mmask64 production = bytes_equal(st, kProduction);
    const __mmask64 pr0 = bytes_equal(pr, 0), pr1 = bytes_equal(pr, 1);
    const __mmask64 enters = none & below64(u.bits[0], a.entry) & live;
    const __mmask64 exits = pilot & below_by_provider(u.bits[0], event, pr0, pr1) & live;
    const __mmask64 succeeds = below_by_provider(u.bits[1], success, pr0, pr1);
    const __mmask64 switches = production & below64(u.bits[0], a.reconsider) & live;
    // Provider at entry: closed_foreign below cum0, closed_domestic below cum1, else open.
    const __mmask64 below0 = below64(u.bits[1], a.cum[0]), below1 = below64(u.bits[1], a.cum[1]);
    const __m512i chosen = _mm512_maskz_mov_epi8(~below0, _mm512_mask_mov_epi8(two, below1, one));
    __m512i next = _mm512_mask_mov_epi8(st, enters, one);
    next = _mm512_mask_mov_epi8(next, exits, _mm512_maskz_mov_epi8(succeeds, two));
    __m512i next_pr = _mm512_mask_mov_epi8(pr, enters, chosen);
    const __m512i pr_index = _mm512_min_epu8(pr, two);
    const __m512i st_index = _mm512_min_epu8(st, two);
    if (switches) {
      // switch_to[pr] for the 64 lanes: four permutes of 16, narrowed back to bytes.
      alignas(64) std::uint8_t index[sim::kBatch], to[sim::kBatch];
      _mm512_store_si512(index, pr_index);
      for (int g = 0; g < 4; ++g) {
        const __m512i idx =
            _mm512_cvtepu8_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(index + 16 * g)));
        _mm_store_si128(reinterpret_cast<__m128i*>(to + 16 * g),
                        _mm512_cvtepi32_epi8(_mm512_permutexvar_epi32(idx, switch_table)));
      }
      const __m512i switched = _mm512_load_si512(to);
      next_pr = _mm512_mask_mov_epi8(next_pr, switches, switched);
    }
    _mm512_mask_storeu_epi8(stage_b, live, next);
    _mm512_mask_storeu_epi8(provider_b, live, next_pr);

    const __mmask64 none_next = bytes_equal(next, kNone) & live,
                    pilot_next = bytes_equal(next, kPilot) & live;
    const __mmask64 production_next = bytes_equal(next, kProduction) & live;
    counts.all += n;
    counts.none += lanes(none_next);
    counts.pilot += lanes(pilot_next);
    for (int q = 0; q < kProviders; ++q) {
      const __mmask64 by_provider = bytes_equal(next_pr, q) & live;
      counts.adopters[q] += lanes(by_provider & ~none_next);
      counts.production[q] += lanes(by_provider & production_next);
    }
    counts.entries += lanes(enters);
    counts.promotions += lanes(exits & succeeds);
    counts.abandonments += lanes(exits & ~succeeds);

    // Intangibles at the rate of the stage held during the tick, the J-curve gain +0 outside
    // production; then the gains added to the sum in firm order, the nonzero ones only: x + 0
    // is x for every sum that can occur here (it starts at +0, and +0 plus -0 is +0, so it is
    // never -0), so the rounding is that of firm_block's loop, while its chain of dependent
    // additions, the cost of that loop, shrinks to the firms in production. The stage at the
    // start of the tick and the new provider serve as permute indices.
    alignas(64) std::uint8_t stage_index[sim::kBatch], provider_index[sim::kBatch];
    _mm512_store_si512(stage_index, st_index);
    _mm512_store_si512(provider_index, _mm512_min_epu8(next_pr, two));
    for (std::uint32_t g = 0; g * 16 < n; ++g) {
      const auto in = static_cast<__mmask16>(live >> (16 * g));
      const __m512i st_g = _mm512_cvtepu8_epi32(
          _mm_load_si128(reinterpret_cast<const __m128i*>(stage_index + 16 * g)));
      const __m512i pr_g = _mm512_cvtepu8_epi32(
          _mm_load_si128(reinterpret_cast<const __m128i*>(provider_index + 16 * g)));
      const __m512 zeq = _mm512_permutexvar_ps(st_g, zeq_table);
      const __m512 z = _mm512_maskz_loadu_ps(in, z_b + 16 * g);
      const __m512 zj = _mm512_add_ps(zeq, _mm512_mul_ps(_mm512_sub_ps(z, zeq), z_keep));
      const __m512 g_any = _mm512_div_ps(_mm512_mul_ps(_mm512_permutexvar_ps(pr_g, gain_table), zj),
                                         _mm512_add_ps(zj, z_half));
      const auto producing = static_cast<__mmask16>(production_next >> (16 * g));
      const __m512 gain = _mm512_maskz_mov_ps(producing, g_any);
      _mm512_mask_storeu_ps(z_b + 16 * g, in, zj);
      _mm512_mask_storeu_ps(gain_b + 16 * g, in, gain);
      // Not equal, unordered: NaN is added, +0 and -0 are not.
      const __mmask16 nonzero = _mm512_mask_cmp_ps_mask(in, gain, _mm512_setzero_ps(), _CMP_NEQ_UQ);
      if (!nonzero) continue;
      _mm512_store_ps(packed, _mm512_maskz_compress_ps(nonzero, gain));
      const int k = __builtin_popcount(nonzero);
      for (int i = 0; i < k; ++i) gain_sum += packed[i];
    }
  }
  add_firm_counts(counts, t);
  t.gain_sum = gain_sum;
  return t;
}
#pragma GCC diagnostic pop
#endif

}  // namespace

void firms_phase(const Params& params, World& world, const TickContext& ctx) {
  compute_firm_rates(params, world, ctx.dt);
  const FirmRates& r = world.firm_rates;
  FirmBlockArgs common{};
  common.reconsider = sim::threshold(r.p_reconsider);
  common.z_eq = r.z_eq;
  common.z_keep = r.z_keep;
  common.z_half = static_cast<float>(params.firms.z_half);
  common.seed = world.member_seed;
  common.tick = static_cast<std::uint32_t>(ctx.tick);
  common.firms = &world.firms;
  auto* run = &firm_block_generic;
#if AIDIVIDE_HAVE_WIDE_KERNELS
  if (sim::wide_kernels()) run = &firm_block_wide;
#endif

  sim::parallel_for(world.firm_blocks.size(), [&](std::size_t b) {
    FirmBlockArgs a = common;
    a.block = world.firm_blocks[b];
    const std::size_t c = a.block.group / kSizes;
    a.entry = sim::threshold(r.p_entry[a.block.group]);
    a.cum[0] = sim::threshold(r.provider_cum[c * kProviders]);
    a.cum[1] = sim::threshold(r.provider_cum[c * kProviders + 1]);
    for (int q = 0; q < kProviders; ++q) {
      const std::size_t cq = c * kProviders + q;
      a.event[q] = sim::threshold(r.p_pilot_event[cq]);
      a.success[q] = sim::threshold(r.success_share[cq]);
      a.gain[q] = static_cast<float>(r.provider_gain[cq]);
      a.switch_to[q] = r.switch_to[cq];
    }
    world.firm_tallies[b] = run(a);
  });
}

}  // namespace models
