// What the end-to-end tests of the aidivide command share: a fresh temporary directory per test,
// running the built binary with its output captured, and writing input files.
#pragma once

#include <gtest/gtest.h>
#include <hdf5.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/h5_handle.hpp"

extern char** environ;

namespace testing_cli {

namespace fs = std::filesystem;

inline const std::string kBin = AIDIVIDE_BINARY;
inline const std::string kSource = AIDIVIDE_SOURCE_DIR;

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Starts `aidivide ARGS...` in the background, with `env` ("NAME=value") added to the
// environment; returns its pid for kill() and waitpid().
inline pid_t spawn(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), kBin);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text = env;
  for (char** e = environ; *e != nullptr; ++e) env_text.emplace_back(*e);
  std::vector<char*> envp;
  for (std::string& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(::posix_spawn(&pid, kBin.c_str(), nullptr, nullptr, argv.data(), envp.data()), 0);
  return pid;
}

// The tiny scenario (seed 3, 4 records a chunk) into `out` in the background, paused `delay_ms`
// after each record by the test-only AIDIVIDE_TEST_TICK_DELAY_MS, for kill and signal tests.
inline pid_t start_slow_tiny_run(const std::string& out, int delay_ms,
                                 const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {
      "run",   kSource + "/scenarios/tiny.yaml", "--quiet", "--threads", "1", "--seed", "3",
      "--set", "output.chunk_records=4",         "-o",      out};
  args.insert(args.end(), extra.begin(), extra.end());
  return spawn(args, {"AIDIVIDE_TEST_TICK_DELAY_MS=" + std::to_string(delay_ms)});
}

// Length of the time axis of a running writer's part file (SWMR read); -1 while unreadable. The
// writer extends time first when it writes a group: the groups before the last one are flushed.
inline long flushed_records(const std::string& part) {
  sim::QuietHdf5Errors quiet;
  sim::H5Id file(H5Fopen(part.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, H5P_DEFAULT));
  if (!file) return -1;
  sim::H5Id time(H5Dopen2(file.get(), "time", H5P_DEFAULT));
  if (!time) return -1;
  sim::H5Id space(H5Dget_space(time.get()));
  const auto dims = sim::dataspace_dims(space.get());
  return dims.size() == 1 ? static_cast<long>(dims[0]) : -1;
}

struct Result {
  int status;
  std::string out, err;
};

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aidivide_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `aidivide ARGS`; the exit status (-1 when killed by a signal), stdout and stderr.
  Result run(const std::string& args) {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = kBin + " " + args + " >" + out.string() + " 2>" + err.string();
    const int raw = std::system(cmd.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
  }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }

  fs::path dir_;
};

}  // namespace testing_cli
