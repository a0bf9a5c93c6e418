// End-to-end tests of `aidivide compare`: scenario means taken from the files, differences paired
// by replicate (a twin of the reference differs by exactly zero, unmatched replicates are left
// out), the policy cost of a lever, and bad input refused.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "models/run_data.hpp"
#include "sim/year_month.hpp"
#include "tests/app/cli_fixture.hpp"

namespace fs = std::filesystem;

namespace {

using testing_cli::kSource;
using testing_cli::Result;

// The whitespace-separated cells of the first line of `text` after `from` that starts with
// `label` followed by a space.
std::vector<std::string> row(const std::string& text, std::size_t from, const std::string& label) {
  std::istringstream in(text.substr(from));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(label + " ", 0) != 0) continue;
    std::istringstream cells(line);
    std::vector<std::string> out;
    for (std::string c; cells >> c;) out.push_back(c);
    return out;
  }
  return {};
}

class Compare : public testing_cli::CommandTest {
 protected:
  // Runs tiny.yaml under `name` with `policies` for each replicate; returns the files.
  std::vector<std::string> runs(const std::string& name, const std::string& policies,
                                const std::vector<int>& replicates) {
    const fs::path scenario =
        write(name + ".yaml",
              "extends: " + kSource + "/scenarios/tiny.yaml\nname: " + name + "\n" + policies);
    std::vector<std::string> files;
    for (const int r : replicates) {
      const std::string out = (dir_ / (name + "_r" + std::to_string(r) + ".h5")).string();
      const Result res = run("run " + scenario.string() + " --quiet --threads 1 --replicate " +
                             std::to_string(r) + " -o " + out);
      EXPECT_EQ(res.status, 0) << res.err;
      files.push_back(out);
    }
    return files;
  }
};

std::string join(const std::vector<std::string>& files) {
  std::string s;
  for (const std::string& f : files) s += " " + f;
  return s;
}

TEST_F(Compare, PairsReplicatesAndReportsCost) {
  const std::vector<std::string> ref = runs("ref", "", {0, 1});
  const std::vector<std::string> twin = runs("twin", "", {0, 1});
  const std::vector<std::string> open = runs("open",
                                             "policies:\n"
                                             "  - lever: open_source_access\n"
                                             "    targets: {income: [low, lower_middle]}\n"
                                             "    start: 2024-01\n"
                                             "    intensity: 5\n",
                                             {0, 1, 2});
  const Result r = run("compare" + join(ref) + join(twin) + join(open) + " --years 2024,2025");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("reference: ref"), std::string::npos) << r.out;
  const std::size_t y2024 = r.out.find("== 2024 =="), y2025 = r.out.find("== 2025 ==");
  ASSERT_NE(y2024, std::string::npos) << r.out;
  ASSERT_NE(y2025, std::string::npos) << r.out;

  // Header: scenario, runs, then the metrics; the reference's gap_use is the mean over its files.
  const std::vector<std::string> header = row(r.out, y2025, "scenario");
  ASSERT_GE(header.size(), 4u);
  EXPECT_EQ(header[2], "theil_use");
  EXPECT_EQ(header[3], "gap_use");
  const std::vector<std::string> ref_row = row(r.out, y2025, "ref");
  ASSERT_EQ(ref_row.size(), header.size()) << r.out;
  EXPECT_EQ(ref_row[1], "2");
  double expected = 0;
  for (const std::string& f : ref) {
    const models::RunData data(f);
    expected += data.value("gap_high_low_ai_user_share", data.record(sim::YearMonth{2025, 12}));
  }
  expected /= 2;
  EXPECT_NEAR(std::stod(ref_row[3]), expected, 1e-3 * std::abs(expected) + 1e-12);
  EXPECT_EQ(row(r.out, y2025, "open")[1], "3");

  // Differences: the twin (same replicates, no lever) differs by zero in every column; the lever's
  // three runs pair with two replicates of the reference and cost money.
  const std::size_t diffs = r.out.find("difference from ref", y2025);
  ASSERT_NE(diffs, std::string::npos) << r.out;
  const std::vector<std::string> twin_diff = row(r.out, diffs, "twin");
  ASSERT_GE(twin_diff.size(), header.size()) << r.out;
  EXPECT_EQ(twin_diff[1], "2");
  for (std::size_t i = 2; i < header.size(); ++i) {
    EXPECT_EQ(twin_diff[i], "+0±0") << header[i];
  }
  const std::vector<std::string> open_diff = row(r.out, diffs, "open");
  ASSERT_EQ(open_diff.size(), twin_diff.size()) << r.out;
  EXPECT_EQ(open_diff[1], "2");
  const std::string cost = open_diff[header.size() - 1];
  EXPECT_EQ(header.back(), "cost_bn");
  EXPECT_EQ(cost[0], '+') << cost;
  EXPECT_GT(std::stod(cost.substr(1)), 0) << cost;
}

TEST_F(Compare, RefusesBadInput) {
  const Result missing = run("compare " + (dir_ / "none.h5").string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("none.h5"), std::string::npos) << missing.err;
  const std::vector<std::string> ref = runs("ref", "", {0});
  EXPECT_EQ(run("compare " + ref[0] + " --years 20x0").status, 2);
  EXPECT_EQ(run("compare").status, 2);
}

}  // namespace
