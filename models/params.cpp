// Generic visitors over the parameter tree: field listings, YAML and Markdown printing.
#include "models/params.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

#include "models/scenario.hpp"

namespace models {

namespace {

// Words a YAML reader (1.1 or 1.2) would take for a boolean, null or special number if written
// plain; strings that spell them are quoted.
bool is_reserved_word(const std::string& s) {
  std::string lower = s;
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const char* word :
       {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"}) {
    if (lower == word) return true;
  }
  return false;
}

// Plain only when no YAML reader could take it for anything but this string: a letter or '_'
// first, then letters, digits and `_./-`, which are also safe inside a flow sequence.
bool can_be_plain(const std::string& s) {
  if (s.empty() || is_reserved_word(s)) return false;
  const auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!is_alpha(s[0]) && s[0] != '_') return false;
  for (char c : s) {
    const bool ok =
        is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string yaml_string(const std::string& s) {
  if (can_be_plain(s)) return s;
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;  // UTF-8 passes through: YAML is UTF-8
    }
  }
  return out + "\"";
}

std::string yaml_value(double v) { return format_yaml_double(v); }
std::string yaml_value(std::int64_t v) { return std::to_string(v); }
std::string yaml_value(bool v) { return v ? "true" : "false"; }
std::string yaml_value(const std::string& v) { return yaml_string(v); }
// Quoted so that no reader takes a date for a number or a timestamp.
std::string yaml_value(const YearMonth& v) { return "\"" + v.str() + "\""; }
std::string yaml_value(const StringList& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    out += yaml_string(v[i]);
  }
  return out + "]";
}

const char* type_name(double) { return "number"; }
const char* type_name(std::int64_t) { return "integer"; }
const char* type_name(bool) { return "bool"; }
const char* type_name(const std::string&) { return "string"; }
const char* type_name(const YearMonth&) { return "date"; }
const char* type_name(const StringList&) { return "list"; }

class FieldLister {
 public:
  template <class S>
  void section(const char* name, S& sub) {
    section_ = name;
    sub.visit(*this);
  }

  template <class T>
  void operator()(const char* name, T& value, const FieldMeta& meta) {
    fields_.push_back(
        {section_, name, section_ + "." + name, type_name(value), yaml_value(value), meta});
  }

  std::vector<ParamField> take() { return std::move(fields_); }

 private:
  std::string section_;
  std::vector<ParamField> fields_;
};

// Shortest general form for ranges: "4e+09" reads better than "4000000000" in a table.
std::string format_bound(double v) {
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general);
  return std::string(buffer, result.ptr);
}

// Markdown table cells: a '|' would end the cell and a newline the row.
std::string markdown_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string format_yaml_double(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value < 0 ? "-.inf" : ".inf";
  char buffer[64];
  // Without a precision, to_chars writes the shortest text that reads back to the same double.
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find('.') == std::string::npos) {
    const std::size_t exponent = text.find('e');
    text.insert(exponent == std::string::npos ? text.size() : exponent, ".0");
  }
  return text;
}

std::vector<ParamField> list_param_fields(const Params& params) {
  Params copy = params;  // visit is not const: the same visitor shape also writes fields
  FieldLister lister;
  copy.visit(lister);
  return lister.take();
}

std::string format_param_range(const sim::FieldMeta& meta, std::string_view type) {
  if (type == "bool" || type == "string" || type == "list") return {};
  if (meta.min == 0 && meta.max == 0) return {};
  if (type == "date") {
    return "[" + format_bound(meta.min) + "-01, " + format_bound(meta.max) + "-12]";
  }
  if (std::isinf(meta.min) && std::isinf(meta.max)) return {};
  return "[" + format_bound(meta.min) + ", " + format_bound(meta.max) + "]";
}

std::string params_to_yaml(const Params& params) {
  std::string out;
  std::string section;
  for (const ParamField& field : list_param_fields(params)) {
    if (field.section != section) {
      section = field.section;
      out += section + ":\n";
    }
    out += "  " + field.name + ": " + field.value_yaml + "\n";
  }
  return out;
}

std::string params_to_markdown(const Params& params) {
  std::string out = "# Parameters\n";
  std::string section;
  for (const ParamField& field : list_param_fields(params)) {
    if (field.section != section) {
      section = field.section;
      out += "\n## " + section + "\n\n";
      out += "| key | default | unit | range | source | meaning |\n";
      out += "|---|---|---|---|---|---|\n";
    }
    out += "| `" + field.key_path + "` | `" + markdown_cell(field.value_yaml) + "` | " +
           markdown_cell(field.meta.unit) + " | " +
           markdown_cell(format_param_range(field.meta, field.type)) + " | " +
           markdown_cell(field.meta.tag) + " | " + markdown_cell(field.meta.doc) + " |\n";
  }
  return out;
}

}  // namespace models
