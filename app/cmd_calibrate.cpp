// `aidivide calibrate`: fits the target-class knobs block by block by the method of simulated
// moments (a loss over the facts' tolerance bands, common random numbers, replicates, Nelder-Mead,
// runs in parallel processes) and writes calibrated.yaml, loss_trace.csv, fit.md, accepted.csv.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/calibration_facts.hpp"
#include "app/calibration_file.hpp"
#include "app/cli_common.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "models/country_data.hpp"
#include "models/facts.hpp"
#include "models/scenario.hpp"
#include "run/run_request.hpp"
#include "sim/error.hpp"
#include "sim/nelder_mead.hpp"
#include "sim/yaml_reader.hpp"

extern char** environ;

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace app {

namespace {

struct Knob {
  std::string key;
  double lo, hi, value;
};

struct Block {
  std::string name;
  std::vector<std::string> facts;
  std::vector<Knob> knobs;
};

struct Config {
  std::string path, scenario;
  std::int64_t seed = 1, replicates = 3, max_evaluations = 40, parallel = 2;
  std::vector<std::string> sets;
  std::vector<Block> blocks;
  // The patterns over the scenario's countries, with the observed data of its data directory.
  models::ObservedData observed;
  std::vector<models::Fact> facts;
};

bool has_target_part(const models::Fact& f) {
  return std::any_of(f.parts.begin(), f.parts.end(),
                     [](const models::FactPart& p) { return p.cls == models::FactClass::kTarget; });
}

// The facts a block may name: those with at least one target part (MODEL.md's class "target";
// input checks and validation parts are never fitted).
std::string calibration_fact_list(const std::vector<models::Fact>& facts) {
  std::string out;
  for (const models::Fact& f : facts) {
    if (has_target_part(f)) out += (out.empty() ? "" : ", ") + f.id;
  }
  return out;
}

Config load_config(const std::string& path) {
  const CalibrationFile file = read_calibration_file(path);
  const sim::YamlSource& src = file.source;
  CalibrationCommon common;
  Config c;
  c.path = path;
  for (const auto& kv : file.root) {
    const std::string key = sim::key_name(kv.first, src, "");
    const YAML::Node& v = kv.second;
    if (read_common_key(file, key, v, common)) continue;
    if (key == "max_evaluations") {
      c.max_evaluations = sim::read_int64(v, src, key);
      if (c.max_evaluations < 2 || c.max_evaluations > 10000)
        src.fail(v, key, "out of range [2, 10000]");
    } else if (key == "parallel") {
      c.parallel = sim::read_int64(v, src, key);
      if (c.parallel < 1 || c.parallel > 256) src.fail(v, key, "out of range [1, 256]");
    } else if (key != "abc_smc") {  // the settings of --method abc-smc (calibrate_abc_config.cpp)
      src.fail(kv.first, key,
               "unknown key (expected scenario, seed, replicates, set, "
               "max_evaluations, parallel, blocks, abc_smc)");
    }
  }
  check_common(file, common);
  c.scenario = common.scenario;
  c.seed = common.seed;
  c.replicates = common.replicates;
  c.sets = common.sets;
  // The fact ids need the scenario's data; every knob must be a numeric parameter of the
  // scenario, its range inside the valid range.
  CalibrationFacts facts = calibration_facts(c.scenario, c.sets);
  c.observed = std::move(facts.observed);
  c.facts = std::move(facts.facts);
  const auto fields = models::list_param_fields(models::load_scenario(c.scenario, c.sets).params);
  for (const CalibrationBlock& b : common.blocks) {
    for (const std::string& id : b.facts) {
      const auto f = std::find_if(c.facts.begin(), c.facts.end(),
                                  [&](const models::Fact& x) { return x.id == id; });
      if (f == c.facts.end() || !has_target_part(*f)) {
        src.fail(b.facts_where, b.facts_path,
                 "not a fact with target parts (" + calibration_fact_list(c.facts) + ")", id);
      }
    }
    Block block{b.name, b.facts, {}};
    for (const KnobRange& k : b.knobs)
      block.knobs.push_back({k.key, k.lo, k.hi, std::stod(knob_field(fields, k, src).value_yaml)});
    c.blocks.push_back(block);
  }
  return c;
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Runs `args` as child processes of this binary, at most `parallel` at a time; returns the
// exit statuses.
std::vector<int> run_children(const std::vector<std::vector<std::string>>& jobs, int parallel) {
  std::vector<int> status(jobs.size(), -1);
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  while (next < jobs.size() || !running.empty()) {
    while (next < jobs.size() && static_cast<int>(running.size()) < parallel) {
      std::vector<char*> argv;
      std::string self = "/proc/self/exe";
      argv.push_back(self.data());
      std::vector<std::string> copy = jobs[next];
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      pid_t pid = 0;
      if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0) {
        throw std::runtime_error("cannot start a run process");
      }
      running[pid] = next++;
    }
    int raw = 0;
    const pid_t done = waitpid(-1, &raw, 0);
    if (done < 0) break;
    status[running[done]] = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128;
    running.erase(done);
  }
  return status;
}

}  // namespace

int cmd_calibrate(int argc, char** argv) {
  // --method picks the algorithm: abc-smc (a posterior, app/calibrate_abc.cpp) or nelder-mead
  // (point values, below; the default).
  std::vector<char*> args(argv, argv + argc);
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string a = args[i];
    const bool split = a == "--method" && i + 1 < args.size();
    if (!split && a.rfind("--method=", 0) != 0) continue;
    const std::string method = split ? std::string(args[i + 1]) : a.substr(9);
    if (method == "abc-smc") return cmd_calibrate_abc(argc, argv);
    if (method != "nelder-mead") {
      std::cerr << "aidivide calibrate: --method: expected abc-smc or nelder-mead (got " << method
                << ")\n";
      return kExitBadInput;
    }
    args.erase(args.begin() + static_cast<long>(i),
               args.begin() + static_cast<long>(i + (split ? 2 : 1)));
    argc = static_cast<int>(args.size());
    argv = args.data();
    break;
  }
  CommandLine cli("calibrate",
                  "usage: aidivide calibrate CONFIG.yaml [--method nelder-mead|abc-smc] [-o DIR]\n"
                  "                          [--threads N] [--seed S]\n\n"
                  "Fits the target-class knobs named in CONFIG.yaml block by block: for each\n"
                  "block, Nelder-Mead on a loss over its facts' tolerance bands, every point run\n"
                  "for the same replicates (common random numbers) in parallel processes. Writes\n"
                  "DIR/calibrated.yaml, DIR/loss_trace.csv, DIR/fit.md and DIR/accepted.csv.\n\n");
  std::string config_path, out_dir = "calibration";
  int threads = 0;
  std::int64_t seed = -1;
  cli.options().add_options()("output,o", po::value(&out_dir),
                              "output directory (default calibration)")(
      "threads", po::value(&threads), "runs in parallel (default: the config's `parallel`)")(
      "seed", po::value(&seed), "root seed of the replicates (default: the config's `seed`)");
  cli.positional("CONFIG.yaml", &config_path);
  if (const auto status = cli.parse(argc, argv)) return *status;

  Config config;
  try {
    config = load_config(config_path);
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  }
  if (seed >= 0) config.seed = seed;
  if (threads > 0) config.parallel = threads;
  std::error_code ec;
  fs::create_directories(fs::path(out_dir) / "runs", ec);
  if (ec) {
    std::cerr << "aidivide: " << out_dir << ": cannot create the output directory\n";
    return kExitBadInput;
  }

  const auto t0 = std::chrono::steady_clock::now();
  std::ofstream trace(fs::path(out_dir) / "loss_trace.csv");
  trace << "block,evaluation,loss,all_within_tolerance";
  std::vector<std::string> all_keys;
  for (const Block& b : config.blocks) {
    for (const Knob& k : b.knobs) all_keys.push_back(k.key), trace << "," << k.key;
  }
  trace << "\n";
  std::map<std::string, double> current;
  for (const Block& b : config.blocks) {
    for (const Knob& k : b.knobs) current[k.key] = k.value;
  }
  std::vector<std::map<std::string, double>> accepted;
  int evaluation = 0;

  // Runs the replicates at `values` and returns the replicate means of the target parts of the
  // block's facts (input checks and validation parts are never fitted).
  const auto simulate = [&](const std::map<std::string, double>& values,
                            const std::vector<const models::Fact*>& facts) {
    std::vector<std::vector<std::string>> jobs;
    std::vector<std::string> outputs;
    for (std::int64_t r = 0; r < config.replicates; ++r) {
      const std::string out =
          (fs::path(out_dir) / "runs" / ("r" + std::to_string(r) + ".h5")).string();
      std::vector<std::string> args = {"run",         config.scenario,  "-o",
                                       out,           "--quiet",        "--threads",
                                       "1",           "--seed",         std::to_string(config.seed),
                                       "--replicate", std::to_string(r)};
      for (const auto& s : config.sets) args.insert(args.end(), {"--set", s});
      for (const auto& [key, value] : values) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", value);
        args.insert(args.end(), {"--set", key + "=" + buf});
      }
      jobs.push_back(args);
      outputs.push_back(out);
    }
    const std::vector<int> status = run_children(jobs, static_cast<int>(config.parallel));
    std::vector<models::RunData> runs;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
      if (status[i] != 0)
        throw std::runtime_error("a calibration run failed (exit " + std::to_string(status[i]) +
                                 ")");
      runs.emplace_back(outputs[i]);
    }
    std::vector<const models::RunData*> pointers;
    pointers.reserve(runs.size());
    for (const auto& r : runs) pointers.push_back(&r);
    models::check_same_data(pointers, config.observed);
    std::vector<std::pair<const models::FactPart*, double>> means;
    for (const models::Fact* f : facts) {
      for (const models::FactPart& part : f->parts) {
        if (part.cls != models::FactClass::kTarget) continue;
        means.emplace_back(&part, models::evaluate_part(*f, part, pointers).mean);
      }
    }
    return means;
  };

  try {
    for (const Block& block : config.blocks) {
      std::vector<const models::Fact*> facts;
      for (const auto& f : config.facts) {
        if (std::find(block.facts.begin(), block.facts.end(), f.id) != block.facts.end()) {
          facts.push_back(&f);
        }
      }
      const auto to_values = [&](const std::vector<double>& unit) {
        std::map<std::string, double> v = current;
        for (std::size_t i = 0; i < block.knobs.size(); ++i) {
          const Knob& k = block.knobs[i];
          v[k.key] = k.lo + unit[i] * (k.hi - k.lo);
        }
        return v;
      };
      const auto loss = [&](const std::vector<double>& unit) {
        const auto values = to_values(unit);
        double l = 0;
        bool within = true;
        for (const auto& [part, mean] : simulate(values, facts)) {
          l += models::part_loss(*part, mean);
          within = within && mean >= part->lo && mean <= part->hi;
        }
        trace << block.name << "," << ++evaluation << "," << number(l) << "," << (within ? 1 : 0);
        for (const auto& key : all_keys) trace << "," << number(values.at(key));
        trace << "\n" << std::flush;
        if (within) accepted.push_back(values);
        std::cerr << "\rcalibrate: block " << block.name << ", evaluation " << evaluation
                  << ", loss " << number(l) << "        " << std::flush;
        return l;
      };
      std::vector<double> start;
      for (const Knob& k : block.knobs) {
        start.push_back(std::clamp((current[k.key] - k.lo) / (k.hi - k.lo), 0.0, 1.0));
      }
      const sim::NelderMeadResult best =
          sim::nelder_mead(loss, start, 0.1, static_cast<int>(config.max_evaluations), 1e-4);
      current = to_values(best.x);
      std::cerr << "\ncalibrate: block " << block.name << " done, loss " << number(best.value)
                << " after " << best.evaluations << " evaluations\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "\naidivide calibrate: " << e.what() << "\n";
    return kExitFailure;
  }

  // calibrated.yaml: the fitted values as a scenario fragment that baseline.yaml extends.
  {
    std::ofstream y(fs::path(out_dir) / "calibrated.yaml");
    y << "# Fitted by `aidivide calibrate " << config_path << "` (seed " << config.seed << ", "
      << config.replicates << " replicates, " << evaluation << " evaluations).\n"
      << "# Question: which values of the target-class knobs reproduce the target parts of "
      << calibration_fact_list(config.facts) << "?\n";
    std::map<std::string, std::vector<std::pair<std::string, double>>> sections;
    for (const auto& [key, value] : current) {
      const auto dot = key.find('.');
      sections[key.substr(0, dot)].emplace_back(key.substr(dot + 1), value);
    }
    for (const auto& [section, fields] : sections) {
      y << section << ":\n";
      for (const auto& [name, value] : fields)
        y << "  " << name << ": " << models::format_yaml_double(value) << "\n";
    }
  }
  {
    std::ofstream a(fs::path(out_dir) / "accepted.csv");
    for (std::size_t i = 0; i < all_keys.size(); ++i) a << (i ? "," : "") << all_keys[i];
    a << "\n";
    for (const auto& values : accepted) {
      for (std::size_t i = 0; i < all_keys.size(); ++i)
        a << (i ? "," : "") << number(values.at(all_keys[i]));
      a << "\n";
    }
  }
  {
    std::vector<const models::Fact*> facts;
    // The facts the blocks fitted (a reduced run may end before the dates of the others).
    for (const auto& f : config.facts) {
      for (const Block& b : config.blocks) {
        if (std::find(b.facts.begin(), b.facts.end(), f.id) != b.facts.end()) {
          facts.push_back(&f);
          break;
        }
      }
    }
    std::ofstream m(fs::path(out_dir) / "fit.md");
    m << "# Calibration fit\n\nConfig `" << config_path << "`, seed " << config.seed << ", "
      << config.replicates << " replicates, " << evaluation << " evaluations, " << accepted.size()
      << " accepted points, "
      << number(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count())
      << " s.\n\n| parameter | fitted | range searched |\n|---|---|---|\n";
    for (const Block& b : config.blocks) {
      for (const Knob& k : b.knobs) {
        m << "| `" << k.key << "` | " << number(current[k.key]) << " | [" << number(k.lo) << ", "
          << number(k.hi) << "] |\n";
      }
    }
    m << "\n| quantity | replicate mean | target |\n|---|---|---|\n";
    try {
      for (const auto& [part, mean] : simulate(current, facts)) {
        m << "| " << part->what << " | " << number(mean) << " | " << part->target << " |\n";
      }
    } catch (const std::exception& e) {
      std::cerr << "aidivide calibrate: " << e.what() << "\n";
      return kExitFailure;
    }
  }
  fs::remove_all(fs::path(out_dir) / "runs", ec);
  std::cerr << "calibrate: wrote " << out_dir
            << "/calibrated.yaml, loss_trace.csv, fit.md, accepted.csv\n";
  return kExitOk;
}

}  // namespace app
