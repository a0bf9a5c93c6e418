// The explorer's HTTP server (Boost.Beast, one thread per connection, bounded): the page's files,
// the JSON API and the streamed runs.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "explorer/service.hpp"

namespace explorer {

struct ServerConfig {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  unsigned short port = 8050;      // 0: any free port (printed when listening)
  std::string web_dir;             // the built page
  std::size_t max_connections = 64;
  std::size_t max_body_bytes = 64 * 1024;
  // A client that takes longer than this to send a request or to take a piece of the answer is
  // dropped.
  int io_timeout_seconds = 30;
};

// Binds, calls `listening(port)` once, then serves until the process ends. Throws
// std::runtime_error when the address cannot be bound.
void serve(const ServerConfig& config, Service& service,
           const std::function<void(unsigned short)>& listening);

}  // namespace explorer
