// End-to-end tests of `aidivide run` when the disk fails it: a full file system (a small tmpfs,
// which needs root and mount), the file size limit (needs neither), an output directory that
// vanishes or becomes a file during the run, and a read-only output directory. A failure ends
// with exit status 1 and one line `aidivide: OUT.h5.part: what failed: OS reason`, never a crash,
// never an OUT.h5; the part file left behind is one that `aidivide recover` reads.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sim/h5_handle.hpp"
#include "tests/app/cli_fixture.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace {

using testing_cli::kBin;
using testing_cli::kSource;
using testing_cli::Result;
using testing_cli::slurp;

const std::string kTiny = kSource + "/scenarios/tiny.yaml";

struct Spawn {
  std::vector<std::string> env;     // extra NAME=VALUE entries
  std::optional<rlim_t> file_size;  // RLIMIT_FSIZE in bytes
};

class RunDisk : public testing_cli::CommandTest {
 protected:
  void TearDown() override {
    // Unmount before the base class removes the directory, whatever the test did.
    for (const fs::path& m : mounts_) ::umount2(m.c_str(), MNT_DETACH);
    testing_cli::CommandTest::TearDown();
  }

  // Mounts a tmpfs of `bytes` at dir_/NAME; the reason when that is impossible here.
  std::optional<std::string> mount_tmpfs(const std::string& name, std::uintmax_t bytes,
                                         bool read_only = false) {
    if (::geteuid() != 0) return "needs root to mount a tmpfs";
    const fs::path m = dir_ / name;
    fs::create_directories(m);
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0755";
    if (::mount("tmpfs", m.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, options.c_str()) != 0) {
      return std::string("mount tmpfs failed: ") + std::strerror(errno);
    }
    mounts_.push_back(m);
    return std::nullopt;
  }

  void unmount(const fs::path& m) {
    ASSERT_EQ(::umount2(m.c_str(), 0), 0) << std::strerror(errno);
    std::erase(mounts_, m);
  }

  // Starts `aidivide ARGS` with stdout and stderr going to files in dir_.
  pid_t spawn(const std::vector<std::string>& args, const Spawn& how = {}) {
    std::vector<std::string> argv_text = {kBin};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text = how.env;
    for (char** e = environ; *e != nullptr; ++e) env_text.emplace_back(*e);
    std::vector<char*> envp;
    for (std::string& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string out = (dir_ / "stdout.txt").string(), err = (dir_ / "stderr.txt").string();
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(126);
      if (how.file_size) {
        // The default action, which kills: aidivide itself ignores SIGXFSZ, so that a write past
        // the limit fails with EFBIG ("File too large").
        ::signal(SIGXFSZ, SIG_DFL);
        const rlimit limit{*how.file_size, *how.file_size};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
      }
      ::execve(kBin.c_str(), argv.data(), envp.data());
      ::_exit(127);
    }
    return pid;
  }

  // Waits for `pid`; the exit status (-1 after a signal, e.g. a crash) and its output.
  Result wait(pid_t pid) {
    int raw = 0;
    EXPECT_EQ(::waitpid(pid, &raw, 0), pid);
    EXPECT_FALSE(WIFSIGNALED(raw)) << "killed by signal " << WTERMSIG(raw);
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(dir_ / "stdout.txt"),
            slurp(dir_ / "stderr.txt")};
  }

  Result run_tiny(const fs::path& out, const Spawn& how = {}) {
    return wait(spawn({"run", kTiny, "--quiet", "--threads", "1", "-o", out.string()}, how));
  }

  // Size of the complete output of the tiny scenario.
  std::uintmax_t complete_size() {
    const fs::path ref = dir_ / "reference.h5";
    const Result r = run_tiny(ref);
    EXPECT_EQ(r.status, 0) << r.err;
    return fs::exists(ref) ? fs::file_size(ref) : 0;
  }

  // The one-line failure message naming `part` and ending in the OS reason.
  static void expect_message(const Result& r, const fs::path& part, const std::string& reason) {
    const std::string head = "aidivide: " + part.string() + ": ";
    EXPECT_EQ(r.err.rfind(head, 0), 0u) << r.err;
    EXPECT_NE(r.err.find(": " + reason + "\n"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  }

  // Copies a failed run's part file out of `from` and recovers it; the number of records.
  long recover_copy(const fs::path& part) {
    const fs::path copy = dir_ / "copy" / part.filename();
    fs::create_directories(copy.parent_path());
    fs::remove(copy.parent_path() / copy.stem());
    fs::copy_file(part, copy, fs::copy_options::overwrite_existing);
    const Result r = run("recover " + copy.string());
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    const auto at = r.out.find("recovered ");
    fs::remove(copy);
    fs::remove(copy.parent_path() / copy.stem());
    return at == std::string::npos ? -1 : std::atol(r.out.c_str() + at + 10);
  }

  // Waits (generously: the machine may be loaded) until the running writer has flushed its first
  // group of records to `part`.
  static bool wait_for_records(const fs::path& part) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (testing_cli::flushed_records(part.string()) < 1) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  std::vector<fs::path> mounts_;
};

// A file system too small for the run, at sizes that make the first failing write come at the
// start, during the records and at the finish: every size gives either the complete file (status
// 0) or a clean failure, never a crash and never an OUT.h5 from a failed run.
TEST_F(RunDisk, FullDiskAtAnyPointFailsCleanly) {
  const std::uintmax_t complete = complete_size();
  ASSERT_GT(complete, 0u);
  constexpr std::uintmax_t kPage = 4096;
  const std::uintmax_t pages = (complete + kPage - 1) / kPage;
  std::vector<std::uintmax_t> sizes = {2 * kPage, 8 * kPage, pages / 2 * kPage,
                                       pages * 3 / 4 * kPage};
  // The last pages: the last group of records, the final attributes, the close.
  for (std::uintmax_t p = pages - 6; p <= pages + 2; ++p) sizes.push_back(p * kPage);
  sizes.push_back((pages + 16) * kPage);
  int failed = 0, failed_with_records = 0;
  for (const std::uintmax_t size : sizes) {
    SCOPED_TRACE("tmpfs of " + std::to_string(size) + " bytes for a " + std::to_string(complete) +
                 "-byte output");
    if (const auto why = mount_tmpfs("disk", size)) GTEST_SKIP() << *why;
    const fs::path disk = dir_ / "disk";
    const fs::path out = disk / "out.h5", part = disk / "out.h5.part";
    const Result r = run_tiny(out);
    if (r.status == 0) {
      EXPECT_TRUE(fs::exists(out));
      EXPECT_FALSE(fs::exists(part));
    } else {
      ++failed;
      EXPECT_FALSE(fs::exists(out)) << "a failed run left " << out;
      expect_message(r, part, "No space left on device");
      if (r.status == 1) {
        // Failed after the file was defined: the part file holds the records so far.
        ASSERT_TRUE(fs::exists(part));
        EXPECT_GE(recover_copy(part), 0);
        ++failed_with_records;
      } else {
        // Failed while the file was created or defined: reported as an I/O error of the output
        // (exit status 2, docs/RELIABILITY.md), and no output is left behind.
        EXPECT_EQ(r.status, 2) << r.err;
        EXPECT_FALSE(fs::exists(part)) << "a run that failed before its first record left a part";
      }
    }
    unmount(disk);
    if (HasFatalFailure()) return;
  }
  EXPECT_GE(failed, 3) << "the small sizes must fail";
  EXPECT_GE(failed_with_records, 1);
  EXPECT_TRUE(fs::exists(dir_ / "reference.h5"));
}

// The file size limit (RLIMIT_FSIZE; aidivide ignores SIGXFSZ) makes writes fail with EFBIG: the
// same paths as a full disk, without root. Half the complete size fails during the records.
TEST_F(RunDisk, FileSizeLimitFailsDuringRecords) {
  const std::uintmax_t complete = complete_size();
  ASSERT_GT(complete, 0u);
  const fs::path out = dir_ / "limited.h5", part = dir_ / "limited.h5.part";
  for (const std::uintmax_t limit : {complete / 2, complete * 3 / 4}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    const Result r = run_tiny(out, Spawn{{}, limit});
    EXPECT_EQ(r.status, 1) << r.err;
    expect_message(r, part, "File too large");
    EXPECT_FALSE(fs::exists(out));
    ASSERT_TRUE(fs::exists(part));
    EXPECT_GE(recover_copy(part), 0);
    fs::remove(part);
  }
}

// The output directory removed, or replaced by a file, while the run goes on: the run ends with
// status 1 naming the part file and the OS reason, and no OUT.h5 appears anywhere.
TEST_F(RunDisk, OutputDirectoryVanishesDuringTheRun) {
  for (const bool replace_by_file : {false, true}) {
    SCOPED_TRACE(replace_by_file ? "replaced by a file" : "removed");
    const fs::path out_dir = dir_ / "out";
    fs::create_directories(out_dir);
    const fs::path out = out_dir / "run.h5", part = out_dir / "run.h5.part";
    const pid_t pid = spawn({"run", kTiny, "--quiet", "--threads", "1", "--set",
                             "output.chunk_records=4", "-o", out.string()},
                            Spawn{{"AIDIVIDE_TEST_TICK_DELAY_MS=100"}, std::nullopt});
    // 36 records at 100 ms or more each, flushed 4 at a time: at least three seconds of the run
    // are left after the first flush, for a reader on a loaded machine to see it.
    const bool appeared = wait_for_records(part);
    fs::remove_all(out_dir);
    if (replace_by_file) std::ofstream(out_dir) << "not a directory\n";
    const Result r = wait(pid);
    ASSERT_TRUE(appeared);
    EXPECT_EQ(r.status, 1) << r.err;
    expect_message(r, part, replace_by_file ? "Not a directory" : "No such file or directory");
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(part));
    EXPECT_EQ(fs::is_regular_file(out_dir), replace_by_file);
    fs::remove_all(out_dir);
  }
}

// The rename at the finish fails (OUT.h5 is a directory): status 1 with the OS reason, and the part
// file, complete otherwise, says "failed".
TEST_F(RunDisk, RenameFailureAtTheFinishMarksThePartFailed) {
  const fs::path out = dir_ / "out.h5", part = dir_ / "out.h5.part";
  // A directory already there is refused before tick 0 (Cli.AnOutputPathThatIsADirectory...):
  // this one appears while the run goes on, slowed down until it does.
  Spawn slow;
  slow.env = {"AIDIVIDE_TEST_TICK_DELAY_MS=20"};
  const pid_t pid = spawn({"run", kTiny, "--quiet", "--threads", "1", "-o", out.string()}, slow);
  for (int i = 0; i < 12000 && !fs::exists(part); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  fs::create_directories(out / "in_the_way");
  const Result r = wait(pid);
  EXPECT_EQ(r.status, 1) << r.err;
  expect_message(r, part, "Is a directory");
  EXPECT_TRUE(fs::is_directory(out));
  const Result info = run("info " + part.string());
  EXPECT_EQ(info.status, 0) << info.err;
  EXPECT_NE(info.out.find("failed"), std::string::npos) << info.out;
}

// A read-only output directory is refused before tick 0, with nothing written (the directory
// that does not exist is Cli.UnwritableOutputPathRefused). As root, only a read-only file system
// denies writing, hence the mount.
TEST_F(RunDisk, ReadOnlyOutputDirectoryRefused) {
  if (const auto why = mount_tmpfs("ro", 1 << 20, true)) GTEST_SKIP() << *why;
  const fs::path out = dir_ / "ro" / "out.h5";
  const Result r = run_tiny(out);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("aidivide: " + out.string() + ": output directory is not writable"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
}

}  // namespace
