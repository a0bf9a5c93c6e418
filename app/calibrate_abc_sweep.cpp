#include "app/calibrate_abc_sweep.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "ensemble/sweep_manifest.hpp"
#include "ensemble/sweep_plan.hpp"

extern char** environ;

namespace app {

namespace {

namespace fs = std::filesystem;

std::string sweep_file(const AbcBatch& b) { return (fs::path(b.dir) / "sweep.yaml").string(); }
std::string runs_dir(const AbcBatch& b) { return (fs::path(b.dir) / "runs").string(); }

void write_batch(const AbcBatch& b) {
  fs::create_directories(b.dir);
  {
    std::ofstream d(fs::path(b.dir) / "design.csv");
    for (std::size_t k = 0; k < b.keys.size(); ++k) d << (k ? "," : "") << b.keys[k];
    d << "\n";
    for (const auto& p : b.points) {
      for (std::size_t k = 0; k < p.size(); ++k) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", p[k]);
        d << (k ? "," : "") << buf;
      }
      d << "\n";
    }
  }
  std::ofstream y(sweep_file(b));
  y << "# One batch of ABC-SMC candidates, written by `aidivide calibrate --method abc-smc`.\n"
    << "name: " << b.name << "\nscenarios:\n  - " << b.scenario << "\nreplicates: " << b.replicates
    << "\nseed: " << b.seed << "\n";
  if (!b.sets.empty()) {
    y << "set:\n";
    for (const std::string& s : b.sets) {
      const auto eq = s.find('=');
      y << "  " << s.substr(0, eq) << ": " << (eq == std::string::npos ? "" : s.substr(eq + 1))
        << "\n";
    }
  }
  y << "design:\n  kind: table\n  file: design.csv\n";
}

int run_process(const std::vector<std::string>& args, bool search_path) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  argv.reserve(copy.size() + 1);
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = search_path ? posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ)
                             : posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  int raw = 0;
  if (waitpid(pid, &raw, 0) < 0) throw std::runtime_error("lost the sweep process");
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
}

}  // namespace

std::string abc_batch_command(const AbcBatch& b) {
  return "aidivide sweep " + sweep_file(b) + " -o " + runs_dir(b) + " --no-merge";
}

std::optional<std::vector<std::vector<std::string>>> run_abc_batch(const AbcBatch& b,
                                                                   const AbcBatchRunner& r) {
  write_batch(b);
  const SweepPlan plan = load_sweep(sweep_file(b));
  // A failed member is finished (its candidate counts as infinitely far); a pending one is not.
  const auto finished = [&](const SweepMember& m) {
    const MemberStatus s = scan_member(runs_dir(b), m.id).status;
    return s == MemberStatus::kComplete || s == MemberStatus::kFailed;
  };
  const auto missing = [&] {
    return !std::all_of(plan.members.begin(), plan.members.end(), finished);
  };
  if (missing()) {
    if (r.external) return std::nullopt;
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    std::vector<std::string> args = r.launcher;
    args.insert(args.end(), {self, "sweep", sweep_file(b), "-o", runs_dir(b), "--no-merge",
                             "--quiet", "--threads", std::to_string(r.threads)});
    const int status = run_process(args, !r.launcher.empty());
    if ((status != 0 && status != 1) || missing()) {  // 1: a member failed, the rest complete
      throw std::runtime_error("the sweep of " + b.dir + " stopped (exit " +
                               std::to_string(status) + "); run the same command again");
    }
  }
  std::vector<std::vector<std::string>> files(plan.points.size());
  std::size_t failed = 0;
  for (const SweepMember& m : plan.members) {
    const bool complete = scan_member(runs_dir(b), m.id).status == MemberStatus::kComplete;
    failed += complete ? 0 : 1;
    files[m.point].push_back(complete ? member_file(runs_dir(b), m.id) : std::string());
  }
  if (failed > 0) {
    std::cerr << "calibrate: " << failed << " member(s) of " << b.dir
              << " failed; their candidates count as infinitely far (see "
              << manifest_file(runs_dir(b)) << ")\n";
  }
  return files;
}

}  // namespace app
