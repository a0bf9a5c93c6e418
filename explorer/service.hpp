// The explorer's API behind HTTP: metadata, runs streamed as lines, validation and export.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "explorer/branch_cache.hpp"
#include "explorer/explore_request.hpp"
#include "explorer/job_queue.hpp"

namespace explorer {

struct ServiceConfig {
  std::string scenarios_dir;  // the scenario library: every loadable *.yaml directly in it
  Limits limits;
  Defaults defaults;
  std::size_t queue_capacity = 16;
};

// An API answer that is not a stream: HTTP status and JSON body.
struct Reply {
  int status = 200;
  std::string body;
};

class Service {
 public:
  explicit Service(ServiceConfig config);

  // GET /api/meta: levers (units, ranges, costs), library scenarios with their policies,
  // countries, drawable variables, defaults and caps.
  const std::string& meta() const { return meta_; }

  // POST /api/run: checks the request through the scenario loader; on success `job` streams
  // {"type":"start"}, one {"type":"replicate"} per replicate as it finishes, then
  // {"type":"done"} (or {"type":"cancelled"}). Otherwise the reply holds the located error
  // (status 400, or 503 when the queue is full).
  Reply run(const std::string& body, std::shared_ptr<Job>& job);
  // POST /api/validate: {"ok": true} or the located error.
  Reply validate(const std::string& body);
  // POST /api/export: {"yaml": TEXT, "filename": NAME}, a self-contained scenario that
  // `aidivide run` accepts and that reproduces replicate 0 of the request.
  Reply export_yaml(const std::string& body);

  std::size_t waiting() const { return queue_.waiting(); }

 private:
  std::string display_path() const;

  ServiceConfig config_;
  std::vector<std::string> library_;
  std::string meta_;
  BranchCache branches_{2};
  JobQueue queue_;  // last: its worker stops before the rest goes
};

// {"error": {...}} for a located input error or a refused request.
std::string error_json(const std::string& file, int line, int column, const std::string& key,
                       const std::string& reason, const std::string& got);

}  // namespace explorer
