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
#include "app/calibrate_abc_outputs.hpp"
#include "app/calibrate_abc_sweep.hpp"
#include "app/calibration_facts.hpp"
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

// The target parts of the calibrated facts, in fact order.
std::vector<const models::FactPart*> target_parts(const std::vector<models::Fact>& facts,
                                                  const std::vector<std::string>& ids,
                                                  const std::string& config_path) {
  std::vector<const models::FactPart*> parts;
  for (const std::string& id : ids) {
    const std::size_t before = parts.size();
    for (const models::Fact& f : facts) {
      if (f.id != id) continue;
      for (const models::FactPart& p : f.parts) {
        if (p.cls == models::FactClass::kTarget) parts.push_back(&p);
      }
    }
    if (parts.size() == before) {
      throw sim::InputError(sim::InputKind::kScenario, {config_path, 0, 0}, "blocks",
                            "not a fact with target parts", id);
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

// The run's state plus how it runs its batches.
struct Glue : AbcRun {
  AbcBatchRunner runner;
  bool keep_runs = false;

  std::vector<std::vector<double>>& patterns_of(std::size_t g) {
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
    b.name = "abc_" + fs::path(gen_dir(g)).filename().string() + "_b" + std::to_string(first);
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
      for (std::size_t i = 0; i < row.size(); ++i) o << (i ? "," : "") << full_number(row[i]);
      o << "\n";
    }
    o.close();
    if (!keep_runs) fs::remove_all(fs::path(b.dir) / "runs");
    return out;
  }

  std::vector<double> simulate(std::size_t g, std::size_t first,
                               const std::vector<std::vector<double>>& points) {
    const auto values = batch_patterns(g, first, points);
    auto& gp = patterns_of(g);
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
    for (std::size_t k = 0; k < p.dims; ++k) o << full_number(p.at(i, k)) << ",";
    o << full_number(p.weight[i]) << "," << full_number(p.distance[i]) << "," << p.candidate[i]
      << "\n";
  }
  std::ofstream rec(fs::path(glue.gen_dir(r.generation)) / "record.txt");
  rec << full_number(r.tolerance) << " " << r.simulations << " " << r.accepted << " "
      << full_number(r.acceptance) << " " << full_number(r.ess) << " " << full_number(r.seconds)
      << "\n";
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

}  // namespace

int cmd_calibrate_abc(int argc, char** argv) {
  CommandLine cli(
      "calibrate",
      "usage: aidivide calibrate --method abc-smc CONFIG.yaml [-o DIR] [--threads N] [--seed S]\n"
      "                          [--tolerance EPS] [--max-simulations N] [--launcher CMD]\n"
      "                          [--external] [--observed-from RUN.h5 ...] [--keep-runs]\n"
      "                          [--quiet]\n\n"
      "A posterior over the knobs of CONFIG.yaml by ABC-SMC: priors from `abc_smc.priors`\n"
      "(uniform or log-uniform on each knob's range), a distance over the blocks' target facts in\n"
      "tolerance bands, adaptive tolerances, and every candidate's replicates run as one sweep "
      "per\n"
      "batch (in this process, under --launcher such as \"mpirun -n 3\", or with --external as\n"
      "job-array shards: exit 75 names the sweep to run, then run the same command again).\n"
      "Running the same command again resumes from the last complete generation, also with a\n"
      "larger --max-simulations when the budget ran out. Writes\n"
      "DIR/posterior.csv, posterior_draws.csv, posterior_sweep.yaml, generations.csv, fit.md.\n\n");
  std::string config_path, dir = "calibration", method, launcher;
  int threads = 0;
  std::int64_t seed = -1;
  double tolerance = -1;
  std::int64_t max_simulations = -1;
  std::vector<std::string> observed_from;
  cli.options().add_options()("method", po::value(&method),
                              "abc-smc (or nelder-mead: point values)")(
      "output,o", po::value(&dir), "output directory (default calibration)")(
      "threads", po::value(&threads), "threads per sweep process (default: the CPUs)")(
      "seed", po::value(&seed), "root seed (default: the config's `seed`)")(
      "tolerance", po::value(&tolerance), "final tolerance (default: abc_smc.target_tolerance)")(
      "max-simulations", po::value(&max_simulations),
      "candidate budget (default: abc_smc.max_simulations); not part of the restart check")(
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
    glue.facts = calibration_facts(glue.config.scenario, glue.config.sets).facts;
    glue.parts = target_parts(glue.facts, glue.config.facts, config_path);
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
  // The budget only decides when to stop, never what a generation holds, so a calibration that
  // spent it may resume with a larger one and match a run that had the larger budget from the
  // start.
  if (max_simulations >= 0) {
    glue.config.settings.max_simulations = static_cast<std::size_t>(max_simulations);
  }
  glue.dir = dir;
  glue.keep_runs = cli.has("keep-runs");
  glue.runner.threads = threads > 0 ? threads : sim::default_thread_count();
  glue.runner.external = cli.has("external");
  glue.runner.quiet = cli.has("quiet");
  glue.quiet = glue.runner.quiet;
  std::istringstream words(launcher);
  for (std::string w; words >> w;) glue.runner.launcher.push_back(w);

  // A restart must continue the same calibration: the config, seed and targets are fingerprinted.
  std::ostringstream fp;
  fp << glue.config.text << "\nseed " << glue.config.seed << "\ntolerance "
     << full_number(glue.config.settings.target_tolerance) << "\n";
  for (double v : glue.observed) fp << full_number(v) << "\n";
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
          auto& gp = glue.patterns_of(g);
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
