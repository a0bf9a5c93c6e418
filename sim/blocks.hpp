// Fixed partition of agent ranges into blocks that never cross a group (country) boundary.
//
// Blocks are the unit of parallel work and of partial sums: their boundaries depend only on the
// group offsets and the block size, never on the thread count, so per-block sums folded in block
// order give the same bits with 1 or 64 threads.
#pragma once

#include <cstdint>
#include <vector>

namespace sim {

struct Block {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t group = 0;
};

// `offsets` has groups + 1 entries: group g owns [offsets[g], offsets[g + 1]).
inline std::vector<Block> make_blocks(const std::vector<std::uint32_t>& offsets,
                                      std::uint32_t block_size) {
  std::vector<Block> blocks;
  for (std::uint32_t g = 0; g + 1 < offsets.size(); ++g) {
    for (std::uint32_t b = offsets[g]; b < offsets[g + 1]; b += block_size) {
      const std::uint32_t e = offsets[g + 1] - b > block_size ? b + block_size : offsets[g + 1];
      blocks.push_back({b, e, g});
    }
  }
  return blocks;
}

}  // namespace sim
