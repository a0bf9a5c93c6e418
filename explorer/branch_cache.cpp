// The explorer's cache of baseline states.
#include "explorer/branch_cache.hpp"

#include <algorithm>

namespace explorer {

void BranchCache::put(const std::string& key, int replicate, std::shared_ptr<const Branch> branch) {
  const std::lock_guard lock(mutex_);
  if (std::find(order_.begin(), order_.end(), key) == order_.end()) {
    order_.push_back(key);
    while (order_.size() > capacity_) {
      const std::string old = order_.front();
      order_.pop_front();
      std::erase_if(branches_, [&](const auto& item) { return item.first.first == old; });
    }
  }
  branches_[{key, replicate}] = std::move(branch);
}

std::shared_ptr<const Branch> BranchCache::get(const std::string& key, int replicate) const {
  const std::lock_guard lock(mutex_);
  const auto it = branches_.find({key, replicate});
  return it == branches_.end() ? nullptr : it->second;
}

}  // namespace explorer
