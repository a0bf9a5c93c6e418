// End-to-end tests of the aidivide command: exit codes, bad input refused before tick 0 with no
// output left behind, determinism across thread counts, and the golden regression on tiny.yaml.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "models/country_data.hpp"
#include "sim/sha256.hpp"
#include "tests/app/cli_fixture.hpp"
#include "tests/models/synthetic_run.hpp"

namespace fs = std::filesystem;

namespace {

using testing_cli::kBin;
using testing_cli::kSource;
using testing_cli::Result;
using testing_cli::slurp;

class Cli : public testing_cli::CommandTest {
 protected:
  // A scenario that extends tiny.yaml from the temporary directory.
  fs::path tiny_with(const std::string& extra) {
    return write("scenario.yaml", "extends: " + kSource + "/scenarios/tiny.yaml\n" + extra);
  }

  bool no_output_left(const fs::path& out) {
    return !fs::exists(out) && !fs::exists(out.string() + ".part");
  }
};

TEST_F(Cli, VersionAndHelp) {
  Result r = run("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("aidivide "), std::string::npos);
  for (const char* cmd : {"run", "validate", "params", "info", "diff"}) {
    r = run(std::string(cmd) + " --help");
    EXPECT_EQ(r.status, 0) << cmd;
    EXPECT_NE(r.out.find("usage"), std::string::npos) << cmd << ": " << r.out;
  }
  EXPECT_EQ(run("frobnicate").status, 2);
}

TEST_F(Cli, RunWritesCompleteFile) {
  const fs::path out = dir_ / "tiny.h5";
  const Result r = run("run " + kSource + "/scenarios/tiny.yaml -o " + out.string() + " --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
  const Result info = run("info " + out.string());
  EXPECT_EQ(info.status, 0) << info.err;
  EXPECT_NE(info.out.find("complete"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("2025-12"), std::string::npos) << info.out;
}

TEST_F(Cli, ValidateAcceptsShippedScenariosAndWritesNothing) {
  for (const char* s : {"tiny", "baseline"}) {
    const Result r = run("validate " + kSource + "/scenarios/" + s + ".yaml");
    EXPECT_EQ(r.status, 0) << s << ": " << r.err;
    EXPECT_NE(r.out.find("valid"), std::string::npos);
  }
}

// Every bad-input case: exit 2, a located message, and no output file.
struct BadInput {
  const char* name;
  const char* yaml;    // appended to a scenario extending tiny.yaml
  const char* sets;    // extra command-line options
  const char* expect;  // substring of the message
};

class CliBadInput : public Cli, public ::testing::WithParamInterface<BadInput> {};

TEST_P(CliBadInput, RefusedBeforeTickZero) {
  const BadInput& c = GetParam();
  const fs::path scenario = tiny_with(c.yaml);
  const fs::path out = dir_ / "out.h5";
  std::string args = "run " + scenario.string() + " -o " + out.string() + " --quiet " + c.sets;
  const Result r = run(args);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(c.expect), std::string::npos) << "message: " << r.err;
  EXPECT_TRUE(no_output_left(out));
  // validate refuses it the same way.
  const Result v = run("validate " + scenario.string() + " " + c.sets);
  EXPECT_EQ(v.status, 2) << v.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadInput,
    ::testing::Values(
        BadInput{"unknown_key", "technology:\n  cost_grwth: 2\n", "",
                 "scenario.yaml:3:3: technology.cost_grwth: unknown key"},
        BadInput{"duplicate_key", "workers:\n  q_global: 0.1\n  q_global: 0.2\n", "",
                 "duplicate key"},
        BadInput{"wrong_type", "population:\n  workers: many\n", "",
                 "scenario.yaml:3:12: population.workers"},
        BadInput{"out_of_range", "firms:\n  rho: -1\n", "", "firms.rho: out of range"},
        BadInput{"bad_date", "time:\n  end: 2030-13\n", "", "time.end"},
        BadInput{"unknown_country", "population:\n  countries: [USA, XYZ]\n", "", "XYZ"},
        BadInput{"missing_data", "data:\n  dir: no_such_dir\n", "", "no_such_dir"},
        BadInput{"too_many_agents", "", "--set population.workers=4000000000",
                 "population too large for the available memory"},
        BadInput{"bad_set", "", "--set population.workers=abc", "--set:1:"},
        BadInput{"unknown_variable", "output:\n  variables: [ai_user_shar]\n", "",
                 "did you mean 'ai_user_share'"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; });

// A lever that starts before 2026-01 changes the shared history: `run` says so on stderr (as
// `validate` does), then runs.
TEST_F(Cli, RunPrintsScenarioWarnings) {
  const fs::path scenario = tiny_with(
      "policies:\n"
      "  - lever: data_commons\n"
      "    targets: all\n"
      "    start: 2024-06\n"
      "    intensity: 1.0e6\n");
  const Result r = run("run " + scenario.string() + " --quiet -o " + (dir_ / "w.h5").string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(
      r.err.find("warning: " + scenario.string() + ":5:12: policies[0].start: before 2026-01"),
      std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "w.h5"));
}

TEST_F(Cli, UnwritableOutputPathRefused) {
  const fs::path out = dir_ / "missing_dir" / "out.h5";
  const Result r = run("run " + kSource + "/scenarios/tiny.yaml -o " + out.string() + " --quiet");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("output directory does not exist"), std::string::npos) << r.err;
  EXPECT_TRUE(no_output_left(out));
}

TEST_F(Cli, AnOutputPathThatIsADirectoryIsRefusedBeforeTickZero) {
  const fs::path out = dir_ / "existing_dir";
  fs::create_directories(out);
  // A slow run: were the directory found only at the end, the test would wait for every tick.
  const std::string cmd = "AIDIVIDE_TEST_TICK_DELAY_MS=60000 " + kBin + " run " + kSource +
                          "/scenarios/tiny.yaml -o " + out.string() + " --quiet 2>" +
                          (dir_ / "err.txt").string();
  const int raw = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  const std::string err = testing_cli::slurp(dir_ / "err.txt");
  EXPECT_NE(err.find(out.string() + ": output path is a directory"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
  EXPECT_TRUE(fs::is_empty(out));
  const Result validated = run("validate " + kSource + "/scenarios/tiny.yaml -o " + out.string());
  EXPECT_EQ(validated.status, 2) << validated.err;
}

TEST_F(Cli, MissingScenarioFileRefused) {
  const Result r = run("run " + (dir_ / "nope.yaml").string() + " -o " + (dir_ / "o.h5").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("nope.yaml"), std::string::npos) << r.err;
}

// Same scenario, seed and replicate: identical data for 1, 2 and 4 threads; another seed differs.
TEST_F(Cli, DeterministicAcrossThreadCounts) {
  const std::string tiny = kSource + "/scenarios/tiny.yaml";
  for (int threads : {1, 2, 4}) {
    const Result r = run("run " + tiny + " --quiet --threads " + std::to_string(threads) + " -o " +
                         (dir_ / ("t" + std::to_string(threads) + ".h5")).string());
    ASSERT_EQ(r.status, 0) << r.err;
  }
  for (int threads : {2, 4}) {
    const Result d = run("diff " + (dir_ / "t1.h5").string() + " " +
                         (dir_ / ("t" + std::to_string(threads) + ".h5")).string());
    EXPECT_EQ(d.status, 0) << threads << " threads: " << d.out << d.err;
  }
  ASSERT_EQ(run("run " + tiny + " --quiet --seed 2 -o " + (dir_ / "s2.h5").string()).status, 0);
  const Result d = run("diff " + (dir_ / "t1.h5").string() + " " + (dir_ / "s2.h5").string());
  EXPECT_EQ(d.status, 1) << "another seed must change the trajectories";
  EXPECT_NE(d.out.find("ai_user_share"), std::string::npos) << d.out;
}

// The generic (SSE2) and the wide (AVX-512) builds of the agent kernels give the same data
// (sim/isa.hpp); on a CPU without AVX-512 both runs take the generic one.
TEST_F(Cli, DeterministicAcrossKernelVariants) {
  const std::string tiny = kSource + "/scenarios/tiny.yaml";
  const fs::path generic = dir_ / "generic.h5", wide = dir_ / "wide.h5";
  ASSERT_EQ(std::system(("AIDIVIDE_KERNELS=generic " + kBin + " run " + tiny +
                         " --quiet --threads 2 -o " + generic.string())
                            .c_str()),
            0);
  ASSERT_EQ(run("run " + tiny + " --quiet --threads 2 -o " + wide.string()).status, 0);
  const Result d = run("diff " + generic.string() + " " + wide.string());
  EXPECT_EQ(d.status, 0) << d.out << d.err;
}

// Exact regression on the same toolchain; regenerate on purpose with scripts/regenerate-golden.
TEST_F(Cli, GoldenTiny) {
  const fs::path golden = fs::path(kSource) / "tests" / "golden" / "tiny.h5";
  ASSERT_TRUE(fs::exists(golden)) << "missing " << golden << ": run scripts/regenerate-golden";
  const fs::path out = dir_ / "tiny.h5";
  ASSERT_EQ(
      run("run " + kSource + "/scenarios/tiny.yaml --quiet --threads 2 -o " + out.string()).status,
      0);
  const Result d = run("diff " + golden.string() + " " + out.string());
  EXPECT_EQ(d.status, 0) << d.out << d.err
                         << "\nIf the model changed on purpose: scripts/regenerate-golden";
}

// The facts check on a reduced population: the calibrated run passes SF10 (world AI use); the
// same run with far too many users at 2023-01 fails it, and facts exits 1.
TEST_F(Cli, FactsFailWhenAPatternIsBroken) {
  const std::string base = "run " + kSource +
                           "/scenarios/baseline.yaml --quiet --set population.workers=200000 "
                           "--set population.firms=40000 --set time.end=2033-01 -o ";
  ASSERT_EQ(run(base + (dir_ / "good.h5").string()).status, 0);
  ASSERT_EQ(run(base + (dir_ / "broken.h5").string() + " --set workers.users0=0.6").status, 0);
  const Result good = run("facts " + (dir_ / "good.h5").string());
  const Result broken = run("facts " + (dir_ / "broken.h5").string());
  const auto sf10 = [](const std::string& out) {
    const auto at = out.find("SF10");
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  EXPECT_NE(sf10(good.out).find("pass"), std::string::npos) << good.out;
  EXPECT_NE(sf10(broken.out).find("FAIL"), std::string::npos) << broken.out;
  EXPECT_EQ(broken.status, 1) << broken.out << broken.err;
  EXPECT_NE(good.out.find("19 patterns"), std::string::npos) << good.out;
}

// A run without the records the facts need is refused with exit 2 (tiny.yaml ends in 2025-12;
// a model without the v2 outputs is refused first, naming the variable).
TEST_F(Cli, FactsRefuseRunsWithoutTheirRecords) {
  const fs::path out = dir_ / "tiny.h5";
  ASSERT_EQ(run("run " + kSource + "/scenarios/tiny.yaml --quiet -o " + out.string()).status, 0);
  const Result r = run("facts " + out.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.err.find("no record for") != std::string::npos ||
              r.err.find("the run has no variable") != std::string::npos)
      << r.err;
}

// `aidivide facts` end to end on a synthetic run file (tests/models/synthetic_run.hpp): it is
// evaluated against the project's data when its data_sha256 is the data's, and refused with
// exit 2 when the hash differs, when a variable is missing, or when --data names other data.
TEST_F(Cli, FactsOnASyntheticRun) {
  const std::string data_sha = models::load_country_data(kSource + "/data").sha256;
  test_facts::SyntheticRun synthetic;
  synthetic.contents.attributes["data_sha256"] = data_sha;
  const fs::path good = dir_ / "synthetic.h5";
  synthetic.write_h5(good.string());
  Result r = run("facts " + good.string());
  EXPECT_TRUE(r.status == 0 || r.status == 1) << r.err;
  EXPECT_NE(r.out.find("of 19 patterns pass over 1 run"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2025-08"), std::string::npos) << r.out;  // SF1's month

  // Another data directory: a copy with one observed file changed.
  const fs::path data = dir_ / "data";
  fs::create_directories(data);
  for (const auto& entry : fs::directory_iterator(kSource + "/data")) {
    fs::copy_file(entry.path(), data / entry.path().filename());
  }
  {
    const fs::path f = data / "us_genai_adoption_timeseries.csv";
    std::string text = slurp(f);
    const auto at = text.find(",54.6,");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 6, ",54.7,");
    std::ofstream(f, std::ios::binary | std::ios::trunc) << text;
  }
  r = run("facts " + good.string() + " --data " + data.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("data_sha256"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(got " + data_sha + ")"), std::string::npos) << r.err;

  test_facts::SyntheticRun other = synthetic;
  other.contents.attributes["data_sha256"] = std::string(64, '0');
  other.write_h5((dir_ / "other.h5").string());
  r = run("facts " + (dir_ / "other.h5").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("the run used other data"), std::string::npos) << r.err;

  test_facts::SyntheticRun missing = synthetic;
  missing.contents.variables.erase("ai_use_intensity");
  missing.write_h5((dir_ / "missing.h5").string());
  r = run("facts " + (dir_ / "missing.h5").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("the run has no variable ai_use_intensity"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("needed by SF16"), std::string::npos) << r.err;
}

// A small calibration: one block, one knob, a few evaluations; outputs written, the fitted value
// inside its searched range, the loss trace complete.
TEST_F(Cli, CalibrateWritesItsOutputs) {
  const fs::path config =
      write("calibration.yaml", "scenario: " + kSource +
                                    "/scenarios/baseline.yaml\n"
                                    "seed: 3\nreplicates: 1\nparallel: 2\nmax_evaluations: 4\n"
                                    "set: [population.workers=20000, population.firms=8000, "
                                    "time.end=2025-08]\n"
                                    "blocks:\n  - name: workers\n    facts: [SF10]\n"
                                    "    parameters:\n      workers.users0: [0.01, 0.05]\n");
  const fs::path out = dir_ / "calibration";
  const Result r = run("calibrate " + config.string() + " -o " + out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"calibrated.yaml", "loss_trace.csv", "fit.md", "accepted.csv"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f;
  }
  const std::string fitted = slurp(out / "calibrated.yaml");
  const auto at = fitted.find("users0: ");
  ASSERT_NE(at, std::string::npos) << fitted;
  const double q = std::stod(fitted.substr(at + 8));
  EXPECT_GE(q, 0.01);
  EXPECT_LE(q, 0.05);
  // Header plus at least max_evaluations rows.
  const std::string trace = slurp(out / "loss_trace.csv");
  EXPECT_GE(std::count(trace.begin(), trace.end(), '\n'), 5) << trace;
  // The fitted file is a valid scenario fragment.
  const fs::path scenario =
      write("fitted.yaml", "extends: " + kSource + "/scenarios/tiny.yaml\n" + fitted);
  EXPECT_EQ(run("validate " + scenario.string()).status, 0);
}

TEST_F(Cli, CalibrateRefusesBadConfigs) {
  const fs::path config =
      write("bad.yaml", "scenario: " + kSource +
                            "/scenarios/baseline.yaml\n"
                            "blocks:\n  - name: x\n    facts: [SF8]\n"
                            "    parameters:\n      workers.q_local: [0.5, 2.0]\n");
  const Result r = run("calibrate " + config.string() + " -o " + (dir_ / "o").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad.yaml:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not a fact with target parts"), std::string::npos) << r.err;
  // Both methods read the blocks with one reader: an unknown knob is located at its range.
  const fs::path knob =
      write("knob.yaml", "scenario: " + kSource +
                             "/scenarios/tiny.yaml\n"
                             "blocks:\n  - name: x\n    facts: [SF10]\n"
                             "    parameters:\n      workers.no_such_knob: [0.5, 2.0]\n");
  for (const std::string method : {"nelder-mead", "abc-smc"}) {
    const Result k =
        run("calibrate --method " + method + " " + knob.string() + " -o " + (dir_ / "k").string());
    EXPECT_EQ(k.status, 2) << method;
    EXPECT_NE(k.err.find("knob.yaml:6:"), std::string::npos) << method << ": " << k.err;
    EXPECT_NE(k.err.find("not a numeric parameter of the scenario"), std::string::npos)
        << method << ": " << k.err;
  }
}

// docs/VALIDATION.md embeds the hashes of the baseline's resolved parameters and of the data:
// a change to either makes the document stale until scripts/regenerate-validation runs.
TEST_F(Cli, ValidationDocumentIsCurrent) {
  const std::string doc = slurp(fs::path(kSource) / "docs" / "VALIDATION.md");
  const Result params = run("params " + kSource + "/scenarios/baseline.yaml");
  ASSERT_EQ(params.status, 0) << params.err;
  const std::string data = models::load_country_data(kSource + "/data").sha256;
  EXPECT_NE(doc.find("parameters_sha256: `" + sim::sha256_hex(params.out) + "`"), std::string::npos)
      << "docs/VALIDATION.md is stale (parameters): run scripts/regenerate-validation";
  EXPECT_NE(doc.find("data_sha256: `" + data + "`"), std::string::npos)
      << "docs/VALIDATION.md is stale (data): run scripts/regenerate-validation";
  // The document reports the facts over at least 10 replicates and says how many of the 19
  // patterns pass; whether all do is the calibration's result, stated there, not a staleness.
  const std::regex summary(R"((\d+) of 19 patterns pass over (\d+) runs)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(doc, m, summary)) << doc;
  EXPECT_GE(std::stoi(m[2].str()), 10) << m[0];
  const bool all_pass = m[1].str() == "19";
  EXPECT_NE(doc.find(all_pass ? "exit status 0" : "exit status 1"), std::string::npos) << m[0];
}

// The parameter reference in docs/ is generated from the code and must not go stale.
TEST_F(Cli, ParameterReferenceIsCurrent) {
  const Result r = run("params --format markdown");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string doc = slurp(fs::path(kSource) / "docs" / "parameters.md");
  const std::string header_end = "-->\n\n";
  const auto body = doc.find(header_end);
  ASSERT_NE(body, std::string::npos) << "docs/parameters.md lacks its generated header";
  EXPECT_EQ(doc.substr(body + header_end.size()), r.out)
      << "docs/parameters.md is stale: run scripts/regenerate-docs";
}

// The lever table of docs/SCENARIOS.md is the output of `aidivide params --format levers`.
TEST_F(Cli, LeverReferenceIsCurrent) {
  const Result r = run("params --format levers");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string doc = slurp(fs::path(kSource) / "docs" / "SCENARIOS.md");
  const std::string begin = "(scripts/regenerate-docs); do not edit. -->\n";
  const auto from = doc.find(begin), to = doc.find("<!-- levers: end -->");
  ASSERT_NE(from, std::string::npos) << "docs/SCENARIOS.md lacks the lever table's markers";
  ASSERT_NE(to, std::string::npos) << "docs/SCENARIOS.md lacks the lever table's markers";
  EXPECT_EQ(doc.substr(from + begin.size(), to - from - begin.size()), r.out)
      << "the lever table of docs/SCENARIOS.md is stale: run scripts/regenerate-docs";
}

}  // namespace
