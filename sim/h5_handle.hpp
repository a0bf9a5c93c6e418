// Shared HDF5 plumbing: owned identifiers, quiet error capture, read-only open, attribute lookup.
#pragma once

#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

namespace sim {

// Owns one HDF5 identifier of any kind (file, dataset, attribute, dataspace, type, plist) and
// closes it with the matching H5*close, so no code path can leak a handle or close the wrong kind.
class H5Id {
 public:
  H5Id() = default;
  explicit H5Id(hid_t id) : id_(id) {}
  ~H5Id() { reset(); }
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  H5Id(H5Id&& other) noexcept : id_(other.release()) {}
  H5Id& operator=(H5Id&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.release();
    }
    return *this;
  }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  explicit operator bool() const { return valid(); }
  hid_t release() {
    const hid_t id = id_;
    id_ = H5I_INVALID_HID;
    return id;
  }
  // Closes now; returns false when HDF5 reported an error (e.g. a failed write-back on close).
  bool close();
  void reset() { static_cast<void>(close()); }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

// Silences HDF5's automatic error printing for a scope: errors are reported through exceptions
// with a captured reason instead of a stack dump on stderr. Restores the previous handler.
class QuietHdf5Errors {
 public:
  QuietHdf5Errors();
  ~QuietHdf5Errors();
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
};

// The most specific reason on the current HDF5 error stack, preferring the operating-system
// message (e.g. "No space left on device"); empty when the stack is empty.
std::string hdf5_error_reason();

// Opens an HDF5 file read-only; falls back to SWMR read so files being written can be inspected.
// Throws InputError(kIo) naming the path when the file cannot be opened.
H5Id open_h5_for_reading(const std::string& path);

// A short human-readable rendering of an attribute's value (strings unquoted, numbers in shortest
// round-trip form, arrays as [a, b]); nullopt when the object has no such attribute.
std::optional<std::string> attribute_text(hid_t object, const std::string& name);

// Names (without the leading '/') of the dimension scales attached to each axis of a dataset; a
// dimension scale dataset reports itself on its only axis. Empty inner list: axis without scale.
std::vector<std::vector<std::string>> dimension_scale_names(hid_t dataset);

// Shape of a dataset or attribute dataspace (empty for scalars).
std::vector<hsize_t> dataspace_dims(hid_t space);

// One element of memory type `mem_type` at `element` as text: shortest round-trip numbers, "nan",
// strings unquoted (vlen strings: `element` points at the char*), "<N bytes>" for other classes.
std::string format_element(hid_t mem_type, const void* element);

// A short name for a datatype: float64, float32, int32, uint8, string, string(12), ...
std::string datatype_name(hid_t type);

}  // namespace sim
