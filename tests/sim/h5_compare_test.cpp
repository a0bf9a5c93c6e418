// Tests of the identity rule (compare_h5) and the diff/info commands built on it.
#include "sim/h5_compare.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "sim/error.hpp"
#include "sim/h5_handle.hpp"
#include "sim/nc_writer.hpp"

namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() / ("aidivide_h5_compare_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(stamp) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// What a sample run looks like; each test changes one aspect.
struct Sample {
  int records = 5;
  sim::StoreType share_type = sim::StoreType::kFloat64;
  std::vector<std::string> countries = {"USA", "IND", "NGA"};
  std::string share_units = "1";
  std::string scenario_name = "baseline";
  std::int64_t seed = 7;
  std::string created = "2024-01-01T00:00:00Z";
  std::int64_t threads = 1;
  double timing = 1.0;
  std::string status = "complete";
  int bump_record = -1;  // record whose share value at country 1 is changed slightly
};

void write_sample(const std::string& path, const Sample& s) {
  sim::NcWriter w(path, {3, 1});
  w.set_attr("created", s.created);
  w.set_attr("scenario_name", s.scenario_name);
  w.set_attr("scenario_yaml", "name: " + s.scenario_name + "\n");
  w.set_attr("seed", s.seed);
  w.set_attr("threads", s.threads);
  w.add_time_dimension("days since 2023-01-01");
  w.add_string_dimension("country", s.countries, {"", "country", "ISO code"});
  const int world = w.add_series("world", {}, sim::StoreType::kFloat64, {"1", "world", "w"});
  const int share = w.add_series("ai_user_share", {"country"}, s.share_type,
                                 {s.share_units, "AI user share", "share of adults"});
  w.start_swmr();
  std::vector<double> values(s.countries.size());
  for (int r = 0; r < s.records; ++r) {
    w.begin_record(r * 31.0);
    // NaN must compare equal to the same NaN.
    w.write(world, r == 2 ? std::numeric_limits<double>::quiet_NaN() : r * 0.5);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.1 * r + 0.01 * i;
    if (r == s.bump_record) values[1] += 1e-12;
    w.write(share, values);
  }
  w.set_final_attr("end_time", s.created);
  w.set_final_attr("timing_total_s", s.timing);
  w.finish(s.status);
}

std::string joined(const sim::CompareResult& r) {
  std::string out;
  for (const std::string& line : r.differences) out += line + "\n";
  return out;
}

bool mentions(const sim::CompareResult& r, const std::string& text) {
  return joined(r).find(text) != std::string::npos;
}

struct Pair {
  TempDir dir;
  std::string a = dir.file("a.h5");
  std::string b = dir.file("b.h5");
  Pair(const Sample& sa, const Sample& sb) {
    write_sample(a, sa);
    write_sample(b, sb);
  }
};

TEST(H5Compare, IdenticalRunsIgnoringVolatileAttributes) {
  Sample other;
  other.created = "2025-06-30T12:00:00Z";
  other.threads = 8;
  other.timing = 99.0;
  other.status = "interrupted";
  Pair p(Sample{}, other);
  const sim::CompareResult r = sim::compare_h5(p.a, p.b);
  EXPECT_TRUE(r.identical) << joined(r);
  EXPECT_TRUE(r.differences.empty());
  EXPECT_TRUE(sim::compare_h5(p.a, p.a).identical);
}

TEST(H5Compare, ReportsChangedValue) {
  Sample changed;
  changed.bump_record = 3;
  Pair p(Sample{}, changed);
  const sim::CompareResult r = sim::compare_h5(p.a, p.b);
  EXPECT_FALSE(r.identical);
  EXPECT_TRUE(
      mentions(r,
               "variable ai_user_share: 1 value differs, first at [3, 1]: 0.31000000000000005 vs "
               "0.31000000000100003"))
      << joined(r);
}

TEST(H5Compare, ReportsChangedDtype) {
  Sample changed;
  changed.share_type = sim::StoreType::kFloat32;
  Pair p(Sample{}, changed);
  const sim::CompareResult r = sim::compare_h5(p.a, p.b);
  EXPECT_FALSE(r.identical);
  EXPECT_TRUE(mentions(r, "variable ai_user_share: dtype float64 vs float32")) << joined(r);
}

TEST(H5Compare, ReportsChangedShape) {
  Sample changed;
  changed.countries = {"USA", "IND", "NGA", "BRA"};
  Pair p(Sample{}, changed);
  const sim::CompareResult r = sim::compare_h5(p.a, p.b);
  EXPECT_FALSE(r.identical);
  EXPECT_TRUE(mentions(r, "variable ai_user_share: shape [5, 3] vs [5, 4]")) << joined(r);
  EXPECT_TRUE(mentions(r, "variable country: shape [3] vs [4]")) << joined(r);
}

TEST(H5Compare, ReportsChangedAttributes) {
  Sample changed;
  changed.share_units = "percent";
  changed.seed = 8;
  Pair p(Sample{}, changed);
  const sim::CompareResult r = sim::compare_h5(p.a, p.b);
  EXPECT_FALSE(r.identical);
  EXPECT_TRUE(mentions(r, "variable ai_user_share: attribute units: 1 vs percent")) << joined(r);
  EXPECT_TRUE(mentions(r, "global attributes: attribute seed: 7 vs 8")) << joined(r);
}

TEST(H5Compare, ReportsAttributeOnlyInOneFile) {
  Pair p(Sample{}, Sample{});
  {
    sim::H5Id file(H5Fopen(p.b.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    sim::H5Id space(H5Screate(H5S_SCALAR));
    sim::H5Id attr(
        H5Acreate2(file.get(), "extra", H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT));
    const int one = 1;
    ASSERT_GE(H5Awrite(attr.get(), H5T_NATIVE_INT, &one), 0);
  }
  const sim::CompareResult r = sim::compare_h5(p.a, p.b);
  EXPECT_FALSE(r.identical);
  EXPECT_TRUE(mentions(r, "global attributes: attribute extra only in B")) << joined(r);
}

TEST(H5Compare, IgnoreScenario) {
  Sample other;
  other.scenario_name = "high_adoption";
  Pair p(Sample{}, other);
  const sim::CompareResult strict = sim::compare_h5(p.a, p.b);
  EXPECT_FALSE(strict.identical);
  EXPECT_TRUE(mentions(strict, "attribute scenario_name")) << joined(strict);
  EXPECT_TRUE(mentions(strict, "attribute scenario_yaml")) << joined(strict);
  sim::CompareOptions options;
  options.ignore_scenario = true;
  const sim::CompareResult relaxed = sim::compare_h5(p.a, p.b, options);
  EXPECT_TRUE(relaxed.identical) << joined(relaxed);
}

TEST(H5Compare, PrefixMode) {
  Sample shorter;
  shorter.records = 5;
  Sample longer;
  longer.records = 8;
  Pair p(shorter, longer);
  EXPECT_FALSE(sim::compare_h5(p.a, p.b).identical);
  sim::CompareOptions options;
  options.prefix = true;
  const sim::CompareResult r = sim::compare_h5(p.a, p.b, options);
  EXPECT_TRUE(r.identical) << joined(r);
  // B shorter than A is not a prefix.
  const sim::CompareResult reversed = sim::compare_h5(p.b, p.a, options);
  EXPECT_FALSE(reversed.identical);
  EXPECT_TRUE(mentions(reversed, "shape [8, 3] vs [5, 3]")) << joined(reversed);
}

TEST(H5Compare, PrefixModeDetectsDifferingRecord) {
  Sample shorter;
  shorter.records = 5;
  Sample longer;
  longer.records = 8;
  longer.bump_record = 4;
  Pair p(shorter, longer);
  sim::CompareOptions options;
  options.prefix = true;
  const sim::CompareResult r = sim::compare_h5(p.a, p.b, options);
  EXPECT_FALSE(r.identical);
  EXPECT_TRUE(mentions(r, "first at [4, 1]")) << joined(r);
  // A record beyond A's length does not matter.
  Sample late;
  late.records = 8;
  late.bump_record = 6;
  Pair q(shorter, late);
  EXPECT_TRUE(sim::compare_h5(q.a, q.b, options).identical);
}

TEST(H5Compare, PrefixStillRequiresStaticDataToMatch) {
  Sample shorter;
  Sample longer;
  longer.records = 8;
  longer.countries = {"USA", "IND", "BRA"};
  Pair p(shorter, longer);
  sim::CompareOptions options;
  options.prefix = true;
  const sim::CompareResult r = sim::compare_h5(p.a, p.b, options);
  EXPECT_FALSE(r.identical);
  EXPECT_TRUE(mentions(r, "variable country: 1 value differs, first at [2]: NGA vs BRA"))
      << joined(r);
}

TEST(H5Compare, UnreadableFileThrowsInputError) {
  TempDir dir;
  const std::string a = dir.file("a.h5");
  write_sample(a, Sample{});
  const std::string missing = dir.file("missing.h5");
  try {
    sim::compare_h5(a, missing);
    FAIL() << "expected InputError";
  } catch (const sim::InputError& e) {
    EXPECT_EQ(e.kind(), sim::InputKind::kIo);
    EXPECT_EQ(e.where().file, missing);
  }
}

TEST(H5Compare, VolatileAttributeNames) {
  for (const char* name :
       {"created", "start_time", "end_time", "threads", "timing_run_s", "status"}) {
    EXPECT_TRUE(sim::is_volatile_global_attribute(name, false)) << name;
  }
  EXPECT_FALSE(sim::is_volatile_global_attribute("seed", false));
  EXPECT_FALSE(sim::is_volatile_global_attribute("scenario_name", false));
  EXPECT_TRUE(sim::is_volatile_global_attribute("scenario_name", true));
  EXPECT_TRUE(sim::is_volatile_global_attribute("parameters_yaml", true));
}

// ---------------------------------------------------------------- commands

int run_command(int (*command)(int, char**), std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return command(static_cast<int>(args.size()), argv.data());
}

TEST(H5CompareCommands, DiffExitCodes) {
  Sample longer;
  longer.records = 8;
  Pair p(Sample{}, longer);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", p.a, p.a}), app::kExitOk);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", p.a, p.b}), app::kExitFailure);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", p.a, p.b, "--prefix"}), app::kExitOk);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", "--ignore-scenario", p.a, p.a}), app::kExitOk);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", p.a, p.a + ".nope"}), app::kExitBadInput);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", p.a}), app::kExitBadInput);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", "--bogus", p.a, p.b}), app::kExitBadInput);
  EXPECT_EQ(run_command(app::cmd_diff, {"diff", "--help"}), app::kExitOk);
}

// A run still being written (SWMR .part) can be compared and inspected from another process.
TEST(H5CompareCommands, DiffAndInfoReadLivePart) {
  TempDir dir;
  const std::string done = dir.file("done.h5");
  write_sample(done, Sample{});
  const std::string live = dir.file("live.h5");
  sim::NcWriter w(live, {3, 1});
  w.set_attr("created", "whenever");
  w.set_attr("scenario_name", "baseline");
  w.set_attr("scenario_yaml", "name: baseline\n");
  w.set_attr("seed", std::int64_t{7});
  w.set_attr("threads", std::int64_t{4});
  w.add_time_dimension("days since 2023-01-01");
  w.add_string_dimension("country", {"USA", "IND", "NGA"}, {"", "country", "ISO code"});
  const int world = w.add_series("world", {}, sim::StoreType::kFloat64, {"1", "world", "w"});
  const int share = w.add_series("ai_user_share", {"country"}, sim::StoreType::kFloat64,
                                 {"1", "AI user share", "share of adults"});
  w.start_swmr();
  std::vector<double> values(3);
  for (int r = 0; r < 7; ++r) {
    w.begin_record(r * 31.0);
    w.write(world, r == 2 ? std::numeric_limits<double>::quiet_NaN() : r * 0.5);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.1 * r + 0.01 * i;
    w.write(share, values);
  }
  w.flush();
  const std::string binary = AIDIVIDE_BINARY;
  const std::string diff =
      binary + " diff --prefix '" + done + "' '" + w.part_path() + "' >/dev/null";
  EXPECT_EQ(std::system(diff.c_str()), 0);
  const std::string info = binary + " info '" + w.part_path() + "' >/dev/null";
  EXPECT_EQ(std::system(info.c_str()), 0);
  w.finish("complete");
}

TEST(H5CompareCommands, InfoExitCodesAndOutput) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  write_sample(path, Sample{});
  testing::internal::CaptureStdout();
  const int status = run_command(app::cmd_info, {"info", path});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(status, app::kExitOk);
  EXPECT_NE(out.find("scenario_name: baseline"), std::string::npos) << out;
  EXPECT_NE(out.find("records:       5"), std::string::npos) << out;
  EXPECT_NE(out.find("first time:    2023-01"), std::string::npos) << out;
  EXPECT_NE(out.find("last time:     2023-05"), std::string::npos) << out;
  EXPECT_NE(out.find("(unlimited)"), std::string::npos) << out;
  EXPECT_NE(out.find("(time, country)"), std::string::npos) << out;
  EXPECT_EQ(run_command(app::cmd_info, {"info", dir.file("missing.h5")}), app::kExitBadInput);
  EXPECT_EQ(run_command(app::cmd_info, {"info"}), app::kExitBadInput);
}

}  // namespace
