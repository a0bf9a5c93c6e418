// A checkpoint file: named arrays of fixed-size values, checksummed, written atomically.
//
// Layout (native byte order; a checkpoint is read back by the same build on the same machine
// type): the magic line "aidivide-checkpoint 1\n", then sections, each
//   u32 name length, name bytes, u8 element type, u64 element count, count * element bytes,
// then the SHA-256 of everything before it (32 bytes). The reader checks the magic, the format
// version and the checksum before it hands out any value, so a truncated or altered file is
// refused, never half-read.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sim/sha256.hpp"

namespace sim {

enum class CheckpointType : std::uint8_t {
  kBytes = 0,
  kF64,
  kF32,
  kU8,
  kI8,
  kU32,
  kI32,
  kU64,
  kI64
};

template <typename T>
constexpr CheckpointType checkpoint_type_of() {
  if constexpr (std::is_same_v<T, double>) return CheckpointType::kF64;
  if constexpr (std::is_same_v<T, float>) return CheckpointType::kF32;
  if constexpr (std::is_same_v<T, std::uint8_t>) return CheckpointType::kU8;
  if constexpr (std::is_same_v<T, std::int8_t>) return CheckpointType::kI8;
  if constexpr (std::is_same_v<T, std::uint32_t>) return CheckpointType::kU32;
  if constexpr (std::is_same_v<T, std::int32_t>) return CheckpointType::kI32;
  if constexpr (std::is_same_v<T, std::uint64_t>) return CheckpointType::kU64;
  if constexpr (std::is_same_v<T, std::int64_t>) return CheckpointType::kI64;
  if constexpr (std::is_same_v<T, char>) return CheckpointType::kBytes;
}

// True when `path` starts like a checkpoint file (of any format version).
bool is_checkpoint_file(const std::string& path);

// Writes PATH.tmp section by section; commit() adds the checksum, fsyncs, renames it to PATH and
// fsyncs the directory, so PATH is always either the previous checkpoint or the new one, whole.
// Without commit(), the destructor deletes PATH.tmp. I/O failures throw InputError(kIo).
class CheckpointWriter {
 public:
  explicit CheckpointWriter(std::string path);
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  template <typename T>
  void put(std::string_view name, std::span<const T> values) {
    put_raw(name, checkpoint_type_of<T>(), values.size(), values.data(), values.size_bytes());
  }
  template <typename T>
  void put_value(std::string_view name, const T& value) {
    put(name, std::span<const T>(&value, 1));
  }
  void put_text(std::string_view name, std::string_view text) {
    put(name, std::span<const char>(text.data(), text.size()));
  }
  void commit();

  const std::string& path() const { return path_; }

 private:
  void put_raw(std::string_view name, CheckpointType type, std::uint64_t count, const void* data,
               std::size_t bytes);
  void append(const void* data, std::size_t bytes);
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_, tmp_path_;
  std::FILE* file_ = nullptr;
  Sha256 hash_;
  bool committed_ = false;
};

// Reads and verifies a whole checkpoint file. Bad files (missing, not a checkpoint, another format
// version, a checksum that does not match, a truncated section) throw InputError(kIo) naming the
// path; a section that is missing or has another type or size throws the same, naming the section.
class CheckpointReader {
 public:
  explicit CheckpointReader(std::string path);

  const std::string& path() const { return path_; }
  bool has(std::string_view name) const;
  // Element count of section `name`, which must hold values of type T.
  template <typename T>
  std::size_t count(std::string_view name) const {
    return find(name, checkpoint_type_of<T>()).count;
  }
  // Copies section `name` into out, which must have exactly as many elements.
  template <typename T>
  void read(std::string_view name, std::span<T> out) const {
    read_raw(name, checkpoint_type_of<T>(), out.size(), out.data());
  }
  template <typename T>
  T value(std::string_view name) const {
    T v{};
    read(name, std::span<T>(&v, 1));
    return v;
  }
  std::string text(std::string_view name) const;

 private:
  struct Section {
    CheckpointType type;
    std::uint64_t count;
    std::size_t offset;  // of the first value in bytes_
  };
  const Section& find(std::string_view name, CheckpointType type) const;
  void read_raw(std::string_view name, CheckpointType type, std::size_t count, void* out) const;
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  std::vector<char> bytes_;
  std::map<std::string, Section, std::less<>> sections_;
};

}  // namespace sim
