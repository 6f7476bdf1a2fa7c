// Issue 12 item 7: variance attribution. On synthetic samples with known
// parts the shares come out near their true values; on the bundled census
// the shares sum to the total variance within the bootstrap interval.
#include "ensemble/attribution.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ensemble_fixture.hpp"

namespace planwise::ensemble {
namespace {

using testing::bundled_inputs;
using testing::on_threads;
using testing::outcomes_of;
using testing::seed_range;

// total[k] = sum of independent parts g with standard deviation sd[g];
// by_group[g][k] = that part alone on top of the other parts held fixed.
struct Synthetic {
  std::vector<double> total;
  std::vector<std::vector<double>> by_group;
};
Synthetic synthetic(const std::vector<double>& sd, std::size_t n, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Synthetic s;
  s.total.assign(n, 0.03);
  s.by_group.assign(sd.size(), std::vector<double>(n, 0.03));
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t g = 0; g < sd.size(); ++g) {
      const double part = sd[g] * normal(rng);
      s.total[k] += part;
      s.by_group[g][k] += part;
    }
  }
  return s;
}

AttributionOptions resamples(int count) {
  AttributionOptions o;
  o.bootstrap_resamples = count;
  return o;
}

TEST(Attribution, SharesOfIndependentPartsComeOutNearTheirTrueValues) {
  const std::vector<double> sd = {2.0, 1.0, 0.5, 0.0, 1.5};  // variances 4, 1, .25, 0, 2.25
  const double total_variance = 7.5;
  const Synthetic s = synthetic(sd, 2000, 7);
  const Attribution a = attribution_from_samples(s.total, s.by_group, resamples(300));
  ASSERT_EQ(a.groups.size(), sd.size());
  EXPECT_NEAR(a.total_variance, total_variance, 0.1 * total_variance);
  double sum = 0.0;
  for (std::size_t g = 0; g < sd.size(); ++g) {
    const GroupShare& share = a.groups[g];
    const double truth = sd[g] * sd[g] / total_variance;
    EXPECT_EQ(share.group, static_cast<engine::DrawGroup>(g));
    EXPECT_NEAR(share.share, truth, 0.04) << g;
    EXPECT_DOUBLE_EQ(share.share, share.variance / a.total_variance) << g;
    EXPECT_LE(share.share_95.low, share.share) << g;
    EXPECT_GE(share.share_95.high, share.share) << g;
    sum += share.share;
  }
  EXPECT_EQ(a.groups[3].share, 0.0);  // a part that never varies
  EXPECT_EQ(a.groups[3].share_95.high, 0.0);
  EXPECT_DOUBLE_EQ(a.share_sum, sum);
  EXPECT_LE(a.share_sum_95.low, 1.0);
  EXPECT_GE(a.share_sum_95.high, 1.0);
  EXPECT_EQ(a.bootstrap_resamples, 300);
}

TEST(Attribution, BootstrapIsDeterministicAndFollowsItsSeed) {
  const Synthetic s = synthetic({1.0, 2.0, 0.5, 0.5, 1.0}, 30, 11);
  const Attribution a = attribution_from_samples(s.total, s.by_group, resamples(500));
  const Attribution b = attribution_from_samples(s.total, s.by_group, resamples(500));
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    EXPECT_EQ(a.groups[g].share_95.low, b.groups[g].share_95.low);
    EXPECT_EQ(a.groups[g].share_95.high, b.groups[g].share_95.high);
  }
  EXPECT_EQ(a.share_sum_95.low, b.share_sum_95.low);
  AttributionOptions other = resamples(500);
  other.bootstrap_seed = 1;
  const Attribution c = attribution_from_samples(s.total, s.by_group, other);
  EXPECT_NE(a.share_sum_95.low, c.share_sum_95.low);
  // The point estimates do not depend on the resampling.
  EXPECT_EQ(a.share_sum, c.share_sum);
  // The interval is narrower with more seeds.
  const Synthetic wide = synthetic({1.0, 2.0, 0.5, 0.5, 1.0}, 300, 11);
  const Attribution d = attribution_from_samples(wide.total, wide.by_group, resamples(500));
  EXPECT_LT(d.share_sum_95.high - d.share_sum_95.low, a.share_sum_95.high - a.share_sum_95.low);
}

TEST(Attribution, FewerThanThreeSeedsIsAnInputErrorNamingSeeds) {
  const std::vector<std::uint64_t> two = {42, 43};
  auto a = attribute_variance(bundled_inputs(), two, on_threads(1), AttributionOptions{});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(a.error().column, "seeds");
  EXPECT_NE(a.error().message.find("seeds"), std::string::npos);
  EXPECT_NE(a.error().message.find('3'), std::string::npos);
}

TEST(Attribution, GivenTotalEnsembleGivesTheSameResultAsSimulatingIt) {
  const std::vector<std::uint64_t> seeds = seed_range(42, 3);
  auto own = attribute_variance(bundled_inputs(), seeds, on_threads(2), resamples(200));
  ASSERT_TRUE(own.ok()) << own.error().to_string();
  const std::vector<SeedOutcome> total = outcomes_of(bundled_inputs(), seeds);
  auto given = attribute_variance(bundled_inputs(), seeds, on_threads(2), resamples(200), &total);
  ASSERT_TRUE(given.ok()) << given.error().to_string();
  EXPECT_EQ(own->total_variance, given->total_variance);
  ASSERT_EQ(own->groups.size(), given->groups.size());
  for (std::size_t g = 0; g < own->groups.size(); ++g)
    EXPECT_EQ(own->groups[g].variance, given->groups[g].variance) << g;
  EXPECT_EQ(own->base_seed, 42u);
  EXPECT_EQ(own->seeds, seeds);
  EXPECT_EQ(own->simulations, 18);
}

TEST(Attribution, BundledCensusSharesSumToTheTotalWithinTheBootstrapInterval) {
  const std::vector<std::uint64_t> seeds = seed_range(42, 25);
  const std::vector<SeedOutcome> total = outcomes_of(bundled_inputs(), seeds);
  auto a = attribute_variance(bundled_inputs(), seeds, on_threads(2), AttributionOptions{}, &total);
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  std::vector<double> headline;
  for (const SeedOutcome& o : total) headline.push_back(o.headline);
  const Band band = band_of(headline);
  EXPECT_NEAR(a->total_variance, band.sd * band.sd, 1e-12 * band.sd * band.sd);
  EXPECT_GT(a->total_variance, 0.0);
  ASSERT_EQ(a->groups.size(), engine::kDrawGroupCount);
  double sum = 0.0;
  for (const GroupShare& g : a->groups) {
    EXPECT_GE(g.share, 0.0) << engine::draw_group_name(g.group);
    EXPECT_LE(g.share_95.low, g.share_95.high);
    sum += g.share;
  }
  EXPECT_DOUBLE_EQ(a->share_sum, sum);
  EXPECT_LE(a->share_sum_95.low, 1.0);
  EXPECT_GE(a->share_sum_95.high, 1.0);
  EXPECT_EQ(a->simulations, 150);
}

}  // namespace
}  // namespace planwise::ensemble
