// The identity rule for run outputs: compares two HDF5 files, ignoring volatile attributes.
#include "sim/h5_compare.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "sim/h5_handle.hpp"

namespace sim {

namespace {

constexpr std::size_t kSlabBytes = 8 * 1024 * 1024;  // bounds memory for large datasets
constexpr int kExamplesPerDataset = 3;

// Collects at most `max` messages per object so one broken variable cannot flood the output.
class Report {
 public:
  Report(CompareResult& result, int max) : result_(result), max_(std::max(1, max)) {}

  void add(const std::string& object, const std::string& message) {
    result_.identical = false;
    int& count = counts_[object];
    if (count < max_) {
      result_.differences.push_back(object + ": " + message);
    } else if (count == max_) {
      result_.differences.push_back(object + ": further differences not shown");
    }
    ++count;
  }

 private:
  CompareResult& result_;
  int max_;
  std::map<std::string, int> counts_;
};

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string out = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(dims[i]);
  }
  return out + "]";
}

std::string names_text(const std::vector<std::vector<std::string>>& names) {
  std::string out = "(";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    if (names[i].empty()) out += "-";
    for (std::size_t j = 0; j < names[i].size(); ++j) out += (j > 0 ? "|" : "") + names[i][j];
  }
  return out + ")";
}

// Memory type used to read values: native numbers, char* for vlen strings; invalid when the type
// holds references or other variable-length data that cannot be compared byte for byte.
H5Id memory_type(hid_t file_type) {
  if (H5Tget_class(file_type) == H5T_STRING && H5Tis_variable_str(file_type) > 0) {
    H5Id mem(H5Tcopy(H5T_C_S1));
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(file_type));
    return mem;
  }
  // Strings nested in compounds may be variable-length; refuse rather than compare pointers.
  const bool nested_string =
      H5Tget_class(file_type) != H5T_STRING && H5Tdetect_class(file_type, H5T_STRING) > 0;
  if (H5Tdetect_class(file_type, H5T_VLEN) > 0 || H5Tdetect_class(file_type, H5T_REFERENCE) > 0 ||
      nested_string) {
    return H5Id();
  }
  return H5Id(H5Tget_native_type(file_type, H5T_DIR_ASCEND));
}

// Counts differing elements of two buffers of `count` elements and keeps the first examples.
struct ValueDiff {
  std::uint64_t count = 0;
  std::vector<std::string> examples;
};

bool elements_equal(bool vlen_string, const unsigned char* a, const unsigned char* b,
                    std::size_t size) {
  if (!vlen_string) return std::memcmp(a, b, size) == 0;
  const char* sa = *reinterpret_cast<const char* const*>(a);
  const char* sb = *reinterpret_cast<const char* const*>(b);
  return std::strcmp(sa != nullptr ? sa : "", sb != nullptr ? sb : "") == 0;
}

std::string index_text(std::uint64_t flat, const std::vector<hsize_t>& dims, hsize_t row_offset) {
  if (dims.empty()) return "[]";
  std::vector<hsize_t> index(dims.size());
  for (std::size_t axis = dims.size(); axis-- > 0;) {
    const hsize_t extent = std::max<hsize_t>(1, dims[axis]);
    index[axis] = flat % extent;
    flat /= extent;
  }
  index[0] += row_offset;
  return shape_text(index);
}

void diff_buffers(hid_t mem, const unsigned char* a, const unsigned char* b, std::size_t count,
                  const std::vector<hsize_t>& slab_dims, hsize_t row_offset, ValueDiff& diff) {
  const std::size_t size = H5Tget_size(mem);
  const bool vlen_string = H5Tis_variable_str(mem) > 0;
  for (std::size_t i = 0; i < count; ++i) {
    const unsigned char* pa = a + i * size;
    const unsigned char* pb = b + i * size;
    if (elements_equal(vlen_string, pa, pb, size)) continue;
    if (diff.examples.size() < kExamplesPerDataset) {
      std::string va = format_element(mem, pa);
      std::string vb = format_element(mem, pb);
      if (va == vb) vb += " (different bits)";
      diff.examples.push_back(index_text(i, slab_dims, row_offset) + ": " + va + " vs " + vb);
    }
    ++diff.count;
  }
}

std::string value_diff_text(const ValueDiff& diff) {
  std::string out =
      std::to_string(diff.count) + (diff.count == 1 ? " value differs" : " values differ");
  for (std::size_t i = 0; i < diff.examples.size(); ++i) {
    out += (i == 0 ? ", first at " : "; ") + diff.examples[i];
  }
  return out;
}

// ---------------------------------------------------------------- attributes

herr_t collect_attr_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

std::vector<std::string> attribute_names(hid_t object) {
  std::vector<std::string> names;
  hsize_t idx = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attr_name, &names);
  std::sort(names.begin(), names.end());
  return names;
}

bool is_scale_bookkeeping(const std::string& name) {
  return name == "DIMENSION_LIST" || name == "REFERENCE_LIST";
}

void compare_attribute(hid_t obj_a, hid_t obj_b, const std::string& name, const std::string& label,
                       Report& report) {
  const std::string what = "attribute " + name;
  H5Id attr_a(H5Aopen(obj_a, name.c_str(), H5P_DEFAULT));
  H5Id attr_b(H5Aopen(obj_b, name.c_str(), H5P_DEFAULT));
  if (!attr_a || !attr_b) {
    report.add(label, what + ": cannot be read");
    return;
  }
  H5Id type_a(H5Aget_type(attr_a.get()));
  H5Id type_b(H5Aget_type(attr_b.get()));
  if (H5Tequal(type_a.get(), type_b.get()) <= 0) {
    report.add(label, what + ": type " + datatype_name(type_a.get()) + " vs " +
                          datatype_name(type_b.get()));
    return;
  }
  H5Id space_a(H5Aget_space(attr_a.get()));
  H5Id space_b(H5Aget_space(attr_b.get()));
  const auto dims_a = dataspace_dims(space_a.get());
  const auto dims_b = dataspace_dims(space_b.get());
  if (dims_a != dims_b ||
      H5Sget_simple_extent_type(space_a.get()) != H5Sget_simple_extent_type(space_b.get())) {
    report.add(label, what + ": shape " + shape_text(dims_a) + " vs " + shape_text(dims_b));
    return;
  }
  const hssize_t points = H5Sget_simple_extent_npoints(space_a.get());
  if (points <= 0) return;
  H5Id mem = memory_type(type_a.get());
  if (!mem) {
    report.add(label,
               what + ": values of type " + datatype_name(type_a.get()) + " cannot be compared");
    return;
  }
  const auto count = static_cast<std::size_t>(points);
  const std::size_t size = H5Tget_size(mem.get());
  std::vector<unsigned char> buf_a(count * size, 0);
  std::vector<unsigned char> buf_b(count * size, 0);
  const bool read_a = H5Aread(attr_a.get(), mem.get(), buf_a.data()) >= 0;
  const bool read_b = H5Aread(attr_b.get(), mem.get(), buf_b.data()) >= 0;
  if (read_a && read_b) {
    ValueDiff diff;
    diff_buffers(mem.get(), buf_a.data(), buf_b.data(), count, dims_a, 0, diff);
    if (diff.count > 0) {
      if (count == 1) {
        report.add(label, what + ": " + format_element(mem.get(), buf_a.data()) + " vs " +
                              format_element(mem.get(), buf_b.data()));
      } else {
        report.add(label, what + ": " + value_diff_text(diff));
      }
    }
  } else {
    report.add(label, what + ": cannot be read");
  }
  if (H5Tis_variable_str(mem.get()) > 0) {
    if (read_a) H5Dvlen_reclaim(mem.get(), space_a.get(), H5P_DEFAULT, buf_a.data());
    if (read_b) H5Dvlen_reclaim(mem.get(), space_b.get(), H5P_DEFAULT, buf_b.data());
  }
}

void compare_attributes(hid_t obj_a, hid_t obj_b, const std::string& label, bool is_root,
                        const CompareOptions& options, Report& report) {
  auto keep = [&](const std::vector<std::string>& all) {
    std::vector<std::string> kept;
    for (const std::string& name : all) {
      if (is_scale_bookkeeping(name)) continue;
      if (is_root && is_volatile_global_attribute(name, options.ignore_scenario)) continue;
      kept.push_back(name);
    }
    return kept;
  };
  const std::vector<std::string> names_a = keep(attribute_names(obj_a));
  const std::vector<std::string> names_b = keep(attribute_names(obj_b));
  const std::set<std::string> set_b(names_b.begin(), names_b.end());
  const std::set<std::string> set_a(names_a.begin(), names_a.end());
  for (const std::string& name : names_a) {
    if (set_b.count(name) == 0) {
      report.add(label, "attribute " + name + " only in A");
    } else {
      compare_attribute(obj_a, obj_b, name, label, report);
    }
  }
  for (const std::string& name : names_b) {
    if (set_a.count(name) == 0) report.add(label, "attribute " + name + " only in B");
  }
}

// ---------------------------------------------------------------- datasets

bool has_time_axis(const std::string& path, const std::vector<std::vector<std::string>>& scales) {
  if (path == "time") return true;
  if (scales.empty()) return false;
  const auto& first = scales.front();
  return std::find(first.begin(), first.end(), "time") != first.end();
}

void compare_dataset_values(hid_t ds_a, hid_t ds_b, hid_t mem, const std::vector<hsize_t>& dims,
                            ValueDiff& diff, bool& read_error) {
  H5Id space_a(H5Dget_space(ds_a));
  H5Id space_b(H5Dget_space(ds_b));
  const std::size_t size = H5Tget_size(mem);
  const bool vlen = H5Tis_variable_str(mem) > 0;
  if (dims.empty()) {  // scalar dataset
    std::vector<unsigned char> a(size, 0);
    std::vector<unsigned char> b(size, 0);
    const bool ok_a = H5Dread(ds_a, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.data()) >= 0;
    const bool ok_b = H5Dread(ds_b, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, b.data()) >= 0;
    if (ok_a && ok_b) diff_buffers(mem, a.data(), b.data(), 1, dims, 0, diff);
    read_error = !(ok_a && ok_b);
    if (vlen && ok_a) H5Dvlen_reclaim(mem, space_a.get(), H5P_DEFAULT, a.data());
    if (vlen && ok_b) H5Dvlen_reclaim(mem, space_b.get(), H5P_DEFAULT, b.data());
    return;
  }
  std::size_t row_elems = 1;
  for (std::size_t axis = 1; axis < dims.size(); ++axis) row_elems *= dims[axis];
  if (dims[0] == 0 || row_elems == 0) return;
  const hsize_t rows_per_slab = std::max<hsize_t>(1, kSlabBytes / (row_elems * size));
  std::vector<hsize_t> start(dims.size(), 0);
  std::vector<hsize_t> count = dims;
  std::vector<unsigned char> a;
  std::vector<unsigned char> b;
  for (hsize_t row = 0; row < dims[0]; row += rows_per_slab) {
    start[0] = row;
    count[0] = std::min(rows_per_slab, dims[0] - row);
    const std::size_t elems = count[0] * row_elems;
    a.assign(elems * size, 0);
    b.assign(elems * size, 0);
    H5Id mem_space(H5Screate_simple(static_cast<int>(dims.size()), count.data(), nullptr));
    H5Sselect_hyperslab(space_a.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                        nullptr);
    H5Sselect_hyperslab(space_b.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                        nullptr);
    const bool ok_a =
        H5Dread(ds_a, mem, mem_space.get(), space_a.get(), H5P_DEFAULT, a.data()) >= 0;
    const bool ok_b =
        H5Dread(ds_b, mem, mem_space.get(), space_b.get(), H5P_DEFAULT, b.data()) >= 0;
    if (ok_a && ok_b) diff_buffers(mem, a.data(), b.data(), elems, count, row, diff);
    if (vlen && ok_a) H5Dvlen_reclaim(mem, mem_space.get(), H5P_DEFAULT, a.data());
    if (vlen && ok_b) H5Dvlen_reclaim(mem, mem_space.get(), H5P_DEFAULT, b.data());
    if (!(ok_a && ok_b)) {
      read_error = true;
      return;
    }
  }
}

void compare_datasets(hid_t ds_a, hid_t ds_b, const std::string& path,
                      const CompareOptions& options, Report& report) {
  const std::string label = "variable " + path;
  H5Id type_a(H5Dget_type(ds_a));
  H5Id type_b(H5Dget_type(ds_b));
  H5Id space_a(H5Dget_space(ds_a));
  H5Id space_b(H5Dget_space(ds_b));
  const auto dims_a = dataspace_dims(space_a.get());
  const auto dims_b = dataspace_dims(space_b.get());
  const auto scales_a = dimension_scale_names(ds_a);
  const auto scales_b = dimension_scale_names(ds_b);

  bool comparable = true;
  if (H5Tequal(type_a.get(), type_b.get()) <= 0) {
    report.add(label,
               "dtype " + datatype_name(type_a.get()) + " vs " + datatype_name(type_b.get()));
    comparable = false;
  }
  const bool prefix =
      options.prefix && has_time_axis(path, scales_a) && has_time_axis(path, scales_b);
  bool same_shape = dims_a == dims_b;
  if (prefix && dims_a.size() == dims_b.size() && !dims_a.empty()) {
    same_shape =
        dims_a[0] <= dims_b[0] && std::equal(dims_a.begin() + 1, dims_a.end(), dims_b.begin() + 1);
  }
  if (!same_shape) {
    report.add(label, "shape " + shape_text(dims_a) + " vs " + shape_text(dims_b) +
                          (prefix ? " (A must not have more records than B)" : ""));
    comparable = false;
  }
  if (scales_a != scales_b) {
    report.add(label, "dimensions " + names_text(scales_a) + " vs " + names_text(scales_b));
  }
  compare_attributes(ds_a, ds_b, label, false, options, report);
  if (!comparable) return;

  H5Id mem = memory_type(type_a.get());
  if (!mem) {
    report.add(label, "values of type " + datatype_name(type_a.get()) + " cannot be compared");
    return;
  }
  ValueDiff diff;
  bool read_error = false;
  compare_dataset_values(ds_a, ds_b, mem.get(), dims_a, diff, read_error);
  if (diff.count > 0) report.add(label, value_diff_text(diff));
  if (read_error) report.add(label, "values cannot be read");
}

// ---------------------------------------------------------------- objects

struct ObjectWalk {
  std::map<std::string, std::string> kinds;  // path without leading '/' -> dataset/group/...
};

herr_t collect_object(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  auto* walk = static_cast<ObjectWalk*>(data);
  if (info->type != H5L_TYPE_HARD) {
    walk->kinds[name] = "link";
    return 0;
  }
  H5Id object(H5Oopen(group, name, H5P_DEFAULT));
  const H5I_type_t type = object ? H5Iget_type(object.get()) : H5I_BADID;
  walk->kinds[name] = type == H5I_DATASET    ? "dataset"
                      : type == H5I_GROUP    ? "group"
                      : type == H5I_DATATYPE ? "datatype"
                                             : "object";
  return 0;
}

std::map<std::string, std::string> object_kinds(hid_t file) {
  ObjectWalk walk;
  H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, collect_object, &walk);
  return walk.kinds;
}

}  // namespace

bool is_volatile_global_attribute(std::string_view name, bool ignore_scenario) {
  if (name == "created" || name == "start_time" || name == "end_time" || name == "threads" ||
      name == "status" || name.starts_with("timing_")) {
    return true;
  }
  return ignore_scenario &&
         (name == "scenario_name" || name == "scenario_yaml" || name == "parameters_yaml");
}

CompareResult compare_h5(const std::string& path_a, const std::string& path_b,
                         const CompareOptions& options) {
  H5Id file_a = open_h5_for_reading(path_a);
  H5Id file_b = open_h5_for_reading(path_b);
  QuietHdf5Errors quiet;
  CompareResult result;
  Report report(result, options.max_differences_per_object);

  H5Id root_a(H5Gopen2(file_a.get(), "/", H5P_DEFAULT));
  H5Id root_b(H5Gopen2(file_b.get(), "/", H5P_DEFAULT));
  compare_attributes(root_a.get(), root_b.get(), "global attributes", true, options, report);

  const auto kinds_a = object_kinds(file_a.get());
  const auto kinds_b = object_kinds(file_b.get());
  for (const auto& [path, kind] : kinds_a) {
    const auto it = kinds_b.find(path);
    const std::string label = (kind == "dataset" ? "variable " : kind + " ") + path;
    if (it == kinds_b.end()) {
      report.add(label, "only in A");
      continue;
    }
    if (it->second != kind) {
      report.add(label, kind + " in A, " + it->second + " in B");
      continue;
    }
    if (kind == "link") continue;
    H5Id obj_a(H5Oopen(file_a.get(), path.c_str(), H5P_DEFAULT));
    H5Id obj_b(H5Oopen(file_b.get(), path.c_str(), H5P_DEFAULT));
    if (!obj_a || !obj_b) {
      report.add(label, "cannot be opened");
      continue;
    }
    if (kind == "dataset") {
      compare_datasets(obj_a.get(), obj_b.get(), path, options, report);
    } else {
      compare_attributes(obj_a.get(), obj_b.get(), label, false, options, report);
    }
  }
  for (const auto& [path, kind] : kinds_b) {
    if (kinds_a.count(path) == 0) {
      report.add((kind == "dataset" ? "variable " : kind + " ") + path, "only in B");
    }
  }
  return result;
}

}  // namespace sim
