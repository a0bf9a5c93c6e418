// Whole netCDF-4-compatible HDF5 files of fixed size: layout reading and slab-by-slab writing.
#include "sim/nc_file.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <utility>

#include "sim/error.hpp"
#include "sim/fsync.hpp"

namespace sim {

namespace {

// These few conventions repeat nc_writer.cpp's on purpose: both writers must spell the netCDF-4
// bookkeeping identically, and the run writer's internals stay private to it.
constexpr const char* kDimWithoutVariable = "This is a netCDF dimension but not a netCDF variable.";
constexpr std::size_t kMaxChunkBytes = 1024 * 1024;
constexpr std::int32_t kFillInt32 = -2147483647;
constexpr unsigned kCreationOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;

H5Id vlen_utf8_type() {
  H5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

hid_t file_type_of(NcType type) {
  switch (type) {
    case NcType::kFloat64:
      return H5T_IEEE_F64LE;
    case NcType::kFloat32:
      return H5T_IEEE_F32LE;
    case NcType::kInt32:
      return H5T_STD_I32LE;
    case NcType::kInt64:
      return H5T_STD_I64LE;
    case NcType::kUInt64:
      return H5T_STD_U64LE;
    case NcType::kString:
      break;
  }
  return H5T_IEEE_F64LE;
}

std::size_t size_of(NcType type) {
  return type == NcType::kFloat32 || type == NcType::kInt32 ? 4 : 8;
}

bool write_dimid(hid_t dataset, std::int32_t id) {
  H5Id space(H5Screate(H5S_SCALAR));
  H5Id attr(
      H5Acreate2(dataset, "_Netcdf4Dimid", H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  return attr && H5Awrite(attr.get(), H5T_NATIVE_INT32, &id) >= 0 && attr.close();
}

// ---------------------------------------------------------------- layout reading

bool is_bookkeeping_attr(const std::string& name) {
  return name == "CLASS" || name == "NAME" || name == "REFERENCE_LIST" ||
         name == "DIMENSION_LIST" || name == "_Netcdf4Dimid" || name == "_Netcdf4Coordinates" ||
         name == "_FillValue" || name == "_nc3_strict";
}

herr_t collect_attr(hid_t object, const char* name, const H5A_info_t*, void* data) {
  auto* attrs = static_cast<NcAttrs*>(data);
  if (is_bookkeeping_attr(name)) return 0;
  H5Id attr(H5Aopen(object, name, H5P_DEFAULT));
  H5Id type(attr ? H5Aget_type(attr.get()) : H5I_INVALID_HID);
  if (!type || H5Tget_class(type.get()) != H5T_STRING) return 0;
  if (auto text = attribute_text(object, name)) attrs->emplace_back(name, *text);
  return 0;
}

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

NcType nc_type_of(hid_t type, const std::string& path, const std::string& name) {
  const std::size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      if (size == 8) return NcType::kFloat64;
      if (size == 4) return NcType::kFloat32;
      break;
    case H5T_INTEGER:
      if (size == 4 && H5Tget_sign(type) != H5T_SGN_NONE) return NcType::kInt32;
      if (size == 8) return H5Tget_sign(type) == H5T_SGN_NONE ? NcType::kUInt64 : NcType::kInt64;
      break;
    case H5T_STRING:
      return NcType::kString;
    default:
      break;
  }
  throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name,
                   "unsupported data type " + datatype_name(type));
}

}  // namespace

std::vector<NcVariableInfo> read_nc_layout(hid_t file, const std::string& path) {
  QuietHdf5Errors quiet;
  std::vector<std::string> names;
  hsize_t index = 0;
  if (H5Literate(file, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect_link, &names) < 0) {
    // Files that do not track creation order are listed by name.
    names.clear();
    index = 0;
    H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, &index, collect_link, &names);
  }
  std::vector<NcVariableInfo> out;
  for (const std::string& name : names) {
    H5O_info_t info;
    if (H5Oget_info_by_name(file, name.c_str(), &info, H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_DATASET) {
      continue;
    }
    H5Id dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT));
    if (!dataset) {
      throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name,
                       "cannot open variable: " + hdf5_error_reason());
    }
    NcVariableInfo var;
    var.name = name;
    H5Id type(H5Dget_type(dataset.get()));
    var.type = nc_type_of(type.get(), path, name);
    H5Id space(H5Dget_space(dataset.get()));
    for (hsize_t d : dataspace_dims(space.get())) var.shape.push_back(static_cast<std::size_t>(d));
    var.is_dimension = H5DSis_scale(dataset.get()) > 0;
    if (var.is_dimension) {
      const auto label = attribute_text(dataset.get(), "NAME");
      var.has_values = !(label && label->rfind(kDimWithoutVariable, 0) == 0);
    }
    for (const auto& axis : dimension_scale_names(dataset.get())) {
      if (axis.empty()) {
        throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name,
                         "an axis has no dimension scale");
      }
      var.dims.push_back(axis.front());
    }
    hsize_t attr_index = 0;
    if (H5Aiterate2(dataset.get(), H5_INDEX_CRT_ORDER, H5_ITER_INC, &attr_index, collect_attr,
                    &var.attrs) < 0) {
      var.attrs.clear();
      attr_index = 0;
      H5Aiterate2(dataset.get(), H5_INDEX_NAME, H5_ITER_INC, &attr_index, collect_attr, &var.attrs);
    }
    out.push_back(std::move(var));
  }
  return out;
}

namespace {

H5Id open_variable(hid_t file, const std::string& path, const std::string& name) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) {
    throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name, "variable missing");
  }
  H5Id dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT));
  if (!dataset) {
    throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name,
                     "cannot open variable: " + hdf5_error_reason());
  }
  return dataset;
}

std::size_t element_count(hid_t dataset) {
  H5Id space(H5Dget_space(dataset));
  std::size_t n = 1;
  for (hsize_t d : dataspace_dims(space.get())) n *= static_cast<std::size_t>(d);
  return n;
}

}  // namespace

std::vector<double> read_nc_doubles(hid_t file, const std::string& path, const std::string& name) {
  QuietHdf5Errors quiet;
  H5Id dataset = open_variable(file, path, name);
  std::vector<double> values(element_count(dataset.get()));
  if (!values.empty() &&
      H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name,
                     "cannot read variable: " + hdf5_error_reason());
  }
  return values;
}

std::vector<std::string> read_nc_strings(hid_t file, const std::string& path,
                                         const std::string& name) {
  QuietHdf5Errors quiet;
  H5Id dataset = open_variable(file, path, name);
  H5Id space(H5Dget_space(dataset.get()));
  std::vector<char*> raw(element_count(dataset.get()), nullptr);
  H5Id type = vlen_utf8_type();
  if (!raw.empty() &&
      H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
    throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name,
                     "cannot read strings: " + hdf5_error_reason());
  }
  std::vector<std::string> out;
  out.reserve(raw.size());
  for (const char* s : raw) out.emplace_back(s != nullptr ? s : "");
  if (!raw.empty()) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
  return out;
}

// ---------------------------------------------------------------- writer

NcFileWriter::NcFileWriter(std::string final_path, int compression)
    : final_path_(std::move(final_path)), compression_(compression) {
  if (compression_ < 0 || compression_ > 9) {
    throw std::invalid_argument("NcFileWriter: compression must be 0..9");
  }
  QuietHdf5Errors quiet;
  H5Id fcpl(H5Pcreate(H5P_FILE_CREATE));
  H5Pset_link_creation_order(fcpl.get(), kCreationOrder);
  H5Pset_attr_creation_order(fcpl.get(), kCreationOrder);
  H5Pset_obj_track_times(fcpl.get(), false);
  H5Id fapl(H5Pcreate(H5P_FILE_ACCESS));
  // The same pinned format as run files: identical inputs give identical structures.
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110);
  const std::string part = part_path();
  file_ = H5Id(H5Fcreate(part.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()));
  if (!file_) {
    const std::string reason = hdf5_error_reason();
    throw InputError(InputKind::kIo, SourceLocation{part, 0, 0}, "",
                     "cannot create output file" + (reason.empty() ? "" : ": " + reason));
  }
}

NcFileWriter::~NcFileWriter() {
  if (finished_) return;
  close_all();
  std::error_code ec;
  std::filesystem::remove(part_path(), ec);
}

void NcFileWriter::close_all() noexcept {
  QuietHdf5Errors quiet;
  for (Variable& v : vars_) v.dataset.reset();
  for (Dimension& d : dims_) d.dataset.reset();
  file_.reset();
}

void NcFileWriter::throw_io(const std::string& what) const {
  const std::string reason = hdf5_error_reason();
  throw InputError(InputKind::kIo, SourceLocation{part_path(), 0, 0}, "",
                   what + (reason.empty() ? "" : ": " + reason));
}

const NcFileWriter::Dimension& NcFileWriter::find_dimension(const std::string& name) const {
  for (const Dimension& dim : dims_) {
    if (dim.name == name) return dim;
  }
  throw std::invalid_argument("NcFileWriter: unknown dimension '" + name + "'");
}

bool NcFileWriter::has_dimension(const std::string& name) const {
  return std::any_of(dims_.begin(), dims_.end(),
                     [&](const Dimension& d) { return d.name == name; });
}

std::size_t NcFileWriter::dimension_size(const std::string& name) const {
  return static_cast<std::size_t>(find_dimension(name).size);
}

const NcFileWriter::Variable& NcFileWriter::variable(int handle) const {
  if (handle < 0 || static_cast<std::size_t>(handle) >= vars_.size()) {
    throw std::out_of_range("NcFileWriter: unknown variable handle");
  }
  return vars_[static_cast<std::size_t>(handle)];
}

NcFileWriter::Variable& NcFileWriter::variable(int handle) {
  return const_cast<Variable&>(std::as_const(*this).variable(handle));
}

void NcFileWriter::check_new_name(const std::string& name) const {
  if (name.empty() || name.find('/') != std::string::npos) {
    throw std::invalid_argument("NcFileWriter: invalid variable name '" + name + "'");
  }
  QuietHdf5Errors quiet;
  if (H5Lexists(file_.get(), name.c_str(), H5P_DEFAULT) > 0) {
    throw std::invalid_argument("NcFileWriter: variable '" + name + "' defined twice");
  }
}

H5Id NcFileWriter::make_dcpl() const {
  H5Id dcpl(H5Pcreate(H5P_DATASET_CREATE));
  H5Pset_obj_track_times(dcpl.get(), false);
  H5Pset_attr_creation_order(dcpl.get(), kCreationOrder);
  return dcpl;
}

void NcFileWriter::write_string_attr(hid_t object, const std::string& name,
                                     const std::string& value) {
  QuietHdf5Errors quiet;
  H5Id space(H5Screate(H5S_SCALAR));
  H5Id type = vlen_utf8_type();
  if (H5Aexists(object, name.c_str()) > 0 && H5Adelete(object, name.c_str()) < 0) {
    throw_io("cannot replace attribute '" + name + "'");
  }
  H5Id attr(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT));
  const char* text = value.c_str();
  if (!attr || H5Awrite(attr.get(), type.get(), &text) < 0 || !attr.close()) {
    throw_io("cannot write attribute '" + name + "'");
  }
}

void NcFileWriter::write_attrs(hid_t object, const NcAttrs& attrs) {
  for (const auto& [name, value] : attrs) write_string_attr(object, name, value);
}

void NcFileWriter::set_attr(const std::string& name, const std::string& value) {
  write_string_attr(file_.get(), name, value);
}

void NcFileWriter::set_attr(const std::string& name, std::int64_t value) {
  QuietHdf5Errors quiet;
  H5Id space(H5Screate(H5S_SCALAR));
  H5Id attr(
      H5Acreate2(file_.get(), name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!attr || H5Awrite(attr.get(), H5T_NATIVE_INT64, &value) < 0 || !attr.close()) {
    throw_io("cannot write attribute '" + name + "'");
  }
}

void NcFileWriter::set_attr(const std::string& name, double value) {
  QuietHdf5Errors quiet;
  H5Id space(H5Screate(H5S_SCALAR));
  H5Id attr(
      H5Acreate2(file_.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT));
  if (!attr || H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0 || !attr.close()) {
    throw_io("cannot write attribute '" + name + "'");
  }
}

void NcFileWriter::finish_scale(hid_t dataset, const std::string& scale_name) {
  if (H5DSset_scale(dataset, scale_name.c_str()) < 0) {
    throw_io("cannot make a dimension scale of '" + scale_name + "'");
  }
  if (!write_dimid(dataset, next_dimid_++)) throw_io("cannot write attribute '_Netcdf4Dimid'");
}

void NcFileWriter::add_coordinate(const std::string& name, const std::vector<std::string>& labels,
                                  const NcAttrs& attrs) {
  check_new_name(name);
  if (labels.empty()) throw std::invalid_argument("NcFileWriter: dimension '" + name + "' empty");
  QuietHdf5Errors quiet;
  Dimension dim;
  dim.name = name;
  dim.size = labels.size();
  H5Id space(H5Screate_simple(1, &dim.size, nullptr));
  H5Id type = vlen_utf8_type();
  H5Id dcpl = make_dcpl();
  dim.dataset = H5Id(H5Dcreate2(file_.get(), name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                                dcpl.get(), H5P_DEFAULT));
  if (!dim.dataset) throw_io("cannot create variable '" + name + "'");
  std::vector<const char*> pointers;
  pointers.reserve(labels.size());
  for (const std::string& label : labels) pointers.push_back(label.c_str());
  if (H5Dwrite(dim.dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
    throw_io("cannot write variable '" + name + "'");
  }
  finish_scale(dim.dataset.get(), name);
  write_attrs(dim.dataset.get(), attrs);
  dims_.push_back(std::move(dim));
}

void NcFileWriter::add_coordinate(const std::string& name, std::span<const double> values,
                                  const NcAttrs& attrs) {
  check_new_name(name);
  if (values.empty()) throw std::invalid_argument("NcFileWriter: dimension '" + name + "' empty");
  QuietHdf5Errors quiet;
  Dimension dim;
  dim.name = name;
  dim.size = values.size();
  H5Id space(H5Screate_simple(1, &dim.size, nullptr));
  H5Id dcpl = make_dcpl();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &nan);
  dim.dataset = H5Id(H5Dcreate2(file_.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                dcpl.get(), H5P_DEFAULT));
  if (!dim.dataset || H5Dwrite(dim.dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                               values.data()) < 0) {
    throw_io("cannot write variable '" + name + "'");
  }
  finish_scale(dim.dataset.get(), name);
  write_attrs(dim.dataset.get(), attrs);
  dims_.push_back(std::move(dim));
}

void NcFileWriter::add_dimension(const std::string& name, std::size_t size) {
  check_new_name(name);
  if (size == 0) throw std::invalid_argument("NcFileWriter: dimension '" + name + "' empty");
  QuietHdf5Errors quiet;
  Dimension dim;
  dim.name = name;
  dim.size = size;
  H5Id space(H5Screate_simple(1, &dim.size, nullptr));
  H5Id dcpl = make_dcpl();
  // netCDF-C's placeholder: a float dataset with no storage, named by the marker.
  dim.dataset = H5Id(H5Dcreate2(file_.get(), name.c_str(), H5T_IEEE_F32BE, space.get(), H5P_DEFAULT,
                                dcpl.get(), H5P_DEFAULT));
  if (!dim.dataset) throw_io("cannot create dimension '" + name + "'");
  char marker[128];
  std::snprintf(marker, sizeof marker, "%s%10d", kDimWithoutVariable, static_cast<int>(size));
  finish_scale(dim.dataset.get(), marker);
  dims_.push_back(std::move(dim));
}

int NcFileWriter::add_variable(const std::string& name, const std::vector<std::string>& dims,
                               NcType type, const NcAttrs& attrs) {
  check_new_name(name);
  if (dims.empty()) throw std::invalid_argument("NcFileWriter: '" + name + "' has no dimension");
  Variable var;
  var.name = name;
  var.type = type;
  for (const std::string& dim : dims) var.shape.push_back(find_dimension(dim).size);
  const int rank = static_cast<int>(var.shape.size());

  QuietHdf5Errors quiet;
  H5Id space(H5Screate_simple(rank, var.shape.data(), nullptr));
  H5Id dcpl = make_dcpl();
  H5Id string_type;
  hid_t file_type = file_type_of(type);
  if (type == NcType::kString) {
    string_type = vlen_utf8_type();
    file_type = string_type.get();
  } else if (rank >= 2) {
    // One index of the first axis per chunk, the others whole, halving the largest other axis
    // until the chunk fits the default chunk cache.
    std::vector<hsize_t> chunk = var.shape;
    chunk[0] = 1;
    auto bytes = [&] {
      std::size_t b = size_of(type);
      for (hsize_t c : chunk) b *= static_cast<std::size_t>(c);
      return b;
    };
    while (bytes() > kMaxChunkBytes) {
      auto largest = std::max_element(chunk.begin() + 1, chunk.end());
      if (*largest <= 1) break;
      *largest = (*largest + 1) / 2;
    }
    H5Pset_chunk(dcpl.get(), rank, chunk.data());
    if (compression_ > 0) {
      H5Pset_shuffle(dcpl.get());
      H5Pset_deflate(dcpl.get(), static_cast<unsigned>(compression_));
    }
  }
  const double nan64 = std::numeric_limits<double>::quiet_NaN();
  const float nan32 = std::numeric_limits<float>::quiet_NaN();
  if (type == NcType::kFloat64) H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, &nan64);
  if (type == NcType::kFloat32) H5Pset_fill_value(dcpl.get(), H5T_NATIVE_FLOAT, &nan32);
  if (type == NcType::kInt32) H5Pset_fill_value(dcpl.get(), H5T_NATIVE_INT32, &kFillInt32);
  // No chunk cache: every write covers whole chunks, so caching them only holds memory (1 MiB per
  // variable by default, over 100 MiB for a run file's variables) until the file is closed.
  H5Id dapl(H5Pcreate(H5P_DATASET_ACCESS));
  H5Pset_chunk_cache(dapl.get(), 0, 0, H5D_CHUNK_CACHE_W0_DEFAULT);
  var.dataset = H5Id(H5Dcreate2(file_.get(), name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                dcpl.get(), dapl.get()));
  if (!var.dataset) throw_io("cannot create variable '" + name + "'");
  for (std::size_t axis = 0; axis < dims.size(); ++axis) {
    if (H5DSattach_scale(var.dataset.get(), find_dimension(dims[axis]).dataset.get(),
                         static_cast<unsigned>(axis)) < 0) {
      throw_io("cannot attach dimension scale '" + dims[axis] + "' to '" + name + "'");
    }
  }
  write_attrs(var.dataset.get(), attrs);
  // _FillValue only for floats, as in run files: on an int variable xarray would turn the data
  // into float64.
  if (type == NcType::kFloat64 || type == NcType::kFloat32) {
    H5Id fill_space(H5Screate(H5S_SCALAR));
    H5Id fill_attr(H5Acreate2(var.dataset.get(), "_FillValue", file_type, fill_space.get(),
                              H5P_DEFAULT, H5P_DEFAULT));
    const void* fill = type == NcType::kFloat64 ? static_cast<const void*>(&nan64)
                                                : static_cast<const void*>(&nan32);
    const hid_t mem = type == NcType::kFloat64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT;
    if (!fill_attr || H5Awrite(fill_attr.get(), mem, fill) < 0) {
      throw_io("cannot write attribute '_FillValue' of '" + name + "'");
    }
  }
  vars_.push_back(std::move(var));
  return static_cast<int>(vars_.size() - 1);
}

std::size_t NcFileWriter::slab_size(int handle) const {
  const Variable& var = variable(handle);
  std::size_t n = 1;
  for (std::size_t axis = 1; axis < var.shape.size(); ++axis) {
    n *= static_cast<std::size_t>(var.shape[axis]);
  }
  return n;
}

void NcFileWriter::write_slab(int handle, std::size_t first, std::span<const double> values) {
  Variable& var = variable(handle);
  if (var.type == NcType::kString) {
    throw std::invalid_argument("NcFileWriter: '" + var.name + "' holds strings");
  }
  if (first >= var.shape[0] || values.size() != slab_size(handle)) {
    throw std::invalid_argument("NcFileWriter::write_slab: '" + var.name + "' index or size");
  }
  QuietHdf5Errors quiet;
  std::vector<hsize_t> start(var.shape.size(), 0);
  std::vector<hsize_t> count = var.shape;
  start[0] = first;
  count[0] = 1;
  H5Id file_space(H5Dget_space(var.dataset.get()));
  H5Id mem_space(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr));
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                          nullptr) < 0 ||
      H5Dwrite(var.dataset.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT,
               values.data()) < 0) {
    throw_io("cannot write '" + var.name + "'");
  }
}

void NcFileWriter::write_whole(int handle, hid_t mem_type, const void* data, std::size_t count) {
  Variable& var = variable(handle);
  std::size_t n = 1;
  for (hsize_t d : var.shape) n *= static_cast<std::size_t>(d);
  if (count != n) {
    throw std::invalid_argument("NcFileWriter::write_all: '" + var.name + "' expects " +
                                std::to_string(n) + " values, got " + std::to_string(count));
  }
  QuietHdf5Errors quiet;
  if (H5Dwrite(var.dataset.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    throw_io("cannot write '" + var.name + "'");
  }
}

void NcFileWriter::write_all(int handle, std::span<const double> values) {
  write_whole(handle, H5T_NATIVE_DOUBLE, values.data(), values.size());
}

void NcFileWriter::write_all(int handle, std::span<const std::int64_t> values) {
  write_whole(handle, H5T_NATIVE_INT64, values.data(), values.size());
}

void NcFileWriter::write_all(int handle, std::span<const std::uint64_t> values) {
  write_whole(handle, H5T_NATIVE_UINT64, values.data(), values.size());
}

void NcFileWriter::write_all(int handle, const std::vector<std::string>& values) {
  if (variable(handle).type != NcType::kString) {
    throw std::invalid_argument("NcFileWriter: '" + variable(handle).name + "' is not a string");
  }
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) pointers.push_back(v.c_str());
  H5Id type = vlen_utf8_type();
  write_whole(handle, type.get(), pointers.data(), pointers.size());
}

void NcFileWriter::finish() {
  if (finished_) throw std::logic_error("NcFileWriter::finish called twice");
  QuietHdf5Errors quiet;
  bool closed = true;
  for (Variable& v : vars_) closed = v.dataset.close() && closed;
  for (Dimension& d : dims_) closed = d.dataset.close() && closed;
  closed = file_.close() && closed;
  if (!closed) throw_io("cannot close output file");
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
  finished_ = true;
  fsync_parent(final_path_);  // best effort: the file is in place and complete
}

}  // namespace sim
