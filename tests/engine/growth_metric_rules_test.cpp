// Issue 15 item 5: the pay basis of each growth metric of spec §4.9,
// pinned on hand-made year-end rows with numbers worked out by hand:
//   current               mean prorated over A_Y / the same over A_{Y-1}
//   continuous            Σ FYE over C_Y / Σ start_salary over C_Y
//   full_year_equivalent  mean FYE over A_Y / the same over A_{Y-1}
//   status and level rows mean FYE against the same group a year before
// and, for the first year, the baseline as the snapshot of Y0 − 1.
#include <gtest/gtest.h>

#include "engine/frame_fixture.hpp"
#include "engine/metrics.hpp"
#include "engine/rule_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::TestWorkforce;

struct Row {
  StatusCode status;
  int level;  // on the last employed day
  double start, fye, prorated;
  int start_level = 0;  // 0: the same as level
};

YearAggregates aggregate(int year, const std::vector<Row>& rows) {
  TestWorkforce w;
  for (const Row& r : rows) w.add(1980, 2010, r.start, r.start_level > 0 ? r.start_level : r.level);
  start_year(w.frame, year);
  YearFrame& f = w.frame;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    f.status[i] = rows[i].status;
    f.level[i] = static_cast<std::uint8_t>(rows[i].level);
    f.salary[i] = rows[i].fye;
    f.prorated[i] = rows[i].prorated;
    f.promo_date[i] = kNoDate;
    f.raise_date[i] = kNoDate;
  }
  return aggregate_year(f, 5);
}

constexpr auto kCont = StatusCode::kContinuousActive;
constexpr auto kExp = StatusCode::kExperiencedTermination;
constexpr auto kHire = StatusCode::kNewHireActive;
constexpr auto kHireLeft = StatusCode::kNewHireTermination;

// The year: two continuous actives, an experienced leaver, an active hire
// and a hire who left. Only the three actives are A_Y; C_Y is rows 1 and 4.
const std::vector<Row> kYear = {
    {kCont, 1, 50000, 53000, 52000},
    {kExp, 1, 70000, 70000, 35000},
    {kHire, 1, 40000, 40000, 10000},
    {kCont, 2, 80000, 82400, 81800, 1},  // promoted from level 1 in the year
    {kHireLeft, 2, 45000, 45000, 5000},
};
// A_Y: FYE 53,000 + 40,000 + 82,400 = 175,400; prorated 52,000 + 10,000 +
// 81,800 = 143,800; 3 people. C_Y: FYE 135,400, start 130,000.

const GrowthRow& row(const std::vector<GrowthRow>& rows, const std::string& key) {
  for (const GrowthRow& r : rows) {
    if (r.row_key == key) return r;
  }
  static const GrowthRow none;
  ADD_FAILURE() << "no row " << key;
  return none;
}

// Prior year: continuous 50,000 (L1) and 70,000 (L2), one active hire
// 80,000 (L2). A_{Y-1}: FYE 200,000 and prorated 49,000 + 69,000 + 20,000
// = 138,000 over 3.
TEST(GrowthMetricRules, EachMethodologyUsesItsOwnPayBasis) {
  const YearAggregates prior = aggregate(2025, {{kCont, 1, 48000, 50000, 49000},
                                                {kCont, 2, 68000, 70000, 69000},
                                                {kHire, 2, 80000, 80000, 20000}});
  const YearAggregates now = aggregate(2026, kYear);
  const std::vector<GrowthRow> rows = growth_rows(2026, now, prior, EngineConfig{});
  // current: (143,800 / 3) / (138,000 / 3) − 1 = 5,800 / 138,000 = 0.0420289...
  EXPECT_NEAR(*row(rows, "current").growth, 5800.0 / 138000.0, 1e-12);
  EXPECT_EQ(*row(rows, "current").avg_compensation, 47933.33);
  EXPECT_EQ(*row(rows, "current").prior_avg_compensation, 46000.00);
  // continuous: 135,400 / 130,000 − 1 = 5,400 / 130,000 = 0.0415384...
  EXPECT_NEAR(*row(rows, "continuous").growth, 5400.0 / 130000.0, 1e-12);
  EXPECT_EQ(*row(rows, "continuous").avg_compensation, 67700.00);
  EXPECT_EQ(*row(rows, "continuous").prior_avg_compensation, 65000.00);
  EXPECT_EQ(row(rows, "continuous").population_count, 2);
  // full_year_equivalent: (175,400 / 3) / (200,000 / 3) − 1 = −0.123
  const GrowthRow& fye = row(rows, "full_year_equivalent");
  EXPECT_NEAR(*fye.growth, -0.123, 1e-12);
  EXPECT_EQ(*fye.avg_compensation, 58466.67);
  EXPECT_EQ(*fye.prior_avg_compensation, 66666.67);
  EXPECT_TRUE(fye.is_headline);
  // composition effect = headline − continuous = −0.123 − 0.0415384...
  EXPECT_NEAR(*fye.composition_effect, -0.123 - 5400.0 / 130000.0, 1e-12);
  // status rows: continuous (53,000 + 82,400) / 2 = 67,700 against
  // (50,000 + 70,000) / 2 = 60,000: 7,700 / 60,000; hires 40,000 / 80,000 − 1.
  EXPECT_NEAR(*row(rows, "continuous_active").growth, 7700.0 / 60000.0, 1e-12);
  EXPECT_NEAR(*row(rows, "new_hire_active").growth, -0.5, 1e-12);
  // level rows by year-end level (the promoted member counts at L2):
  // L1 (53,000 + 40,000) / 2 = 46,500 against
  // 50,000; L2 82,400 against (70,000 + 80,000) / 2 = 75,000; L3 empty.
  EXPECT_NEAR(*row(rows, "1").growth, -0.07, 1e-12);
  EXPECT_NEAR(*row(rows, "2").growth, 7400.0 / 75000.0, 1e-12);
  EXPECT_FALSE(row(rows, "3").growth.has_value());
  EXPECT_EQ(row(rows, "2").population_count, 1);
  // new_hire_ratio = |NHA| / |A| = 1 / 3 on every row.
  EXPECT_NEAR(row(rows, "3").new_hire_ratio, 1.0 / 3.0, 1e-15);
}

// The first year's base is the baseline as the snapshot of Y0 − 1, with
// FYE = prorated = s0, status new_hire_active when hired in Y0 − 1 (§4.9):
//   EMP_A hired 2024, 50,000 (L1): new_hire_active
//   EMP_B hired 2020, 60,000 (L1): continuous_active
//   EMP_C hired 2010, 100,000 (L2): continuous_active
// Means: all 70,000; continuous 80,000; hires 50,000; L1 55,000; L2 100,000.
TEST(GrowthMetricRules, FirstYearIsMeasuredAgainstTheBaseline) {
  EngineConfig cfg;
  auto census =
      stage_census(testing::census_rows({{"EMP_A", 1990, day_number(2024, 5, 1), 50000},
                                         {"EMP_B", 1985, day_number(2020, 5, 1), 60000},
                                         {"EMP_C", 1970, day_number(2010, 5, 1), 100000}}),
                   cfg, testing::data_seeds());
  ASSERT_TRUE(census.ok()) << census.error().to_string_all();
  const YearAggregates base = aggregate_baseline(*census, 2025, 5);
  const YearAggregates now = aggregate(2025, kYear);
  const std::vector<GrowthRow> rows = growth_rows(2025, now, base, cfg);
  // current: (143,800 / 3) / 70,000 − 1 = 143,800 / 210,000 − 1
  EXPECT_NEAR(*row(rows, "current").growth, 143800.0 / 210000.0 - 1.0, 1e-12);
  // headline: (175,400 / 3) / 70,000 − 1 = 175,400 / 210,000 − 1
  EXPECT_NEAR(*row(rows, "full_year_equivalent").growth, 175400.0 / 210000.0 - 1.0, 1e-12);
  EXPECT_EQ(*row(rows, "full_year_equivalent").prior_avg_compensation, 70000.00);
  // continuous_active 67,700 / 80,000 − 1; new_hire_active 40,000 / 50,000 − 1
  EXPECT_NEAR(*row(rows, "continuous_active").growth, 67700.0 / 80000.0 - 1.0, 1e-12);
  EXPECT_NEAR(*row(rows, "new_hire_active").growth, -0.2, 1e-12);
  // L1 46,500 / 55,000 − 1; L2 82,400 / 100,000 − 1
  EXPECT_NEAR(*row(rows, "1").growth, 46500.0 / 55000.0 - 1.0, 1e-12);
  EXPECT_NEAR(*row(rows, "2").growth, -0.176, 1e-12);
}

}  // namespace
}  // namespace planwise::engine
