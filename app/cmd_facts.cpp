// `aidivide facts`: the stylised facts SF1-SF19 over one or more replicate runs, against the
// observed data of the runs' data directory.
#include <cstdlib>
#include <iostream>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "models/facts.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

// The directory `aidivide run` reads when a scenario sets no data.dir.
std::string default_data_dir() {
  if (const char* env = std::getenv("AIDIVIDE_DATA"); env && *env) return env;
  return AIDIVIDE_DEFAULT_DATA_DIR;
}

}  // namespace

int cmd_facts(int argc, char** argv) {
  CommandLine cli(
      "facts",
      "usage: aidivide facts RUN.h5 [RUN2.h5 ...] [--data DIR] [--format text|markdown]\n\n"
      "Computes each pattern SF1-SF19 of the reference model from runs of one scenario\n"
      "(replicates) and the observed data in DIR: the mean and spread over the runs, the\n"
      "target and tolerance, and pass or fail, grouped by class. Input checks are reported\n"
      "but never counted as evidence. Exit 0 only when every pattern passes, 1 when one\n"
      "fails, 2 when a run cannot be read, lacks a record or variable the facts need\n"
      "(monthly records from 2023-01 to 2033-01), or used other data than DIR (its\n"
      "data_sha256 differs).\n\n");
  std::vector<std::string> files;
  std::string format = "text";
  std::string data_dir = default_data_dir();
  cli.options().add_options()("format,f", po::value(&format)->default_value("text"),
                              "text or markdown")(
      "data", po::value(&data_dir),
      "the runs' data directory (default: AIDIVIDE_DATA, else the project's data/)");
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
    const models::ObservedData observed = models::load_observed_data(data_dir);
    const std::vector<models::Fact> facts = models::stylised_facts(
        observed, runs.empty() ? std::vector<std::string>{} : runs.front().iso3());
    const auto results = models::evaluate_facts(facts, pointers, observed);
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
