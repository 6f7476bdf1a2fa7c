// Spec §1.6: the run configuration as the engine sees it. File paths and
// output selection are I/O concerns and live in io/run_config.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/exact_decimal.hpp"

namespace planwise::engine {

enum class CompensationBasis { kAnnualRate, kPlanYearEarnings };
enum class SalaryModel { kRecentHires, kBandUniform };
enum class RaiseTimingMethod { kRealistic, kLegacy };
enum class GrowthMethodology { kCurrent, kContinuous, kFullYearEquivalent };

const char* growth_methodology_name(GrowthMethodology m);

// Issue 12 item 4: the random processes whose draws can be re-seeded one at
// a time (variance attribution). Each spec §3.3 stream belongs to one:
// terminations (TERM_SELECT, TERM_DATE), promotions (PROMOTION, PROMO_DATE),
// hiring (HIRE_DATE, HIRE_SALARY, HIRE_AGE, HIRE_BIRTHDAY), new-hire
// terminations (NH_TERM_SELECT, NH_TERM_DATE), raise timing (RAISE_MONTH,
// RAISE_DAY).
enum class DrawGroup : std::uint8_t {
  kTerminations,
  kPromotions,
  kHiring,
  kNewHireTerminations,
  kRaiseTiming,
};
inline constexpr std::size_t kDrawGroupCount = 5;
// "terminations", "promotions", "hiring", "new_hire_terminations", "raise_timing".
const char* draw_group_name(DrawGroup group);

struct AgeWeight {
  int age;
  double weight;
};

struct EngineConfig {
  int start_year = 2025;
  int end_year = 2029;
  std::uint64_t random_seed = 42;
  ExactDecimal target_growth_rate = ExactDecimal::from_units(30'000'000);          // 0.03
  ExactDecimal total_termination_rate = ExactDecimal::from_units(120'000'000);     // 0.12
  ExactDecimal new_hire_termination_rate = ExactDecimal::from_units(250'000'000);  // 0.25
  std::string scenario_id = "default";

  CompensationBasis compensation_basis = CompensationBasis::kAnnualRate;
  // kNoDate means the default: 1 Jan / 31 Dec of start_year − 1.
  DayNumber plan_year_start = kNoDate;
  DayNumber plan_year_end = kNoDate;

  // Hiring (spec §4.6). An empty level_mix means "recent_hires"; otherwise
  // one exact weight per level, index 0 = level 1.
  std::vector<ExactDecimal> level_mix;
  SalaryModel salary_model = SalaryModel::kRecentHires;
  int reference_years = 2;
  int min_reference_hires = 20;
  std::vector<AgeWeight> age_distribution = {{22, 0.05}, {25, 0.15}, {28, 0.20}, {32, 0.25},
                                             {35, 0.15}, {40, 0.10}, {45, 0.08}, {50, 0.02}};

  RaiseTimingMethod raise_timing = RaiseTimingMethod::kRealistic;
  std::string distribution_profile = "general_corporate";
  double validation_tolerance = 0.02;

  GrowthMethodology calculation_methodology = GrowthMethodology::kFullYearEquivalent;
  double growth_target = 0.02;
  double growth_tolerance = 0.005;

  // Issue 12 item 4: a draw group with a seed here draws that group's
  // streams from that seed (salted draws, engine/draw_groups.hpp),
  // independent of random_seed's draws, while every other group keeps
  // random_seed's; nullopt (or the run seed itself) leaves the group on
  // random_seed, so a plain run is unchanged bit for bit.
  std::array<std::optional<std::uint64_t>, kDrawGroupCount> group_seeds{};

  // Logical timestamp written to every created_at column (spec §1.6).
  std::string created_at = "1970-01-01T00:00:00Z";

  DayNumber effective_plan_year_start() const {
    return plan_year_start == kNoDate ? jan1(start_year - 1) : plan_year_start;
  }
  DayNumber effective_plan_year_end() const {
    return plan_year_end == kNoDate ? dec31(start_year - 1) : plan_year_end;
  }
};

}  // namespace planwise::engine
