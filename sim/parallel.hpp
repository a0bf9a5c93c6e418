// The project's parallel loops, on oneTBB, or on plain std::thread for ThreadSanitizer builds.
//
// Debian's oneTBB is not built with ThreadSanitizer, so TSan cannot see its synchronisation and
// reports races inside it. Building with AIDIVIDE_STD_THREADS (CMake option
// AIDIVIDE_PARALLEL=std_thread, the `tsan` preset) runs the same loops on std::thread, which TSan
// understands: the races it then reports are the project's own. Results do not depend on the
// backend: every loop writes disjoint outputs and reductions are folded in a fixed order by the
// callers.
#pragma once

#include <cstddef>
#include <utility>

#ifdef AIDIVIDE_STD_THREADS
#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#else
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#endif

namespace sim {

#ifdef AIDIVIDE_STD_THREADS

namespace detail {
// Threads of the parallel loops (set by ThreadLimit; 0: the hardware's).
inline std::atomic<int>& thread_limit() {
  static std::atomic<int> limit{0};
  return limit;
}
inline std::size_t loop_threads(std::size_t tasks) {
  const int limit = thread_limit().load();
  const std::size_t threads = limit > 0 ? static_cast<std::size_t>(limit)
                                        : std::max(1u, std::thread::hardware_concurrency());
  return std::min(threads, tasks);
}
// Runs task(k) for k in [0, tasks) on loop_threads(tasks) threads, the caller's included.
template <class Task>
void run_tasks(std::size_t tasks, const Task& task) {
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < tasks;) task(k);
  };
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < loop_threads(tasks); ++t) helpers.emplace_back(work);
  work();
  for (std::thread& h : helpers) h.join();
}
}  // namespace detail

// Calls body(i) for every i in [0, n), from the worker threads; returns when all are done.
template <class Body>
void parallel_for(std::size_t n, const Body& body) {
  detail::run_tasks(n, body);
}

// Calls body(begin, end) on ranges of `grain` elements (the last may be shorter) that cover
// [0, n). On oneTBB the ranges are split evenly over the threads (static partitioner: for first
// touch of memory and streaming passes).
template <class Body>
void parallel_ranges(std::size_t n, std::size_t grain, const Body& body) {
  const std::size_t ranges = grain > 0 ? (n + grain - 1) / grain : 1;
  detail::run_tasks(ranges, [&](std::size_t r) { body(r * grain, std::min(n, (r + 1) * grain)); });
}

// While alive, the parallel loops use at most `threads` threads.
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads) : previous_(detail::thread_limit().exchange(threads)) {}
  ~ThreadLimit() { detail::thread_limit().store(previous_); }
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;

 private:
  int previous_;
};

// One T per thread, made from the constructor's arguments on a thread's first use.
template <class T>
class PerThread {
 public:
  template <class... Args>
  explicit PerThread(Args... args) : make_([args...] { return std::make_unique<T>(args...); }) {}
  T& local() {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<T>& value = values_[std::this_thread::get_id()];
    if (!value) value = make_();
    return *value;
  }

 private:
  std::function<std::unique_ptr<T>()> make_;
  std::mutex mutex_;
  std::map<std::thread::id, std::unique_ptr<T>> values_;  // T need not be movable
};

#else

template <class Body>
void parallel_for(std::size_t n, const Body& body) {
  tbb::parallel_for(std::size_t{0}, n, body);
}

template <class Body>
void parallel_ranges(std::size_t n, std::size_t grain, const Body& body) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, grain),
      [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); },
      tbb::static_partitioner());
}

class ThreadLimit {
 public:
  explicit ThreadLimit(int threads)
      : limit_(tbb::global_control::max_allowed_parallelism,
               static_cast<std::size_t>(threads > 0 ? threads : 1)) {}

 private:
  tbb::global_control limit_;
};

template <class T>
class PerThread {
 public:
  template <class... Args>
  explicit PerThread(Args... args) : values_(args...) {}
  T& local() { return values_.local(); }

 private:
  tbb::enumerable_thread_specific<T> values_;
};

#endif

}  // namespace sim
