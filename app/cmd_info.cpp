// `aidivide info RUN.h5`: summarises a run output (scenario, seed, status, records, variables).
#include <hdf5.h>
#include <hdf5_hl.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "run/run_checkpoint.hpp"
#include "sim/error.hpp"
#include "sim/h5_handle.hpp"

namespace app {

namespace {

constexpr const char* kDimWithoutVariable = "This is a netCDF dimension but not a netCDF variable.";

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

// Inverse of days_from_civil, returning year and month.
void civil_from_days(long z, long& year, unsigned& month) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<long>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

// "days since YYYY-MM-DD[ ...]" -> days of the origin since 1970-01-01.
// std::from_chars, unlike sscanf, reports a number out of range instead of overflowing.
std::optional<long> parse_days_since(const std::string& units) {
  constexpr std::string_view kPrefix = "days since ";
  std::string_view rest(units);
  if (!rest.starts_with(kPrefix)) return std::nullopt;
  rest.remove_prefix(kPrefix.size());
  const auto number = [&rest](auto& value) {
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
    return ec == std::errc();
  };
  const auto dash = [&rest] {
    if (!rest.starts_with('-')) return false;
    rest.remove_prefix(1);
    return true;
  };
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (!number(y) || !dash() || !number(m) || !dash() || !number(d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string year_month_text(double days, long origin) {
  if (!std::isfinite(days)) return "?";
  long year = 0;
  unsigned month = 0;
  civil_from_days(origin + static_cast<long>(std::floor(days)), year, month);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04ld-%02u", year, month);
  return buf;
}

herr_t collect_link(hid_t, const char* name, const H5L_info_t* info, void* data) {
  if (info->type == H5L_TYPE_HARD) static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

// Root-level object names in creation order when tracked (as netCDF lists them), else by name.
std::vector<std::string> root_names(hid_t file) {
  std::vector<std::string> names;
  hsize_t idx = 0;
  if (H5Literate(file, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect_link, &names) < 0) {
    names.clear();
    idx = 0;
    H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_link, &names);
  }
  return names;
}

struct DatasetInfo {
  std::string name;
  std::vector<hsize_t> dims;
  bool unlimited = false;
  bool is_scale = false;
  bool dimension_only = false;
  std::vector<std::string> dim_names;
  std::string units;
};

std::vector<DatasetInfo> describe_datasets(hid_t file) {
  std::vector<DatasetInfo> out;
  for (const std::string& name : root_names(file)) {
    sim::H5Id object(H5Oopen(file, name.c_str(), H5P_DEFAULT));
    if (!object || H5Iget_type(object.get()) != H5I_DATASET) continue;
    DatasetInfo info;
    info.name = name;
    sim::H5Id space(H5Dget_space(object.get()));
    info.dims = sim::dataspace_dims(space.get());
    if (!info.dims.empty()) {
      std::vector<hsize_t> max(info.dims.size());
      H5Sget_simple_extent_dims(space.get(), nullptr, max.data());
      info.unlimited = max[0] == H5S_UNLIMITED;
    }
    info.is_scale = H5DSis_scale(object.get()) > 0;
    const auto scale_name = sim::attribute_text(object.get(), "NAME");
    info.dimension_only =
        info.is_scale && scale_name && scale_name->rfind(kDimWithoutVariable, 0) == 0;
    const auto scales = sim::dimension_scale_names(object.get());
    for (std::size_t axis = 0; axis < scales.size(); ++axis) {
      info.dim_names.push_back(scales[axis].empty() ? "phony_dim_" + std::to_string(axis)
                                                    : scales[axis].front());
    }
    info.units = sim::attribute_text(object.get(), "units").value_or("");
    out.push_back(std::move(info));
  }
  return out;
}

void print_time_range(hid_t file, std::ostream& out) {
  sim::QuietHdf5Errors quiet;
  sim::H5Id time(H5Dopen2(file, "time", H5P_DEFAULT));
  if (!time) {
    out << "records:       (no time variable)\n";
    return;
  }
  sim::H5Id space(H5Dget_space(time.get()));
  const auto dims = sim::dataspace_dims(space.get());
  const hsize_t records = dims.size() == 1 ? dims[0] : 0;
  out << "records:       " << records << "\n";
  if (records == 0) return;
  std::vector<double> values(records);
  if (H5Dread(time.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    return;
  }
  const std::string units = sim::attribute_text(time.get(), "units").value_or("");
  const auto origin = parse_days_since(units);
  if (origin) {
    out << "first time:    " << year_month_text(values.front(), *origin) << "\n";
    out << "last time:     " << year_month_text(values.back(), *origin) << "\n";
  } else {
    out << "first time:    " << values.front() << " " << units << "\n";
    out << "last time:     " << values.back() << " " << units << "\n";
  }
}

void print_info(const std::string& path, std::ostream& out) {
  sim::H5Id file = sim::open_h5_for_reading(path);
  sim::QuietHdf5Errors quiet;
  sim::H5Id root(H5Gopen2(file.get(), "/", H5P_DEFAULT));
  out << "file:          " << path << "\n";
  for (const char* name : {"scenario_name", "seed", "replicate", "status", "source", "created"}) {
    const auto value = sim::attribute_text(root.get(), name);
    out << std::left << std::setw(15) << (std::string(name) + ":") << value.value_or("(missing)")
        << "\n";
  }
  print_time_range(file.get(), out);

  const std::vector<DatasetInfo> datasets = describe_datasets(file.get());
  out << "dimensions:\n";
  for (const DatasetInfo& d : datasets) {
    if (!d.is_scale || d.dims.size() != 1) continue;
    out << "  " << std::left << std::setw(24) << d.name << d.dims[0]
        << (d.unlimited ? " (unlimited)" : "") << "\n";
  }
  out << "variables:\n";
  for (const DatasetInfo& d : datasets) {
    if (d.dimension_only) continue;
    std::string dims = "(";
    for (std::size_t i = 0; i < d.dim_names.size(); ++i) {
      dims += (i > 0 ? ", " : "") + d.dim_names[i];
    }
    dims += ")";
    out << "  " << std::left << std::setw(24) << d.name;
    if (d.units.empty()) {
      out << dims << "\n";
    } else {
      out << std::setw(28) << dims << "[" << d.units << "]\n";
    }
  }
}

}  // namespace

int cmd_info(int argc, char** argv) {
  CommandLine cli("info",
                  "usage: aidivide info RUN.h5|CHECKPOINT\n\n"
                  "Prints scenario, seed, replicate, status, records, time range, dimensions and\n"
                  "variables of a run output (a running .part file too), or the run, month and\n"
                  "output of a checkpoint.\n\n");
  std::string file;
  cli.positional("RUN.h5", &file);
  if (const auto status = cli.parse(argc, argv)) return *status;
  try {
    if (sim::is_checkpoint_file(file)) {
      print_checkpoint(read_checkpoint(file).info, std::cout);
    } else {
      print_info(file, std::cout);
    }
    return kExitOk;
  } catch (const sim::InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "aidivide info: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace app
