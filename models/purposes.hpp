// The purpose field of the random-number counter: one value per place that draws.
#pragma once

#include <cstdint>

namespace models {

constexpr std::uint32_t kPurposeFirm = 1;
constexpr std::uint32_t kPurposeWorker = 2;
constexpr std::uint32_t kPurposeWorkerBranch = 3;
constexpr std::uint32_t kPurposeInitFirm = 10;
constexpr std::uint32_t kPurposeInitWorker = 11;
constexpr std::uint32_t kPurposeInitWorker2 = 12;
// Initialisation draws use this tick value, which no simulated tick reaches.
constexpr std::uint32_t kInitTick = 0xFFFFFFFFu;

}  // namespace models
