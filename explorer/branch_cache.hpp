// The baseline's states at the usual policy start, kept so that a pathway's run (the same run
// until its first lever starts) goes on from there instead of from tick 0.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "explorer/simulate.hpp"

namespace explorer {

class BranchCache {
 public:
  // At most `baselines` baselines (each with its replicates) are kept, the newest.
  explicit BranchCache(std::size_t baselines) : capacity_(baselines) {}

  void put(const std::string& key, int replicate, std::shared_ptr<const Branch> branch);
  // The state kept for (key, replicate), or null.
  std::shared_ptr<const Branch> get(const std::string& key, int replicate) const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::shared_ptr<const Branch>> branches_;
  std::deque<std::string> order_;  // keys, oldest first
};

}  // namespace explorer
