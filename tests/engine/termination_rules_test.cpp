// Issue 15 item 5: spec §4.2 experienced terminations pinned by numbers
// worked out by hand from the spec and the bundled seeds (data/seeds), not
// by calling the engine's own helpers for the expected value.
//
// Bundled termination seeds (§1.7): b_T = 0.42; age multipliers
// <25 0.7, 25-34 1.3, 35-44 1.0, 45-54 1.6, 55-64 1.0, 65+ 1.2; tenure
// multipliers <2 1.8, 2-4 0.6, 5-9 0.5, 10-19 0.4, 20+ 0.3.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/frame_fixture.hpp"
#include "engine/rule_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::data_seeds;
using testing::TestWorkforce;

TEST(TerminationRules, WeightIsBaseTimesAgeTimesTenureInEveryBand) {
  struct Case {
    int birth_year, hire_year;
    double weight;  // (b_T × mT_age) × mT_ten, by hand
  };
  // Ages and tenures in 2025 are 2025 − birth year and 2025 − hire year
  // (§1.5); both ends of every band appear.
  const Case cases[] = {
      {2001, 2024, 0.5292},  // age 24 (<25), tenure 1 (<2): 0.42 × 0.7 × 1.8
      {2000, 2023, 0.3276},  // age 25 (25-34), tenure 2 (2-4): 0.42 × 1.3 × 0.6
      {1995, 2022, 0.3276},  // age 30 (25-34), tenure 3 (2-4): 0.42 × 1.3 × 0.6
      {1990, 2020, 0.21},    // age 35 (35-44), tenure 5 (5-9): 0.42 × 1.0 × 0.5
      {1985, 2018, 0.21},    // age 40 (35-44), tenure 7 (5-9): 0.42 × 1.0 × 0.5
      {1981, 2015, 0.168},   // age 44 (35-44), tenure 10 (10-19): 0.42 × 1.0 × 0.4
      {1975, 2010, 0.2688},  // age 50 (45-54), tenure 15 (10-19): 0.42 × 1.6 × 0.4
      {1971, 2006, 0.2688},  // age 54 (45-54), tenure 19 (10-19): 0.42 × 1.6 × 0.4
      {1975, 2024, 1.2096},  // age 50 (45-54), tenure 1 (<2): 0.42 × 1.6 × 1.8, the §4.2 maximum
      {1965, 2000, 0.126},   // age 60 (55-64), tenure 25 (20+): 0.42 × 1.0 × 0.3
      {1961, 2005, 0.126},   // age 64 (55-64), tenure 20 (20+): 0.42 × 1.0 × 0.3
      {1960, 2024, 0.9072},  // age 65 (65+), tenure 1 (<2): 0.42 × 1.2 × 1.8
      {1958, 2003, 0.1512},  // age 67 (65+), tenure 22 (20+): 0.42 × 1.2 × 0.3
  };
  TestWorkforce w;
  for (const Case& c : cases) w.add(c.birth_year, c.hire_year, 60000, 1);
  start_year(w.frame, 2025);
  draw_terminations(w.frame, TerminationWeights(data_seeds()));
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_DOUBLE_EQ(w.frame.term_weight[i], cases[i].weight)
        << "born " << cases[i].birth_year << ", hired " << cases[i].hire_year;
  }
}

// Four members, T = round(0.5 × 4) = 2. The draws U(TERM_SELECT) of seed 42
// in 2025 and the keys ln(u) / w:
//   EMP_000001  u 0.21787778989875173  w 0.5292  key -1.52393 / 0.5292 = -2.8795
//   EMP_000002  u 0.06038881983521571  w 1.2096  key -2.80693 / 1.2096 = -2.3206
//   EMP_000003  u 0.5154236190300753   w 0.126   key -0.66277 / 0.126  = -5.2600
//   EMP_000004  u 0.48857792583931225  w 0.21    key -0.71626 / 0.21   = -3.4107
// The two largest keys leave: EMP_000002 and EMP_000001. (Ignoring the
// weight, or using ln(u) × w, would pick EMP_000003 and EMP_000004.)
// Exit dates are uniform_day(U(TERM_DATE), 2025):
//   EMP_000001  u 0.8436566680298895 × 365 = 307.93 -> Jan 1 + 307 = 2025-11-04
//   EMP_000002  u 0.7578372572135569 × 365 = 276.61 -> Jan 1 + 276 = 2025-10-04
TEST(TerminationRules, LeaversHaveTheLargestKeysLnUOverWeight) {
  TestWorkforce w;
  w.add(2001, 2024, 60000, 1);  // weight 0.5292
  w.add(1975, 2024, 60000, 1);  // weight 1.2096
  w.add(1965, 2000, 60000, 1);  // weight 0.126
  w.add(1985, 2018, 60000, 1);  // weight 0.21
  std::vector<KeyedRow> keys;
  start_year(w.frame, 2025);
  const std::int64_t t = select_experienced_terminations(
      w.frame, data_seeds(), ExactDecimal::from_units(500'000'000), w.employee_ids(), keys);
  ASSERT_EQ(t, 2);
  EXPECT_EQ(w.frame.exit_date[0], day_number(2025, 11, 4));
  EXPECT_EQ(w.frame.exit_date[1], day_number(2025, 10, 4));
  EXPECT_EQ(w.frame.exit_date[2], kNoDate);
  EXPECT_EQ(w.frame.exit_date[3], kNoDate);
  EXPECT_DOUBLE_EQ(w.frame.term_draw[1], 0.06038881983521571);
}

// In a leap year uniform_day spreads the draw over 366 days (§0.3). With
// q = 1 every member leaves; U(TERM_DATE) of seed 42 in 2028:
//   EMP_000001  0.454467530113733  × 366 = 166.34 -> Jan 1 + 166 = 2028-06-15 (× 365: 06-14)
//   EMP_000002  0.8952953422162903 × 366 = 327.68 -> Jan 1 + 327 = 2028-11-23 (× 365: 11-22)
//   EMP_000003  0.4012164019231773 × 366 = 146.85 -> Jan 1 + 146 = 2028-05-26
//   EMP_000004  0.25128921415852357 × 366 = 91.97 -> Jan 1 + 91  = 2028-04-01
TEST(TerminationRules, ExitDatesSpreadOverTheDaysOfALeapYear) {
  TestWorkforce w;
  for (int i = 0; i < 4; ++i) w.add(1980, 2010, 60000, 1);
  std::vector<KeyedRow> keys;
  start_year(w.frame, 2028);
  const std::int64_t t = select_experienced_terminations(
      w.frame, data_seeds(), ExactDecimal::from_int(1), w.employee_ids(), keys);
  ASSERT_EQ(t, 4);
  EXPECT_EQ(w.frame.exit_date[0], day_number(2028, 6, 15));
  EXPECT_EQ(w.frame.exit_date[1], day_number(2028, 11, 23));
  EXPECT_EQ(w.frame.exit_date[2], day_number(2028, 5, 26));
  EXPECT_EQ(w.frame.exit_date[3], day_number(2028, 4, 1));
}

// T_Y = round_half_away(q × N_Y) in exact arithmetic (§4.2, §0.2).
TEST(TerminationRules, CountIsQTimesNRoundedHalfAwayFromZero) {
  struct Case {
    int members;
    std::int64_t q_units;  // q × 10^9
    std::int64_t leavers;
  };
  const Case cases[] = {
      {25, 100'000'000, 3},     // 0.10 × 25 = 2.5 -> 3 (an exact half goes up)
      {24, 100'000'000, 2},     // 0.10 × 24 = 2.4 -> 2
      {25, 140'000'000, 4},     // 0.14 × 25 = 3.5 -> 4
      {35, 130'000'000, 5},     // 0.13 × 35 = 4.55 -> 5
      {4378, 120'000'000, 525}  // 0.12 × 4378 = 525.36 -> 525 (§4.10)
  };
  for (const Case& c : cases) {
    TestWorkforce w = testing::mixed_workforce(c.members);
    std::vector<KeyedRow> keys;
    start_year(w.frame, 2025);
    EXPECT_EQ(
        select_experienced_terminations(w.frame, data_seeds(), ExactDecimal::from_units(c.q_units),
                                        w.employee_ids(), keys),
        c.leavers)
        << c.members << " members, q units " << c.q_units;
  }
}

// The leavers are the T largest (key, then id) of every member (§3.6),
// whatever shortcut the selection takes (a sampled bound, key buckets).
// Draws from three values make many equal keys, and a band pair of weight 0
// gives keys of -inf; the leavers must be those of a full sort.
TEST(TerminationRules, LeaversAreThoseOfAFullSortWithTiesAndZeroWeights) {
  // 400,000 members: the bucket cut counts on every thread (kParallelRows).
  for (int members : {3000, 40000, 400000}) {
    TestWorkforce w = testing::mixed_workforce(members);
    YearFrame& f = w.frame;
    start_year(f, 2025);
    TerminationWeights weights(data_seeds());
    weights.by_pair[0] = 0.0;
    weights.by_pair[7] = 0.0;
    draw_terminations(f, weights);
    const double draws[] = {0.3, 0.5, 0.7};
    for (std::size_t i = 0; i < f.member_count; ++i) f.term_draw[i] = draws[(i * 7919) % 3];

    std::vector<KeyedRow> all;
    for (std::size_t i = 0; i < f.member_count; ++i) {
      const double key = f.term_weight[i] > 0.0 ? std::log(f.term_draw[i]) / f.term_weight[i]
                                                : -std::numeric_limits<double>::infinity();
      all.push_back({key, static_cast<std::uint32_t>(i)});
    }
    const EmployeeIds ids = w.employee_ids();
    std::sort(all.begin(), all.end(), [&](const KeyedRow& a, const KeyedRow& b) {
      if (a.key != b.key) return a.key > b.key;
      return ids.less(f.ref[a.row], f.ref[b.row]);
    });
    std::vector<KeyedRow> keys;
    const std::int64_t t = choose_experienced_leavers(f, weights, testing::kQ, ids, keys);
    ASSERT_GT(t, 0);
    std::vector<bool> leaves(f.member_count, false);
    for (std::int64_t k = 0; k < t; ++k) leaves[all[static_cast<std::size_t>(k)].row] = true;
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < f.member_count; ++i)
      wrong += (f.exit_date[i] != kNoDate) != leaves[i] ? 1 : 0;
    EXPECT_EQ(wrong, 0u) << members << " members";
  }
}

}  // namespace
}  // namespace planwise::engine
