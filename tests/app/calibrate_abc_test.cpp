// `aidivide calibrate --method abc-smc` on the tiny world: the outputs, a restart that resumes
// and changes nothing, the job-array mode, and located errors for bad settings.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "tests/app/cli_fixture.hpp"

namespace fs = std::filesystem;
using testing_cli::kSource;
using testing_cli::Result;
using testing_cli::slurp;

namespace {

class CalibrateAbc : public testing_cli::CommandTest {
 protected:
  std::string config() const { return kSource + "/tests/calibration/abc_mpi.yaml"; }
  std::string abc(const std::string& args) {
    return "calibrate --method abc-smc " + config() + " --threads 1 " + args;
  }
};

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(CalibrateAbc, WritesThePosteriorAndResumes) {
  const fs::path out = dir_ / "abc";
  const Result r = run(abc("-o " + out.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string posterior = slurp(out / "posterior.csv");
  EXPECT_EQ(posterior.substr(0, posterior.find('\n')), "workers.q_local,weight,distance");
  EXPECT_EQ(lines(posterior), 7u);  // header and 6 particles
  EXPECT_EQ(lines(slurp(out / "posterior_draws.csv")), 4u);
  EXPECT_EQ(lines(slurp(out / "generations.csv")), 3u);  // header and generations 0 and 1
  const std::string fit = slurp(out / "fit.md");
  EXPECT_NE(fit.find("| `workers.q_local` | uniform | [0.3, 3] |"), std::string::npos) << fit;
  EXPECT_NE(fit.find("world_ai_user_share, 2025-06"), std::string::npos) << fit;
  // The member files are gone; the pattern values stay.
  EXPECT_FALSE(fs::exists(out / "generations" / "g000" / "b0" / "runs"));
  EXPECT_TRUE(fs::exists(out / "generations" / "g000" / "b0" / "patterns.csv"));
  // Run again: resumes after the last generation, simulates nothing, same posterior.
  const Result again = run(abc("-o " + out.string()));
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("resuming after generation 1"), std::string::npos) << again.err;
  EXPECT_EQ(slurp(out / "posterior.csv"), posterior);
  // A predictive sweep over the draws is a valid sweep, and so is one over the weighted
  // particles with `columns:` naming the knobs.
  EXPECT_EQ(run("sweep " + (out / "posterior_sweep.yaml").string() + " --plan").status, 0);
  const fs::path particles =
      write("particles.yaml",
            "scenarios: [" + kSource + "/scenarios/tiny.yaml]\ndesign:\n  kind: table\n  file: " +
                (out / "posterior.csv").string() + "\n  columns: [workers.q_local]\n");
  EXPECT_EQ(run("sweep " + particles.string() + " --plan").status, 0);
  // Another seed in the same directory is refused.
  EXPECT_EQ(run(abc("-o " + out.string() + " --seed 5")).status, 2);
}

// A calibration that spent its budget resumes with a larger one (--max-simulations is not part
// of the restart check) and ends where a run with the larger budget from the start ends.
TEST_F(CalibrateAbc, ABudgetSpentResumesWithALargerOneAsIfItHadHadItFromTheStart) {
  const fs::path direct = dir_ / "direct", staged = dir_ / "staged";
  ASSERT_EQ(run(abc("-o " + direct.string())).status, 0);
  const Result first = run(abc("-o " + staged.string() + " --max-simulations 6"));
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_EQ(lines(slurp(staged / "generations.csv")), 2u);  // header and generation 0 only
  const Result more = run(abc("-o " + staged.string()));
  ASSERT_EQ(more.status, 0) << more.err;
  EXPECT_NE(more.err.find("resuming after generation 0"), std::string::npos) << more.err;
  EXPECT_EQ(slurp(staged / "posterior.csv"), slurp(direct / "posterior.csv"));
  EXPECT_EQ(slurp(staged / "generations.csv").substr(0, 40),
            slurp(direct / "generations.csv").substr(0, 40));
}

TEST_F(CalibrateAbc, ExternalModeWaitsForTheShards) {
  const fs::path out = dir_ / "abc";
  const Result r = run(abc("-o " + out.string() + " --external"));
  EXPECT_EQ(r.status, 75) << r.err;
  EXPECT_NE(r.err.find("aidivide sweep " + (out / "generations/g000/b0/sweep.yaml").string()),
            std::string::npos)
      << r.err;
  // The "scheduler" runs the batch as two shards; the calibration then goes on to the next batch.
  for (const char* shard : {"0/2", "1/2"}) {
    const Result s = run("sweep " + (out / "generations/g000/b0/sweep.yaml").string() + " -o " +
                         (out / "generations/g000/b0/runs").string() +
                         " --no-merge --quiet --threads 1 --shard " + shard);
    ASSERT_EQ(s.status, 0) << s.err;
  }
  const Result next = run(abc("-o " + out.string() + " --external"));
  EXPECT_EQ(next.status, 75) << next.err;
  EXPECT_TRUE(fs::exists(out / "generations" / "g000" / "population.csv"));
  EXPECT_NE(next.err.find("g001/b0/sweep.yaml"), std::string::npos) << next.err;
}

TEST_F(CalibrateAbc, RefusesBadSettings) {
  const fs::path bad = write("bad.yaml", "scenario: " + kSource +
                                             "/scenarios/tiny.yaml\n"
                                             "blocks:\n  - name: w\n    facts: [SF10]\n"
                                             "    parameters:\n      workers.q_local: [0.5, 2.0]\n"
                                             "abc_smc:\n  particles: 1\n");
  Result r = run("calibrate --method abc-smc " + bad.string() + " -o " + (dir_ / "o").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("bad.yaml:8:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("abc_smc.particles"), std::string::npos) << r.err;
  const fs::path shape =
      write("shape.yaml", "scenario: " + kSource +
                              "/scenarios/tiny.yaml\n"
                              "blocks:\n  - name: w\n    facts: [SF10]\n"
                              "    parameters:\n      workers.q_local: [0.5, 2.0]\n"
                              "abc_smc:\n  priors:\n    workers.q_global: log-uniform\n");
  r = run("calibrate --method abc-smc " + shape.string() + " -o " + (dir_ / "o").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not a knob of any block"), std::string::npos) << r.err;
  r = run("calibrate --method simplex " + shape.string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("expected abc-smc or nelder-mead"), std::string::npos) << r.err;
}

TEST_F(CalibrateAbc, ItsOwnReplicatesAndSetOverrideTheFilesWhereverTheyStand) {
  // abc_smc.replicates and abc_smc.set are read after the top-level keys even when they come
  // first in the file; a key of abc_smc.set replaces the same key of set, others are added.
  const fs::path cfg = write("reps.yaml",
                             "abc_smc:\n  particles: 2\n  max_generations: 1\n"
                             "  replicates: 1\n"
                             "  set: [time.end=2025-09, population.workers=1500]\n"
                             "scenario: " +
                                 kSource +
                                 "/scenarios/tiny.yaml\nreplicates: 3\n"
                                 "set: [time.end=2025-08]\n"
                                 "blocks:\n  - name: w\n    facts: [SF10]\n"
                                 "    parameters:\n      workers.q_local: [0.5, 2.0]\n");
  const fs::path out = dir_ / "reps";
  const Result r =
      run("calibrate --method abc-smc " + cfg.string() + " --threads 1 --quiet -o " + out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string sweep = slurp(out / "generations" / "g000" / "b0" / "sweep.yaml");
  EXPECT_NE(sweep.find("\nreplicates: 1\n"), std::string::npos) << sweep;
  EXPECT_NE(sweep.find("time.end: 2025-09\n"), std::string::npos) << sweep;
  EXPECT_EQ(sweep.find("2025-08"), std::string::npos) << sweep;
  EXPECT_NE(sweep.find("population.workers: 1500\n"), std::string::npos) << sweep;
  EXPECT_NE(slurp(out / "posterior_sweep.yaml").find("\nreplicates: 1\n"), std::string::npos);
}

}  // namespace
