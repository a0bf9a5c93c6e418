// What every command shares when it reports bad input.
#pragma once

#include "sim/error.hpp"

namespace app {

// Prints `aidivide: <message>` for bad input; returns exit status 2.
int report_input_error(const sim::InputError& error);

}  // namespace app
