// UTF-8 validation by the byte ranges of RFC 3629, table 4.
#include "sim/utf8.hpp"

#include <cstdio>

namespace sim {

namespace {

bool in(unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; }

// Length of the well-formed sequence starting at text[i], or 0 when it is not one.
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  const unsigned char b0 = at(0);
  if (b0 < 0x80) return 1;
  // The second byte's range depends on the first: it is what excludes overlong forms (E0, F0),
  // surrogates (ED) and code points past U+10FFFF (F4).
  unsigned lo = 0x80, hi = 0xBF;
  std::size_t length = 0;
  if (in(b0, 0xC2, 0xDF)) {
    length = 2;
  } else if (b0 == 0xE0) {
    length = 3, lo = 0xA0;
  } else if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF)) {
    length = 3;
  } else if (b0 == 0xED) {
    length = 3, hi = 0x9F;
  } else if (b0 == 0xF0) {
    length = 4, lo = 0x90;
  } else if (in(b0, 0xF1, 0xF3)) {
    length = 4;
  } else if (b0 == 0xF4) {
    length = 4, hi = 0x8F;
  } else {
    return 0;
  }
  if (i + length > text.size() || !in(static_cast<unsigned char>(at(1)), lo, hi)) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!in(static_cast<unsigned char>(at(k)), 0x80, 0xBF)) return 0;
  }
  return length;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

SourceLocation location_of_offset(std::string_view text, std::size_t offset,
                                  const std::string& file) {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {file, line, static_cast<int>(offset - line_start) + 1};
}

std::string describe_byte(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return "the end of the text inside a character";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "byte 0x%02X", static_cast<unsigned char>(text[offset]));
  return buffer;
}

}  // namespace sim
