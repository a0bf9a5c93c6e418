// Policy levers: the lever table, parsing and checking of `policies:` entries, target resolution.
#include "models/levers.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "models/country_data.hpp"
#include "models/enums.hpp"
#include "models/scenario.hpp"
#include "sim/did_you_mean.hpp"
#include "sim/yaml_reader.hpp"

namespace models {

namespace {

using sim::InputError;
using sim::InputKind;
using sim::YamlSource;

constexpr std::array<LeverInfo, kLevers> kLeverInfos = {{
    {"open_source_access", "USD per capita a year", 0, 1000, false,
     "shorter open lag in the targets, lower local open-weight price, faster local adaptation "
     "of open-weight language fit toward the ceiling",
     "levers.open_source_scale_usd levers.open_source_lag_cut_months levers.open_source_cost_cut "
     "levers.open_source_finetune_gain",
     "intensity times population"},
    {"regional_compute_hubs", "PFLOP/s", 0, 1e7, false,
     "compute of the members, shared in proportion to GDP; one entry per hub, the targets are its "
     "members",
     "levers.hub_cost_rate", "capex (capacity / compute_per_usd) times hub_cost_rate a year"},
    {"data_commons", "USD a year per country", 0, 1e11, false,
     "language ceiling rises toward 1; open-weight fit rises by as much, closed fit by less",
     "levers.data_commons_scale_usd levers.data_commons_rate", "intensity per targeted country"},
    {"multilateral_governance", "voice floor (1)", 0, 1, false,
     "voice floor of the targets, rule stringency toward their preferences, lower compliance cost",
     "levers.multilateral_compliance_cut levers.multilateral_cost_usd",
     "multilateral_cost_usd a year times intensity per country"},
    {"hard_infrastructure", "share of GDP a year", 0, 0.2, false,
     "digital-infrastructure pillar, internet growth, data-centre compute",
     "levers.infrastructure_di_effort levers.infrastructure_internet_growth "
     "levers.infrastructure_compute_share",
     "intensity times GDP"},
    {"soft_capacity", "seats per 1000 workers a year", 0, 500, false,
     "training seats, human-capital pillar; optional `priority: [women, youth, low_skilled]`: "
     "those groups get the free seats first",
     "levers.soft_hc_effort levers.soft_seat_cost_gdp_per_capita",
     "seats times soft_seat_cost_gdp_per_capita times GDP per capita"},
    {"people_centred_governance", "share of high-risk uses covered", 0, 1, false,
     "regulation pillar, data-work wage share, displacement protection, a deployment cost",
     "levers.people_centred_re_effort levers.people_centred_wage_share_gain "
     "levers.people_centred_protection levers.people_centred_deployment_cost "
     "levers.people_centred_cost_gdp_share",
     "people_centred_cost_gdp_share of GDP times intensity"},
    {"privacy_preserving_data_sharing", "USD per capita a year", 0, 1000, false,
     "pilot success, compliance cost",
     "levers.privacy_scale_usd levers.privacy_pilot_gain levers.privacy_compliance_cost",
     "intensity times population"},
    {"export_controls", "tier (0 none, 1-3)", 0, 3, false,
     "tier of the targets once the ramp completes: tier 2 caps compute purchases plus the rise of "
     "rented cloud, tier 3 scales purchases, removes closed foreign providers and bloc-us cloud; "
     "optional `cap_pflops` (16-bit PFLOP/s a year), `substitute_efficiency`, `leakage` per entry",
     "capital.tier2_cap_pflops capital.substitute_efficiency capital.control_leakage "
     "levers.export_control_cost_usd",
     "export_control_cost_usd a year per controlled country"},
    {"bloc_decoupling", "share of cross-bloc ties cut (1)", 0, 1, false,
     "investment openness of countries outside bloc us, longer open lag, the other bloc's open "
     "releases out of reach",
     "levers.decoupling_openness_cut levers.decoupling_lag_add_months", "none"},
    {"cloud_portability", "share of switching cost removed (1)", 0, 1, false,
     "firms switch to the best provider more easily", "levers.portability_cost_gdp_share",
     "portability_cost_gdp_share of GDP times intensity"},
    {"open_weight_release", "months of open lag cut", 0, 60, true,
     "at `start`: open lag and local open-weight cost cut, world-wide (`targets: all`, the "
     "default)",
     "levers.open_release_cost_cut_per_month", "none"},
    {"export_control_escalation", "tier (0 none, 1-3)", 0, 3, true,
     "tier of the targets from `start` on", "levers.export_control_cost_usd",
     "export_control_cost_usd a year per controlled country"},
}};

constexpr const char* kPolicies = "policies";

std::vector<std::string> lever_names() {
  std::vector<std::string> names;
  names.reserve(kLeverInfos.size());
  for (const LeverInfo& info : kLeverInfos) names.emplace_back(info.name);
  return names;
}

std::string suggest(const std::string& word, const std::vector<std::string>& candidates) {
  const auto hint = sim::did_you_mean(word, candidates);
  return hint ? " (did you mean '" + *hint + "'?)" : std::string();
}

bool is_tier_lever(Lever lever) {
  return lever == Lever::kExportControls || lever == Lever::kExportControlEscalation;
}

// Keys an entry of `lever` may have.
std::vector<std::string> allowed_keys(Lever lever) {
  std::vector<std::string> keys = {"lever", "targets", "start", "intensity"};
  if (!lever_info(lever).shock) {
    keys.push_back("ramp_months");
    keys.push_back("end");
  }
  if (is_tier_lever(lever)) {
    keys.insert(keys.end(), {"cap_pflops", "substitute_efficiency", "leakage"});
  }
  if (lever == Lever::kSoftCapacity) keys.push_back("priority");
  return keys;
}

double read_ranged(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                   double min, double max) {
  const double v = sim::read_double(node, source, key_path);
  if (!(v >= min && v <= max)) {
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "out of range [%g, %g]", min, max);
    source.fail(node, key_path, buffer);
  }
  return v;
}

const std::vector<std::string>& income_names() {
  static const std::vector<std::string> names = {"low", "lower_middle", "upper_middle", "high"};
  return names;
}
const std::vector<std::string>& bloc_names() {
  static const std::vector<std::string> names = {"us", "china", "non_aligned"};
  return names;
}

PolicyTargets parse_targets(const YAML::Node& node, const YamlSource& source,
                            const std::string& key_path) {
  PolicyTargets t;
  if (node.IsScalar()) {
    if (node.Scalar() != "all") {
      source.fail(node, key_path, "expected `all` or a mapping of income, region, bloc, iso3");
    }
    t.all = true;
    return t;
  }
  if (!node.IsMap() || node.size() == 0) {
    source.fail(node, key_path, "expected `all` or a mapping of income, region, bloc, iso3");
  }
  sim::check_unique_keys(node, source, key_path);
  static const std::vector<std::string> kinds = {"income", "region", "bloc", "iso3"};
  for (const auto& kv : node) {
    const std::string kind = sim::key_name(kv.first, source, key_path);
    const std::string path = key_path + "." + kind;
    std::vector<std::string> values = sim::read_string_list(kv.second, source, path);
    if (values.empty()) source.fail(kv.second, path, "expected a non-empty list");
    const auto check_names = [&](const std::vector<std::string>& known) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::find(known.begin(), known.end(), values[i]) == known.end()) {
          source.fail(kv.second.IsSequence() ? kv.second[i] : kv.second, path,
                      "unknown " + kind + suggest(values[i], known));
        }
      }
    };
    if (kind == "income") {
      check_names(income_names());
      t.income = values;
    } else if (kind == "bloc") {
      check_names(bloc_names());
      t.bloc = values;
    } else if (kind == "region") {
      t.region = values;  // checked against the data
    } else if (kind == "iso3") {
      t.iso3 = values;  // checked against the data
    } else {
      throw InputError(InputKind::kScenario, source.at(kv.first), path,
                       "unknown target kind" + suggest(kind, kinds));
    }
  }
  return t;
}

[[noreturn]] void fail_at(const Scenario& s, const std::string& key_path, const std::string& reason,
                          const std::string& got) {
  throw InputError(InputKind::kScenario, s.where(key_path), key_path, reason, got);
}

}  // namespace

const std::array<LeverInfo, kLevers>& lever_infos() { return kLeverInfos; }
const LeverInfo& lever_info(Lever lever) { return kLeverInfos[static_cast<int>(lever)]; }

std::vector<PolicyEntry> parse_policies(const YAML::Node& list, const YamlSource& source,
                                        std::map<std::string, sim::SourceLocation>& locations) {
  std::vector<PolicyEntry> entries;
  if (list.IsNull()) return entries;
  if (!list.IsSequence()) source.fail(list, kPolicies, "expected a list");
  const std::vector<std::string> names = lever_names();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    PolicyEntry e;
    e.key_path = std::string(kPolicies) + "[" + std::to_string(i) + "]";
    if (!item.IsMap()) source.fail(item, e.key_path, "expected a mapping with `lever:`");
    sim::check_unique_keys(item, source, e.key_path);
    const YAML::Node lever_node = item["lever"];
    if (!lever_node.IsDefined()) source.fail(item, e.key_path + ".lever", "missing key", "");
    const std::string lever = sim::read_string(lever_node, source, e.key_path + ".lever");
    const auto it = std::find(names.begin(), names.end(), lever);
    if (it == names.end()) {
      source.fail(lever_node, e.key_path + ".lever", "unknown lever" + suggest(lever, names));
    }
    e.lever = static_cast<Lever>(it - names.begin());
    const LeverInfo& info = lever_info(e.lever);
    locations[e.key_path] = source.at(item);
    locations[e.key_path + ".lever"] = source.at(lever_node);

    const std::vector<std::string> allowed = allowed_keys(e.lever);
    bool has_targets = false, has_start = false, has_intensity = false;
    for (const auto& kv : item) {
      const std::string key = sim::key_name(kv.first, source, e.key_path);
      const std::string path = e.key_path + "." + key;
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        throw InputError(InputKind::kScenario, source.at(kv.first), path,
                         "unknown key for lever " + lever + suggest(key, allowed));
      }
      const YAML::Node& v = kv.second;
      locations[path] = source.at(v.IsNull() ? kv.first : v);
      if (key == "lever") continue;
      if (key == "targets") {
        e.targets = parse_targets(v, source, path);
        has_targets = true;
      } else if (key == "start") {
        e.start = sim::read_year_month(v, source, path);
        has_start = true;
      } else if (key == "end") {
        e.end = sim::read_year_month(v, source, path);
      } else if (key == "ramp_months") {
        e.ramp_months = sim::read_int64(v, source, path);
        if (e.ramp_months < 0 || e.ramp_months > 600) {
          source.fail(v, path, "out of range [0, 600]");
        }
      } else if (key == "intensity") {
        e.intensity = read_ranged(v, source, path, info.min, info.max);
        if (is_tier_lever(e.lever) && e.intensity != static_cast<int>(e.intensity)) {
          source.fail(v, path, "expected a whole tier 0, 1, 2 or 3");
        }
        has_intensity = true;
      } else if (key == "cap_pflops") {
        e.cap_pflops = read_ranged(v, source, path, 0, 1e7);
      } else if (key == "substitute_efficiency") {
        e.substitute_efficiency = read_ranged(v, source, path, 0, 1);
      } else if (key == "leakage") {
        e.leakage = read_ranged(v, source, path, 0, 1);
      } else if (key == "priority") {
        e.priority = sim::read_string_list(v, source, path);
        const std::vector<std::string> groups(kPriorityLabels.begin(), kPriorityLabels.end());
        for (const std::string& g : e.priority) {
          const auto it = std::find(groups.begin(), groups.end(), g);
          if (it == groups.end()) {
            source.fail(v, path, "unknown priority group" + suggest(g, groups), g);
          }
          e.priority_mask |= static_cast<std::uint8_t>(1 << (it - groups.begin()));
        }
      }
    }
    // Shocks default to the whole world: the open lag is global.
    if (!has_targets) {
      if (e.lever == Lever::kOpenWeightRelease) {
        e.targets.all = true;
      } else {
        source.fail(item, e.key_path + ".targets", "missing key", "");
      }
    }
    if (!has_start) source.fail(item, e.key_path + ".start", "missing key", "");
    if (!has_intensity) source.fail(item, e.key_path + ".intensity", "missing key", "");
    if (e.lever == Lever::kOpenWeightRelease && !e.targets.all) {
      source.fail(item["targets"], e.key_path + ".targets",
                  "the open lag is global: expected `all`");
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

void check_policy_dates(const Scenario& scenario) {
  const auto& p = scenario.params;
  for (const PolicyEntry& e : p.policies) {
    const std::string start_path = e.key_path + ".start";
    if (e.start < p.time.start || e.start > p.time.end) {
      fail_at(scenario, start_path,
              "outside the run " + p.time.start.str() + " to " + p.time.end.str(), e.start.str());
    }
    if (e.end) {
      const std::string end_path = e.key_path + ".end";
      if (*e.end < e.start) {
        fail_at(scenario, end_path, "must not be before start = " + e.start.str(), e.end->str());
      }
      if (*e.end > p.time.end) {
        fail_at(scenario, end_path,
                "outside the run " + p.time.start.str() + " to " + p.time.end.str(), e.end->str());
      }
    }
  }
}

std::vector<int> resolve_policy_members(const PolicyEntry& entry,
                                        const std::vector<std::string>& iso3,
                                        const std::vector<std::string>& region,
                                        const std::vector<std::string>& income,
                                        const std::vector<std::string>& bloc) {
  const PolicyTargets& t = entry.targets;
  const auto in = [](const std::vector<std::string>& list, const std::string& x) {
    return std::find(list.begin(), list.end(), x) != list.end();
  };
  std::vector<int> members;
  for (std::size_t c = 0; c < iso3.size(); ++c) {
    if (t.all || in(t.iso3, iso3[c]) || in(t.region, region[c]) || in(t.income, income[c]) ||
        in(t.bloc, bloc[c])) {
      members.push_back(static_cast<int>(c));
    }
  }
  return members;
}

void check_policies(const Scenario& scenario, const CountryData& data) {
  std::vector<std::string> iso3, region, income, bloc;
  for (const CountryRecord& r : data.countries) {
    iso3.push_back(r.iso3);
    region.push_back(r.region);
    income.push_back(income_group_name(r.income));
    bloc.push_back(bloc_name(r.bloc));
  }
  std::vector<std::string> regions = region;
  std::sort(regions.begin(), regions.end());
  regions.erase(std::unique(regions.begin(), regions.end()), regions.end());

  const auto& policies = scenario.params.policies;
  std::vector<std::vector<int>> members(policies.size());
  for (std::size_t i = 0; i < policies.size(); ++i) {
    const PolicyEntry& e = policies[i];
    for (const std::string& code : e.targets.iso3) {
      if (std::find(iso3.begin(), iso3.end(), code) == iso3.end()) {
        throw InputError(InputKind::kScenario, scenario.where(e.key_path + ".targets"),
                         e.key_path + ".targets.iso3",
                         "no model country has this code" + suggest(code, iso3), code);
      }
    }
    for (const std::string& name : e.targets.region) {
      if (std::find(regions.begin(), regions.end(), name) == regions.end()) {
        throw InputError(InputKind::kScenario, scenario.where(e.key_path + ".targets"),
                         e.key_path + ".targets.region",
                         "no model country is in this region" + suggest(name, regions), name);
      }
    }
    members[i] = resolve_policy_members(e, iso3, region, income, bloc);
    if (members[i].empty()) {
      fail_at(scenario, e.key_path + ".targets", "the targets match no model country", "");
    }
  }
  // Two entries of one lever may not reach one country at overlapping times.
  constexpr int kOpenEnd = 1 << 30;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const PolicyEntry& a = policies[j];
      const PolicyEntry& b = policies[i];
      if (a.lever != b.lever) continue;
      const int a_end =
          a.end ? a.end->index() : (lever_info(a.lever).shock ? a.start.index() : kOpenEnd);
      const int b_end =
          b.end ? b.end->index() : (lever_info(b.lever).shock ? b.start.index() : kOpenEnd);
      if (b.start.index() > a_end || a.start.index() > b_end) continue;
      std::vector<int> common;
      std::set_intersection(members[i].begin(), members[i].end(), members[j].begin(),
                            members[j].end(), std::back_inserter(common));
      if (!common.empty()) {
        fail_at(scenario, b.key_path + ".targets",
                "overlaps " + a.key_path + " (same lever, country and time)", iso3[common[0]]);
      }
    }
  }
}

double ramped_intensity(const PolicyEntry& entry, const sim::YearMonth& month) {
  const int since = month.index() - entry.start.index();
  if (since < 0) return 0.0;
  if (entry.end && month > *entry.end) return 0.0;
  if (entry.ramp_months <= 0) return entry.intensity;
  const double f = std::min(1.0, static_cast<double>(since + 1) / entry.ramp_months);
  return entry.intensity * f;
}

}  // namespace models
