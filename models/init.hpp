// Initialisation: the world at 2023-01 from the calibration data (MODEL.md section 5).
#pragma once

#include "models/country_data.hpp"
#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// Agents of one country by size class; stratified so that large firms are well represented.
constexpr std::array<double, kSizes> kFirmAgentShare = {0.40, 0.30, 0.15, 0.15};
// Agents per parallel block (fixed, so that partial sums never depend on the thread count).
constexpr std::uint32_t kWorkerBlock = 16384;
constexpr std::uint32_t kFirmBlock = 4096;

// Worker and firm agents per country (firms per country and size class), as make_world sizes
// them: used to check memory before anything is allocated.
struct AgentCounts {
  std::vector<std::uint32_t> workers;  // per country
  std::vector<std::uint32_t> firms;    // [c * 4 + s]
  std::uint64_t total_workers = 0, total_firms = 0;
};
AgentCounts count_agents(const Params& params, const CountryData& data);

// Bytes of state per worker and per firm agent (for the memory check and the benchmarks).
std::uint64_t bytes_per_worker();
std::uint64_t bytes_per_firm();

// Initial share of adopters by size class in country c (MODEL.md M3): the Eurostat 2023 value
// for small, medium and large firms where it exists, (R / R_HIC)^rho0 times the HIC values
// elsewhere (and for micro firms). Needs readiness and r_hic.
std::array<double, kSizes> initial_adoption(const Params& params, const CountryData& data,
                                            const World& world, int c);

// Builds the world at the start of the run; deterministic in (params, data, member seed).
World make_world(const Params& params, const CountryData& data, std::uint64_t member_seed);

}  // namespace models
