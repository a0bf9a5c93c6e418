// Whole-variable reads through the HDF5 C API.
#include "sim/h5_reader.hpp"

#include "sim/error.hpp"

namespace sim {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& name, const std::string& why) {
  throw InputError(InputKind::kIo, SourceLocation{path, 0, 0}, name, why);
}

}  // namespace

H5Reader::H5Reader(std::string path) : path_(std::move(path)), file_(open_h5_for_reading(path_)) {}

bool H5Reader::has(const std::string& name) const {
  QuietHdf5Errors quiet;
  return H5Lexists(file_.get(), name.c_str(), H5P_DEFAULT) > 0;
}

H5Array H5Reader::doubles(const std::string& name) const {
  QuietHdf5Errors quiet;
  if (!has(name)) fail(path_, name, "variable missing from the file");
  H5Id dataset(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT));
  if (!dataset) fail(path_, name, "cannot open variable: " + hdf5_error_reason());
  H5Id space(H5Dget_space(dataset.get()));
  H5Array out;
  std::size_t count = 1;
  for (hsize_t d : dataspace_dims(space.get())) {
    out.shape.push_back(static_cast<std::size_t>(d));
    count *= static_cast<std::size_t>(d);
  }
  out.values.resize(count);
  if (count > 0 && H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                           out.values.data()) < 0) {
    fail(path_, name, "cannot read variable: " + hdf5_error_reason());
  }
  for (const auto& axis : dimension_scale_names(dataset.get())) {
    out.dims.push_back(axis.empty() ? std::string() : axis.front());
  }
  return out;
}

std::vector<std::string> H5Reader::strings(const std::string& name) const {
  QuietHdf5Errors quiet;
  if (!has(name)) fail(path_, name, "variable missing from the file");
  H5Id dataset(H5Dopen2(file_.get(), name.c_str(), H5P_DEFAULT));
  H5Id space(H5Dget_space(dataset.get()));
  const std::vector<hsize_t> shape = dataspace_dims(space.get());
  const std::size_t count = shape.empty() ? 1 : static_cast<std::size_t>(shape[0]);
  H5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  std::vector<char*> raw(count, nullptr);
  if (H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
    fail(path_, name, "cannot read strings: " + hdf5_error_reason());
  }
  std::vector<std::string> out;
  out.reserve(count);
  for (char* s : raw) out.emplace_back(s ? s : "");
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
  return out;
}

std::optional<std::string> H5Reader::attribute(const std::string& name) const {
  QuietHdf5Errors quiet;
  return attribute_text(file_.get(), name);
}

}  // namespace sim
