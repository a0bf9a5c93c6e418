// Deadlines on blocking socket reads and writes: Asio's synchronous operations wait forever (a
// receive timeout only makes them poll again), so a watchdog thread shuts down the sockets whose
// operation outlived its deadline, and the blocked call returns with an error.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace explorer {

class IdleWatchdog {
 public:
  IdleWatchdog();
  ~IdleWatchdog();
  IdleWatchdog(const IdleWatchdog&) = delete;
  IdleWatchdog& operator=(const IdleWatchdog&) = delete;

  // Socket `fd` must finish its current operation within `seconds`, else it is shut down.
  void arm(int fd, int seconds);
  // The operation finished: no deadline for `fd` (call before closing it).
  void disarm(int fd);

 private:
  void watch();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<int, std::chrono::steady_clock::time_point> deadlines_;
  bool stopping_ = false;
  std::thread thread_;
};

// Arms the watchdog for one operation, disarms it when the scope ends.
class Deadline {
 public:
  Deadline(IdleWatchdog& watchdog, int fd, int seconds) : watchdog_(watchdog), fd_(fd) {
    watchdog_.arm(fd_, seconds);
  }
  ~Deadline() { watchdog_.disarm(fd_); }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

 private:
  IdleWatchdog& watchdog_;
  int fd_;
};

}  // namespace explorer
