// Issue 4 item 3: elasticities by central differences, and the seed spread.
#include "tuning/sensitivity.hpp"

#include <gtest/gtest.h>

#include "tuning/tuning_fixture.hpp"

namespace planwise::tuning {
namespace {

using namespace testing;

TEST(Sensitivity, EveryS045LeverRaisesGrowthAndCost) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  auto s = lever_sensitivities(engine_inputs(), space, GrowthMetric::kMeanGrowth, space.start());
  ASSERT_TRUE(s.ok()) << s.error().to_string_all();
  ASSERT_EQ(s->size(), space.size());
  for (const LeverSensitivity& l : *s) {
    EXPECT_GT(l.growth_slope, 0.0) << l.variable;
    EXPECT_GT(l.cost_slope, 0.0) << l.variable;
    EXPECT_GT(l.growth_elasticity, 0.0) << l.variable;
  }
  // COLA applies to everyone; one level's merit to fewer people.
  EXPECT_GT(s->front().growth_slope, (*s)[5].growth_slope);
}

TEST(Sensitivity, StaysInsideTheBoundsAtABound) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  auto s = lever_sensitivities(engine_inputs(), space, GrowthMetric::kMeanGrowth, space.lower());
  ASSERT_TRUE(s.ok());
  for (const LeverSensitivity& l : *s) EXPECT_GT(l.step, 0.0);
}

TEST(SeedSpread, RunsEachSeedAndMeasuresTheNoise) {
  const LeverSpace space = make_space(s045_groups(), bundled_locks());
  auto spread =
      seed_spread(engine_inputs(), space, GrowthMetric::kMeanGrowth, bundled().levers, 42, 4);
  ASSERT_TRUE(spread.ok());
  ASSERT_EQ(spread->seeds, (std::vector<std::uint64_t>{42, 43, 44, 45}));
  EXPECT_GT(spread->stddev, 0.0);
  EXPECT_LE(spread->min, spread->mean);
  EXPECT_GE(spread->max, spread->mean);
  // The configuration's own seed reproduces the headline.
  if (bundled().config.engine.random_seed == 42)
    EXPECT_DOUBLE_EQ(spread->growth[0], bundled_headline());
}

}  // namespace
}  // namespace planwise::tuning
