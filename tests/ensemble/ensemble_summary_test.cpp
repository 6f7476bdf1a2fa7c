// Issue 12 item 7: the bands of an ensemble, recomputed here from the
// per-seed table by plain code, and the thin-sample warning.
#include "ensemble/ensemble_summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ensemble_fixture.hpp"

namespace planwise::ensemble {
namespace {

using testing::bundled;
using testing::bundled_inputs;
using testing::outcomes_of;
using testing::seed_range;

// Type 7 written out from its definition, apart from quantile_sorted.
double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = static_cast<double>(v.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

void expect_band_of(const Band& band, const std::vector<double>& all, const std::string& what) {
  std::vector<double> v;
  for (double x : all)
    if (!std::isnan(x)) v.push_back(x);
  ASSERT_FALSE(v.empty()) << what;
  const double n = static_cast<double>(v.size());
  double sum = 0.0;
  for (double x : v) sum += x;
  const double mean = sum / n;
  double squares = 0.0;
  for (double x : v) squares += (x - mean) * (x - mean);
  const double sd = v.size() > 1 ? std::sqrt(squares / (n - 1.0)) : 0.0;
  const double scale = std::max(1.0, std::fabs(mean));
  const double tol = 1e-12 * scale;
  EXPECT_EQ(band.n, static_cast<int>(v.size())) << what;
  EXPECT_NEAR(band.mean, mean, tol) << what;
  EXPECT_NEAR(band.sd, sd, tol) << what;
  EXPECT_NEAR(band.se, sd / std::sqrt(n), tol) << what;
  EXPECT_EQ(band.min, *std::min_element(v.begin(), v.end())) << what;
  EXPECT_EQ(band.max, *std::max_element(v.begin(), v.end())) << what;
  EXPECT_NEAR(band.p10, percentile(v, 0.10), tol) << what;
  EXPECT_NEAR(band.p25, percentile(v, 0.25), tol) << what;
  EXPECT_NEAR(band.p50, percentile(v, 0.50), tol) << what;
  EXPECT_NEAR(band.p75, percentile(v, 0.75), tol) << what;
  EXPECT_NEAR(band.p90, percentile(v, 0.90), tol) << what;
}

TEST(EnsembleSummary, BandsEqualStatisticsRecomputedFromThePerSeedTable) {
  const std::vector<std::uint64_t> seeds = seed_range(42, 12);
  const std::vector<SeedOutcome> outcomes = outcomes_of(bundled_inputs(), seeds);
  ASSERT_EQ(outcomes.size(), seeds.size());
  const TargetBand target{0.035, 0.002};
  const double budget = outcomes[3].total_cost;  // some seeds above it, some not
  const EnsembleSummary s = summarize(outcomes, HeadlineMetric::kMean, target, budget);
  EXPECT_EQ(s.seeds, seeds);

  const std::size_t years = outcomes.front().years.size();
  ASSERT_EQ(years, 5u);
  EXPECT_EQ(s.bands.size(), years * kYearMetricCount);
  for (std::size_t y = 0; y < years; ++y) {
    for (std::size_t m = 0; m < kYearMetricCount; ++m) {
      std::vector<double> column;
      for (const SeedOutcome& o : outcomes) column.push_back(o.years[y].values[m]);
      const int year = outcomes.front().years[y].year;
      const Band* band = find_band(s, year, static_cast<YearMetric>(m));
      const std::string what = std::to_string(year) + " " + std::string(kYearMetricNames[m]);
      ASSERT_NE(band, nullptr) << what;
      expect_band_of(*band, column, what);
    }
  }

  std::vector<double> headline, cost;
  int in_target = 0, over_budget = 0;
  for (const SeedOutcome& o : outcomes) {
    headline.push_back(o.headline);
    cost.push_back(o.total_cost);
    in_target += o.headline >= target.growth - target.tolerance &&
                         o.headline <= target.growth + target.tolerance
                     ? 1
                     : 0;
    over_budget += o.total_cost > budget ? 1 : 0;
  }
  expect_band_of(s.headline.band, headline, "headline");
  expect_band_of(s.headline.total_cost, cost, "total cost");
  EXPECT_DOUBLE_EQ(s.headline.p_in_target, in_target / 12.0);
  ASSERT_TRUE(s.headline.p_over_budget.has_value());
  EXPECT_DOUBLE_EQ(*s.headline.p_over_budget, over_budget / 12.0);
  EXPECT_GT(over_budget, 0);
  EXPECT_LT(over_budget, 12);
  EXPECT_FALSE(s.thin_sample_warning.has_value());
}

TEST(EnsembleSummary, PerSeedTableHoldsEachSeedsOwnSimulation) {
  const std::vector<std::uint64_t> seeds = {7, 42, 1000};
  const std::vector<SeedOutcome> outcomes = outcomes_of(bundled_inputs(), seeds);
  ASSERT_EQ(outcomes.size(), seeds.size());
  for (std::size_t k = 0; k < seeds.size(); ++k) {
    engine::EngineConfig config = bundled().config.engine;
    config.random_seed = seeds[k];
    const engine::SimulationInputs in{config, bundled().seeds, bundled().levers, bundled().census};
    engine::SimulationOptions options;
    options.build_events = false;
    auto single = engine::simulate(in, options, nullptr);
    ASSERT_TRUE(single.ok());
    EXPECT_EQ(outcomes[k].seed, seeds[k]);
    ASSERT_EQ(outcomes[k].years.size(), single->years.size());
    double cost = 0.0;
    for (std::size_t y = 0; y < single->years.size(); ++y) {
      const engine::YearSummary& ys = single->years[y];
      const SeedYear& row = outcomes[k].years[y];
      EXPECT_EQ(row.year, ys.year);
      EXPECT_EQ(row.value(YearMetric::kHeadcount), static_cast<double>(ys.end_headcount));
      EXPECT_EQ(row.value(YearMetric::kHires), static_cast<double>(ys.hires));
      EXPECT_EQ(row.value(YearMetric::kExits), static_cast<double>(ys.total_terminations));
      EXPECT_EQ(row.value(YearMetric::kPromotions), static_cast<double>(ys.promotions));
      EXPECT_EQ(row.value(YearMetric::kAvgFyePay), ys.avg_fye_active.value());
      EXPECT_EQ(row.value(YearMetric::kTotalCost), ys.total_prorated_compensation);
      cost += ys.total_prorated_compensation;
    }
    EXPECT_DOUBLE_EQ(outcomes[k].total_cost, cost);
  }
}

TEST(EnsembleSummary, ThinSampleWarningBelowTenSeedsOnly) {
  for (int n : {1, 5, 9}) {
    const std::optional<std::string> w = thin_sample_warning(n);
    ASSERT_TRUE(w.has_value()) << n;
    EXPECT_NE(w->find(std::to_string(n) + " seed"), std::string::npos) << *w;
  }
  EXPECT_FALSE(thin_sample_warning(10).has_value());
  EXPECT_FALSE(thin_sample_warning(25).has_value());

  const std::vector<SeedOutcome> ten = outcomes_of(bundled_inputs(), seed_range(42, 10));
  const std::vector<SeedOutcome> nine(ten.begin(), ten.begin() + 9);
  EXPECT_TRUE(summarize(nine, HeadlineMetric::kMean, {}, std::nullopt).thin_sample_warning);
  EXPECT_FALSE(summarize(ten, HeadlineMetric::kMean, {}, std::nullopt).thin_sample_warning);
}

}  // namespace
}  // namespace planwise::ensemble
