// Checkpoint files: sections written through one checksum, verified whole before any read.
#include "sim/checkpoint_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "sim/error.hpp"
#include "sim/fsync.hpp"

namespace sim {

namespace {

constexpr std::string_view kMagic = "aidivide-checkpoint 1\n";
constexpr std::string_view kMagicStem = "aidivide-checkpoint ";
// A section name is a short dotted path; anything longer means a damaged file.
constexpr std::uint32_t kMaxNameBytes = 256;

std::size_t element_bytes(CheckpointType type) {
  switch (type) {
    case CheckpointType::kBytes:
    case CheckpointType::kU8:
    case CheckpointType::kI8:
      return 1;
    case CheckpointType::kF32:
    case CheckpointType::kU32:
    case CheckpointType::kI32:
      return 4;
    case CheckpointType::kF64:
    case CheckpointType::kU64:
    case CheckpointType::kI64:
      return 8;
  }
  return 0;
}

const char* type_name(CheckpointType type) {
  constexpr const char* kNames[] = {"bytes", "f64", "f32", "u8", "i8", "u32", "i32", "u64", "i64"};
  const auto i = static_cast<std::size_t>(type);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

}  // namespace

bool is_checkpoint_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(kMagicStem.size(), '\0');
  return in.read(head.data(), static_cast<std::streamsize>(head.size())) && head == kMagicStem;
}

// ---------------------------------------------------------------- writer

CheckpointWriter::CheckpointWriter(std::string path)
    : path_(std::move(path)), tmp_path_(path_ + ".tmp") {
  file_ = std::fopen(tmp_path_.c_str(), "wb");
  if (!file_) fail("cannot create " + tmp_path_ + ": " + sim::errno_text(errno));
  append(kMagic.data(), kMagic.size());
}

CheckpointWriter::~CheckpointWriter() {
  if (file_) std::fclose(file_);
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(tmp_path_, ignored);
  }
}

void CheckpointWriter::fail(const std::string& what) const {
  throw InputError(InputKind::kIo, SourceLocation{path_, 0, 0}, "", "checkpoint: " + what);
}

void CheckpointWriter::append(const void* data, std::size_t bytes) {
  if (bytes == 0) return;
  if (std::fwrite(data, 1, bytes, file_) != bytes) {
    fail("cannot write " + tmp_path_ + ": " + sim::errno_text(errno));
  }
  hash_.update(std::string_view(static_cast<const char*>(data), bytes));
}

void CheckpointWriter::put_raw(std::string_view name, CheckpointType type, std::uint64_t count,
                               const void* data, std::size_t bytes) {
  if (committed_) throw std::logic_error("CheckpointWriter::put after commit");
  const auto name_bytes = static_cast<std::uint32_t>(name.size());
  const auto type_code = static_cast<std::uint8_t>(type);
  append(&name_bytes, sizeof name_bytes);
  append(name.data(), name.size());
  append(&type_code, sizeof type_code);
  append(&count, sizeof count);
  append(data, bytes);
}

void CheckpointWriter::commit() {
  const auto digest = hash_.digest();
  if (std::fwrite(digest.data(), 1, digest.size(), file_) != digest.size() ||
      std::fflush(file_) != 0) {
    fail("cannot write " + tmp_path_ + ": " + sim::errno_text(errno));
  }
  if (::fsync(fileno(file_)) != 0) fail("cannot sync " + tmp_path_ + ": " + sim::errno_text(errno));
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) fail("cannot close " + tmp_path_ + ": " + sim::errno_text(errno));
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    fail("cannot rename " + tmp_path_ + ": " + sim::errno_text(errno));
  }
  committed_ = true;
  // The rename is durable once the directory entry is on disk.
  if (const std::string error = fsync_parent(path_); !error.empty()) {
    fail("cannot sync its directory: " + error);
  }
}

// ---------------------------------------------------------------- reader

CheckpointReader::CheckpointReader(std::string path) : path_(std::move(path)) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path_, ec)) fail("no such checkpoint file");
  std::ifstream in(path_, std::ios::binary);
  if (!in) fail(std::string("cannot open: ") + sim::errno_text(errno));
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  in.seekg(0);
  bytes_.resize(size);
  if (size > 0 && !in.read(bytes_.data(), static_cast<std::streamsize>(size))) {
    fail(std::string("cannot read: ") + sim::errno_text(errno));
  }
  const std::string_view all(bytes_.data(), bytes_.size());
  if (!all.starts_with(kMagicStem)) fail("not an aidivide checkpoint");
  if (!all.starts_with(kMagic)) {
    const std::string_view line = all.substr(0, all.find('\n'));
    fail("checkpoint format '" + std::string(line) + "' is not the one this version reads ('" +
         std::string(kMagic.substr(0, kMagic.size() - 1)) + "')");
  }
  if (size < kMagic.size() + Sha256::kDigestBytes) fail("truncated checkpoint");
  const std::size_t body = size - Sha256::kDigestBytes;
  Sha256 hash;
  hash.update(all.substr(0, body));
  const auto digest = hash.digest();
  if (std::memcmp(digest.data(), bytes_.data() + body, digest.size()) != 0) {
    fail("checksum mismatch: the file is truncated or damaged");
  }
  std::size_t at = kMagic.size();
  auto take = [&](void* out, std::size_t n) {
    if (body - at < n) fail("truncated section");
    std::memcpy(out, bytes_.data() + at, n);
    at += n;
  };
  while (at < body) {
    std::uint32_t name_bytes = 0;
    take(&name_bytes, sizeof name_bytes);
    if (name_bytes == 0 || name_bytes > kMaxNameBytes || body - at < name_bytes) {
      fail("damaged section header");
    }
    std::string name(bytes_.data() + at, name_bytes);
    at += name_bytes;
    std::uint8_t type_code = 0;
    std::uint64_t count = 0;
    take(&type_code, sizeof type_code);
    take(&count, sizeof count);
    const auto type = static_cast<CheckpointType>(type_code);
    const std::size_t width = element_bytes(type);
    if (width == 0 || count > (body - at) / width) fail("damaged section '" + name + "'");
    sections_[std::move(name)] = Section{type, count, at};
    at += static_cast<std::size_t>(count) * width;
  }
}

void CheckpointReader::fail(const std::string& what) const {
  throw InputError(InputKind::kIo, SourceLocation{path_, 0, 0}, "", "checkpoint: " + what);
}

bool CheckpointReader::has(std::string_view name) const { return sections_.contains(name); }

const CheckpointReader::Section& CheckpointReader::find(std::string_view name,
                                                        CheckpointType type) const {
  const auto it = sections_.find(name);
  if (it == sections_.end()) fail("no section '" + std::string(name) + "'");
  if (it->second.type != type) {
    fail("section '" + std::string(name) + "' holds " + type_name(it->second.type) + ", not " +
         type_name(type));
  }
  return it->second;
}

void CheckpointReader::read_raw(std::string_view name, CheckpointType type, std::size_t count,
                                void* out) const {
  const Section& s = find(name, type);
  if (s.count != count) {
    fail("section '" + std::string(name) + "' has " + std::to_string(s.count) + " values, not " +
         std::to_string(count));
  }
  if (count > 0) std::memcpy(out, bytes_.data() + s.offset, count * element_bytes(type));
}

std::string CheckpointReader::text(std::string_view name) const {
  const Section& s = find(name, CheckpointType::kBytes);
  return {bytes_.data() + s.offset, static_cast<std::size_t>(s.count)};
}

}  // namespace sim
