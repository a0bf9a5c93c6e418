// Copies between HDF5 files: attributes in creation order, leading records chunk by chunk.
#include "sim/h5_copy.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "sim/h5_handle.hpp"

namespace sim {

namespace {

// One attribute with its stored type, shape and value.
bool copy_attribute(hid_t from, hid_t to, const char* name) {
  H5Id attr(H5Aopen(from, name, H5P_DEFAULT));
  if (!attr) return false;
  H5Id type(H5Aget_type(attr.get()));
  H5Id space(H5Aget_space(attr.get()));
  const hssize_t points = space ? H5Sget_simple_extent_npoints(space.get()) : -1;
  if (!type || points < 0) return false;
  const auto n = static_cast<std::size_t>(points);
  H5Id out(H5Acreate2(to, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!out) return false;
  if (H5Tis_variable_str(type.get()) > 0) {
    std::vector<char*> strings(n, nullptr);
    if (H5Aread(attr.get(), type.get(), strings.data()) < 0) return false;
    const bool written = H5Awrite(out.get(), type.get(), strings.data()) >= 0;
    H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, strings.data());
    return written && out.close();
  }
  // References and other variable-length data would point into `from`; run outputs hold none.
  if (H5Tdetect_class(type.get(), H5T_VLEN) != 0 || H5Tget_class(type.get()) == H5T_REFERENCE) {
    return false;
  }
  // Fixed-size values are copied as stored: the file type read into memory converts nothing.
  std::vector<std::uint8_t> bytes(n * H5Tget_size(type.get()));
  return H5Aread(attr.get(), type.get(), bytes.data()) >= 0 &&
         H5Awrite(out.get(), type.get(), bytes.data()) >= 0 && out.close();
}

struct CopyTarget {
  hid_t to;
  bool ok = true;
};

herr_t copy_attribute_visit(hid_t from, const char* name, const H5A_info_t*, void* data) {
  auto* target = static_cast<CopyTarget*>(data);
  target->ok = copy_attribute(from, target->to, name);
  return target->ok ? 0 : -1;
}

// True when both creation property lists hold the same filters with the same parameters, so
// that a chunk stored by one is a valid chunk of the other.
bool same_filters(hid_t a, hid_t b) {
  const int n = H5Pget_nfilters(a);
  if (n < 0 || n != H5Pget_nfilters(b)) return false;
  for (int i = 0; i < n; ++i) {
    std::array<unsigned, 8> values_a{}, values_b{};
    std::size_t count_a = values_a.size(), count_b = values_b.size();
    unsigned flags_a = 0, flags_b = 0;
    const H5Z_filter_t id_a = H5Pget_filter2(a, static_cast<unsigned>(i), &flags_a, &count_a,
                                             values_a.data(), 0, nullptr, nullptr);
    const H5Z_filter_t id_b = H5Pget_filter2(b, static_cast<unsigned>(i), &flags_b, &count_b,
                                             values_b.data(), 0, nullptr, nullptr);
    if (id_a < 0 || id_a != id_b || count_a != count_b || count_a > values_a.size() ||
        values_a != values_b) {
      return false;
    }
  }
  return true;
}

// The shape of a chunked dataset and of its chunks.
struct ChunkedShape {
  std::vector<hsize_t> dims, chunk;
};

bool chunked_shape(hid_t dataset, hid_t dcpl, ChunkedShape& shape) {
  H5Id space(H5Dget_space(dataset));
  const int rank = space ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank < 1) return false;
  shape.dims.assign(static_cast<std::size_t>(rank), 0);
  shape.chunk.assign(static_cast<std::size_t>(rank), 0);
  return H5Sget_simple_extent_dims(space.get(), shape.dims.data(), nullptr) == rank &&
         H5Pget_chunk(dcpl, rank, shape.chunk.data()) == rank;
}

// Entries [first, first + n) along axis 0, read and written through HDF5 (and its filters).
bool copy_slab(hid_t from, hid_t to, const ChunkedShape& shape, hsize_t first, hsize_t n) {
  H5Id file_type(H5Dget_type(from));
  H5Id mem_type(file_type ? H5Tget_native_type(file_type.get(), H5T_DIR_DEFAULT) : H5I_INVALID_HID);
  if (!mem_type) return false;
  std::vector<hsize_t> start(shape.dims.size(), 0), count = shape.dims;
  start[0] = first;
  count[0] = n;
  std::size_t values = 1;
  for (const hsize_t c : count) values *= static_cast<std::size_t>(c);
  std::vector<std::uint8_t> buffer(values * H5Tget_size(mem_type.get()));
  const int rank = static_cast<int>(count.size());
  H5Id mem_space(H5Screate_simple(rank, count.data(), nullptr));
  H5Id from_space(H5Dget_space(from));
  H5Id to_space(H5Dget_space(to));
  return mem_space && from_space && to_space &&
         H5Sselect_hyperslab(from_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                             nullptr) >= 0 &&
         H5Sselect_hyperslab(to_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                             nullptr) >= 0 &&
         H5Dread(from, mem_type.get(), mem_space.get(), from_space.get(), H5P_DEFAULT,
                 buffer.data()) >= 0 &&
         H5Dwrite(to, mem_type.get(), mem_space.get(), to_space.get(), H5P_DEFAULT,
                  buffer.data()) >= 0;
}

// The chunk at `offset` as stored; false when `from` has no such chunk or on an error.
bool copy_raw_chunk(hid_t from, hid_t to, const std::vector<hsize_t>& offset,
                    std::vector<std::uint8_t>& buffer) {
  hsize_t bytes = 0;
  if (H5Dget_chunk_storage_size(from, offset.data(), &bytes) < 0 || bytes == 0) return false;
  buffer.resize(static_cast<std::size_t>(bytes));
  std::uint32_t filter_mask = 0;
  return H5Dread_chunk(from, H5P_DEFAULT, offset.data(), &filter_mask, buffer.data()) >= 0 &&
         H5Dwrite_chunk(to, H5P_DEFAULT, filter_mask, offset.data(), buffer.size(),
                        buffer.data()) >= 0;
}

}  // namespace

bool copy_attributes(hid_t from, hid_t to) {
  CopyTarget target{to};
  hsize_t index = 0;
  const herr_t status =
      H5Aiterate2(from, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, copy_attribute_visit, &target);
  return status >= 0 && target.ok;
}

bool copy_leading_records(hid_t from, hid_t to, hsize_t records) {
  H5Id from_dcpl(H5Dget_create_plist(from));
  H5Id to_dcpl(H5Dget_create_plist(to));
  ChunkedShape shape;
  if (!from_dcpl || !to_dcpl || !chunked_shape(from, from_dcpl.get(), shape) ||
      shape.dims[0] < records) {
    return false;
  }
  std::vector<hsize_t> extent = shape.dims;
  extent[0] = records;
  if (H5Dset_extent(to, extent.data()) < 0) return false;
  // Raw copies need chunks that hold whole entries along axis 0 (as a run output's do).
  bool raw = same_filters(from_dcpl.get(), to_dcpl.get());
  for (std::size_t axis = 1; axis < shape.dims.size(); ++axis) {
    raw = raw && shape.chunk[axis] == shape.dims[axis];
  }
  const hsize_t per_chunk = shape.chunk[0];
  std::vector<hsize_t> offset(shape.dims.size(), 0);
  std::vector<std::uint8_t> buffer;
  for (hsize_t first = 0; first < records; first += per_chunk) {
    const hsize_t n = std::min(per_chunk, records - first);
    offset[0] = first;
    // A chunk the file does not hold (never the case for written records) goes through HDF5.
    if (raw && n == per_chunk && copy_raw_chunk(from, to, offset, buffer)) continue;
    if (!copy_slab(from, to, shape, first, n)) return false;
  }
  return true;
}

}  // namespace sim
