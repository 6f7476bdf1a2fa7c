// Issue 12 item 7: paired differences under common random numbers.
#include "ensemble/paired.hpp"

#include <gtest/gtest.h>

#include "ensemble_fixture.hpp"

namespace planwise::ensemble {
namespace {

using testing::bundled;
using testing::bundled_inputs;
using testing::inputs_with;
using testing::outcomes_of;
using testing::seed_range;

void expect_all_zero(const Band& diff, const std::string& what) {
  EXPECT_EQ(diff.mean, 0.0) << what;
  EXPECT_EQ(diff.sd, 0.0) << what;
  EXPECT_EQ(diff.min, 0.0) << what;
  EXPECT_EQ(diff.p10, 0.0) << what;
  EXPECT_EQ(diff.p50, 0.0) << what;
  EXPECT_EQ(diff.p90, 0.0) << what;
  EXPECT_EQ(diff.max, 0.0) << what;
}

TEST(Paired, IdenticalLeverSetsDifferByExactlyZeroOnEverySeed) {
  const std::vector<std::uint64_t> seeds = seed_range(42, 10);
  const std::vector<SeedOutcome> a = outcomes_of(bundled_inputs(), seeds);
  const engine::ResolvedLevers copy = bundled().levers;
  const std::vector<SeedOutcome> b = outcomes_of(inputs_with(copy), seeds);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(b[k].headline - a[k].headline, 0.0) << seeds[k];
    EXPECT_EQ(b[k].total_cost - a[k].total_cost, 0.0) << seeds[k];
  }
  auto c = compare_paired(a, b);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->seeds, seeds);
  expect_all_zero(c->headline.diff, "headline");
  EXPECT_FALSE(c->headline.distinguishable);
  expect_all_zero(c->total_cost.diff, "total cost");
  EXPECT_FALSE(c->total_cost.distinguishable);
  ASSERT_EQ(c->years.size(), 5 * kYearMetricCount);
  for (const PairedYear& y : c->years) {
    const std::string what =
        std::to_string(y.year) + " " + std::string(kYearMetricNames[static_cast<int>(y.metric)]);
    expect_all_zero(y.band.diff, what);
    EXPECT_FALSE(y.band.distinguishable) << what;
  }
}

TEST(Paired, MeritOnlyChangeHasAHeadlineDifferenceBandThatExcludesZero) {
  const std::vector<std::uint64_t> seeds = seed_range(42, 12);
  engine::ResolvedLevers more_merit = bundled().levers;
  for (int y = more_merit.start_year(); y <= more_merit.end_year(); ++y) {
    for (int l = 1; l <= more_merit.level_count(); ++l)
      more_merit.at(engine::LeverParam::kMeritBase, y, l).value += 0.005;
  }
  const std::vector<SeedOutcome> a = outcomes_of(bundled_inputs(), seeds);
  const std::vector<SeedOutcome> b = outcomes_of(inputs_with(more_merit), seeds);
  auto c = compare_paired(a, b);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  const PairedBand& h = c->headline;
  EXPECT_EQ(h.diff.n, 12);
  EXPECT_GT(h.diff.mean, 0.0);
  EXPECT_GT(h.diff_95.low, 0.0);
  EXPECT_TRUE(h.diff_95.excludes_zero());
  EXPECT_TRUE(h.distinguishable);
  EXPECT_GT(h.diff.min, 0.0);  // every seed gains
  // Common random numbers: the difference is far steadier than either side.
  EXPECT_LT(h.diff.sd, h.a.sd);
  // The interval is the mean -+ t se of the per-seed differences.
  const Interval expected = mean_interval_95(h.diff);
  EXPECT_EQ(h.diff_95.low, expected.low);
  EXPECT_EQ(h.diff_95.high, expected.high);
}

TEST(Paired, MismatchedSeedListsAreRejected) {
  const std::vector<SeedOutcome> a = outcomes_of(bundled_inputs(), {42, 43});
  const std::vector<SeedOutcome> b = outcomes_of(bundled_inputs(), {43, 42});
  EXPECT_FALSE(compare_paired(a, b).ok());
}

}  // namespace
}  // namespace planwise::ensemble
