// Error reporting shared by the commands.
#include "app/cli_common.hpp"

#include <iostream>

#include "run/exit_status.hpp"

namespace app {

int report_input_error(const sim::InputError& error) {
  std::cerr << "aidivide: " << error.what() << "\n";
  return kExitBadInput;
}

}  // namespace app
