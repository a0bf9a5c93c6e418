// The current time as an ISO 8601 UTC timestamp, for file attributes and manifests.
#pragma once

#include <string>

namespace sim {

// "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now();

}  // namespace sim
