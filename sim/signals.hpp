// Clean stops on SIGINT and SIGTERM: the handler only records the signal; the run loop checks it.
#pragma once

namespace sim {

// Installs the handlers (idempotent).
void install_stop_handlers();
// The signal that asked the run to stop, or 0.
int stop_requested();

}  // namespace sim
