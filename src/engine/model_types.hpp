// Vocabulary of the engine: bands (spec §1.5), status codes (§4.8), parameter
// sources (§2.2), draw streams (§3.3) and the hire identity format (§4.6).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace planwise::engine {

inline constexpr int kAgeBandCount = 6;
inline constexpr int kTenureBandCount = 5;
inline constexpr std::array<std::string_view, kAgeBandCount> kAgeBandLabels = {
    "< 25", "25-34", "35-44", "45-54", "55-64", "65+"};
inline constexpr std::array<std::string_view, kTenureBandCount> kTenureBandLabels = {
    "< 2", "2-4", "5-9", "10-19", "20+"};

// Band lookups by table: ages and tenures are random across employees, so
// a chain of comparisons would mispredict on most rows of the year loop.
namespace band_detail {
inline constexpr int kTableSize = 128;
constexpr std::array<std::uint8_t, kTableSize> age_table() {
  std::array<std::uint8_t, kTableSize> t{};
  for (int a = 0; a < kTableSize; ++a)
    t[a] = a < 25 ? 0 : a < 35 ? 1 : a < 45 ? 2 : a < 55 ? 3 : a < 65 ? 4 : 5;
  return t;
}
constexpr std::array<std::uint8_t, kTableSize> tenure_table() {
  std::array<std::uint8_t, kTableSize> t{};
  for (int y = 0; y < kTableSize; ++y) t[y] = y < 2 ? 0 : y < 5 ? 1 : y < 10 ? 2 : y < 20 ? 3 : 4;
  return t;
}
inline constexpr std::array<std::uint8_t, kTableSize> kAgeBands = age_table();
inline constexpr std::array<std::uint8_t, kTableSize> kTenureBands = tenure_table();
}  // namespace band_detail

constexpr std::uint8_t age_band_of(int age) {
  if (age < 0) return 0;
  return age >= band_detail::kTableSize ? 5 : band_detail::kAgeBands[static_cast<std::size_t>(age)];
}
constexpr std::uint8_t tenure_band_of(int tenure) {
  if (tenure < 0) return 0;
  return tenure >= band_detail::kTableSize
             ? 4
             : band_detail::kTenureBands[static_cast<std::size_t>(tenure)];
}

// Spec §4.8 detailed_status_code.
enum class StatusCode : std::uint8_t {
  kContinuousActive = 0,
  kExperiencedTermination = 1,
  kNewHireActive = 2,
  kNewHireTermination = 3,
};
inline constexpr std::array<std::string_view, 4> kStatusCodeLabels = {
    "continuous_active", "experienced_termination", "new_hire_active", "new_hire_termination"};
constexpr bool is_active(StatusCode code) {
  return code == StatusCode::kContinuousActive || code == StatusCode::kNewHireActive;
}

// Spec §2.2 resolution tiers, ordered from most to least specific, so the
// "least specific tier among the levers an event used" is the maximum.
enum class ParamSource : std::uint8_t { kNone = 0, kScenario = 1, kDefault = 2, kSeedDefault = 3 };
inline constexpr std::array<std::string_view, 4> kParamSourceLabels = {"", "scenario", "default",
                                                                       "seed_default"};

// Spec §3.3 stream ids. An existing id is never reused for another purpose.
enum Stream : std::uint16_t {
  kTermSelect = 1,
  kTermDate = 2,
  kPromoDate = 3,
  kPromotion = 4,
  kRaiseMonth = 5,
  kRaiseDay = 6,
  kHireDate = 7,
  kHireSalary = 8,
  kHireAge = 9,
  kHireBirthday = 10,
  kNhTermSelect = 11,
  kNhTermDate = 12,
};

// An employee reference: a census row (index into the staged baseline) or a
// hire (year, seq). Hire ids are never stored as text (spec §7).
struct EmployeeRef {
  static constexpr std::uint64_t kHireFlag = std::uint64_t{1} << 63;
  std::uint64_t bits = 0;

  static constexpr EmployeeRef census(std::uint32_t index) { return {index}; }
  static constexpr EmployeeRef hire(int year, std::uint32_t seq) {
    return {kHireFlag | (static_cast<std::uint64_t>(static_cast<std::uint16_t>(year)) << 32) | seq};
  }
  constexpr bool is_hire() const { return (bits & kHireFlag) != 0; }
  constexpr std::uint32_t census_index() const { return static_cast<std::uint32_t>(bits); }
  constexpr int hire_year() const { return static_cast<int>((bits >> 32) & 0xFFFF); }
  constexpr std::uint32_t hire_seq() const { return static_cast<std::uint32_t>(bits); }
};

// Spec §4.6: "NH_" + YYYY + "_" + seq (6 digits, wider if needed) and
// "SSN-NH-" + YYYY + "-" + seq. Each writes into `out` (>= kHireIdBufferSize)
// and returns the length.
inline constexpr std::size_t kHireIdBufferSize = 32;
std::size_t format_hire_id(int year, std::uint32_t seq, char* out);
std::size_t format_hire_ssn(int year, std::uint32_t seq, char* out);

}  // namespace planwise::engine
