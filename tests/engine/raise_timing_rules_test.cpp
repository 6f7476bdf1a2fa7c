// Issue 15 item 5: spec §4.4 raise dates and amounts and §4.5 proration by
// the days of the year, pinned by numbers worked out by hand.
//
// The bundled raise-timing profile general_corporate (data/seeds) is, Jan to
// Dec, 0.28 0.03 0.07 0.18 0.04 0.05 0.23 0.03 0.04 0.08 0.02 0.02, sum 1.07.
// Its normalised cumulative thresholds c_k = (w_1 + ... + w_k) / 1.07 are
// Jan .26168, Feb .28972, Mar .35514, Apr .52336, May .56075, Jun .60748,
// Jul .82243, Aug .85047, Sep .88785, Oct .96262, Nov .98131, Dec 1.
#include <gtest/gtest.h>

#include "engine/frame_fixture.hpp"
#include "engine/rule_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::data_seeds;
using testing::flat_levers;
using testing::TestWorkforce;

DayNumber raise_date_of(TestWorkforce& w, int year, RaiseTimingMethod method) {
  start_year(w.frame, year);
  for (std::size_t i = 0; i < w.frame.member_count; ++i) w.frame.exit_date[i] = kNoDate;
  RaiseTiming timing;
  timing.method = method;
  timing.months = CategoricalTable(data_seeds().raise_month_weights);
  schedule_raises(w.frame, timing);
  return w.frame.raise_date[0];
}

// EMP_000001, seed 42, 2025: U(RAISE_MONTH) = 0.8688290947859866 (§3.5) lies
// in [.85047, .88785): September. (On the raw, unnormalised sums it would
// fall below 0.88, July.) U(RAISE_DAY) = 0.08786613280101163; September has
// 30 days: day = 1 + floor(0.0879 × 30) = 1 + 2 = 3.
TEST(RaiseTimingRules, RealisticDateIsTheNormalisedMonthAndADayInIt) {
  TestWorkforce w;
  w.add(1980, 2010, 60000, 1);
  EXPECT_EQ(raise_date_of(w, 2025, RaiseTimingMethod::kRealistic), day_number(2025, 9, 3));
  // Active on the raise date means exit >= 3 Sep: the last day worked
  // still gets the raise (§4.4), the day before does not.
  RaiseTiming timing;
  timing.months = CategoricalTable(data_seeds().raise_month_weights);
  w.frame.exit_date[0] = day_number(2025, 9, 3);
  schedule_raises(w.frame, timing);
  EXPECT_EQ(w.frame.raise_date[0], day_number(2025, 9, 3));
  w.frame.exit_date[0] = day_number(2025, 9, 2);
  schedule_raises(w.frame, timing);
  EXPECT_EQ(w.frame.raise_date[0], kNoDate);
}

// Seed 803, EMP_000001, 2028 (a leap year): U(RAISE_MONTH) 0.2820951032071467
// lies in [.26168, .28972): February, which has 29 days in 2028.
// U(RAISE_DAY) 0.967666640014042 × 29 = 28.06: day 1 + 28 = 29 February.
// (With 28 days it would be the 28th.)
TEST(RaiseTimingRules, FebruaryOfALeapYearHasATwentyNinthDay) {
  TestWorkforce w;
  w.add(1980, 2010, 60000, 1, 803);
  EXPECT_EQ(raise_date_of(w, 2028, RaiseTimingMethod::kRealistic), day_number(2028, 2, 29));
}

// Legacy: 1 Jan if U(RAISE_MONTH) < 0.5, else 1 Jul. Seed 42, 2025:
// EMP_000001 0.8688 -> 1 Jul; EMP_000006 0.22654980511852651 -> 1 Jan.
TEST(RaiseTimingRules, LegacyDateIsJanuaryOrJulyByTheMonthDraw) {
  TestWorkforce w;
  for (int i = 0; i < 6; ++i) w.add(1980, 2010, 60000, 1);
  raise_date_of(w, 2025, RaiseTimingMethod::kLegacy);
  EXPECT_EQ(w.frame.raise_date[0], day_number(2025, 7, 1));
  EXPECT_EQ(w.frame.raise_date[5], day_number(2025, 1, 1));
}

// One member with hand-set event dates; the timeline applies them (§4.5).
struct Timeline {
  TestWorkforce w;
  YearFrame& f() { return w.frame; }
  Timeline(int year, double salary, int level, DayNumber promo, DayNumber raise, DayNumber exit) {
    w.add(1990, 2015, salary, level);
    start_year(w.frame, year);
    w.frame.promo_date[0] = promo;
    w.frame.raise_date[0] = raise;
    w.frame.exit_date[0] = exit;
  }
};

// new = round2(s × ((1 + merit_l) + cola)), l = the level in force on the
// raise date.
TEST(RaiseTimingRules, RaiseIsMeritOfTheLevelInForcePlusCola) {
  YearLevers lv = flat_levers(2025, 0.0, 0.02, 0.1, 0.12);
  lv.merit = {0.04, 0.05, 0.06, 0.07, 0.08};
  {
    // 80,000 × ((1 + 0.04) + 0.02) = 80,000 × 1.06 = 84,800.
    Timeline t(2025, 80000, 1, kNoDate, day_number(2025, 6, 1), kNoDate);
    apply_member_timelines(t.f(), lv);
    EXPECT_EQ(t.f().raise_previous[0], 80000.00);
    EXPECT_EQ(t.f().raise_amount[0], 84800.00);
    EXPECT_EQ(t.f().raise_level[0], 1);
  }
  {
    // 63,333.33 × 1.0575 = 66,974.996475 -> round2 = 66,975.00.
    lv.merit[0] = 0.0375;
    Timeline t(2025, 63333.33, 1, kNoDate, day_number(2025, 6, 1), kNoDate);
    apply_member_timelines(t.f(), lv);
    EXPECT_EQ(t.f().raise_amount[0], 66975.00);
  }
  {
    // Promotion and raise on the same day: the promotion comes first
    // (100,000 × 1.12 = 112,000, lifted to L3's 121,000), then the raise at
    // L3's merit: 121,000 × ((1 + 0.06) + 0.02) = 121,000 × 1.08 = 130,680.
    const DayNumber day = day_number(2025, 5, 5);
    Timeline t(2025, 100000, 2, day, day, kNoDate);
    apply_member_timelines(t.f(), lv);
    EXPECT_EQ(t.f().raise_previous[0], 121000.00);
    EXPECT_EQ(t.f().raise_level[0], 3);
    EXPECT_EQ(t.f().raise_amount[0], 130680.00);
    EXPECT_EQ(t.f().salary[0], 130680.00);
  }
}

// prorated = round2(Σ salary × days / D_Y), each period's days counted from
// the change date, the last period to the last employed day inclusive.
TEST(RaiseTimingRules, ProrationDividesByTheDaysOfTheYear) {
  YearLevers lv = flat_levers(2027, 0.03, 0.02, 0.1, 0.12);  // factor 1.05
  {
    // 2027: raise on 1 Mar, 59 days at 73,000 then 306 at 76,650:
    // (4,307,000 + 23,454,900) / 365 = 27,761,900 / 365 = 76,060.00.
    Timeline t(2027, 73000, 1, kNoDate, day_number(2027, 3, 1), kNoDate);
    apply_member_timelines(t.f(), lv);
    EXPECT_EQ(t.f().salary[0], 76650.00);
    EXPECT_EQ(t.f().prorated[0], 76060.00);
  }
  {
    // 2028 is a leap year: 60 days at 73,000 then 306 at 76,650:
    // (4,380,000 + 23,454,900) / 366 = 27,834,900 / 366 = 76,051.639 -> 76,051.64.
    lv.year = 2028;
    Timeline t(2028, 73000, 1, kNoDate, day_number(2028, 3, 1), kNoDate);
    apply_member_timelines(t.f(), lv);
    EXPECT_EQ(t.f().prorated[0], 76051.64);
  }
  {
    // A leaver is paid to the exit date inclusive: exit 29 Feb 2028, no
    // events: 73,000 × 60 / 366 = 11,967.21 (with 365 days: 12,000.00).
    Timeline t(2028, 73000, 1, kNoDate, kNoDate, day_number(2028, 2, 29));
    apply_member_timelines(t.f(), lv);
    EXPECT_EQ(t.f().prorated[0], 11967.21);
    EXPECT_EQ(t.f().salary[0], 73000.00);
  }
  {
    // Raise on 1 Mar 2028, exit 30 Jun 2028: 60 days at 73,000 and 122 at
    // 76,650: (4,380,000 + 9,351,300) / 366 = 13,731,300 / 366 = 37,517.21.
    Timeline t(2028, 73000, 1, kNoDate, day_number(2028, 3, 1), day_number(2028, 6, 30));
    apply_member_timelines(t.f(), lv);
    EXPECT_EQ(t.f().prorated[0], 37517.21);
    EXPECT_EQ(t.f().salary[0], 76650.00);
  }
}

// Promotion on 1 Apr 2025 (90 days at 60,000; 60,000 × 1.12 = 67,200 is
// lifted to 81,000), raise on 1 Jul at L2 (91 days at 81,000; then
// 81,000 × ((1 + 0.05) + 0.02) = 86,670 for 184 days):
// (5,400,000 + 7,371,000 + 15,947,280) / 365 = 28,718,280 / 365 = 78,680.22.
TEST(RaiseTimingRules, TwoChangesSplitTheYearIntoThreePeriods) {
  YearLevers lv = flat_levers(2025, 0.0, 0.02, 0.1, 0.12);
  lv.merit = {0.04, 0.05, 0.06, 0.07, 0.08};
  Timeline t(2025, 60000, 1, day_number(2025, 4, 1), day_number(2025, 7, 1), kNoDate);
  apply_member_timelines(t.f(), lv);
  EXPECT_EQ(t.f().promo_amount[0], 81000.00);
  EXPECT_EQ(t.f().raise_amount[0], 86670.00);
  EXPECT_EQ(t.f().level[0], 2);
  EXPECT_EQ(t.f().prorated[0], 78680.22);
}

}  // namespace
}  // namespace planwise::engine
