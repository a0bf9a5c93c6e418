// `aidivide calibrate --method abc-smc`: a posterior over the target-class knobs by ABC-SMC
// (calibration/abc_smc.hpp), every simulation a sweep member (app/calibrate_abc_sweep.hpp).
// Writes DIR/posterior.csv, DIR/posterior_draws.csv, DIR/posterior_sweep.yaml,
// DIR/generations.csv and DIR/fit.md; DIR/generations/ keeps each generation for a restart.
#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/calibrate_abc_config.hpp"
#include "app/calibrate_abc_sweep.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "calibration/weighted.hpp"
#include "models/facts.hpp"
#include "sim/csv.hpp"
#include "sim/error.hpp"
#include "sim/rng.hpp"
#include "sim/system_info.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

namespace fs = std::filesystem;

// Exit status when, with --external, a batch waits for its sweep shards (EX_TEMPFAIL).
constexpr int kExitWaiting = 75;

struct WaitingForShards {
  std::string command;
};

std::string full(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

std::string short_number(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

std::string three(std::size_t n) {
  char b[16];
  std::snprintf(b, sizeof b, "%03zu", n);
  return b;
}

// The target parts of the calibrated facts, in fact order.
std::vector<const models::FactPart*> target_parts(const std::vector<std::string>& ids) {
  std::vector<const models::FactPart*> parts;
  for (const std::string& id : ids) {
    for (const models::Fact& f : models::stylised_facts()) {
      if (f.id != id) continue;
      for (const models::FactPart& p : f.parts) parts.push_back(&p);
    }
  }
  return parts;
}

// Replicate means of the parts; NaN (infinitely far) when a replicate failed (no file).
std::vector<double> part_means(const std::vector<const models::FactPart*>& parts,
                               const std::vector<std::string>& files) {
  if (std::any_of(files.begin(), files.end(), [](const std::string& f) { return f.empty(); })) {
    return std::vector<double>(parts.size(), NAN);
  }
  std::vector<std::unique_ptr<models::RunData>> runs;
  runs.reserve(files.size());
  for (const auto& f : files) runs.push_back(std::make_unique<models::RunData>(f));
  std::vector<double> means;
  for (const models::FactPart* p : parts) {
    double s = 0;
    for (const auto& r : runs) s += p->compute(*r);
    means.push_back(s / static_cast<double>(runs.size()));
  }
  return means;
}

// The distance of a candidate's pattern values: the root of the summed part losses, each part
// scaled by its tolerance band (1 at the band's edge). A twin experiment (observed values from
// runs) measures from the observed value in the same band units.
double distance(const std::vector<const models::FactPart*>& parts, const std::vector<double>& means,
                const std::vector<double>& observed) {
  double s = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const models::FactPart& p = *parts[i];
    if (observed.empty()) {
      s += models::part_loss(p, means[i]);
      continue;
    }
    const double half =
        std::isfinite(p.hi - p.lo) ? 0.5 * (p.hi - p.lo) : 0.1 * std::fabs(observed[i]);
    const double d = (means[i] - observed[i]) / std::max(half, 1e-12);
    s += d * d;
  }
  return std::isfinite(s) ? std::sqrt(s) : NAN;
}

struct Glue {
  AbcConfig config;
  std::string dir;
  AbcBatchRunner runner;
  std::vector<const models::FactPart*> parts;
  std::vector<double> observed;  // empty: the facts' targets
  bool keep_runs = false;
  // Pattern values of every candidate simulated, by generation then candidate.
  std::vector<std::vector<std::vector<double>>> patterns;

  std::string gen_dir(std::size_t g) const {
    return (fs::path(dir) / "generations" / ("g" + three(g))).string();
  }

  std::vector<std::vector<double>>& generation_patterns(std::size_t g) {
    if (patterns.size() <= g) patterns.resize(g + 1);
    return patterns[g];
  }

  // Pattern values of a batch: from its patterns.csv when an earlier run computed them, else
  // from its sweep (whose member files are removed afterwards unless kept).
  std::vector<std::vector<double>> batch_patterns(
      std::size_t g, std::size_t first, const std::vector<std::vector<double>>& points) const {
    AbcBatch b;
    b.dir = (fs::path(gen_dir(g)) / ("b" + std::to_string(first))).string();
    const fs::path saved = fs::path(b.dir) / "patterns.csv";
    if (fs::exists(saved)) {
      const sim::CsvTable t = sim::read_csv(saved.string(), sim::InputKind::kData);
      if (t.size() == points.size()) {
        std::vector<std::vector<double>> out(points.size());
        for (std::size_t r = 0; r < t.size(); ++r) {
          for (int c = 0; c < static_cast<int>(t.header().size()); ++c) {
            out[r].push_back(t.text(r, c) == "nan" ? NAN : std::stod(t.text(r, c)));
          }
        }
        return out;
      }
    }
    b.name = "abc_g" + three(g) + "_b" + std::to_string(first);
    b.scenario = fs::absolute(config.scenario).string();
    b.sets = config.sets;
    for (const auto& d : config.prior.dims()) b.keys.push_back(d.name);
    b.points = points;
    b.replicates = config.replicates;
    b.seed = config.seed;
    const auto files = run_abc_batch(b, runner);
    if (!files) throw WaitingForShards{abc_batch_command(b)};
    std::vector<std::vector<double>> out;
    for (const auto& f : *files) out.push_back(part_means(parts, f));
    std::ofstream o(saved);
    for (std::size_t i = 0; i < parts.size(); ++i) o << (i ? "," : "") << "part" << i;
    o << "\n";
    for (const auto& row : out) {
      for (std::size_t i = 0; i < row.size(); ++i) o << (i ? "," : "") << full(row[i]);
      o << "\n";
    }
    o.close();
    if (!keep_runs) fs::remove_all(fs::path(b.dir) / "runs");
    return out;
  }

  std::vector<double> simulate(std::size_t g, std::size_t first,
                               const std::vector<std::vector<double>>& points) {
    const auto values = batch_patterns(g, first, points);
    auto& gp = generation_patterns(g);
    if (gp.size() < first + values.size()) gp.resize(first + values.size());
    std::vector<double> d;
    for (std::size_t i = 0; i < values.size(); ++i) {
      gp[first + i] = values[i];
      d.push_back(distance(parts, values[i], observed));
    }
    return d;
  }
};

// Each generation's population and record, at full precision, for a restart.
void save_generation(const Glue& glue, const calibration::Population& p,
                     const calibration::GenerationRecord& r) {
  fs::create_directories(glue.gen_dir(r.generation));
  std::ofstream o(fs::path(glue.gen_dir(r.generation)) / "population.csv");
  for (const auto& d : glue.config.prior.dims()) o << d.name << ",";
  o << "weight,distance,candidate\n";
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t k = 0; k < p.dims; ++k) o << full(p.at(i, k)) << ",";
    o << full(p.weight[i]) << "," << full(p.distance[i]) << "," << p.candidate[i] << "\n";
  }
  std::ofstream rec(fs::path(glue.gen_dir(r.generation)) / "record.txt");
  rec << full(r.tolerance) << " " << r.simulations << " " << r.accepted << " " << full(r.acceptance)
      << " " << full(r.ess) << " " << full(r.seconds) << "\n";
}

// The generations saved by an earlier run of the same command, if any.
std::optional<calibration::AbcResume> load_saved(const Glue& glue) {
  calibration::AbcResume resume;
  for (std::size_t g = 0;; ++g) {
    const fs::path pop = fs::path(glue.gen_dir(g)) / "population.csv";
    const fs::path rec = fs::path(glue.gen_dir(g)) / "record.txt";
    if (!fs::exists(pop) || !fs::exists(rec)) break;
    calibration::GenerationRecord r;
    r.generation = g;
    std::ifstream in(rec);
    std::string tol;
    in >> tol >> r.simulations >> r.accepted >> r.acceptance >> r.ess >> r.seconds;
    r.tolerance = std::stod(tol);
    const sim::CsvTable t = sim::read_csv(pop.string(), sim::InputKind::kData);
    calibration::Population p;
    p.dims = glue.config.prior.size();
    p.tolerance = r.tolerance;
    for (std::size_t i = 0; i < t.size(); ++i) {
      for (std::size_t k = 0; k < p.dims; ++k)
        p.theta.push_back(std::stod(t.text(i, static_cast<int>(k))));
      p.weight.push_back(std::stod(t.text(i, static_cast<int>(p.dims))));
      p.distance.push_back(std::stod(t.text(i, static_cast<int>(p.dims) + 1)));
      p.candidate.push_back(std::stoul(t.text(i, static_cast<int>(p.dims) + 2)));
    }
    resume.population = std::move(p);
    resume.generations.push_back(r);
  }
  if (resume.generations.empty()) return std::nullopt;
  return resume;
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
void write_posterior(const Glue& glue, const calibration::Population& p) {
  const auto& dims = glue.config.prior.dims();
  std::ofstream o(fs::path(glue.dir) / "posterior.csv");
  for (const auto& d : dims) o << d.name << ",";
  o << "weight,distance\n";
  for (std::size_t i = 0; i < p.size(); ++i) {
    for (std::size_t k = 0; k < p.dims; ++k) o << full(p.at(i, k)) << ",";
    o << full(p.weight[i]) << "," << full(p.distance[i]) << "\n";
  }
  std::ofstream dr(fs::path(glue.dir) / "posterior_draws.csv");
  for (std::size_t k = 0; k < dims.size(); ++k) dr << (k ? "," : "") << dims[k].name;
  dr << "\n";
  const std::size_t m = glue.config.draws;
  const double u0 = sim::Philox(glue.config.settings.seed)(0, 0xffffffffu, 9)[0];
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
    for (std::size_t k = 0; k < p.dims; ++k) dr << (k ? "," : "") << full(p.at(i, k));
    dr << "\n";
  }
  if (distinct < m && !glue.runner.quiet) {
    std::cerr << "calibrate: posterior_draws.csv holds " << distinct << " distinct of " << m
              << " draws (particles heavier than 1/" << m << " were drawn repeatedly)\n";
  }
  std::ofstream y(fs::path(glue.dir) / "posterior_sweep.yaml");
  y << "# Posterior predictive ensemble: the scenario at " << distinct
    << " equal-weight posterior draws x the\n# calibration's replicates. Add scenarios of the "
       "library to compare pathways with\n# parameter uncertainty: `aidivide compare --sweep "
       "DIR`.\n"
    << "name: posterior_predictive\nscenarios:\n  - "
    << fs::relative(fs::absolute(glue.config.scenario), fs::absolute(glue.dir)).string()
    << "\nreplicates: " << glue.config.replicates << "\nseed: " << glue.config.seed << "\n";
  if (!glue.config.sets.empty()) {
    y << "set:\n";
    for (const std::string& s : glue.config.sets) {
      const auto eq = s.find('=');
      y << "  " << s.substr(0, eq) << ": " << s.substr(eq + 1) << "\n";
    }
  }
  y << "design:\n  kind: table\n  file: posterior_draws.csv\n";
}

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

void write_fit(Glue& glue, const calibration::AbcResult& r, double seconds) {
  const calibration::Population& p = r.posterior;
  const auto& dims = glue.config.prior.dims();
  std::size_t sims = 0;
  for (const auto& g : r.generations) sims += g.simulations;
  std::ofstream m(fs::path(glue.dir) / "fit.md");
  m << "# ABC-SMC calibration\n\nConfig `" << glue.config.path << "`, seed " << glue.config.seed
    << ", " << p.size() << " particles (effective "
    << short_number(calibration::effective_size(p.weight)) << "), " << r.generations.size()
    << " generations, " << sims << " candidates x " << glue.config.replicates
    << " replicates = " << sims * glue.config.replicates << " runs, final tolerance "
    << short_number(p.tolerance) << "; stopped: " << calibration::stop_reason_name(r.stop) << "; "
    << short_number(seconds) << " s in this invocation.\n"
    << (glue.observed.empty()
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
  const auto& gp = glue.generation_patterns(last);
  m << "\n| pattern | target | at the posterior: median | 90% interval |\n|---|---|---|---|\n";
  for (std::size_t j = 0; j < glue.parts.size(); ++j) {
    std::vector<double> v;
    for (std::size_t i = 0; i < p.size(); ++i) {
      v.push_back(p.candidate[i] < gp.size() && !gp[p.candidate[i]].empty() ? gp[p.candidate[i]][j]
                                                                            : NAN);
    }
    m << "| " << glue.parts[j]->what << " | "
      << (glue.observed.empty() ? glue.parts[j]->target
                                : short_number(glue.observed[j]) + " (observed)")
      << " | " << short_number(calibration::weighted_quantile(v, p.weight, 0.5)) << " | ["
      << short_number(calibration::weighted_quantile(v, p.weight, 0.05)) << ", "
      << short_number(calibration::weighted_quantile(v, p.weight, 0.95)) << "] |\n";
  }
  // Which patterns constrain which knobs: the correlation of knob and pattern over the prior
  // draws of generation 0 (|r| >= 0.3 marked), read from its saved population of candidates.
  const auto& g0 = glue.generation_patterns(0);
  const fs::path design0 = fs::path(glue.gen_dir(0)) / "b0" / "design.csv";
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
    for (std::size_t j = 0; j < glue.parts.size(); ++j) {
      m << "| " << glue.parts[j]->what << " |";
      for (std::size_t k = 0; k < dims.size(); ++k) {
        std::vector<double> x, y;
        for (std::size_t i = 0; i < t.size() && i < g0.size(); ++i) {
          if (g0[i].empty() || !std::isfinite(g0[i][j])) continue;
          x.push_back(glue.config.prior.to_internal(k, t.number(i, static_cast<int>(k))));
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

}  // namespace

int cmd_calibrate_abc(int argc, char** argv) {
  CommandLine cli(
      "calibrate",
      "usage: aidivide calibrate --method abc-smc CONFIG.yaml [-o DIR] [--threads N] [--seed S]\n"
      "                          [--tolerance EPS] [--launcher CMD] [--external]\n"
      "                          [--observed-from RUN.h5 ...] [--keep-runs] [--quiet]\n\n"
      "A posterior over the knobs of CONFIG.yaml by ABC-SMC: priors from `abc_smc.priors`\n"
      "(uniform or log-uniform on each knob's range), a distance over the blocks' target facts in\n"
      "tolerance bands, adaptive tolerances, and every candidate's replicates run as one sweep "
      "per\n"
      "batch (in this process, under --launcher such as \"mpirun -n 3\", or with --external as\n"
      "job-array shards: exit 75 names the sweep to run, then run the same command again).\n"
      "Running the same command again resumes from the last complete generation. Writes\n"
      "DIR/posterior.csv, posterior_draws.csv, posterior_sweep.yaml, generations.csv, fit.md.\n\n");
  std::string config_path, dir = "calibration", method, launcher;
  int threads = 0;
  std::int64_t seed = -1;
  double tolerance = -1;
  std::vector<std::string> observed_from;
  cli.options().add_options()("method", po::value(&method),
                              "abc-smc (or nelder-mead: point values)")(
      "output,o", po::value(&dir), "output directory (default calibration)")(
      "threads", po::value(&threads), "threads per sweep process (default: the CPUs)")(
      "seed", po::value(&seed), "root seed (default: the config's `seed`)")(
      "tolerance", po::value(&tolerance), "final tolerance (default: abc_smc.target_tolerance)")(
      "launcher", po::value(&launcher),
      "command prefix that runs each sweep, e.g. \"mpirun -n 3\"")(
      "external", "do not run sweeps: exit 75 naming the one to run (job arrays)")(
      "observed-from", po::value(&observed_from)->multitoken(),
      "runs whose pattern values are the targets (twin experiment)")(
      "keep-runs", "keep the member files of every batch")("quiet", "print only errors");
  cli.positional("CONFIG.yaml", &config_path);
  if (const auto status = cli.parse(argc, argv)) return *status;

  Glue glue;
  try {
    glue.config = load_abc_config(config_path);
    glue.parts = target_parts(glue.config.facts);
    if (!observed_from.empty()) glue.observed = part_means(glue.parts, observed_from);
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (seed >= 0) {
    glue.config.seed = seed;
    glue.config.settings.seed = static_cast<std::uint64_t>(seed);
  }
  if (tolerance >= 0) glue.config.settings.target_tolerance = tolerance;
  glue.dir = dir;
  glue.keep_runs = cli.has("keep-runs");
  glue.runner.threads = threads > 0 ? threads : sim::default_thread_count();
  glue.runner.external = cli.has("external");
  glue.runner.quiet = cli.has("quiet");
  std::istringstream words(launcher);
  for (std::string w; words >> w;) glue.runner.launcher.push_back(w);

  // A restart must continue the same calibration: the config, seed and targets are fingerprinted.
  std::ostringstream fp;
  fp << glue.config.text << "\nseed " << glue.config.seed << "\ntolerance "
     << full(glue.config.settings.target_tolerance) << "\n";
  for (double v : glue.observed) fp << full(v) << "\n";
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path fp_file = fs::path(dir) / "generations" / "fingerprint.txt";
  if (fs::exists(fp_file)) {
    std::ifstream in(fp_file);
    std::ostringstream old;
    old << in.rdbuf();
    if (old.str() != fp.str()) {
      std::cerr << "aidivide calibrate: " << dir
                << " holds a calibration with another config, seed or targets; use a new -o DIR\n";
      return kExitBadInput;
    }
  } else {
    fs::create_directories(fp_file.parent_path(), ec);
    std::ofstream(fp_file) << fp.str();
  }

  const auto t0 = std::chrono::steady_clock::now();
  try {
    const auto resume = load_saved(glue);
    if (resume && !glue.runner.quiet) {
      std::cerr << "calibrate: resuming after generation " << resume->generations.size() - 1
                << "\n";
    }
    // Pattern values of saved generations come back from their batches' patterns.csv.
    if (resume) {
      for (std::size_t g = 0; g < resume->generations.size(); ++g) {
        const auto& rec = resume->generations[g];
        const std::size_t batch = glue.config.settings.batch ? glue.config.settings.batch
                                                             : glue.config.settings.particles;
        for (std::size_t first = 0; first < rec.simulations; first += batch) {
          const fs::path f =
              fs::path(glue.gen_dir(g)) / ("b" + std::to_string(first)) / "patterns.csv";
          if (!fs::exists(f)) continue;
          const sim::CsvTable t = sim::read_csv(f.string(), sim::InputKind::kData);
          auto& gp = glue.generation_patterns(g);
          if (gp.size() < first + t.size()) gp.resize(first + t.size());
          for (std::size_t r = 0; r < t.size(); ++r) {
            for (int c = 0; c < static_cast<int>(t.header().size()); ++c) {
              gp[first + r].push_back(t.text(r, c) == "nan" ? NAN : std::stod(t.text(r, c)));
            }
          }
        }
      }
    }
    const auto simulate = [&](std::size_t g, std::size_t first,
                              const std::vector<std::vector<double>>& points) {
      return glue.simulate(g, first, points);
    };
    std::vector<calibration::GenerationRecord> all;
    const auto done = [&](const calibration::Population& p,
                          const calibration::GenerationRecord& r) {
      save_generation(glue, p, r);
      if (resume) all = resume->generations;
      all.resize(r.generation);
      all.push_back(r);
      write_generations(dir, all);
      if (!glue.runner.quiet) {
        std::cerr << "calibrate: generation " << r.generation << ": tolerance "
                  << short_number(r.tolerance) << ", acceptance " << short_number(r.acceptance)
                  << ", ESS " << short_number(r.ess) << ", " << r.simulations << " candidates, "
                  << short_number(r.seconds) << " s\n";
      }
    };
    const calibration::AbcResult result = calibration::run_abc_smc(
        glue.config.prior, glue.config.settings, simulate, done, resume ? &*resume : nullptr);
    write_generations(dir, result.generations);
    write_posterior(glue, result.posterior);
    write_fit(glue, result,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    if (!glue.runner.quiet) {
      std::cerr << "calibrate: " << calibration::stop_reason_name(result.stop) << "; wrote " << dir
                << "/posterior.csv, posterior_draws.csv, posterior_sweep.yaml, generations.csv, "
                   "fit.md\n";
    }
  } catch (const WaitingForShards& w) {
    std::cerr << "calibrate: waiting for a sweep; run it (as shards: add --shard K/N), then run "
                 "this command again:\n  "
              << w.command << "\n";
    return kExitWaiting;
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "aidivide calibrate: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace app
