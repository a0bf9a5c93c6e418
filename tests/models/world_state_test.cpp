// The world's state in a checkpoint: a world restored from it holds exactly the saved state and
// evolves exactly as the original; a checkpoint of another population or seed is refused.
#include "models/world_state.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "models/simulation.hpp"
#include "sim/error.hpp"
#include "world_builder.hpp"

namespace fs = std::filesystem;

namespace {

class WorldState : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("aidivide_world_state_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string save(const models::World& world, const std::string& name) {
    const std::string path = (dir_ / name).string();
    sim::CheckpointWriter out(path);
    models::save_world_state(world, out);
    out.commit();
    return path;
  }
  static std::string bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path dir_;
};

TEST_F(WorldState, ARestoredWorldSavesTheSameBytesAndEvolvesTheSame) {
  const models::Params params = test_world::tiny_params();
  const models::CountryData data = test_world::tiny_data();
  models::Simulation original(params, data, test_world::test_seed());
  for (int t = 0; t < 7; ++t) original.step();
  const std::string saved = save(original.world(), "t7.ckpt");

  // A fresh world (tick 0) takes the saved state: saving it again gives the same file.
  models::Simulation restored(params, data, test_world::test_seed());
  models::load_world_state(restored.world(), sim::CheckpointReader(saved));
  EXPECT_EQ(restored.next_tick(), 7);
  EXPECT_EQ(bytes(save(restored.world(), "restored.ckpt")), bytes(saved));
  // Every agent column is restored, including those that matter only in rare states (months in
  // training): a column missing from the checkpoint would keep its tick-0 values here.
  const models::Workers& w0 = original.world().workers;
  const models::Workers& w1 = restored.world().workers;
  for (const auto& [a, b] : {std::pair{&w0.skill, &w1.skill},
                             {&w0.sex, &w1.sex},
                             {&w0.youth, &w1.youth},
                             {&w0.occupation, &w1.occupation},
                             {&w0.status, &w1.status},
                             {&w0.months_in_status, &w1.months_in_status},
                             {&w0.online, &w1.online},
                             {&w0.uses_ai, &w1.uses_ai},
                             {&w0.ai_skill, &w1.ai_skill}}) {
    EXPECT_TRUE(*a == *b);
  }
  const models::Firms& f0 = original.world().firms;
  const models::Firms& f1 = restored.world().firms;
  EXPECT_TRUE(f0.stage == f1.stage && f0.provider == f1.provider);
  EXPECT_TRUE(f0.intangible == f1.intangible && f0.firm_gain == f1.firm_gain);

  // Both go on identically: their states after five more ticks are the same bytes.
  for (int t = 0; t < 5; ++t) {
    original.step();
    restored.step();
  }
  EXPECT_EQ(bytes(save(restored.world(), "b.ckpt")), bytes(save(original.world(), "a.ckpt")));
}

TEST_F(WorldState, ACheckpointOfAnotherPopulationOrSeedIsRefused) {
  const models::CountryData data = test_world::tiny_data();
  models::Simulation small(test_world::tiny_params(4000, 2000), data, test_world::test_seed());
  const std::string saved = save(small.world(), "small.ckpt");
  const sim::CheckpointReader in(saved);

  models::World larger =
      test_world::tiny_world(test_world::tiny_params(6000, 2000), test_world::test_seed());
  try {
    models::load_world_state(larger, in);
    FAIL() << "loaded a checkpoint of another population";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("agents per country"), std::string::npos) << e.what();
  }
  models::World reseeded =
      test_world::tiny_world(test_world::tiny_params(4000, 2000), sim::member_seed(7, 0));
  try {
    models::load_world_state(reseeded, in);
    FAIL() << "loaded a checkpoint of another seed";
  } catch (const sim::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("member seed"), std::string::npos) << e.what();
  }
}

}  // namespace
