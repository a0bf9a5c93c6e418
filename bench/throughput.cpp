// bench/throughput: one end-to-end run at a chosen population and thread count, with the
// `aidivide run --bench` report (throughput, time per phase, memory, bandwidth bound).
//
// It is `aidivide run SCENARIO --bench --quiet` with the population as flags, run in this process
// so that peak memory is the run's own; one run per process, repeat it for medians (scripts/bench).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"

namespace {

constexpr const char* kUsage =
    "usage: throughput [--scenario PATH] [--workers N] [--firms N] [--threads N] [--end YYYY-MM]\n"
    "                  [-o OUT.h5] [--set key.path=value]...\n\n"
    "Runs the scenario (default scenarios/baseline.yaml) once and prints the --bench report of\n"
    "aidivide run. OUT.h5 defaults to a file in the temporary directory, removed afterwards.\n";

}  // namespace

int main(int argc, char** argv) {
  std::string scenario = AIDIVIDE_SOURCE_DIR "/scenarios/baseline.yaml";
  std::string output;
  std::vector<std::string> args;  // after "run SCENARIO"
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "throughput: " << arg << " needs a value\n" << kUsage;
        std::exit(app::kExitBadInput);
      }
      return argv[++i];
    };
    // Accept both "--flag value" and "--flag=value".
    std::string flag = arg, value;
    bool inline_value = false;
    if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    const auto take = [&] { return inline_value ? value : next(); };
    if (flag == "-h" || flag == "--help") {
      std::cout << kUsage;
      return app::kExitOk;
    } else if (flag == "--scenario") {
      scenario = take();
    } else if (flag == "--workers") {
      args.insert(args.end(), {"--set", "population.workers=" + take()});
    } else if (flag == "--firms") {
      args.insert(args.end(), {"--set", "population.firms=" + take()});
    } else if (flag == "--end") {
      args.insert(args.end(), {"--set", "time.end=" + take()});
    } else if (flag == "--threads") {
      args.insert(args.end(), {"--threads", take()});
    } else if (flag == "--set") {
      args.insert(args.end(), {"--set", take()});
    } else if (flag == "-o" || flag == "--output") {
      output = take();
    } else {
      std::cerr << "throughput: unknown option " << arg << "\n" << kUsage;
      return app::kExitBadInput;
    }
  }
  const bool temporary = output.empty();
  if (temporary) {
    const char* tmp = std::getenv("TMPDIR");
    output = std::string(tmp && *tmp ? tmp : "/tmp") + "/aidivide_throughput_" +
             std::to_string(::getpid()) + ".h5";
  }
  std::vector<std::string> all = {"run", scenario, "-o", output, "--bench", "--quiet"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (std::string& a : all) cargv.push_back(a.data());
  const int status = app::cmd_run(static_cast<int>(cargv.size()), cargv.data());
  if (temporary) std::remove(output.c_str());
  return status;
}
