// Well-formedness of UTF-8 text, so that bytes from hostile files never reach messages or output
// attributes (which readers such as h5py decode as UTF-8) undetected.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "sim/error.hpp"

namespace sim {

// Offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or std::string_view::npos when all of it is.
std::size_t find_invalid_utf8(std::string_view text);

// 1-based line and byte column of `offset` within `text` (lines end at '\n').
SourceLocation location_of_offset(std::string_view text, std::size_t offset,
                                  const std::string& file);

// "byte 0xFF", for the "(got ...)" part of an error about the byte at `offset`.
std::string describe_byte(std::string_view text, std::size_t offset);

}  // namespace sim
