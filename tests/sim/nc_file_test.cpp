// Tests of NcFileWriter and read_nc_layout: dimensions, slabs, attributes, .part life cycle.
#include "sim/nc_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/h5_handle.hpp"

namespace {

namespace fs = std::filesystem;

class NcFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aidivide_nc_file_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(NcFile, WritesSlabsThatReadBackWithTheirLayout) {
  const std::string path = (dir_ / "e.h5").string();
  {
    sim::NcFileWriter w(path);
    w.set_attr("title", "test");
    w.add_coordinate("run", std::vector<std::string>{"a", "b"}, {{"units", "1"}});
    const std::vector<double> days = {0.0, 31.0, 59.0};
    w.add_coordinate("time", days, {{"units", "days since 2023-01-01"}, {"calendar", "standard"}});
    w.add_dimension("slot", 2);
    const int v = w.add_variable("x", {"run", "time", "slot"}, sim::NcType::kFloat32,
                                 {{"units", "1"}, {"coordinates", "label"}});
    const int label = w.add_variable("label", {"run"}, sim::NcType::kString, {{"units", "1"}});
    EXPECT_EQ(w.slab_size(v), 6u);
    w.write_slab(v, 1, std::vector<double>{1, 2, 3, 4, 5, 6});
    w.write_all(label, std::vector<std::string>{"first", "second"});
    EXPECT_TRUE(fs::exists(path + ".part"));
    EXPECT_FALSE(fs::exists(path));
    w.finish();
  }
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));

  const sim::H5Id file = sim::open_h5_for_reading(path);
  const auto layout = sim::read_nc_layout(file.get(), path);
  ASSERT_EQ(layout.size(), 5u);
  EXPECT_EQ(layout[0].name, "run");
  EXPECT_TRUE(layout[0].is_dimension);
  EXPECT_EQ(layout[0].type, sim::NcType::kString);
  EXPECT_TRUE(layout[1].has_values);
  EXPECT_EQ(layout[2].name, "slot");
  EXPECT_FALSE(layout[2].has_values);
  EXPECT_EQ(layout[3].name, "x");
  EXPECT_EQ(layout[3].dims, (std::vector<std::string>{"run", "time", "slot"}));
  EXPECT_EQ(layout[3].shape, (std::vector<std::size_t>{2, 3, 2}));
  EXPECT_EQ(layout[3].type, sim::NcType::kFloat32);
  EXPECT_EQ(layout[3].attrs.back(), (std::pair<std::string, std::string>{"coordinates", "label"}));

  const auto x = sim::read_nc_doubles(file.get(), path, "x");
  ASSERT_EQ(x.size(), 12u);
  EXPECT_TRUE(std::isnan(x[0]));  // the slab never written holds the fill value
  EXPECT_EQ(x[6], 1.0);
  EXPECT_EQ(x[11], 6.0);
  EXPECT_EQ(sim::read_nc_strings(file.get(), path, "label"),
            (std::vector<std::string>{"first", "second"}));
}

TEST_F(NcFile, AnUnfinishedWriterLeavesNothingBehind) {
  const std::string path = (dir_ / "gone.h5").string();
  {
    sim::NcFileWriter w(path);
    w.add_dimension("n", 3);
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));
}

TEST_F(NcFile, WrongSlabSizeIsRefused) {
  sim::NcFileWriter w((dir_ / "bad.h5").string());
  w.add_dimension("run", 2);
  w.add_dimension("k", 3);
  const int v = w.add_variable("x", {"run", "k"}, sim::NcType::kFloat64, {});
  EXPECT_THROW(w.write_slab(v, 0, std::vector<double>{1, 2}), std::invalid_argument);
  EXPECT_THROW(w.write_slab(v, 2, std::vector<double>{1, 2, 3}), std::invalid_argument);
}

}  // namespace
