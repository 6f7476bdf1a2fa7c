// Spec §4.6 hiring head counts (exact arithmetic, largest remainder) and
// hire pricing, checked against the worked example of §4.10.
#include <gtest/gtest.h>

#include <vector>

#include "engine/year_steps.hpp"

namespace planwise::engine {
namespace {

const ExactDecimal kG = ExactDecimal::from_units(30'000'000);   // 0.03
const ExactDecimal kR = ExactDecimal::from_units(250'000'000);  // 0.25
const std::vector<std::int64_t> kOriginalMix = {40, 30, 20, 8, 2};

TEST(Hiring, WorkedExampleHeadCountsFor2025) {
  const HiringPlan plan = plan_hiring(4378, 525, kG, kR, kOriginalMix);
  EXPECT_EQ(plan.target_end, 4509);
  EXPECT_EQ(plan.need, 656);
  EXPECT_EQ(plan.hires, 875);
  // Quotas 350, 262.5, 175, 70, 17.5: the one extra seat goes to L2, the
  // lower of the tied remainders.
  EXPECT_EQ(plan.per_level, (std::vector<std::int64_t>{350, 263, 175, 70, 17}));
}

TEST(Hiring, WorkedExampleLaterYears) {
  struct LaterYear {
    std::int64_t n, t, target, x, h;
    std::vector<std::int64_t> levels;
  };
  const LaterYear rows[] = {{4509, 541, 4644, 676, 901, {361, 270, 180, 72, 18}},
                      {4644, 557, 4783, 696, 928, {371, 278, 186, 74, 19}},
                      {4783, 574, 4926, 717, 956, {382, 287, 191, 77, 19}},
                      {4926, 591, 5074, 739, 985, {394, 295, 197, 79, 20}}};
  for (const LaterYear& r : rows) {
    const HiringPlan plan = plan_hiring(r.n, r.t, kG, kR, kOriginalMix);
    EXPECT_EQ(plan.target_end, r.target) << r.n;
    EXPECT_EQ(plan.need, r.x) << r.n;
    EXPECT_EQ(plan.hires, r.h) << r.n;
    EXPECT_EQ(plan.per_level, r.levels) << r.n;
  }
}

TEST(Hiring, EndingHeadCountEqualsTargetForManySizes) {
  const ExactDecimal q = ExactDecimal::from_units(120'000'000);
  for (std::int64_t n = 1; n < 3000; n += 7) {
    const std::int64_t t = round_half_away_times(q, n);
    const HiringPlan plan = plan_hiring(n, t, kG, kR, kOriginalMix);
    const std::int64_t nt = round_half_away_times(kR, plan.hires);
    if (plan.need >= 0) {
      EXPECT_EQ(n - t + plan.hires - nt, plan.target_end) << n;
    }
  }
}

TEST(Hiring, NegativeNeedHiresNobody) {
  const ExactDecimal shrink = ExactDecimal::from_units(-400'000'000);  // g = -0.4
  const HiringPlan plan = plan_hiring(1000, 120, shrink, kR, kOriginalMix);
  EXPECT_EQ(plan.target_end, 600);
  EXPECT_LT(plan.need, 0);
  EXPECT_EQ(plan.hires, 0);
}

TEST(Hiring, ZeroTerminationRateNeedsNoRounding) {
  const HiringPlan plan = plan_hiring(1000, 0, kG, ExactDecimal::from_units(0), kOriginalMix);
  EXPECT_EQ(plan.hires, 30);
}

TEST(Hiring, ReferenceQuantileInterpolatesBetweenSortedSalaries) {
  const std::vector<double> salaries = {50000, 60000, 90000};
  HireLevelPricing p;
  p.from_reference = true;
  p.salaries = &salaries;
  EXPECT_DOUBLE_EQ(hire_base_salary(p, 0.0), 50000);
  EXPECT_DOUBLE_EQ(hire_base_salary(p, 0.25), 55000);              // pos 0.5
  EXPECT_DOUBLE_EQ(hire_base_salary(p, 0.75), 75000);              // pos 1.5
  EXPECT_NEAR(hire_base_salary(p, 1.0 - 0x1.0p-53), 90000, 1e-6);  // the top reference salary
}

TEST(Hiring, BandUniformSpansTheBand) {
  HireLevelPricing p;
  p.band_min = 56000;
  p.band_max = 80000;
  EXPECT_DOUBLE_EQ(hire_base_salary(p, 0.5), 68000);
}

TEST(Hiring, SingleReferenceSalaryIsUsedAsIs) {
  const std::vector<double> salaries = {70000};
  HireLevelPricing p;
  p.from_reference = true;
  p.salaries = &salaries;
  EXPECT_DOUBLE_EQ(hire_base_salary(p, 0.9), 70000);
}

}  // namespace
}  // namespace planwise::engine
