// Shared HDF5 plumbing: owned identifiers, quiet error capture, read-only open, attribute lookup.
#include "sim/h5_handle.hpp"

#include <hdf5_hl.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sim/error.hpp"

namespace sim {

bool H5Id::close() {
  if (id_ < 0) return true;
  const hid_t id = release();
  // Ids can be invalidated behind our back (e.g. by H5Fclose with strong close degree).
  if (H5Iis_valid(id) <= 0) return true;
  herr_t status = 0;
  switch (H5Iget_type(id)) {
    case H5I_FILE:
      status = H5Fclose(id);
      break;
    case H5I_GROUP:
      status = H5Gclose(id);
      break;
    case H5I_DATASET:
      status = H5Dclose(id);
      break;
    case H5I_ATTR:
      status = H5Aclose(id);
      break;
    case H5I_DATASPACE:
      status = H5Sclose(id);
      break;
    case H5I_DATATYPE:
      status = H5Tclose(id);
      break;
    case H5I_GENPROP_LST:
      status = H5Pclose(id);
      break;
    default:
      status = H5Idec_ref(id);
      break;
  }
  return status >= 0;
}

QuietHdf5Errors::QuietHdf5Errors() {
  H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietHdf5Errors::~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }

namespace {

struct ErrorWalk {
  std::string innermost;
  std::string os_message;
};

herr_t collect_error(unsigned n, const H5E_error2_t* err, void* data) {
  auto* walk = static_cast<ErrorWalk*>(data);
  const std::string desc = err->desc != nullptr ? err->desc : "";
  if (n == 0) walk->innermost = desc;
  // The sec2 driver spells the errno text as: ..., error message = 'No such file or directory'
  constexpr std::string_view kMarker = "error message = '";
  if (walk->os_message.empty()) {
    const auto at = desc.find(kMarker);
    if (at != std::string::npos) {
      const auto begin = at + kMarker.size();
      const auto end = desc.find('\'', begin);
      walk->os_message = desc.substr(begin, end == std::string::npos ? end : end - begin);
    }
  }
  return 0;
}

std::string shortest(double v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string shortest(float v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

// One value of type T from raw bytes, which need not be aligned for T.
template <class T>
T load(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

std::string format_element(hid_t mem_type, const void* element) {
  const H5T_class_t cls = H5Tget_class(mem_type);
  const std::size_t size = H5Tget_size(mem_type);
  const auto* p = static_cast<const unsigned char*>(element);
  if (cls == H5T_FLOAT && size == sizeof(double)) {
    double v;
    std::memcpy(&v, p, sizeof v);
    return std::isnan(v) ? "nan" : shortest(v);
  }
  if (cls == H5T_FLOAT && size == sizeof(float)) {
    float v;
    std::memcpy(&v, p, sizeof v);
    return std::isnan(v) ? "nan" : shortest(v);
  }
  if (cls == H5T_INTEGER && H5Tget_sign(mem_type) == H5T_SGN_2) {
    std::int64_t v = 0;
    // Sign extension of an 8-bit value is the intent here, not a char mistaken for a number.
    if (size == 1) v = load<std::int8_t>(p);  // NOLINT(bugprone-signed-char-misuse)
    if (size == 2) v = load<std::int16_t>(p);
    if (size == 4) v = load<std::int32_t>(p);
    if (size == 8) v = load<std::int64_t>(p);
    return std::to_string(v);
  }
  if (cls == H5T_INTEGER) {
    std::uint64_t v = 0;
    if (size == 1) v = *p;
    if (size == 2) v = load<std::uint16_t>(p);
    if (size == 4) v = load<std::uint32_t>(p);
    if (size == 8) v = load<std::uint64_t>(p);
    return std::to_string(v);
  }
  if (cls == H5T_STRING && H5Tis_variable_str(mem_type) > 0) {
    const char* s = load<const char*>(p);
    return s != nullptr ? s : "";
  }
  if (cls == H5T_STRING) {
    const char* s = reinterpret_cast<const char*>(p);
    return std::string(s, strnlen(s, size));
  }
  std::string text(1, '<');
  text += std::to_string(size);
  text += " bytes>";
  return text;
}

namespace {

// Renders `count` elements of memory type `mem` stored at `data`.
std::string render_values(hid_t mem, const unsigned char* data, std::size_t count) {
  const std::size_t size = H5Tget_size(mem);
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += format_element(mem, data + i * size);
  }
  return count == 1 ? out : "[" + out + "]";
}

}  // namespace

std::string hdf5_error_reason() {
  ErrorWalk walk;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &walk);
  return walk.os_message.empty() ? walk.innermost : walk.os_message;
}

H5Id open_h5_for_reading(const std::string& path) {
  QuietHdf5Errors quiet;
  H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (file) return file;
  std::string reason = hdf5_error_reason();
  // A file being written under SWMR is locked against ordinary readers; SWMR read still works.
  file = H5Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, H5P_DEFAULT));
  if (file) return file;
  if (reason.empty()) reason = hdf5_error_reason();
  throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, "",
                   "cannot open HDF5 file" + (reason.empty() ? "" : ": " + reason));
}

std::vector<hsize_t> dataspace_dims(hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(rank > 0 ? static_cast<std::size_t>(rank) : 0);
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

std::optional<std::string> attribute_text(hid_t object, const std::string& name) {
  QuietHdf5Errors quiet;
  if (H5Aexists(object, name.c_str()) <= 0) return std::nullopt;
  H5Id attr(H5Aopen(object, name.c_str(), H5P_DEFAULT));
  if (!attr) return std::nullopt;
  H5Id file_type(H5Aget_type(attr.get()));
  H5Id space(H5Aget_space(attr.get()));
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count <= 0) return std::string();
  const H5T_class_t cls = H5Tget_class(file_type.get());
  if (cls != H5T_FLOAT && cls != H5T_INTEGER && cls != H5T_STRING) {
    std::string text(1, '<');
    text += datatype_name(file_type.get());
    text += '>';
    return text;
  }
  H5Id mem(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND));
  const std::size_t size = H5Tget_size(mem.get());
  std::vector<unsigned char> buf(size * static_cast<std::size_t>(count) + 1, 0);
  if (H5Aread(attr.get(), mem.get(), buf.data()) < 0) return std::nullopt;
  std::string text = render_values(mem.get(), buf.data(), static_cast<std::size_t>(count));
  if (H5Tis_variable_str(mem.get()) > 0) {
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, buf.data());
  }
  return text;
}

namespace {

herr_t collect_scale_name(hid_t, unsigned, hid_t scale, void* data) {
  auto* names = static_cast<std::vector<std::string>*>(data);
  const ssize_t len = H5Iget_name(scale, nullptr, 0);
  std::string name(len > 0 ? static_cast<std::size_t>(len) : 0, '\0');
  if (len > 0) H5Iget_name(scale, name.data(), name.size() + 1);
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  names->push_back(name);
  return 0;
}

}  // namespace

std::vector<std::vector<std::string>> dimension_scale_names(hid_t dataset) {
  QuietHdf5Errors quiet;
  H5Id space(H5Dget_space(dataset));
  const std::size_t rank = dataspace_dims(space.get()).size();
  std::vector<std::vector<std::string>> out(rank);
  if (H5DSis_scale(dataset) > 0) {
    if (rank == 1) {
      std::vector<std::string> self;
      collect_scale_name(dataset, 0, dataset, &self);
      out[0] = self;
    }
    return out;
  }
  if (H5Aexists(dataset, "DIMENSION_LIST") <= 0) return out;
  for (std::size_t axis = 0; axis < rank; ++axis) {
    if (H5DSget_num_scales(dataset, static_cast<unsigned>(axis)) <= 0) continue;
    H5DSiterate_scales(dataset, static_cast<unsigned>(axis), nullptr, collect_scale_name,
                       &out[axis]);
  }
  return out;
}

std::string datatype_name(hid_t type) {
  const std::size_t size = H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_FLOAT:
      return "float" + std::to_string(size * 8);
    case H5T_INTEGER:
      return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(size * 8);
    case H5T_STRING: {
      const std::string cset = H5Tget_cset(type) == H5T_CSET_UTF8 ? "utf-8" : "ascii";
      if (H5Tis_variable_str(type) > 0) return "string(vlen, " + cset + ")";
      return "string(" + std::to_string(size) + ", " + cset + ")";
    }
    case H5T_COMPOUND:
      return "compound(" + std::to_string(size) + ")";
    case H5T_REFERENCE:
      return "reference";
    case H5T_ENUM:
      return "enum";
    case H5T_VLEN:
      return "vlen";
    case H5T_ARRAY:
      return "array";
    case H5T_OPAQUE:
      return "opaque";
    case H5T_BITFIELD:
      return "bitfield";
    default:
      return "unknown";
  }
}

}  // namespace sim
