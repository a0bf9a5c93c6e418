#include "app/calibrate_abc_outputs.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "calibration/weighted.hpp"
#include "sim/csv.hpp"
#include "sim/rng.hpp"

namespace app {

namespace fs = std::filesystem;

std::string full_number(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

std::string short_number(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

std::string AbcRun::gen_dir(std::size_t g) const {
  char b[16];
  std::snprintf(b, sizeof b, "g%03zu", g);
  return (fs::path(dir) / "generations" / b).string();
}

const std::vector<std::vector<double>>& AbcRun::generation_patterns(std::size_t g) const {
  static const std::vector<std::vector<double>> none;
  return g < patterns.size() ? patterns[g] : none;
}

void write_generations(const std::string& dir,
                       const std::vector<calibration::GenerationRecord>& gs) {
  std::ofstream o(fs::path(dir) / "generations.csv");
  o << "generation,tolerance,simulations,accepted,acceptance_rate,ess,seconds\n";
  for (const auto& g : gs) {
    o << g.generation << "," << short_number(g.tolerance) << "," << g.simulations << ","
      << g.accepted << "," << short_number(g.acceptance) << "," << short_number(g.ess) << ","
      << short_number(g.seconds) << "\n";
  }
}

// posterior.csv (the weighted particles; a design table with `columns:` naming the knobs),
// posterior_draws.csv (equal-weight draws by systematic resampling: a design table as is) and
// posterior_sweep.yaml (the posterior predictive sweep over them).
void write_posterior(const AbcRun& run, const calibration::Population& p) {
  const auto& dims = run.config.prior.dims();
  std::ofstream o(fs::path(run.dir) / "posterior.csv");
  for (const auto& d : dims) o << d.name << ",";
  o << "weight,distance\n";
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t k = 0; k < p.dims; ++k) o << full_number(p.at(i, k)) << ",";
    o << full_number(p.weight[i]) << "," << full_number(p.distance[i]) << "\n";
  }
  std::ofstream dr(fs::path(run.dir) / "posterior_draws.csv");
  for (std::size_t k = 0; k < dims.size(); ++k) dr << (k ? "," : "") << dims[k].name;
  dr << "\n";
  const std::size_t m = run.config.draws;
  const double u0 = sim::Philox(run.config.settings.seed)(0, 0xffffffffu, 9)[0];
  double cum = 0;
  std::size_t i = 0, distinct = 0, last = p.size();
  for (std::size_t j = 0; j < m; ++j) {
    const double u = (static_cast<double>(j) + u0) / static_cast<double>(m);
    while (i + 1 < p.size() && cum + p.weight[i] < u) cum += p.weight[i++];
    // A particle heavier than 1/m is drawn more than once; a sweep refuses repeated rows (the
    // same member), so it is written once and the draws are fewer.
    if (i == last) continue;
    last = i;
    ++distinct;
    for (std::size_t k = 0; k < p.dims; ++k) dr << (k ? "," : "") << full_number(p.at(i, k));
    dr << "\n";
  }
  if (distinct < m && !run.quiet) {
    std::cerr << "calibrate: posterior_draws.csv holds " << distinct << " distinct of " << m
              << " draws (particles heavier than 1/" << m << " were drawn repeatedly)\n";
  }
  std::ofstream y(fs::path(run.dir) / "posterior_sweep.yaml");
  y << "# Posterior predictive ensemble: the scenario at " << distinct
    << " equal-weight posterior draws x the\n# calibration's replicates. Add scenarios of the "
       "library to compare pathways with\n# parameter uncertainty: `aidivide sweep` this file "
       "to DIR, then `aidivide compare DIR`.\n"
    << "name: posterior_predictive\nscenarios:\n  - "
    << fs::relative(fs::absolute(run.config.scenario), fs::absolute(run.dir)).string()
    << "\nreplicates: " << run.config.replicates << "\nseed: " << run.config.seed << "\n";
  if (!run.config.sets.empty()) {
    y << "set:\n";
    for (const std::string& s : run.config.sets) {
      const auto eq = s.find('=');
      y << "  " << s.substr(0, eq) << ": " << s.substr(eq + 1) << "\n";
    }
  }
  y << "design:\n  kind: table\n  file: posterior_draws.csv\n";
}

namespace {

double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my), sxx += (x[i] - mx) * (x[i] - mx),
        syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : NAN;
}

}  // namespace

void write_fit(const AbcRun& run, const calibration::AbcResult& r, double seconds) {
  const calibration::Population& p = r.posterior;
  const auto& dims = run.config.prior.dims();
  std::size_t sims = 0;
  for (const auto& g : r.generations) sims += g.simulations;
  std::ofstream m(fs::path(run.dir) / "fit.md");
  m << "# ABC-SMC calibration\n\nConfig `" << run.config.path << "`, seed " << run.config.seed
    << ", " << p.size() << " particles (effective "
    << short_number(calibration::effective_size(p.weight)) << "), " << r.generations.size()
    << " generations, " << sims << " candidates x " << run.config.replicates
    << " replicates = " << sims * run.config.replicates << " runs, final tolerance "
    << short_number(p.tolerance) << "; stopped: " << calibration::stop_reason_name(r.stop) << "; "
    << short_number(seconds) << " s in this invocation.\n"
    << (run.observed.empty()
            ? "Targets: the facts' values (MODEL.md section 1).\n"
            : "Targets: pattern values observed in the given runs (twin experiment).\n")
    << "\n| knob | prior | range | median | 90% interval |\n|---|---|---|---|---|\n";
  for (std::size_t k = 0; k < dims.size(); ++k) {
    const std::vector<double> x = p.column(k);
    m << "| `" << dims[k].name << "` | " << calibration::prior_shape_name(dims[k].shape) << " | ["
      << short_number(dims[k].lo) << ", " << short_number(dims[k].hi) << "] | "
      << short_number(calibration::weighted_quantile(x, p.weight, 0.5)) << " | ["
      << short_number(calibration::weighted_quantile(x, p.weight, 0.05)) << ", "
      << short_number(calibration::weighted_quantile(x, p.weight, 0.95)) << "] |\n";
  }
  const std::size_t last = r.generations.back().generation;
  const auto& gp = run.generation_patterns(last);
  m << "\n| pattern | target | at the posterior: median | 90% interval |\n|---|---|---|---|\n";
  for (std::size_t j = 0; j < run.parts.size(); ++j) {
    std::vector<double> v;
    for (std::size_t i = 0; i < p.size(); ++i) {
      v.push_back(p.candidate[i] < gp.size() && !gp[p.candidate[i]].empty() ? gp[p.candidate[i]][j]
                                                                            : NAN);
    }
    m << "| " << run.parts[j]->what << " | "
      << (run.observed.empty() ? run.parts[j]->target
                               : short_number(run.observed[j]) + " (observed)")
      << " | " << short_number(calibration::weighted_quantile(v, p.weight, 0.5)) << " | ["
      << short_number(calibration::weighted_quantile(v, p.weight, 0.05)) << ", "
      << short_number(calibration::weighted_quantile(v, p.weight, 0.95)) << "] |\n";
  }
  // Which patterns constrain which knobs: the correlation of knob and pattern over the prior
  // draws of generation 0 (|r| >= 0.3 marked), read from its saved population of candidates.
  const auto& g0 = run.generation_patterns(0);
  const fs::path design0 = fs::path(run.gen_dir(0)) / "b0" / "design.csv";
  if (!g0.empty() && fs::exists(design0)) {
    const sim::CsvTable t = sim::read_csv(design0.string(), sim::InputKind::kData);
    m << "\nWhich patterns constrain which knobs: correlation of knob (internal coordinate) and "
         "pattern value over the "
      << t.size()
      << " prior draws of generation 0; **bold** where "
         "|r| >= 0.3.\n\n| pattern |";
    for (const auto& d : dims) m << " `" << d.name << "` |";
    m << "\n|---|";
    for (std::size_t k = 0; k < dims.size(); ++k) m << "---|";
    m << "\n";
    for (std::size_t j = 0; j < run.parts.size(); ++j) {
      m << "| " << run.parts[j]->what << " |";
      for (std::size_t k = 0; k < dims.size(); ++k) {
        std::vector<double> x, y;
        for (std::size_t i = 0; i < t.size() && i < g0.size(); ++i) {
          if (g0[i].empty() || !std::isfinite(g0[i][j])) continue;
          x.push_back(run.config.prior.to_internal(k, t.number(i, static_cast<int>(k))));
          y.push_back(g0[i][j]);
        }
        const double c = correlation(x, y);
        const std::string cell = std::isnan(c) ? "-" : short_number(c);
        m << " " << (std::fabs(c) >= 0.3 ? "**" + cell + "**" : cell) << " |";
      }
      m << "\n";
    }
  }
}

}  // namespace app
