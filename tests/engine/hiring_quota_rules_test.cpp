// Issue 15 item 5: spec §4.6 head counts (target, hiring need, hires,
// largest-remainder split with ties to the lower level) and the §4.7
// new-hire leaver count, pinned by numbers worked out by hand. Every
// rounding is round_half_away on an exact rational (§0.2).
#include <gtest/gtest.h>

#include <vector>

#include "engine/frame_fixture.hpp"

namespace planwise::engine {
namespace {

ExactDecimal units(std::int64_t n) {
  return ExactDecimal::from_units(n);  // n × 10^-9
}
const std::vector<std::int64_t> kEven3 = {1, 1, 1};

TEST(HiringQuotaRules, TargetNeedAndHiresRoundHalfAwayFromZero) {
  struct Case {
    std::int64_t n, t, g_units, r_units;
    std::int64_t target, need, hires;
  };
  const Case cases[] = {
      // 50 × 1.03 = 51.5 -> 52; X = 52 − 50 + 6 = 8; 8 / 0.75 = 10.67 -> 11
      {50, 6, 30'000'000, 250'000'000, 52, 8, 11},
      // 50 × 0.97 = 48.5 -> 49 (a shrinking target still rounds away from
      // zero); X = 49 − 50 + 6 = 5; 5 / 0.75 = 6.67 -> 7
      {50, 6, -30'000'000, 250'000'000, 49, 5, 7},
      // 10 × 1.05 = 10.5 -> 11; X = 11 − 10 + 1 = 2; 2 / 0.8 = 2.5 -> 3
      {10, 1, 50'000'000, 200'000'000, 11, 2, 3},
      // 10 × 1.0 = 10; X = 0 + 1 = 1; 1 / 0.5 = 2 exactly
      {10, 1, 0, 500'000'000, 10, 1, 2},
      // 30 × 0.8 = 24; X = 24 − 30 + 4 = −2: nobody is hired
      {30, 4, -200'000'000, 250'000'000, 24, -2, 0},
      // 30 × 0.85 = 25.5 -> 26; X = 26 − 30 + 4 = 0: nobody is hired
      {30, 4, -150'000'000, 250'000'000, 26, 0, 0},
      // r = 0: H = X; 1,000 × 1.03 = 1,030, X = 30
      {1000, 0, 30'000'000, 0, 1030, 30, 30},
  };
  for (const Case& c : cases) {
    const HiringPlan plan = plan_hiring(c.n, c.t, units(c.g_units), units(c.r_units), kEven3);
    EXPECT_EQ(plan.target_end, c.target) << c.n << " " << c.g_units;
    EXPECT_EQ(plan.need, c.need) << c.n << " " << c.g_units;
    EXPECT_EQ(plan.hires, c.hires) << c.n << " " << c.g_units;
  }
}

// n_l = floor(Q_l), then one seat each to the largest fractional parts,
// the lower level first on ties (§4.6).
TEST(HiringQuotaRules, LevelSplitIsLargestRemainderWithTiesToTheLowerLevel) {
  struct Case {
    std::vector<std::int64_t> weights;
    std::int64_t hires;
    std::vector<std::int64_t> split;
  };
  const Case cases[] = {
      // Q = 1.33 each: floors 1, 1, 1; the one seat left goes to L1 (tie).
      {{1, 1, 1}, 4, {2, 1, 1}},
      // Q = 1.67 each: floors 1, 1, 1; two seats to L1 and L2 (ties).
      {{1, 1, 1}, 5, {2, 2, 1}},
      // Q = 3.5, 2.1, 1.4: floors 3, 2, 1; the seat goes to L1 (.5).
      {{5, 3, 2}, 7, {4, 2, 1}},
      // Q = 0.25, 0.75, 0.25, 0.75: both seats to the .75 remainders.
      {{1, 3, 1, 3}, 2, {0, 1, 0, 1}},
      // One seat, tied .75 remainders at L2 and L4: the lower, L2.
      {{1, 3, 1, 3}, 1, {0, 1, 0, 0}},
      // Q = 0.4, 0.2, 0.4: tie between L1 and L3 for the only seat: L1.
      {{2, 1, 2}, 1, {1, 0, 0}},
      // Q = 0.6, 2.4 (weights 1:4 of 3): floors 0, 2; the seat goes to L1 (.6).
      {{1, 4}, 3, {1, 2}},
      // The §4.10 split for 2025: Q = 350, 262.5, 175, 70, 17.5: the seat
      // goes to the tied .5 remainders' lower level, L2.
      {{40, 30, 20, 8, 2}, 875, {350, 263, 175, 70, 17}},
      // A level with weight 0 gets nobody.
      {{0, 1, 1}, 3, {0, 2, 1}},
  };
  for (const Case& c : cases) {
    // A hiring need of exactly c.hires with r = 0 and no growth.
    const HiringPlan plan = plan_hiring(100, c.hires, units(0), units(0), c.weights);
    ASSERT_EQ(plan.hires, c.hires);
    EXPECT_EQ(plan.per_level, c.split) << "hires " << c.hires;
  }
}

// NT_req = round_half_away(r × H) (§4.7).
TEST(HiringQuotaRules, NewHireLeaverCountRoundsHalfAwayFromZero) {
  struct Case {
    std::int64_t hires, r_units, leavers;
  };
  const Case cases[] = {
      {10, 250'000'000, 3},  // 2.5 -> 3
      {6, 250'000'000, 2},   // 1.5 -> 2
      {2, 250'000'000, 1},   // 0.5 -> 1
      {9, 250'000'000, 2},   // 2.25 -> 2
      {5, 330'000'000, 2},   // 1.65 -> 2
  };
  for (const Case& c : cases) {
    testing::TestWorkforce w;
    w.add(1980, 2010, 60000, 1);
    start_year(w.frame, 2025);
    w.frame.exit_date[0] = kNoDate;
    HiringPlan plan;
    plan.hires = c.hires;
    plan.per_level = {c.hires, 0, 0, 0, 0};
    append_hires(w.frame, plan, testing::band_hire_model(),
                 testing::flat_levers(2025, 0.03, 0.02, 0.1, 0.12), 1.0);
    std::vector<KeyedRow> keys;
    const NewHireTerminationCounts nt =
        select_new_hire_terminations(w.frame, units(c.r_units), w.employee_ids(), keys);
    EXPECT_EQ(nt.requested, c.leavers) << c.hires;
    EXPECT_EQ(nt.selected, c.leavers) << c.hires;
  }
}

}  // namespace
}  // namespace planwise::engine
