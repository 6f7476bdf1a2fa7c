// Unit tests of each step of the year loop (spec §4.1–§4.8) on small
// hand-made workforces.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/rounding.hpp"
#include "engine/frame_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::bundled_seeds;
using testing::flat_levers;
using testing::kQ;
using testing::mixed_workforce;
using testing::TestWorkforce;

const ExactDecimal kStepRate = ExactDecimal::from_units(250'000'000);

TEST(StartYear, AgeAndTenureAreCalendarYearDifferencesWithBands) {
  TestWorkforce w;
  w.add(2001, 2024, 60000, 1);  // age 24, tenure 1 in 2025
  w.add(1960, 2005, 60000, 1);  // age 65, tenure 20
  start_year(w.frame, 2025);
  EXPECT_EQ(w.frame.age[0], 24);
  EXPECT_EQ(w.frame.tenure[0], 1);
  EXPECT_EQ(kAgeBandLabels[w.frame.age_band[0]], "< 25");
  EXPECT_EQ(kTenureBandLabels[w.frame.tenure_band[0]], "< 2");
  EXPECT_EQ(kAgeBandLabels[w.frame.age_band[1]], "65+");
  EXPECT_EQ(kTenureBandLabels[w.frame.tenure_band[1]], "20+");
  EXPECT_EQ(w.frame.days, 365);
  start_year(w.frame, 2028);
  EXPECT_EQ(w.frame.days, 366);
  EXPECT_EQ(w.frame.age[0], 27);
}

TEST(ExperiencedTerminations, ExactlyRoundedQuotaLeaveWithDatesInTheYear) {
  TestWorkforce w = mixed_workforce(1001);
  std::vector<KeyedRow> keys;
  start_year(w.frame, 2025);
  const std::int64_t t =
      select_experienced_terminations(w.frame, bundled_seeds(), kQ, w.employee_ids(), keys);
  EXPECT_EQ(t, 120);  // round(0.12 × 1001) = round(120.12)
  int leavers = 0;
  for (std::size_t i = 0; i < w.frame.member_count; ++i) {
    if (w.frame.exit_date[i] == kNoDate) continue;
    ++leavers;
    EXPECT_GE(w.frame.exit_date[i], jan1(2025));
    EXPECT_LE(w.frame.exit_date[i], dec31(2025));
  }
  EXPECT_EQ(leavers, 120);
}

TEST(ExperiencedTerminations, LeaversHaveTheLargestKeysLnUOverW) {
  TestWorkforce w = mixed_workforce(500);
  std::vector<KeyedRow> keys;
  start_year(w.frame, 2025);
  select_experienced_terminations(w.frame, bundled_seeds(), kQ, w.employee_ids(), keys);
  double min_leaver = 0.0, max_stayer = -1e300;
  bool first = true;
  for (std::size_t i = 0; i < w.frame.member_count; ++i) {
    const double k = std::log(w.frame.term_draw[i]) / w.frame.term_weight[i];
    if (w.frame.exit_date[i] != kNoDate) {
      min_leaver = first ? k : std::min(min_leaver, k);
      first = false;
    } else {
      max_stayer = std::max(max_stayer, k);
    }
  }
  EXPECT_GT(min_leaver, max_stayer);
}

TEST(ExperiencedTerminations, ZeroWeightMembersLeaveLastAndTiesGoByIdAscending) {
  SeedTables seeds = bundled_seeds();
  seeds.termination_age = {0, 0, 0, 0, 0, 0};  // every weight 0: keys all -inf
  TestWorkforce w = mixed_workforce(10);
  std::vector<KeyedRow> keys;
  start_year(w.frame, 2025);
  const std::int64_t t = select_experienced_terminations(
      w.frame, seeds, ExactDecimal::from_units(300'000'000), w.employee_ids(), keys);
  ASSERT_EQ(t, 3);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(w.frame.exit_date[i] != kNoDate, i < 3) << i;
}

TEST(Promotions, OnlyEligibleMembersActiveOnTheDateArePromoted) {
  TestWorkforce w;
  w.add(1990, 2015, 60000, 5);  // top level: never
  w.add(1958, 2015, 60000, 1);  // 67 in 2025: never
  for (int i = 0; i < 200; ++i) w.add(1990, 2018, 60000, 1);
  start_year(w.frame, 2025);
  for (std::size_t i = 0; i < w.frame.member_count; ++i) w.frame.exit_date[i] = kNoDate;
  w.frame.exit_date[5] = jan1(2025);  // leaves on 1 Jan: a later promotion date is impossible
  std::vector<double> mbar;
  schedule_promotions(w.frame, flat_levers(2025, 0.03, 0.02, 1.0, 0.1), bundled_seeds(), mbar);
  EXPECT_EQ(w.frame.promo_date[0], kNoDate);
  EXPECT_EQ(w.frame.promo_date[1], kNoDate);
  EXPECT_TRUE(std::isnan(w.frame.promo_probability[0]));
  int promoted = 0;
  for (std::size_t i = 2; i < w.frame.member_count; ++i) {
    if (w.frame.promo_date[i] != kNoDate) {
      ++promoted;
      EXPECT_TRUE(w.frame.exit_date[i] == kNoDate || w.frame.promo_date[i] <= w.frame.exit_date[i]);
    }
  }
  // Probability 1.0 with identical multipliers: every eligible member active on the date.
  EXPECT_GE(promoted, 199);
}

TEST(Promotions, LeverIsTheExpectedShareOfItsLevel) {
  TestWorkforce w;
  for (int i = 0; i < 4000; ++i) w.add(1960 + i % 40, 2000 + i % 24, 60000, 1);
  start_year(w.frame, 2025);
  for (std::size_t i = 0; i < w.frame.member_count; ++i) w.frame.exit_date[i] = kNoDate;
  std::vector<double> mbar;
  schedule_promotions(w.frame, flat_levers(2025, 0.03, 0.02, 0.10, 0.1), bundled_seeds(), mbar);
  double expected = 0.0;
  int promoted = 0;
  for (std::size_t i = 0; i < w.frame.member_count; ++i) {
    if (!std::isnan(w.frame.promo_probability[i])) expected += w.frame.promo_probability[i];
    promoted += w.frame.promo_date[i] != kNoDate;
  }
  // Eligible: under 65. The mean probability over eligible members is the lever.
  int eligible = 0;
  for (std::size_t i = 0; i < w.frame.member_count; ++i) eligible += w.frame.age[i] < 65;
  EXPECT_NEAR(expected / eligible, 0.10, 1e-9);
  EXPECT_NEAR(promoted, 0.10 * eligible, 4 * std::sqrt(eligible * 0.1 * 0.9));
}

TEST(Raises, LegacyTimingUsesOnlyJanuaryFirstAndJulyFirst) {
  TestWorkforce w = mixed_workforce(300);
  start_year(w.frame, 2025);
  for (std::size_t i = 0; i < w.frame.member_count; ++i) w.frame.exit_date[i] = kNoDate;
  RaiseTiming legacy;
  legacy.method = RaiseTimingMethod::kLegacy;
  schedule_raises(w.frame, legacy);
  int january = 0;
  for (std::size_t i = 0; i < w.frame.member_count; ++i) {
    const DayNumber d = w.frame.raise_date[i];
    EXPECT_TRUE(d == jan1(2025) || d == day_number(2025, 7, 1));
    january += d == jan1(2025);
  }
  EXPECT_GT(january, 100);
  EXPECT_LT(january, 200);
}

TEST(Raises, NoRaiseAfterTheExitDate) {
  TestWorkforce w = mixed_workforce(300);
  start_year(w.frame, 2025);
  for (std::size_t i = 0; i < w.frame.member_count; ++i)
    w.frame.exit_date[i] = day_number(2025, 3, 31);
  RaiseTiming realistic;
  realistic.months = CategoricalTable(bundled_seeds().raise_month_weights);
  schedule_raises(w.frame, realistic);
  int raised = 0;
  for (std::size_t i = 0; i < w.frame.member_count; ++i) {
    if (w.frame.raise_date[i] == kNoDate) continue;
    ++raised;
    EXPECT_LE(w.frame.raise_date[i], day_number(2025, 3, 31));
  }
  EXPECT_GT(raised, 0);
  EXPECT_LT(raised, 300);
}

TEST(Timeline, PromotionThenRaiseAppliedInDateOrderWithProration) {
  TestWorkforce w;
  w.add(1990, 2015, 60000, 1);
  start_year(w.frame, 2025);
  YearFrame& f = w.frame;
  f.exit_date[0] = kNoDate;
  f.promo_date[0] = day_number(2025, 4, 1);
  f.raise_date[0] = day_number(2025, 7, 1);
  apply_member_timelines(f, flat_levers(2025, 0.03, 0.02, 0.1, 0.12));
  // Promotion: 60000 × 1.12 = 67200 < 81000 floor of level 2.
  EXPECT_EQ(f.promo_previous[0], 60000);
  EXPECT_EQ(f.promo_amount[0], 81000);
  EXPECT_EQ(f.promo_band_floor[0], 1);
  // Raise at level 2: 81000 × ((1 + 0.03) + 0.02).
  EXPECT_EQ(f.raise_previous[0], 81000);
  EXPECT_EQ(f.raise_level[0], 2);
  EXPECT_EQ(f.raise_amount[0], round2(81000 * ((1.0 + 0.03) + 0.02)));
  EXPECT_EQ(f.salary[0], f.raise_amount[0]);
  EXPECT_EQ(f.level[0], 2);
  const double acc = 60000.0 * 90 + 81000.0 * 91 + f.raise_amount[0] * 184;
  EXPECT_EQ(f.prorated[0], round2(acc / 365));
}

TEST(Timeline, RaiseBeforePromotionUsesTheOldLevelsMerit) {
  TestWorkforce w;
  w.add(1990, 2015, 100000, 2);
  start_year(w.frame, 2025);
  YearFrame& f = w.frame;
  f.exit_date[0] = kNoDate;
  f.raise_date[0] = day_number(2025, 2, 1);
  f.promo_date[0] = day_number(2025, 9, 1);
  YearLevers lv = flat_levers(2025, 0.03, 0.02, 0.1, 0.12);
  lv.merit[1] = 0.04;  // level 2
  lv.merit[2] = 0.09;  // level 3 (must not be used)
  apply_member_timelines(f, lv);
  EXPECT_EQ(f.raise_level[0], 2);
  EXPECT_EQ(f.raise_amount[0], round2(100000 * ((1.0 + 0.04) + 0.02)));
  EXPECT_EQ(f.promo_previous[0], f.raise_amount[0]);
  // 106000 × 1.12 = 118720 is below level 3's minimum: the band floor applies.
  EXPECT_EQ(f.promo_amount[0], std::max(round2(f.raise_amount[0] * 1.12), 121000.0));
  EXPECT_EQ(f.promo_band_floor[0], 1);
  EXPECT_EQ(f.level[0], 3);
}

TEST(Timeline, SameDayPromotionComesBeforeTheRaise) {
  TestWorkforce w;
  w.add(1990, 2015, 100000, 2);
  start_year(w.frame, 2025);
  YearFrame& f = w.frame;
  f.exit_date[0] = kNoDate;
  f.raise_date[0] = day_number(2025, 5, 5);
  f.promo_date[0] = day_number(2025, 5, 5);
  apply_member_timelines(f, flat_levers(2025, 0.03, 0.02, 0.1, 0.12));
  EXPECT_EQ(f.raise_previous[0], f.promo_amount[0]);
  EXPECT_EQ(f.raise_level[0], 3);
}

TEST(Timeline, LeaverIsPaidToTheExitDateOnly) {
  TestWorkforce w;
  w.add(1990, 2015, 73000, 1);
  start_year(w.frame, 2025);
  YearFrame& f = w.frame;
  f.exit_date[0] = day_number(2025, 1, 31);
  f.promo_date[0] = kNoDate;
  f.raise_date[0] = kNoDate;
  apply_member_timelines(f, flat_levers(2025, 0.03, 0.02, 0.1, 0.12));
  EXPECT_EQ(f.prorated[0], round2(73000.0 * 31 / 365));
  EXPECT_EQ(f.salary[0], 73000);
}

TEST(NewHireTerminations, QuotaLeaveStrictlyAfterTheirHireDate) {
  TestWorkforce w = mixed_workforce(100);
  start_year(w.frame, 2025);
  for (std::size_t i = 0; i < w.frame.member_count; ++i) w.frame.exit_date[i] = kNoDate;
  const HireModel model = testing::band_hire_model();
  const std::vector<std::int64_t> mix = {40, 30, 20, 8, 2};
  const HiringPlan plan =
      plan_hiring(100, 12, ExactDecimal::from_units(30'000'000), kStepRate, mix);
  append_hires(w.frame, plan, model, flat_levers(2025, 0.03, 0.02, 0.1, 0.12), 1.0);
  ASSERT_EQ(static_cast<std::int64_t>(w.frame.hire_count()), plan.hires);
  std::vector<KeyedRow> keys;
  const NewHireTerminationCounts nt =
      select_new_hire_terminations(w.frame, kStepRate, w.employee_ids(), keys);
  EXPECT_EQ(nt.requested, round_half_away_times(kStepRate, plan.hires));
  EXPECT_EQ(nt.selected, nt.requested);
  std::int64_t leavers = 0;
  for (std::size_t row = w.frame.member_count; row < w.frame.size(); ++row) {
    EXPECT_EQ(w.frame.tenure[row], 0);
    if (w.frame.exit_date[row] == kNoDate) continue;
    ++leavers;
    EXPECT_GT(w.frame.exit_date[row], w.frame.hire_date[row]);
    EXPECT_LE(w.frame.exit_date[row], dec31(2025));
  }
  EXPECT_EQ(leavers, nt.selected);
  finish_year_rows(w.frame);
  for (std::size_t row = w.frame.member_count; row < w.frame.size(); ++row) {
    const DayNumber last = w.frame.exit_date[row] == kNoDate ? dec31(2025) : w.frame.exit_date[row];
    EXPECT_EQ(w.frame.prorated[row],
              round2(w.frame.salary[row] * (last - w.frame.hire_date[row] + 1) / 365.0));
  }
}

TEST(Hires, IdsLevelsAgesAndPayFollowThePlan) {
  TestWorkforce w = mixed_workforce(10);
  start_year(w.frame, 2025);
  HireModel model;
  const std::vector<double> salaries = {60000, 64000, 70000};
  for (int l = 0; l < 5; ++l) {
    HireLevelPricing p;
    p.from_reference = l == 0;
    p.salaries = &salaries;
    p.band_min = 81000 + 40000.0 * (l - 1);
    p.band_max = p.band_min + 39000;
    model.levels.push_back(p);
  }
  model.ages = {22, 50};
  const std::vector<double> age_weights = {1, 3};
  model.age_table = CategoricalTable(age_weights);
  model.run_key = run_key(42);
  HiringPlan plan;
  plan.hires = 6;
  plan.per_level = {4, 2, 0, 0, 0};
  append_hires(w.frame, plan, model, flat_levers(2025, 0.03, 0.02, 0.1, 0.12), 1.05);
  char buffer[kHireIdBufferSize];
  const EmployeeIds ids = w.employee_ids();
  EXPECT_EQ(ids.id(w.frame.ref[10], buffer), "NH_2025_000001");
  EXPECT_EQ(ids.ssn(w.frame.ref[15], buffer), "SSN-NH-2025-000006");
  for (std::size_t row = 10; row < 16; ++row) {
    const int level = w.frame.start_level[row];
    EXPECT_EQ(level, row < 14 ? 1 : 2);
    EXPECT_TRUE(w.frame.age[row] == 22 || w.frame.age[row] == 50);
    EXPECT_EQ(2025 - year_of(w.frame.birth_date[row]), w.frame.age[row]);
    if (level == 1) {
      EXPECT_GE(w.frame.start_salary[row], round2(60000 * 1.05));
      EXPECT_LE(w.frame.start_salary[row], round2(70000 * 1.05));
    }
  }
}

TEST(ExperiencedTerminations, BoundedSelectionEqualsTheFullSortOfKeys) {
  // Large enough for the sample bound to be used; the leavers must be the
  // top T of the full order of ln(u)/w, then id.
  TestWorkforce w = mixed_workforce(60000);
  std::vector<KeyedRow> keys;
  start_year(w.frame, 2026);
  const std::int64_t t =
      select_experienced_terminations(w.frame, bundled_seeds(), kQ, w.employee_ids(), keys);
  // Only candidates near the cut got exact keys: the bounded path ran.
  EXPECT_LT(keys.size(), w.frame.member_count / 2);
  std::vector<std::pair<double, std::string>> all;
  for (std::size_t i = 0; i < w.frame.member_count; ++i) {
    all.emplace_back(std::log(w.frame.term_draw[i]) / w.frame.term_weight[i],
                     std::string(w.ids[i]));
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::set<std::string> expected, actual;
  for (std::int64_t k = 0; k < t; ++k) expected.insert(all[static_cast<std::size_t>(k)].second);
  for (std::size_t i = 0; i < w.frame.member_count; ++i) {
    if (w.frame.exit_date[i] != kNoDate) actual.insert(std::string(w.ids[i]));
  }
  EXPECT_EQ(actual, expected);
}

TEST(MemberPass, FusedPassEqualsTheThreeStepsInOrder) {
  TestWorkforce a = mixed_workforce(3000);
  TestWorkforce b = mixed_workforce(3000);
  const SeedTables seeds = bundled_seeds();
  const YearLevers levers = flat_levers(2025, 0.035, 0.02, 0.08, 0.12);
  RaiseTiming timing;
  timing.months = CategoricalTable(seeds.raise_month_weights);
  std::vector<KeyedRow> keys;
  std::vector<double> mbar_a, mbar_b;
  for (TestWorkforce* w : {&a, &b}) {
    start_year(w->frame, 2025);
    select_experienced_terminations(w->frame, seeds, kQ, w->employee_ids(), keys);
  }
  schedule_promotions(a.frame, levers, seeds, mbar_a);
  schedule_raises(a.frame, timing);
  apply_member_timelines(a.frame, levers);
  process_members(b.frame, levers, seeds, timing, mbar_b);
  EXPECT_EQ(mbar_a, mbar_b);
  int promoted = 0;
  for (std::size_t i = 0; i < a.frame.member_count; ++i) {
    ASSERT_EQ(a.frame.promo_date[i], b.frame.promo_date[i]) << i;
    ASSERT_EQ(a.frame.raise_date[i], b.frame.raise_date[i]) << i;
    ASSERT_EQ(a.frame.salary[i], b.frame.salary[i]) << i;
    ASSERT_EQ(a.frame.level[i], b.frame.level[i]) << i;
    ASSERT_EQ(a.frame.prorated[i], b.frame.prorated[i]) << i;
    promoted += a.frame.promo_date[i] != kNoDate;
  }
  EXPECT_GT(promoted, 0);
}

TEST(CarryForward, ActivesKeepOrderAndStartFromLastYearsEndValues) {
  TestWorkforce w = mixed_workforce(5);
  start_year(w.frame, 2025);
  YearFrame& f = w.frame;
  for (std::size_t i = 0; i < 5; ++i) {
    f.salary[i] = 1000.0 * (i + 1);
    f.level[i] = 2;
    f.status[i] = i == 1 ? StatusCode::kExperiencedTermination : StatusCode::kContinuousActive;
  }
  f.carry_forward();
  ASSERT_EQ(f.member_count, 4u);
  EXPECT_EQ(f.ref[1].census_index(), 2u);
  EXPECT_EQ(f.start_salary[1], 3000);
  EXPECT_EQ(f.start_level[3], 2);
}

}  // namespace
}  // namespace planwise::engine
