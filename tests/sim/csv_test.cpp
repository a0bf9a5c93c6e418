// Tests of the strict CSV reader: quoting, line ends, column counts and located errors.
#include "sim/csv.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

using sim::InputError;
using sim::InputKind;

// Runs `parse` on `text` and returns the InputError it must throw.
InputError parse_error(const std::string& text) {
  try {
    sim::parse_csv(text, "t.csv");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return InputError(InputKind::kData, {}, "", "none");
}

TEST(Csv, PlainRowsWithLfAndCrlf) {
  for (const char* text : {"a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\n1,2\n3,4"}) {
    const sim::CsvTable t = sim::parse_csv(text, "t.csv");
    ASSERT_EQ(t.header(), (std::vector<std::string>{"a", "b"})) << text;
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t.text(1, 1), "4");
    EXPECT_EQ(t.location(1, 1).line, 3);
    EXPECT_EQ(t.location(1, 1).column, 3);
  }
}

TEST(Csv, QuotedFieldsWithCommasQuotesAndLineBreaks) {
  const sim::CsvTable t = sim::parse_csv(
      "name,note\n\"Korea, Rep.\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\nx,y\n", "t.csv");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.text(0, 0), "Korea, Rep.");
  EXPECT_EQ(t.text(0, 1), "say \"hi\"");
  EXPECT_EQ(t.text(1, 0), "two\nlines");
  EXPECT_TRUE(t.empty(1, 1));
  EXPECT_EQ(t.location(2, 0).line, 5);  // the quoted line break counts
}

TEST(Csv, EmptyFieldsAndByteOrderMark) {
  const sim::CsvTable t = sim::parse_csv("\xEF\xBB\xBFx,y,z\n,,\n", "t.csv");
  EXPECT_EQ(t.header().front(), "x");
  ASSERT_EQ(t.size(), 1u);
  EXPECT_TRUE(t.empty(0, 0));
  EXPECT_TRUE(t.empty(0, 2));
  EXPECT_FALSE(t.optional_number(0, 1).has_value());
}

TEST(Csv, WrongFieldCountIsLocated) {
  const InputError extra = parse_error("a,b\n1,2\n3,4,5\n");
  EXPECT_EQ(extra.kind(), InputKind::kData);
  EXPECT_EQ(extra.where().file, "t.csv");
  EXPECT_EQ(extra.where().line, 3);
  EXPECT_EQ(extra.where().column, 5);
  EXPECT_NE(std::string(extra.what()).find("t.csv:3:5"), std::string::npos) << extra.what();

  const InputError missing = parse_error("a,b\n1\n");
  EXPECT_EQ(missing.where().line, 2);
  EXPECT_NE(missing.reason().find("1 field but the header has 2"), std::string::npos);

  EXPECT_EQ(parse_error("a,b\n1,2\n\n3,4\n").where().line, 3);  // a blank line is a short row
}

TEST(Csv, TheFirstBadRowInTheFileIsReported) {
  // A short row before a long one: errors come in file order, and a long row is refused as it is
  // read (a row of a million commas never becomes a million fields).
  EXPECT_EQ(parse_error("a,b\n1\n1,2,3\n").where().line, 2);
  const InputError wide = parse_error("a,b\n1,2\n" + std::string(1000000, ',') + "\n");
  EXPECT_EQ(wide.where().line, 3);
  EXPECT_EQ(wide.where().column, 3);
  EXPECT_NE(wide.reason().find("row has 3 fields but the header has 2"), std::string::npos)
      << wide.reason();
}

TEST(Csv, HostileSizesAndBytesAreRefused) {
  const InputError columns = parse_error(std::string(2000, ',') + "\n");
  EXPECT_EQ(columns.reason(), "more than 1024 columns");
  EXPECT_EQ(columns.where().line, 1);
  EXPECT_EQ(columns.where().column, 1025);

  const InputError big = parse_error("a\n" + std::string(sim::kMaxCsvBytes, '1'));
  EXPECT_EQ(std::string(big.what()), "t.csv: larger than 33554432 bytes");

  const InputError latin1 = parse_error("iso3,name\nCIV,C\xF4te d'Ivoire\n");
  EXPECT_EQ(std::string(latin1.what()), "t.csv:2:6: not UTF-8 text (got byte 0xF4)");
  EXPECT_EQ(latin1.kind(), InputKind::kData);
}

TEST(Csv, MalformedQuotingIsLocated) {
  const InputError unterminated = parse_error("a,b\n1,\"open\n");
  EXPECT_EQ(unterminated.where().line, 2);
  EXPECT_EQ(unterminated.where().column, 3);
  EXPECT_NE(unterminated.reason().find("unterminated"), std::string::npos);

  const InputError stray = parse_error("a,b\n1,ab\"c\n");
  EXPECT_EQ(stray.where().line, 2);
  EXPECT_EQ(stray.where().column, 5);

  const InputError after = parse_error("a,b\n\"x\"y,2\n");
  EXPECT_EQ(after.where().column, 4);
}

TEST(Csv, BareCarriageReturnAndBadHeaders) {
  EXPECT_EQ(parse_error("a,b\r1,2\n").where().column, 4);
  EXPECT_NE(parse_error("").reason().find("no header"), std::string::npos);
  EXPECT_NE(parse_error("a,,b\n").reason().find("empty column name"), std::string::npos);
  const InputError dup = parse_error("a,b,a\n");
  EXPECT_EQ(dup.key_path(), "a");
  EXPECT_EQ(dup.where().column, 5);
}

TEST(Csv, NumbersAreStrictAndLocated) {
  const sim::CsvTable t =
      sim::parse_csv("k,v\nx,1.5e3\ny,-2\nz,12abc\nw, 3\nu,nan\nv,\ns,7.0\n", "t.csv");
  EXPECT_DOUBLE_EQ(t.number(0, 1), 1500.0);
  EXPECT_DOUBLE_EQ(t.number(1, 1), -2.0);
  EXPECT_EQ(t.integer(1, 1), -2);
  for (std::size_t r : {2u, 3u, 4u, 5u}) {
    try {
      t.number(r, 1);
      ADD_FAILURE() << "row " << r << " parsed";
    } catch (const InputError& e) {
      EXPECT_EQ(e.key_path(), "v");
      EXPECT_EQ(e.where().line, static_cast<int>(r) + 2);
      EXPECT_EQ(e.where().column, 3);
      EXPECT_EQ(e.got(), t.text(r, 1));
    }
  }
  EXPECT_THROW(t.integer(6, 1), InputError);  // 7.0 is not written as a whole number
}

TEST(Csv, MissingColumnIsLocatedAtTheHeader) {
  const sim::CsvTable t = sim::parse_csv("a,b\n1,2\n", "t.csv");
  EXPECT_EQ(t.column("b"), 1);
  EXPECT_EQ(t.find_column("c"), -1);
  try {
    t.column("c");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 1);
    EXPECT_EQ(e.key_path(), "c");
    EXPECT_EQ(e.reason(), "missing column");
  }
}

TEST(Csv, ReadsFilesAndReportsMissingOnes) {
  const auto dir = std::filesystem::temp_directory_path() / "aidivide_csv_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "ok.csv").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << "a\n1\n";
  }
  EXPECT_EQ(sim::read_csv(path).size(), 1u);
  try {
    sim::read_csv((dir / "absent.csv").string(), InputKind::kIo);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.kind(), InputKind::kIo);
    EXPECT_EQ(e.where().file, (dir / "absent.csv").string());
  }
  EXPECT_THROW(sim::read_csv(dir.string()), InputError);  // a directory is not a file
  std::filesystem::remove_all(dir);
}

}  // namespace
