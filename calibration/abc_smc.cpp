#include "calibration/abc_smc.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "calibration/weighted.hpp"
#include "sim/rng.hpp"

namespace calibration {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Philox purposes of the sampler's draws.
constexpr std::uint32_t kPurposePrior = 1;
constexpr std::uint32_t kPurposeAncestor = 2;
constexpr std::uint32_t kPurposeKernel = 3;

double finite_or_inf(double d) {
  if (std::isnan(d)) return kInf;
  return d;
}

std::optional<StopReason> should_stop(const AbcSettings& s, const GenerationRecord& last,
                                      std::size_t total_simulations) {
  if (last.generation > 0 && last.tolerance <= s.target_tolerance) return StopReason::kTolerance;
  if (last.generation > 0 && last.acceptance < s.min_acceptance) return StopReason::kAcceptance;
  if (s.max_simulations > 0 && total_simulations >= s.max_simulations) return StopReason::kBudget;
  if (last.generation + 1 >= s.max_generations) return StopReason::kGenerations;
  return std::nullopt;
}

}  // namespace

std::vector<double> Population::column(std::size_t k) const {
  std::vector<double> c(size());
  for (std::size_t i = 0; i < size(); ++i) c[i] = at(i, k);
  return c;
}

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::kTolerance:
      return "tolerance reached";
    case StopReason::kAcceptance:
      return "acceptance rate below the floor";
    case StopReason::kBudget:
      return "simulation budget spent";
    case StopReason::kGenerations:
      return "generation limit";
  }
  return "?";
}

double next_tolerance(const Population& previous, double fraction) {
  const std::size_t n = previous.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double da = finite_or_inf(previous.distance[a]);
    const double db = finite_or_inf(previous.distance[b]);
    return da < db || (da == db && a < b);
  });
  const double target = fraction * effective_size(previous.weight);
  double s1 = 0, s2 = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    s1 += previous.weight[i];
    s2 += previous.weight[i] * previous.weight[i];
    const double d = finite_or_inf(previous.distance[i]);
    // Particles tied at d are all kept or all dropped by the tolerance d.
    const bool tie_follows = k + 1 < n && finite_or_inf(previous.distance[order[k + 1]]) == d;
    if (!tie_follows && s1 * s1 / s2 >= target) return d;
  }
  return finite_or_inf(previous.distance[order.back()]);
}

Proposer::Proposer(const Prior& prior, const AbcSettings& settings, std::size_t generation,
                   const Population* previous)
    : prior_(prior), seed_(settings.seed), generation_(generation), previous_(previous) {
  if (generation == 0 || previous == nullptr) return;
  const std::size_t d = prior.size(), n = previous->size();
  std::vector<double> internal(n * d);  // the previous particles, the kernel's centres
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k)
      internal[i * d + k] = prior.to_internal(k, previous->at(i, k));
  }
  cumulative_.resize(n);
  log_w_.resize(n);
  double cum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cum += previous->weight[i];
    cumulative_[i] = cum;
    log_w_[i] = previous->weight[i] > 0 ? std::log(previous->weight[i]) : -kInf;
  }
  std::vector<double> lo(d), hi(d), floor(d);
  for (std::size_t k = 0; k < d; ++k) {
    lo[k] = prior.internal_lo(k);
    hi[k] = prior.internal_hi(k);
    floor[k] = 1e-6 * (hi[k] - lo[k]);
  }
  kernel_ =
      TruncatedNormalKernel(internal, previous->weight, d, settings.kernel_scale, lo, hi, floor);
}

std::vector<double> Proposer::propose(std::size_t index) const {
  const std::size_t d = prior_.size();
  const sim::Philox rng(seed_);
  const auto agent = static_cast<std::uint32_t>(index);
  const auto tick = static_cast<std::uint32_t>(generation_);
  std::vector<double> z(d);
  if (previous_ == nullptr) {
    for (std::size_t k = 0; k < d; ++k) {
      const double u = rng(agent, tick, kPurposePrior,
                           static_cast<std::uint32_t>(k / 4))[static_cast<int>(k % 4)];
      z[k] = prior_.internal_lo(k) + u * (prior_.internal_hi(k) - prior_.internal_lo(k));
    }
    return z;
  }
  const double u = rng(agent, tick, kPurposeAncestor, 0)[0] * cumulative_.back();
  const std::size_t j = static_cast<std::size_t>(
      std::lower_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin());
  std::vector<double> uniforms(d);
  for (std::size_t k = 0; k < d; ++k) {
    uniforms[k] = rng(agent, tick, kPurposeKernel,
                      static_cast<std::uint32_t>(k / 4))[static_cast<int>(k % 4)];
  }
  kernel_.perturb(std::min(j, cumulative_.size() - 1), uniforms.data(), z.data());
  return z;
}

double Proposer::log_weight(const std::vector<double>& internal) const {
  if (previous_ == nullptr) return 0;
  // The prior is flat inside its box, so the weight is 1 / sum_j w_j K(z | z_j), in logs.
  const std::size_t n = previous_->size();
  std::vector<double> terms(n);
  double top = -kInf;
  for (std::size_t j = 0; j < n; ++j) {
    terms[j] = log_w_[j] + kernel_.log_density(internal.data(), j);
    top = std::max(top, terms[j]);
  }
  double sum = 0;
  for (double t : terms) sum += std::exp(t - top);
  return -(top + std::log(sum));
}

AbcResult run_abc_smc(const Prior& prior, const AbcSettings& s, const Simulator& simulate,
                      const GenerationDone& done, const AbcResume* resume) {
  if (s.particles < 2) throw std::invalid_argument("ABC-SMC needs at least 2 particles");
  const std::size_t n = s.particles, batch = s.batch > 0 ? s.batch : s.particles;
  const std::size_t d = prior.size();
  AbcResult r;
  std::optional<Population> current;
  std::size_t total = 0;
  if (resume != nullptr) {
    current = resume->population;
    r.generations = resume->generations;
    for (const GenerationRecord& g : r.generations) total += g.simulations;
    if (!r.generations.empty()) {
      if (const auto stop = should_stop(s, r.generations.back(), total)) {
        r.posterior = *current;
        r.stop = *stop;
        return r;
      }
    }
  }
  for (;;) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::size_t g = r.generations.size();
    double eps = kInf;
    if (g > 0) {
      eps = std::max(s.target_tolerance, next_tolerance(*current, s.ess_fraction));
      eps = std::min(eps, current->tolerance);
    }
    const Proposer proposer(prior, s, g, g > 0 ? &*current : nullptr);
    Population next;
    next.dims = d;
    next.tolerance = eps;
    std::vector<double> log_w;
    std::size_t simulated = 0, examined = 0;
    bool out_of_budget = false;
    while (next.size() < n) {
      if (s.max_simulations > 0 && total + simulated + batch > s.max_simulations) {
        out_of_budget = true;
        break;
      }
      std::vector<std::vector<double>> internal(batch), values(batch, std::vector<double>(d));
      for (std::size_t i = 0; i < batch; ++i) {
        internal[i] = proposer.propose(simulated + i);
        for (std::size_t k = 0; k < d; ++k) values[i][k] = prior.to_value(k, internal[i][k]);
      }
      const std::vector<double> dist = simulate(g, simulated, values);
      if (dist.size() != batch)
        throw std::runtime_error("ABC-SMC: simulator returned a wrong count");
      for (std::size_t i = 0; i < batch && next.size() < n; ++i) {
        ++examined;
        if (!(finite_or_inf(dist[i]) <= eps)) continue;
        next.theta.insert(next.theta.end(), values[i].begin(), values[i].end());
        next.distance.push_back(dist[i]);
        next.candidate.push_back(simulated + i);
        next.weight.push_back(0);
        log_w.push_back(proposer.log_weight(internal[i]));
      }
      simulated += batch;
    }
    if (out_of_budget) {
      if (!current) throw std::invalid_argument("ABC-SMC: budget smaller than generation 0");
      r.stop = StopReason::kBudget;
      break;
    }
    const double top = *std::max_element(log_w.begin(), log_w.end());
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      next.weight[i] = s.weighting == Weighting::kUniformBroken ? 1.0 : std::exp(log_w[i] - top);
      sum += next.weight[i];
    }
    for (double& w : next.weight) w /= sum;
    GenerationRecord rec;
    rec.generation = g;
    rec.tolerance = eps;
    rec.simulations = simulated;
    rec.accepted = n;
    rec.acceptance = static_cast<double>(n) / static_cast<double>(examined);
    rec.ess = effective_size(next.weight);
    rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    total += simulated;
    r.generations.push_back(rec);
    current = std::move(next);
    if (done) done(*current, rec);
    if (const auto stop = should_stop(s, rec, total)) {
      r.stop = *stop;
      break;
    }
  }
  r.posterior = *current;
  return r;
}

}  // namespace calibration
