// Approximate Bayesian Computation by sequential Monte Carlo, generic over the simulator.
//
// Toni et al. (2009) population Monte Carlo with the weights of Beaumont et al. (2009), the
// adaptive tolerance of Del Moral et al. (2012) (each tolerance keeps a fixed fraction of the
// previous generation's effective sample size) and a perturbation kernel fitted to the previous
// generation (normal per knob, truncated to its range). Candidates are proposed in batches, each
// batch one call of the simulator (the real model runs a batch as one sweep), and accepted in
// proposal order, so the result is a pure function of the seed and the distances whatever runs the
// simulations, and how.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calibration/prior.hpp"
#include "calibration/truncated_kernel.hpp"

namespace calibration {

// How accepted particles are weighted. Only kImportance is right: kUniformBroken ignores that
// the particles were proposed from the kernel rather than the prior (it concentrates the
// posterior generation after generation) and exists so that the tests show their checks fail.
enum class Weighting { kImportance, kUniformBroken };

struct AbcSettings {
  std::uint64_t seed = 1;
  std::size_t particles = 500;
  std::size_t batch = 0;             // candidates per simulator call; 0: `particles`
  double ess_fraction = 0.5;         // Del Moral's alpha: ESS kept from one tolerance to the next
  double target_tolerance = 0;       // stop once a generation runs at (or below) it
  double min_acceptance = 0.01;      // stop after a generation accepting fewer
  std::size_t max_simulations = 0;   // budget of simulator candidates; 0: unlimited
  std::size_t max_generations = 20;  // including generation 0 (the prior)
  double kernel_scale = 2.0;         // kernel variance = scale x weighted variance, per knob
  Weighting weighting = Weighting::kImportance;
};

// One generation's particles, structure of arrays: theta is n x dims row-major (knob values).
struct Population {
  std::size_t dims = 0;
  std::vector<double> theta;
  std::vector<double> weight;  // normalised to sum 1
  std::vector<double> distance;
  std::vector<std::size_t> candidate;  // index of the particle among the generation's candidates
  double tolerance = 0;                // +inf for generation 0
  std::size_t size() const { return weight.size(); }
  double at(std::size_t i, std::size_t k) const { return theta[i * dims + k]; }
  std::vector<double> column(std::size_t k) const;
};

struct GenerationRecord {
  std::size_t generation = 0;
  double tolerance = 0;
  std::size_t simulations = 0;  // candidates simulated in this generation
  std::size_t accepted = 0;
  double acceptance = 0;  // accepted / simulations
  double ess = 0;
  double seconds = 0;  // wall time of the generation
};

enum class StopReason { kTolerance, kAcceptance, kBudget, kGenerations };
const char* stop_reason_name(StopReason r);

// Simulates a batch: returns one distance per candidate (knob values, one row per candidate);
// NaN counts as infinitely far. `first` is the index of the batch's first candidate in its
// generation.
using Simulator = std::function<std::vector<double>(
    std::size_t generation, std::size_t first, const std::vector<std::vector<double>>& candidates)>;

struct AbcResult {
  Population posterior;
  std::vector<GenerationRecord> generations;
  StopReason stop = StopReason::kGenerations;
};

// A run stopped after some generation: its population and the records so far.
struct AbcResume {
  Population population;
  std::vector<GenerationRecord> generations;
};

// Called after each completed generation (to save it: restart is at generation granularity).
using GenerationDone = std::function<void(const Population&, const GenerationRecord&)>;

// Runs generations until the stopping rule; from `resume` if given (generation n+1 of n done).
AbcResult run_abc_smc(const Prior& prior, const AbcSettings& settings, const Simulator& simulate,
                      const GenerationDone& done = {}, const AbcResume* resume = nullptr);

// The building blocks, public for the tests and for proposing a generation without running it.

// Del Moral's rule with an indicator kernel: the smallest particle distance whose reweighted
// population keeps `fraction` of the effective sample size.
double next_tolerance(const Population& previous, double fraction);

// Candidate `index` of generation `generation` (>= 1) proposed from `previous` through the kernel,
// or (generation 0) drawn from the prior; in internal coordinates.
class Proposer {
 public:
  Proposer(const Prior& prior, const AbcSettings& settings, std::size_t generation,
           const Population* previous);
  std::vector<double> propose(std::size_t index) const;  // internal coordinates
  // Importance weight (unnormalised, log) of an accepted candidate: prior / proposal density.
  double log_weight(const std::vector<double>& internal) const;

 private:
  const Prior& prior_;
  std::uint64_t seed_;
  std::size_t generation_;
  const Population* previous_;
  std::vector<double> cumulative_;  // of the previous weights, for drawing ancestors
  std::vector<double> log_w_;       // log of the previous weights
  TruncatedNormalKernel kernel_;
};

}  // namespace calibration
