// Reading a run back: time decoded to months, coordinates, cached variables.
#include "models/run_data.hpp"

#include <algorithm>
#include <cmath>

#include "sim/error.hpp"

namespace models {

namespace {

sim::YearMonth month_of(double days_since_2023) {
  // Records are dated by the first day of their month, in days since 2023-01-01.
  const long base = sim::YearMonth{2023, 1}.days_since_epoch();
  const long day = base + static_cast<long>(std::llround(days_since_2023));
  sim::YearMonth m{2023, 1};
  while (m.plus_months(1).days_since_epoch() <= day) m = m.plus_months(1);
  while (m.days_since_epoch() > day) m = m.plus_months(-1);
  return m;
}

}  // namespace

RunData::RunData(const std::string& path) : reader_(path) {
  const sim::H5Array time = reader_.doubles("time");
  for (double d : time.values) months_.push_back(month_of(d));
  iso3_ = reader_.strings("country");
  income_ = reader_.strings("country_income_group");
}

int RunData::record(const sim::YearMonth& month) const {
  const auto it = std::find(months_.begin(), months_.end(), month);
  if (it == months_.end()) {
    throw sim::InputError(sim::InputKind::kIo, {path(), 0, 0}, "time",
                          "the run has no record for " + month.str() +
                              " (facts need monthly records from 2023-01, output.every 1)");
  }
  return static_cast<int>(it - months_.begin());
}

std::vector<int> RunData::records_between(const sim::YearMonth& first,
                                          const sim::YearMonth& last) const {
  std::vector<int> out;
  for (sim::YearMonth m = first; m <= last; m = m.plus_months(1)) out.push_back(record(m));
  return out;
}

int RunData::country(const std::string& iso3) const {
  const auto it = std::find(iso3_.begin(), iso3_.end(), iso3);
  if (it == iso3_.end()) {
    throw sim::InputError(sim::InputKind::kIo, {path(), 0, 0}, "country",
                          "the run does not include " + iso3);
  }
  return static_cast<int>(it - iso3_.begin());
}

const sim::H5Array& RunData::variable(const std::string& name) const {
  auto it = cache_.find(name);
  if (it == cache_.end()) it = cache_.emplace(name, reader_.doubles(name)).first;
  return it->second;
}

double RunData::value(const std::string& name, int t, int c, int k) const {
  const sim::H5Array& a = variable(name);
  std::size_t index = static_cast<std::size_t>(t);
  if (a.shape.size() >= 2) index = index * a.shape[1] + static_cast<std::size_t>(c);
  if (a.shape.size() >= 3) index = index * a.shape[2] + static_cast<std::size_t>(k);
  return a.values.at(index);
}

}  // namespace models
