// Checkpoint files: values read back as written, and every damaged or mismatched file refused
// with a located error instead of being half read.
#include "sim/checkpoint_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "sim/error.hpp"

namespace fs = std::filesystem;

namespace {

class CheckpointFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aidivide_ckpt_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write_sample(const std::string& name) {
    const std::string path = (dir_ / name).string();
    sim::CheckpointWriter out(path);
    out.put_text("run.name", "baseline");
    out.put_value("run.tick", std::int32_t{17});
    const std::vector<double> column = {1.5, -2.25, 1e300};
    out.put<double>("countries.gdp", column);
    const std::vector<std::uint8_t> agents = {0, 1, 2, 255};
    out.put<std::uint8_t>("workers.status", agents);
    out.put<float>("firms.gain", std::vector<float>{});
    out.commit();
    return path;
  }

  std::vector<char> bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void overwrite(const std::string& path, const std::vector<char>& data) {
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(data.data(), static_cast<std::streamsize>(data.size()));
  }

  // The message of the InputError that reading `path` throws ("" when none).
  static std::string read_error(const std::string& path) {
    try {
      sim::CheckpointReader in(path);
    } catch (const sim::InputError& e) {
      EXPECT_EQ(e.kind(), sim::InputKind::kIo);
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      return e.what();
    }
    return "";
  }

  fs::path dir_;
};

TEST_F(CheckpointFile, ValuesReadBackAsWritten) {
  const std::string path = write_sample("a.ckpt");
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  const sim::CheckpointReader in(path);
  EXPECT_EQ(in.text("run.name"), "baseline");
  EXPECT_EQ(in.value<std::int32_t>("run.tick"), 17);
  ASSERT_EQ(in.count<double>("countries.gdp"), 3u);
  std::vector<double> gdp(3);
  in.read("countries.gdp", std::span<double>(gdp));
  EXPECT_EQ(gdp, (std::vector<double>{1.5, -2.25, 1e300}));
  std::vector<std::uint8_t> status(4);
  in.read("workers.status", std::span<std::uint8_t>(status));
  EXPECT_EQ(status, (std::vector<std::uint8_t>{0, 1, 2, 255}));
  EXPECT_EQ(in.count<float>("firms.gain"), 0u);
  EXPECT_TRUE(in.has("run.tick"));
  EXPECT_FALSE(in.has("run.missing"));
}

TEST_F(CheckpointFile, MissingSectionWrongTypeOrSizeAreRefused) {
  const sim::CheckpointReader in(write_sample("a.ckpt"));
  EXPECT_THROW(in.text("run.missing"), sim::InputError);
  EXPECT_THROW(in.value<double>("run.tick"), sim::InputError);  // holds i32
  std::vector<double> wrong(2);
  try {
    in.read("countries.gdp", std::span<double>(wrong));
    FAIL() << "a size mismatch was read";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("has 3 values, not 2"), std::string::npos) << e.what();
  }
}

TEST_F(CheckpointFile, EveryTruncationAndAnyFlippedByteIsRefused) {
  const std::string path = write_sample("a.ckpt");
  const std::vector<char> good = bytes(path);
  const std::string damaged = (dir_ / "damaged.ckpt").string();
  for (std::size_t n = 0; n < good.size(); ++n) {
    overwrite(damaged, std::vector<char>(good.begin(), good.begin() + static_cast<long>(n)));
    EXPECT_NE(read_error(damaged), "") << "truncated to " << n << " bytes";
  }
  for (std::size_t i = 0; i < good.size(); i += 7) {
    std::vector<char> flipped = good;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x10);
    overwrite(damaged, flipped);
    EXPECT_NE(read_error(damaged), "") << "byte " << i << " flipped";
  }
}

TEST_F(CheckpointFile, OtherFilesAndFormatsAreNamed) {
  const std::string other = (dir_ / "run.h5").string();
  overwrite(other, {'\x89', 'H', 'D', 'F', '\r', '\n'});
  EXPECT_NE(read_error(other).find("not an aidivide checkpoint"), std::string::npos);
  const std::string future = (dir_ / "future.ckpt").string();
  const std::string text = "aidivide-checkpoint 9\n";
  overwrite(future, {text.begin(), text.end()});
  EXPECT_NE(read_error(future).find("'aidivide-checkpoint 9' is not the one"), std::string::npos);
  EXPECT_NE(read_error((dir_ / "absent.ckpt").string()).find("no such checkpoint file"),
            std::string::npos);
}

TEST_F(CheckpointFile, AnUncommittedWriterLeavesThePreviousCheckpointWhole) {
  const std::string path = write_sample("a.ckpt");
  const std::vector<char> before = bytes(path);
  {
    sim::CheckpointWriter out(path);
    out.put_text("run.name", "half written");
    // Destroyed without commit(), as when an exception ends a checkpoint half way.
  }
  EXPECT_EQ(bytes(path), before);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

TEST_F(CheckpointFile, AMissingDirectoryIsALocatedIoError) {
  const std::string path = (dir_ / "gone" / "a.ckpt").string();
  try {
    sim::CheckpointWriter out(path);
    FAIL() << "created a checkpoint in a missing directory";
  } catch (const sim::InputError& e) {
    EXPECT_EQ(e.kind(), sim::InputKind::kIo);
    EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
        << e.what();
  }
}

}  // namespace
