// Async-signal-safe flags: stop (SIGINT, SIGTERM) and checkpoint (SIGUSR1).
#include "sim/signals.hpp"

#include <csignal>

namespace sim {

namespace {
volatile std::sig_atomic_t g_stop_signal = 0;
volatile std::sig_atomic_t g_checkpoint_requested = 0;

extern "C" void on_stop_signal(int signal) { g_stop_signal = signal; }
extern "C" void on_checkpoint_signal(int /*signal*/) { g_checkpoint_requested = 1; }
}  // namespace

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A file size limit (ulimit -f, a batch system's) would otherwise kill the run like SIGKILL;
  // ignored, the write fails with EFBIG and the run ends with a located error.
  std::signal(SIGXFSZ, SIG_IGN);
}

int stop_requested() { return g_stop_signal; }

void install_checkpoint_handler() {
  struct sigaction action {};
  action.sa_handler = on_checkpoint_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &action, nullptr);
}

bool take_checkpoint_request() {
  if (g_checkpoint_requested == 0) return false;
  g_checkpoint_requested = 0;
  return true;
}

}  // namespace sim
