// Issue 11 item 3: the §6.3 risk score at its boundaries. Every threshold
// is strict ("above"), so the boundary value itself scores the lower band.
#include "governance/risk.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace planwise::governance {
namespace {

int points_of(const RiskAssessment& r, const std::string& factor) {
  for (const RiskFactor& f : r.factors) {
    if (f.factor == factor) return f.points;
  }
  return -1;
}

RiskAssessment cost_only(double cost) {
  return assess_risk({cost, 0, {}});
}

TEST(RiskScore, CostComponentIsStrictlyAboveEachThreshold) {
  EXPECT_EQ(points_of(cost_only(100'000.0), "cost"), 0);
  EXPECT_EQ(points_of(cost_only(100'000.01), "cost"), 1);
  EXPECT_EQ(points_of(cost_only(1'000'000.0), "cost"), 1);
  EXPECT_EQ(points_of(cost_only(1'000'000.01), "cost"), 2);
  EXPECT_EQ(points_of(cost_only(5'000'000.0), "cost"), 2);
  EXPECT_EQ(points_of(cost_only(5'000'000.01), "cost"), 3);
  // A saving is as large a change as a cost.
  EXPECT_EQ(points_of(cost_only(-5'000'000.01), "cost"), 3);
}

TEST(RiskScore, EmployeeComponentIsStrictlyAboveEachThreshold) {
  EXPECT_EQ(points_of(assess_risk({0.0, 100, {}}), "employees"), 0);
  EXPECT_EQ(points_of(assess_risk({0.0, 101, {}}), "employees"), 1);
  EXPECT_EQ(points_of(assess_risk({0.0, 1000, {}}), "employees"), 1);
  EXPECT_EQ(points_of(assess_risk({0.0, 1001, {}}), "employees"), 2);
}

TEST(RiskScore, EachSensitiveParameterAddsItsRelativeChange) {
  const RiskAssessment r = assess_risk({0.0,
                                        0,
                                        {{"merit_base", 0.10},
                                         {"promotion_probability", 0.1000001},
                                         {"promotion_raise", 0.2000001},
                                         {"cola_rate", 5.0},
                                         {"new_hire_salary_adjustment", 1.0}}});
  EXPECT_EQ(points_of(r, "merit_base"), 0);
  EXPECT_EQ(points_of(r, "promotion_probability"), 1);
  EXPECT_EQ(points_of(r, "promotion_raise"), 2);
  // COLA and the new-hire adjustment are not sensitive parameters (§6.3).
  EXPECT_EQ(points_of(r, "cola_rate"), -1);
  EXPECT_EQ(points_of(r, "new_hire_salary_adjustment"), -1);
  EXPECT_EQ(r.score, 3);
  EXPECT_EQ(r.level, RiskLevel::kMedium);
}

TEST(RiskScore, LevelIsHighFromSixAndMediumFromThree) {
  // 2 (cost) + 0 = 2: LOW.
  EXPECT_EQ(assess_risk({2'000'000.0, 0, {}}).level, RiskLevel::kLow);
  // 2 + 1 = 3: MEDIUM.
  EXPECT_EQ(assess_risk({2'000'000.0, 500, {}}).level, RiskLevel::kMedium);
  // 3 + 2 = 5: still MEDIUM.
  const RiskAssessment five = assess_risk({6'000'000.0, 2000, {}});
  EXPECT_EQ(five.score, 5);
  EXPECT_EQ(five.level, RiskLevel::kMedium);
  // 3 + 2 + 1 = 6: HIGH.
  const RiskAssessment six = assess_risk({6'000'000.0, 2000, {{"merit_base", 0.15}}});
  EXPECT_EQ(six.score, 6);
  EXPECT_EQ(six.level, RiskLevel::kHigh);
  EXPECT_EQ(risk_level_name(six.level), "HIGH");
  // The maximum: 3 + 2 + 3 × 2.
  const RiskAssessment most = assess_risk(
      {9e6, 5000, {{"merit_base", 1.0}, {"promotion_probability", 1.0}, {"promotion_raise", 1.0}}});
  EXPECT_EQ(most.score, 11);
}

TEST(RiskScore, RelativeChangeFromZeroCountsAsLarge) {
  EXPECT_EQ(relative_change(0.04, 0.04), 0.0);
  EXPECT_DOUBLE_EQ(relative_change(0.04, 0.05), 0.25);
  EXPECT_DOUBLE_EQ(relative_change(0.05, 0.04), 0.2);
  EXPECT_TRUE(std::isinf(relative_change(0.0, 0.01)));
  EXPECT_EQ(
      points_of(assess_risk({0.0, 0, {{"merit_base", relative_change(0.0, 0.01)}}}), "merit_base"),
      2);
}

TEST(RiskScore, FactorsSayWhatTheyMeasured) {
  const RiskAssessment r = assess_risk({1'250'000.0, 150, {{"merit_base", 0.25}}});
  ASSERT_EQ(r.factors.size(), 3u);
  EXPECT_EQ(r.factors[0].detail, "cost impact $1,250,000 above $1,000,000");
  EXPECT_EQ(r.factors[1].detail, "150 employees affected (above 100)");
  EXPECT_EQ(r.factors[2].detail, "largest relative change 25 % (above 20 %)");
  EXPECT_EQ(r.score, 5);
}

TEST(CostImpactClass, HighAboveOneMillionMediumAboveOneHundredThousand) {
  EXPECT_EQ(cost_impact_class(100'000.0), RiskLevel::kLow);
  EXPECT_EQ(cost_impact_class(100'000.5), RiskLevel::kMedium);
  EXPECT_EQ(cost_impact_class(1'000'000.0), RiskLevel::kMedium);
  EXPECT_EQ(cost_impact_class(-1'000'001.0), RiskLevel::kHigh);
}

}  // namespace
}  // namespace planwise::governance
