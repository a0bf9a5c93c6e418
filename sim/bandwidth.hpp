// A STREAM-like read+write pass over arrays the size of the agent columns: the bandwidth bound.
//
// An agent phase reads each agent's state and writes it back once per tick, so the fastest it can
// run is the rate at which the memory system updates that many bytes in place. The pass measures
// exactly that (load, add, store over one array, in parallel under the current thread limit),
// at the same size, so the bound is the cache's when the columns fit in cache and DRAM's when not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sim {

// One in-place update pass: word[i] += 1 for every word, split into fixed blocks run in parallel.
// Returns a checksum so that the compiler keeps the work.
std::uint64_t update_pass(std::span<std::uint64_t> words);

struct Bandwidth {
  double bytes_per_second = 0;  // bytes read plus bytes written, per second, best pass
  std::size_t bytes = 0;        // size of the array
  int passes = 0;               // passes timed
};

// Times update passes over `bytes` (rounded up to whole 8-byte words) until `min_seconds` have
// elapsed (at least three passes) and reports the best, as STREAM does.
Bandwidth measure_update_bandwidth(std::size_t bytes, double min_seconds = 0.2);

}  // namespace sim
