// Writes run output as netCDF-4-compatible HDF5: named dims, record buffer, SWMR, atomic finish.
#include "sim/nc_writer.hpp"

#include <hdf5_hl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <system_error>

#include "sim/chunk_codec.hpp"
#include "sim/error.hpp"
#include "sim/fsync.hpp"
#include "sim/h5_copy.hpp"

namespace sim {

namespace {

// netCDF-C's marker for a dimension scale that has no coordinate values; the dimension length is
// appended as "%10d", exactly as netCDF-C and h5netcdf spell it.
constexpr const char* kDimWithoutVariable = "This is a netCDF dimension but not a netCDF variable.";
// HDF5 chunks above ~1 MiB defeat the default chunk cache; records per chunk shrink to stay below.
constexpr std::size_t kMaxChunkBytes = 1024 * 1024;
// netCDF's default int fill (NC_FILL_INT), so netCDF readers recognise unwritten int32 values.
constexpr std::int32_t kFillInt32 = -2147483647;
constexpr const char* kTimeName = "time";

std::size_t store_size(StoreType type) {
  switch (type) {
    case StoreType::kFloat64:
      return 8;
    case StoreType::kFloat32:
    case StoreType::kInt32:
      return 4;
  }
  return 8;
}

hid_t store_file_type(StoreType type) {
  switch (type) {
    case StoreType::kFloat64:
      return H5T_IEEE_F64LE;
    case StoreType::kFloat32:
      return H5T_IEEE_F32LE;
    case StoreType::kInt32:
      return H5T_STD_I32LE;
  }
  return H5T_IEEE_F64LE;
}

hid_t store_mem_type(StoreType type) {
  switch (type) {
    case StoreType::kFloat64:
      return H5T_NATIVE_DOUBLE;
    case StoreType::kFloat32:
      return H5T_NATIVE_FLOAT;
    case StoreType::kInt32:
      return H5T_NATIVE_INT32;
  }
  return H5T_NATIVE_DOUBLE;
}

// Variable-length UTF-8 strings: fixed-length string variables crash xarray's netcdf4 engine.
H5Id vlen_utf8_type() {
  H5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

// Both the file and every object track creation order: netCDF-C lists variables, dimensions and
// attributes in creation order and refuses some operations on files that do not track it.
constexpr unsigned kCreationOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;

H5Id make_fapl() {
  H5Id fapl(H5Pcreate(H5P_FILE_ACCESS));
  // SWMR needs the 1.10 file format; pinning both bounds keeps the format stable across
  // HDF5 versions, so identical runs produce the same structures.
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110);
  return fapl;
}

// Writes `count` copies of `value` as bytes at `out` (a byte buffer holds no T objects to assign).
template <typename T>
void fill_bytes(std::uint8_t* out, std::size_t count, T value) {
  for (std::size_t i = 0; i < count; ++i) std::memcpy(out + i * sizeof(T), &value, sizeof(T));
}

// Writes `count` fill values of `type` at `out` (NaN for floats, kFillInt32 for int32).
void fill_records(StoreType type, std::uint8_t* out, std::size_t count) {
  if (type == StoreType::kFloat64) {
    fill_bytes(out, count, std::numeric_limits<double>::quiet_NaN());
  } else if (type == StoreType::kFloat32) {
    fill_bytes(out, count, std::numeric_limits<float>::quiet_NaN());
  } else {
    fill_bytes(out, count, kFillInt32);
  }
}

}  // namespace

NcWriter::NcWriter(std::string final_path, NcWriterOptions options)
    : final_path_(std::move(final_path)), options_(options) {
  if (options_.chunk_records < 1) {
    throw std::invalid_argument("NcWriter: chunk_records must be >= 1");
  }
  if (options_.compression < 0 || options_.compression > 9) {
    throw std::invalid_argument("NcWriter: compression must be 0..9");
  }
  QuietHdf5Errors quiet;
  H5Id fcpl(H5Pcreate(H5P_FILE_CREATE));
  H5Pset_link_creation_order(fcpl.get(), kCreationOrder);
  H5Pset_attr_creation_order(fcpl.get(), kCreationOrder);
  // No timestamps in object headers: identical runs must give identical files.
  H5Pset_obj_track_times(fcpl.get(), false);
  H5Id fapl = make_fapl();
  const std::string part = part_path();
  auto fail_open = [](const std::string& path, const std::string& what) {
    const std::string reason = hdf5_error_reason();
    throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, "",
                     what + (reason.empty() ? "" : ": " + reason));
  };
  if (appending()) {
    source_ = H5Id(H5Fopen(part.c_str(), H5F_ACC_RDONLY, fapl.get()));
    if (!source_) fail_open(part, "cannot open output file to continue it");
    // A copy a crashed restart left behind is replaced.
    file_ = H5Id(H5Fcreate(copy_path().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()));
    if (!file_) {
      source_.reset();
      fail_open(copy_path(), "cannot create the copy of the output file to continue in");
    }
  } else {
    file_ = H5Id(H5Fcreate(part.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()));
    if (!file_) fail_open(part, "cannot create output file");
  }
  try {
    // The continued file's attributes come first, in their order; status is the first of them.
    if (appending() && !copy_attributes(source_.get(), file_.get())) {
      throw_io("cannot copy the global attributes");
    }
    write_string_attr(file_.get(), "status", "running");
  } catch (...) {
    if (appending()) {
      discard_copy();
    } else {
      abandon();
    }
    throw;
  }
}

NcWriter::~NcWriter() {
  if (phase_ == Phase::kDefine && appending()) {
    discard_copy();
  } else if (phase_ == Phase::kDefine || phase_ == Phase::kSwmr) {
    close_handles();
  }
}

void NcWriter::throw_io(const std::string& what) const {
  const std::string reason = hdf5_error_reason();
  // An operating-system error on the file (a full disk, the file size limit, an I/O error) leaves
  // HDF5 with metadata it can never write. HDF5 1.10 then fails the file's close, frees the file
  // but keeps its identifier, and crashes when the library shuts down at exit. So the file's
  // descriptor is first pointed at an anonymous memory file: later flushes and the close write
  // there and succeed. The part file on disk stays as the failed write left it, like a killed
  // run's, which `aidivide recover` reads.
  // After a failed metadata flush, HDF5 1.10.8 refuses every later flush and close of the file
  // ("slist already enabled?"), memory file or not. Then the process ends with its exit status
  // before HDF5's own exit handler (registered earlier, so run later) touches the freed file.
  bool os_error = false;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned, const H5E_error2_t* err, void* data) -> herr_t {
        // The sec2 driver's messages carry the errno ("..., errno = 28, error message = ...").
        if (err->desc != nullptr && std::strstr(err->desc, "errno = ") != nullptr) {
          *static_cast<bool*>(data) = true;
        }
        return 0;
      },
      &os_error);
  if (os_error && file_) {
    QuietHdf5Errors quiet;
    void* handle = nullptr;
    if (H5Fget_vfd_handle(file_.get(), H5P_DEFAULT, &handle) >= 0 && handle != nullptr) {
      const int memory = ::memfd_create("aidivide-detached", MFD_CLOEXEC);
      if (memory >= 0) {
        ::dup2(memory, *static_cast<int*>(handle));
        ::close(memory);
      }
    }
    if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) {
      static const bool kExitEarly = ::on_exit(
                                         [](int status, void*) {
                                           std::fflush(nullptr);
                                           ::_exit(status);
                                         },
                                         nullptr) == 0;
      static_cast<void>(kExitEarly);
    }
  }
  throw InputError(InputKind::kIo, SourceLocation{part_path(), 0, 0}, "",
                   what + (reason.empty() ? "" : ": " + reason));
}

void NcWriter::require_phase(Phase phase, const char* operation) const {
  if (phase_ != phase) {
    throw std::logic_error(
        std::string("NcWriter::") + operation +
        (phase == Phase::kDefine ? " must come before start_swmr()" : " needs start_swmr() first"));
  }
}

const NcWriter::Dimension& NcWriter::find_dimension(const std::string& name) const {
  for (const Dimension& dim : dims_) {
    if (dim.name == name) return dim;
  }
  throw std::invalid_argument("NcWriter: unknown dimension '" + name + "'");
}

// ---------------------------------------------------------------- attributes

void NcWriter::write_attr(hid_t object, const std::string& name, const AttrValue& value) {
  QuietHdf5Errors quiet;
  H5Id space(H5Screate(H5S_SCALAR));
  H5Id vlen = vlen_utf8_type();
  hid_t file_type = vlen.get();
  hid_t mem_type = file_type;  // strings: the memory type is the file type; numbers set both
  const void* data = nullptr;
  const char* text = value.text.c_str();
  switch (value.kind) {
    case AttrValue::Kind::kString:
      data = &text;
      break;
    case AttrValue::Kind::kInt64:
      file_type = H5T_STD_I64LE;
      mem_type = H5T_NATIVE_INT64;
      data = &value.i64;
      break;
    case AttrValue::Kind::kUInt64:
      file_type = H5T_STD_U64LE;
      mem_type = H5T_NATIVE_UINT64;
      data = &value.u64;
      break;
    case AttrValue::Kind::kDouble:
      file_type = H5T_IEEE_F64LE;
      mem_type = H5T_NATIVE_DOUBLE;
      data = &value.f64;
      break;
  }
  H5Id attr;
  if (H5Aexists(object, name.c_str()) > 0) {
    // Same type: overwrite in place so the attribute keeps its creation-order position (status
    // stays first); otherwise replace it.
    attr = H5Id(H5Aopen(object, name.c_str(), H5P_DEFAULT));
    H5Id old_type(attr ? H5Aget_type(attr.get()) : H5I_INVALID_HID);
    if (!old_type || H5Tequal(old_type.get(), file_type) <= 0) {
      attr.reset();
      if (H5Adelete(object, name.c_str()) < 0) throw_io("cannot replace attribute '" + name + "'");
    }
  }
  if (!attr) {
    attr = H5Id(H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  }
  if (!attr || H5Awrite(attr.get(), mem_type, data) < 0) {
    throw_io("cannot write attribute '" + name + "'");
  }
  if (!attr.close()) throw_io("cannot write attribute '" + name + "'");
}

void NcWriter::write_string_attr(hid_t object, const std::string& name, const std::string& value) {
  AttrValue v;
  v.text = value;
  write_attr(object, name, v);
}

void NcWriter::write_var_attrs(hid_t dataset, const VarAttrs& attrs) {
  write_string_attr(dataset, "units", attrs.units);
  write_string_attr(dataset, "long_name", attrs.long_name);
  write_string_attr(dataset, "description", attrs.description);
}

void NcWriter::set_attr(const std::string& name, const std::string& value) {
  require_phase(Phase::kDefine, "set_attr");
  if (appending()) return;  // a continued file keeps the attributes it was created with
  write_string_attr(file_.get(), name, value);
}

void NcWriter::set_attr(const std::string& name, std::int64_t value) {
  require_phase(Phase::kDefine, "set_attr");
  if (appending()) return;  // a continued file keeps the attributes it was created with
  AttrValue v;
  v.kind = AttrValue::Kind::kInt64;
  v.i64 = value;
  write_attr(file_.get(), name, v);
}

void NcWriter::set_attr(const std::string& name, std::uint64_t value) {
  require_phase(Phase::kDefine, "set_attr");
  if (appending()) return;  // a continued file keeps the attributes it was created with
  AttrValue v;
  v.kind = AttrValue::Kind::kUInt64;
  v.u64 = value;
  write_attr(file_.get(), name, v);
}

void NcWriter::set_attr(const std::string& name, double value) {
  require_phase(Phase::kDefine, "set_attr");
  if (appending()) return;  // a continued file keeps the attributes it was created with
  AttrValue v;
  v.kind = AttrValue::Kind::kDouble;
  v.f64 = value;
  write_attr(file_.get(), name, v);
}

void NcWriter::put_final_attr(const std::string& name, AttrValue value) {
  auto it = std::find_if(final_attrs_.begin(), final_attrs_.end(),
                         [&](const auto& entry) { return entry.first == name; });
  if (it != final_attrs_.end()) {
    it->second = std::move(value);
  } else {
    final_attrs_.emplace_back(name, std::move(value));
  }
}

void NcWriter::set_final_attr(const std::string& name, const std::string& value) {
  AttrValue v;
  v.text = value;
  put_final_attr(name, std::move(v));
}

void NcWriter::set_final_attr(const std::string& name, std::int64_t value) {
  AttrValue v;
  v.kind = AttrValue::Kind::kInt64;
  v.i64 = value;
  put_final_attr(name, std::move(v));
}

void NcWriter::set_final_attr(const std::string& name, std::uint64_t value) {
  AttrValue v;
  v.kind = AttrValue::Kind::kUInt64;
  v.u64 = value;
  put_final_attr(name, std::move(v));
}

void NcWriter::set_final_attr(const std::string& name, double value) {
  AttrValue v;
  v.kind = AttrValue::Kind::kDouble;
  v.f64 = value;
  put_final_attr(name, std::move(v));
}

// ---------------------------------------------------------------- definitions

H5Id NcWriter::make_dcpl() const {
  H5Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
  H5Pset_obj_track_times(dcpl.get(), false);
  H5Pset_attr_creation_order(dcpl.get(), kCreationOrder);
  return dcpl;
}

void NcWriter::attach(hid_t dataset, const std::string& dim, unsigned axis) {
  hid_t scale = dim == kTimeName ? time_dataset_.get() : find_dimension(dim).dataset.get();
  if (H5DSattach_scale(dataset, scale, axis) < 0) {
    throw_io("cannot attach dimension scale '" + dim + "'");
  }
}

H5Id NcWriter::create_string_dataset(const std::string& name,
                                     const std::vector<std::string>& values) {
  const hsize_t n = values.size();
  H5Id space(H5Screate_simple(1, &n, nullptr));
  H5Id type = vlen_utf8_type();
  H5Id dcpl = make_dcpl();
  H5Id dataset(H5Dcreate2(file_.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                          dcpl.get(), H5P_DEFAULT));
  if (!dataset) throw_io("cannot create variable '" + name + "'");
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) pointers.push_back(v.c_str());
  // A conversion buffer sized to the strings: HDF5's default (1 MiB, zeroed on every write)
  // took a tenth of a short run's time in page faults.
  H5Id dxpl(H5Pcreate(H5P_DATASET_XFER));
  H5Pset_buffer(dxpl.get(), std::max<std::size_t>(4096, 64 * values.size()), nullptr, nullptr);
  if (!values.empty() &&
      H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, dxpl.get(), pointers.data()) < 0) {
    throw_io("cannot write variable '" + name + "'");
  }
  return dataset;
}

namespace {

void check_new_name(hid_t file, const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) {
    throw std::invalid_argument("NcWriter: invalid variable name '" + name + "'");
  }
  QuietHdf5Errors quiet;
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) > 0) {
    throw std::invalid_argument("NcWriter: variable '" + name + "' defined twice");
  }
}

}  // namespace

namespace {

// netCDF-C and h5netcdf number dimensions through this hidden attribute on each scale.
bool write_dimid(hid_t dataset, std::int32_t id) {
  H5Id space(H5Screate(H5S_SCALAR));
  H5Id attr(
      H5Acreate2(dataset, "_Netcdf4Dimid", H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  return attr && H5Awrite(attr.get(), H5T_NATIVE_INT32, &id) >= 0 && attr.close();
}

}  // namespace

void NcWriter::add_time_dimension(const std::string& units) {
  add_time_dimension(VarAttrs{units, "time", "time of the record"});
}

void NcWriter::add_time_dimension(const VarAttrs& attrs) {
  require_phase(Phase::kDefine, "add_time_dimension");
  if (has_time_) throw std::invalid_argument("NcWriter: time dimension added twice");
  if (appending()) open_existing(kTimeName, {}, true);
  check_new_name(file_.get(), kTimeName);
  QuietHdf5Errors quiet;
  const hsize_t initial = 0;
  const hsize_t max = H5S_UNLIMITED;
  H5Id space(H5Screate_simple(1, &initial, &max));
  H5Id dcpl = make_dcpl();
  const auto chunk = static_cast<hsize_t>(options_.chunk_records);
  H5Pset_chunk(dcpl.get(), 1, &chunk);
  const double fill = std::numeric_limits<double>::quiet_NaN();
  H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &fill);
  time_dataset_ = H5Id(H5Dcreate2(file_.get(), kTimeName, H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                  dcpl.get(), H5P_DEFAULT));
  if (!time_dataset_) throw_io("cannot create variable 'time'");
  if (H5DSset_scale(time_dataset_.get(), kTimeName) < 0) {
    throw_io("cannot make 'time' a dimension scale");
  }
  write_string_attr(time_dataset_.get(), "units", attrs.units);
  write_string_attr(time_dataset_.get(), "calendar", "standard");
  write_string_attr(time_dataset_.get(), "long_name", attrs.long_name);
  write_string_attr(time_dataset_.get(), "description", attrs.description);
  if (!write_dimid(time_dataset_.get(), next_dimid_++)) {
    throw_io("cannot write attribute '_Netcdf4Dimid'");
  }
  has_time_ = true;
}

void NcWriter::add_string_dimension(const std::string& name, const std::vector<std::string>& labels,
                                    const VarAttrs& attrs) {
  require_phase(Phase::kDefine, "add_string_dimension");
  if (labels.empty()) throw std::invalid_argument("NcWriter: dimension '" + name + "' is empty");
  QuietHdf5Errors quiet;
  Dimension dim;
  dim.name = name;
  dim.size = labels.size();
  if (appending()) open_existing(name, {dim.size}, false);
  check_new_name(file_.get(), name);
  dim.dataset = create_string_dataset(name, labels);
  // A coordinate variable's scale is named after itself, as netCDF-C does.
  if (H5DSset_scale(dim.dataset.get(), name.c_str()) < 0) {
    throw_io("cannot make '" + name + "' a dimension scale");
  }
  write_var_attrs(dim.dataset.get(), attrs);
  if (!write_dimid(dim.dataset.get(), next_dimid_++)) {
    throw_io("cannot write attribute '_Netcdf4Dimid'");
  }
  dims_.push_back(std::move(dim));
}

void NcWriter::add_dimension(const std::string& name, std::size_t size) {
  require_phase(Phase::kDefine, "add_dimension");
  if (size == 0) throw std::invalid_argument("NcWriter: dimension '" + name + "' is empty");
  QuietHdf5Errors quiet;
  Dimension dim;
  dim.name = name;
  dim.size = size;
  if (appending()) open_existing(name, {dim.size}, false);
  check_new_name(file_.get(), name);
  H5Id space(H5Screate_simple(1, &dim.size, nullptr));
  H5Id dcpl = make_dcpl();
  // netCDF-C writes such placeholders as float datasets with no data (no storage allocated).
  dim.dataset = H5Id(H5Dcreate2(file_.get(), name.c_str(), H5T_IEEE_F32BE, space.get(), H5P_DEFAULT,
                                dcpl.get(), H5P_DEFAULT));
  if (!dim.dataset) throw_io("cannot create dimension '" + name + "'");
  char marker[128];
  std::snprintf(marker, sizeof marker, "%s%10d", kDimWithoutVariable, static_cast<int>(size));
  if (H5DSset_scale(dim.dataset.get(), marker) < 0) {
    throw_io("cannot make '" + name + "' a dimension scale");
  }
  if (!write_dimid(dim.dataset.get(), next_dimid_++)) {
    throw_io("cannot write attribute '_Netcdf4Dimid'");
  }
  dims_.push_back(std::move(dim));
}

void NcWriter::add_static_strings(const std::string& name, const std::string& dim,
                                  const std::vector<std::string>& values, const VarAttrs& attrs) {
  require_phase(Phase::kDefine, "add_static_strings");
  if (values.size() != find_dimension(dim).size) {
    throw std::invalid_argument("NcWriter: '" + name + "' needs one value per '" + dim + "'");
  }
  QuietHdf5Errors quiet;
  if (appending()) open_existing(name, {values.size()}, false);
  check_new_name(file_.get(), name);
  H5Id dataset = create_string_dataset(name, values);
  attach(dataset.get(), dim, 0);
  write_var_attrs(dataset.get(), attrs);
}

void NcWriter::add_static_ints(const std::string& name, const std::string& dim,
                               const std::vector<std::int64_t>& values, const VarAttrs& attrs) {
  require_phase(Phase::kDefine, "add_static_ints");
  const hsize_t n = find_dimension(dim).size;
  if (values.size() != n) {
    throw std::invalid_argument("NcWriter: '" + name + "' needs one value per '" + dim + "'");
  }
  QuietHdf5Errors quiet;
  if (appending()) open_existing(name, {n}, false);
  check_new_name(file_.get(), name);
  H5Id space(H5Screate_simple(1, &n, nullptr));
  H5Id dcpl = make_dcpl();
  H5Id dataset(H5Dcreate2(file_.get(), name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT,
                          dcpl.get(), H5P_DEFAULT));
  if (!dataset) throw_io("cannot create variable '" + name + "'");
  if (H5Dwrite(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw_io("cannot write variable '" + name + "'");
  }
  attach(dataset.get(), dim, 0);
  write_var_attrs(dataset.get(), attrs);
}

int NcWriter::add_series(const std::string& name, const std::vector<std::string>& dims_after_time,
                         StoreType type, const VarAttrs& attrs) {
  require_phase(Phase::kDefine, "add_series");
  if (!has_time_) throw std::logic_error("NcWriter::add_series needs add_time_dimension() first");
  check_new_name(file_.get(), name);
  Series s;
  s.name = name;
  s.type = type;
  s.extent.push_back(0);
  for (const std::string& dim : dims_after_time) {
    const hsize_t size = find_dimension(dim).size;
    s.extent.push_back(size);
    s.record_size *= size;
  }
  const std::size_t rank = s.extent.size();
  // Chunk = chunk_records whole records, fewer when that would exceed kMaxChunkBytes.
  const std::size_t record_bytes = s.record_size * store_size(type);
  const std::size_t fit = std::max<std::size_t>(1, kMaxChunkBytes / record_bytes);
  std::vector<hsize_t> chunk = s.extent;
  chunk[0] = std::min<std::size_t>(static_cast<std::size_t>(options_.chunk_records), fit);
  std::vector<hsize_t> max = s.extent;
  max[0] = H5S_UNLIMITED;

  QuietHdf5Errors quiet;
  s.start.assign(rank, 0);
  s.count = s.extent;
  s.chunk_records = chunk[0];
  if (appending()) {
    const H5Id existing = open_existing(name, {s.extent.begin() + 1, s.extent.end()}, true);
    H5Id dcpl(H5Dget_create_plist(existing.get()));
    std::vector<hsize_t> stored(rank);
    if (H5Pget_chunk(dcpl.get(), static_cast<int>(rank), stored.data()) != static_cast<int>(rank) ||
        stored != chunk) {
      throw_mismatch("variable '" + name + "' has another chunk shape");
    }
    H5Id file_type(H5Dget_type(existing.get()));
    if (H5Tget_size(file_type.get()) != store_size(type)) {
      throw_mismatch("variable '" + name + "' has another type");
    }
  }
  H5Id space(H5Screate_simple(static_cast<int>(rank), s.extent.data(), max.data()));
  H5Id dcpl = make_dcpl();
  H5Pset_chunk(dcpl.get(), static_cast<int>(rank), chunk.data());
  if (options_.compression > 0) {
    H5Pset_shuffle(dcpl.get());
    H5Pset_deflate(dcpl.get(), static_cast<unsigned>(options_.compression));
  }
  const double nan64 = std::numeric_limits<double>::quiet_NaN();
  const float nan32 = std::numeric_limits<float>::quiet_NaN();
  if (type == StoreType::kFloat64) H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &nan64);
  if (type == StoreType::kFloat32) H5Pset_fill_value(dcpl.get(), H5T_NATIVE_FLOAT, &nan32);
  if (type == StoreType::kInt32) H5Pset_fill_value(dcpl.get(), H5T_NATIVE_INT32, &kFillInt32);
  s.dataset = H5Id(H5Dcreate2(file_.get(), name.c_str(), store_file_type(type), space.get(),
                              H5P_DEFAULT, dcpl.get(), H5P_DEFAULT));
  if (!s.dataset) throw_io("cannot create variable '" + name + "'");
  attach(s.dataset.get(), kTimeName, 0);
  for (std::size_t axis = 0; axis < dims_after_time.size(); ++axis) {
    attach(s.dataset.get(), dims_after_time[axis], static_cast<unsigned>(axis + 1));
  }
  write_var_attrs(s.dataset.get(), attrs);
  // _FillValue only for floats: on an int variable xarray would turn the data into float64.
  if (type != StoreType::kInt32) {
    H5Id fill_space(H5Screate(H5S_SCALAR));
    H5Id fill_attr(H5Acreate2(s.dataset.get(), "_FillValue", store_file_type(type),
                              fill_space.get(), H5P_DEFAULT, H5P_DEFAULT));
    const void* fill = type == StoreType::kFloat64 ? static_cast<const void*>(&nan64)
                                                   : static_cast<const void*>(&nan32);
    if (!fill_attr || H5Awrite(fill_attr.get(), store_mem_type(type), fill) < 0) {
      throw_io("cannot write attribute '_FillValue' of '" + name + "'");
    }
  }
  series_.push_back(std::move(s));
  return static_cast<int>(series_.size() - 1);
}

std::size_t NcWriter::record_size(int handle) const {
  if (handle < 0 || static_cast<std::size_t>(handle) >= series_.size()) {
    throw std::out_of_range("NcWriter: unknown series handle");
  }
  return series_[static_cast<std::size_t>(handle)].record_size;
}

// ---------------------------------------------------------------- continuing a file

void NcWriter::throw_mismatch(const std::string& what) const {
  throw InputError(InputKind::kIo, SourceLocation{part_path(), 0, 0}, "",
                   "output file does not match the run it should continue: " + what);
}

H5Id NcWriter::open_existing(const std::string& name, const std::vector<hsize_t>& extent_after_time,
                             bool with_time) const {
  QuietHdf5Errors quiet;
  if (H5Lexists(source_.get(), name.c_str(), H5P_DEFAULT) <= 0) {
    throw_mismatch("no variable '" + name + "'");
  }
  H5Id dataset(H5Dopen2(source_.get(), name.c_str(), H5P_DEFAULT));
  if (!dataset) throw_io("cannot open variable '" + name + "'");
  H5Id space(H5Dget_space(dataset.get()));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  if (with_time && !dims.empty()) dims.erase(dims.begin());
  if (rank < 0 || (with_time && rank == 0) || dims != extent_after_time) {
    throw_mismatch("variable '" + name + "' has another shape");
  }
  return dataset;
}

void NcWriter::copy_kept_records() {
  const auto keep = static_cast<hsize_t>(options_.keep_records);
  H5Id source_time(H5Dopen2(source_.get(), kTimeName, H5P_DEFAULT));
  H5Id space(source_time ? H5Dget_space(source_time.get()) : H5I_INVALID_HID);
  hsize_t records = 0;
  if (!space || H5Sget_simple_extent_dims(space.get(), &records, nullptr) != 1) {
    throw_io("cannot read the records of 'time'");
  }
  if (records < keep) {
    throw_mismatch("it holds " + std::to_string(records) + " records, fewer than the " +
                   std::to_string(keep) + " to keep");
  }
  // Records past `keep` were written after the checkpoint; they are computed again.
  if (!copy_leading_records(source_time.get(), time_dataset_.get(), keep)) {
    throw_io("cannot copy the records of 'time'");
  }
  for (Series& s : series_) {
    H5Id source(H5Dopen2(source_.get(), s.name.c_str(), H5P_DEFAULT));
    if (!source || !copy_leading_records(source.get(), s.dataset.get(), keep)) {
      throw_io("cannot copy the records of '" + s.name + "'");
    }
    s.extent[0] = keep;
  }
  records_written_ = options_.keep_records;
}

void NcWriter::publish_copy() {
  if (!source_.close()) throw_io("cannot close the output file being continued");
  // The copy is whole on disk before it replaces the file: a crash leaves one or the other.
  if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw_io("cannot flush the copy");
  const std::string copy = copy_path();
  const std::string part = part_path();
  if (const std::string error = fsync_path(copy); !error.empty()) {
    throw InputError(InputKind::kIo, SourceLocation{copy, 0, 0}, "",
                     "cannot sync output file: " + error);
  }
  std::error_code ec;
  std::filesystem::rename(copy, part, ec);
  if (ec) {
    throw InputError(InputKind::kIo, SourceLocation{copy, 0, 0}, "",
                     "cannot rename to " + part + ": " + ec.message());
  }
  if (const std::string error = fsync_parent(part); !error.empty()) {
    throw InputError(InputKind::kIo, SourceLocation{part, 0, 0}, "",
                     "cannot sync its directory: " + error);
  }
}

void NcWriter::discard_copy() noexcept {
  close_handles();
  std::error_code ec;
  std::filesystem::remove(copy_path(), ec);
}

// ---------------------------------------------------------------- records

void NcWriter::start_swmr() {
  require_phase(Phase::kDefine, "start_swmr");
  if (!has_time_) throw std::logic_error("NcWriter::start_swmr needs add_time_dimension() first");
  // All buffers are sized here so that the per-record path never allocates.
  const auto records = static_cast<std::size_t>(options_.chunk_records);
  time_buffer_.assign(records, 0.0);
  encoders_ = std::make_unique<sim::PerThread<ChunkEncoder>>(options_.compression);
  for (Series& s : series_) {
    const std::size_t n = records * s.record_size;
    if (s.type == StoreType::kFloat64) s.f64.assign(n, std::numeric_limits<double>::quiet_NaN());
    if (s.type == StoreType::kFloat32) s.f32.assign(n, std::numeric_limits<float>::quiet_NaN());
    if (s.type == StoreType::kInt32) s.i32.assign(n, kFillInt32);
  }
  QuietHdf5Errors quiet;
  if (appending()) {
    copy_kept_records();
    publish_copy();
  }
  if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw_io("cannot flush output file");
  if (H5Fstart_swmr_write(file_.get()) < 0) throw_io("cannot start SWMR writing");
  phase_ = Phase::kSwmr;
}

void NcWriter::commit_record_fill() {
  if (!record_open_) return;
  // Series skipped in this record get their fill value instead of the previous chunk's data.
  const std::size_t slot = static_cast<std::size_t>(buffered_ - 1);
  const std::int64_t record = records_written_ + buffered_ - 1;
  for (Series& s : series_) {
    if (s.written_in_record == record) continue;
    const std::size_t begin = slot * s.record_size;
    const std::size_t end = begin + s.record_size;
    if (s.type == StoreType::kFloat64) {
      std::fill(s.f64.data() + begin, s.f64.data() + end, std::numeric_limits<double>::quiet_NaN());
    } else if (s.type == StoreType::kFloat32) {
      std::fill(s.f32.data() + begin, s.f32.data() + end, std::numeric_limits<float>::quiet_NaN());
    } else {
      std::fill(s.i32.data() + begin, s.i32.data() + end, kFillInt32);
    }
  }
  record_open_ = false;
}

void NcWriter::begin_record(double time_value) {
  require_phase(Phase::kSwmr, "begin_record");
  commit_record_fill();
  // The buffer is written when full, and early when it reaches a chunk boundary: after a flush
  // inside a chunk (a checkpoint) or a restart from one, the writes realign with the chunks, so
  // that only the chunk the flush split is rewritten, not every chunk from then on.
  const std::int64_t next = records_written_ + buffered_;
  if (buffered_ == options_.chunk_records ||
      (buffered_ > 0 && next % options_.chunk_records == 0)) {
    write_buffered();
  }
  time_buffer_[static_cast<std::size_t>(buffered_)] = time_value;
  ++buffered_;
  record_open_ = true;
}

void NcWriter::write(int handle, std::span<const double> values) {
  require_phase(Phase::kSwmr, "write");
  if (!record_open_) throw std::logic_error("NcWriter::write needs begin_record() first");
  if (handle < 0 || static_cast<std::size_t>(handle) >= series_.size()) {
    throw std::out_of_range("NcWriter::write: unknown series handle");
  }
  Series& s = series_[static_cast<std::size_t>(handle)];
  if (values.size() != s.record_size) {
    throw std::invalid_argument("NcWriter::write: '" + s.name + "' expects " +
                                std::to_string(s.record_size) + " values, got " +
                                std::to_string(values.size()));
  }
  const std::size_t offset = static_cast<std::size_t>(buffered_ - 1) * s.record_size;
  switch (s.type) {
    case StoreType::kFloat64:
      std::copy(values.begin(), values.end(), s.f64.data() + offset);
      break;
    case StoreType::kFloat32:
      for (std::size_t i = 0; i < values.size(); ++i) {
        s.f32[offset + i] = static_cast<float>(values[i]);
      }
      break;
    case StoreType::kInt32:
      for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (std::isnan(v)) {
          s.i32[offset + i] = kFillInt32;
          continue;
        }
        const double rounded = std::nearbyint(v);
        if (!(rounded > std::numeric_limits<std::int32_t>::min() &&
              rounded <= std::numeric_limits<std::int32_t>::max())) {
          throw std::out_of_range("NcWriter::write: '" + s.name + "' value out of int32 range");
        }
        s.i32[offset + i] = static_cast<std::int32_t>(rounded);
      }
      break;
  }
  s.written_in_record = records_written_ + buffered_ - 1;
}

const void* NcWriter::series_data(const Series& s) {
  switch (s.type) {
    case StoreType::kFloat64:
      return s.f64.data();
    case StoreType::kFloat32:
      return s.f32.data();
    case StoreType::kInt32:
      return s.i32.data();
  }
  return nullptr;
}

void NcWriter::write_hyperslab(Series& s, hsize_t first, hsize_t n) {
  s.start[0] = first;
  s.count[0] = n;
  const int rank = static_cast<int>(s.extent.size());
  H5Id file_space(H5Dget_space(s.dataset.get()));
  H5Id mem_space(H5Screate_simple(rank, s.count.data(), nullptr));
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, s.start.data(), nullptr, s.count.data(),
                          nullptr) < 0 ||
      H5Dwrite(s.dataset.get(), store_mem_type(s.type), mem_space.get(), file_space.get(),
               H5P_DEFAULT, series_data(s)) < 0) {
    throw_io("cannot write '" + s.name + "'");
  }
}

void NcWriter::write_chunks(const std::vector<std::pair<Series*, hsize_t>>& chunks, hsize_t first,
                            hsize_t n) {
  // Encoding (gather, shuffle, deflate) runs in parallel, one chunk per task, each with the
  // thread's own encoder; HDF5 then stores the finished chunks from this thread, in order.
  if (encoded_.size() < chunks.size()) encoded_.resize(chunks.size());
  std::vector<std::size_t> sizes(chunks.size());
  sim::parallel_for(chunks.size(), [&](std::size_t k) {
    ChunkEncoder& encoder = encoders_->local();
    const Series& s = *chunks[k].first;
    const hsize_t chunk_first = chunks[k].second;
    const std::size_t size = store_size(s.type);
    const std::size_t record_bytes = s.record_size * size;
    // Records of the chunk past the buffered ones hold the fill value, as HDF5 would write them.
    std::vector<std::uint8_t>& raw = encoder.raw();
    raw.resize(static_cast<std::size_t>(s.chunk_records) * record_bytes);
    const hsize_t from = chunk_first - first;
    const hsize_t have = std::min(s.chunk_records, n - from);
    const auto* data = static_cast<const std::uint8_t*>(series_data(s));
    std::memcpy(raw.data(), data + from * record_bytes, have * record_bytes);
    fill_records(s.type, raw.data() + have * record_bytes,
                 (s.chunk_records - have) * s.record_size);
    sizes[k] = encoder.encode(raw, size, encoded_[k]);
  });
  std::vector<hsize_t> offset;
  for (std::size_t k = 0; k < chunks.size(); ++k) {
    const Series& s = *chunks[k].first;
    offset.assign(s.extent.size(), 0);
    offset[0] = chunks[k].second;
    if (H5Dwrite_chunk(s.dataset.get(), H5P_DEFAULT, 0, offset.data(), sizes[k],
                       encoded_[k].data()) < 0) {
      throw_io("cannot write '" + s.name + "'");
    }
  }
}

void NcWriter::write_buffered() {
  QuietHdf5Errors quiet;
  if (buffered_ > 0) {
    const auto n = static_cast<hsize_t>(buffered_);
    const auto first = static_cast<hsize_t>(records_written_);
    const hsize_t total = first + n;
    // Extend first, then write each variable's records: a SWMR reader sees whole chunks.
    if (H5Dset_extent(time_dataset_.get(), &total) < 0) throw_io("cannot extend 'time'");
    {
      H5Id file_space(H5Dget_space(time_dataset_.get()));
      H5Id mem_space(H5Screate_simple(1, &n, nullptr));
      if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &first, nullptr, &n, nullptr) < 0 ||
          H5Dwrite(time_dataset_.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(),
                   H5P_DEFAULT, time_buffer_.data()) < 0) {
        throw_io("cannot write 'time'");
      }
    }
    // Records that start a chunk go to the file as whole encoded chunks (the usual case: the
    // buffer holds whole chunks); records that continue a chunk written before (after a flush())
    // go through HDF5's own read-modify-write of the chunk.
    std::vector<std::pair<Series*, hsize_t>> chunks;
    for (Series& s : series_) {
      s.extent[0] = total;
      if (H5Dset_extent(s.dataset.get(), s.extent.data()) < 0) {
        throw_io("cannot extend '" + s.name + "'");
      }
      if (first % s.chunk_records != 0) {
        write_hyperslab(s, first, n);
        continue;
      }
      for (hsize_t c = first; c < total; c += s.chunk_records) chunks.emplace_back(&s, c);
    }
    write_chunks(chunks, first, n);
    records_written_ += buffered_;
    buffered_ = 0;
  }
  if (H5Fflush(file_.get(), H5F_SCOPE_LOCAL) < 0) throw_io("cannot flush output file");
}

void NcWriter::flush() {
  require_phase(Phase::kSwmr, "flush");
  commit_record_fill();
  write_buffered();
}

// ---------------------------------------------------------------- life cycle

void NcWriter::close_handles() noexcept {
  QuietHdf5Errors quiet;
  for (Series& s : series_) s.dataset.reset();
  for (Dimension& d : dims_) d.dataset.reset();
  time_dataset_.reset();
  file_.reset();
  source_.reset();
}

void NcWriter::mark_status(const std::string& status, bool with_final_attrs) {
  QuietHdf5Errors quiet;
  // Reopened without SWMR: attributes cannot be created while SWMR writing is on.
  H5Id fapl = make_fapl();
  file_ = H5Id(H5Fopen(part_path().c_str(), H5F_ACC_RDWR, fapl.get()));
  if (!file_) {
    // A notebook that still holds the file open with SWMR keeps HDF5's file lock; the data are
    // complete and flushed, so the final attributes are written without taking the lock.
    H5Pset_file_locking(fapl.get(), false, true);
    file_ = H5Id(H5Fopen(part_path().c_str(), H5F_ACC_RDWR, fapl.get()));
  }
  if (!file_) throw_io("cannot reopen output file");
  // The final attributes go to the disk before the status, and the status before the close: a
  // full disk then fails a flush (which throw_io survives) rather than the close (which HDF5 1.10
  // does not), and never leaves a part file whose status says the run ended.
  if (with_final_attrs) {
    for (const auto& [name, value] : final_attrs_) write_attr(file_.get(), name, value);
    if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw_io("cannot write final attributes");
  }
  write_string_attr(file_.get(), "status", status);
  if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw_io("cannot write status '" + status + "'");
  if (!file_.close()) throw_io("cannot close output file");
}

void NcWriter::finish(const std::string& status) {
  if (phase_ != Phase::kDefine && phase_ != Phase::kSwmr) {
    throw std::logic_error("NcWriter::finish called on a closed writer");
  }
  try {
    QuietHdf5Errors quiet;
    if (phase_ == Phase::kSwmr) {
      commit_record_fill();
      write_buffered();
    }
    // Everything reaches the disk before the close, so that a full disk fails this flush (which
    // throw_io survives) rather than the close (which HDF5 1.10 does not).
    if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw_io("cannot flush output file");
    bool closed = true;
    for (Series& s : series_) closed = s.dataset.close() && closed;
    for (Dimension& d : dims_) closed = d.dataset.close() && closed;
    closed = time_dataset_.close() && closed;
    closed = file_.close() && closed;
    phase_ = Phase::kClosed;
    if (!closed) throw_io("cannot close output file");
    mark_status(status, true);

    const std::string part = part_path();
    if (const std::string error = fsync_path(part); !error.empty()) {
      throw InputError(InputKind::kIo, SourceLocation{part, 0, 0}, "",
                       "cannot sync output file: " + error);
    }
    std::error_code ec;
    std::filesystem::rename(part, final_path_, ec);
    if (ec) {
      throw InputError(InputKind::kIo, SourceLocation{part, 0, 0}, "",
                       "cannot rename to " + final_path_ + ": " + ec.message());
    }
    phase_ = Phase::kDone;
    // The rename is only durable once the directory entry is on disk.
    if (const std::string error = fsync_parent(final_path_); !error.empty()) {
      throw InputError(InputKind::kIo, SourceLocation{final_path_, 0, 0}, "",
                       "cannot sync its directory: " + error);
    }
  } catch (...) {
    if (phase_ != Phase::kDone) {
      close_handles();
      phase_ = Phase::kClosed;
    }
    throw;
  }
}

void NcWriter::fail() noexcept {
  if (phase_ == Phase::kDone) return;
  // A restart that fails before it writes: its copy goes, PATH.part is marked below.
  if (phase_ == Phase::kDefine && appending()) discard_copy();
  try {
    if (phase_ == Phase::kSwmr) {
      commit_record_fill();
      write_buffered();
    }
  } catch (...) {
    // Best effort: whatever could not be written is lost, the status still says "failed".
  }
  try {
    // A flush that fails here (a full disk after an error elsewhere) detaches the file in
    // throw_io, so that the close below cannot fail.
    QuietHdf5Errors quiet;
    if (file_ && H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0) throw_io("cannot flush output file");
  } catch (...) {
  }
  close_handles();
  phase_ = Phase::kClosed;
  try {
    mark_status("failed", true);
  } catch (...) {
    close_handles();
  }
  phase_ = Phase::kDone;
}

void NcWriter::abandon() noexcept {
  if (phase_ == Phase::kDefine && appending()) {
    // A restart deletes only its copy: PATH.part holds the records its checkpoint counts.
    discard_copy();
  } else {
    close_handles();
    std::error_code ec;
    std::filesystem::remove(part_path(), ec);
  }
  phase_ = Phase::kDone;
}

}  // namespace sim
