// `aidivide sweep`: runs a sweep's members in one process, across MPI ranks, or as one shard.
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "ensemble/launch_check.hpp"
#include "ensemble/member_claim.hpp"
#include "ensemble/sweep_book.hpp"
#include "ensemble/sweep_manifest.hpp"
#include "ensemble/sweep_merge.hpp"
#include "ensemble/sweep_mpi.hpp"
#include "ensemble/sweep_plan.hpp"
#include "ensemble/sweep_ranks.hpp"
#include "ensemble/sweep_runner.hpp"
#include "ensemble/sweep_shard.hpp"
#include "sim/signals.hpp"
#include "sim/system_info.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

namespace fs = std::filesystem;

constexpr const char* kSweepUsage =
    "usage: aidivide sweep SWEEP.yaml -o DIR [--plan] [--shard K/N] [--threads N] [--quiet]\n"
    "                      [--no-merge]\n\n"
    "Runs every member of a sweep (scenarios x design points x replicates) into\n"
    "DIR/members/<member-id>.h5, keeps DIR/manifest.csv up to date and at the end merges them\n"
    "into DIR/ensemble.h5 and DIR/ensemble_stats.h5. Members already complete in DIR are skipped,\n"
    "so running the same command again resumes a stopped or partly failed sweep.\n"
    "--plan lists the members (CSV on stdout) and runs nothing. --shard K/N runs only the members\n"
    "i with i mod N == K (scheduler job arrays; `aidivide merge DIR` once every shard is done).\n"
    "Under mpirun, rank 0 hands members out one at a time to every rank, itself included, and\n"
    "each rank runs its member on its own threads.\n"
    "Exit status: 0 every member complete, 1 a member failed, 2 bad input, 130/143 after\n"
    "SIGINT/SIGTERM (members in flight are lost; rerun to resume).\n\n";

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void print_plan(const SweepPlan& plan, const std::vector<std::size_t>& selected,
                const std::string& dir) {
  std::cout << "index,member_id,point_id,scenario,replicate,seed";
  for (const SweepParameter& p : plan.parameters) std::cout << "," << csv_cell(p.key_path);
  std::cout << ",status\n";
  std::size_t complete = 0;
  for (std::size_t i : selected) {
    const SweepMember& m = plan.members[i];
    const MemberStatus status =
        dir.empty() ? MemberStatus::kPending : scan_member(dir, m.id).status;
    if (status == MemberStatus::kComplete) ++complete;
    std::cout << m.index << "," << m.id << "," << m.point_id << ","
              << csv_cell(plan.scenarios[m.scenario].name) << "," << m.replicate << "," << m.seed;
    for (std::size_t j = 0; j < plan.parameters.size(); ++j) {
      std::cout << "," << plan.value_text(j, plan.points[m.point].values[j]);
    }
    std::cout << "," << status_name(status) << "\n";
  }
  std::cerr << "aidivide sweep: " << plan.name << ": " << plan.members.size()
            << " members = " << plan.scenarios.size() << " scenario(s) x " << plan.points.size()
            << " design point(s) x " << plan.replicates << " replicate(s)";
  if (selected.size() != plan.members.size()) std::cerr << "; this shard: " << selected.size();
  std::cerr << "; " << complete << " complete, " << selected.size() - complete << " to run\n";
}

int signal_status(int signal) { return signal == SIGINT ? kExitSigint : kExitSigterm; }

}  // namespace

int cmd_sweep(int argc, char** argv) {
  CommandLine cli("sweep", kSweepUsage);
  std::string sweep_path, dir, shard_text;
  int threads = 0;
  cli.options().add_options()("output,o", po::value(&dir), "sweep directory")(
      "plan", "list the members (CSV on stdout) without running them")(
      "shard", po::value(&shard_text), "run only members i with i mod N == K (K/N, 0 <= K < N)")(
      "threads", po::value(&threads),
      "threads per process (default: SLURM_CPUS_PER_TASK, else the CPUs this process may use)")(
      "quiet", "print only failures and errors")(
      "no-merge", "do not build ensemble.h5 and ensemble_stats.h5 at the end");
  cli.positional("SWEEP.yaml", &sweep_path);
  if (const auto status = cli.parse(argc, argv)) return *status;

  Shard shard;
  if (cli.has("shard")) {
    const auto parsed = parse_shard(shard_text);
    if (!parsed) {
      std::cerr << "aidivide sweep: --shard: expected K/N with 0 <= K < N (got " << shard_text
                << ")\n";
      return kExitBadInput;
    }
    shard = *parsed;
  }
  if (cli.has("threads") && threads < 1) {
    std::cerr << "aidivide sweep: --threads: must be at least 1 (got " << threads << ")\n";
    return kExitBadInput;
  }
  if (threads == 0) threads = sim::default_thread_count();
  const bool plan_only = cli.has("plan");
  if (dir.empty() && !plan_only) {
    std::cerr << "aidivide sweep: missing -o DIR (the sweep directory)\n";
    return kExitBadInput;
  }

  // MPI starts only under a launcher: a plain `aidivide sweep` needs no MPI runtime. Without MPI
  // every rank would run the whole sweep into the same directory, so that is refused.
  if (!mpi::built_with_mpi() && mpi::launcher_shows_several_ranks()) {
    std::cerr << "aidivide sweep: started as several MPI ranks, but this aidivide was built "
                 "without MPI (AIDIVIDE_WITH_MPI=OFF); use --shard K/N or rebuild with MPI\n";
    return kExitBadInput;
  }
  if (const std::string why =
          wrong_launch_before_mpi(mpi::launched_by_mpi(), mpi::built_with_open_mpi());
      !why.empty()) {
    std::cerr << "aidivide sweep: " << why << "\n";
    return kExitBadInput;
  }
  std::optional<mpi::Session> session;
  if (mpi::built_with_mpi() && mpi::launched_by_mpi() && !plan_only) session.emplace();
  const int rank = session ? session->rank() : 0;
  const int size = session ? session->size() : 1;
  if (const std::string why = wrong_launch_after_mpi(size); !why.empty() && !plan_only) {
    std::cerr << "aidivide sweep: " << why << "\n";
    return kExitBadInput;
  }

  SweepPlan plan;
  try {
    plan = load_sweep(sweep_path);
  } catch (const sim::InputError& e) {
    // Every rank finds the same error; one message is enough.
    if (rank == 0) std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::vector<std::size_t> selected;
  for (const SweepMember& m : plan.members) {
    if (m.index % shard.n == shard.k) selected.push_back(m.index);
  }
  if (plan_only) {
    print_plan(plan, selected, fs::is_directory(dir) ? dir : std::string());
    return kExitOk;
  }

  std::error_code ec;
  fs::create_directories(members_dir(dir), ec);
  if (!fs::is_directory(members_dir(dir))) {
    if (rank == 0) {
      std::cerr << "aidivide: " << members_dir(dir) << ": cannot create the sweep directory"
                << (ec ? ": " + ec.message() : std::string()) << "\n";
    }
    return kExitBadInput;
  }
  sim::install_stop_handlers();
  const bool quiet = cli.has("quiet");

  if (rank != 0) {
    const int stopped = work(plan, dir, threads);
    return stopped ? signal_status(stopped) : kExitOk;
  }

  std::vector<std::size_t> todo;
  std::unique_ptr<SweepBook> book;
  try {
    book = std::make_unique<SweepBook>(plan, dir, shard.n > 1, quiet);
    for (std::size_t i : selected) {
      MemberRecord& record = book->manifest().rows[i].record;
      // A published member is trusted only while it matches the plan, whatever its status says.
      if (record.status == MemberStatus::kComplete) {
        const std::string why = check_against_plan(plan, plan.members[i], dir);
        if (why.empty()) continue;
        std::cerr << "aidivide sweep: " << plan.members[i].id << ": member file does not match "
                  << "the plan (" << why << "); running it again\n";
        record = MemberRecord{};
      }
      todo.push_back(i);
    }
    book->set_todo(todo.size());
    book->write();
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    if (session) mpi::abort_job(kExitBadInput);
    return kExitBadInput;
  }
  if (!quiet) {
    std::cerr << "aidivide sweep: " << plan.name << ": " << selected.size() << " members"
              << (shard.n > 1
                      ? " in shard " + std::to_string(shard.k) + "/" + std::to_string(shard.n)
                      : std::string())
              << ", " << selected.size() - todo.size() << " already complete, " << todo.size()
              << " to run on " << size << " process(es) x " << threads << " thread(s)\n";
  }

  try {
    if (size > 1) {
      coordinate(plan, dir, threads, size, todo, *book);
    } else {
      for (std::size_t index : todo) {
        if (sim::stop_requested() != 0) break;
        book->running(index);
        book->finished(index, run_member(plan, plan.members[index], dir, threads), -1);
        if (book->stopped() != 0) break;
      }
    }
    book->write();
  } catch (const std::exception& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    if (session) mpi::abort_job(kExitFailure);
    return kExitFailure;
  }
  // The other ranks are done; ending MPI now lets them exit instead of waiting in MPI_Finalize
  // (which may spin) while this rank merges.
  session.reset();

  // Members another process held may have been published since: count from the files.
  std::vector<std::size_t> held_by_others;
  for (std::size_t i : selected) {
    const MemberRecord& r = book->manifest().rows[i].record;
    if (r.status == MemberStatus::kPending && r.error.rfind("being written by ", 0) == 0) {
      held_by_others.push_back(i);
    }
  }
  try {
    refresh_manifest(dir, book->manifest());
    book->write();
  } catch (const std::exception& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
  }
  std::size_t complete = 0, failed = 0, held = 0;
  for (std::size_t i : held_by_others) {
    held += book->manifest().rows[i].record.status != MemberStatus::kComplete;
  }
  for (std::size_t i : selected) {
    const MemberStatus s = book->manifest().rows[i].record.status;
    complete += s == MemberStatus::kComplete;
    failed += s == MemberStatus::kFailed;
  }
  const int stopped = book->stopped() != 0 ? book->stopped() : sim::stop_requested();
  if (stopped != 0) {
    std::cerr << "aidivide sweep: stopped by signal; " << complete << " of " << selected.size()
              << " members complete; run the same command again to resume\n";
    return signal_status(stopped);
  }
  int status = complete == selected.size() ? kExitOk : kExitFailure;
  if (!quiet || status != kExitOk) {
    std::cerr << "aidivide sweep: " << complete << " of " << selected.size()
              << " members complete, " << failed << " failed (see " << manifest_file(dir) << ")";
    if (held > 0) {
      std::cerr << "; " << held << " left to another process writing them (see the .claim "
                << "files in " << members_dir(dir) << "); run the same command again once it ends";
    }
    std::cerr << "\n";
  }
  if (shard.n == 1 && !cli.has("no-merge") && complete > 0) {
    try {
      // Two processes on one directory (a rerun while the first goes on) merge one at a time.
      const MemberClaim claim(merge_claim_file(dir));
      if (!claim.held()) {
        std::cerr << "aidivide sweep: not merging: " << claim.holder_text()
                  << " is merging this sweep\n";
        return status;
      }
      const MergeSummary merged =
          merge_ensemble(dir, book->manifest(), (fs::path(dir) / "ensemble.h5").string());
      if (!quiet) {
        std::cerr << "aidivide sweep: wrote " << merged.ensemble_path << " (" << merged.members
                  << " runs) and " << merged.stats_path << " (" << merged.points << " points)\n";
      }
    } catch (const std::exception& e) {
      std::cerr << "aidivide sweep: merge failed: " << e.what() << "\n";
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace app
