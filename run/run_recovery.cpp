// Crash recovery of a run's OUT.h5.part (docs/RELIABILITY.md, "Crash recovery").
#include "run/run_recovery.hpp"

#include <hdf5.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

#include "sim/error.hpp"
#include "sim/fsync.hpp"
#include "sim/h5_handle.hpp"

extern char** environ;

namespace app {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPartSuffix = ".part";
constexpr std::string_view kHdf5Signature{"\x89HDF\r\n\x1a\n", 8};

[[noreturn]] void bad_input(const std::string& path, const std::string& key,
                            const std::string& reason, const std::string& got = {}) {
  throw sim::InputError(sim::InputKind::kIo, sim::SourceLocation{path, 0, 0}, key, reason, got);
}

// HDF5 puts its signature at byte 0 or after a user block of 512, 1024, 2048, ... bytes.
bool has_hdf5_signature(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[8];
  for (std::streamoff at = 0;; at = at == 0 ? 512 : 2 * at) {
    in.seekg(at);
    if (!in.read(buf, sizeof buf)) return false;
    if (std::string_view(buf, sizeof buf) == kHdf5Signature) return true;
  }
}

// The writer's file format (libver bounds V110), so that recovery does not upgrade any structure.
sim::H5Id v110_fapl() {
  sim::H5Id fapl(H5Pcreate(H5P_FILE_ACCESS));
  H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110);
  return fapl;
}

// Refuses files that are not a run output or that hold a finished run. `shown` names the file
// in messages (the user's path, also when `file` is the working copy).
void check_run_output(hid_t file, const std::string& shown) {
  const auto source = sim::attribute_text(file, "source");
  const auto status = sim::attribute_text(file, "status");
  if (!source || source->rfind("aidivide", 0) != 0 || !status) {
    bad_input(shown, "", "not an aidivide run output (no source \"aidivide ...\" and status)",
              source.value_or("no source attribute"));
  }
  if (*status != "running" && *status != "failed") {
    bad_input(shown, "status",
              "the run is finished; only a killed (running) or failed run can be recovered",
              *status);
  }
  sim::QuietHdf5Errors quiet;
  if (H5Lexists(file, "time", H5P_DEFAULT) <= 0) {
    bad_input(shown, "time", "not an aidivide run output (no time variable)");
  }
}

// Runs `h5clear -s --increment PATH`; returns an empty string on success, else h5clear's last
// message. Throws std::runtime_error when the tool cannot be run at all.
//
// HDF5 has no public function that clears the superblock status flags a killed SWMR writer
// leaves: h5clear opens such a file through a library-private file-access property. So the tool
// itself is run (Debian package hdf5-tools). The options are the ones measured to work: -s clears
// the flags; --increment moves the end of allocated space past the end of the file, so that the
// library neither allocates over nor truncates away what the killed writer put beyond the last
// end-of-allocation it recorded. `h5clear -s` alone destroyed some killed files in the trials of
// docs/RELIABILITY.md.
std::string run_h5clear(const std::string& path) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) {
    throw std::runtime_error(std::string("cannot create a pipe: ") + sim::errno_text(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  std::string arg0 = "h5clear", arg1 = "-s", arg2 = "--increment", arg3 = path;
  char* args[] = {arg0.data(), arg1.data(), arg2.data(), arg3.data(), nullptr};
  pid_t pid = 0;
  const int spawn_error = ::posix_spawnp(&pid, "h5clear", &actions, nullptr, args, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  std::string output;
  if (spawn_error == 0) {
    char buf[512];
    for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) != 0;) {
      if (n > 0) output.append(buf, static_cast<std::size_t>(n));
      if (n < 0 && errno != EINTR) break;
    }
  }
  ::close(pipe_fds[0]);
  if (spawn_error != 0) {
    throw std::runtime_error(std::string("cannot run h5clear (Debian package hdf5-tools): ") +
                             sim::errno_text(spawn_error));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw std::runtime_error(std::string("waiting for h5clear: ") + sim::errno_text(errno));
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
  if (const auto nl = output.rfind('\n'); nl != std::string::npos) output = output.substr(nl + 1);
  return "h5clear -s --increment failed" + (output.empty() ? "" : ": " + output);
}

// A dataset along the unlimited `time` axis, with its chunk shape.
struct RecordVariable {
  std::string name;
  sim::H5Id dataset;
  std::vector<hsize_t> dims, chunk;
};

herr_t collect_dataset_name(hid_t, const char* name, const H5L_info_t* info, void* data) {
  if (info->type == H5L_TYPE_HARD) static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

std::vector<RecordVariable> record_variables(hid_t file) {
  std::vector<std::string> names;
  hsize_t idx = 0;
  H5Literate(file, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_dataset_name, &names);
  std::vector<RecordVariable> out;
  for (const std::string& name : names) {
    sim::H5Id object(H5Oopen(file, name.c_str(), H5P_DEFAULT));
    if (!object || H5Iget_type(object.get()) != H5I_DATASET) continue;
    sim::H5Id space(H5Dget_space(object.get()));
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 1) continue;
    RecordVariable v;
    v.name = name;
    v.dims.resize(static_cast<std::size_t>(rank));
    std::vector<hsize_t> max(v.dims.size());
    H5Sget_simple_extent_dims(space.get(), v.dims.data(), max.data());
    if (max[0] != H5S_UNLIMITED) continue;
    sim::H5Id dcpl(H5Dget_create_plist(object.get()));
    v.chunk.resize(v.dims.size());
    if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED ||
        H5Pget_chunk(dcpl.get(), rank, v.chunk.data()) != rank) {
      continue;  // an unlimited dataset is always chunked; nothing to check otherwise
    }
    v.dataset = std::move(object);
    out.push_back(std::move(v));
  }
  return out;
}

// Records [0, n) of `v` all lie in chunks that are allocated in the file. The writer stores each
// chunk whole before the chunk index points at it, so an allocated chunk holds its data, while a
// chunk the killed writer never stored reads back as fill values: such records are incomplete.
hsize_t complete_records(const RecordVariable& v, hsize_t n) {
  const std::size_t rank = v.dims.size();
  for (hsize_t first = 0; first < n; first += v.chunk[0]) {
    std::vector<hsize_t> offset(rank, 0);
    offset[0] = first;
    // Every chunk of this slab of records: an odometer over the chunk grid of the other axes.
    for (bool more = true; more;) {
      unsigned filter_mask = 0;
      haddr_t addr = HADDR_UNDEF;
      hsize_t size = 0;
      if (H5Dget_chunk_info_by_coord(v.dataset.get(), offset.data(), &filter_mask, &addr, &size) <
              0 ||
          addr == HADDR_UNDEF || size == 0) {
        return first;
      }
      more = false;
      for (std::size_t axis = rank; axis-- > 1;) {
        offset[axis] += v.chunk[axis];
        if (offset[axis] < v.dims[axis]) {
          more = true;
          break;
        }
        offset[axis] = 0;
      }
    }
  }
  return n;
}

// Records up to the first one whose time is unset (NaN, the fill value): the writer writes the
// time of every record, so a NaN time marks a record that never reached the file.
hsize_t records_with_time(const RecordVariable& time, hsize_t n) {
  if (n == 0) return 0;
  std::vector<double> values(static_cast<std::size_t>(n));
  sim::H5Id file_space(H5Dget_space(time.dataset.get()));
  const hsize_t start = 0;
  sim::H5Id mem_space(H5Screate_simple(1, &n, nullptr));
  if (H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr) < 0 ||
      H5Dread(time.dataset.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT,
              values.data()) < 0) {
    return 0;
  }
  const auto unset =
      std::find_if(values.begin(), values.end(), [](double t) { return std::isnan(t); });
  return static_cast<hsize_t>(unset - values.begin());
}

void write_status(hid_t file, const std::string& status) {
  sim::H5Id type(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  // Rewritten in place, so that status keeps its place (first) in the attribute order.
  sim::H5Id attr(H5Aopen(file, "status", H5P_DEFAULT));
  const char* text = status.c_str();
  if (!attr || H5Awrite(attr.get(), type.get(), &text) < 0 || !attr.close()) {
    throw std::runtime_error("cannot write status: " + sim::hdf5_error_reason());
  }
}

void sync_or_throw(const std::string& path, const std::string& error) {
  if (!error.empty()) throw std::runtime_error("cannot sync " + path + ": " + error);
}

// Puts `tmp` at `out` without ever replacing a file there: a hard link fails when `out` exists
// (a rename would replace it). File systems without hard links get a rename after a check.
void publish(const std::string& tmp, const std::string& out) {
  if (::link(tmp.c_str(), out.c_str()) == 0) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return;
  }
  const int link_error = errno;
  if (link_error == EEXIST) bad_input(out, "", "output file exists; remove it or choose -o");
  if (link_error != EPERM && link_error != EOPNOTSUPP && link_error != ENOSYS) {
    throw std::runtime_error("cannot create " + out + ": " + sim::errno_text(link_error));
  }
  std::error_code ec;
  if (fs::exists(out, ec)) bad_input(out, "", "output file exists; remove it or choose -o");
  fs::rename(tmp, out, ec);
  if (ec) throw std::runtime_error("cannot rename to " + out + ": " + ec.message());
}

// Deletes the working copy unless it was published.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    std::error_code ec;
    if (!path_.empty()) fs::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  void forget() { path_.clear(); }

 private:
  std::string path_;
};

}  // namespace

std::string default_recovery_output(const std::string& part) {
  if (part.size() <= kPartSuffix.size() ||
      part.compare(part.size() - kPartSuffix.size(), kPartSuffix.size(), kPartSuffix) != 0) {
    return {};
  }
  return part.substr(0, part.size() - kPartSuffix.size());
}

RecoveryResult recover_run(const std::string& part, const std::string& out) {
  std::error_code ec;
  if (!fs::is_regular_file(part, ec)) bad_input(part, "", "no such file");
  if (!has_hdf5_signature(part)) bad_input(part, "", "not an HDF5 file");
  if (fs::exists(out, ec)) bad_input(out, "", "output file exists; remove it or choose -o");
  const fs::path out_dir = fs::path(out).parent_path();
  if (!out_dir.empty() && !fs::is_directory(out_dir, ec)) {
    bad_input(out, "", "output directory does not exist", out_dir.string());
  }
  sim::QuietHdf5Errors quiet;
  {
    // Read-only, so the part file is not changed. A killed writer's file usually opens this way,
    // and a finished run or a foreign file is refused before anything is copied.
    sim::H5Id original(H5Fopen(part.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    if (original) check_run_output(original.get(), part);
  }

  // The working copy sits next to the output, so that publishing it is a link in one directory.
  TempFile tmp(out + ".recover-" + std::to_string(::getpid()) + ".part");
  fs::remove(tmp.path(), ec);
  if (!fs::copy_file(part, tmp.path(), ec) || ec) {
    throw std::runtime_error("cannot copy " + part + " to " + tmp.path() + ": " + ec.message());
  }

  RecoveryResult result;
  const sim::H5Id fapl = v110_fapl();
  sim::H5Id file(H5Fopen(tmp.path().c_str(), H5F_ACC_RDWR, fapl.get()));
  if (!file) {
    // The SWMR status flags of a killed writer: clear them on the copy.
    if (const std::string error = run_h5clear(tmp.path()); !error.empty()) {
      bad_input(part, "", "cannot be recovered: " + error);
    }
    result.cleared = true;
    file = sim::H5Id(H5Fopen(tmp.path().c_str(), H5F_ACC_RDWR, fapl.get()));
    if (!file) {
      bad_input(part, "", "cannot be recovered: HDF5 cannot open it after h5clear",
                sim::hdf5_error_reason());
    }
  }
  check_run_output(file.get(), part);

  std::vector<RecordVariable> vars = record_variables(file.get());
  const auto time = std::find_if(vars.begin(), vars.end(),
                                 [](const RecordVariable& v) { return v.name == "time"; });
  if (time == vars.end()) bad_input(part, "time", "not an unlimited record dimension");
  // A record is complete when every record variable holds it: the shortest extent, then only
  // records whose chunks are all on disk and whose time is set.
  hsize_t longest = 0, n = time->dims[0];
  for (const RecordVariable& v : vars) {
    longest = std::max(longest, v.dims[0]);
    n = std::min(n, v.dims[0]);
  }
  for (const RecordVariable& v : vars) n = complete_records(v, n);
  n = records_with_time(*time, n);
  for (RecordVariable& v : vars) {
    if (v.dims[0] == n) continue;
    v.dims[0] = n;
    if (H5Dset_extent(v.dataset.get(), v.dims.data()) < 0) {
      throw std::runtime_error("cannot cut '" + v.name + "' to " + std::to_string(n) +
                               " records: " + sim::hdf5_error_reason());
    }
  }
  write_status(file.get(), "recovered");
  bool closed = true;
  for (RecordVariable& v : vars) closed = v.dataset.close() && closed;
  closed = file.close() && closed;
  if (!closed)
    throw std::runtime_error("cannot close " + tmp.path() + ": " + sim::hdf5_error_reason());

  sync_or_throw(tmp.path(), sim::fsync_path(tmp.path()));
  publish(tmp.path(), out);
  // Published: the working copy's name is gone, the rename is durable with its directory.
  tmp.forget();
  sync_or_throw("the directory of " + out, sim::fsync_parent(out));
  result.records = static_cast<std::int64_t>(n);
  result.dropped = static_cast<std::int64_t>(longest - n);
  return result;
}

}  // namespace app
