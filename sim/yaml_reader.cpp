// Strict YAML reading: parsing with located errors, input limits, duplicate keys, typed scalars.
#include "sim/yaml_reader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "sim/input_sandbox.hpp"
#include "sim/utf8.hpp"

namespace sim {

namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";
// Largest integer a double holds exactly; beyond it `4e18` would not mean one definite count.
constexpr double kMaxExactInteger = 9007199254740992.0;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// yaml-cpp gives plain scalars the non-specific tag "?", quoted and block scalars "!", and an
// explicitly tagged scalar its resolved tag. Numbers and booleans must be plain (or explicitly
// tagged as such), so that quoting a value is how one says "this is text".
bool is_plain_or_tagged(const YAML::Node& node, std::initializer_list<std::string_view> types) {
  const std::string& tag = node.Tag();
  if (tag == "?") return true;
  if (tag.size() <= kCoreTagPrefix.size() ||
      tag.compare(0, kCoreTagPrefix.size(), kCoreTagPrefix) != 0) {
    return false;
  }
  const std::string_view type = std::string_view(tag).substr(kCoreTagPrefix.size());
  for (std::string_view t : types) {
    if (type == t) return true;
  }
  return false;
}

std::size_t count_digits(std::string_view s, std::size_t& i) {
  const std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - start;
}

// The YAML 1.2 core schema's decimal numbers: [-+]? (.[0-9]+ | [0-9]+(.[0-9]*)?) ([eE][-+]?[0-9]+)?
bool is_decimal_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t int_digits = count_digits(s, i);
  std::size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    frac_digits = count_digits(s, i);
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (count_digits(s, i) == 0) return false;
  }
  return i == s.size();
}

bool is_decimal_integer(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  return count_digits(s, i) > 0 && i == s.size();
}

// `.nan`, `-.Inf`, `inf`, `Infinity`...: someone meant a non-finite value, which deserves a
// clearer reason than "expected a number".
bool is_non_finite_spelling(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (!s.empty() && s[0] == '.') s.remove_prefix(1);
  std::string lower(s);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower == "inf" || lower == "infinity" || lower == "nan";
}

// from_chars rejects a leading '+', which YAML allows.
std::string_view without_plus(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  return s;
}

// What a walk over the tree has seen so far, with aliases expanded.
struct WalkCount {
  std::size_t nodes = 0;
  std::size_t bytes = 0;
};

// Where each document of a text starts (its root node's mark), for at most `max_documents`
// documents. yaml-cpp's LoadAll never returns on a ',' where a document's root may start
// ("[a],", "- x\n,"): it yields an empty document without consuming the token, again and again,
// until memory runs out. Counting documents through the event interface stops after two.
class DocumentCounter : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> roots;

  void OnDocumentStart(const YAML::Mark&) override { in_root_ = true; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (in_root_) roots.push_back(mark);
    in_root_ = false;
  }
  bool in_root_ = false;
};

void walk_limits(const YAML::Node& node, int depth, WalkCount& count, const YamlSource& source,
                 const YamlLimits& limits) {
  if (++count.nodes > limits.max_nodes) {
    throw InputError(source.kind, source.at(node), "",
                     "more than " + std::to_string(limits.max_nodes) +
                         " YAML nodes (aliases counted at each use)");
  }
  if (node.IsScalar()) {
    count.bytes += node.Scalar().size();
    if (count.bytes > limits.max_expanded_bytes) {
      throw InputError(source.kind, source.at(node), "",
                       "more than " + std::to_string(limits.max_expanded_bytes) +
                           " bytes of values (aliases counted at each use)");
    }
  }
  if (depth > limits.max_depth) {
    throw InputError(source.kind, source.at(node), "",
                     "nested deeper than " + std::to_string(limits.max_depth) + " levels");
  }
  if (node.IsMap()) {
    for (const auto& entry : node) {
      walk_limits(entry.first, depth + 1, count, source, limits);
      walk_limits(entry.second, depth + 1, count, source, limits);
    }
  } else if (node.IsSequence()) {
    for (const auto& element : node) walk_limits(element, depth + 1, count, source, limits);
  }
}

std::string tag_prefix(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  if (tag.empty() || tag == "?" || tag == "!") return {};
  if (tag.compare(0, kCoreTagPrefix.size(), kCoreTagPrefix) == 0) {
    return "!!" + tag.substr(kCoreTagPrefix.size()) + " ";
  }
  return tag + " ";
}

}  // namespace

SourceLocation YamlSource::at(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) {
    // An empty `--set` value has no mark: point at where it would start, just past the '='.
    return {file, fixed_line, fixed_line > 0 ? column_offset + 1 : 0};
  }
  const int line = fixed_line > 0 ? fixed_line : mark.line + 1;
  return {file, line, column_offset + mark.column + 1};
}

SourceLocation YamlSource::at(const YAML::Node& node) const {
  return at(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark());
}

void YamlSource::fail(const YAML::Node& node, const std::string& key_path,
                      const std::string& reason) const {
  fail(node, key_path, reason, describe_node(node));
}

void YamlSource::fail(const YAML::Node& node, const std::string& key_path,
                      const std::string& reason, const std::string& got) const {
  throw InputError(kind, at(node), key_path, reason, got);
}

std::string join_key_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

std::optional<std::string> read_text_file(const std::string& path, InputKind kind,
                                          const YamlLimits& limits) {
  check_input_path(path, kind);
  std::error_code ec;
  // An ifstream opens a directory without complaint and then reads nothing.
  if (std::filesystem::is_directory(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    in.read(buffer, sizeof buffer);
    const std::streamsize got = in.gcount();
    if (got > 0) text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > limits.max_bytes) {
      throw InputError(kind, {path, 0, 0}, "",
                       "larger than " + std::to_string(limits.max_bytes) + " bytes");
    }
    if (!in) break;
  }
  if (in.bad()) return std::nullopt;
  return text;
}

YAML::Node parse_yaml(const std::string& text, const YamlSource& source, const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    throw InputError(source.kind, {source.file, source.fixed_line, 0}, "",
                     "larger than " + std::to_string(limits.max_bytes) + " bytes");
  }
  // yaml-cpp passes malformed bytes through into values, from where they would reach messages
  // and the output file's attributes.
  if (const std::size_t bad = find_invalid_utf8(text); bad != std::string::npos) {
    const SourceLocation at = location_of_offset(text, bad, source.file);
    YAML::Mark mark;
    mark.pos = static_cast<int>(bad);
    mark.line = at.line - 1;
    mark.column = at.column - 1;
    throw InputError(source.kind, source.at(mark), "", "not UTF-8 text", describe_byte(text, bad));
  }
  YAML::Node root;
  try {
    std::istringstream events(text);
    YAML::Parser parser(events);
    DocumentCounter counter;
    while (counter.roots.size() < 2 && parser.HandleNextDocument(counter)) {
    }
    if (counter.roots.empty()) return YAML::Node();
    if (counter.roots.size() > 1) {
      const YAML::Mark& second = counter.roots[1];
      if (second.pos >= 0 && static_cast<std::size_t>(second.pos) < text.size() &&
          text[static_cast<std::size_t>(second.pos)] == ',') {
        throw InputError(source.kind, source.at(second), "",
                         "YAML syntax error: ',' outside a [...] or {...} list");
      }
      throw InputError(source.kind, source.at(second), "",
                       "more than one YAML document (a second '---')");
    }
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion&) {
    // yaml-cpp's own guard against stack exhaustion; its mark is not meaningful.
    throw InputError(source.kind, {source.file, source.fixed_line, 0}, "",
                     "nested deeper than the YAML parser allows");
  } catch (const YAML::Exception& e) {
    throw InputError(source.kind, source.at(e.mark), "", "YAML syntax error: " + e.msg);
  }
  WalkCount count;
  walk_limits(root, 1, count, source, limits);
  return root;
}

std::string describe_node(const YAML::Node& node) {
  if (!node.IsDefined()) return "nothing";
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      break;
    case YAML::NodeType::Undefined:
      return "nothing";
  }
  const std::string& scalar = node.Scalar();
  std::string text;
  std::size_t i = 0;
  for (; i < scalar.size() && text.size() < kMaxGotLength; ++i) {
    const char c = scalar[i];
    if (c == '\n') {
      text += "\\n";
    } else if (c == '\t') {
      text += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      text += '?';  // control characters would garble the terminal
    } else {
      text += c;
    }
  }
  if (i < scalar.size()) {
    // Cut at a character boundary, never inside a UTF-8 sequence.
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80)
      text.pop_back();
    if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0xC0) text.pop_back();
    text += "...";
  }
  if (node.Tag() == "!") return "\"" + text + "\"";
  return tag_prefix(node) + text;
}

std::string key_name(const YAML::Node& key, const YamlSource& source,
                     const std::string& key_prefix) {
  if (!key.IsScalar()) source.fail(key, key_prefix, "expected a key name");
  return key.Scalar();
}

void check_unique_keys(const YAML::Node& map, const YamlSource& source,
                       const std::string& key_prefix) {
  if (!map.IsMap()) return;
  std::unordered_map<std::string, int> first_line;
  for (const auto& entry : map) {
    if (!entry.first.IsScalar()) continue;
    const std::string& key = entry.first.Scalar();
    const auto [it, inserted] = first_line.emplace(key, source.at(entry.first).line);
    if (!inserted) {
      throw InputError(source.kind, source.at(entry.first), join_key_path(key_prefix, key),
                       "duplicate key (first at line " + std::to_string(it->second) + ")");
    }
  }
}

double read_double(const YAML::Node& node, const YamlSource& source, const std::string& key_path) {
  if (!node.IsScalar() || !is_plain_or_tagged(node, {"float", "int"})) {
    source.fail(node, key_path, "expected a number");
  }
  const std::string& text = node.Scalar();
  if (is_non_finite_spelling(text)) source.fail(node, key_path, "must be finite");
  if (!is_decimal_number(text)) source.fail(node, key_path, "expected a number");
  const std::string_view digits = without_plus(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) source.fail(node, key_path, "out of range of a double");
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    source.fail(node, key_path, "expected a number");
  }
  if (!std::isfinite(value)) source.fail(node, key_path, "must be finite");
  return value;
}

std::int64_t read_int64(const YAML::Node& node, const YamlSource& source,
                        const std::string& key_path) {
  if (!node.IsScalar() || !is_plain_or_tagged(node, {"int", "float"})) {
    source.fail(node, key_path, "expected an integer");
  }
  const std::string& text = node.Scalar();
  if (is_decimal_integer(text)) {
    const std::string_view digits = without_plus(text);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range) {
      source.fail(node, key_path, "out of range of a 64-bit integer");
    }
    if (ec != std::errc() || end != digits.data() + digits.size()) {
      source.fail(node, key_path, "expected an integer");
    }
    return value;
  }
  if (!is_decimal_number(text)) source.fail(node, key_path, "expected an integer");
  const std::string_view digits = without_plus(text);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value) ||
      value != std::trunc(value) || std::fabs(value) > kMaxExactInteger) {
    source.fail(node, key_path, "expected an integer");
  }
  return static_cast<std::int64_t>(value);
}

bool read_bool(const YAML::Node& node, const YamlSource& source, const std::string& key_path) {
  if (node.IsScalar() && is_plain_or_tagged(node, {"bool"})) {
    const std::string& text = node.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  source.fail(node, key_path, "expected true or false");
}

std::string read_string(const YAML::Node& node, const YamlSource& source,
                        const std::string& key_path) {
  if (node.IsNull()) return {};
  if (!node.IsScalar()) source.fail(node, key_path, "expected a string");
  return node.Scalar();
}

YearMonth read_year_month(const YAML::Node& node, const YamlSource& source,
                          const std::string& key_path) {
  if (node.IsScalar()) {
    if (const auto date = parse_year_month(node.Scalar())) return *date;
  }
  source.fail(node, key_path, "expected a date YYYY-MM");
}

std::vector<std::string> read_string_list(const YAML::Node& node, const YamlSource& source,
                                          const std::string& key_path) {
  if (node.IsNull()) return {};
  if (!node.IsSequence()) source.fail(node, key_path, "expected a list of strings");
  std::vector<std::string> out;
  out.reserve(node.size());
  for (const auto& element : node) {
    if (!element.IsScalar()) source.fail(element, key_path, "expected a list of strings");
    out.push_back(element.Scalar());
  }
  return out;
}

void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                double& out) {
  out = read_double(node, source, key_path);
}
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                std::int64_t& out) {
  out = read_int64(node, source, key_path);
}
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                bool& out) {
  out = read_bool(node, source, key_path);
}
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                std::string& out) {
  out = read_string(node, source, key_path);
}
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                YearMonth& out) {
  out = read_year_month(node, source, key_path);
}
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                std::vector<std::string>& out) {
  out = read_string_list(node, source, key_path);
}

}  // namespace sim
