// Strict CSV parsing: a byte-level state machine that tracks line and column for every field.
#include "sim/csv.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include "sim/input_sandbox.hpp"
#include "sim/utf8.hpp"

namespace sim {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Cursor over the text that keeps the 1-based line and byte column of the next character.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool has(std::size_t ahead) const { return pos_ + ahead < text_.size(); }
  void advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }
  void skip(std::size_t n) { pos_ += n; }  // only for bytes that are not line ends (the BOM)
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

// Readers treat a row end as `\n` or `\r\n`; a `\r` on its own is an error.
bool at_row_end(const Cursor& cur) {
  return cur.peek() == '\n' || (cur.peek() == '\r' && cur.has(1) && cur.peek(1) == '\n');
}

std::string shorten(const std::string& s) {
  // Keeps error messages one line long even for a runaway quoted field.
  constexpr std::size_t kMax = 60;
  std::string out = s.size() > kMax ? s.substr(0, kMax) + "..." : s;
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

// The message about a row whose field count is not the header's, located at the first surplus
// field or, when fields are missing, at the row's start.
[[noreturn]] void fail_field_count(const CsvRow& row, std::size_t expected, const std::string& file,
                                   InputKind kind) {
  std::ostringstream reason;
  reason << "row has " << row.fields.size() << " field" << (row.fields.size() == 1 ? "" : "s")
         << " but the header has " << expected;
  const bool surplus = row.fields.size() > expected;
  const std::size_t at = surplus ? expected : 0;
  throw InputError(kind, {file, row.lines[at], surplus ? row.columns[at] : 0}, "", reason.str());
}

std::vector<CsvRow> split_records(std::string_view text, const std::string& file, InputKind kind) {
  Cursor cur(text);
  auto fail = [&](int line, int column, const std::string& reason) {
    throw InputError(kind, {file, line, column}, "", reason);
  };
  std::vector<CsvRow> records;
  while (!cur.done()) {
    CsvRow record;
    while (true) {
      const int line = cur.line();
      const int column = cur.column();
      std::string field;
      if (cur.peek() == '"') {
        cur.advance();
        while (true) {
          if (cur.done()) fail(line, column, "unterminated quoted field");
          if (cur.peek() == '"') {
            if (cur.has(1) && cur.peek(1) == '"') {
              field += '"';
              cur.advance();
              cur.advance();
              continue;
            }
            cur.advance();
            break;
          }
          field += cur.peek();
          cur.advance();
        }
        if (!cur.done() && cur.peek() != ',' && !at_row_end(cur)) {
          fail(cur.line(), cur.column(), "unexpected character after a closing quote");
        }
      } else {
        while (!cur.done() && cur.peek() != ',' && cur.peek() != '\n' && cur.peek() != '\r') {
          if (cur.peek() == '"') fail(cur.line(), cur.column(), "quote inside an unquoted field");
          field += cur.peek();
          cur.advance();
        }
        if (!cur.done() && cur.peek() == '\r' && !at_row_end(cur)) {
          fail(cur.line(), cur.column(), "carriage return not followed by a line feed");
        }
      }
      record.fields.push_back(std::move(field));
      record.lines.push_back(line);
      record.columns.push_back(column);
      // The header fixes the width: a longer row fails here, before it can grow without bound.
      const std::size_t width = records.empty() ? kMaxCsvColumns : records.front().fields.size();
      if (record.fields.size() > width) {
        if (records.empty()) {
          throw InputError(kind, {file, line, column}, "",
                           "more than " + std::to_string(kMaxCsvColumns) + " columns");
        }
        fail_field_count(record, width, file, kind);
      }
      if (cur.done()) break;
      if (cur.peek() == ',') {
        cur.advance();
        continue;
      }
      if (cur.peek() == '\r') cur.advance();
      cur.advance();  // the '\n'
      break;
    }
    if (!records.empty() && record.fields.size() != records.front().fields.size()) {
      fail_field_count(record, records.front().fields.size(), file, kind);
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

CsvTable::CsvTable(std::string file, InputKind kind, std::vector<std::string> header,
                   std::vector<CsvRow> rows)
    : file_(std::move(file)), kind_(kind), header_(std::move(header)), rows_(std::move(rows)) {}

int CsvTable::find_column(std::string_view name) const {
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == name) return static_cast<int>(c);
  }
  return -1;
}

int CsvTable::column(std::string_view name) const {
  const int c = find_column(name);
  if (c < 0) throw InputError(kind_, header_location(), std::string(name), "missing column");
  return c;
}

SourceLocation CsvTable::location(std::size_t r, int c) const {
  return {file_, rows_[r].lines[c], rows_[r].columns[c]};
}

void CsvTable::fail(std::size_t r, int c, const std::string& reason) const {
  throw InputError(kind_, location(r, c), header_[c], reason, shorten(text(r, c)));
}

double CsvTable::number(std::size_t r, int c) const {
  const std::string& s = text(r, c);
  if (s.empty()) fail(r, c, "missing value");
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) {
    fail(r, c, "not a finite number");
  }
  return value;
}

std::optional<double> CsvTable::optional_number(std::size_t r, int c) const {
  if (empty(r, c)) return std::nullopt;
  return number(r, c);
}

long long CsvTable::integer(std::size_t r, int c) const {
  const std::string& s = text(r, c);
  if (s.empty()) fail(r, c, "missing value");
  long long value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) fail(r, c, "not a whole number");
  return value;
}

CsvTable parse_csv(std::string_view text, const std::string& file, InputKind kind) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  if (text.empty()) throw InputError(kind, {file, 1, 0}, "", "empty file: no header row");
  if (text.size() > kMaxCsvBytes) {
    throw InputError(kind, {file, 0, 0}, "",
                     "larger than " + std::to_string(kMaxCsvBytes) + " bytes");
  }
  // Names and labels from the tables reach messages and output attributes as UTF-8.
  if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
    throw InputError(kind, location_of_offset(text, bad, file), "", "not UTF-8 text",
                     describe_byte(text, bad));
  }
  std::vector<CsvRow> records = split_records(text, file, kind);

  CsvRow& head = records.front();
  std::set<std::string> seen;
  for (std::size_t c = 0; c < head.fields.size(); ++c) {
    const SourceLocation where{file, head.lines[c], head.columns[c]};
    if (head.fields[c].empty()) throw InputError(kind, where, "", "empty column name");
    if (!seen.insert(head.fields[c]).second) {
      throw InputError(kind, where, head.fields[c], "duplicate column name");
    }
  }
  std::vector<std::string> header = std::move(head.fields);
  std::vector<CsvRow> rows(std::make_move_iterator(records.begin() + 1),
                           std::make_move_iterator(records.end()));
  return CsvTable(file, kind, std::move(header), std::move(rows));
}

std::string read_input_file(const std::string& path, InputKind kind) {
  check_input_path(path, kind);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(kind, {path, 0, 0}, "", "no such file");
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw InputError(kind, {path, 0, 0}, "", "not a regular file");
  }
  if (std::filesystem::file_size(path, ec) > kMaxCsvBytes && !ec) {
    throw InputError(kind, {path, 0, 0}, "",
                     "larger than " + std::to_string(kMaxCsvBytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(kind, {path, 0, 0}, "", "cannot open file");
  // Read with a cap too: a file may grow after the size check, and /proc files report size 0.
  std::string bytes;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxCsvBytes) {
      throw InputError(kind, {path, 0, 0}, "",
                       "larger than " + std::to_string(kMaxCsvBytes) + " bytes");
    }
  }
  if (in.bad()) throw InputError(kind, {path, 0, 0}, "", "cannot read file");
  return bytes;
}

CsvTable read_csv(const std::string& path, InputKind kind) {
  return parse_csv(read_input_file(path, kind), path, kind);
}

}  // namespace sim
