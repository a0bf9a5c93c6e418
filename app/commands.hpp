// The subcommands of the aidivide program; each returns the process exit status.
#pragma once

#include "run/exit_status.hpp"

namespace app {

// argv[0] is the subcommand name; options follow.
int cmd_run(int argc, char** argv);
int cmd_validate(int argc, char** argv);
int cmd_params(int argc, char** argv);
int cmd_info(int argc, char** argv);
int cmd_diff(int argc, char** argv);
int cmd_facts(int argc, char** argv);
int cmd_calibrate(int argc, char** argv);
// `calibrate --method abc-smc` (app/calibrate_abc.cpp).
int cmd_calibrate_abc(int argc, char** argv);
int cmd_sweep(int argc, char** argv);
int cmd_merge(int argc, char** argv);
int cmd_compare(int argc, char** argv);
int cmd_recover(int argc, char** argv);
int cmd_resume(int argc, char** argv);
int cmd_serve(int argc, char** argv);

}  // namespace app
