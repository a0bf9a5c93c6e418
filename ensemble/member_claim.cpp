// Claims on sweep members: exclusive creation, stale claims of dead owners taken over.
#include "ensemble/member_claim.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "sim/error.hpp"
#include "sim/yaml_reader.hpp"

namespace app {

namespace {

namespace fs = std::filesystem;

constexpr std::time_t kEmptyClaimSeconds = 60;

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

// Field 22 of /proc/PID/stat: the start time since boot; it tells a reused PID from its first
// owner. "" when the process does not exist.
std::string start_time(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return {};
  const std::size_t close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return {};
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i) {
    if (i == 22) return field;
  }
  return {};
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string owner_text(const ClaimOwner& o) {
  return "host=" + o.host + "\npid=" + std::to_string(o.pid) + "\nstart=" + o.start +
         "\njob=" + o.job + "\nrestarts=" + std::to_string(o.restarts) + "\n";
}

ClaimOwner parse_owner(const std::string& text) {
  ClaimOwner o;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "host") o.host = value;
    if (key == "start") o.start = value;
    if (key == "job") o.job = value;
    if (key == "pid") o.pid = std::strtol(value.c_str(), nullptr, 10);
    if (key == "restarts") o.restarts = std::strtol(value.c_str(), nullptr, 10);
  }
  return o;
}

// A claim file's text, empty when it is gone.
std::string text_of(const std::string& path) {
  return sim::read_text_file(path, sim::InputKind::kIo).value_or("");
}

}  // namespace

std::string claim_file(const std::string& dir, const std::string& id) {
  return (fs::path(dir) / "members" / (id + ".claim")).string();
}

std::string merge_claim_file(const std::string& dir) {
  return (fs::path(dir) / "ensemble.claim").string();
}

ClaimOwner this_process() {
  ClaimOwner o;
  o.host = host_name();
  o.pid = static_cast<long>(::getpid());
  o.start = start_time(o.pid);
  o.job = env("SLURM_JOB_ID");
  o.restarts = std::strtol(env("SLURM_RESTART_COUNT").c_str(), nullptr, 10);
  return o;
}

bool claim_is_stale(const ClaimOwner& owner, const ClaimOwner& self) {
  if (owner.host.empty() || owner.pid <= 0) return false;  // being written (see MemberClaim)
  // A requeued job restarts under its job id with a higher restart count: its earlier
  // incarnation, wherever it ran, is gone.
  if (!self.job.empty() && owner.job == self.job && owner.restarts < self.restarts) return true;
  if (owner.host != self.host) return false;  // cannot tell: another host's process
  if (owner.pid == self.pid) return owner.start != self.start;
  if (::kill(static_cast<pid_t>(owner.pid), 0) != 0 && errno == ESRCH) return true;
  const std::string start = start_time(owner.pid);
  return !start.empty() && !owner.start.empty() && start != owner.start;  // PID reused
}

MemberClaim::MemberClaim(std::string path) : path_(std::move(path)) {
  const ClaimOwner self = this_process();
  text_ = owner_text(self);
  if (try_create()) return;
  // Taken: over a stale claim, move it aside under a name of our own (one process wins the
  // rename), check that what was moved is the claim judged stale, and try again.
  const std::string seen = text_of(path_);
  holder_ = parse_owner(seen);
  // An empty claim is one being written, or one whose writer died between create and write:
  // stale only once it is old.
  struct stat info {};
  const bool old_and_empty = (holder_.host.empty() || holder_.pid <= 0) &&
                             ::stat(path_.c_str(), &info) == 0 &&
                             std::time(nullptr) - info.st_mtime > kEmptyClaimSeconds;
  if (!old_and_empty && !claim_is_stale(holder_, self)) return;
  const std::string aside = path_ + ".stale." + self.host + "." + std::to_string(self.pid);
  if (::rename(path_.c_str(), aside.c_str()) != 0) return;  // another process took it first
  if (text_of(aside) != seen) {
    // A fresh claim replaced the stale one meanwhile: put it back.
    if (::link(aside.c_str(), path_.c_str()) != 0) holder_ = parse_owner(text_of(path_));
    ::unlink(aside.c_str());
    return;
  }
  ::unlink(aside.c_str());
  if (!try_create()) holder_ = parse_owner(text_of(path_));
}

bool MemberClaim::try_create() {
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw sim::InputError(sim::InputKind::kIo, {path_, 0, 0}, "",
                          "cannot create claim file: " + sim::errno_text(errno));
  }
  const ssize_t wrote = ::write(fd, text_.data(), text_.size());
  const bool ok = wrote == static_cast<ssize_t>(text_.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path_.c_str());
    throw sim::InputError(sim::InputKind::kIo, {path_, 0, 0}, "", "cannot write claim file");
  }
  held_ = true;
  holder_ = parse_owner(text_);
  return true;
}

MemberClaim::~MemberClaim() {
  // Only our own claim goes: one wrongly judged stale and taken over stays with its new owner.
  if (held_ && text_of(path_) == text_) ::unlink(path_.c_str());
}

std::string MemberClaim::holder_text() const {
  std::string text = "host " + holder_.host + " pid " + std::to_string(holder_.pid);
  if (!holder_.job.empty()) text += " (Slurm job " + holder_.job + ")";
  return text;
}

}  // namespace app
