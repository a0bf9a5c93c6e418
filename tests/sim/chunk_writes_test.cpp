// Tests of NcWriter's direct chunk writes: HDF5's own filters read back every value, with
// partial chunks, flushes in the middle of a chunk and chunks capped below chunk_records.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/chunk_codec.hpp"
#include "sim/h5_handle.hpp"
#include "sim/nc_writer.hpp"

namespace {

namespace fs = std::filesystem;
using sim::H5Id;

std::string temp_file(const std::string& name) {
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  return (fs::temp_directory_path() / ("aidivide_chunks_" + std::to_string(::getpid()) + "_" +
                                       std::to_string(stamp) + "_" + name))
      .string();
}

double value(int record, int i) { return record * 1000.0 + i + 0.25; }

// Writes `records` records of a float64 series over `cells`, a float32 and an int32 series over
// 3 countries; flushes after record `flush_after` (none when negative).
void write(const std::string& path, sim::NcWriterOptions options, int records, int cells,
           int flush_after) {
  sim::NcWriter w(path, options);
  w.add_time_dimension("days since 2023-01-01");
  w.add_dimension("cell", static_cast<std::size_t>(cells));
  w.add_string_dimension("country", {"USA", "IND", "NGA"}, {});
  const int f64 = w.add_series("f64", {"cell"}, sim::StoreType::kFloat64, {});
  const int f32 = w.add_series("f32", {"country"}, sim::StoreType::kFloat32, {});
  const int i32 = w.add_series("i32", {"country"}, sim::StoreType::kInt32, {});
  w.start_swmr();
  std::vector<double> big(static_cast<std::size_t>(cells)), small(3);
  for (int r = 0; r < records; ++r) {
    w.begin_record(r);
    for (int i = 0; i < cells; ++i) big[static_cast<std::size_t>(i)] = value(r, i);
    for (int i = 0; i < 3; ++i) small[static_cast<std::size_t>(i)] = value(r, i);
    w.write(f64, big);
    w.write(f32, small);
    for (int i = 0; i < 3; ++i) small[static_cast<std::size_t>(i)] = r * 10 + i;
    w.write(i32, small);
    if (r == flush_after) w.flush();
  }
  w.finish("complete");
}

template <typename T>
std::vector<T> read(const std::string& path, const char* name, hid_t mem_type,
                    std::vector<hsize_t>& dims) {
  H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  H5Id ds(H5Dopen2(file.get(), name, H5P_DEFAULT));
  H5Id space(H5Dget_space(ds.get()));
  dims.assign(2, 0);
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  std::vector<T> out(dims[0] * dims[1]);
  EXPECT_GE(H5Dread(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), 0);
  return out;
}

void expect_round_trip(sim::NcWriterOptions options, int records, int cells, int flush_after) {
  const std::string path = temp_file("rt.h5");
  write(path, options, records, cells, flush_after);
  std::vector<hsize_t> dims;
  const auto f64 = read<double>(path, "f64", H5T_NATIVE_DOUBLE, dims);
  ASSERT_EQ(dims[0], static_cast<hsize_t>(records));
  for (int r = 0; r < records; ++r) {
    for (int i = 0; i < cells; ++i) {
      ASSERT_EQ(f64[static_cast<std::size_t>(r * cells + i)], value(r, i)) << r << " " << i;
    }
  }
  const auto f32 = read<float>(path, "f32", H5T_NATIVE_FLOAT, dims);
  const auto i32 = read<std::int32_t>(path, "i32", H5T_NATIVE_INT32, dims);
  for (int r = 0; r < records; ++r) {
    for (int i = 0; i < 3; ++i) {
      ASSERT_EQ(f32[static_cast<std::size_t>(r * 3 + i)], static_cast<float>(value(r, i)));
      ASSERT_EQ(i32[static_cast<std::size_t>(r * 3 + i)], r * 10 + i);
    }
  }
  fs::remove(path);
}

TEST(ChunkWrites, WholeAndPartialChunksReadBack) { expect_round_trip({5, 1}, 13, 7, -1); }

TEST(ChunkWrites, FlushInsideAChunkReadsBack) { expect_round_trip({5, 1}, 13, 7, 6); }

TEST(ChunkWrites, AFlushInsideAChunkIsFollowedByAWriteToTheChunksEnd) {
  // After a flush after record 5 of 4-record chunks, the next write ends at record 8, the chunk's
  // end, not a whole buffer later: the writes then store whole chunks again instead of rewriting
  // every chunk from then on (each rewrite leaves the chunk's older copy as dead space).
  const std::string path = temp_file("realign.h5");
  {
    sim::NcWriter w(path, {4, 1});
    w.add_time_dimension("days since 2023-01-01");
    w.add_string_dimension("country", {"USA", "IND", "NGA"}, {});
    const int series = w.add_series("x", {"country"}, sim::StoreType::kFloat64, {});
    w.start_swmr();
    const std::vector<double> values{1, 2, 3};
    auto record = [&](int r) {
      w.begin_record(r);
      w.write(series, values);
    };
    for (int r = 0; r < 5; ++r) record(r);
    w.flush();
    EXPECT_EQ(w.records_written(), 5);
    for (int r = 5; r < 8; ++r) record(r);
    EXPECT_EQ(w.records_written(), 5);
    record(8);
    EXPECT_EQ(w.records_written(), 8);
    for (int r = 9; r < 13; ++r) record(r);
    EXPECT_EQ(w.records_written(), 12);
    w.finish("complete");
  }
  fs::remove(path);
}

TEST(ChunkWrites, UncompressedChunksReadBack) { expect_round_trip({5, 0}, 13, 7, 6); }

TEST(ChunkWrites, HigherLevelReadsBack) { expect_round_trip({4, 9}, 9, 7, -1); }

TEST(ChunkWrites, CappedChunksHoldOneRecordEach) {
  // 140000 float64 values per record exceed the 1 MiB chunk cap: one record per chunk, several
  // chunks per buffered block.
  expect_round_trip({3, 1}, 7, 140000, -1);
}

TEST(ChunkWrites, ShuffleGroupsBytesBySignificance) {
  const std::vector<std::uint8_t> in = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<std::uint8_t> out(8);
  sim::shuffle_bytes(in, 4, out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{1, 5, 2, 6, 3, 7, 4, 8}));
}

}  // namespace
