// Reading a run back: time decoded to months, coordinates, attributes, cached variables.
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

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return "(" + out + ")";
}

}  // namespace

RunData::RunData(const std::string& path) : reader_(std::in_place, path), path_(path) {
  const sim::H5Array time = reader_->doubles("time");
  for (double d : time.values) months_.push_back(month_of(d));
  iso3_ = reader_->strings("country");
  income_ = reader_->strings("country_income_group");
}

RunData::RunData(const RunContents& contents)
    : path_(contents.path),
      months_(contents.months),
      iso3_(contents.iso3),
      income_(contents.income),
      attributes_(contents.attributes),
      labels_(contents.labels),
      cache_(contents.variables) {}

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

int RunData::find_country(const std::string& iso3) const {
  const auto it = std::find(iso3_.begin(), iso3_.end(), iso3);
  return it == iso3_.end() ? -1 : static_cast<int>(it - iso3_.begin());
}

int RunData::country(const std::string& iso3) const {
  const int c = find_country(iso3);
  if (c < 0) {
    throw sim::InputError(sim::InputKind::kIo, {path(), 0, 0}, "country",
                          "the run does not include " + iso3);
  }
  return c;
}

std::optional<std::string> RunData::attribute(const std::string& name) const {
  if (reader_) return reader_->attribute(name);
  const auto it = attributes_.find(name);
  if (it == attributes_.end()) return std::nullopt;
  return it->second;
}

const std::vector<std::string>& RunData::labels(const std::string& dim) const {
  auto it = labels_.find(dim);
  if (it != labels_.end()) return it->second;
  if (!reader_ || !reader_->has(dim)) {
    throw sim::InputError(
        sim::InputKind::kIo, {path(), 0, 0}, dim,
        "the run has no dimension " + dim + " (written by a model version without it?)");
  }
  return labels_.emplace(dim, reader_->strings(dim)).first->second;
}

int RunData::label_index(const std::string& dim, const std::string& label) const {
  const std::vector<std::string>& l = labels(dim);
  const auto it = std::find(l.begin(), l.end(), label);
  if (it == l.end()) {
    throw sim::InputError(sim::InputKind::kIo, {path(), 0, 0}, dim,
                          "the dimension has no label " + label);
  }
  return static_cast<int>(it - l.begin());
}

const sim::H5Array& RunData::variable(const std::string& name) const {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second;
  if (!reader_ || !reader_->has(name)) {
    throw sim::InputError(sim::InputKind::kIo, {path(), 0, 0}, name,
                          "the run has no variable " + name +
                              " (written by a model version without it, or left out by "
                              "output.variables)");
  }
  return cache_.emplace(name, reader_->doubles(name)).first->second;
}

const sim::H5Array& RunData::variable(const std::string& name,
                                      const std::vector<std::string>& dims) const {
  const sim::H5Array& a = variable(name);
  if (a.dims != dims) {
    throw sim::InputError(sim::InputKind::kIo, {path(), 0, 0}, name,
                          "has dimensions " + joined(a.dims) + ", facts need " + joined(dims) +
                              " (written by another model version?)");
  }
  return a;
}

double RunData::value(const std::string& name, int t, int c, int k) const {
  const sim::H5Array& a = variable(name);
  std::size_t index = static_cast<std::size_t>(t);
  if (a.shape.size() >= 2) index = index * a.shape[1] + static_cast<std::size_t>(c);
  if (a.shape.size() >= 3) index = index * a.shape[2] + static_cast<std::size_t>(k);
  return a.values.at(index);
}

double RunData::at(const std::string& name, const std::vector<int>& index) const {
  const sim::H5Array& a = variable(name);
  if (index.size() != a.shape.size()) {
    throw sim::InputError(sim::InputKind::kIo, {path(), 0, 0}, name,
                          "has " + std::to_string(a.shape.size()) + " axes, facts index " +
                              std::to_string(index.size()));
  }
  std::size_t flat = 0;
  for (std::size_t i = 0; i < index.size(); ++i) {
    flat = flat * a.shape[i] + static_cast<std::size_t>(index[i]);
  }
  return a.values.at(flat);
}

}  // namespace models
