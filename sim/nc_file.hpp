// Whole netCDF-4-compatible HDF5 files of fixed size: layout reading and slab-by-slab writing.
//
// NcWriter (nc_writer.hpp) appends records to a live SWMR file during a run; this writer builds
// files whose every dimension is known up front (ensembles, summaries) one slab at a time, so a
// file far larger than memory can be written from parts read one after another.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/h5_handle.hpp"

namespace sim {

// Storage types; values are passed as double (converted by HDF5) unless noted.
enum class NcType { kFloat64, kFloat32, kInt32, kInt64, kUInt64, kString };

// Attributes as (name, text) pairs in the order they are written.
using NcAttrs = std::vector<std::pair<std::string, std::string>>;

// One variable of an existing file as a writer needs to reproduce it.
struct NcVariableInfo {
  std::string name;
  std::vector<std::string> dims;  // dimension name of each axis
  std::vector<std::size_t> shape;
  NcType type = NcType::kFloat64;
  bool is_dimension = false;  // a dimension scale: a coordinate variable or a bare dimension
  bool has_values = true;     // false for a bare dimension (netCDF's "not a variable" marker)
  NcAttrs attrs;  // string attributes, without HDF5 and netCDF bookkeeping or _FillValue
};

// Every dataset of the file's root group in creation order. Throws InputError(kIo) naming
// `path` when a dataset has an axis without a dimension scale or a type netCDF-4 files here
// never hold (compound, enum, ...).
std::vector<NcVariableInfo> read_nc_layout(hid_t file, const std::string& path);

// A whole variable as doubles in C order (HDF5 converts the stored type), or as strings.
// Throw InputError(kIo) naming `path` and the variable.
std::vector<double> read_nc_doubles(hid_t file, const std::string& path, const std::string& name);
std::vector<std::string> read_nc_strings(hid_t file, const std::string& path,
                                         const std::string& name);

// Life cycle: NcFileWriter w(path); set_attr / add_coordinate / add_dimension / add_variable in
// any order (a variable's dimensions first); write_* each variable; finish() fsyncs and renames
// PATH.part to PATH. A writer destroyed before finish() deletes PATH.part: bad input leaves no
// output behind. Errors throw InputError(kIo) naming PATH.part.
class NcFileWriter {
 public:
  // Variables of rank two or more are chunked (one index of the first axis, the rest whole,
  // capped at 1 MiB) and compressed with shuffle and deflate at `compression` (0 for none).
  explicit NcFileWriter(std::string final_path, int compression = 1);
  ~NcFileWriter();
  NcFileWriter(const NcFileWriter&) = delete;
  NcFileWriter& operator=(const NcFileWriter&) = delete;

  void set_attr(const std::string& name, const std::string& value);
  void set_attr(const std::string& name, std::int64_t value);
  void set_attr(const std::string& name, double value);

  // A dimension with a coordinate variable of the same name holding `labels` or `values`.
  void add_coordinate(const std::string& name, const std::vector<std::string>& labels,
                      const NcAttrs& attrs);
  void add_coordinate(const std::string& name, std::span<const double> values,
                      const NcAttrs& attrs);
  // A dimension without coordinate values.
  void add_dimension(const std::string& name, std::size_t size);
  bool has_dimension(const std::string& name) const;
  std::size_t dimension_size(const std::string& name) const;

  // Defines a variable over named dimensions (scalars are not supported); returns its handle.
  // Float variables get a NaN fill value and _FillValue; int32 ones netCDF's default int fill.
  int add_variable(const std::string& name, const std::vector<std::string>& dims, NcType type,
                   const NcAttrs& attrs);

  // The values at index `first` of the first axis (every other axis whole), C order.
  void write_slab(int handle, std::size_t first, std::span<const double> values);
  // Whole variables.
  void write_all(int handle, std::span<const double> values);
  void write_all(int handle, std::span<const std::int64_t> values);
  void write_all(int handle, std::span<const std::uint64_t> values);
  void write_all(int handle, const std::vector<std::string>& values);

  // Values one slab holds (the product of every axis but the first).
  std::size_t slab_size(int handle) const;

  void finish();
  const std::string& final_path() const { return final_path_; }
  std::string part_path() const { return final_path_ + ".part"; }

 private:
  struct Dimension {
    std::string name;
    hsize_t size = 0;
    H5Id dataset;
  };
  struct Variable {
    std::string name;
    NcType type = NcType::kFloat64;
    std::vector<hsize_t> shape;
    H5Id dataset;
  };

  [[noreturn]] void throw_io(const std::string& what) const;
  const Dimension& find_dimension(const std::string& name) const;
  Variable& variable(int handle);
  const Variable& variable(int handle) const;
  void check_new_name(const std::string& name) const;
  H5Id make_dcpl() const;
  void write_string_attr(hid_t object, const std::string& name, const std::string& value);
  void write_attrs(hid_t object, const NcAttrs& attrs);
  void finish_scale(hid_t dataset, const std::string& scale_name);
  void write_whole(int handle, hid_t mem_type, const void* data, std::size_t count);
  void close_all() noexcept;

  std::string final_path_;
  int compression_;
  H5Id file_;
  std::vector<Dimension> dims_;
  std::vector<Variable> vars_;
  int next_dimid_ = 0;
  bool finished_ = false;
};

}  // namespace sim
