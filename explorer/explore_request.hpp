// A request of the explorer's API: a library scenario, lever edits, population, seed and horizon,
// checked against the explorer's caps and written as the scenario text the loader checks.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace explorer {

// Bounded work: what one request may ask for.
struct Limits {
  std::int64_t max_workers = 400000;
  std::int64_t max_firms = 80000;
  int max_replicates = 8;
  std::size_t max_policies = 32;
  std::size_t max_variables = 32;
  std::string latest_end = "2040-12";  // the horizon cap
};

// The explorer population and replicates when a request names none (issue 15: about 200,000
// workers and 40,000 firms, a few replicates).
struct Defaults {
  std::int64_t workers = 200000;
  std::int64_t firms = 40000;
  int replicates = 3;
  std::int64_t seed = 1;
  // Records a year: the page draws yearly points, and the exported scenario records the same.
  std::int64_t record_every = 12;
};

struct ExploreRequest {
  std::string base = "baseline";  // a library scenario's name, never a path
  std::string session;            // a newer request of the same session cancels the older one
  std::int64_t seed = 1;
  int replicates = 3;
  std::int64_t workers = 200000, firms = 40000;
  std::string end;  // time.end, "" for the base scenario's
  bool has_policies = false;
  nlohmann::ordered_json policies = nlohmann::ordered_json::array();  // lever entries as sent
  std::vector<std::string> variables;                                 // output variables, by name
};

// A request refused before the loader sees it (bad JSON, unknown key, a cap): the HTTP status
// and the same parts as a located error.
class RequestError : public std::runtime_error {
 public:
  RequestError(int status, std::string key, std::string reason, std::string got = {});
  int status() const { return status_; }
  const std::string& key() const { return key_; }
  const std::string& reason() const { return reason_; }
  const std::string& got() const { return got_; }

 private:
  int status_;
  std::string key_, reason_, got_;
};

// Parses and checks the request body against the caps; `library` holds the names a `base` may
// take. Throws RequestError.
ExploreRequest parse_request(const std::string& body, const Limits& limits,
                             const Defaults& defaults, const std::vector<std::string>& library);

// The scenario the request stands for, as YAML that extends the base scenario (to be loaded from
// the library folder). Client strings go through the YAML emitter, so they stay values.
std::string scenario_yaml(const ExploreRequest& request, const Defaults& defaults);

// The request's policies list alone, as a YAML block (`policies:` and its entries).
std::string policies_yaml(const nlohmann::ordered_json& policies);

}  // namespace explorer
