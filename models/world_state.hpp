// The world's changing state as named checkpoint sections, and its restoration.
//
// What is saved: every global, every country column, every agent column, the per-tick rates and
// the block tallies, and the tick. What is not: what make_world derives from the parameters and
// the data (names, agent offsets, blocks, policy members), which a restart rebuilds and checks,
// and random-number state, which does not exist (draws are a function of agent, tick, purpose).
#pragma once

#include "models/world.hpp"
#include "sim/checkpoint_file.hpp"

namespace models {

void save_world_state(const World& world, sim::CheckpointWriter& out);

// Overwrites the changing state of `world`, which make_world built from the checkpoint's
// parameters, data and seed. Throws sim::InputError(kIo) when the checkpoint's countries or agent
// counts differ from the world's, or a section is missing or has another size.
void load_world_state(World& world, const sim::CheckpointReader& in);

}  // namespace models
