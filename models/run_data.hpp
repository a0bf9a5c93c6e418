// A finished run's output read back for checks: records by month, countries, coordinate labels,
// attributes and cached variables, from an HDF5 file or (for tests and tools) from memory.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/h5_reader.hpp"
#include "sim/year_month.hpp"

namespace models {

// The contents of a run held in memory: what a file would give, without the file.
struct RunContents {
  std::string path;                                        // shown in errors
  std::vector<sim::YearMonth> months;                      // one per record
  std::vector<std::string> iso3;                           // the `country` coordinate
  std::vector<std::string> income;                         // `country_income_group`
  std::map<std::string, std::vector<std::string>> labels;  // other coordinates, by dimension
  std::map<std::string, std::string> attributes;           // global attributes
  std::map<std::string, sim::H5Array> variables;           // values with shape and dims
};

class RunData {
 public:
  // Opens the file; throws sim::InputError(kIo) when it cannot be read.
  explicit RunData(const std::string& path);
  explicit RunData(const RunContents& contents);

  const std::string& path() const { return path_; }
  int records() const { return static_cast<int>(months_.size()); }
  // Index of the record dated `month`; throws InputError naming the month when the run lacks it
  // (facts need monthly records, `output.every` 1).
  int record(const sim::YearMonth& month) const;
  // Records from `first` to `last` inclusive.
  std::vector<int> records_between(const sim::YearMonth& first, const sim::YearMonth& last) const;
  const sim::YearMonth& month(int t) const { return months_.at(static_cast<std::size_t>(t)); }

  int countries() const { return static_cast<int>(iso3_.size()); }
  const std::vector<std::string>& iso3() const { return iso3_; }
  // Country index of an ISO3 code; throws InputError when the run does not hold it.
  int country(const std::string& iso3) const;
  // Country index, or -1 when the run does not hold it.
  int find_country(const std::string& iso3) const;
  const std::vector<std::string>& income_group() const { return income_; }

  // A global attribute's text; nullopt when absent.
  std::optional<std::string> attribute(const std::string& name) const;
  // Labels of a coordinate (`bloc`, `use`, `provider`, ...); throws InputError naming it when
  // the run has no such dimension.
  const std::vector<std::string>& labels(const std::string& dim) const;
  // Position of `label` on dimension `dim`; throws InputError naming both when absent.
  int label_index(const std::string& dim, const std::string& label) const;

  // A variable's values (cached); throws InputError naming it when the run lacks it.
  const sim::H5Array& variable(const std::string& name) const;
  // The same, checking its dimensions (e.g. {"time", "country", "provider"}): a variable of the
  // same name with other dimensions (an older model's) is refused with both lists.
  const sim::H5Array& variable(const std::string& name, const std::vector<std::string>& dims) const;
  // value(name, t, c, k) indexes (time, country, category) of a variable of up to three axes.
  double value(const std::string& name, int t, int c = 0, int k = 0) const;
  // Any number of axes, in the variable's order.
  double at(const std::string& name, const std::vector<int>& index) const;

 private:
  std::optional<sim::H5Reader> reader_;
  std::string path_;
  std::vector<sim::YearMonth> months_;
  std::vector<std::string> iso3_, income_;
  std::map<std::string, std::string> attributes_;
  mutable std::map<std::string, std::vector<std::string>> labels_;
  mutable std::map<std::string, sim::H5Array> cache_;
};

}  // namespace models
