// Issue 12 item 7: an ensemble's results do not depend on the thread count.
#include "ensemble/runner.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "ensemble/ensemble_summary.hpp"
#include "ensemble_fixture.hpp"

namespace planwise::ensemble {
namespace {

using testing::bundled_inputs;
using testing::on_threads;
using testing::seed_range;

// Bit for bit, so NaN equals NaN and -0.0 differs from 0.0.
bool same_bits_of(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same_band(const Band& a, const Band& b) {
  return a.n == b.n && same_bits_of(a.mean, b.mean) && same_bits_of(a.sd, b.sd) &&
         same_bits_of(a.se, b.se) && same_bits_of(a.min, b.min) && same_bits_of(a.p10, b.p10) &&
         same_bits_of(a.p25, b.p25) && same_bits_of(a.p50, b.p50) && same_bits_of(a.p75, b.p75) &&
         same_bits_of(a.p90, b.p90) && same_bits_of(a.max, b.max);
}

void expect_same_outcomes(const std::vector<SeedOutcome>& a, const std::vector<SeedOutcome>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].seed, b[k].seed);
    EXPECT_TRUE(same_bits_of(a[k].headline, b[k].headline)) << k;
    EXPECT_TRUE(same_bits_of(a[k].total_cost, b[k].total_cost)) << k;
    EXPECT_TRUE(same_bits_of(a[k].max_year_cost, b[k].max_year_cost)) << k;
    EXPECT_TRUE(same_bits_of(a[k].equity, b[k].equity)) << k;
    ASSERT_EQ(a[k].years.size(), b[k].years.size());
    for (std::size_t y = 0; y < a[k].years.size(); ++y) {
      EXPECT_EQ(a[k].years[y].year, b[k].years[y].year);
      for (std::size_t m = 0; m < kYearMetricCount; ++m)
        EXPECT_TRUE(same_bits_of(a[k].years[y].values[m], b[k].years[y].values[m]))
            << k << " " << m;
    }
  }
}

TEST(Runner, OneThreadAndTwoThreadsGiveIdenticalOutcomesAndSummaries) {
  const std::vector<std::uint64_t> seeds = seed_range(42, 10);
  auto one = run_seeds(bundled_inputs(), seeds, on_threads(1));
  auto two = run_seeds(bundled_inputs(), seeds, on_threads(2));
  ASSERT_TRUE(one.ok() && two.ok());
  expect_same_outcomes(*one, *two);

  const EnsembleSummary s1 = summarize(*one, HeadlineMetric::kMean, {}, 1e9);
  const EnsembleSummary s2 = summarize(*two, HeadlineMetric::kMean, {}, 1e9);
  ASSERT_EQ(s1.bands.size(), s2.bands.size());
  for (std::size_t i = 0; i < s1.bands.size(); ++i) {
    EXPECT_EQ(s1.bands[i].year, s2.bands[i].year);
    EXPECT_EQ(s1.bands[i].metric, s2.bands[i].metric);
    EXPECT_TRUE(same_band(s1.bands[i].band, s2.bands[i].band)) << i;
  }
  EXPECT_TRUE(same_band(s1.headline.band, s2.headline.band));
  EXPECT_TRUE(same_band(s1.headline.total_cost, s2.headline.total_cost));
  EXPECT_TRUE(same_bits_of(s1.headline.p_in_target, s2.headline.p_in_target));
  EXPECT_TRUE(same_bits_of(*s1.headline.p_over_budget, *s2.headline.p_over_budget));
}

TEST(Runner, DrawPlansWithGroupSeedsDoNotDependOnTheThreadCount) {
  std::vector<DrawPlan> plans;
  for (std::uint64_t seed : seed_range(100, 4)) {
    DrawPlan plan{42, {}};
    plan.group_seeds[static_cast<std::size_t>(engine::DrawGroup::kTerminations)] = seed;
    plans.push_back(plan);
  }
  auto one = run_plans(bundled_inputs(), plans, on_threads(1));
  auto two = run_plans(bundled_inputs(), plans, on_threads(2));
  ASSERT_TRUE(one.ok() && two.ok());
  expect_same_outcomes(*one, *two);
  // A re-seeded group moves the result away from the plain seed-42 run.
  auto plain = run_seeds(bundled_inputs(), std::vector<std::uint64_t>{42}, on_threads(1));
  ASSERT_TRUE(plain.ok());
  EXPECT_NE((*one)[0].headline, (*plain)[0].headline);
}

}  // namespace
}  // namespace planwise::ensemble
