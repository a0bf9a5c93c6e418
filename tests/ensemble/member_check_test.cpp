// The facts a member file is checked against: their record round trip and the first difference.
#include "ensemble/member_check.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

app::MemberFacts some_facts() {
  app::MemberFacts f;
  f.status = "complete";
  f.seed = 7;
  f.replicate = 2;
  f.parameters_sha256 = std::string(64, 'a');
  f.data_sha256 = std::string(64, 'b');
  f.records = 13;
  f.labels_sha256 = std::string(64, 'c');
  f.agents_sha256 = std::string(64, 'd');
  return f;
}

TEST(MemberCheck, FactsRoundTripThroughTheirRecord) {
  app::MemberFacts back;
  ASSERT_TRUE(app::parse_facts(app::facts_text(some_facts()), back));
  EXPECT_EQ(app::compare_facts(some_facts(), back), "");
  EXPECT_FALSE(app::parse_facts("status=complete\nseed=7\n", back));
  EXPECT_FALSE(app::parse_facts(
      app::facts_text(some_facts())
          .replace(app::facts_text(some_facts()).find("records=13"), 10, "records=x"),
      back));
}

TEST(MemberCheck, TheFirstDifferenceIsNamed) {
  app::MemberFacts got = some_facts();
  got.records = 7;
  EXPECT_EQ(app::compare_facts(some_facts(), got), "records: expected 13, got 7");
  got = some_facts();
  got.status = "";
  EXPECT_EQ(app::compare_facts(some_facts(), got), "status: expected complete, got nothing");
  got = some_facts();
  got.labels_sha256 = std::string(64, 'e');  // empty country names, say
  EXPECT_NE(app::compare_facts(some_facts(), got).find("country labels"), std::string::npos);
  got = some_facts();
  got.agents_sha256 = std::string(64, 'f');
  EXPECT_NE(app::compare_facts(some_facts(), got).find("n_workers and n_firms"), std::string::npos);
  got = some_facts();
  got.parameters_sha256 = std::string(64, '0');
  EXPECT_NE(app::compare_facts(some_facts(), got).find("parameters"), std::string::npos);
}

}  // namespace
