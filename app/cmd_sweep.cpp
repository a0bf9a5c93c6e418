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
#include "ensemble/sweep_manifest.hpp"
#include "ensemble/sweep_merge.hpp"
#include "ensemble/sweep_mpi.hpp"
#include "ensemble/sweep_plan.hpp"
#include "ensemble/sweep_runner.hpp"
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

constexpr auto kIdleWait = std::chrono::milliseconds(2);

struct Shard {
  std::size_t k = 0, n = 1;
};

std::optional<Shard> parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  try {
    std::size_t used_k = 0, used_n = 0;
    const std::string k = text.substr(0, slash), n = text.substr(slash + 1);
    if (k.empty() || n.empty() || k[0] == '-' || n[0] == '-') return std::nullopt;
    Shard shard{std::stoul(k, &used_k), std::stoul(n, &used_n)};
    if (used_k != k.size() || used_n != n.size() || shard.n < 1 || shard.k >= shard.n) {
      return std::nullopt;
    }
    return shard;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Worker -> coordinator: "index\nstatus\nwall\nfinished\nsignal\nerror".
std::string encode_outcome(std::size_t index, const MemberOutcome& o) {
  std::ostringstream out;
  out << index << "\n"
      << status_name(o.record.status) << "\n"
      << o.record.wall_seconds << "\n"
      << o.record.finished << "\n"
      << o.stop_signal << "\n"
      << o.record.error;
  return out.str();
}

std::pair<std::size_t, MemberOutcome> decode_outcome(const std::string& body) {
  std::istringstream in(body);
  std::string index, status, wall, finished, signal;
  std::getline(in, index);
  std::getline(in, status);
  std::getline(in, wall);
  std::getline(in, finished);
  std::getline(in, signal);
  MemberOutcome o;
  std::ostringstream rest;
  rest << in.rdbuf();
  o.record.error = rest.str();
  o.record.status = status == "complete" ? MemberStatus::kComplete
                    : status == "failed" ? MemberStatus::kFailed
                                         : MemberStatus::kPending;
  o.record.wall_seconds = std::stod(wall);
  o.record.finished = finished;
  o.stop_signal = std::stoi(signal);
  return {std::stoul(index), o};
}

// The bookkeeping of the process that owns the manifest (the only process, or MPI rank 0).
class SweepBook {
 public:
  SweepBook(const SweepPlan& plan, std::string dir, bool shared_dir, bool quiet)
      : plan_(plan),
        dir_(std::move(dir)),
        shared_dir_(shared_dir),
        quiet_(quiet),
        manifest_(manifest_from_plan(plan)) {
    try {
      const Manifest older = read_manifest(dir_);
      refresh_manifest(dir_, manifest_);  // statuses from the files, not the old summary
      adopt_timings(older, manifest_);
    } catch (const std::exception&) {
      refresh_manifest(dir_, manifest_);  // no readable manifest yet: the files alone
    }
  }

  Manifest& manifest() { return manifest_; }
  // Members this process will run, for the [done/total] count.
  void set_todo(std::size_t todo) { todo_ = todo; }

  void write() {
    // Other shards complete members in the same directory: look before overwriting.
    if (shared_dir_) refresh_manifest(dir_, manifest_);
    write_manifest(dir_, manifest_);
  }

  void running(std::size_t index) { manifest_.rows[index].record.status = MemberStatus::kRunning; }

  void finished(std::size_t index, const MemberOutcome& outcome, int rank) {
    manifest_.rows[index].record = outcome.record;
    if (outcome.stop_signal != 0) stopped_ = outcome.stop_signal;
    ++done_;
    if (!quiet_ || outcome.record.status == MemberStatus::kFailed) {
      const SweepMember& m = plan_.members[index];
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.2f s", outcome.record.wall_seconds);
      std::cerr << "aidivide sweep: [" << done_ << "/" << todo_ << "] " << m.id << " "
                << plan_.scenarios[m.scenario].name << " point " << m.point << " replicate "
                << m.replicate;
      if (rank >= 0) std::cerr << " (rank " << rank << ")";
      if (outcome.record.status == MemberStatus::kComplete) {
        std::cerr << " complete in " << seconds << "\n";
      } else if (outcome.record.status == MemberStatus::kFailed) {
        std::cerr << " failed: " << outcome.record.error << "\n";
      } else {
        std::cerr << " stopped by signal " << outcome.stop_signal << "\n";
      }
    }
    write();
  }

  int stopped() const { return stopped_; }

 private:
  const SweepPlan& plan_;
  std::string dir_;
  bool shared_dir_;
  bool quiet_;
  std::size_t todo_ = 0;
  Manifest manifest_;
  std::size_t done_ = 0;
  int stopped_ = 0;
};

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

// Rank 0 of an MPI job: hands out members in plan order to whichever rank asks, and runs
// members itself, answering between its ticks (a tick is short next to a member).
void coordinate(const SweepPlan& plan, const std::string& dir, int threads, int size,
                const std::vector<std::size_t>& todo, SweepBook& book) {
  std::size_t next = 0;
  int active = size - 1;
  bool stopping = false;
  const auto serve = [&] {
    while (const auto message = mpi::poll()) {
      if (message->tag == mpi::kTagResult) {
        const auto [index, outcome] = decode_outcome(message->body);
        book.finished(index, outcome, message->source);
        if (outcome.stop_signal != 0) stopping = true;
      }
      if (message->tag != mpi::kTagReady && message->tag != mpi::kTagResult) continue;
      if (sim::stop_requested() != 0) stopping = true;
      if (!stopping && next < todo.size()) {
        const std::size_t index = todo[next++];
        book.running(index);
        mpi::send(message->source, mpi::kTagAssign, std::to_string(index));
      } else {
        mpi::send(message->source, mpi::kTagAssign, "-1");
        --active;
      }
    }
  };
  for (;;) {
    serve();
    if (sim::stop_requested() != 0) stopping = true;
    if (!stopping && next < todo.size()) {
      const std::size_t index = todo[next++];
      book.running(index);
      const MemberOutcome outcome = run_member(plan, plan.members[index], dir, threads, serve);
      book.finished(index, outcome, 0);
      if (outcome.stop_signal != 0) stopping = true;
      continue;
    }
    if (active == 0) break;
    std::this_thread::sleep_for(kIdleWait);
  }
}

// Any other rank: asks rank 0 for members until told to stop.
int work(const SweepPlan& plan, const std::string& dir, int threads) {
  int stopped = 0;
  mpi::send(0, mpi::kTagReady, "");
  for (;;) {
    const mpi::Message message = mpi::wait_for(0, mpi::kTagAssign);
    const long long index = std::stoll(message.body);
    if (index < 0) break;
    const MemberOutcome outcome =
        run_member(plan, plan.members[static_cast<std::size_t>(index)], dir, threads);
    if (outcome.stop_signal != 0) stopped = outcome.stop_signal;
    mpi::send(0, mpi::kTagResult, encode_outcome(static_cast<std::size_t>(index), outcome));
  }
  return stopped;
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
  std::optional<mpi::Session> session;
  if (mpi::built_with_mpi() && mpi::launched_by_mpi() && !plan_only) session.emplace();
  const int rank = session ? session->rank() : 0;
  const int size = session ? session->size() : 1;

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
      if (book->manifest().rows[i].record.status != MemberStatus::kComplete) todo.push_back(i);
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

  std::size_t complete = 0, failed = 0;
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
              << " members complete, " << failed << " failed (see " << manifest_file(dir) << ")\n";
  }
  if (shard.n == 1 && !cli.has("no-merge") && complete > 0) {
    try {
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
