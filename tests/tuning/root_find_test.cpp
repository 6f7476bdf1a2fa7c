// Issue 4: the secant and Brent searches on a lever mix reach ±0.01 point
// in a few evaluations, and report an unreachable target instead of chasing it.
#include "tuning/root_find.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <string>

#include "tuning/tuning_fixture.hpp"

namespace planwise::tuning {
namespace {

using namespace testing;

struct RootCase {
  RootMethod method;
  const char* mix;
};

// gtest prints the parameter in test listings; without this, raw bytes.
void PrintTo(const RootCase& c, std::ostream* os) {
  *os << (c.method == RootMethod::kBrent ? "brent" : "secant") << '/' << c.mix;
}

class RootFindTest : public ::testing::TestWithParam<RootCase> {};

TEST_P(RootFindTest, ReachesOneHundredthOfAPointInAFewEvaluations) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  for (double offset : {-0.01, +0.005}) {
    Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
                target(bundled_headline() + offset, 0.0001), evals(40), {});
    const TuningOutcome out = run_root_find(e, {GetParam().method, GetParam().mix, 20});
    ASSERT_EQ(out.status, TuningStatus::kConverged) << out.message;
    EXPECT_LE(std::fabs(out.best->gap), 0.0001);
    // Two reachability ends, the start and at most four steps.
    EXPECT_LE(e.evaluations(), 7) << "offset " << offset;
    // The levers it returns give that growth when simulated again.
    auto again = e.run(out.best_levers);
    ASSERT_TRUE(again.ok());
    EXPECT_DOUBLE_EQ(again->growth, out.best->metrics.growth);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Mixes, RootFindTest,
    ::testing::Values(RootCase{RootMethod::kBrent, "s045"}, RootCase{RootMethod::kSecant, "s045"},
                      RootCase{RootMethod::kBrent, "cola"}, RootCase{RootMethod::kSecant, "merit"}),
    // A stable test name (the default prints the struct's bytes).
    [](const ::testing::TestParamInfo<RootCase>& param_info) {
      return std::string(param_info.param.method == RootMethod::kBrent ? "brent_" : "secant_") +
             param_info.param.mix;
    });

TEST(RootFind, MovesOnlyTheLeversOfItsMixInTheirRatio) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth,
              target(bundled_headline() - 0.005, 0.0001), evals(40), {});
  const TuningOutcome out = run_root_find(e, {RootMethod::kBrent, "cola", 20});
  ASSERT_EQ(out.status, TuningStatus::kConverged) << out.message;
  const std::vector<double> start = space.start();
  for (std::size_t i = 0; i < space.size(); ++i) {
    if (space.variables()[i].name == "cola") {
      EXPECT_LT(out.best->x[i], start[i]);
    } else {
      EXPECT_DOUBLE_EQ(out.best->x[i], start[i]) << space.variables()[i].name;
    }
  }
}

TEST(RootFind, ReportsAnUnreachableTargetWithTheClosestValue) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  Evaluator e(engine_inputs(), space, GrowthMetric::kMeanGrowth, target(0.02, 0.001), evals(40),
              {});
  const TuningOutcome out = run_root_find(e, {RootMethod::kBrent, "s045", 20});
  ASSERT_EQ(out.status, TuningStatus::kUnreachable);
  EXPECT_EQ(e.evaluations(), 3);
  EXPECT_DOUBLE_EQ(out.best->metrics.growth, out.reachability.closest);
  EXPECT_NE(out.message.find("promotion_probability"), std::string::npos);
}

TEST(LeverMix, RejectsAnUnknownLeverNamingTheFlag) {
  const LeverSpace space = make_space(s045_groups(), {});
  auto d = lever_mix_direction(space, "bonus=1");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().column, "--mix");
  EXPECT_EQ(d.error().file, "command line");
  auto none = lever_mix_direction(space, "promotion_raise=1");  // not in the space
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("moves none"), std::string::npos);
}

TEST(LeverMix, WeighsMeritByLevel) {
  const LeverSpace space = make_space(s045_groups(), {});
  auto d = lever_mix_direction(space, "s045");
  ASSERT_TRUE(d.ok());
  for (std::size_t i = 0; i < space.size(); ++i) {
    const LeverVariable& v = space.variables()[i];
    if (v.param == LeverParam::kMeritBase)
      EXPECT_NEAR((*d)[i], 1.2 - 0.1 * v.levels.front(), 1e-12);
    if (v.param == LeverParam::kColaRate) EXPECT_EQ((*d)[i], 1.0);
    if (v.param == LeverParam::kNewHireSalaryAdjustment) EXPECT_EQ((*d)[i], 0.5);
  }
}

}  // namespace
}  // namespace planwise::tuning
