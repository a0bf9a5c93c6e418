// Clean stops on SIGINT and SIGTERM, and checkpoint requests on SIGUSR1: the handlers only record
// the signal; the run loop checks it between ticks.
#pragma once

namespace sim {

// Installs the handlers (idempotent), and ignores SIGXFSZ so that a file size limit fails a write
// (EFBIG) instead of killing the process.
void install_stop_handlers();
// The signal that asked the run to stop, or 0.
int stop_requested();

// Installs the SIGUSR1 handler (idempotent). Without it SIGUSR1 would end the process, so every
// run installs it.
void install_checkpoint_handler();
// True once after each SIGUSR1 (the request is consumed).
bool take_checkpoint_request();

}  // namespace sim
