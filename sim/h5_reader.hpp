// Reads whole variables and attributes of a run's HDF5 file into memory (for facts and checks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/h5_handle.hpp"

namespace sim {

// A variable's values as doubles in C order, with its shape and dimension names.
struct H5Array {
  std::vector<double> values;
  std::vector<std::size_t> shape;
  std::vector<std::string> dims;
};

class H5Reader {
 public:
  // Opens read-only (SWMR-read fallback); throws InputError(kIo) naming the path.
  explicit H5Reader(std::string path);

  const std::string& path() const { return path_; }
  bool has(const std::string& name) const;
  // Throws InputError(kIo) naming the variable when absent or unreadable.
  H5Array doubles(const std::string& name) const;
  std::vector<std::string> strings(const std::string& name) const;
  // A global attribute as text (see attribute_text); nullopt when absent.
  std::optional<std::string> attribute(const std::string& name) const;

 private:
  std::string path_;
  H5Id file_;
};

}  // namespace sim
