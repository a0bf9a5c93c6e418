// `aidivide validate`: every check a run makes before tick 0; writes nothing.
#include <boost/program_options.hpp>
#include <iostream>

#include "app/cli_common.hpp"
#include "app/commands.hpp"

namespace po = boost::program_options;

namespace app {

int cmd_validate(int argc, char** argv) {
  po::options_description options("options");
  RunRequest request;
  options.add_options()("help,h", "show this help")("set", po::value(&request.sets)->composing(),
                                                    "override a parameter: key.path=value")(
      "output,o", po::value(&request.output), "check this output path too");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&request.scenario_path));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  const char* usage =
      "usage: aidivide validate SCENARIO.yaml [--set key.path=value]... [-o OUT.h5]\n\n"
      "Checks a scenario as `aidivide run` would before tick 0 (keys, types, ranges, dates,\n"
      "data files, output path, memory) and writes nothing. Exit 0 when valid, 2 otherwise.\n\n";
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "aidivide validate: " << e.what() << "\n" << usage << options;
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << usage << options;
    return kExitOk;
  }
  if (request.scenario_path.empty()) {
    std::cerr << "aidivide validate: missing SCENARIO.yaml\n" << usage << options;
    return kExitBadInput;
  }
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
