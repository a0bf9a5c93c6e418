// End-to-end tests of `aidivide recover`: runs killed with SIGKILL after a flush become files whose
// records are a prefix of the uninterrupted run, records past the last complete one are cut, the
// part file is never changed, and bad input is refused. The long kill loop is scripts/kill-loop.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "models/run_data.hpp"
#include "sim/h5_compare.hpp"
#include "sim/h5_handle.hpp"
#include "sim/h5_reader.hpp"
#include "sim/nc_writer.hpp"
#include "tests/app/cli_fixture.hpp"

namespace fs = std::filesystem;

namespace {

using testing_cli::kBin;
using testing_cli::kSource;
using testing_cli::Result;
using testing_cli::slurp;

// Four records per flush, so the tiny scenario's 36 records are flushed in nine groups.
constexpr int kChunk = 4;
const std::string kRunOptions = " --quiet --threads 1 --seed 3 --set output.chunk_records=4";

class Recover : public testing_cli::CommandTest {
 protected:
  // The uninterrupted run of the same scenario and seed.
  fs::path reference() {
    const fs::path full = dir_ / "full.h5";
    const Result r =
        run("run " + kSource + "/scenarios/tiny.yaml" + kRunOptions + " -o " + full.string());
    EXPECT_EQ(r.status, 0) << r.err;
    return full;
  }

  // A small part file written by NcWriter and left unfinished (status running): `records`
  // records of `kChunk` per chunk, each series holding the record index.
  fs::path unfinished_part(const std::string& name, int records) {
    const fs::path out = dir_ / name;
    {
      sim::NcWriter writer(out.string(), sim::NcWriterOptions{kChunk, 1});
      writer.set_attr("source", "aidivide test");
      writer.add_time_dimension("days since 2023-01-01");
      writer.add_string_dimension("country", {"USA", "IND"}, {"", "country", "ISO3"});
      const int world = writer.add_series("world", {}, sim::StoreType::kFloat64, {"1", "w", "w"});
      const int share =
          writer.add_series("share", {"country"}, sim::StoreType::kFloat32, {"1", "s", "s"});
      writer.start_swmr();
      for (int t = 0; t < records; ++t) {
        writer.begin_record(31.0 * t);
        writer.write(world, t);
        const std::vector<double> v = {1.0 * t, 2.0 * t};
        writer.write(share, v);
      }
      writer.flush();
    }
    return fs::path(out.string() + ".part");
  }
};

TEST_F(Recover, KilledRunsRecoverToAPrefixOfTheUninterruptedRun) {
  const fs::path full = reference();
  const int full_records = models::RunData(full.string()).records();
  ASSERT_EQ(full_records, 36);
  // A reader sees a group's time extent as soon as its writing starts, before the group is
  // flushed: once it sees the second group, the first is flushed. Killed then, and later.
  for (const int extra_ms : {0, 170}) {
    SCOPED_TRACE("killed " + std::to_string(extra_ms) + " ms after the first flush");
    const fs::path out = dir_ / ("killed_" + std::to_string(extra_ms) + ".h5");
    const std::string part = out.string() + ".part";
    const pid_t pid = testing_cli::start_slow_tiny_run(out.string(), 40);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (testing_cli::flushed_records(part) < 2 * kChunk &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(extra_ms));
    const long flushed = testing_cli::flushed_records(part) - kChunk;
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    int raw = 0;
    ASSERT_EQ(::waitpid(pid, &raw, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(raw) && WTERMSIG(raw) == SIGKILL) << "the run ended before the kill";
    ASSERT_GE(flushed, kChunk);
    ASSERT_FALSE(fs::exists(out)) << "a killed run must not leave a complete-looking file";
    ASSERT_TRUE(fs::exists(part));
    EXPECT_EQ(sim::H5Reader(part).attribute("status"), "running");

    const std::string part_bytes = slurp(part);
    const Result r = run("recover " + part);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(part), part_bytes) << "the part file must not change";
    ASSERT_TRUE(fs::exists(out)) << r.out;

    const models::RunData recovered(out.string());
    EXPECT_GE(recovered.records(), flushed) << "every flushed record is kept";
    EXPECT_GE(recovered.records(), kChunk);
    EXPECT_LT(recovered.records(), full_records);
    EXPECT_EQ(recovered.records() % kChunk, 0) << "records come in whole flushed groups";
    EXPECT_EQ(sim::H5Reader(out.string()).attribute("status"), "recovered");
    sim::CompareOptions prefix;
    prefix.prefix = true;
    const sim::CompareResult same = sim::compare_h5(out.string(), full.string(), prefix);
    EXPECT_TRUE(same.identical) << (same.differences.empty() ? "" : same.differences.front());
    // The command line's prefix rule agrees; without --prefix the shorter file differs.
    EXPECT_EQ(run("diff --prefix " + out.string() + " " + full.string()).status, 0);
    EXPECT_EQ(run("diff " + out.string() + " " + full.string()).status, 1);
    // Recovering again would replace the file: refused.
    const Result again = run("recover " + part);
    EXPECT_EQ(again.status, 2);
    EXPECT_NE(again.err.find("output file exists"), std::string::npos) << again.err;
  }
}

TEST_F(Recover, RecordsPastTheLastCompleteOneAreCut) {
  const fs::path part = unfinished_part("cut.h5", 2 * kChunk);
  {
    // As if the writer was killed in its next group: every extent grown and the time of the
    // new records written, but not the other variables' chunks.
    sim::H5Id file(H5Fopen(part.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    ASSERT_TRUE(file);
    const hsize_t grown[2] = {3 * kChunk, 2};
    for (const char* name : {"time", "world", "share"}) {
      sim::H5Id d(H5Dopen2(file.get(), name, H5P_DEFAULT));
      ASSERT_GE(H5Dset_extent(d.get(), grown), 0) << name;
    }
    sim::H5Id time(H5Dopen2(file.get(), "time", H5P_DEFAULT));
    const std::vector<double> days(3 * kChunk, 1.0);
    ASSERT_GE(H5Dwrite(time.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, days.data()),
              0);
  }
  const fs::path out = dir_ / "cut.h5";
  const Result r = run("recover " + part.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("recovered 8 records"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4 incomplete records"), std::string::npos) << r.out;
  const sim::H5Reader reader(out.string());
  for (const char* name : {"time", "world", "share"}) {
    EXPECT_EQ(reader.doubles(name).shape.front(), 2u * kChunk) << name;
  }
  EXPECT_EQ(reader.doubles("world").values.back(), 2 * kChunk - 1);
  EXPECT_EQ(reader.attribute("status"), "recovered");
}

TEST_F(Recover, ShortestVariableBoundsTheRecords) {
  const fs::path part = unfinished_part("short.h5", 2 * kChunk);
  {
    sim::H5Id file(H5Fopen(part.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    sim::H5Id world(H5Dopen2(file.get(), "world", H5P_DEFAULT));
    const hsize_t shorter = kChunk;
    ASSERT_GE(H5Dset_extent(world.get(), &shorter), 0);
  }
  const Result r = run("recover " + part.string() + " -o " + (dir_ / "chosen.h5").string());
  ASSERT_EQ(r.status, 0) << r.err;
  const sim::H5Reader reader((dir_ / "chosen.h5").string());
  for (const char* name : {"time", "world", "share"}) {
    EXPECT_EQ(reader.doubles(name).shape.front(), static_cast<std::size_t>(kChunk)) << name;
  }
}

TEST_F(Recover, BadInputRefused) {
  // Each refusal: exit 2, a message naming the file, and no output left behind.
  const auto refused = [&](const std::string& args, const std::string& message,
                           const fs::path& no_output) {
    SCOPED_TRACE(args);
    const Result r = run("recover " + args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    if (!no_output.empty()) {
      EXPECT_FALSE(fs::exists(no_output));
    }
    for (const auto& entry : fs::directory_iterator(dir_)) {
      EXPECT_EQ(entry.path().string().find(".recover-"), std::string::npos) << entry.path();
    }
  };
  refused((dir_ / "missing.h5.part").string(), "missing.h5.part: no such file",
          dir_ / "missing.h5");
  const fs::path text = write("text.h5.part", "status: running\n");
  refused(text.string(), "text.h5.part: not an HDF5 file", dir_ / "text.h5");

  const fs::path foreign = dir_ / "foreign.h5.part";
  {
    sim::H5Id file(H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    const hsize_t n = 3;
    sim::H5Id space(H5Screate_simple(1, &n, nullptr));
    sim::H5Id d(H5Dcreate2(file.get(), "x", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                           H5P_DEFAULT));
  }
  refused(foreign.string(), "not an aidivide run output", dir_ / "foreign.h5");

  const fs::path full = reference();
  const fs::path complete = dir_ / "complete.h5.part";
  fs::copy_file(full, complete);
  refused(complete.string(), "status: the run is finished", dir_ / "complete.h5");
  refused(complete.string(), "(got complete)", dir_ / "complete.h5");

  const fs::path part = unfinished_part("taken.h5", kChunk);
  write("taken.h5", "already here");
  refused(part.string(), "taken.h5: output file exists", {});
  EXPECT_EQ(slurp(dir_ / "taken.h5"), "already here");

  refused(part.string() + " -o " + (dir_ / "nowhere" / "out.h5").string(),
          "output directory does not exist", dir_ / "nowhere");
  refused(text.string() + "x", "does not end in .part", {});
  const Result usage = run("recover");
  EXPECT_EQ(usage.status, 2);
}

}  // namespace
