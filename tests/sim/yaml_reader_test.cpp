// Unit tests of strict YAML reading: located errors, duplicates, typed scalars and input limits.
#include "sim/yaml_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace {

using sim::InputError;
using sim::YamlSource;

const YamlSource kSource{"in.yaml"};

// The message of the InputError `f` throws, or a note that it threw none.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "<no error>";
}

// The value of `key` in a one-key document, parsed strictly.
YAML::Node value_of(const std::string& text) {
  const YAML::Node root = sim::parse_yaml(text, kSource);
  return root.begin()->second;
}

TEST(YamlReader, LocationsAreOneBasedAndPointAtTheValue) {
  const YAML::Node root = sim::parse_yaml("a: 1\nsection:\n  key: value\n", kSource);
  const YAML::Node value = root["section"]["key"];
  const sim::SourceLocation where = kSource.at(value);
  EXPECT_EQ(where.file, "in.yaml");
  EXPECT_EQ(where.line, 3);
  EXPECT_EQ(where.column, 8);
}

TEST(YamlReader, SyntaxErrorsAreLocated) {
  EXPECT_EQ(error_of([] { sim::parse_yaml("a: [1, 2\n", kSource); }),
            "in.yaml:2:1: YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(error_of([] { sim::parse_yaml("a: 1\nb: c: d\n", kSource); }),
            "in.yaml:2:5: YAML syntax error: illegal map value");
}

TEST(YamlReader, SyntaxErrorsOfASetValueAreOnTheOptionsLine) {
  const YamlSource set_source{"--set", sim::InputKind::kScenario, 3, 10};
  const InputError error = [&] {
    try {
      sim::parse_yaml("[USA, CHN", set_source);
    } catch (const InputError& e) {
      return e;
    }
    return InputError(sim::InputKind::kScenario, {}, "", "<no error>");
  }();
  EXPECT_EQ(error.where().file, "--set");
  EXPECT_EQ(error.where().line, 3);
  EXPECT_GT(error.where().column, 10);
}

TEST(YamlReader, RejectsAStrayCommaWithoutLoopingForEver) {
  // yaml-cpp's LoadAll never returns on these (found by fuzzing): each ',' where a document may
  // start gives one more empty document, without end.
  EXPECT_EQ(error_of([] { sim::parse_yaml("[a],\n", kSource); }),
            "in.yaml:1:4: YAML syntax error: ',' outside a [...] or {...} list");
  EXPECT_EQ(error_of([] { sim::parse_yaml("- x\n,\n", kSource); }),
            "in.yaml:2:1: YAML syntax error: ',' outside a [...] or {...} list");
  EXPECT_EQ(error_of([] { sim::parse_yaml("# c\n, q_use: 1\n", kSource); }),
            "in.yaml:2:1: YAML syntax error: ',' outside a [...] or {...} list");
  // yaml-cpp reads a dedented node as the start of a second document.
  EXPECT_EQ(error_of([] { sim::parse_yaml("  a: 1\n- x\n, q: 1\n", kSource); }),
            "in.yaml:2:1: more than one YAML document (a second '---')");
}

TEST(YamlReader, EmptyTextIsANullDocument) {
  EXPECT_TRUE(sim::parse_yaml("", kSource).IsNull());
  EXPECT_TRUE(sim::parse_yaml("# only a comment\n", kSource).IsNull());
}

TEST(YamlReader, RejectsASecondDocument) {
  EXPECT_EQ(error_of([] { sim::parse_yaml("a: 1\n---\nb: 2\n", kSource); }),
            "in.yaml:3:1: more than one YAML document (a second '---')");
}

TEST(YamlReader, DetectsDuplicateKeysInBlockAndFlowMappings) {
  const YAML::Node block = sim::parse_yaml("a: 1\nb: 2\na: 3\n", kSource);
  EXPECT_EQ(error_of([&] { sim::check_unique_keys(block, kSource, ""); }),
            "in.yaml:3:1: a: duplicate key (first at line 1)");
  const YAML::Node flow = sim::parse_yaml("s: {x: 1,\n    x: 2}\n", kSource);
  EXPECT_EQ(error_of([&] { sim::check_unique_keys(flow["s"], kSource, "s"); }),
            "in.yaml:2:5: s.x: duplicate key (first at line 1)");
  const YAML::Node unique = sim::parse_yaml("a: 1\nb: 2\n", kSource);
  EXPECT_NO_THROW(sim::check_unique_keys(unique, kSource, ""));
}

TEST(YamlReader, RejectsKeysThatAreNotScalars) {
  const YAML::Node root = sim::parse_yaml("? [a, b]\n: 1\n", kSource);
  EXPECT_EQ(error_of([&] { sim::key_name(root.begin()->first, kSource, "s"); }),
            "in.yaml:1:3: s: expected a key name (got a list)");
}

TEST(YamlReader, ReadsDoubles) {
  EXPECT_EQ(sim::read_double(value_of("k: 2.5"), kSource, "k"), 2.5);
  EXPECT_EQ(sim::read_double(value_of("k: -1e-3"), kSource, "k"), -1e-3);
  EXPECT_EQ(sim::read_double(value_of("k: +7"), kSource, "k"), 7.0);
  EXPECT_EQ(sim::read_double(value_of("k: .5"), kSource, "k"), 0.5);
  EXPECT_EQ(sim::read_double(value_of("k: 69.8e6"), kSource, "k"), 69.8e6);
  EXPECT_EQ(sim::read_double(value_of("k: !!float 3"), kSource, "k"), 3.0);
}

TEST(YamlReader, RejectsNonNumbersAndNonFiniteDoubles) {
  EXPECT_EQ(error_of([] { sim::read_double(value_of("k: abc"), kSource, "s.k"); }),
            "in.yaml:1:4: s.k: expected a number (got abc)");
  EXPECT_EQ(error_of([] { sim::read_double(value_of("k: '2.5'"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a number (got \"2.5\")");
  EXPECT_EQ(error_of([] { sim::read_double(value_of("k: 1_000"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a number (got 1_000)");
  EXPECT_EQ(error_of([] { sim::read_double(value_of("k: {a: 1}"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a number (got a mapping)");
  EXPECT_EQ(error_of([] { sim::read_double(value_of("k: ~"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a number (got null)");
  for (const char* text : {"k: .nan", "k: .NaN", "k: .inf", "k: -.Inf", "k: inf", "k: nan"}) {
    EXPECT_NE(
        error_of([&] { sim::read_double(value_of(text), kSource, "k"); }).find("must be finite"),
        std::string::npos)
        << text;
  }
  EXPECT_EQ(error_of([] { sim::read_double(value_of("k: 1e999"), kSource, "k"); }),
            "in.yaml:1:4: k: out of range of a double (got 1e999)");
}

TEST(YamlReader, ReadsIntegersIncludingExactExponentForms) {
  EXPECT_EQ(sim::read_int64(value_of("k: 42"), kSource, "k"), 42);
  EXPECT_EQ(sim::read_int64(value_of("k: -7"), kSource, "k"), -7);
  EXPECT_EQ(sim::read_int64(value_of("k: 4e9"), kSource, "k"), 4000000000);
  EXPECT_EQ(sim::read_int64(value_of("k: 9223372036854775807"), kSource, "k"), 9223372036854775807);
  EXPECT_EQ(error_of([] { sim::read_int64(value_of("k: 2.5"), kSource, "k"); }),
            "in.yaml:1:4: k: expected an integer (got 2.5)");
  EXPECT_EQ(error_of([] { sim::read_int64(value_of("k: abc"), kSource, "k"); }),
            "in.yaml:1:4: k: expected an integer (got abc)");
  EXPECT_EQ(error_of([] { sim::read_int64(value_of("k: 1e300"), kSource, "k"); }),
            "in.yaml:1:4: k: expected an integer (got 1e300)");
  EXPECT_EQ(error_of([] { sim::read_int64(value_of("k: 99999999999999999999"), kSource, "k"); }),
            "in.yaml:1:4: k: out of range of a 64-bit integer (got 99999999999999999999)");
}

TEST(YamlReader, ReadsOnlyTrueAndFalseAsBooleans) {
  EXPECT_TRUE(sim::read_bool(value_of("k: true"), kSource, "k"));
  EXPECT_FALSE(sim::read_bool(value_of("k: False"), kSource, "k"));
  EXPECT_EQ(error_of([] { sim::read_bool(value_of("k: yes"), kSource, "k"); }),
            "in.yaml:1:4: k: expected true or false (got yes)");
  EXPECT_EQ(error_of([] { sim::read_bool(value_of("k: 1"), kSource, "k"); }),
            "in.yaml:1:4: k: expected true or false (got 1)");
  EXPECT_EQ(error_of([] { sim::read_bool(value_of("k: \"true\""), kSource, "k"); }),
            "in.yaml:1:4: k: expected true or false (got \"true\")");
}

TEST(YamlReader, ReadsStringsAndDates) {
  EXPECT_EQ(sim::read_string(value_of("k: plain text"), kSource, "k"), "plain text");
  EXPECT_EQ(sim::read_string(value_of("k: '007'"), kSource, "k"), "007");
  EXPECT_EQ(sim::read_string(value_of("k:"), kSource, "k"), "");
  EXPECT_EQ(error_of([] { sim::read_string(value_of("k: [a]"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a string (got a list)");
  EXPECT_EQ(sim::read_year_month(value_of("k: 2030-07"), kSource, "k"), (sim::YearMonth{2030, 7}));
  EXPECT_EQ(sim::read_year_month(value_of("k: \"2030-07\""), kSource, "k"),
            (sim::YearMonth{2030, 7}));
  EXPECT_EQ(error_of([] { sim::read_year_month(value_of("k: 2030-13"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a date YYYY-MM (got 2030-13)");
  EXPECT_EQ(error_of([] { sim::read_year_month(value_of("k: 2030-07-01"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a date YYYY-MM (got 2030-07-01)");
}

TEST(YamlReader, ReadsListsOfStrings) {
  EXPECT_EQ(sim::read_string_list(value_of("k: [USA, CHN]"), kSource, "k"),
            (std::vector<std::string>{"USA", "CHN"}));
  EXPECT_EQ(sim::read_string_list(value_of("k:\n  - a\n  - b\n"), kSource, "k"),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(sim::read_string_list(value_of("k: []"), kSource, "k").empty());
  EXPECT_TRUE(sim::read_string_list(value_of("k:"), kSource, "k").empty());
  EXPECT_EQ(error_of([] { sim::read_string_list(value_of("k: USA"), kSource, "k"); }),
            "in.yaml:1:4: k: expected a list of strings (got USA)");
  EXPECT_EQ(error_of([] { sim::read_string_list(value_of("k: [a, [b]]"), kSource, "k"); }),
            "in.yaml:1:8: k: expected a list of strings (got a list)");
}

TEST(YamlReader, GotTextIsCutAndEscaped) {
  const std::string long_value(200, 'x');
  const std::string got = sim::describe_node(value_of("k: " + long_value));
  EXPECT_EQ(got, std::string(sim::kMaxGotLength, 'x') + "...");
  EXPECT_EQ(sim::describe_node(value_of("k: \"a\\nb\"")), "\"a\\nb\"");
}

TEST(YamlReader, RejectsNestingDeeperThanTheLimit) {
  sim::YamlLimits limits;
  limits.max_depth = 4;
  EXPECT_NO_THROW(sim::parse_yaml("a: {b: [c]}", kSource, limits));
  EXPECT_EQ(error_of([&] { sim::parse_yaml("a: {b: [[c]]}", kSource, limits); }),
            "in.yaml:1:10: nested deeper than 4 levels");
  // Deeper than yaml-cpp's own recursion guard: an error, not a crash.
  const std::string hostile = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_EQ(error_of([&] { sim::parse_yaml(hostile, kSource); }),
            "in.yaml: nested deeper than the YAML parser allows");
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(error_of([&] { sim::parse_yaml(deep, kSource); }),
            "in.yaml:1:33: nested deeper than 32 levels");
}

TEST(YamlReader, RejectsAliasExpansionBeyondTheNodeLimit) {
  // Each level lists the previous one ten times: 10^7 nodes once aliases are expanded.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 7; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + prev;
    text += "]\n";
  }
  const std::string message = error_of([&] { sim::parse_yaml(text, kSource); });
  EXPECT_NE(message.find("more than 100000 YAML nodes"), std::string::npos) << message;
}

TEST(YamlReader, RejectsAliasesThatExpandBeyondTheByteLimit) {
  // Ten uses of one 600 KiB value: 100 nodes, but 6 MiB once written back out.
  std::string text = "a: &big " + std::string(600 << 10, 'x') + "\nb: [";
  for (int k = 0; k < 10; ++k) text += (k ? ", " : "") + std::string("*big");
  text += "]\n";
  // Located at the value the aliases repeat.
  EXPECT_EQ(error_of([&] { sim::parse_yaml(text, kSource); }),
            "in.yaml:1:4: more than 4194304 bytes of values (aliases counted at each use)");
}

TEST(YamlReader, RejectsTextThatIsNotUtf8) {
  EXPECT_EQ(error_of([&] { sim::parse_yaml("a: 1\nname: caf\xE9\n", kSource); }),
            "in.yaml:2:10: not UTF-8 text (got byte 0xE9)");
  // UTF-16, which yaml-cpp would decode, is refused too: scenario files are UTF-8.
  EXPECT_EQ(error_of([&] {
              sim::parse_yaml(std::string("\xFF\xFE"
                                          "a\0:\0",
                                          6),
                              kSource);
            }),
            "in.yaml:1:1: not UTF-8 text (got byte 0xFF)");
  // A --set value is located on its option's line, after the '='.
  const YamlSource set{"--set", sim::InputKind::kScenario, 2, 14};
  EXPECT_EQ(error_of([&] { sim::parse_yaml("ab\xC3", set); }),
            "--set:2:17: not UTF-8 text (got byte 0xC3)");
  EXPECT_NO_THROW(sim::parse_yaml("name: C\xC3\xB4te d'Ivoire\n", kSource));
}

TEST(YamlReader, RejectsTextLargerThanTheLimit) {
  sim::YamlLimits limits;
  limits.max_bytes = 16;
  EXPECT_EQ(error_of([&] { sim::parse_yaml("key: 0123456789abcdef", kSource, limits); }),
            "in.yaml: larger than 16 bytes");
}

TEST(YamlReader, ReadsFilesAndReportsMissingOrOversizedOnes) {
  // A name of its own, so that parallel test processes do not share the directory.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("aidivide_yaml_reader_test_" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "small.yaml").string();
  {
    std::ofstream out(path);
    out << "a: 1\n";
  }
  EXPECT_EQ(sim::read_text_file(path, sim::InputKind::kScenario), "a: 1\n");
  EXPECT_FALSE(sim::read_text_file((dir / "missing.yaml").string(), sim::InputKind::kScenario));
  EXPECT_FALSE(sim::read_text_file(dir.string(), sim::InputKind::kScenario));
  sim::YamlLimits limits;
  limits.max_bytes = 2;
  EXPECT_EQ(error_of([&] { sim::read_text_file(path, sim::InputKind::kScenario, limits); }),
            path + ": larger than 2 bytes");
  std::filesystem::remove_all(dir);
}

}  // namespace
