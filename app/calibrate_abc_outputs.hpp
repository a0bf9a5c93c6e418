// The state and the files of an ABC-SMC calibration directory: the run's settings and the pattern
// values of every candidate, and the writers of posterior.csv, posterior_draws.csv,
// posterior_sweep.yaml, generations.csv and fit.md.
#pragma once

#include <string>
#include <vector>

#include "app/calibrate_abc_config.hpp"
#include "calibration/abc_smc.hpp"
#include "models/facts.hpp"

namespace app {

struct AbcRun {
  AbcConfig config;
  std::string dir;
  std::vector<models::Fact> facts;             // SF1-SF19 over the scenario's countries
  std::vector<const models::FactPart*> parts;  // the calibrated facts' parts (of `facts`)
  std::vector<double> observed;                // per part; empty: the facts' targets
  bool quiet = false;
  // Pattern values of every candidate simulated, by generation, candidate and part.
  std::vector<std::vector<std::vector<double>>> patterns;

  std::string gen_dir(std::size_t g) const;  // DIR/generations/gNNN
  // The pattern values of generation g (empty if none).
  const std::vector<std::vector<double>>& generation_patterns(std::size_t g) const;
};

std::string full_number(double v);   // %.17g: exact through text
std::string short_number(double v);  // %.4g

void write_generations(const std::string& dir,
                       const std::vector<calibration::GenerationRecord>& gs);
// posterior.csv (the weighted particles; a design table with `columns:` naming the knobs),
// posterior_draws.csv (equal-weight draws by systematic resampling: a design table as is) and
// posterior_sweep.yaml (the posterior predictive sweep over them).
void write_posterior(const AbcRun& run, const calibration::Population& p);
// fit.md: the knobs' medians and 90% intervals, the patterns at the posterior, and which
// patterns constrain which knobs (correlations over the prior draws of generation 0).
void write_fit(const AbcRun& run, const calibration::AbcResult& r, double seconds);

}  // namespace app
