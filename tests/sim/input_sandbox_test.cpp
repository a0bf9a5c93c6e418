// Tests of input file confinement: readers refuse paths outside the roots, and only when confined.
#include "sim/input_sandbox.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "sim/csv.hpp"
#include "sim/yaml_reader.hpp"

namespace {

namespace fs = std::filesystem;

TEST(InputSandbox, ReadersRefusePathsOutsideTheRoots) {
  const fs::path dir = fs::temp_directory_path() /
                       ("aidivide_input_sandbox_test_" + std::to_string(std::random_device{}()));
  fs::create_directories(dir / "inside");
  fs::create_directories(dir / "outside");
  fs::create_directories(dir / "inside2");
  std::ofstream(dir / "inside" / "a.yaml") << "a: 1\n";
  std::ofstream(dir / "outside" / "b.csv") << "x\n1\n";
  std::ofstream(dir / "inside2" / "c.csv") << "x\n1\n";
  const std::string outside = (dir / "outside" / "b.csv").string();
  // `..` does not lead out, and neither does a root that merely shares a prefix ("inside2").
  const std::string escaped = (dir / "inside" / ".." / "outside" / "b.csv").string();
  const std::string sibling = (dir / "inside2" / "c.csv").string();

  sim::confine_input_files({(dir / "inside").string()});
  EXPECT_EQ(sim::read_text_file((dir / "inside" / "a.yaml").string(), sim::InputKind::kScenario),
            "a: 1\n");
  for (const std::string& path : {outside, escaped, sibling}) {
    try {
      sim::read_input_file(path);
      ADD_FAILURE() << "read " << path;
    } catch (const sim::InputError& e) {
      EXPECT_EQ(std::string(e.what()), path + ": outside the directories input may be read from");
      EXPECT_EQ(e.kind(), sim::InputKind::kData);
    }
  }
  EXPECT_THROW(sim::read_text_file("/etc/hostname", sim::InputKind::kScenario), sim::InputError);

  sim::confine_input_files({});  // lifted again, for the other tests of this process
  EXPECT_EQ(sim::read_input_file(outside), "x\n1\n");
  fs::remove_all(dir);
}

}  // namespace
