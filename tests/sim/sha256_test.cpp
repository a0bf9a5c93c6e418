// Tests of the SHA-256 implementation against the FIPS 180-4 / NIST test vectors.
#include "sim/sha256.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace {

constexpr const char* kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* k448Bit = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr const char* k448BitDigest =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr const char* k896Bit =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
    "lmnopqrsmnopqrstnopqrstu";
constexpr const char* k896BitDigest =
    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
constexpr const char* kMillionA =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

TEST(Sha256, StandardVectors) {
  EXPECT_EQ(sim::sha256_hex(""), kEmpty);
  EXPECT_EQ(sim::sha256_hex("abc"), kAbc);
  EXPECT_EQ(sim::sha256_hex(k448Bit), k448BitDigest);
  EXPECT_EQ(sim::sha256_hex(k896Bit), k896BitDigest);
}

TEST(Sha256, MillionAInUnevenChunks) {
  sim::Sha256 hasher;
  const std::string chunk(997, 'a');  // prime length: chunks straddle block boundaries
  std::size_t left = 1000000;
  while (left > 0) {
    const std::size_t n = std::min(left, chunk.size());
    hasher.update(std::string_view(chunk).substr(0, n));
    left -= n;
  }
  EXPECT_EQ(hasher.hex_digest(), kMillionA);
}

TEST(Sha256, IncrementalEqualsOneShotAtEverySplit) {
  const std::string message = std::string(k896Bit) + k448Bit;  // 168 bytes, crosses two blocks
  const std::string expected = sim::sha256_hex(message);
  for (std::size_t split = 0; split <= message.size(); ++split) {
    sim::Sha256 hasher;
    hasher.update(std::string_view(message).substr(0, split));
    hasher.update(std::string_view(message).substr(split));
    ASSERT_EQ(hasher.hex_digest(), expected) << "split at " << split;
  }
}

TEST(Sha256, ReadingTheDigestDoesNotEndTheStream) {
  sim::Sha256 hasher;
  hasher.update("ab");
  EXPECT_EQ(hasher.hex_digest(), sim::sha256_hex("ab"));
  hasher.update("c");
  EXPECT_EQ(hasher.hex_digest(), kAbc);
}

TEST(Sha256, PaddingBoundaries) {
  // 55, 56 and 64 bytes are where the length field does or does not fit in the last block;
  // expected digests from an independent implementation (Python's hashlib).
  EXPECT_EQ(sim::sha256_hex(std::string(55, 'x')),
            "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
  EXPECT_EQ(sim::sha256_hex(std::string(56, 'x')),
            "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
  EXPECT_EQ(sim::sha256_hex(std::string(64, 'x')),
            "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
  EXPECT_EQ(sim::sha256_hex(std::string(120, 'x')),
            "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98");
}

TEST(Sha256, NulBytesCount) {
  EXPECT_NE(sim::sha256_hex(std::string_view("a\0b", 3)), sim::sha256_hex("ab"));
}

}  // namespace
