// Strict CSV reading (RFC 4180 quoting, header row, fixed column count) with located errors.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/error.hpp"

namespace sim {

// One data row: its fields and where each one starts, so later checks can point at the cell.
struct CsvRow {
  std::vector<std::string> fields;
  std::vector<int> lines;    // 1-based line of each field's first character
  std::vector<int> columns;  // 1-based byte column of each field's first character
};

// A parsed file. Errors found while reading the values (a missing column, a bad number) are
// raised through the accessors below so that they carry the file, line and column of the cell.
class CsvTable {
 public:
  CsvTable(std::string file, InputKind kind, std::vector<std::string> header,
           std::vector<CsvRow> rows);

  const std::string& file() const { return file_; }
  const std::vector<std::string>& header() const { return header_; }
  std::size_t size() const { return rows_.size(); }
  const CsvRow& row(std::size_t r) const { return rows_[r]; }

  // Index of a column, or -1.
  int find_column(std::string_view name) const;
  // Index of a column; InputError (located at the header line) when absent.
  int column(std::string_view name) const;

  const std::string& text(std::size_t r, int c) const { return rows_[r].fields[c]; }
  bool empty(std::size_t r, int c) const { return rows_[r].fields[c].empty(); }
  // A finite decimal number; InputError when empty or malformed.
  double number(std::size_t r, int c) const;
  // Like number(), but an empty cell is std::nullopt.
  std::optional<double> optional_number(std::size_t r, int c) const;
  // A whole number (no sign other than '-', no fraction); InputError otherwise.
  long long integer(std::size_t r, int c) const;

  SourceLocation location(std::size_t r, int c) const;
  SourceLocation header_location() const { return {file_, 1, 0}; }
  // Throws an InputError of this table's kind at cell (r, c), keyed by the column name.
  [[noreturn]] void fail(std::size_t r, int c, const std::string& reason) const;

 private:
  std::string file_;
  InputKind kind_;
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
};

// Bounds that keep a hostile table from exhausting memory: every field costs about 40 bytes
// beyond its text, so the byte limit bounds memory to about 1.3 GiB even for a file of commas.
// The data files are some 100 KiB and the largest design table (a million rows) about 20 MiB.
constexpr std::size_t kMaxCsvBytes = std::size_t{32} << 20;
constexpr std::size_t kMaxCsvColumns = 1024;

// Parses CSV text; `file` is only used in error locations. Accepts `\n` or `\r\n` line ends, an
// optional final line end and a leading UTF-8 byte-order mark; rejects everything else that is
// not well-formed (stray quotes, a bare `\r`, rows whose field count differs from the header's,
// empty or duplicate header names, no header, bytes that are not UTF-8, more than kMaxCsvBytes
// or kMaxCsvColumns). A row with too many fields is refused as soon as it is read.
CsvTable parse_csv(std::string_view text, const std::string& file,
                   InputKind kind = InputKind::kData);

// The bytes of a regular file; a missing, unreadable or larger than kMaxCsvBytes file, or one
// outside the directories sim::confine_input_files allows, is an InputError of `kind`. Callers
// that also hash their inputs read once with this and parse with parse_csv().
std::string read_input_file(const std::string& path, InputKind kind = InputKind::kData);

// Reads and parses a file; an unreadable file is an InputError of `kind`.
CsvTable read_csv(const std::string& path, InputKind kind = InputKind::kData);

}  // namespace sim
