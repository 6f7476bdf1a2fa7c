// Issue 12 items 2 and 7: two plans compared seed by seed. A plan against
// itself differs by exactly zero at every seed; a merit rise is told apart
// from zero; a side's input errors name the side's field.
#include "app/paired_compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "support/test_paths.hpp"

namespace planwise::app {
namespace {

using test::TempDir;

PairedCompareRequest bundled_pair(int seeds) {
  PairedCompareRequest r;
  r.inputs.data_dir = test::data_dir();
  r.a.scenario = "default";
  r.b.scenario = "default";
  for (int k = 0; k < seeds; ++k) r.seeds.push_back(42 + static_cast<std::uint64_t>(k));
  return r;
}

TEST(PairedCompare, APlanAgainstItselfDiffersByExactlyZeroAtEverySeed) {
  auto outcome = compare_paired_plans(bundled_pair(10));
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  ASSERT_EQ(outcome->per_seed_a.size(), 10u);
  for (std::size_t k = 0; k < 10; ++k) {
    EXPECT_EQ(outcome->per_seed_a[k].headline, outcome->per_seed_b[k].headline) << k;
    EXPECT_EQ(outcome->per_seed_a[k].total_cost, outcome->per_seed_b[k].total_cost) << k;
  }
  const ensemble::PairedComparison& p = outcome->paired;
  ASSERT_EQ(p.years.size(), 5u * ensemble::kYearMetricCount);
  for (const ensemble::PairedYear& y : p.years) {
    if (y.band.diff.n == 0) continue;  // a metric without values in every seed
    EXPECT_EQ(y.band.diff.mean, 0.0);
    EXPECT_EQ(y.band.diff.max, 0.0);
    EXPECT_EQ(y.band.diff.min, 0.0);
    EXPECT_FALSE(y.band.distinguishable);
  }
  EXPECT_EQ(p.headline.diff.mean, 0.0);
  EXPECT_EQ(p.headline.diff.sd, 0.0);
  EXPECT_FALSE(p.headline.distinguishable);
  EXPECT_GT(p.headline.a.sd, 0.0);  // while each plan alone does spread
}

TEST(PairedCompare, AMeritRiseInEveryCellIsDistinguishableFromZero) {
  PairedCompareRequest request = bundled_pair(10);
  request.b.label = "proposed";
  for (int year = 2025; year <= 2029; ++year) {
    for (int level = 1; level <= 5; ++level)
      request.b.edits.push_back({"merit_base", year, level, 0.045});
  }
  auto outcome = compare_paired_plans(request);
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_EQ(outcome->label_a, "default");
  EXPECT_EQ(outcome->label_b, "proposed");
  EXPECT_TRUE(outcome->paired.headline.distinguishable);
  EXPECT_GT(outcome->paired.headline.diff_95.low, 0.0);
  // The difference carries far less noise than either plan alone.
  EXPECT_LT(outcome->paired.headline.diff.sd, outcome->paired.headline.a.sd);
  const std::string csv = paired_comparison_csv(*outcome);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "scope,year,metric,n,a_mean,a_p10,a_p90,b_mean,b_p10,b_p90,diff_mean,diff_low,"
            "diff_high,distinguishable");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'),
            static_cast<long>(1 + 5 * ensemble::kYearMetricCount + 2));
  EXPECT_NE(csv.find("\nheadline,,mean,10,"), std::string::npos) << csv;
}

TEST(PairedCompare, ALeverFileIsAPlan) {
  TempDir dir;
  PairedCompareRequest request = bundled_pair(3);
  request.b.levers_file = test::data_dir() / "seeds" / "comp_levers.csv";
  auto outcome = compare_paired_plans(request);
  ASSERT_TRUE(outcome.ok()) << outcome.error().to_string_all();
  EXPECT_EQ(outcome->label_b, "comp_levers.csv");
  EXPECT_EQ(outcome->paired.headline.diff.mean, 0.0);  // the bundled levers are default's
  ASSERT_TRUE(outcome->paired.thin_sample_warning.has_value());
}

TEST(PairedCompare, InputErrorsNameTheSideAndField) {
  TempDir dir;
  struct Case {
    std::function<void(PairedCompareRequest&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](PairedCompareRequest& r) { r.seeds.clear(); }, "seeds"},
      {[](PairedCompareRequest& r) {
         r.b.edits = {{"merit_base", 2026, 1, 0.02}, {"nope", 2026, 1, 0.1}};
       },
       "b.edits[1].parameter"},
      {[](PairedCompareRequest& r) {
         r.b.edits = {{"merit_base", 2026, 1, 0.02}, {"cola_rate", 2026, 1, 5.0}};
       },
       "b.edits[1].value"},
      {[&](PairedCompareRequest& r) { r.b.levers_file = dir / "missing.csv"; }, "b.levers_file"},
      {[](PairedCompareRequest& r) { r.a.scenario = "hi"; }, "a.scenario"},
      {[&](PairedCompareRequest& r) {
         r.db_path = (dir / "r.duckdb").string();
         r.b.scenario = "nowhere";
       },
       "b.scenario"},
  };
  for (const Case& c : cases) {
    PairedCompareRequest request = bundled_pair(3);
    c.change(request);
    auto outcome = compare_paired_plans(request);
    ASSERT_FALSE(outcome.ok()) << c.field;
    EXPECT_EQ(outcome.error().column, c.field) << outcome.error().to_string();
    EXPECT_NE(outcome.error().message.find(c.field), std::string::npos) << outcome.error().message;
  }
}

}  // namespace
}  // namespace planwise::app
