// Tuning spec §4.3 and §4.5: the S045 step arithmetic, clamps, locks,
// accumulation and stopping rules, on the bundled data.
#include "tuning/s045_loop.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "tuning/tuning_fixture.hpp"

namespace planwise::tuning {
namespace {

using namespace testing;

TEST(S045Factor, MatchesTheDampingTableOfTheSpec) {
  // §4.3's table, rounded to three decimals as printed there.
  const double conservative[] = {0.100, 0.080, 0.064, 0.051, 0.041, 0.033, 0.026, 0.021, 0.017};
  const double balanced[] = {0.300, 0.240, 0.192, 0.154, 0.123, 0.098, 0.079, 0.063, 0.050};
  const double aggressive[] = {0.500, 0.400, 0.320, 0.256, 0.205, 0.164, 0.131, 0.105, 0.084};
  for (int k = 1; k <= 9; ++k) {
    EXPECT_NEAR(s045_damped_factor(S045Mode::kConservative, k), conservative[k - 1], 0.0005) << k;
    EXPECT_NEAR(s045_damped_factor(S045Mode::kBalanced, k), balanced[k - 1], 0.0005) << k;
    EXPECT_NEAR(s045_damped_factor(S045Mode::kAggressive, k), aggressive[k - 1], 0.0005) << k;
  }
}

TEST(S045Adjust, ReproducesTheWorkedExample) {
  // Balanced, gap +1.0 pp after iteration 1: g = 0.003.
  const LeverSpace space = make_space(s045_groups(), {});
  const engine::ResolvedLevers& before = space.base();
  const engine::ResolvedLevers after = s045_adjust(before, space, 0.01, 1, S045Mode::kBalanced);
  const int year = 2027;
  EXPECT_NEAR(after.cola(year) - before.cola(year), 0.0030, 1e-12);
  const double merit_step[] = {0.0033, 0.0030, 0.0027, 0.0024, 0.0021};
  for (int level = 1; level <= 5; ++level) {
    EXPECT_NEAR(after.value(LeverParam::kMeritBase, year, level) -
                    before.value(LeverParam::kMeritBase, year, level),
                merit_step[level - 1], 1e-12)
        << "level " << level;
  }
  EXPECT_NEAR(after.value(LeverParam::kNewHireSalaryAdjustment, year, 1) -
                  before.value(LeverParam::kNewHireSalaryAdjustment, year, 1),
              0.0015, 1e-12);
  // Promotion levers are never touched (§4.3).
  EXPECT_EQ(after.value(LeverParam::kPromotionProbability, year, 2),
            before.value(LeverParam::kPromotionProbability, year, 2));
}

TEST(S045Adjust, ClampsAtTheLoopsBounds) {
  const LeverSpace space = make_space(s045_groups(), {}, true);
  // A huge positive gap pushes every lever to its upper clamp, a negative one to the lower.
  const engine::ResolvedLevers up =
      s045_adjust(space.base(), space, 10.0, 1, S045Mode::kAggressive);
  const engine::ResolvedLevers down =
      s045_adjust(space.base(), space, -10.0, 1, S045Mode::kAggressive);
  for (int level = 1; level <= 5; ++level) {
    EXPECT_DOUBLE_EQ(up.value(LeverParam::kColaRate, 2026, level), 0.08);
    EXPECT_DOUBLE_EQ(up.value(LeverParam::kMeritBase, 2026, level), 0.10);
    EXPECT_DOUBLE_EQ(up.value(LeverParam::kNewHireSalaryAdjustment, 2026, level), 1.40);
    EXPECT_DOUBLE_EQ(down.value(LeverParam::kColaRate, 2026, level), 0.01);
    EXPECT_DOUBLE_EQ(down.value(LeverParam::kMeritBase, 2026, level), 0.01);
    EXPECT_DOUBLE_EQ(down.value(LeverParam::kNewHireSalaryAdjustment, 2026, level), 1.00);
  }
}

TEST(S045Adjust, AccumulatesFromTheValuesActuallyApplied) {
  const LeverSpace space = make_space(s045_groups(), {});
  const engine::ResolvedLevers once =
      s045_adjust(space.base(), space, 0.01, 1, S045Mode::kBalanced);
  const engine::ResolvedLevers twice = s045_adjust(once, space, 0.01, 2, S045Mode::kBalanced);
  // The original re-read stale values: step 2 would start from the base again.
  EXPECT_NEAR(twice.cola(2026) - space.base().cola(2026), 0.003 + 0.0024, 1e-12);
}

TEST(S045Adjust, LeavesLockedCellsAlone) {
  LockedCells locks = bundled_locks();  // every 2025 cell
  locks.insert({2027, 3, LeverParam::kMeritBase});
  const LeverSpace space = make_space(s045_groups(), locks);
  const engine::ResolvedLevers after =
      s045_adjust(space.base(), space, 0.01, 1, S045Mode::kAggressive);
  EXPECT_EQ(after.value(LeverParam::kMeritBase, 2027, 3),
            space.base().value(LeverParam::kMeritBase, 2027, 3));
  EXPECT_NE(after.value(LeverParam::kMeritBase, 2027, 2),
            space.base().value(LeverParam::kMeritBase, 2027, 2));
  for (int level = 1; level <= 5; ++level) {
    EXPECT_EQ(after.cola(2025), space.base().cola(2025));
    EXPECT_EQ(after.value(LeverParam::kMeritBase, 2025, level),
              space.base().value(LeverParam::kMeritBase, 2025, level));
  }
}

TEST(S045Adjust, KeepsToNarrowedBoundsAndMovesOnlyTheChosenGroups) {
  auto plain = LeverSpace::build(bundled().levers, {}, {LeverGroup::kCola, LeverGroup::kMerit}, {});
  ASSERT_TRUE(plain.ok());
  std::vector<BoundOverride> bounds = s045_bounds(*plain);
  for (BoundOverride& b : bounds) {
    if (b.variable == "merit_L1") b = {"merit_L1", 0.035, 0.05};
  }
  auto space =
      LeverSpace::build(bundled().levers, {}, {LeverGroup::kCola, LeverGroup::kMerit}, bounds);
  ASSERT_TRUE(space.ok());
  const engine::ResolvedLevers down =
      s045_adjust(space->base(), *space, -0.2, 1, S045Mode::kAggressive);
  EXPECT_DOUBLE_EQ(down.value(LeverParam::kMeritBase, 2026, 1), 0.035);
  EXPECT_DOUBLE_EQ(down.value(LeverParam::kMeritBase, 2026, 2), 0.01);
  // The new-hire adjustment is not in --levers: it keeps its value.
  EXPECT_EQ(down.value(LeverParam::kNewHireSalaryAdjustment, 2026, 1),
            space->base().value(LeverParam::kNewHireSalaryAdjustment, 2026, 1));
}

TEST(S045Loop, ConvergesAndStopsAtTheFirstIterationWithinTolerance) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks(), true);
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
              target(bundled_headline() - 0.01, 0.001), evals(22), {});
  const TuningOutcome out = run_s045(e, {S045Mode::kAggressive, 20});
  ASSERT_EQ(out.status, TuningStatus::kConverged) << out.message;
  EXPECT_LE(std::fabs(out.best->gap), 0.001);
  // Every iteration before the last missed the tolerance; the last met it.
  int last = 0;
  for (const EvaluationRecord& r : e.history()) {
    if (r.iteration == 0) continue;
    last = std::max(last, r.iteration);
    if (&r != &e.history().back())
      EXPECT_GT(std::fabs(r.gap), 0.001) << "iteration " << r.iteration;
  }
  EXPECT_EQ(out.best->index, e.history().back().index);
  EXPECT_LT(last, 20);
}

TEST(S045Loop, ConservativeModeCannotCloseAOnePointGap) {
  // §4.8: the damping sums to 5 × 0.1, so about 59% of a gap at most.
  const LeverSpace space = make_space(s045_groups(), bundled_locks(), true);
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
              target(bundled_headline() - 0.01, 0.001), evals(22), {});
  const TuningOutcome out = run_s045(e, {S045Mode::kConservative, 20});
  EXPECT_EQ(out.status, TuningStatus::kNotConverged);
  EXPECT_GT(std::fabs(out.best->gap), 0.001);
  EXPECT_LT(std::fabs(out.best->gap), 0.01);  // but it did move towards the target
}

TEST(S045Loop, MakesNoAdjustmentAfterTheLastIterationAndRecordsEveryLeverVector) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks(), true);
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
              target(bundled_headline() - 0.01, 0.0001), evals(50), {});
  const TuningOutcome out = run_s045(e, {S045Mode::kBalanced, 3});
  EXPECT_EQ(out.status, TuningStatus::kNotConverged);
  // Two reachability corners, then exactly three simulations.
  int simulated = 0;
  for (const EvaluationRecord& r : e.history()) {
    if (r.iteration > 0) ++simulated;
    EXPECT_EQ(r.x.size(), space.size());
  }
  EXPECT_EQ(simulated, 3);
  // The levers it keeps are those of its last simulation (§4.2).
  EXPECT_EQ(out.best->index, e.history().back().index);
  EXPECT_EQ(space.measure(out.best_levers), e.history().back().x);
  // Each iteration's lever vector differs from the one before.
  EXPECT_NE(e.history()[2].x, e.history()[3].x);
  EXPECT_NE(e.history()[3].x, e.history()[4].x);
}

TEST(S045Loop, MaxIterationsOneIsASingleIteration) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks(), true);
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
              target(bundled_headline() - 0.01, 0.001), evals(10), {});
  const TuningOutcome out = run_s045(e, {S045Mode::kBalanced, 1});
  EXPECT_EQ(out.status, TuningStatus::kNotConverged);
  EXPECT_EQ(out.best->metrics.growth, bundled_headline());
  EXPECT_EQ(e.evaluations(), 3);
}

TEST(S045Loop, ReportsTwoPercentAsUnreachableWithTheBundledLevers) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks(), true);
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.02, 0.001), evals(22),
              {});
  const TuningOutcome out = run_s045(e, {S045Mode::kBalanced, 10});
  ASSERT_EQ(out.status, TuningStatus::kUnreachable);
  EXPECT_GT(out.reachability.low, 0.021);  // promotions alone add more than 2%
  EXPECT_EQ(out.reachability.closest, out.reachability.low);
  EXPECT_FALSE(out.reachability.binding.empty());
  EXPECT_NE(out.reachability.binding.front().find("lower bound"), std::string::npos);
  EXPECT_NE(out.reachability.verdict.find("promotion_probability"), std::string::npos);
  EXPECT_NE(out.reachability.verdict.find("promotion_raise"), std::string::npos);
  // Not chased: the corners and one measurement of the current levers.
  EXPECT_EQ(e.evaluations(), 3);
}

TEST(S045Loop, DropsSuggestionsThatCannotReachTheTargetEither) {
  // Zero growth: even every lever, promotions included, at its lower bound stays above it.
  const LeverSpace space = make_space(s045_groups(), bundled_locks(), true);
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.0, 0.001), evals(22), {});
  const TuningOutcome out = run_s045(e, {S045Mode::kBalanced, 10});
  ASSERT_EQ(out.status, TuningStatus::kUnreachable);
  EXPECT_TRUE(out.reachability.suggestions.empty());
  EXPECT_NE(out.reachability.verdict.find("no lever setting reaches"), std::string::npos)
      << out.reachability.verdict;
}

TEST(S045Loop, ASpentBudgetEndsNotConvergedNotInterrupted) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks(), true);
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
              target(bundled_headline() - 0.01, 0.0001), evals(4), {});
  const TuningOutcome out = run_s045(e, {S045Mode::kBalanced, 10});
  EXPECT_EQ(out.status, TuningStatus::kNotConverged);
  EXPECT_NE(out.message.find("budget"), std::string::npos);
}

}  // namespace
}  // namespace planwise::tuning
