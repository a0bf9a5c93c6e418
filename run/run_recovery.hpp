// Crash recovery of a run's OUT.h5.part: a cleared copy, cut to its complete records, renamed.
#pragma once

#include <cstdint>
#include <string>

namespace app {

struct RecoveryResult {
  std::int64_t records = 0;  // complete records in the recovered file
  std::int64_t dropped = 0;  // records past the last complete one that were cut off
  bool cleared = false;      // the SWMR consistency flags had to be cleared (a killed writer)
};

// The output `aidivide recover PART` writes by default: PART without its ".part" suffix; empty
// when PART does not end in ".part".
std::string default_recovery_output(const std::string& part);

// Makes `out` from a run's `part` file: copies it (the part file is never modified), clears the
// SWMR flags a killed writer leaves with `h5clear -s --increment`, keeps every record of which all
// variables are on disk (the records up to the last flush), sets status "recovered", and renames
// the copy to `out` atomically (never replacing an existing file).
// Throws sim::InputError for bad input: `part` missing, not HDF5, not a run output, a finished run
// (status complete, interrupted or recovered); `out` exists. Throws std::runtime_error when the
// recovery itself fails (h5clear missing or failing, I/O errors); no output is left behind then.
RecoveryResult recover_run(const std::string& part, const std::string& out);

}  // namespace app
