// Tests of the HDF5 copies a restart uses: attributes in creation order with their types and
// values, leading records copied as stored chunks or through the filters.
#include "sim/h5_copy.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/h5_handle.hpp"

namespace {

namespace fs = std::filesystem;
using sim::H5Id;

std::string temp_file(const std::string& name) {
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  return (fs::temp_directory_path() / ("aidivide_h5_copy_" + std::to_string(::getpid()) + "_" +
                                       std::to_string(stamp) + "_" + name))
      .string();
}

// A file (removed afterwards) whose attributes are listed in creation order, as run outputs are.
class File {
 public:
  explicit File(const std::string& name) : path_(temp_file(name)) {
    H5Id fcpl(H5Pcreate(H5P_FILE_CREATE));
    H5Pset_attr_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    id_ = H5Id(H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT));
    EXPECT_TRUE(id_.valid()) << path_;
  }
  ~File() {
    id_.reset();
    std::error_code ec;
    fs::remove(path_, ec);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  hid_t get() const { return id_.get(); }

 private:
  std::string path_;
  H5Id id_;
};

void put_string(hid_t object, const char* name, const char* value) {
  H5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  H5Id space(H5Screate(H5S_SCALAR));
  H5Id attr(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  ASSERT_GE(H5Awrite(attr.get(), type.get(), &value), 0);
}

template <typename T>
void put_numbers(hid_t object, const char* name, hid_t file_type, hid_t mem_type,
                 const std::vector<T>& values) {
  const hsize_t n = values.size();
  H5Id space(n == 1 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr));
  H5Id attr(H5Acreate2(object, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  ASSERT_GE(H5Awrite(attr.get(), mem_type, values.data()), 0);
}

herr_t collect_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

std::vector<std::string> names_in_creation_order(hid_t object) {
  std::vector<std::string> names;
  hsize_t index = 0;
  H5Aiterate2(object, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect_name, &names);
  return names;
}

std::string type_of(hid_t object, const char* name) {
  H5Id attr(H5Aopen(object, name, H5P_DEFAULT));
  H5Id type(H5Aget_type(attr.get()));
  return sim::datatype_name(type.get());
}

// A (records, 5) float64 dataset of `records` rows chunked 4 rows at a time, with shuffle and
// deflate when `filtered`; row r holds r * 10 + column.
H5Id make_records(hid_t file, const char* name, hsize_t records, bool filtered) {
  const std::vector<hsize_t> dims{records, 5}, max{H5S_UNLIMITED, 5}, chunk{4, 5};
  H5Id space(H5Screate_simple(2, dims.data(), max.data()));
  H5Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
  H5Pset_chunk(dcpl.get(), 2, chunk.data());
  if (filtered) {
    H5Pset_shuffle(dcpl.get());
    H5Pset_deflate(dcpl.get(), 1);
  }
  H5Id dataset(
      H5Dcreate2(file, name, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT));
  std::vector<double> values;
  for (hsize_t r = 0; r < records; ++r) {
    for (int c = 0; c < 5; ++c) values.push_back(static_cast<double>(r * 10 + c));
  }
  if (records > 0) {
    EXPECT_GE(
        H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        0);
  }
  return dataset;
}

std::vector<double> read_all(hid_t dataset, hsize_t& records) {
  H5Id space(H5Dget_space(dataset));
  std::vector<hsize_t> dims(2);
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  records = dims[0];
  std::vector<double> values(dims[0] * dims[1]);
  if (!values.empty()) {
    H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  }
  return values;
}

hsize_t stored_bytes(hid_t dataset, hsize_t first_record) {
  const std::vector<hsize_t> offset{first_record, 0};
  hsize_t bytes = 0;
  H5Dget_chunk_storage_size(dataset, offset.data(), &bytes);
  return bytes;
}

TEST(H5Copy, AttributesKeepTheirOrderTypesAndValues) {
  File from("from.h5");
  File to("to.h5");
  H5Id root(H5Gopen2(from.get(), "/", H5P_DEFAULT));
  // Names out of alphabetical order: the copy follows creation order, not names.
  put_string(root.get(), "status", "interrupted");
  put_numbers<std::int64_t>(root.get(), "seed", H5T_STD_I64LE, H5T_NATIVE_INT64, {-42});
  put_numbers<std::uint64_t>(root.get(), "bytes", H5T_STD_U64LE, H5T_NATIVE_UINT64,
                             {18446744073709551615ULL});
  put_numbers<double>(root.get(), "dt_years", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {1.0 / 12.0});
  put_numbers<std::int32_t>(root.get(), "levels", H5T_STD_I32BE, H5T_NATIVE_INT32, {1, 2, 3});
  put_string(root.get(), "Conventions", "CF-1.8");

  H5Id out(H5Gopen2(to.get(), "/", H5P_DEFAULT));
  ASSERT_TRUE(sim::copy_attributes(root.get(), out.get()));
  const std::vector<std::string> order{"status",   "seed",   "bytes",
                                       "dt_years", "levels", "Conventions"};
  EXPECT_EQ(names_in_creation_order(out.get()), order);
  for (const std::string& name : order) {
    SCOPED_TRACE(name);
    EXPECT_EQ(sim::attribute_text(out.get(), name), sim::attribute_text(root.get(), name));
    EXPECT_EQ(type_of(out.get(), name.c_str()), type_of(root.get(), name.c_str()));
  }
  EXPECT_EQ(sim::attribute_text(out.get(), "levels"), "[1, 2, 3]");
  EXPECT_EQ(sim::attribute_text(out.get(), "bytes"), "18446744073709551615");
}

TEST(H5Copy, AnAttributeThatExistsAlreadyFailsTheCopy) {
  File from("from.h5");
  File to("to.h5");
  H5Id root(H5Gopen2(from.get(), "/", H5P_DEFAULT));
  H5Id out(H5Gopen2(to.get(), "/", H5P_DEFAULT));
  put_string(root.get(), "status", "interrupted");
  put_string(out.get(), "status", "running");
  sim::QuietHdf5Errors quiet;
  EXPECT_FALSE(sim::copy_attributes(root.get(), out.get()));
}

TEST(H5Copy, LeadingRecordsAreCopiedAsStoredChunksAndTheRestThroughTheFilters) {
  File from("from.h5");
  File to("to.h5");
  H5Id source = make_records(from.get(), "x", 11, true);
  H5Id copy = make_records(to.get(), "x", 0, true);
  // Seven records: chunk 0 whole (copied as stored), chunk 1 partial (3 of its 4 rows).
  ASSERT_TRUE(sim::copy_leading_records(source.get(), copy.get(), 7));
  hsize_t records = 0;
  const std::vector<double> values = read_all(copy.get(), records);
  EXPECT_EQ(records, 7U);
  std::vector<double> expected;
  for (int r = 0; r < 7; ++r) {
    for (int c = 0; c < 5; ++c) expected.push_back(r * 10 + c);
  }
  EXPECT_EQ(values, expected);
  EXPECT_EQ(stored_bytes(copy.get(), 0), stored_bytes(source.get(), 0));
  EXPECT_GT(stored_bytes(copy.get(), 4), 0U);
}

TEST(H5Copy, OtherFiltersAreCopiedThroughHdf5) {
  File from("from.h5");
  File to("to.h5");
  H5Id source = make_records(from.get(), "x", 9, true);
  H5Id copy = make_records(to.get(), "x", 0, false);
  ASSERT_TRUE(sim::copy_leading_records(source.get(), copy.get(), 8));
  hsize_t records = 0;
  const std::vector<double> values = read_all(copy.get(), records);
  ASSERT_EQ(records, 8U);
  EXPECT_EQ(values[7 * 5 + 4], 74.0);
  // Unfiltered: a whole chunk takes its raw size, not the compressed size of the source.
  EXPECT_EQ(stored_bytes(copy.get(), 0), 4U * 5U * sizeof(double));
}

TEST(H5Copy, NoRecordsAndTooManyRecords) {
  File from("from.h5");
  File to("to.h5");
  H5Id source = make_records(from.get(), "x", 3, true);
  H5Id copy = make_records(to.get(), "x", 0, true);
  ASSERT_TRUE(sim::copy_leading_records(source.get(), copy.get(), 0));
  hsize_t records = 1;
  read_all(copy.get(), records);
  EXPECT_EQ(records, 0U);
  sim::QuietHdf5Errors quiet;
  EXPECT_FALSE(sim::copy_leading_records(source.get(), copy.get(), 4));
}

}  // namespace
