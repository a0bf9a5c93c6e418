// `aidivide serve`: the policy explorer, a local web app on the simulator (explorer/).
#include <boost/program_options.hpp>
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "explorer/http_server.hpp"
#include "explorer/service.hpp"
#include "sim/error.hpp"
#include "sim/parallel.hpp"

namespace po = boost::program_options;

namespace app {

int cmd_serve(int argc, char** argv) {
  CommandLine cli(
      "serve",
      "usage: aidivide serve [--port P] [--host 127.0.0.1] [--threads N]\n\n"
      "Serves the policy explorer: open the printed address in a browser. Levers, the scenario\n"
      "library, trajectories against the baseline with replicate bands, a world map, cost and\n"
      "export (docs/EXPLORER.md). Binds to 127.0.0.1 unless --host says otherwise; --port 0\n"
      "takes any free port. Runs until stopped (SIGINT or SIGTERM).\n\n");
  explorer::ServerConfig server;
  explorer::ServiceConfig service_config;
  server.web_dir = AIDIVIDE_WEB_DIR;
  service_config.scenarios_dir = AIDIVIDE_SCENARIOS_DIR;
  int threads = 0;
  cli.options().add_options()("port", po::value(&server.port)->default_value(8050),
                              "TCP port (0: any free port)")(
      "host", po::value(&server.host)->default_value("127.0.0.1"), "address to bind")(
      "threads", po::value(&threads)->default_value(0), "threads of each run (0: every CPU)")(
      "web-dir", po::value(&server.web_dir), "the built page (default: the source tree's)")(
      "scenarios", po::value(&service_config.scenarios_dir),
      "the scenario library folder (default: the source tree's scenarios/)")(
      "queue", po::value(&service_config.queue_capacity)->default_value(16),
      "runs that may wait; more are refused with 503")(
      "idle-timeout", po::value(&server.io_timeout_seconds)->default_value(30),
      "seconds a client may take to send a request or to read a piece of an answer");
  if (const auto status = cli.parse(argc, argv)) return *status;
  if (threads < 0 || service_config.queue_capacity < 1 || server.io_timeout_seconds < 1) {
    std::cerr << "aidivide serve: --threads must be >= 0, --queue and --idle-timeout >= 1\n";
    return kExitBadInput;
  }
  const sim::ThreadLimit limit(threads);
  try {
    explorer::Service service(service_config);
    explorer::serve(server, service, [&](unsigned short port) {
      std::cout << "aidivide serve: open http://" << server.host << ":" << port << "/" << std::endl;
    });
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "aidivide serve: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace app
