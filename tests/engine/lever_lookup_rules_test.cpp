// Issue 15 item 5: spec §2.2 lever lookup by year, pinned with a different
// value for every year, so a lever read for the wrong year fails a test.
// (The tiers by year are pinned in tests/levers/lever_resolution_test.cpp.)
#include <gtest/gtest.h>

#include "engine/rule_fixture.hpp"
#include "engine/year_levers.hpp"

namespace planwise::engine {
namespace {

using testing::data_seeds;

// Each cell gets a value that says its year and level:
//   merit_base                  0.01 × level + 0.001 × (year − 2024)
//   promotion_probability       0.1 × level + 0.01 × (year − 2024)
//   promotion_raise             0.1 + 0.01 × (year − 2024) + 0.001 × level
//   new_hire_salary_adjustment  1 + 0.1 × (year − 2024) + 0.01 × level
//   cola_rate                   0.02 + 0.001 × (year − 2024), every level
ResolvedLevers coded_levers() {
  ResolvedLevers levers = testing::blank_levers(2025, 2027);
  for (int y = 2025; y <= 2027; ++y) {
    const int k = y - 2024;
    for (int l = 1; l <= 5; ++l) {
      testing::set_lever(levers, LeverParam::kMeritBase, y, l, 0.01 * l + 0.001 * k);
      testing::set_lever(levers, LeverParam::kPromotionProbability, y, l, 0.1 * l + 0.01 * k);
      testing::set_lever(levers, LeverParam::kPromotionRaise, y, l, 0.1 + 0.01 * k + 0.001 * l);
      testing::set_lever(levers, LeverParam::kNewHireSalaryAdjustment, y, l,
                         1.0 + 0.1 * k + 0.01 * l);
      testing::set_lever(levers, LeverParam::kColaRate, y, l, 0.02 + 0.001 * k);
    }
  }
  return levers;
}

TEST(LeverLookupRules, YearLeversHoldTheLeversOfTheirYear) {
  const ResolvedLevers levers = coded_levers();
  const std::vector<bool> no_drift(5, false);
  const YearLevers y2026 = YearLevers::for_year(levers, data_seeds(), 2026, no_drift);
  EXPECT_EQ(y2026.year, 2026);
  EXPECT_DOUBLE_EQ(y2026.cola, 0.022);
  const double merit[] = {0.012, 0.022, 0.032, 0.042, 0.052};
  const double probability[] = {0.12, 0.22, 0.32, 0.42, 0.52};
  const double raise[] = {0.121, 0.122, 0.123, 0.124, 0.125};
  const double adjustment[] = {1.21, 1.22, 1.23, 1.24, 1.25};
  const double band_min[] = {56000, 81000, 121000, 161000, 275000};  // config_job_levels
  ASSERT_EQ(y2026.merit.size(), 5u);
  for (std::size_t l = 0; l < 5; ++l) {
    EXPECT_DOUBLE_EQ(y2026.merit[l], merit[l]) << "level " << l + 1;
    EXPECT_DOUBLE_EQ(y2026.promotion_probability[l], probability[l]) << "level " << l + 1;
    EXPECT_DOUBLE_EQ(y2026.promotion_raise[l], raise[l]) << "level " << l + 1;
    EXPECT_DOUBLE_EQ(y2026.hire_adjustment[l], adjustment[l]) << "level " << l + 1;
    EXPECT_EQ(y2026.min_compensation[l], band_min[l]) << "level " << l + 1;
  }
  const YearLevers y2027 = YearLevers::for_year(levers, data_seeds(), 2027, no_drift);
  EXPECT_DOUBLE_EQ(y2027.cola, 0.023);
  EXPECT_DOUBLE_EQ(y2027.merit[0], 0.013);
  EXPECT_DOUBLE_EQ(y2027.promotion_probability[4], 0.53);
  EXPECT_DOUBLE_EQ(y2027.promotion_raise[2], 0.133);
  EXPECT_DOUBLE_EQ(y2027.hire_adjustment[1], 1.32);
  const YearLevers y2025 = YearLevers::for_year(levers, data_seeds(), 2025, no_drift);
  EXPECT_DOUBLE_EQ(y2025.cola, 0.021);
  EXPECT_DOUBLE_EQ(y2025.merit[4], 0.051);
}

// testing::three_year_hand_run: merit 0.02 / 0.03 / 0.04 at L5 and COLA
// 0.01 / 0.02 / 0.03 in 2025 / 2026 / 2027, nobody leaves or is promoted.
// Each year's raise uses that year's levers (§4.4):
//   EMP_000005 (L5) 300,000 × 1.03 = 309,000; × 1.05 = 324,450; × 1.07 = 347,161.50
//   EMP_000001 (L1, merit 0.03) 60,000 × 1.04 = 62,400; × 1.05 = 65,520;
//                               × 1.06 = 69,451.20
TEST(LeverLookupRules, EachYearsRaisesUseThatYearsLevers) {
  const testing::HandRun run = testing::three_year_hand_run();
  const double top[] = {309000.00, 324450.00, 347161.50};
  const double staff[] = {62400.00, 65520.00, 69451.20};
  for (int y = 2025; y <= 2027; ++y) {
    const auto k = static_cast<std::size_t>(y - 2025);
    const testing::HandRow* vp = run.find(y, "EMP_000005");
    const testing::HandRow* first = run.find(y, "EMP_000001");
    ASSERT_NE(vp, nullptr) << y;
    ASSERT_NE(first, nullptr) << y;
    EXPECT_EQ(vp->fye, top[k]) << y;
    EXPECT_EQ(first->fye, staff[k]) << y;
    EXPECT_EQ(vp->level, 5);
    EXPECT_EQ(first->level, 1);
  }
}

}  // namespace
}  // namespace planwise::engine
