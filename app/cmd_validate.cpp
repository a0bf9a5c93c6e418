// `aidivide validate`: every check a run makes before tick 0; writes nothing.
#include <boost/program_options.hpp>
#include <iostream>

#include "app/cli_common.hpp"
#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "run/run_request.hpp"

namespace po = boost::program_options;

namespace app {

int cmd_validate(int argc, char** argv) {
  CommandLine cli("validate",
                  "usage: aidivide validate SCENARIO.yaml [--set key.path=value]... [-o OUT.h5]\n\n"
                  "Checks a scenario as `aidivide run` would before tick 0 (keys, types, ranges,\n"
                  "dates, data files, output path, memory) and writes nothing. Exit 0 when valid,\n"
                  "2 otherwise.\n\n");
  RunRequest request;
  cli.options().add_options()("set", po::value(&request.sets)->composing(),
                              "override a parameter: key.path=value")(
      "output,o", po::value(&request.output), "check this output path too");
  cli.positional("scenario", &request.scenario_path);
  if (const auto status = cli.parse(argc, argv)) return *status;
  try {
    const PreparedRun run = prepare_run(request);
    for (const std::string& w : run.scenario.warnings) std::cerr << "warning: " << w << "\n";
    std::cout << run.scenario.path << ": valid (" << run.data.countries.size() << " countries, "
              << run.counts.total_workers << " workers, " << run.counts.total_firms << " firms, "
              << run.scenario.params.tick_count() << " ticks)\n";
  } catch (const sim::InputError& e) {
    return report_input_error(e);
  }
  return kExitOk;
}

}  // namespace app
