// SHA-256 (FIPS 180-4) of byte strings, one-shot or incremental, for content hashes of inputs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sim {

// Incremental hasher: feed bytes with update(), read the digest at any point (reading does not
// end the stream, so a caller can hash a prefix and keep going).
class Sha256 {
 public:
  static constexpr std::size_t kDigestBytes = 32;

  Sha256();
  void update(std::string_view bytes);
  std::array<std::uint8_t, kDigestBytes> digest() const;
  std::string hex_digest() const;  // 64 lowercase hex digits

 private:
  static constexpr std::size_t kBlockBytes = 64;
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, kBlockBytes> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

// The SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace sim
