// The watchdog thread of the explorer's connections.
#include "explorer/idle_watchdog.hpp"

#include <sys/socket.h>

namespace explorer {

IdleWatchdog::IdleWatchdog() : thread_([this] { watch(); }) {}

IdleWatchdog::~IdleWatchdog() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void IdleWatchdog::arm(int fd, int seconds) {
  const std::lock_guard lock(mutex_);
  deadlines_[fd] = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

void IdleWatchdog::disarm(int fd) {
  const std::lock_guard lock(mutex_);
  deadlines_.erase(fd);
}

void IdleWatchdog::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(250));
    const auto now = std::chrono::steady_clock::now();
    for (auto it = deadlines_.begin(); it != deadlines_.end();) {
      if (it->second > now) {
        ++it;
        continue;
      }
      // The descriptor is still open: its owner disarms it (under this lock) before closing.
      ::shutdown(it->first, SHUT_RDWR);
      it = deadlines_.erase(it);
    }
  }
}

}  // namespace explorer
