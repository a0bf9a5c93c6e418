// `aidivide facts`: the stylised facts SF1-SF12 over one or more replicate runs.
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "models/facts.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace app {

int cmd_facts(int argc, char** argv) {
  CommandLine cli(
      "facts",
      "usage: aidivide facts RUN.h5 [RUN2.h5 ...] [--format text|markdown]\n\n"
      "Computes each pattern SF1-SF12 of the reference model from runs of one scenario\n"
      "(replicates): the mean and spread over the runs, the target and tolerance, and\n"
      "pass or fail, grouped by class. Exit 0 only when every pattern passes, 1 when\n"
      "one fails, 2 when a run cannot be read or lacks a record the facts need\n"
      "(monthly records from 2023-01 to 2033-01).\n\n");
  std::vector<std::string> files;
  std::string format = "text";
  cli.options().add_options()("format,f", po::value(&format)->default_value("text"),
                              "text or markdown");
  cli.positional_list("RUN.h5", &files);
  if (const auto status = cli.parse(argc, argv)) return *status;
  if (format != "text" && format != "markdown") {
    std::cerr << "aidivide facts: --format: expected text or markdown (got " << format << ")\n";
    return kExitBadInput;
  }
  try {
    std::vector<models::RunData> runs;
    runs.reserve(files.size());
    for (const std::string& f : files) runs.emplace_back(f);
    std::vector<const models::RunData*> pointers;
    pointers.reserve(runs.size());
    for (const auto& r : runs) pointers.push_back(&r);
    const auto results = models::evaluate_facts(pointers);
    std::cout << models::facts_report(results, static_cast<int>(runs.size()), format == "markdown");
    for (const auto& r : results) {
      if (!r.pass) return kExitFailure;
    }
    return kExitOk;
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace app
