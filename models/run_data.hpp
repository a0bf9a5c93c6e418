// A finished run's output read back for checks: records by month, countries, cached variables.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/h5_reader.hpp"
#include "sim/year_month.hpp"

namespace models {

class RunData {
 public:
  // Opens the file; throws sim::InputError(kIo) when it cannot be read.
  explicit RunData(const std::string& path);

  const std::string& path() const { return reader_.path(); }
  int records() const { return static_cast<int>(months_.size()); }
  // Index of the record dated `month`; throws InputError naming the month when the file lacks it
  // (facts need monthly records, `output.every` 1).
  int record(const sim::YearMonth& month) const;
  // Records from `first` to `last` inclusive.
  std::vector<int> records_between(const sim::YearMonth& first, const sim::YearMonth& last) const;

  int countries() const { return static_cast<int>(iso3_.size()); }
  // Country index of an ISO3 code; throws InputError when the run does not hold it.
  int country(const std::string& iso3) const;
  const std::vector<std::string>& income_group() const { return income_; }

  // A variable's values (cached); value(name, t, c, k) indexes (time, country, category).
  const sim::H5Array& variable(const std::string& name) const;
  double value(const std::string& name, int t, int c = 0, int k = 0) const;

 private:
  sim::H5Reader reader_;
  std::vector<sim::YearMonth> months_;
  std::vector<std::string> iso3_, income_;
  mutable std::map<std::string, sim::H5Array> cache_;
};

}  // namespace models
