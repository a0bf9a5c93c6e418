// Tests of UTF-8 validation: the boundaries of RFC 3629 and the location of the first bad byte.
#include "sim/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

constexpr auto kNone = std::string_view::npos;

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_EQ(sim::find_invalid_utf8(""), kNone);
  EXPECT_EQ(sim::find_invalid_utf8("plain ASCII\n"), kNone);
  EXPECT_EQ(sim::find_invalid_utf8("C\xC3\xB4te d'Ivoire"), kNone);  // U+00F4
  EXPECT_EQ(sim::find_invalid_utf8("\xE2\x82\xAC"), kNone);          // U+20AC
  EXPECT_EQ(sim::find_invalid_utf8("\xF0\x9F\x8C\x8D"), kNone);      // U+1F30D
  EXPECT_EQ(sim::find_invalid_utf8("\xEF\xBB\xBFkey: 1"), kNone);    // byte-order mark
  EXPECT_EQ(sim::find_invalid_utf8("\xF4\x8F\xBF\xBF"), kNone);      // U+10FFFF
}

TEST(Utf8, FindsTheFirstMalformedByte) {
  EXPECT_EQ(sim::find_invalid_utf8("ab\xFF"), 2u);            // never valid
  EXPECT_EQ(sim::find_invalid_utf8("a\x80"), 1u);             // a lone continuation byte
  EXPECT_EQ(sim::find_invalid_utf8("a\xC3"), 1u);             // cut short at the end
  EXPECT_EQ(sim::find_invalid_utf8("a\xE2\x82x"), 1u);        // cut short before 'x'
  EXPECT_EQ(sim::find_invalid_utf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(sim::find_invalid_utf8("\xE0\x80\xAF"), 0u);      // overlong '/'
  EXPECT_EQ(sim::find_invalid_utf8("\xED\xA0\x80"), 0u);      // surrogate U+D800
  EXPECT_EQ(sim::find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(sim::find_invalid_utf8("\xFF\xFEk\0e\0"), 0u);    // UTF-16 byte-order mark
}

TEST(Utf8, LocatesAnOffsetByLineAndColumn) {
  const std::string text = "a: 1\nbb: \xFF\n";
  const sim::SourceLocation at = sim::location_of_offset(text, 9, "f.yaml");
  EXPECT_EQ(at.file, "f.yaml");
  EXPECT_EQ(at.line, 2);
  EXPECT_EQ(at.column, 5);
  EXPECT_EQ(sim::describe_byte(text, 9), "byte 0xFF");
}

}  // namespace
