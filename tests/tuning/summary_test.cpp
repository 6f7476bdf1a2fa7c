// Tuning spec §4.7 with the reimplementation's definition of gap reduction.
#include "tuning/summary.hpp"

#include <gtest/gtest.h>

namespace planwise::tuning {
namespace {

SummaryInput input(const std::string& status, double initial, double final_gap, int iterations) {
  SummaryInput in;
  in.status = status;
  in.initial_gap = initial;
  in.final_gap = final_gap;
  in.iterations = iterations;
  in.stopped_by_limit = status == "not_converged";
  return in;
}

// Issue 10 item 7: a result that breaks a guard rail is never Excellent.
TEST(Summary, ATargetMetWithABrokenGuardRailIsNotExcellent) {
  SummaryInput in = input("converged", -0.01, -0.0005, 4);
  in.guard_rail_violations = 2;
  const OptimizationSummary s = summarize(in);
  EXPECT_EQ(s.performance_status,
            "Needs review — target achieved, but the levers break 2 guard rails");
  EXPECT_NE(s.recommendations.front().find("guard-rail violations"), std::string::npos);
  in.guard_rail_violations = 0;
  EXPECT_EQ(summarize(in).performance_status, "Excellent — target achieved");
}

TEST(Summary, CountsAnOvershootThatFlipsTheSignAsNoProgress) {
  // The original's |initial − final| would call this a 2-point reduction.
  const OptimizationSummary s = summarize(input("not_converged", 0.01, -0.01, 10));
  EXPECT_DOUBLE_EQ(s.gap_reduction, 0.0);
  EXPECT_DOUBLE_EQ(s.gap_reduction_pct, 0.0);
  EXPECT_EQ(s.performance_status, "Poor — limited progress");
}

TEST(Summary, GradesProgressAsTheSpecDoes) {
  const OptimizationSummary good = summarize(input("not_converged", 0.01, 0.004, 10));
  EXPECT_NEAR(good.gap_reduction, 0.006, 1e-15);
  EXPECT_NEAR(good.gap_reduction_pct, 60.0, 1e-9);
  EXPECT_EQ(good.performance_status, "Good — significant progress");
  EXPECT_NEAR(good.avg_gap_reduction_per_iteration, 0.0006, 1e-15);
  EXPECT_NEAR(good.convergence_efficiency, 6.0, 1e-9);
  const OptimizationSummary done = summarize(input("converged", -0.01, -0.0005, 4));
  EXPECT_EQ(done.performance_status, "Excellent — target achieved");
  EXPECT_EQ(done.recommendations.size(), 2u);
  const OptimizationSummary stopped = summarize(input("interrupted", 0.01, 0.008, 3));
  EXPECT_EQ(stopped.performance_status, "Interrupted — early termination");
  // Under 25%: revisit tolerance or target, then more iterations and another strategy.
  ASSERT_EQ(stopped.recommendations.size(), 3u);
  EXPECT_NE(stopped.recommendations[0].find("revisit"), std::string::npos);
}

TEST(Summary, GivesInsightsOnlyAfterMoreThanOneIteration) {
  EXPECT_FALSE(summarize(input("not_converged", 0.01, 0.009, 1)).has_insights);
  EXPECT_TRUE(summarize(input("not_converged", 0.01, 0.009, 2)).has_insights);
}

TEST(Summary, ZeroInitialGapGivesZeroPercent) {
  EXPECT_DOUBLE_EQ(summarize(input("converged", 0.0, 0.0, 1)).gap_reduction_pct, 0.0);
}

TEST(Summary, SuggestsTheLeversThatCouldReachAnUnreachableTarget) {
  SummaryInput in = input("unreachable", -0.04, -0.04, 1);
  in.suggestions = {"promotion_probability", "promotion_raise"};
  const OptimizationSummary s = summarize(in);
  EXPECT_NE(s.performance_status.find("Unreachable"), std::string::npos);
  ASSERT_EQ(s.recommendations.size(), 3u);
  EXPECT_NE(s.recommendations[1].find("promotion_probability"), std::string::npos);
}

}  // namespace
}  // namespace planwise::tuning
