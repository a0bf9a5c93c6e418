// ensemble.h5 and ensemble_stats.h5: a sweep's complete members merged variable by variable.
#include "ensemble/sweep_merge.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>

#include "models/params.hpp"
#include "models/scenario.hpp"
#include "sim/h5_handle.hpp"
#include "sim/nc_file.hpp"
#include "sim/replicate_stats.hpp"

namespace app {

namespace {

namespace fs = std::filesystem;
using sim::NcAttrs;
using sim::NcType;
using sim::NcVariableInfo;

// netCDF's default int fill, which run files hold where an int32 value is missing.
constexpr double kFillInt32 = -2147483647.0;

const models::ParamField* find_field(const std::string& key_path) {
  static const std::vector<models::ParamField> fields = models::list_param_fields(models::Params{});
  for (const auto& field : fields) {
    if (field.key_path == key_path) return &field;
  }
  return nullptr;
}

[[noreturn]] void fail(const std::string& path, const std::string& name,
                       const std::string& reason) {
  throw sim::InputError(sim::InputKind::kIo, sim::SourceLocation{path, 0, 0}, name, reason);
}

struct MemberFile {
  std::string path;
  sim::H5Id file;
};

MemberFile open_member(const std::string& dir, const ManifestRow& row) {
  MemberFile m;
  m.path = member_file(dir, row.member_id);
  m.file = sim::open_h5_for_reading(m.path);
  return m;
}

bool same_definition(const NcVariableInfo& a, const NcVariableInfo& b) {
  return a.name == b.name && a.dims == b.dims && a.shape == b.shape && a.type == b.type &&
         a.is_dimension == b.is_dimension && a.has_values == b.has_values;
}

// Strings that depend only on the coordinates (country names, regions) are stored once; every
// numeric variable gets the run (or point) axis.
bool is_shared(const NcVariableInfo& v) { return v.is_dimension || v.type == NcType::kString; }

// The first complete member's layout, coordinates and shared strings, which every other member
// must repeat exactly: ensemble.h5 has one axis of each.
class Reference {
 public:
  explicit Reference(const MemberFile& first)
      : path_(first.path), layout_(sim::read_nc_layout(first.file.get(), first.path)) {
    for (const NcVariableInfo& v : layout_) {
      if (!is_shared(v) || !v.has_values) continue;
      if (v.type == NcType::kString) {
        strings_[v.name] = sim::read_nc_strings(first.file.get(), first.path, v.name);
      } else {
        doubles_[v.name] = sim::read_nc_doubles(first.file.get(), first.path, v.name);
      }
    }
  }

  const std::vector<NcVariableInfo>& layout() const { return layout_; }
  const std::vector<std::string>& strings(const std::string& name) const {
    return strings_.at(name);
  }
  const std::vector<double>& doubles(const std::string& name) const { return doubles_.at(name); }

  void check(const MemberFile& m) const {
    const auto layout = sim::read_nc_layout(m.file.get(), m.path);
    const std::string against = " (ensemble.h5 needs every member on the layout of " + path_ + ")";
    if (layout.size() != layout_.size())
      fail(m.path, "", "other variables than the first member" + against);
    for (std::size_t i = 0; i < layout.size(); ++i) {
      if (!same_definition(layout[i], layout_[i])) {
        fail(m.path, layout_[i].name, "defined differently" + against);
      }
    }
    for (const auto& [name, values] : strings_) {
      if (sim::read_nc_strings(m.file.get(), m.path, name) != values) {
        fail(m.path, name, "different values" + against);
      }
    }
    for (const auto& [name, values] : doubles_) {
      const auto mine = sim::read_nc_doubles(m.file.get(), m.path, name);
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!(mine[i] == values[i]) && !(std::isnan(mine[i]) && std::isnan(values[i]))) {
          fail(m.path, name, "different values" + against);
        }
      }
    }
  }

 private:
  std::string path_;
  std::vector<NcVariableInfo> layout_;
  std::map<std::string, std::vector<std::string>> strings_;
  std::map<std::string, std::vector<double>> doubles_;
};

// The member's dimensions and coordinate variables, then its shared strings, as in the member.
void add_member_dimensions(sim::NcFileWriter& w, const Reference& ref) {
  for (const NcVariableInfo& v : ref.layout()) {
    if (!v.is_dimension) continue;
    if (!v.has_values) {
      w.add_dimension(v.name, v.shape.at(0));
    } else if (v.type == NcType::kString) {
      w.add_coordinate(v.name, ref.strings(v.name), v.attrs);
    } else {
      w.add_coordinate(v.name, ref.doubles(v.name), v.attrs);
    }
  }
}

void add_shared_strings(sim::NcFileWriter& w, const Reference& ref) {
  for (const NcVariableInfo& v : ref.layout()) {
    if (v.is_dimension || v.type != NcType::kString) continue;
    w.write_all(w.add_variable(v.name, v.dims, NcType::kString, v.attrs), ref.strings(v.name));
  }
}

double parse_value(const std::string& text) {
  double v = std::numeric_limits<double>::quiet_NaN();
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

// Coordinates over `axis` (run or point): scenario, optionally replicate and seed, then one per
// varied parameter. Returns the names for the data variables' `coordinates` attribute.
std::string add_row_coordinates(sim::NcFileWriter& w, const std::string& axis,
                                const Manifest& manifest,
                                const std::vector<const ManifestRow*>& rows, bool with_replicate) {
  std::vector<std::string> scenario;
  std::vector<std::int64_t> replicate;
  std::vector<std::uint64_t> seed;
  for (const ManifestRow* row : rows) {
    scenario.push_back(row->scenario);
    replicate.push_back(row->replicate);
    seed.push_back(row->seed);
  }
  std::string names = "scenario";
  w.write_all(w.add_variable("scenario", {axis}, NcType::kString,
                             {{"units", "1"},
                              {"long_name", "scenario"},
                              {"description", "name of the scenario file (its stem)"}}),
              scenario);
  if (with_replicate) {
    w.write_all(
        w.add_variable(
            "replicate", {axis}, NcType::kInt64,
            {{"units", "1"}, {"long_name", "replicate"}, {"description", "replicate index"}}),
        std::span<const std::int64_t>(replicate));
    w.write_all(w.add_variable("seed", {axis}, NcType::kUInt64,
                               {{"units", "1"},
                                {"long_name", "member seed"},
                                {"description",
                                 "key of the member's random streams: a hash of the root seed "
                                 "and the replicate, shared by every scenario and design point"}}),
                std::span<const std::uint64_t>(seed));
    names += " replicate seed";
  }
  for (std::size_t j = 0; j < manifest.parameters.size(); ++j) {
    const std::string& key = manifest.parameters[j];
    const models::ParamField* field = find_field(key);
    const bool integer = field != nullptr && field->type == "integer";
    const NcAttrs attrs = {{"units", field ? field->meta.unit : "1"},
                           {"long_name", key},
                           {"description", field ? field->meta.doc : "varied parameter"}};
    const int handle =
        w.add_variable(key, {axis}, integer ? NcType::kInt64 : NcType::kFloat64, attrs);
    if (integer) {
      std::vector<std::int64_t> values;
      values.reserve(rows.size());
      for (const ManifestRow* row : rows)
        values.push_back(std::llround(parse_value(row->values[j])));
      w.write_all(handle, std::span<const std::int64_t>(values));
    } else {
      std::vector<double> values;
      values.reserve(rows.size());
      for (const ManifestRow* row : rows) values.push_back(parse_value(row->values[j]));
      w.write_all(handle, std::span<const double>(values));
    }
    names += " " + key;
  }
  return names;
}

void set_common_attrs(sim::NcFileWriter& w, const std::string& title,
                      const std::string& description, const Manifest& manifest) {
  w.set_attr("Conventions", "CF-1.8");
  w.set_attr("title", title);
  w.set_attr("source", std::string("aidivide ") + AIDIVIDE_VERSION);
  w.set_attr("description", description);
  w.set_attr("root_seed", manifest.rows.empty() ? std::int64_t{0} : manifest.rows[0].root_seed);
  w.set_attr("members_planned", static_cast<std::int64_t>(manifest.rows.size()));
}

void write_ensemble(const std::string& dir, const Manifest& manifest,
                    const std::vector<const ManifestRow*>& complete, const Reference& ref,
                    const std::string& path) {
  sim::NcFileWriter w(path);
  set_common_attrs(w, "aidivide ensemble",
                   "one run per complete sweep member, in plan order; members/<run>.h5 is the "
                   "member's own file",
                   manifest);
  w.set_attr("members", static_cast<std::int64_t>(complete.size()));
  std::vector<std::string> ids;
  ids.reserve(complete.size());
  for (const ManifestRow* row : complete) ids.push_back(row->member_id);
  w.add_coordinate("run", ids,
                   {{"units", "1"},
                    {"long_name", "sweep member"},
                    {"description", "member id: a hash of scenario, parameters and replicate"}});
  add_member_dimensions(w, ref);
  const std::string coordinates = add_row_coordinates(w, "run", manifest, complete, true);
  add_shared_strings(w, ref);
  std::vector<std::pair<const NcVariableInfo*, int>> numeric;
  for (const NcVariableInfo& v : ref.layout()) {
    if (is_shared(v)) continue;
    std::vector<std::string> dims = {"run"};
    dims.insert(dims.end(), v.dims.begin(), v.dims.end());
    NcAttrs attrs = v.attrs;
    attrs.emplace_back("coordinates", coordinates);
    numeric.emplace_back(&v, w.add_variable(v.name, dims, v.type, attrs));
  }
  // Member by member, variable by variable: one member file open and one variable in memory.
  for (std::size_t i = 0; i < complete.size(); ++i) {
    const MemberFile m = open_member(dir, *complete[i]);
    if (i > 0) ref.check(m);
    for (const auto& [var, handle] : numeric) {
      w.write_slab(handle, i, sim::read_nc_doubles(m.file.get(), m.path, var->name));
    }
  }
  w.finish();
}

std::size_t write_stats(const std::string& dir, const Manifest& manifest,
                        const std::vector<const ManifestRow*>& complete, const Reference& ref,
                        const std::string& path) {
  // Points in plan order, each with its complete replicates in plan order.
  std::vector<std::vector<const ManifestRow*>> groups;
  std::map<std::string, std::size_t> group_of;
  for (const ManifestRow* row : complete) {
    const auto [it, added] = group_of.emplace(row->point_id, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(row);
  }
  std::vector<const ManifestRow*> firsts;
  std::vector<std::string> point_ids;
  std::vector<std::int64_t> counts;
  for (const auto& g : groups) {
    firsts.push_back(g.front());
    point_ids.push_back(g.front()->point_id);
    counts.push_back(static_cast<std::int64_t>(g.size()));
  }

  sim::NcFileWriter w(path);
  set_common_attrs(w, "aidivide ensemble statistics",
                   "statistics over the complete replicates of each scenario and design point: "
                   "mean, standard deviation (n - 1) and quantiles (linear interpolation between "
                   "order statistics); missing values are skipped",
                   manifest);
  w.set_attr("points", static_cast<std::int64_t>(groups.size()));
  w.add_coordinate("point", point_ids,
                   {{"units", "1"},
                    {"long_name", "scenario and design point"},
                    {"description", "point id: a hash of scenario and parameters"}});
  w.add_coordinate("statistic", sim::ReplicateStatistics::names(),
                   {{"units", "1"},
                    {"long_name", "statistic over replicates"},
                    {"description", "mean, std (n - 1), q05..q95 quantiles"}});
  add_member_dimensions(w, ref);
  std::string coordinates = add_row_coordinates(w, "point", manifest, firsts, false);
  w.write_all(w.add_variable("n_replicates", {"point"}, NcType::kInt64,
                             {{"units", "1"},
                              {"long_name", "replicates"},
                              {"description", "complete replicates the statistics are over"},
                              {"coordinates", coordinates}}),
              std::span<const std::int64_t>(counts));
  add_shared_strings(w, ref);
  struct Numeric {
    const NcVariableInfo* var;
    int handle;
    std::size_t size;
  };
  std::vector<Numeric> numeric;
  for (const NcVariableInfo& v : ref.layout()) {
    if (is_shared(v)) continue;
    std::vector<std::string> dims = {"point", "statistic"};
    dims.insert(dims.end(), v.dims.begin(), v.dims.end());
    NcAttrs attrs = v.attrs;
    attrs.emplace_back("coordinates", coordinates);
    std::size_t size = 1;
    for (std::size_t d : v.shape) size *= d;
    numeric.push_back(
        {&v,
         w.add_variable(v.name, dims,
                        v.type == NcType::kFloat32 ? NcType::kFloat32 : NcType::kFloat64, attrs),
         size});
  }
  const std::size_t stats = sim::ReplicateStatistics::count();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::vector<MemberFile> files;
    for (const ManifestRow* row : groups[g]) files.push_back(open_member(dir, *row));
    const std::size_t replicates = files.size();
    for (const Numeric& n : numeric) {
      // Replicates x one variable: the most this merge ever holds in memory.
      std::vector<double> values(replicates * n.size);
      for (std::size_t r = 0; r < replicates; ++r) {
        const auto one = sim::read_nc_doubles(files[r].file.get(), files[r].path, n.var->name);
        std::copy(one.begin(), one.end(), values.begin() + static_cast<std::ptrdiff_t>(r * n.size));
      }
      if (n.var->type == NcType::kInt32) {
        for (double& v : values) {
          if (v == kFillInt32) v = std::numeric_limits<double>::quiet_NaN();
        }
      }
      std::vector<double> out(stats * n.size);
      sim::replicate_statistics(values, replicates, n.size, out);
      w.write_slab(n.handle, g, out);
    }
  }
  w.finish();
  return groups.size();
}

}  // namespace

std::string stats_path_for(const std::string& ensemble_path) {
  const fs::path p(ensemble_path);
  return (p.parent_path() / (p.stem().string() + "_stats" + p.extension().string())).string();
}

MergeSummary merge_ensemble(const std::string& dir, const Manifest& manifest,
                            const std::string& ensemble_path) {
  std::vector<const ManifestRow*> complete;
  for (const ManifestRow& row : manifest.rows) {
    if (row.record.status == MemberStatus::kComplete) complete.push_back(&row);
  }
  if (complete.empty()) throw std::runtime_error("no complete member to merge");
  MergeSummary summary;
  summary.ensemble_path = ensemble_path;
  summary.stats_path = stats_path_for(ensemble_path);
  const Reference ref(open_member(dir, *complete.front()));
  write_ensemble(dir, manifest, complete, ref, summary.ensemble_path);
  summary.members = complete.size();
  summary.points = write_stats(dir, manifest, complete, ref, summary.stats_path);
  return summary;
}

}  // namespace app
