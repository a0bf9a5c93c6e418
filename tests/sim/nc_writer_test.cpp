// Tests of NcWriter: layout, dimension scales, life cycle (.part, finish, fail, abandon), readers.
#include "sim/nc_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/h5_handle.hpp"

namespace {

namespace fs = std::filesystem;
using sim::H5Id;

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() / ("aidivide_nc_writer_" + std::to_string(::getpid()) + "_" +
                                         std::to_string(stamp) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

const std::vector<std::string> kCountries = {"USA", "IND", "NGA"};
const std::vector<std::string> kSizes = {"micro", "small", "medium", "large"};
constexpr const char* kTimeUnits = "days since 2023-01-01";

struct Handles {
  int world = -1;
  int share = -1;
  int firms = -1;
  int count = -1;
};

// Defines the sample layout: time, country(3), size_class(4), four series, two static variables.
Handles define_sample(sim::NcWriter& w) {
  w.set_attr("scenario_name", "baseline");
  w.set_attr("seed", 42);
  w.set_attr("replicate", std::int64_t{0});
  w.set_attr("dt_years", 1.0 / 12.0);
  w.add_time_dimension(kTimeUnits);
  w.add_string_dimension("country", kCountries, {"", "country", "ISO 3166-1 alpha-3 code"});
  w.add_string_dimension("size_class", kSizes, {"", "firm size class", "employees band"});
  w.add_static_strings("country_name", "country", {"United States", "India", "Nigeria"},
                       {"", "country name", "English short name"});
  w.add_static_ints("population", "country", {335, 1428, 223},
                    {"million", "population", "population in 2023"});
  Handles h;
  h.world = w.add_series("world_ai_users", {}, sim::StoreType::kFloat64,
                         {"1", "world AI user share", "share of the world population"});
  h.share = w.add_series("ai_user_share", {"country"}, sim::StoreType::kFloat64,
                         {"1", "AI user share", "share of adults using AI monthly"});
  h.firms = w.add_series("firm_adoption", {"country", "size_class"}, sim::StoreType::kFloat32,
                         {"1", "firm adoption", "share of firms using AI"});
  h.count = w.add_series("firm_count", {"country"}, sim::StoreType::kInt32,
                         {"1", "firms", "number of firms"});
  return h;
}

double value_of(int record, int index) { return record + index / 100.0; }

void write_records(sim::NcWriter& w, const Handles& h, int first, int count) {
  std::vector<double> share(3);
  std::vector<double> firms(12);
  std::vector<double> counts(3);
  for (int r = first; r < first + count; ++r) {
    w.begin_record(r * 30.5);
    w.write(h.world, value_of(r, 0));
    for (int i = 0; i < 3; ++i) share[i] = value_of(r, i);
    for (int i = 0; i < 12; ++i) firms[i] = value_of(r, i);
    for (int i = 0; i < 3; ++i) counts[i] = r * 10 + i;
    w.write(h.share, share);
    w.write(h.firms, firms);
    w.write(h.count, counts);
  }
}

// Writes a finished sample file with `records` records.
void write_sample(const std::string& path, int records, sim::NcWriterOptions options = {}) {
  sim::NcWriter w(path, options);
  const Handles h = define_sample(w);
  w.start_swmr();
  write_records(w, h, 0, records);
  w.set_final_attr("end_time", "2024-01-01T00:00:00Z");
  w.set_final_attr("timing_total_s", 1.5);
  w.finish("complete");
}

H5Id open_read(const std::string& path) {
  H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  EXPECT_TRUE(file.valid()) << path;
  return file;
}

std::vector<hsize_t> shape_of(hid_t file, const char* name) {
  H5Id ds(H5Dopen2(file, name, H5P_DEFAULT));
  if (!ds) return {};
  H5Id space(H5Dget_space(ds.get()));
  return sim::dataspace_dims(space.get());
}

std::string attr(hid_t object, const char* name) {
  return sim::attribute_text(object, name).value_or("<missing>");
}

std::string global_attr(const std::string& path, const char* name) {
  H5Id file = open_read(path);
  if (!file) return "<unopenable>";
  H5Id root(H5Gopen2(file.get(), "/", H5P_DEFAULT));
  return attr(root.get(), name);
}

std::string type_name(hid_t file, const char* name) {
  H5Id ds(H5Dopen2(file, name, H5P_DEFAULT));
  H5Id type(H5Dget_type(ds.get()));
  return sim::datatype_name(type.get());
}

TEST(NcWriter, WritesDatasetsShapesAttributesAndScales) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  write_sample(path, 30);  // 2 full chunks of 12 plus a partial one
  ASSERT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));

  H5Id file = open_read(path);
  ASSERT_TRUE(file.valid());
  EXPECT_EQ(shape_of(file.get(), "time"), (std::vector<hsize_t>{30}));
  EXPECT_EQ(shape_of(file.get(), "country"), (std::vector<hsize_t>{3}));
  EXPECT_EQ(shape_of(file.get(), "size_class"), (std::vector<hsize_t>{4}));
  EXPECT_EQ(shape_of(file.get(), "world_ai_users"), (std::vector<hsize_t>{30}));
  EXPECT_EQ(shape_of(file.get(), "ai_user_share"), (std::vector<hsize_t>{30, 3}));
  EXPECT_EQ(shape_of(file.get(), "firm_adoption"), (std::vector<hsize_t>{30, 3, 4}));
  EXPECT_EQ(shape_of(file.get(), "firm_count"), (std::vector<hsize_t>{30, 3}));
  EXPECT_EQ(shape_of(file.get(), "country_name"), (std::vector<hsize_t>{3}));
  EXPECT_EQ(type_name(file.get(), "time"), "float64");
  EXPECT_EQ(type_name(file.get(), "ai_user_share"), "float64");
  EXPECT_EQ(type_name(file.get(), "firm_adoption"), "float32");
  EXPECT_EQ(type_name(file.get(), "firm_count"), "int32");
  EXPECT_EQ(type_name(file.get(), "population"), "int64");
  EXPECT_EQ(type_name(file.get(), "country"), "string(vlen, utf-8)");
  EXPECT_EQ(type_name(file.get(), "country_name"), "string(vlen, utf-8)");

  H5Id root(H5Gopen2(file.get(), "/", H5P_DEFAULT));
  EXPECT_EQ(attr(root.get(), "status"), "complete");
  EXPECT_EQ(attr(root.get(), "scenario_name"), "baseline");
  EXPECT_EQ(attr(root.get(), "seed"), "42");
  EXPECT_EQ(attr(root.get(), "end_time"), "2024-01-01T00:00:00Z");
  EXPECT_EQ(attr(root.get(), "timing_total_s"), "1.5");

  H5Id time(H5Dopen2(file.get(), "time", H5P_DEFAULT));
  EXPECT_EQ(attr(time.get(), "units"), kTimeUnits);
  EXPECT_EQ(attr(time.get(), "calendar"), "standard");
  EXPECT_GT(H5DSis_scale(time.get()), 0);
  H5Id time_space(H5Dget_space(time.get()));
  hsize_t max_dim = 0;
  H5Sget_simple_extent_dims(time_space.get(), nullptr, &max_dim);
  EXPECT_EQ(max_dim, H5S_UNLIMITED);
  H5Id country(H5Dopen2(file.get(), "country", H5P_DEFAULT));
  H5Id size_class(H5Dopen2(file.get(), "size_class", H5P_DEFAULT));
  EXPECT_GT(H5DSis_scale(country.get()), 0);
  EXPECT_GT(H5DSis_scale(size_class.get()), 0);

  for (const char* name : {"world_ai_users", "ai_user_share", "firm_adoption", "firm_count",
                           "country_name", "population", "country", "size_class"}) {
    H5Id ds(H5Dopen2(file.get(), name, H5P_DEFAULT));
    for (const char* key : {"units", "long_name", "description"}) {
      EXPECT_NE(attr(ds.get(), key), "<missing>") << name << " " << key;
    }
    H5Id dcpl(H5Dget_create_plist(ds.get()));
    hbool_t track_times = 1;
    H5Pget_obj_track_times(dcpl.get(), &track_times);
    EXPECT_EQ(track_times, 0) << name;
    unsigned order = 0;
    H5Pget_attr_creation_order(dcpl.get(), &order);
    EXPECT_EQ(order, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) << name;
  }
  EXPECT_EQ(attr(H5Id(H5Dopen2(file.get(), "ai_user_share", H5P_DEFAULT)).get(), "long_name"),
            "AI user share");

  // Every axis of every record variable has its scale attached.
  H5Id firms(H5Dopen2(file.get(), "firm_adoption", H5P_DEFAULT));
  EXPECT_GT(H5DSis_attached(firms.get(), time.get(), 0), 0);
  EXPECT_GT(H5DSis_attached(firms.get(), country.get(), 1), 0);
  EXPECT_GT(H5DSis_attached(firms.get(), size_class.get(), 2), 0);
  EXPECT_EQ(sim::dimension_scale_names(firms.get()),
            (std::vector<std::vector<std::string>>{{"time"}, {"country"}, {"size_class"}}));
  H5Id names(H5Dopen2(file.get(), "country_name", H5P_DEFAULT));
  EXPECT_GT(H5DSis_attached(names.get(), country.get(), 0), 0);
  H5Id world(H5Dopen2(file.get(), "world_ai_users", H5P_DEFAULT));
  EXPECT_GT(H5DSis_attached(world.get(), time.get(), 0), 0);

  // Values: all 30 records in order, float32 rounded, ints exact, strings intact.
  std::vector<double> share(90);
  H5Id share_ds(H5Dopen2(file.get(), "ai_user_share", H5P_DEFAULT));
  ASSERT_GE(H5Dread(share_ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, share.data()),
            0);
  for (int r = 0; r < 30; ++r) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(share[r * 3 + i], value_of(r, i));
  }
  std::vector<float> firm_values(360);
  ASSERT_GE(
      H5Dread(firms.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, firm_values.data()), 0);
  EXPECT_EQ(firm_values[29 * 12 + 11], static_cast<float>(value_of(29, 11)));
  std::vector<std::int32_t> counts(90);
  H5Id count_ds(H5Dopen2(file.get(), "firm_count", H5P_DEFAULT));
  ASSERT_GE(H5Dread(count_ds.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, counts.data()),
            0);
  EXPECT_EQ(counts[29 * 3 + 2], 292);
  std::vector<double> times(30);
  ASSERT_GE(H5Dread(time.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, times.data()), 0);
  EXPECT_EQ(times[29], 29 * 30.5);

  // Creation order is tracked on the root group (netCDF-C lists objects in that order).
  H5Id gcpl(H5Gget_create_plist(root.get()));
  unsigned link_order = 0;
  unsigned attr_order = 0;
  H5Pget_link_creation_order(gcpl.get(), &link_order);
  H5Pget_attr_creation_order(gcpl.get(), &attr_order);
  EXPECT_EQ(link_order, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  EXPECT_EQ(attr_order, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
}

TEST(NcWriter, ChunksAreCappedAndCompressed) {
  TempDir dir;
  const std::string path = dir.file("chunks.h5");
  {
    sim::NcWriter w(path, {24, 4});
    w.add_time_dimension(kTimeUnits);
    w.add_dimension("cell", 70000);  // 560 kB per float64 record: one record per chunk
    w.add_string_dimension("country", kCountries, {});
    const int big = w.add_series("big", {"cell"}, sim::StoreType::kFloat64, {});
    const int small = w.add_series("small", {"country"}, sim::StoreType::kFloat64, {});
    w.start_swmr();
    std::vector<double> values(70000, 0.5);
    for (int r = 0; r < 3; ++r) {
      w.begin_record(r);
      w.write(big, values);
      w.write(small, std::vector<double>{1, 2, 3});
    }
    w.finish("complete");
  }
  H5Id file = open_read(path);
  for (const auto& [name, expected] :
       {std::pair<const char*, std::vector<hsize_t>>{"big", {1, 70000}},
        std::pair<const char*, std::vector<hsize_t>>{"small", {24, 3}}}) {
    H5Id ds(H5Dopen2(file.get(), name, H5P_DEFAULT));
    H5Id dcpl(H5Dget_create_plist(ds.get()));
    std::vector<hsize_t> chunk(2);
    ASSERT_EQ(H5Pget_chunk(dcpl.get(), 2, chunk.data()), 2);
    EXPECT_EQ(chunk, expected) << name;
    EXPECT_EQ(H5Pget_nfilters(dcpl.get()), 2) << name;  // shuffle + deflate
  }
  // A dimension without values carries netCDF-C's marker as its scale name.
  H5Id cell(H5Dopen2(file.get(), "cell", H5P_DEFAULT));
  EXPECT_EQ(attr(cell.get(), "NAME"),
            "This is a netCDF dimension but not a netCDF variable.     70000");
}

TEST(NcWriter, NoCompressionMeansNoFilters) {
  TempDir dir;
  const std::string path = dir.file("plain.h5");
  write_sample(path, 2, {12, 0});
  H5Id file = open_read(path);
  H5Id ds(H5Dopen2(file.get(), "ai_user_share", H5P_DEFAULT));
  H5Id dcpl(H5Dget_create_plist(ds.get()));
  EXPECT_EQ(H5Pget_nfilters(dcpl.get()), 0);
}

TEST(NcWriter, SkippedSeriesHoldFillValues) {
  TempDir dir;
  const std::string path = dir.file("fill.h5");
  {
    sim::NcWriter w(path, {2, 1});
    w.add_time_dimension(kTimeUnits);
    const int a = w.add_series("a", {}, sim::StoreType::kFloat64, {});
    const int b = w.add_series("b", {}, sim::StoreType::kInt32, {});
    w.start_swmr();
    for (int r = 0; r < 5; ++r) {
      w.begin_record(r);
      if (r != 3) w.write(a, 1.0 + r);
      if (r != 1) w.write(b, 10.0 + r);
    }
    w.finish("complete");
  }
  H5Id file = open_read(path);
  std::vector<double> a(5);
  std::vector<std::int32_t> b(5);
  H5Id da(H5Dopen2(file.get(), "a", H5P_DEFAULT));
  H5Id db(H5Dopen2(file.get(), "b", H5P_DEFAULT));
  H5Dread(da.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.data());
  H5Dread(db.get(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, b.data());
  EXPECT_EQ(a[2], 3.0);
  EXPECT_TRUE(std::isnan(a[3]));
  EXPECT_EQ(a[4], 5.0);
  EXPECT_EQ(b[1], -2147483647);
  EXPECT_EQ(b[3], 13);
}

TEST(NcWriter, PartIsRenamedOnlyByFinish) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  sim::NcWriter w(path, {4, 1});
  EXPECT_EQ(w.final_path(), path);
  EXPECT_EQ(w.part_path(), path + ".part");
  const Handles h = define_sample(w);
  w.start_swmr();
  EXPECT_TRUE(fs::exists(path + ".part"));
  EXPECT_FALSE(fs::exists(path));
  write_records(w, h, 0, 5);
  EXPECT_EQ(w.records_written(), 4);  // one full buffer written, the fifth record still buffered
  w.flush();
  EXPECT_EQ(w.records_written(), 5);
  write_records(w, h, 5, 2);
  EXPECT_FALSE(fs::exists(path));
  w.finish("interrupted");
  EXPECT_EQ(w.records_written(), 7);
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));
  EXPECT_EQ(global_attr(path, "status"), "interrupted");
  H5Id file = open_read(path);
  EXPECT_EQ(shape_of(file.get(), "firm_adoption"), (std::vector<hsize_t>{7, 3, 4}));
}

TEST(NcWriter, AbandonLeavesNothing) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  {
    sim::NcWriter w(path);
    define_sample(w);
    w.abandon();
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(NcWriter, FailKeepsPartWithStatusFailed) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  {
    sim::NcWriter w(path, {12, 1});
    const Handles h = define_sample(w);
    w.start_swmr();
    write_records(w, h, 0, 3);  // buffered only: fail() must still write them
    w.fail();
  }
  EXPECT_FALSE(fs::exists(path));
  ASSERT_TRUE(fs::exists(path + ".part"));
  EXPECT_EQ(global_attr(path + ".part", "status"), "failed");
  H5Id file = open_read(path + ".part");
  EXPECT_EQ(shape_of(file.get(), "ai_user_share"), (std::vector<hsize_t>{3, 3}));
}

TEST(NcWriter, DestructorWithoutFinishLeavesRunningPart) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  {
    sim::NcWriter w(path);
    const Handles h = define_sample(w);
    w.start_swmr();
    write_records(w, h, 0, 2);
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(global_attr(path + ".part", "status"), "running");
}

TEST(NcWriter, MissingDirectoryThrowsInputError) {
  TempDir dir;
  const std::string missing = dir.file("no_such_dir/run.h5");
  try {
    sim::NcWriter w(missing);
    FAIL() << "expected InputError";
  } catch (const sim::InputError& e) {
    EXPECT_EQ(e.kind(), sim::InputKind::kIo);
    EXPECT_EQ(e.where().file, missing + ".part");
    EXPECT_NE(std::string(e.what()).find("cannot create output file"), std::string::npos);
  }
}

TEST(NcWriter, ReadOnlyDirectoryThrowsInputError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  const fs::path locked = dir.path() / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(sim::NcWriter((locked / "run.h5").string()), sim::InputError);
  fs::permissions(locked, fs::perms::owner_all);
}

TEST(NcWriter, VanishedDirectoryMakesFinishThrow) {
  TempDir dir;
  const fs::path sub = dir.path() / "out";
  fs::create_directory(sub);
  const std::string path = (sub / "run.h5").string();
  sim::NcWriter w(path, {2, 1});
  const Handles h = define_sample(w);
  w.start_swmr();
  write_records(w, h, 0, 3);
  fs::remove_all(sub);
  try {
    w.finish("complete");
    FAIL() << "expected InputError";
  } catch (const sim::InputError& e) {
    EXPECT_EQ(e.kind(), sim::InputKind::kIo);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  w.fail();  // must not throw after a failed finish
  EXPECT_FALSE(fs::exists(path));
}

// A write error (here EFBIG from a file-size limit, standing in for a full disk) surfaces as
// InputError naming the file, and no file that looks complete is left behind.
TEST(NcWriter, WriteErrorRaisesInputError) {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  struct rlimit old_limit {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  std::string message;
  {
    sim::NcWriter w(path, {1, 0});
    w.add_time_dimension(kTimeUnits);
    w.add_dimension("cell", 70000);
    const int big = w.add_series("big", {"cell"}, sim::StoreType::kFloat64, {});
    w.start_swmr();
    struct rlimit limit = old_limit;
    limit.rlim_cur = 256 * 1024;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
    std::vector<double> values(70000);
    try {
      for (int r = 0; r < 4; ++r) {
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = r * 1e6 + i;
        w.begin_record(r);
        w.write(big, values);
      }
      w.finish("complete");
    } catch (const sim::InputError& e) {
      message = e.what();
      EXPECT_EQ(e.kind(), sim::InputKind::kIo);
    }
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    w.fail();
  }
  std::signal(SIGXFSZ, old_handler);
  EXPECT_NE(message.find(path + ".part"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(path));
}

TEST(NcWriter, MisuseIsRejected) {
  TempDir dir;
  sim::NcWriter w(dir.file("run.h5"));
  EXPECT_THROW(w.add_series("x", {}, sim::StoreType::kFloat64, {}), std::logic_error);
  const Handles h = define_sample(w);
  EXPECT_THROW(w.add_series("ai_user_share", {}, sim::StoreType::kFloat64, {}),
               std::invalid_argument);
  EXPECT_THROW(w.add_series("y", {"nope"}, sim::StoreType::kFloat64, {}), std::invalid_argument);
  EXPECT_THROW(w.begin_record(0), std::logic_error);
  w.start_swmr();
  EXPECT_THROW(w.set_attr("late", "x"), std::logic_error);
  EXPECT_THROW(w.write(h.share, 1.0), std::logic_error);  // no record begun
  w.begin_record(0);
  EXPECT_THROW(w.write(h.share, 1.0), std::invalid_argument);  // needs 3 values
  EXPECT_THROW(w.write(99, 1.0), std::out_of_range);
  EXPECT_EQ(w.record_size(h.firms), 12u);
  w.abandon();
}

// ---------------------------------------------------------------- external readers

bool python_has(const std::string& modules) {
  const std::string cmd = "/usr/bin/python3 -c 'import " + modules + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

int run_python(const TempDir& dir, const std::string& script, const std::string& arg) {
  const std::string script_path = dir.file("check.py");
  std::ofstream(script_path) << script;
  const std::string cmd = "/usr/bin/python3 " + script_path + " '" + arg + "'";
  return std::system(cmd.c_str());
}

TEST(NcWriter, XarrayOpensWithBothEngines) {
  if (!fs::exists("/usr/bin/python3") || !python_has("xarray, h5netcdf, netCDF4")) {
    GTEST_SKIP() << "/usr/bin/python3 cannot import xarray, h5netcdf and netCDF4";
  }
  TempDir dir;
  const std::string path = dir.file("run.h5");
  write_sample(path, 14);
  const std::string script = R"(
import sys
import numpy as np
import xarray as xr
path = sys.argv[1]
for engine in ("h5netcdf", "netcdf4"):
    with xr.open_dataset(path, engine=engine) as ds:
        dims = dict(ds.sizes)
        assert dims == {"time": 14, "country": 3, "size_class": 4}, (engine, dims)
        assert ds["firm_adoption"].dims == ("time", "country", "size_class"), engine
        assert ds["world_ai_users"].dims == ("time",), engine
        assert ds["country_name"].dims == ("country",), engine
        assert list(ds["country"].values) == ["USA", "IND", "NGA"], engine
        assert str(ds["country_name"].values[2]) == "Nigeria", engine
        assert np.issubdtype(ds["time"].dtype, np.datetime64), (engine, ds["time"].dtype)
        assert str(ds["time"].values[0])[:10] == "2023-01-01", engine
        assert ds["ai_user_share"].attrs["units"] == "1", engine
        assert ds["firm_count"].dtype == np.int32, (engine, ds["firm_count"].dtype)
        assert ds["firm_adoption"].dtype == np.float32, engine
        assert float(ds["ai_user_share"][13, 2]) == 13.02, engine
        assert ds.attrs["status"] == "complete", engine
        assert int(ds.attrs["seed"]) == 42, engine
print("ok")
)";
  EXPECT_EQ(run_python(dir, script, path), 0);
}

TEST(NcWriter, SwmrReaderSeesLivePart) {
  if (!fs::exists("/usr/bin/python3") || !python_has("h5py")) {
    GTEST_SKIP() << "/usr/bin/python3 cannot import h5py";
  }
  TempDir dir;
  const std::string path = dir.file("run.h5");
  sim::NcWriter w(path, {2, 1});
  const Handles h = define_sample(w);
  w.start_swmr();
  write_records(w, h, 0, 5);  // 4 records on disk, 1 buffered
  const std::string script = R"(
import sys
import h5py
with h5py.File(sys.argv[1], "r", swmr=True) as f:
    assert f.attrs["status"] == "running", f.attrs["status"]
    assert f["ai_user_share"].shape == (4, 3), f["ai_user_share"].shape
    assert f["time"].shape == (4,)
print("ok")
)";
  EXPECT_EQ(run_python(dir, script, w.part_path()), 0);
  w.finish("complete");
}

TEST(NcWriter, NcdumpReadsHeader) {
  if (std::system("command -v ncdump >/dev/null 2>&1") != 0) GTEST_SKIP() << "no ncdump";
  TempDir dir;
  const std::string path = dir.file("run.h5");
  write_sample(path, 3);
  const std::string cmd = "ncdump -h '" + path + "' >/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
