// Exit statuses of the command-line contract, shared by the run driver, sweeps and the commands.
#pragma once

namespace app {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitSigint = 130;
constexpr int kExitSigterm = 143;

}  // namespace app
