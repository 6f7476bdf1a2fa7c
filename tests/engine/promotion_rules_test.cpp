// Issue 15 item 5: spec §4.3 promotions pinned by hand-computed numbers:
// the multipliers by band, mbar, the lever per level, the clamp, the draw
// that decides, the date, and the promoted salary with the band-floor lift.
//
// Bundled promotion multipliers (data/seeds, §1.7): age <25 1.6, 25-34 1.4,
// 35-44 1.1, 45-54 0.7, 55-64 0.3, 65+ 0.1 (never used: 65+ is not
// eligible); tenure <2 0.5, 2-4 1.5, 5-9 1.8, 10-19 0.8, 20+ 0.2.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/frame_fixture.hpp"
#include "engine/rule_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::data_seeds;
using testing::flat_levers;
using testing::TestWorkforce;

YearLevers promotion_levers(std::vector<double> probability_by_level) {
  YearLevers lv = flat_levers(2025, 0.03, 0.02, 0.0, 0.12);
  lv.promotion_probability = std::move(probability_by_level);
  return lv;
}

void clear_exits(YearFrame& f) {
  for (std::size_t i = 0; i < f.member_count; ++i) f.exit_date[i] = kNoDate;
}

// m = mP_age × mP_ten; mbar[l] = mean m over the eligible members of level
// l (level < L and age < 65); p = clamp(lever_l × m / mbar_l).
//
// Level 1 (lever 0.12), eligible members:
//   age 24 tenure 1:  1.6 × 0.5 = 0.8
//   age 30 tenure 3:  1.4 × 1.5 = 2.1
//   age 40 tenure 7:  1.1 × 1.8 = 1.98
//   age 50 tenure 15: 0.7 × 0.8 = 0.56
//   age 60 tenure 25: 0.3 × 0.2 = 0.06
//   mbar = (0.8 + 2.1 + 1.98 + 0.56 + 0.06) / 5 = 5.5 / 5 = 1.1
//   (ages 67 and 65 are not eligible and do not count in mbar)
// Level 2 (lever 0.08): tenure 2 age 25: 2.1; age 35 tenure 5: 1.98;
//   age 44 tenure 10: 0.88; age 54 tenure 19: 0.56; age 64 tenure 20: 0.06
//   mbar = 5.58 / 5 = 1.116
// Level 3 (lever 0.9): age 24 tenure 7: 1.6 × 1.8 = 2.88; age 60 tenure 25:
//   0.06; mbar = 2.94 / 2 = 1.47; 0.9 × 2.88 / 1.47 = 1.763 is clamped to 1.
// Level 5 is the top level: never eligible.
TEST(PromotionRules, ProbabilityIsTheLeverTimesTheNormalisedMultiplier) {
  struct Case {
    int birth_year, hire_year, level;
    double p;  // NaN: not eligible
  };
  const double no = std::nan("");
  const Case cases[] = {
      {2001, 2024, 1, 0.12 * 0.8 / 1.1},     // 0.0872727...
      {1995, 2022, 1, 0.12 * 2.1 / 1.1},     // 0.2290909...
      {1985, 2018, 1, 0.12 * 1.98 / 1.1},    // 0.216
      {1975, 2010, 1, 0.12 * 0.56 / 1.1},    // 0.0610909...
      {1965, 2000, 1, 0.12 * 0.06 / 1.1},    // 0.0065454...
      {1958, 2003, 1, no},                   // age 67
      {1960, 2024, 1, no},                   // age 65
      {2000, 2023, 2, 0.08 * 2.1 / 1.116},   // 0.1505376...
      {1990, 2020, 2, 0.08 * 1.98 / 1.116},  // 0.1419354...
      {1981, 2015, 2, 0.08 * 0.88 / 1.116},  // 0.0630824...
      {1971, 2006, 2, 0.08 * 0.56 / 1.116},  // 0.0401433...
      {1961, 2005, 2, 0.08 * 0.06 / 1.116},  // 0.0043010...
      {2001, 2018, 3, 1.0},                  // clamped
      {1965, 2000, 3, 0.9 * 0.06 / 1.47},    // 0.0367346...
      {1990, 2015, 5, no},                   // top level
  };
  TestWorkforce w;
  for (const Case& c : cases) w.add(c.birth_year, c.hire_year, 60000, c.level);
  start_year(w.frame, 2025);
  clear_exits(w.frame);
  std::vector<double> mbar;
  schedule_promotions(w.frame, promotion_levers({0.12, 0.08, 0.9, 0.02, 0.01}), data_seeds(), mbar);
  ASSERT_EQ(mbar.size(), 5u);
  EXPECT_NEAR(mbar[0], 1.1, 1e-12);
  EXPECT_NEAR(mbar[1], 1.116, 1e-12);
  EXPECT_NEAR(mbar[2], 1.47, 1e-12);
  EXPECT_EQ(mbar[3], 1.0);  // no eligible level-4 member
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    if (std::isnan(cases[i].p)) {
      EXPECT_TRUE(std::isnan(w.frame.promo_probability[i])) << i;
      EXPECT_EQ(w.frame.promo_date[i], kNoDate) << i;
    } else {
      EXPECT_NEAR(w.frame.promo_probability[i], cases[i].p, 1e-12) << i;
    }
  }
}

// Two level-4 members with the same bands: m / mbar = 1, so p is the lever,
// 0.5. Seed 42, 2025:
//   EMP_000001  U(PROMOTION) 0.8239427885314187 >= 0.5: not promoted
//   EMP_000002  U(PROMOTION) 0.29133553382241695 < 0.5: promoted on
//               uniform_day(U(PROMO_DATE) 0.23899661207093492) =
//               Jan 1 + floor(87.23) = 2025-03-29
TEST(PromotionRules, DrawBelowProbabilityPromotesOnTheDrawnDate) {
  TestWorkforce w;
  w.add(1990, 2015, 250000, 4);
  w.add(1990, 2015, 250000, 4);
  start_year(w.frame, 2025);
  clear_exits(w.frame);
  std::vector<double> mbar;
  schedule_promotions(w.frame, promotion_levers({0.1, 0.1, 0.1, 0.5, 0.1}), data_seeds(), mbar);
  EXPECT_EQ(w.frame.promo_probability[0], 0.5);
  EXPECT_EQ(w.frame.promo_date[0], kNoDate);
  EXPECT_EQ(w.frame.promo_date[1], day_number(2025, 3, 29));
  // A member who leaves on that date is still promoted; one who leaves the
  // day before is not (§4.3: active on the promotion date).
  w.frame.exit_date[1] = day_number(2025, 3, 29);
  schedule_promotions(w.frame, promotion_levers({0.1, 0.1, 0.1, 0.5, 0.1}), data_seeds(), mbar);
  EXPECT_EQ(w.frame.promo_date[1], day_number(2025, 3, 29));
  w.frame.exit_date[1] = day_number(2025, 3, 28);
  schedule_promotions(w.frame, promotion_levers({0.1, 0.1, 0.1, 0.5, 0.1}), data_seeds(), mbar);
  EXPECT_EQ(w.frame.promo_date[1], kNoDate);
}

struct PromotedPay {
  double amount;
  bool floored;
  int level;
};

// One member promoted on 1 Mar 2025 with no raise; returns the event.
PromotedPay promote(double salary, int level, const YearLevers& levers) {
  TestWorkforce w;
  w.add(1990, 2015, salary, level);
  start_year(w.frame, 2025);
  YearFrame& f = w.frame;
  f.exit_date[0] = kNoDate;
  f.raise_date[0] = kNoDate;
  f.promo_date[0] = day_number(2025, 3, 1);
  apply_member_timelines(f, levers);
  EXPECT_EQ(f.promo_previous[0], salary);
  EXPECT_EQ(f.salary[0], f.promo_amount[0]);
  return {f.promo_amount[0], f.promo_band_floor[0] != 0, f.level[0]};
}

// new = round2(s × (1 + promotion_raise[from])); if new < min[to], new =
// min[to] and band_floor_applied. Bundled minimums: L2 81,000, L3 121,000,
// L4 161,000, L5 275,000.
TEST(PromotionRules, PromotedPayIsTheFromLevelsRaiseLiftedToTheBandFloor) {
  YearLevers lv = flat_levers(2025, 0.03, 0.02, 0.1, 0.12);
  lv.promotion_raise = {0.15, 0.10, 0.10, 0.12, 0.30};  // by from-level
  struct Case {
    double salary;
    int level;
    PromotedPay expected;
  };
  const Case cases[] = {
      // 75,000 × 1.15 = 86,250 >= 81,000: L1's raise, not L2's (0.10 -> 82,500).
      {75000, 1, {86250.00, false, 2}},
      // 60,000 × 1.15 = 69,000 < 81,000: lifted to the floor.
      {60000, 1, {81000.00, true, 2}},
      // 110,000 × 1.10 = 121,000 = the floor: not below it, no lift recorded.
      {110000, 2, {121000.00, false, 3}},
      // 140,000.55 × 1.10 = 154,000.605 -> 154,000.61 < 161,000: floor.
      {140000.55, 3, {161000.00, true, 4}},
      // 150,000.55 × 1.10 = 165,000.605 -> 165,000.61 (cents rounded, no floor).
      {150000.55, 3, {165000.61, false, 4}},
      // L4 -> L5 with 0.12: 250,000 × 1.12 = 280,000 >= 275,000.
      {250000, 4, {280000.00, false, 5}},
  };
  for (const Case& c : cases) {
    const PromotedPay p = promote(c.salary, c.level, lv);
    EXPECT_EQ(p.amount, c.expected.amount) << c.salary;
    EXPECT_EQ(p.floored, c.expected.floored) << c.salary;
    EXPECT_EQ(p.level, c.expected.level) << c.salary;
  }
}

}  // namespace
}  // namespace planwise::engine
