// Input-error, extends, --set and round-trip tests of scenario loading.
#include "models/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace {

namespace fs = std::filesystem;
using models::Scenario;
using sim::InputError;

// The InputError loading `text` as s.yaml (with `sets`) throws; fails the test when none.
InputError load_error(const std::string& text, const std::vector<std::string>& sets = {},
                      const std::string& base_dir = ".") {
  try {
    models::load_scenario_text(text, "s.yaml", base_dir, sets);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return InputError(sim::InputKind::kScenario, {}, "", "<no error>");
}

std::string message(const std::string& text, const std::vector<std::string>& sets = {}) {
  return load_error(text, sets).what();
}

// A fresh directory under the system's temporary directory, removed with the object.
class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("aidivide_scenario_test_" + std::to_string(std::random_device{}()))) {
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    std::ofstream(file) << text;
    return file.string();
  }

 private:
  fs::path path_;
};

TEST(Scenario, EmptyFileGivesTheDefaults) {
  const Scenario s = models::load_scenario_text("# nothing\n", "dir/base.yaml");
  EXPECT_EQ(models::params_to_yaml(s.params), models::params_to_yaml(models::Params{}));
  EXPECT_EQ(s.name, "base");
  EXPECT_EQ(s.path, "dir/base.yaml");
  EXPECT_EQ(s.yaml_text, "# nothing\n");
  EXPECT_TRUE(s.locations.empty());
  const sim::SourceLocation where = s.where("technology.cost_growth");
  EXPECT_EQ(where.file, "dir/base.yaml");
  EXPECT_EQ(where.line, 0);
  EXPECT_EQ(where.column, 0);
}

TEST(Scenario, FileOverridesFieldsAndRecordsWhere) {
  const Scenario s = models::load_scenario_text(
      "name: High growth\n"
      "description: faster frontier\n"
      "time:\n"
      "  end: 2035-06\n"
      "technology:\n"
      "  cost_growth: 3.5\n"
      "population:\n"
      "  workers: 5e5\n"
      "  countries: [USA, CHN]\n"
      "history:\n"
      "  china_export_controls: false\n"
      "data:\n"
      "  dir: ../data\n"
      "policies: []\n",
      "s.yaml");
  EXPECT_EQ(s.params.time.end, (sim::YearMonth{2035, 6}));
  EXPECT_EQ(s.params.technology.cost_growth, 3.5);
  EXPECT_EQ(s.params.population.workers, 500000);
  EXPECT_EQ(s.params.population.countries, (models::StringList{"USA", "CHN"}));
  EXPECT_FALSE(s.params.history.china_export_controls);
  EXPECT_EQ(s.params.data.dir, "../data");
  EXPECT_EQ(s.params.technology.compute_growth, models::TechnologyParams{}.compute_growth);
  EXPECT_EQ(s.title, "High growth");
  EXPECT_EQ(s.description, "faster frontier");
  EXPECT_EQ(s.policies_yaml, "[]");
  EXPECT_EQ(s.where("technology.cost_growth").line, 6);
  EXPECT_EQ(s.where("technology.cost_growth").column, 16);
  EXPECT_EQ(s.where("population.countries").line, 9);
  EXPECT_EQ(s.files, (std::vector<std::string>{"s.yaml"}));
}

// Keys that model v2 removed fail with what replaced them (MODEL.md section 9).
TEST(Scenario, RemovedV1KeysSayWhatReplacedThem) {
  EXPECT_EQ(message("capital:\n  cloud_access: 0.1\n"),
            "s.yaml:2:3: capital.cloud_access: removed in model v2 (M6): cloud compute is rented "
            "at a price, see capital.cloud_share and capital.cloud_markup");
  EXPECT_NE(message("firms:\n  finetune_gain: 0.5\n").find("removed in model v2 (M4)"),
            std::string::npos);
  EXPECT_NE(message("technology:\n  open_lag0_months: 6\n").find("removed in model v2 (M5)"),
            std::string::npos);
}

TEST(Scenario, UnknownKeySuggestsTheNearestKey) {
  EXPECT_EQ(message("technology:\n  cost_grwth: 3\n"),
            "s.yaml:2:3: technology.cost_grwth: unknown key "
            "(did you mean 'technology.cost_growth'?)");
  // A misspelt section.
  EXPECT_EQ(message("time:\n  end: 2030-01\ntechnolgy:\n  cost_growth: 3\n"),
            "s.yaml:3:1: technolgy: unknown key (did you mean 'technology'?)");
  // A field under the wrong section: no sibling is near, the full paths are searched.
  EXPECT_EQ(message("population:\n  cost_growth: 3\n"),
            "s.yaml:2:3: population.cost_growth: unknown key "
            "(did you mean 'technology.cost_growth'?)");
  // A dotted key at the top level.
  EXPECT_EQ(message("technology.cost_growth: 3\n"),
            "s.yaml:1:1: technology.cost_growth: unknown key "
            "(did you mean 'technology.cost_growth'?)");
  // Nothing close.
  EXPECT_EQ(message("zzzzzzzzzz: 1\n"), "s.yaml:1:1: zzzzzzzzzz: unknown key");
  const InputError e = load_error("technology:\n  cost_grwth: 3\n");
  EXPECT_EQ(e.kind(), sim::InputKind::kScenario);
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.key_path(), "technology.cost_grwth");
}

// Model v2 removed workers.p_use and workers.q_use (MODEL.md 9 M1): an old file fails at the
// key with what replaces it, from a file and from --set alike.
TEST(Scenario, KeysRemovedInModelV2SayWhatReplacesThem) {
  const std::string p_use = message("workers:\n  p_use: 0.02\n");
  EXPECT_EQ(p_use.rfind("s.yaml:2:3: workers.p_use: removed in model v2 (M1)", 0), 0u) << p_use;
  EXPECT_NE(p_use.find("workers.q_global"), std::string::npos) << p_use;
  const std::string q_use = message("", {"workers.q_use=1.3"});
  EXPECT_EQ(q_use.rfind("--set:1:1: workers.q_use: removed in model v2 (M1)", 0), 0u) << q_use;
  EXPECT_NE(q_use.find("workers.q_local"), std::string::npos) << q_use;
}

TEST(Scenario, DuplicateKeysAreRejected) {
  EXPECT_EQ(message("time:\n  start: 2025-01\n  start: 2026-01\n"),
            "s.yaml:3:3: time.start: duplicate key (first at line 2)");
  EXPECT_EQ(message("time:\n  end: 2030-01\ntechnology: {}\ntime:\n  end: 2031-01\n"),
            "s.yaml:4:1: time: duplicate key (first at line 1)");
}

TEST(Scenario, WrongTypesAreRejected) {
  EXPECT_EQ(message("population:\n  workers: 2.5\n"),
            "s.yaml:2:12: population.workers: expected an integer (got 2.5)");
  EXPECT_EQ(message("technology:\n  cost_growth: fast\n"),
            "s.yaml:2:16: technology.cost_growth: expected a number (got fast)");
  EXPECT_EQ(message("technology:\n  cost_growth: \"3\"\n"),
            "s.yaml:2:16: technology.cost_growth: expected a number (got \"3\")");
  EXPECT_EQ(message("technology:\n  cost_growth: {a: 1}\n"),
            "s.yaml:2:16: technology.cost_growth: expected a number (got a mapping)");
  EXPECT_EQ(message("history:\n  china_export_controls: 1\n"),
            "s.yaml:2:26: history.china_export_controls: expected true or false (got 1)");
  EXPECT_EQ(message("population:\n  countries: USA\n"),
            "s.yaml:2:14: population.countries: expected a list of strings (got USA)");
  EXPECT_EQ(message("technology: 5\n"), "s.yaml:1:13: technology: expected a mapping (got 5)");
  EXPECT_EQ(message("- time\n"), "s.yaml:1:1: expected a mapping (got a list)");
  EXPECT_EQ(message("policies: 3\n"), "s.yaml:1:11: policies: expected a list (got 3)");
  EXPECT_EQ(message("extends:\ntime:\n  end: 2030-01\n"),
            "s.yaml:1:1: extends: expected a scenario file name");
}

TEST(Scenario, EmptyValuesAreLocatedAtTheirKey) {
  // yaml-cpp marks an empty value at the next token; the key is where the user must look.
  EXPECT_EQ(message("technology:\n  cost_growth:\n  compute_growth: 3\n"),
            "s.yaml:2:3: technology.cost_growth: expected a number (got null)");
  const Scenario s = models::load_scenario_text("data:\n  dir:\nrun:\n  seed: 2\n", "s.yaml");
  EXPECT_EQ(s.params.data.dir, "");
  EXPECT_EQ(s.where("data.dir").line, 2);
  EXPECT_EQ(s.where("run.seed").line, 4);
}

TEST(Scenario, OutOfRangeValuesAreRejected) {
  EXPECT_EQ(message("technology:\n  cost_growth: 11\n"),
            "s.yaml:2:16: technology.cost_growth: out of range [1, 10] (got 11)");
  EXPECT_EQ(message("population:\n  workers: 0\n"),
            "s.yaml:2:12: population.workers: out of range [1, 4e+09] (got 0)");
  EXPECT_EQ(message("time:\n  end: 2101-01\n"),
            "s.yaml:2:8: time.end: out of range [2023-01, 2100-12] (got 2101-01)");
}

TEST(Scenario, BadDatesAreRejected) {
  EXPECT_EQ(message("time:\n  end: 2030-13\n"),
            "s.yaml:2:8: time.end: expected a date YYYY-MM (got 2030-13)");
  EXPECT_EQ(message("history:\n  open_release_date: January 2025\n"),
            "s.yaml:2:22: history.open_release_date: expected a date YYYY-MM (got January 2025)");
}

TEST(Scenario, NonFiniteNumbersAreRejected) {
  EXPECT_EQ(message("technology:\n  cost_growth: .nan\n"),
            "s.yaml:2:16: technology.cost_growth: must be finite (got .nan)");
  EXPECT_EQ(message("capital:\n  beta: -.inf\n"),
            "s.yaml:2:9: capital.beta: must be finite (got -.inf)");
}

TEST(Scenario, HostileTextIsRefusedWithLocatedErrors) {
  // Negative and absurd sizes are refused by range before anything is allocated for them.
  EXPECT_EQ(message("population:\n  workers: -5\n"),
            "s.yaml:2:12: population.workers: out of range [1, 4e+09] (got -5)");
  EXPECT_EQ(message("population:\n  firms: 1e300\n"),
            "s.yaml:2:10: population.firms: expected an integer (got 1e300)");
  EXPECT_EQ(message("output:\n  chunk_records: 99999999999999999999\n"),
            "s.yaml:2:18: output.chunk_records: out of range of a 64-bit integer "
            "(got 99999999999999999999)");
  EXPECT_EQ(message("technology:\n  cost_growth: 1e999\n"),
            "s.yaml:2:16: technology.cost_growth: out of range of a double (got 1e999)");
  EXPECT_EQ(message("name: Sa\xF5 Paulo\n"), "s.yaml:1:9: not UTF-8 text (got byte 0xF5)");
  EXPECT_EQ(message(std::string(200, '[') + std::string(200, ']')),
            "s.yaml:1:33: nested deeper than 32 levels");
  EXPECT_EQ(message("description: " + std::string(1 << 20, 'x') + "\n"),
            "s.yaml: larger than 1048576 bytes");
}

TEST(Scenario, ExtendsNamesOnlyRegularFiles) {
  // A device or FIFO would block or stream without end: refused before it is opened.
  EXPECT_EQ(message("extends: /dev/zero\n"),
            "s.yaml:1:10: extends: not a regular file: /dev/zero (got /dev/zero)");
  TempDir dir;
  fs::create_directories(dir.path() / "sub.yaml");
  EXPECT_EQ(std::string(load_error("extends: sub.yaml\n", {}, dir.path().string()).what()),
            "s.yaml:1:10: extends: not a regular file: " + (dir.path() / "sub.yaml").string() +
                " (got sub.yaml)");
}

TEST(Scenario, SyntaxErrorsAreLocated) {
  EXPECT_EQ(message("time:\n  end: [2030-01\n"),
            "s.yaml:3:1: YAML syntax error: end of sequence flow not found");
}

TEST(Scenario, PolicyEntriesNeedALever) {
  // Lever entries are tested in levers_test.cpp; an entry without `lever:` is refused at it.
  EXPECT_EQ(message("time:\n  end: 2030-01\npolicies:\n  - type: export_controls\n"),
            "s.yaml:4:5: policies[0].lever: missing key");
  EXPECT_EQ(models::load_scenario_text("policies:\n", "s.yaml").policies_yaml, "[]");
  EXPECT_EQ(models::load_scenario_text("", "s.yaml").policies_yaml, "");
}

TEST(Scenario, MissingScenarioFileIsReported) {
  TempDir dir;
  const std::string path = (dir.path() / "missing.yaml").string();
  try {
    models::load_scenario(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot read scenario file");
    EXPECT_EQ(e.where().line, 0);
    EXPECT_EQ(e.kind(), sim::InputKind::kScenario);
  }
}

TEST(Scenario, LoadsAFileByPath) {
  TempDir dir;
  const std::string path = dir.write("fast.yaml", "technology:\n  cost_growth: 3\n");
  const Scenario s = models::load_scenario(path);
  EXPECT_EQ(s.name, "fast");
  EXPECT_EQ(s.path, path);
  EXPECT_EQ(s.yaml_text, "technology:\n  cost_growth: 3\n");
  EXPECT_EQ(s.params.technology.cost_growth, 3.0);
  EXPECT_EQ(s.where("technology.cost_growth").file, path);
}

TEST(Scenario, ExtendsChainAppliesBasesFirst) {
  TempDir dir;
  fs::create_directories(dir.path() / "bases");
  dir.write("bases/root.yaml",
            "technology:\n  cost_growth: 3\n  compute_growth: 5\n  coverage_mid: 30\n");
  dir.write("bases/mid.yaml",
            "technology:\n  cost_growth: 4\n  compute_growth: 6\nextends: root.yaml\n");
  const std::string top =
      dir.write("top.yaml", "technology:\n  cost_growth: 5\nextends: bases/mid.yaml\n");
  const Scenario s = models::load_scenario(top);
  EXPECT_EQ(s.params.technology.cost_growth, 5.0);     // top overrides mid and root
  EXPECT_EQ(s.params.technology.compute_growth, 6.0);  // mid overrides root
  EXPECT_EQ(s.params.technology.coverage_mid, 30.0);   // root only
  const std::string root_path = (dir.path() / "bases/root.yaml").string();
  const std::string mid_path = (dir.path() / "bases/mid.yaml").string();
  EXPECT_EQ(s.files, (std::vector<std::string>{root_path, mid_path, top}));
  EXPECT_EQ(s.where("technology.cost_growth").file, top);
  EXPECT_EQ(s.where("technology.compute_growth").file, mid_path);
  EXPECT_EQ(s.where("technology.compute_growth").line, 3);
  EXPECT_EQ(s.where("technology.coverage_mid").file, root_path);
  EXPECT_EQ(s.where("extends").file, top);
  EXPECT_EQ(s.yaml_text, "technology:\n  cost_growth: 5\nextends: bases/mid.yaml\n");
}

TEST(Scenario, ExtendsCycleIsReported) {
  TempDir dir;
  const std::string a = dir.write("a.yaml", "extends: b.yaml\n");
  dir.write("b.yaml", "time:\n  end: 2030-01\nextends: a.yaml\n");
  const std::string b = (dir.path() / "b.yaml").string();
  try {
    models::load_scenario(a);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), b + ":3:10: extends: extends cycle: " + a + " -> " + b +
                                         " -> " + a + " (got a.yaml)");
    EXPECT_EQ(e.where().line, 3);
  }
  // A file extending itself.
  const std::string self = dir.write("self.yaml", "extends: self.yaml\n");
  try {
    models::load_scenario(self);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              self + ":1:10: extends: extends cycle: " + self + " -> " + self + " (got self.yaml)");
  }
}

TEST(Scenario, MissingExtendedFileIsReportedAtTheExtendsKey) {
  TempDir dir;
  const std::string top = dir.write("top.yaml", "time:\n  end: 2030-01\nextends: nowhere.yaml\n");
  const std::string missing = (dir.path() / "nowhere.yaml").string();
  try {
    models::load_scenario(top);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              top + ":3:10: extends: cannot read scenario file " + missing + " (got nowhere.yaml)");
  }
  EXPECT_EQ(std::string(load_error("extends: 5.yaml\n", {}, dir.path().string()).what()),
            "s.yaml:1:10: extends: cannot read scenario file " + (dir.path() / "5.yaml").string() +
                " (got 5.yaml)");
}

TEST(Scenario, ErrorsInAnExtendedFileNameThatFile) {
  TempDir dir;
  const std::string base = dir.write("base.yaml", "technology:\n  cost_growth: 99\n");
  const std::string top = dir.write("top.yaml", "extends: base.yaml\n");
  try {
    models::load_scenario(top);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              base + ":2:16: technology.cost_growth: out of range [1, 10] (got 99)");
  }
}

TEST(Scenario, SetOverridesTheFile) {
  TempDir dir;
  const std::string path = dir.write("s.yaml", "technology:\n  cost_growth: 3\n");
  const Scenario s = models::load_scenario(
      path, {"technology.cost_growth=4.5", "population.countries=[USA, CHN]", "time.end=2031-02",
             "history.china_export_controls=false", "output.dtype=float32"});
  EXPECT_EQ(s.params.technology.cost_growth, 4.5);
  EXPECT_EQ(s.params.population.countries, (models::StringList{"USA", "CHN"}));
  EXPECT_EQ(s.params.time.end, (sim::YearMonth{2031, 2}));
  EXPECT_FALSE(s.params.history.china_export_controls);
  EXPECT_EQ(s.params.output.dtype, "float32");
  const sim::SourceLocation where = s.where("technology.cost_growth");
  EXPECT_EQ(where.file, "--set");
  EXPECT_EQ(where.line, 1);
  EXPECT_EQ(where.column, 24);
  EXPECT_EQ(s.where("population.countries").line, 2);
}

TEST(Scenario, BadSetIsLocatedAtTheOptionAndValue) {
  EXPECT_EQ(message("", {"population.workers=abc"}),
            "--set:1:20: population.workers: expected an integer (got abc)");
  EXPECT_EQ(message("", {"technology.cost_growth=3", "population.workers=2.5"}),
            "--set:2:20: population.workers: expected an integer (got 2.5)");
  EXPECT_EQ(message("", {"technology.cost_growth=20"}),
            "--set:1:24: technology.cost_growth: out of range [1, 10] (got 20)");
  EXPECT_EQ(message("", {"technology.cost_grwth=3"}),
            "--set:1:1: technology.cost_grwth: unknown key "
            "(did you mean 'technology.cost_growth'?)");
  EXPECT_EQ(message("", {"cost_growth=3"}),
            "--set:1:1: cost_growth: unknown key (did you mean 'technology.cost_growth'?)");
  EXPECT_EQ(message("", {"technology.cost_growth"}),
            "--set:1:1: expected key.path=value (got technology.cost_growth)");
  EXPECT_EQ(message("", {"population.countries=[USA, CHN"}),
            "--set:1:22: YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(message("", {"time.end="}), "--set:1:10: time.end: expected a date YYYY-MM (got null)");
}

TEST(Scenario, DefaultScenarioTakesSets) {
  const Scenario s = models::default_scenario({"run.seed=7"});
  EXPECT_EQ(s.params.run.seed, 7);
  EXPECT_EQ(s.where("run.seed").file, "--set");
  EXPECT_EQ(models::params_to_yaml(models::default_scenario().params),
            models::params_to_yaml(models::Params{}));
}

TEST(Scenario, CrossFieldChecksAreLocatedWhereTheKeyWasSet) {
  EXPECT_EQ(message("time:\n  start: 2030-01\n  end: 2025-01\n"),
            "s.yaml:3:8: time.end: must not be before time.start = 2030-01 (got 2025-01)");
  // Only the start was set: the default end is not the mistake.
  const models::Params defaults;
  EXPECT_EQ(message("time:\n  start: 2100-01\n"),
            "s.yaml:2:10: time.start: must not be after time.end = " + defaults.time.end.str() +
                " (got 2100-01)");
  EXPECT_EQ(message("output:\n  dtype: float16\n"),
            "s.yaml:2:10: output.dtype: expected float64 or float32 (got float16)");
  // Both set: the one set last is blamed.
  EXPECT_EQ(message("population:\n  workers: 1000\n  min_workers_per_country: 2000\n"),
            "s.yaml:3:28: population.min_workers_per_country: must not exceed "
            "population.workers = 1000 (got 2000)");
  EXPECT_EQ(message("population:\n  min_workers_per_country: 2000\n", {"population.workers=1000"}),
            "--set:1:20: population.workers: must be at least "
            "population.min_workers_per_country = 2000 (got 1000)");
  EXPECT_EQ(message("population:\n  min_workers_per_country: 10000000\n"),
            "s.yaml:2:28: population.min_workers_per_country: must not exceed "
            "population.workers = " +
                std::to_string(defaults.population.workers) + " (got 10000000)");
  EXPECT_EQ(message("population:\n  countries: [USA, chn]\n"),
            "s.yaml:2:14: population.countries: expected ISO3 codes (three uppercase letters) "
            "(got chn)");
  EXPECT_EQ(message("population:\n  countries: [USA, USA]\n"),
            "s.yaml:2:14: population.countries: lists a country twice (got USA)");
  EXPECT_EQ(message("technology:\n  synthetic_share_2023: 0.3\n  synthetic_share_2035: 0.2\n"),
            "s.yaml:3:25: technology.synthetic_share_2035: must be greater than "
            "technology.synthetic_share_2023 = 0.3 (got 0.2)");
  EXPECT_EQ(message("technology:\n  synthetic_share_2035: 0.5\n",
                    {"technology.synthetic_share_2023=0.9"}),
            "--set:1:33: technology.synthetic_share_2023: must be less than "
            "technology.synthetic_share_2035 = 0.5 (got 0.9)");
}

TEST(Scenario, CheckScenarioBlamesTheScenarioFileForDefaults) {
  Scenario s;
  s.path = "s.yaml";
  s.params.firms.readiness_width = 0;
  try {
    models::check_scenario(s);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "s.yaml: firms.readiness_width: must be greater than 0 (got 0)");
  }
}

// Values that differ from the defaults in every type, including ones hard to print exactly.
models::Params unusual_params() {
  models::Params p;
  p.time.start = {2024, 3};
  p.time.end = {2050, 11};
  p.time.months_per_tick = 3;
  p.population.workers = 123457;
  p.population.countries = {"USA", "CHN", "IND"};
  p.run.seed = 9007199254740991;
  p.data.dir = "data dir/with: \"quotes\" #and\\slashes\n";
  p.output.dtype = "float32";
  p.output.variables = {"gdp", "true", "a b", "x,y", ""};
  p.technology.cost_growth = 1.0 / 3.0 + 1.0;
  p.technology.compute_per_usd0 = 2.3456789012345678e-9;
  p.technology.frontier_cost0_usd = 123456789.125;
  p.capital.beta = -0.1;
  p.capital.pool_2023_usd = 9.999999999999999e12;
  p.firms.readiness_width = 0.0011;
  p.history.china_export_controls = false;
  p.history.open_release_date = {2026, 12};
  p.workers.premium_half = 1e-6;
  return p;
}

TEST(Scenario, ParamsToYamlRoundTrips) {
  const models::Params p = unusual_params();
  const std::string yaml = models::params_to_yaml(p);
  const Scenario s = models::load_scenario_text(yaml, "round_trip.yaml");
  EXPECT_EQ(models::params_to_yaml(s.params), yaml);
  EXPECT_EQ(s.params.technology.cost_growth, p.technology.cost_growth);
  EXPECT_EQ(s.params.technology.compute_per_usd0, p.technology.compute_per_usd0);
  EXPECT_EQ(s.params.technology.frontier_cost0_usd, p.technology.frontier_cost0_usd);
  EXPECT_EQ(s.params.capital.pool_2023_usd, p.capital.pool_2023_usd);
  EXPECT_EQ(s.params.workers.premium_half, p.workers.premium_half);
  EXPECT_EQ(s.params.run.seed, p.run.seed);
  EXPECT_EQ(s.params.data.dir, p.data.dir);
  EXPECT_EQ(s.params.output.variables, p.output.variables);
  EXPECT_EQ(s.params.population.countries, p.population.countries);
  EXPECT_EQ(s.params.time.start, p.time.start);
  EXPECT_EQ(s.params.history.open_release_date, p.history.open_release_date);
  EXPECT_FALSE(s.params.history.china_export_controls);
  // Every field of the tree was written, so every one was set by the file.
  EXPECT_EQ(s.locations.size(), models::list_param_fields(p).size());
}

TEST(Scenario, ParamsToYamlListsSectionsInTreeOrder) {
  models::Params p;
  p.time.start = {2023, 1};
  p.time.end = {2040, 12};
  p.technology.cost_growth = 2.4;
  p.technology.frontier_cost0_usd = 69.8e6;
  p.technology.compute_per_usd0 = 2e-8;
  p.population.countries = {};
  p.output.dtype = "float64";
  p.data.dir = "";
  const std::string yaml = models::params_to_yaml(p);
  EXPECT_EQ(yaml.rfind("time:\n  start: \"2023-01\"\n  end: \"2040-12\"\n", 0), 0u);
  // Doubles always show a '.', so that YAML 1.1 readers (PyYAML) see floats too.
  EXPECT_NE(yaml.find("  cost_growth: 2.4\n"), std::string::npos);
  EXPECT_NE(yaml.find("  frontier_cost0_usd: 69800000.0\n"), std::string::npos);
  EXPECT_NE(yaml.find("  compute_per_usd0: 2.0e-08\n"), std::string::npos);
  EXPECT_NE(yaml.find("  countries: []\n"), std::string::npos);
  EXPECT_NE(yaml.find("  dtype: float64\n"), std::string::npos);
  EXPECT_NE(yaml.find("  dir: \"\"\n"), std::string::npos);
  EXPECT_LT(yaml.find("\ntechnology:\n"), yaml.find("\ncapital:\n"));
}

TEST(Scenario, ParamsToMarkdownHasATablePerSection) {
  models::Params p;
  p.technology.cost_growth = 2.5;
  const std::string md = models::params_to_markdown(p);
  std::size_t tables = 0;
  for (std::size_t at = md.find("| key | default | unit | range | source | meaning |");
       at != std::string::npos; at = md.find("| key | default |", at + 1)) {
    ++tables;
  }
  EXPECT_EQ(tables, 14u);  // 13 sections and levers
  EXPECT_NE(md.find("| `technology.cost_growth` | `2.5` | x/yr | [1, 10] |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| `time.start` | `\"2023-01\"` | YYYY-MM | [2023-01, 2100-12] |"),
            std::string::npos);
}

}  // namespace
