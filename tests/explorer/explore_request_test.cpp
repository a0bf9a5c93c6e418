// Explorer requests: caps, unknown keys, bad JSON, and the scenario text they stand for.
#include "explorer/explore_request.hpp"

#include <gtest/gtest.h>

#include "models/scenario.hpp"

namespace explorer {
namespace {

const std::vector<std::string> kLibrary = {"baseline", "tiny"};

RequestError refused(const std::string& body) {
  try {
    parse_request(body, Limits{}, Defaults{}, kLibrary);
  } catch (const RequestError& e) {
    return e;
  }
  ADD_FAILURE() << "accepted: " << body;
  return RequestError(0, "", "");
}

TEST(ExploreRequest, DefaultsWhenEmpty) {
  const ExploreRequest r = parse_request("{}", Limits{}, Defaults{}, kLibrary);
  EXPECT_EQ(r.base, "baseline");
  EXPECT_EQ(r.workers, 200000);
  EXPECT_EQ(r.firms, 40000);
  EXPECT_EQ(r.replicates, 3);
  EXPECT_FALSE(r.has_policies);
}

TEST(ExploreRequest, RefusesBadJsonUnknownKeysAndCaps) {
  EXPECT_EQ(refused("{\"base\": ").status(), 400);
  EXPECT_NE(refused("{\"base\": ").reason().find("bad JSON"), std::string::npos);
  EXPECT_EQ(refused("[1, 2]").reason(), "expected a JSON object");
  EXPECT_EQ(refused(R"({"wokers": 5})").key(), "wokers");
  EXPECT_EQ(refused(R"({"workers": 400001})").key(), "workers");
  EXPECT_EQ(refused(R"({"workers": 2.5})").reason(), "expected an integer");
  EXPECT_EQ(refused(R"({"replicates": 9})").key(), "replicates");
  EXPECT_EQ(refused(R"({"end": "2041-01"})").key(), "end");
  EXPECT_EQ(refused(R"({"end": "soon"})").reason(), "expected YYYY-MM");
}

TEST(ExploreRequest, BaseIsALibraryNameNeverAPath) {
  EXPECT_EQ(refused(R"({"base": "../scenarios/baseline"})").key(), "base");
  EXPECT_EQ(refused(R"({"base": "/etc/passwd"})").key(), "base");
}

TEST(ExploreRequest, RefusesTooManyOrTooDeepPolicies) {
  std::string many = R"({"policies": [)";
  for (int i = 0; i < 33; ++i) many += std::string(i ? "," : "") + R"({"lever": "data_commons"})";
  EXPECT_EQ(refused(many + "]}").key(), "policies");
  EXPECT_EQ(refused(R"({"policies": [{"targets": {"iso3": [[[[[[["USA"]]]]]]]}}]})").reason(),
            "nested too deeply");
  EXPECT_EQ(refused(R"({"policies": [3]})").key(), "policies[0]");
}

TEST(ExploreRequest, ScenarioTextExtendsTheBaseAndKeepsStringsAsValues) {
  const ExploreRequest r = parse_request(
      R"({"base": "tiny", "workers": 3000, "seed": 7, "policies": [
           {"lever": "data_commons", "targets": {"iso3": ["NGA"]}, "start": "2024-01",
            "intensity": "x: [1]\nrun: {seed: 9}"}]})",
      Limits{}, Defaults{}, kLibrary);
  const std::string text = scenario_yaml(r, Defaults{});
  EXPECT_NE(text.find("extends: tiny.yaml"), std::string::npos);
  EXPECT_NE(text.find("every: 12"), std::string::npos);
  // The hostile intensity is one quoted string, not YAML structure: the loader refuses it as a
  // value of the wrong type, located in the text.
  try {
    models::load_scenario_text(text, "explorer.yaml", AIDIVIDE_SOURCE_DIR "/scenarios");
    FAIL() << text;
  } catch (const sim::InputError& e) {
    EXPECT_EQ(e.key_path(), "policies[0].intensity") << e.what();
    EXPECT_GT(e.where().line, 0);
  }
}

}  // namespace
}  // namespace explorer
