// Tests of NcWriter continuing an existing PATH.part (keep_records, a restart): the kept records
// and the first start's attributes in their order, in a fresh copy that replaces the part file
// only when it holds them; a layout that does not match leaves the part file as it was.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/h5_compare.hpp"
#include "sim/h5_handle.hpp"
#include "sim/nc_writer.hpp"

namespace {

namespace fs = std::filesystem;
using sim::H5Id;

class TempDir {
 public:
  TempDir() {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() /
            ("aidivide_nc_restart_" + std::to_string(::getpid()) + "_" + std::to_string(stamp));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(path_)) {
      out.push_back(entry.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  fs::path path_;
};

constexpr int kChunk = 4;
constexpr int kRecords = 10;

struct Handles {
  int share = -1;
  int count = -1;
};

// A run's layout; `countries` changes the shape of every variable over country.
Handles define(sim::NcWriter& w, const std::string& start_time,
               const std::vector<std::string>& countries = {"USA", "IND", "NGA"}) {
  w.set_attr("title", "restart test");
  w.set_attr("seed", 42);
  w.set_attr("start_time", start_time);
  w.add_time_dimension("days since 2023-01-01");
  w.add_string_dimension("country", countries, {"", "country", ""});
  w.add_static_ints("population", "country", std::vector<std::int64_t>(countries.size(), 7), {});
  Handles h;
  h.share = w.add_series("share", {"country"}, sim::StoreType::kFloat64, {"1", "share", ""});
  h.count = w.add_series("count", {"country"}, sim::StoreType::kInt32, {"1", "count", ""});
  return h;
}

void write_records(sim::NcWriter& w, const Handles& h, int first, int end) {
  std::vector<double> values(3);
  for (int r = first; r < end; ++r) {
    w.begin_record(r * 30.0);
    for (int i = 0; i < 3; ++i) values[static_cast<std::size_t>(i)] = r + i / 10.0;
    w.write(h.share, values);
    for (int i = 0; i < 3; ++i) values[static_cast<std::size_t>(i)] = r * 10 + i;
    w.write(h.count, values);
  }
}

// The first leg: records [0, stop), finished "interrupted" and moved back to PATH.part, as
// `aidivide resume` finds an interrupted run's output.
void first_leg(const std::string& path, int stop) {
  {
    sim::NcWriter w(path, {kChunk, 1});
    const Handles h = define(w, "first start");
    w.start_swmr();
    write_records(w, h, 0, stop);
    w.set_final_attr("end_time", "first end");
    w.finish("interrupted");
  }
  fs::rename(path, path + ".part");
}

// Continues PATH.part from record `keep` to the end.
void second_leg(const std::string& path, int keep) {
  sim::NcWriter w(path, {kChunk, 1, keep});
  const Handles h = define(w, "second start");  // ignored: the file keeps its first attributes
  w.start_swmr();
  EXPECT_EQ(w.records_written(), keep);
  write_records(w, h, keep, kRecords);
  w.set_final_attr("end_time", "second end");
  w.finish("complete");
}

herr_t collect_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

std::vector<std::string> global_attribute_order(const std::string& path) {
  H5Id file = sim::open_h5_for_reading(path);
  std::vector<std::string> names;
  hsize_t index = 0;
  H5Aiterate2(file.get(), H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect_name, &names);
  return names;
}

std::string global_attribute(const std::string& path, const char* name) {
  H5Id file = sim::open_h5_for_reading(path);
  return sim::attribute_text(file.get(), name).value_or("<missing>");
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(NcWriterRestart, TheContinuedFileEqualsTheUninterruptedOne) {
  TempDir dir;
  const std::string full = dir.file("full.h5");
  {
    sim::NcWriter w(full, {kChunk, 1});
    const Handles h = define(w, "first start");
    w.start_swmr();
    write_records(w, h, 0, kRecords);
    w.set_final_attr("end_time", "second end");
    w.finish("complete");
  }
  // Kept records end inside a chunk (5, 6), at a chunk's end (4, 8), or there are none (0); the
  // first leg wrote records past them, which the second computes again.
  for (const int keep : {0, 4, 5, 6, 8}) {
    SCOPED_TRACE("keep " + std::to_string(keep));
    const std::string out = dir.file("out" + std::to_string(keep) + ".h5");
    first_leg(out, keep + 1);
    second_leg(out, keep);
    const sim::CompareResult diff = sim::compare_h5(out, full);
    EXPECT_TRUE(diff.identical) << (diff.differences.empty() ? "" : diff.differences.front());
    EXPECT_EQ(global_attribute_order(out), global_attribute_order(full));
    EXPECT_EQ(global_attribute(out, "start_time"), "first start");
    EXPECT_EQ(global_attribute(out, "end_time"), "second end");
    EXPECT_EQ(global_attribute(out, "status"), "complete");
    EXPECT_FALSE(fs::exists(out + ".part"));
    EXPECT_FALSE(fs::exists(out + ".part.copy"));
  }
}

TEST(NcWriterRestart, TheCopyReplacesThePartFileOnlyWhenItHoldsTheKeptRecords) {
  TempDir dir;
  const std::string out = dir.file("out.h5");
  first_leg(out, 7);
  // A copy a crashed restart left behind is replaced.
  std::ofstream(out + ".part.copy") << "left over";
  sim::NcWriter w(out, {kChunk, 1, 6});
  const Handles h = define(w, "second start");
  EXPECT_TRUE(fs::exists(out + ".part.copy"));
  EXPECT_EQ(global_attribute(out + ".part", "status"), "interrupted");
  w.start_swmr();
  EXPECT_FALSE(fs::exists(out + ".part.copy"));
  // The part file is the copy now: the kept records, status running, SWMR writing on.
  EXPECT_EQ(global_attribute(out + ".part", "status"), "running");
  write_records(w, h, 6, kRecords);
  w.finish("complete");
  EXPECT_EQ(dir.names(), std::vector<std::string>{"out.h5"});
}

TEST(NcWriterRestart, AnotherLayoutLeavesThePartFileAsItWas) {
  TempDir dir;
  const std::string out = dir.file("out.h5");
  first_leg(out, 6);
  const std::string before = bytes_of(out + ".part");
  try {
    sim::NcWriter w(out, {kChunk, 1, 5});
    define(w, "second start", {"USA", "IND"});
    FAIL() << "a layout with another shape was accepted";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("does not match the run it should continue"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(bytes_of(out + ".part"), before);
  EXPECT_EQ(dir.names(), std::vector<std::string>{"out.h5.part"});
}

TEST(NcWriterRestart, MoreRecordsThanTheFileHoldsAreRefused) {
  TempDir dir;
  const std::string out = dir.file("out.h5");
  first_leg(out, 3);
  {
    sim::NcWriter w(out, {kChunk, 1, 5});
    define(w, "second start");
    EXPECT_THROW(w.start_swmr(), sim::InputError);
  }
  EXPECT_EQ(dir.names(), std::vector<std::string>{"out.h5.part"});
  EXPECT_EQ(global_attribute(out + ".part", "status"), "interrupted");
}

TEST(NcWriterRestart, AbandonDeletesOnlyTheCopy) {
  TempDir dir;
  const std::string out = dir.file("out.h5");
  first_leg(out, 3);
  sim::NcWriter w(out, {kChunk, 1, 2});
  define(w, "second start");
  w.abandon();
  EXPECT_EQ(dir.names(), std::vector<std::string>{"out.h5.part"});
}

}  // namespace
