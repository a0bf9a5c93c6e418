// A sweep's members: every scenario x point loaded with its overrides and checked up front (errors
// moved to where the sweep wrote the value), then listed in plan order with ids and seeds.
#include "ensemble/sweep_loader.hpp"

namespace app::sweep_load {

// ------------------------------------------------------------ every member, checked
// An error of a member's --set overrides is moved to where the sweep wrote the value.
void SweepLoader::relocate(const InputError& e, const SweepPoint& point) const {
  if (e.where().file == "--set" && e.where().line >= 1) {
    const auto i = static_cast<std::size_t>(e.where().line - 1);
    SourceLocation where = e.where();
    if (i < plan_.set_where.size()) {
      where = plan_.set_where[i];
    } else if (i - plan_.set_where.size() < point.where.size()) {
      where = point.where[i - plan_.set_where.size()];
    }
    const std::string suffix = point.label.empty() ? "" : " (" + point.label + ")";
    throw InputError(e.kind(), where, e.key_path(), e.reason() + suffix, e.got());
  }
  if (point.label.empty()) throw e;
  throw InputError(e.kind(), e.where(), e.key_path(),
                   e.reason() + " (with " + point.label + " of " + plan_.path + ")", e.got());
}

void SweepLoader::check_members_load() {
  std::vector<std::string> first_values;
  std::string first_label;
  SweepMember probe;
  for (std::size_t s = 0; s < plan_.scenarios.size(); ++s) {
    const SweepScenario& scenario = plan_.scenarios[s];  // data_sha256 is filled in below
    const std::string dir = fs::path(scenario.path).parent_path().string();
    for (std::size_t p = 0; p < plan_.points.size(); ++p) {
      probe.scenario = s;
      probe.point = p;
      models::Scenario loaded;
      try {
        loaded = models::load_scenario_text(scenario_texts_[s], scenario.path, dir,
                                            plan_.overrides(probe));
        if (p == 0) {
          // Once per scenario, everything else a run checks before tick 0 (data, output
          // variables, policies, memory): a bad sweep is refused now, not by failing every
          // member on the cluster. The output path only has to be in a writable directory.
          RunRequest request;
          request.scenario_path = scenario.path;
          request.sets = plan_.overrides(probe);
          request.seed = plan_.root_seed;
          request.replicate = 0;
          request.output = (fs::temp_directory_path() / "aidivide-sweep-check.h5").string();
          plan_.scenarios[s].data_sha256 = prepare_run(request).data.sha256;
        }
      } catch (const InputError& e) {
        relocate(e, plan_.points[p]);
      }
      std::vector<std::string> values;
      const auto fields = models::list_param_fields(loaded.params);
      for (const std::string& key : kSharedKeys) {
        for (const auto& field : fields) {
          if (field.key_path == key) values.push_back(field.value_yaml);
        }
      }
      const std::string label = plan_.points[p].label.empty()
                                    ? scenario.name
                                    : scenario.name + " with " + plan_.points[p].label;
      if (first_values.empty()) {
        first_values = values;
        first_label = label;
        continue;
      }
      for (std::size_t k = 0; k < kSharedKeys.size(); ++k) {
        if (values[k] == first_values[k]) continue;
        const std::string reason = "members of one sweep share " + kSharedKeys[k] +
                                   " (ensemble.h5 has one axis): " + label + " has " + values[k] +
                                   ", " + first_label + " has " + first_values[k];
        SourceLocation where = scenario.where;
        for (std::size_t j = 0; j < plan_.parameters.size(); ++j) {
          if (plan_.parameters[j].key_path == kSharedKeys[k]) where = plan_.points[p].where[j];
        }
        throw InputError(kKind, where, kSharedKeys[k], reason);
      }
    }
  }
}

void SweepLoader::make_members() {
  for (std::size_t s = 0; s < plan_.scenarios.size(); ++s) {
    for (std::size_t p = 0; p < plan_.points.size(); ++p) {
      // Sorted key=value lines: the id depends on what is overridden, not on how the sweep
      // file orders or groups it, and not on the other scenarios or points of the sweep.
      std::vector<std::string> lines;
      for (std::size_t i = 0; i < plan_.sets.size(); ++i) {
        lines.push_back(plan_.sets[i].first + "=" + set_canonical_[i]);
      }
      for (std::size_t j = 0; j < plan_.parameters.size(); ++j) {
        lines.push_back(plan_.parameters[j].key_path + "=" +
                        plan_.value_text(j, plan_.points[p].values[j]));
      }
      std::sort(lines.begin(), lines.end());
      // The data are part of what a member is: new data give new members, not skipped ones.
      std::string point = "aidivide sweep point 1\nscenario " + plan_.scenarios[s].name +
                          "\nscenario_sha256 " + plan_.scenarios[s].sha256 + "\ndata_sha256 " +
                          plan_.scenarios[s].data_sha256 + "\n";
      for (const std::string& line : lines) point += "set " + line + "\n";
      const std::string point_id = short_id(point);
      for (std::int64_t r = 0; r < plan_.replicates; ++r) {
        SweepMember m;
        m.index = plan_.members.size();
        m.point_id = point_id;
        m.id = short_id(point + "seed " + std::to_string(plan_.root_seed) + "\nreplicate " +
                        std::to_string(r) + "\n");
        m.scenario = s;
        m.point = p;
        m.replicate = r;
        m.seed = sim::member_seed(static_cast<std::uint64_t>(plan_.root_seed),
                                  static_cast<std::uint64_t>(r));
        plan_.members.push_back(std::move(m));
      }
    }
  }
}

}  // namespace app::sweep_load
