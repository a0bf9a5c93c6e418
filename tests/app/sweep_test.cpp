// Tests of sweeps: members of each design kind, member ids, located errors, and end to end the
// same members and merged files whether run in one process or as shards, failures and restarts.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ensemble/sweep_plan.hpp"
#include "sim/h5_compare.hpp"
#include "sim/rng.hpp"
#include "tests/app/cli_fixture.hpp"

namespace fs = std::filesystem;

namespace {

using testing_cli::kBin;
using testing_cli::kSource;
using testing_cli::Result;
using testing_cli::slurp;
const std::string kTiny = kSource + "/scenarios/tiny.yaml";

class Sweep : public testing_cli::CommandTest {
 protected:
  app::SweepPlan plan(const std::string& text) {
    return app::load_sweep_text(text, "s.yaml", dir_.string());
  }

  // The message of the InputError a sweep text is refused with ("" when accepted).
  std::string refusal(const std::string& text) {
    try {
      plan(text);
    } catch (const sim::InputError& e) {
      return e.what();
    }
    return "";
  }
};

std::string grid_sweep(const std::string& scenarios) {
  return "scenarios: " + scenarios +
         "\n"
         "replicates: 2\n"
         "seed: 9\n"
         "set:\n"
         "  time.end: 2023-03\n"
         "design:\n"
         "  kind: grid\n"
         "  parameters:\n"
         "    technology.cost_growth: {min: 2.0, max: 3.0, levels: 3}\n"
         "    workers.q_local: {values: [1.1, 1.5]}\n";
}

// ---------------------------------------------------------------- members and ids

TEST_F(Sweep, GridGivesEveryCombinationTimesReplicatesInPlanOrder) {
  const app::SweepPlan p = plan(grid_sweep("[" + kTiny + "]"));
  ASSERT_EQ(p.points.size(), 6u);
  ASSERT_EQ(p.members.size(), 12u);
  const std::vector<std::vector<double>> want = {{2.0, 1.1}, {2.0, 1.5}, {2.5, 1.1},
                                                 {2.5, 1.5}, {3.0, 1.1}, {3.0, 1.5}};
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_EQ(p.points[i].values, want[i]);
  std::set<std::string> ids;
  for (const app::SweepMember& m : p.members) {
    EXPECT_EQ(m.index, ids.size());
    EXPECT_EQ(m.point, m.index / 2);
    EXPECT_EQ(m.replicate, static_cast<std::int64_t>(m.index % 2));
    // Common random numbers: the seed depends on the replicate only.
    EXPECT_EQ(m.seed, sim::member_seed(9, static_cast<std::uint64_t>(m.replicate)));
    EXPECT_EQ(m.point_id, p.members[m.point * 2].point_id);
    EXPECT_EQ(m.id.size(), 16u);
    ids.insert(m.id);
  }
  EXPECT_EQ(ids.size(), 12u);
  EXPECT_EQ(p.overrides(p.members[7]),
            (std::vector<std::string>{"time.end=2023-03", "technology.cost_growth=2.5",
                                      "workers.q_local=1.5"}));
}

TEST_F(Sweep, AddingAScenarioKeepsTheIdsOfExistingMembers) {
  write("other.yaml", "extends: " + kTiny + "\nworkers:\n  q_global: 0.03\n");
  const app::SweepPlan one = plan(grid_sweep("[" + kTiny + "]"));
  const app::SweepPlan two = plan(grid_sweep("[other.yaml, " + kTiny + "]"));
  ASSERT_EQ(two.members.size(), 2 * one.members.size());
  std::set<std::string> ids_two;
  for (const auto& m : two.members) ids_two.insert(m.id);
  for (const auto& m : one.members) EXPECT_TRUE(ids_two.count(m.id)) << m.id;
  EXPECT_EQ(ids_two.size(), two.members.size());
}

TEST_F(Sweep, IdsDependOnWhatIsSetNotHowItIsWritten) {
  const std::string base = "scenarios: [" + kTiny + "]\nseed: 3\n";
  const auto a = plan(base + "set:\n  workers.q_local: 1.10\n  time.end: 2023-03\n");
  const auto b = plan(base + "set:\n  time.end: 2023-03\n  workers.q_local: 1.1\n");
  EXPECT_EQ(a.members[0].id, b.members[0].id);
  // A constant override and a one-level grid describe the same member.
  const auto c = plan(base +
                      "set:\n  time.end: 2023-03\ndesign:\n  kind: grid\n  parameters:\n"
                      "    workers.q_local: {values: [1.1]}\n");
  EXPECT_EQ(a.members[0].id, c.members[0].id);
  const auto other_seed = plan("scenarios: [" + kTiny +
                               "]\nseed: 4\nset:\n  workers.q_local: 1.1\n"
                               "  time.end: 2023-03\n");
  const auto other_value = plan(base + "set:\n  workers.q_local: 1.2\n  time.end: 2023-03\n");
  EXPECT_NE(a.members[0].id, other_seed.members[0].id);
  EXPECT_NE(a.members[0].id, other_value.members[0].id);
}

TEST_F(Sweep, LatinHypercubeValuesFillTheirStrataInsideTheRanges) {
  const auto p = plan("scenarios: [" + kTiny +
                      "]\n"
                      "design:\n"
                      "  kind: latin_hypercube\n"
                      "  points: 8\n"
                      "  seed: 2\n"
                      "  parameters:\n"
                      "    workers.q_local: {min: 0.8, max: 1.6}\n"
                      "    technology.cost_growth: {min: 1.5, max: 6.0, scale: log}\n"
                      "    population.workers: {min: 1000, max: 1999}\n");
  ASSERT_EQ(p.members.size(), 8u);
  std::set<int> strata;
  for (const auto& point : p.points) {
    EXPECT_GE(point.values[0], 0.8);
    EXPECT_LT(point.values[0], 1.6);
    strata.insert(static_cast<int>((point.values[0] - 0.8) / 0.1));
    EXPECT_GE(point.values[1], 1.5);
    EXPECT_LE(point.values[1], 6.0);
    EXPECT_EQ(point.values[2], std::round(point.values[2]));
    EXPECT_GE(point.values[2], 1000);
    EXPECT_LE(point.values[2], 1999);
  }
  EXPECT_EQ(strata.size(), 8u);
  EXPECT_TRUE(p.parameters[2].integer);
  EXPECT_EQ(p.value_text(2, 1234.0), "1234");
  const auto again = plan("scenarios: [" + kTiny +
                          "]\ndesign:\n  kind: latin_hypercube\n  points: 8\n  seed: 2\n"
                          "  parameters:\n    workers.q_local: {min: 0.8, max: 1.6}\n"
                          "    technology.cost_growth: {min: 1.5, max: 6.0, scale: log}\n"
                          "    population.workers: {min: 1000, max: 1999}\n");
  EXPECT_EQ(again.members[3].id, p.members[3].id);
}

TEST_F(Sweep, TableRowsArePointsAndColumnsCanBeChosen) {
  write("d.csv", "workers.q_local,workers.q_global,loss\n1.1,0.01,3\n1.3,0.02,4\n");
  const auto p = plan("scenarios: [" + kTiny +
                      "]\nreplicates: 3\ndesign:\n  kind: table\n  file: d.csv\n"
                      "  columns: [workers.q_global, workers.q_local]\n");
  ASSERT_EQ(p.points.size(), 2u);
  EXPECT_EQ(p.members.size(), 6u);
  EXPECT_EQ(p.parameters[0].key_path, "workers.q_global");
  EXPECT_EQ(p.points[1].values, (std::vector<double>{0.02, 1.3}));
}

// ---------------------------------------------------------------- located errors

TEST_F(Sweep, InvalidSweepsAreRefusedWithLocatedErrors) {
  write("d.csv", "workers.q_local\n1.1\nabc\n");
  write("dup.csv", "workers.q_local\n1.1\n1.1\n");
  const std::string s = "scenarios: [" + kTiny + "]\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"scenarios: []\n", "s.yaml:1:12: scenarios: expected a non-empty list"},
      {"scenarios: [missing.yaml]\n", "s.yaml:1:13: scenarios[0]: cannot read scenario file"},
      {s + "replicas: 2\n", "s.yaml:2:1: replicas: unknown key (did you mean 'replicates'?)"},
      {s + "replicates: 0\n", "s.yaml:2:13: replicates: out of range [1, 1000000] (got 0)"},
      {s + "seed: 1.5\n", "s.yaml:2:7: seed: expected an integer (got 1.5)"},
      {s + "design:\n  kind: grd\n",
       "s.yaml:3:9: design.kind: unknown design kind (did you mean "
       "'grid'?) (got grd)"},
      // A key model v2 removed says what replaced it (MODEL.md 9 M1).
      {s + "design:\n  kind: grid\n  parameters:\n    workers.q_use: {values: [1]}\n",
       "s.yaml:5:5: design.parameters.workers.q_use: removed in model v2 (M1)"},
      {s + "design:\n  kind: grid\n  parameters:\n    workers.q_locl: {values: [1]}\n",
       "s.yaml:5:5: design.parameters.workers.q_locl: unknown parameter (did you mean "
       "'workers.q_local'?)"},
      {s + "design:\n  kind: grid\n  parameters:\n    workers.q_local: {min: 2, max: 1, levels: "
           "3}\n",
       "s.yaml:5:36: design.parameters.workers.q_local.max: must be greater than min = 2.0 (got "
       "1)"},
      {s + "design:\n  kind: grid\n  parameters:\n    workers.q_local: {min: -1, max: 1, levels: "
           "3}\n",
       "s.yaml:5:28: design.parameters.workers.q_local.min: out of range [0, 20] (got -1)"},
      {s + "design:\n  kind: grid\n  parameters:\n    workers.q_local: {values: [1.1, 1.1]}\n",
       "s.yaml:5:37: design.parameters.workers.q_local.values[1]: repeated level (got 1.1)"},
      {s + "design:\n  kind: grid\n  parameters:\n    time.end: {values: [2024-01]}\n",
       "s.yaml:5:5: design.parameters.time.end: only number and integer parameters can be varied"},
      {s + "design:\n  kind: latin_hypercube\n  parameters:\n    workers.q_local: {min: 1, max: "
           "2}\n",
       "s.yaml:3:3: design.points: missing"},
      {s + "design:\n  kind: latin_hypercube\n  points: 4\n  parameters:\n"
           "    workers.q_local: {values: [1, 2]}\n",
       "s.yaml:6:23: design.parameters.workers.q_local.values: not used by a latin_hypercube "
       "design"},
      {s + "design:\n  kind: table\n  file: d.csv\n",
       (dir_ / "d.csv").string() + ":3:1: workers.q_local: not a finite number (got abc)"},
      {s + "design:\n  kind: table\n  file: dup.csv\n",
       (dir_ / "dup.csv").string() + ":3:1: workers.q_local: repeats the design point of line 2"},
      {s + "design:\n  kind: table\n  file: nope.csv\n",
       "s.yaml:4:9: design.file: cannot read design table"},
      {s + "set:\n  run.replicate: 2\n", "s.yaml:3:3: set.run.replicate: set by the sweep's seed"},
      {s + "set:\n  time.end: 2022-01\n", "s.yaml:3:13: time.end: out of range"},
      {s + "set:\n  workers.q_local: 1.1\ndesign:\n  kind: grid\n  parameters:\n"
           "    workers.q_local: {values: [1.2]}\n",
       "s.yaml:3:3: set.workers.q_local: also varied by the design (at line 7)"},
      {s + "design:\n  kind: grid\n  parameters:\n    output.every: {values: [1, 2]}\n",
       "s.yaml:5:5: output.every: members of one sweep share output.every"},
  };
  for (const auto& [text, want] : cases) {
    const std::string got = refusal(text);
    EXPECT_EQ(got.rfind(want, 0), 0u) << "sweep:\n"
                                      << text << "\nwant: " << want << "\ngot:  " << got;
  }
}

TEST_F(Sweep, HostileSweepsAreRefusedBeforeTheirDesignIsBuilt) {
  const std::string s = "scenarios: [" + kTiny + "]\n";
  std::string many_parameters =
      "design:\n  kind: latin_hypercube\n  points: 1000000\n"
      "  parameters:\n";
  for (const char* key :
       {"workers.q_local", "technology.cost_growth", "technology.compute_growth", "capital.beta",
        "capital.alpha", "capital.compute_depreciation", "firms.q_small", "firms.q_large",
        "output.compression", "output.chunk_records", "population.workers"}) {
    many_parameters += std::string("    ") + key + ": {min: 1, max: 2}\n";
  }
  const std::vector<std::pair<std::string, std::string>> cases = {
      // A million points of eleven parameters: refused before 88 MB of values are drawn.
      {s + many_parameters,
       "s.yaml:4:11: design.points: the design would hold 1000000 points x 11 parameters, more "
       "than 10000000 values"},
      // Points times replicates past the member limit: refused before the points are drawn.
      {s + "replicates: 1000\ndesign:\n  kind: latin_hypercube\n  points: 5000\n"
           "  parameters:\n    workers.q_local: {min: 1, max: 2}\n",
       "s.yaml:5:11: design.points: the sweep would have 5000000 members, more than 1000000"},
      {s + "replicates: 20\ndesign:\n  kind: grid\n  parameters:\n"
           "    workers.q_local: {min: 1, max: 2, levels: 10000}\n"
           "    technology.cost_growth: {min: 2, max: 3, levels: 10}\n",
       "s.yaml:6:5: design.parameters: the sweep would have 2000000 members, more than 1000000"},
      {"scenarios: [/dev/zero]\n", "s.yaml:1:13: scenarios[0]: not a regular file: /dev/zero"},
      {"scenarios: [.nan]\nreplicates: .inf\n", "s.yaml:2:13: replicates: expected an integer"},
      {s + "replicates: -3\n", "s.yaml:2:13: replicates: out of range [1, 1000000] (got -3)"},
      {s + "design:\n  kind: latin_hypercube\n  points: -1\n  parameters:\n"
           "    workers.q_local: {min: 1, max: 2}\n",
       "s.yaml:4:11: design.points: out of range [1, 1000000] (got -1)"},
      {s + "design:\n  kind: grid\n  parameters:\n    workers.q_local: {min: 1, max: .inf, "
           "levels: 3}\n",
       "s.yaml:5:36: design.parameters.workers.q_local.max: must be finite (got .inf)"},
      {s + "name: caf\xE9\n", "s.yaml:2:10: not UTF-8 text (got byte 0xE9)"},
  };
  for (const auto& [text, want] : cases) {
    const std::string got = refusal(text);
    EXPECT_EQ(got.rfind(want, 0), 0u) << "sweep:\n"
                                      << text << "\nwant: " << want << "\ngot:  " << got;
  }
}

// ---------------------------------------------------------------- end to end

TEST_F(Sweep, PlanListsTheMembersOfAShardWithoutRunning) {
  const fs::path sweep = write("s.yaml", grid_sweep("[" + kTiny + "]"));
  const auto r = run("sweep " + sweep.string() + " --plan --shard 1/5");
  ASSERT_EQ(r.status, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("index,member_id,point_id,scenario,replicate,seed,", 0), 0u) << line;
  std::vector<int> indices;
  while (std::getline(lines, line)) indices.push_back(std::stoi(line));
  EXPECT_EQ(indices, (std::vector<int>{1, 6, 11}));
  EXPECT_NE(r.err.find("12 members = 1 scenario(s) x 6 design point(s) x 2 replicate(s)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "members"));
  EXPECT_EQ(run("sweep " + sweep.string() + " --plan --shard 5/5").status, 2);
  EXPECT_EQ(run("sweep " + sweep.string()).status, 2);  // no -o DIR
}

TEST_F(Sweep, ShardsGiveTheSameMembersAndMergedFilesAsOneProcess) {
  const fs::path sweep = write(
      "s.yaml", "scenarios: [" + kTiny + "]\nreplicates: 3\nseed: 4\nset:\n  time.end: 2023-03\n");
  const auto one = run("sweep " + sweep.string() + " -o " + (dir_ / "one").string() + " --quiet");
  ASSERT_EQ(one.status, 0) << one.err;
  for (int k = 0; k < 3; ++k) {
    const auto shard = run("sweep " + sweep.string() + " -o " + (dir_ / "three").string() +
                           " --quiet --threads 1 --shard " + std::to_string(k) + "/3");
    ASSERT_EQ(shard.status, 0) << shard.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "three" / "ensemble.h5"));  // shards leave merging to merge
  ASSERT_EQ(run("merge " + (dir_ / "three").string()).status, 0);
  std::size_t members = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "one" / "members")) {
    if (entry.path().extension() != ".h5") continue;  // the .check records beside them
    const fs::path other = dir_ / "three" / "members" / entry.path().filename();
    const auto result = sim::compare_h5(entry.path().string(), other.string());
    EXPECT_TRUE(result.identical) << entry.path() << ": " << result.differences.front();
    ++members;
  }
  EXPECT_EQ(members, 3u);
  for (const char* file : {"ensemble.h5", "ensemble_stats.h5"}) {
    const auto result =
        sim::compare_h5((dir_ / "one" / file).string(), (dir_ / "three" / file).string());
    EXPECT_TRUE(result.identical) << file << ": " << result.differences.front();
  }
}

TEST_F(Sweep, AFailedMemberIsRecordedTheOthersRunAndARerunResumes) {
  const fs::path sweep = write(
      "s.yaml", "scenarios: [" + kTiny + "]\nreplicates: 3\nseed: 4\nset:\n  time.end: 2023-02\n");
  const auto listing = run("sweep " + sweep.string() + " --plan");
  std::istringstream lines(listing.out);
  std::string line;
  std::getline(lines, line);
  std::getline(lines, line);
  std::getline(lines, line);  // member 1
  const std::string id = line.substr(line.find(',') + 1, 16);
  const fs::path out = dir_ / "out";
  // A directory where the member's file must go: its output cannot be created.
  fs::create_directories(out / "members" / (id + ".h5.staged.part"));
  const auto failed = run("sweep " + sweep.string() + " -o " + out.string() + " --quiet");
  EXPECT_EQ(failed.status, 1);
  EXPECT_NE(failed.err.find(id), std::string::npos) << failed.err;
  const std::string manifest = slurp(out / "manifest.csv");
  EXPECT_NE(manifest.find(id), std::string::npos);
  EXPECT_NE(manifest.find(",failed,"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("cannot create output file"), std::string::npos) << manifest;
  EXPECT_TRUE(fs::exists(out / "members" / (id + ".failed")));
  EXPECT_TRUE(fs::exists(out / "ensemble.h5"));  // the complete members are merged anyway

  fs::remove_all(out / "members" / (id + ".h5.staged.part"));
  const auto resumed = run("sweep " + sweep.string() + " -o " + out.string());
  EXPECT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("2 already complete, 1 to run"), std::string::npos) << resumed.err;
  EXPECT_FALSE(fs::exists(out / "members" / (id + ".failed")));
  EXPECT_EQ(slurp(out / "manifest.csv").find(",failed,"), std::string::npos);
  EXPECT_EQ(run("merge " + out.string()).status, 0);
}

// ---------------------------------------------------------------- two writers, wrong files

// The ids of a sweep's members, from --plan.
std::vector<std::string> member_ids(const std::string& plan_csv) {
  std::vector<std::string> ids;
  std::istringstream lines(plan_csv);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) ids.push_back(line.substr(line.find(',') + 1, 16));
  return ids;
}

const char* const kSixMembers = "]\nreplicates: 6\nseed: 4\nset:\n  time.end: 2023-04\n";

TEST_F(Sweep, TwoProcessesOnOneDirectoryNeverPublishAWrongMemberAndARerunCompletes) {
  const fs::path sweep = write("s.yaml", "scenarios: [" + kTiny + kSixMembers);
  const auto reference =
      run("sweep " + sweep.string() + " -o " + (dir_ / "ref").string() + " --quiet --threads 1");
  ASSERT_EQ(reference.status, 0) << reference.err;
  // Two whole sweeps into one directory at once, as two `srun` tasks without MPI would be.
  const std::string shared = (dir_ / "shared").string();
  const std::vector<std::string> args = {"sweep",   sweep.string(), "-o", shared,
                                         "--quiet", "--threads",    "1"};
  const pid_t a = testing_cli::spawn(args), b = testing_cli::spawn(args);
  for (const pid_t pid : {a, b}) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_LE(WEXITSTATUS(status), 1);  // 1: members left to the other process, or its merge
  }
  std::size_t published = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "shared" / "members")) {
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(name.find(".staged"), std::string::npos) << name;
    EXPECT_EQ(name.find(".claim"), std::string::npos) << name;
    if (entry.path().extension() != ".h5") continue;
    const auto same =
        sim::compare_h5((dir_ / "ref" / "members" / name).string(), entry.path().string());
    EXPECT_TRUE(same.identical) << name << ": " << same.differences.front();
    ++published;
  }
  EXPECT_EQ(published, 6u);
  const auto rerun = run("sweep " + sweep.string() + " -o " + shared + " --threads 1");
  EXPECT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("6 already complete, 0 to run"), std::string::npos) << rerun.err;
  for (const char* file : {"ensemble.h5", "ensemble_stats.h5"}) {
    const auto same = sim::compare_h5((dir_ / "ref" / file).string(), shared + "/" + file);
    EXPECT_TRUE(same.identical) << file << ": " << same.differences.front();
  }
}

TEST_F(Sweep, AMemberFileWithWrongDataIsNotTrustedByMergeAndIsWrittenAgain) {
  const fs::path sweep = write("s.yaml", "scenarios: [" + kTiny + kSixMembers);
  const std::string out = (dir_ / "out").string();
  ASSERT_EQ(run("sweep " + sweep.string() + " -o " + out + " --quiet --threads 1").status, 0);
  const auto ids = member_ids(run("sweep " + sweep.string() + " --plan").out);
  ASSERT_EQ(ids.size(), 6u);
  const fs::path victim = dir_ / "out" / "members" / (ids[2] + ".h5");
  const fs::path kept = dir_ / "kept.h5";
  fs::copy_file(victim, kept);
  // Another member's file in its place: status `complete`, but not this member's data.
  fs::copy_file(dir_ / "out" / "members" / (ids[3] + ".h5"), victim,
                fs::copy_options::overwrite_existing);
  const auto merged = run("merge " + out);
  EXPECT_EQ(merged.status, 1) << merged.err;
  EXPECT_NE(merged.err.find("1 of 6 members not complete"), std::string::npos) << merged.err;
  EXPECT_NE(slurp(dir_ / "out" / "manifest.csv").find("fails its check (seed/replicate"),
            std::string::npos);
  const auto rerun = run("sweep " + sweep.string() + " -o " + out + " --threads 1");
  EXPECT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("5 already complete, 1 to run"), std::string::npos) << rerun.err;
  const auto same = sim::compare_h5(kept.string(), victim.string());
  EXPECT_TRUE(same.identical) << same.differences.front();
}

TEST_F(Sweep, AClaimOfALiveProcessIsLeftAloneAndOneOfADeadProcessTakenOver) {
  const fs::path sweep = write("s.yaml", "scenarios: [" + kTiny + kSixMembers);
  const auto ids = member_ids(run("sweep " + sweep.string() + " --plan").out);
  const fs::path members = dir_ / "out" / "members";
  fs::create_directories(members);
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  // This test process is alive: its claim on member 0 holds.
  std::ofstream(members / (ids[0] + ".claim"))
      << "host=" << host << "\npid=" << ::getpid() << "\nstart=\njob=\nrestarts=0\n";
  // A process that has ended: its claim on member 1 is stale.
  const pid_t gone = ::fork();
  if (gone == 0) ::_exit(0);
  int status = 0;
  ::waitpid(gone, &status, 0);
  std::ofstream(members / (ids[1] + ".claim"))
      << "host=" << host << "\npid=" << gone << "\nstart=1\njob=\nrestarts=0\n";
  const std::string out = (dir_ / "out").string();
  const auto first = run("sweep " + sweep.string() + " -o " + out + " --threads 1");
  EXPECT_EQ(first.status, 1) << first.err;
  EXPECT_NE(first.err.find(ids[0] + " tiny point 0 replicate 0 skipped: being written by host"),
            std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("5 of 6 members complete"), std::string::npos) << first.err;
  EXPECT_TRUE(fs::exists(members / (ids[1] + ".h5")));
  EXPECT_FALSE(fs::exists(members / (ids[1] + ".claim")));
  fs::remove(members / (ids[0] + ".claim"));  // the owner has ended
  const auto rerun = run("sweep " + sweep.string() + " -o " + out + " --threads 1");
  EXPECT_EQ(rerun.status, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("5 already complete, 1 to run"), std::string::npos) << rerun.err;
}

TEST_F(Sweep, SeveralSlurmTasksWithoutMpiAreRefusedBeforeAnythingIsWritten) {
  const fs::path sweep = write("s.yaml", "scenarios: [" + kTiny + kSixMembers);
  const auto alone = run("sweep " + sweep.string() + " -o " + (dir_ / "out").string() +
                         " --quiet");  // one task: accepted
  ASSERT_EQ(alone.status, 0) << alone.err;
  const std::string cmd = "SLURM_STEP_NUM_TASKS=2 SLURM_NTASKS=2 " + kBin + " sweep " +
                          sweep.string() + " -o " + (dir_ / "two").string() + " 2>" +
                          (dir_ / "err.txt").string();
  const int raw = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(raw));
  EXPECT_EQ(WEXITSTATUS(raw), 2);
  const std::string err = slurp(dir_ / "err.txt");
  EXPECT_NE(err.find("srun --mpi=pmix"), std::string::npos) << err;
  EXPECT_NE(err.find("mpirun"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "two"));
}

}  // namespace
