// Categorical state of agents and countries, with the labels used in the output coordinates.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace models {

enum SizeClass : std::uint8_t { kMicro, kSmall, kMedium, kLarge };
enum Stage : std::uint8_t { kNone, kPilot, kProduction };
enum Provider : std::uint8_t { kClosedForeign, kClosedDomestic, kOpenWeight };
enum Skill : std::uint8_t { kLowSkill, kMidSkill, kHighSkill };
enum Sex : std::uint8_t { kFemale, kMale };
enum Occupation : std::uint8_t {
  kExposedComplementary,
  kExposedSubstitutable,
  kNotExposed,
  kDataWork
};
enum Status : std::uint8_t { kEmployed, kUnemployed, kTraining };

constexpr int kSizes = 4;
constexpr int kStages = 3;
constexpr int kProviders = 3;
constexpr int kSkills = 3;
constexpr int kSexes = 2;
constexpr int kOccupations = 4;
constexpr int kPillars = 4;  // di, hc, ie, re
// Readiness is the mean of the first three (MODEL.md M3); re is the rule preference only.
constexpr int kCapabilityPillars = 3;

// soft_capacity priority groups, as bits of a mask; a worker's group index is the bits it has.
constexpr std::uint8_t kPriorityWomen = 1, kPriorityYouth = 2, kPriorityLowSkilled = 4;
constexpr int kPriorityGroups = 8;
constexpr std::array<std::string_view, 3> kPriorityLabels = {"women", "youth", "low_skilled"};

constexpr std::array<std::string_view, kSizes> kSizeLabels = {"micro", "small", "medium", "large"};
constexpr std::array<std::string_view, kProviders> kProviderLabels = {
    "closed_foreign", "closed_domestic", "open_weight"};
constexpr std::array<std::string_view, kSkills> kSkillLabels = {"low", "mid", "high"};
constexpr std::array<std::string_view, kSexes> kSexLabels = {"female", "male"};
constexpr std::array<std::string_view, kOccupations> kOccupationLabels = {
    "exposed_complementary", "exposed_substitutable", "not_exposed", "data_work"};
// Model v2: AI use as a dimension (mean_wage_usd_by_use) and the propensity classes of M1.
constexpr int kUses = 2;
constexpr std::array<std::string_view, kUses> kUseLabels = {"user", "non_user"};
constexpr int kUseClasses = 16;  // skill << 2 | youth << 1 | exposed
constexpr std::array<std::string_view, 4> kIncomeLabels = {"low", "lower_middle", "upper_middle",
                                                           "high"};
// Originating blocs of open-weight releases (MODEL.md section 9, M5), in Bloc order.
constexpr int kBlocs = 3;
constexpr std::array<std::string_view, kBlocs> kBlocLabels = {"us", "china", "non_aligned"};

}  // namespace models
