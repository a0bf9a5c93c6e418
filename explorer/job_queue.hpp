// Bounded work for the explorer: one worker runs jobs in order (each simulation uses every
// thread), at most `capacity` wait, and a newer job of a session cancels its older one.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace explorer {

// A job's results as lines (NDJSON), produced by the worker and drained by the connection.
class Job {
 public:
  Job(std::string session, std::function<void(Job&)> work);

  void push(std::string line);
  void finish();
  // Waits for the next line; false once the job has finished and every line was taken.
  bool next(std::string& line);

  void cancel() { cancelled_.store(true); }
  const std::atomic<bool>& cancelled() const { return cancelled_; }
  const std::string& session() const { return session_; }
  void run() { work_(*this); }

 private:
  std::string session_;
  std::function<void(Job&)> work_;
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> lines_;
  bool finished_ = false;
};

class JobQueue {
 public:
  explicit JobQueue(std::size_t capacity);
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Queues `job` after cancelling the older job of its session (if it has one); false, with the
  // job untouched, when `capacity` jobs are waiting already.
  bool submit(const std::shared_ptr<Job>& job);
  std::size_t waiting() const;

 private:
  void work();

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::map<std::string, std::weak_ptr<Job>> latest_;  // per session
  bool stopping_ = false;
  std::thread worker_;
};

// The line a cancelled job ends with.
inline const char* kCancelledLine = R"({"type":"cancelled"})";

}  // namespace explorer
