// The page's files: served by plain names only, never outside the folder.
#include "explorer/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace explorer {
namespace {

TEST(StaticFiles, ServesPlainNamesUnderTheRootOnly) {
  const auto root = std::filesystem::temp_directory_path() / "aidivide_static_test";
  std::filesystem::create_directories(root / "web");
  std::ofstream(root / "web" / "index.html") << "<p>hi</p>";
  std::ofstream(root / "secret.txt") << "no";
  const std::string web = (root / "web").string();
  const auto index = read_static_file(web, "/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->body, "<p>hi</p>");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(read_static_file(web, "/index.html?x=1"));
  EXPECT_FALSE(read_static_file(web, "/../secret.txt"));
  EXPECT_FALSE(read_static_file(web, "/%2e%2e/secret.txt"));
  EXPECT_FALSE(read_static_file(web, "//etc/passwd"));
  EXPECT_FALSE(read_static_file(web, "/missing.js"));
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace explorer
