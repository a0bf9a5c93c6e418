// Parsing and capping of explorer requests, and the scenario text they stand for.
#include "explorer/explore_request.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "sim/year_month.hpp"

namespace explorer {

using Json = nlohmann::ordered_json;

RequestError::RequestError(int status, std::string key, std::string reason, std::string got)
    : std::runtime_error(key.empty() ? reason : key + ": " + reason),
      status_(status),
      key_(std::move(key)),
      reason_(std::move(reason)),
      got_(std::move(got)) {}

namespace {

// Nesting a lever entry needs (entry, targets, list); deeper input is refused, so the emitter's
// recursion stays shallow whatever a client sends.
constexpr int kMaxDepth = 6;

std::string shown(const Json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 80) text.replace(77, std::string::npos, "...");
  return text;
}

std::int64_t integer_in(const Json& body, const char* key, std::int64_t fallback, std::int64_t lo,
                        std::int64_t hi, const std::string& why) {
  if (!body.contains(key)) return fallback;
  const Json& v = body.at(key);
  if (!v.is_number_integer()) throw RequestError(400, key, "expected an integer", shown(v));
  const auto n = v.get<std::int64_t>();
  if (n < lo || n > hi) {
    throw RequestError(
        400, key, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]" + why,
        shown(v));
  }
  return n;
}

std::string string_in(const Json& body, const char* key, std::string fallback) {
  if (!body.contains(key)) return fallback;
  const Json& v = body.at(key);
  if (!v.is_string()) throw RequestError(400, key, "expected a string", shown(v));
  return v.get<std::string>();
}

void check_depth(const Json& value, int depth, const std::string& key) {
  if (depth > kMaxDepth) throw RequestError(400, key, "nested too deeply");
  if (value.is_structured()) {
    for (const auto& item : value) check_depth(item, depth + 1, key);
  }
}

void emit(YAML::Emitter& out, const Json& value) {
  if (value.is_object()) {
    out << YAML::BeginMap;
    for (const auto& [key, item] : value.items()) {
      out << YAML::Key << key << YAML::Value;
      emit(out, item);
    }
    out << YAML::EndMap;
  } else if (value.is_array()) {
    out << YAML::Flow << YAML::BeginSeq;
    for (const auto& item : value) emit(out, item);
    out << YAML::EndSeq;
  } else if (value.is_string()) {
    out << value.get<std::string>();
  } else if (value.is_null()) {
    out << YAML::Null;
  } else {
    // Numbers and booleans: JSON's shortest round-trip text is also YAML's.
    out << value.dump();
  }
}

ExploreRequest parse_object(const Json& body, const Limits& limits, const Defaults& defaults,
                            const std::vector<std::string>& library) {
  static const std::set<std::string> kKeys = {
      "base", "session", "seed", "replicates", "workers", "firms", "end", "policies", "variables"};
  if (!body.is_object()) throw RequestError(400, "", "expected a JSON object", shown(body));
  for (const auto& [key, value] : body.items()) {
    if (!kKeys.count(key)) throw RequestError(400, key, "unknown key", key);
  }
  ExploreRequest r;
  r.base = string_in(body, "base", "baseline");
  if (std::find(library.begin(), library.end(), r.base) == library.end()) {
    throw RequestError(400, "base", "not a scenario of the library", r.base);
  }
  r.session = string_in(body, "session", "");
  if (r.session.size() > 64) throw RequestError(400, "session", "longer than 64 characters");
  r.seed = integer_in(body, "seed", defaults.seed, 0, 2147483647, "");
  r.replicates = static_cast<int>(integer_in(body, "replicates", defaults.replicates, 1,
                                             limits.max_replicates, " (the explorer's cap)"));
  r.workers =
      integer_in(body, "workers", defaults.workers, 1, limits.max_workers, " (the explorer's cap)");
  r.firms = integer_in(body, "firms", defaults.firms, 1, limits.max_firms, " (the explorer's cap)");
  r.end = string_in(body, "end", "");
  if (!r.end.empty()) {
    const auto month = sim::parse_year_month(r.end);
    if (!month) throw RequestError(400, "end", "expected YYYY-MM", r.end);
    if (*month > *sim::parse_year_month(limits.latest_end)) {
      throw RequestError(400, "end", "after the explorer's horizon " + limits.latest_end, r.end);
    }
  }
  if (body.contains("policies")) {
    r.has_policies = true;
    r.policies = body.at("policies");
    if (!r.policies.is_array()) throw RequestError(400, "policies", "expected a list");
    if (r.policies.size() > limits.max_policies) {
      throw RequestError(400, "policies",
                         "more than " + std::to_string(limits.max_policies) + " entries",
                         std::to_string(r.policies.size()));
    }
    for (std::size_t i = 0; i < r.policies.size(); ++i) {
      const std::string key = "policies[" + std::to_string(i) + "]";
      if (!r.policies[i].is_object()) throw RequestError(400, key, "expected an object");
      check_depth(r.policies[i], 1, key);
    }
  }
  if (body.contains("variables")) {
    const Json& list = body.at("variables");
    if (!list.is_array()) throw RequestError(400, "variables", "expected a list of names");
    if (list.size() > limits.max_variables) {
      throw RequestError(400, "variables", "more than " + std::to_string(limits.max_variables));
    }
    for (const Json& name : list) {
      if (!name.is_string()) throw RequestError(400, "variables", "expected a name", shown(name));
      r.variables.push_back(name.get<std::string>());
    }
  }
  return r;
}

}  // namespace

ExploreRequest parse_request(const std::string& body, const Limits& limits,
                             const Defaults& defaults, const std::vector<std::string>& library) {
  Json parsed;
  try {
    parsed = Json::parse(body);
  } catch (const Json::parse_error& e) {
    throw RequestError(400, "", std::string("bad JSON: ") + e.what());
  }
  return parse_object(parsed, limits, defaults, library);
}

std::string policies_yaml(const Json& policies) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "policies" << YAML::Value;
  if (policies.empty()) {
    out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    out << YAML::BeginSeq;
    for (const Json& entry : policies) emit(out, entry);
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string scenario_yaml(const ExploreRequest& request, const Defaults& defaults) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "extends" << YAML::Value << request.base + ".yaml";
  out << YAML::Key << "name" << YAML::Value << "explorer";
  out << YAML::Key << "population" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "workers" << YAML::Value << request.workers;
  out << YAML::Key << "firms" << YAML::Value << request.firms << YAML::EndMap;
  out << YAML::Key << "run" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "seed" << YAML::Value << request.seed << YAML::EndMap;
  if (!request.end.empty()) {
    out << YAML::Key << "time" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "end" << YAML::Value << request.end << YAML::EndMap;
  }
  out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "every" << YAML::Value << defaults.record_every << YAML::EndMap;
  out << YAML::EndMap;
  std::string text = "# The policy explorer's pathway (aidivide serve).\n";
  text += out.c_str();
  text += "\n";
  if (request.has_policies) text += policies_yaml(request.policies);
  return text;
}

}  // namespace explorer
