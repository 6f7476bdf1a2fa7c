// Issue 12 item 7: order statistics and intervals on known inputs.
#include "ensemble/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace planwise::ensemble {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(Statistics, QuantileType7OnOneToTenMatchesRAndNumPy) {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.10), 1.9);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.25), 3.25);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.50), 5.5);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.75), 7.75);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 0.90), 9.1);
  EXPECT_DOUBLE_EQ(quantile_sorted(x, 1.0), 10.0);
}

TEST(Statistics, QuantileOfOneValueIsThatValue) {
  const std::vector<double> x = {3.5};
  EXPECT_EQ(quantile_sorted(x, 0.1), 3.5);
  EXPECT_EQ(quantile_sorted(x, 0.9), 3.5);
}

TEST(Statistics, BandOfKnownValues) {
  // Given out of order: the band sorts for its percentiles.
  const std::vector<double> x = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  const Band b = band_of(x);
  EXPECT_EQ(b.n, 10);
  EXPECT_DOUBLE_EQ(b.mean, 5.5);
  EXPECT_DOUBLE_EQ(b.sd, std::sqrt(82.5 / 9.0));  // sum of squares 82.5, n - 1
  EXPECT_DOUBLE_EQ(b.se, b.sd / std::sqrt(10.0));
  EXPECT_EQ(b.min, 1.0);
  EXPECT_DOUBLE_EQ(b.p10, 1.9);
  EXPECT_DOUBLE_EQ(b.p25, 3.25);
  EXPECT_DOUBLE_EQ(b.p50, 5.5);
  EXPECT_DOUBLE_EQ(b.p75, 7.75);
  EXPECT_DOUBLE_EQ(b.p90, 9.1);
  EXPECT_EQ(b.max, 10.0);
}

TEST(Statistics, BandSkipsNaNAndCountsTheRest) {
  const std::vector<double> x = {kNaN, 4.0, kNaN, 2.0, 6.0};
  const Band b = band_of(x);
  EXPECT_EQ(b.n, 3);
  EXPECT_DOUBLE_EQ(b.mean, 4.0);
  EXPECT_DOUBLE_EQ(b.sd, 2.0);
  EXPECT_EQ(b.min, 2.0);
  EXPECT_DOUBLE_EQ(b.p50, 4.0);
  EXPECT_EQ(b.max, 6.0);
}

TEST(Statistics, BandOfOneValueHasNoSpread) {
  const std::vector<double> x = {7.25};
  const Band b = band_of(x);
  EXPECT_EQ(b.n, 1);
  EXPECT_EQ(b.mean, 7.25);
  EXPECT_EQ(b.sd, 0.0);
  EXPECT_EQ(b.se, 0.0);
  EXPECT_EQ(b.p10, 7.25);
  EXPECT_EQ(b.p90, 7.25);
  const Interval i = mean_interval_95(b);
  EXPECT_EQ(i.low, 7.25);
  EXPECT_EQ(i.high, 7.25);
}

TEST(Statistics, BandOfNothingIsNaN) {
  for (const std::vector<double>& x : {std::vector<double>{}, std::vector<double>{kNaN, kNaN}}) {
    const Band b = band_of(x);
    EXPECT_EQ(b.n, 0);
    for (double v : {b.mean, b.sd, b.se, b.min, b.p10, b.p25, b.p50, b.p75, b.p90, b.max})
      EXPECT_TRUE(std::isnan(v));
    const Interval i = mean_interval_95(b);
    EXPECT_TRUE(std::isnan(i.low));
    EXPECT_TRUE(std::isnan(i.high));
  }
}

TEST(Statistics, StudentTQuantilesMatchTables) {
  EXPECT_NEAR(t_975(1), 12.706, 0.001);
  EXPECT_NEAR(t_975(2), 4.303, 0.001);
  EXPECT_NEAR(t_975(5), 2.571, 0.001);
  EXPECT_NEAR(t_975(9), 2.262, 0.001);
  EXPECT_NEAR(t_975(24), 2.064, 0.001);
  EXPECT_NEAR(t_975(99), 1.984, 0.001);
  EXPECT_NEAR(t_975(100000), 1.960, 0.001);
  for (int df = 1; df < 200; ++df) EXPECT_GE(t_975(df), t_975(df + 1)) << df;
}

TEST(Statistics, MeanIntervalIsMeanPlusMinusTTimesStandardError) {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const Band b = band_of(x);
  const Interval i = mean_interval_95(b);
  const double half = t_975(9) * b.se;
  EXPECT_DOUBLE_EQ(i.low, 5.5 - half);
  EXPECT_DOUBLE_EQ(i.high, 5.5 + half);
  EXPECT_TRUE(i.excludes_zero());
  EXPECT_FALSE((Interval{-1.0, 1.0}).excludes_zero());
  EXPECT_FALSE((Interval{0.0, 1.0}).excludes_zero());
  EXPECT_TRUE((Interval{-2.0, -1.0}).excludes_zero());
}

TEST(Statistics, FractionsCountInclusiveBandsAndStrictExceedance) {
  const std::vector<double> x = {1, 2, kNaN, 3, 4};
  EXPECT_DOUBLE_EQ(fraction_within(x, 2.0, 3.0), 0.5);
  EXPECT_DOUBLE_EQ(fraction_above(x, 3.0), 0.25);
  EXPECT_TRUE(std::isnan(fraction_within(std::vector<double>{kNaN}, 0.0, 1.0)));
  EXPECT_TRUE(std::isnan(fraction_above(std::vector<double>{}, 0.0)));
}

}  // namespace
}  // namespace planwise::ensemble
