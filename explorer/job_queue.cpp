// The explorer's job queue and its single worker.
#include "explorer/job_queue.hpp"

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>

namespace explorer {

Job::Job(std::string session, std::function<void(Job&)> work)
    : session_(std::move(session)), work_(std::move(work)) {}

void Job::push(std::string line) {
  {
    const std::lock_guard lock(mutex_);
    lines_.push_back(std::move(line));
  }
  ready_.notify_all();
}

void Job::finish() {
  {
    const std::lock_guard lock(mutex_);
    finished_ = true;
  }
  ready_.notify_all();
}

bool Job::next(std::string& line) {
  std::unique_lock lock(mutex_);
  ready_.wait(lock, [&] { return !lines_.empty() || finished_; });
  if (lines_.empty()) return false;
  line = std::move(lines_.front());
  lines_.pop_front();
  return true;
}

JobQueue::JobQueue(std::size_t capacity) : capacity_(capacity), worker_([this] { work(); }) {}

JobQueue::~JobQueue() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    for (const auto& job : queue_) job->cancel();
  }
  wake_.notify_all();
  worker_.join();
}

bool JobQueue::submit(const std::shared_ptr<Job>& job) {
  std::shared_ptr<Job> dropped;
  {
    const std::lock_guard lock(mutex_);
    if (!job->session().empty()) {
      if (auto older = latest_[job->session()].lock()) {
        older->cancel();
        // A cancelled job that has not started gives its place to the newer one at once.
        const auto it = std::find(queue_.begin(), queue_.end(), older);
        if (it != queue_.end()) {
          queue_.erase(it);
          dropped = older;
        }
      }
    }
    if (queue_.size() >= capacity_) return false;
    queue_.push_back(job);
    if (!job->session().empty()) latest_[job->session()] = job;
    // Sessions whose jobs are gone leave no entry behind (the map stays bounded).
    std::erase_if(latest_, [](const auto& item) { return item.second.expired(); });
  }
  if (dropped) {
    dropped->push(kCancelledLine);
    dropped->finish();
  }
  wake_.notify_one();
  return true;
}

std::size_t JobQueue::waiting() const {
  const std::lock_guard lock(mutex_);
  return queue_.size();
}

void JobQueue::work() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = queue_.front();
      queue_.pop_front();
    }
    try {
      if (!job->cancelled().load()) job->run();
    } catch (const std::exception& e) {
      job->push(nlohmann::json{{"type", "error"}, {"error", {{"reason", e.what()}}}}.dump());
    }
    if (job->cancelled().load()) job->push(kCancelledLine);
    job->finish();
  }
}

}  // namespace explorer
