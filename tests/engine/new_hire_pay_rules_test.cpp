// Issue 15 item 5: spec §4.6 hire attributes and pay (with the cumulative
// COLA factor M_Y) and §4.7 new-hire exits and proration, pinned by numbers
// worked out by hand.
#include <gtest/gtest.h>

#include <map>

#include "engine/frame_fixture.hpp"
#include "engine/rule_fixture.hpp"

namespace planwise::engine {
namespace {

using testing::flat_levers;
using testing::TestWorkforce;

// Four hires in 2025 with seed 42: seq 1-2 at level 1 priced band_uniform
// on [56,000, 76,000] (M = 1), seq 3-4 at level 2 priced from the reference
// salaries 90,000 / 100,000 / 120,000 moved forward by M = 1.0302. The
// adjustment levers are 1.10 (L1) and 0.95 (L2). Ages 25 or 35, equal
// weights. The draws of each hire id (streams 7 HIRE_DATE, 8 HIRE_SALARY,
// 9 HIRE_AGE, 10 HIRE_BIRTHDAY) and what they give:
//
// NH_2025_000001  date u 0.09292340570504976 × 365 = 33.92 -> Jan 1 + 33 = 2025-02-03
//                 pay  u 0.7177738737514442: 56,000 + u × 20,000 = 70,355.477;
//                      × 1.10 = 77,391.025 -> 77,391.03
//                 age  u 0.4808 < 0.5 -> 25; born in 2000 (366 days):
//                      u 0.4452... × 366 -> 2000-06-11
// NH_2025_000002  date 2025-09-17; pay u 0.5800309407736958: 67,600.619 × 1.10
//                      = 74,360.68; age u 0.6196 >= 0.5 -> 35, born 1990-12-26
// NH_2025_000003  date 2025-08-11; pay u 0.7798981383432159: pos = 2u = 1.5598,
//                      100,000 + 0.5598 × 20,000 = 111,195.926;
//                      × 1.0302 × 0.95 = 108,826.34; age 25, born 2000-08-08
// NH_2025_000004  date 2025-06-18; pay u 0.1430187842744245: pos 0.28604,
//                      90,000 + 0.28604 × 10,000 = 92,860.376;
//                      × 1.0302 × 0.95 = 90,881.52; age 25, born 2000-03-13
//
// New-hire leavers, r = 0.5: round(0.5 × 4) = 2, the two smallest
// U(NH_TERM_SELECT): NH_..04 (0.013405) and NH_..02 (0.128140); NH_..01
// (0.680358) and NH_..03 (0.929046) stay. Exit = hire + 1 + min(span − 1,
// floor(U(NH_TERM_DATE) × span)), span = days(hire, Dec 31):
//   NH_..04: span 196, u 0.4297367078703199 × 196 = 84.23 -> Jun 18 + 85 = 2025-09-11
//   NH_..02: span 105, u 0.8350004261602485 × 105 = 87.68 -> Sep 17 + 88 = 2025-12-14
// Prorated = round2(salary × days employed / 365):
//   NH_..01: 77,391.03 × 332 / 365 = 70,394.03   (Feb 3 - Dec 31)
//   NH_..02: 74,360.68 × 89 / 365 = 18,131.78    (Sep 17 - Dec 14)
//   NH_..03: 108,826.34 × 143 / 365 = 42,636.07  (Aug 11 - Dec 31)
//   NH_..04: 90,881.52 × 86 / 365 = 21,413.18    (Jun 18 - Sep 11)
TEST(NewHirePayRules, HireAttributesExitsAndProrationFollowTheirDraws) {
  TestWorkforce w;
  w.add(1980, 2010, 60000, 1);
  start_year(w.frame, 2025);
  w.frame.exit_date[0] = kNoDate;
  const std::vector<double> reference = {90000, 100000, 120000};
  HireModel model;
  for (int l = 0; l < 5; ++l) {
    HireLevelPricing p;
    p.from_reference = l == 1;
    p.salaries = &reference;
    p.band_min = 56000;
    p.band_max = 76000;
    model.levels.push_back(p);
  }
  model.ages = {25, 35};
  const std::vector<double> age_weights = {1, 1};
  model.age_table = CategoricalTable(age_weights);
  model.run_key = run_key(42);
  YearLevers lv = flat_levers(2025, 0.03, 0.02, 0.1, 0.12);
  lv.hire_adjustment = {1.10, 0.95, 1.0, 1.0, 1.0};
  HiringPlan plan;
  plan.hires = 4;
  plan.per_level = {2, 2, 0, 0, 0};
  append_hires(w.frame, plan, model, lv, 1.0302);
  std::vector<KeyedRow> keys;
  const NewHireTerminationCounts nt = select_new_hire_terminations(
      w.frame, ExactDecimal::from_units(500'000'000), w.employee_ids(), keys);
  finish_hire_rows(w.frame);
  EXPECT_EQ(nt.requested, 2);
  EXPECT_EQ(nt.selected, 2);

  struct Expected {
    DayNumber hire_date;
    double salary;
    int level, age;
    DayNumber birth_date, exit_date;
    double prorated;
  };
  const Expected expected[] = {
      {day_number(2025, 2, 3), 77391.03, 1, 25, day_number(2000, 6, 11), kNoDate, 70394.03},
      {day_number(2025, 9, 17), 74360.68, 1, 35, day_number(1990, 12, 26), day_number(2025, 12, 14),
       18131.78},
      {day_number(2025, 8, 11), 108826.34, 2, 25, day_number(2000, 8, 8), kNoDate, 42636.07},
      {day_number(2025, 6, 18), 90881.52, 2, 25, day_number(2000, 3, 13), day_number(2025, 9, 11),
       21413.18},
  };
  const YearFrame& f = w.frame;
  ASSERT_EQ(f.hire_count(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    const std::size_t row = f.member_count + k;
    const Expected& e = expected[k];
    EXPECT_EQ(f.hire_date[row], e.hire_date) << k;
    EXPECT_EQ(f.start_salary[row], e.salary) << k;
    EXPECT_EQ(f.salary[row], e.salary) << k;
    EXPECT_EQ(f.start_level[row], e.level) << k;
    EXPECT_EQ(f.age[row], e.age) << k;
    EXPECT_EQ(f.tenure[row], 0) << k;
    EXPECT_EQ(f.birth_date[row], e.birth_date) << k;
    EXPECT_EQ(f.exit_date[row], e.exit_date) << k;
    EXPECT_EQ(f.prorated[row], e.prorated) << k;
    EXPECT_EQ(f.status[row],
              e.exit_date == kNoDate ? StatusCode::kNewHireActive : StatusCode::kNewHireTermination)
        << k;
  }
}

// A hire on 31 Dec has no later day to leave on, so it is no candidate
// (§4.7). Seed 48292 puts both NH_2025_000001 and NH_2025_000002 on
// 31 Dec 2025: U(HIRE_DATE) 0.9999225745116033 × 365 = 364.97 and
// 0.9999997543852192 × 365 = 364.9999, so Jan 1 + 364. Their pay (band
// 56,000-76,000, adjustment 1): u 0.17960056879994613 -> 59,592.01 and
// u 0.31742728362136463 -> 62,348.55; one day employed:
// 59,592.01 / 365 = 163.27 and 62,348.55 / 365 = 170.82.
TEST(NewHirePayRules, HiresOnTheLastDayAreNoCandidatesForLeaving) {
  TestWorkforce w;
  w.add(1980, 2010, 60000, 1);
  start_year(w.frame, 2025);
  w.frame.exit_date[0] = kNoDate;
  HireModel model = testing::band_hire_model();
  model.run_key = run_key(48292);
  HiringPlan plan;
  plan.hires = 2;
  plan.per_level = {2, 0, 0, 0, 0};
  append_hires(w.frame, plan, model, flat_levers(2025, 0.03, 0.02, 0.1, 0.12), 1.0);
  ASSERT_EQ(w.frame.hire_date[1], day_number(2025, 12, 31));
  ASSERT_EQ(w.frame.hire_date[2], day_number(2025, 12, 31));
  std::vector<KeyedRow> keys;
  const NewHireTerminationCounts nt = select_new_hire_terminations(
      w.frame, ExactDecimal::from_units(400'000'000), w.employee_ids(), keys);
  EXPECT_EQ(nt.requested, 1);  // round(0.4 × 2) = round(0.8)
  EXPECT_EQ(nt.selected, 0);
  EXPECT_EQ(w.frame.exit_date[1], kNoDate);
  EXPECT_EQ(w.frame.exit_date[2], kNoDate);
  finish_hire_rows(w.frame);
  EXPECT_EQ(w.frame.salary[1], 59592.01);
  EXPECT_EQ(w.frame.prorated[1], 163.27);
  EXPECT_EQ(w.frame.salary[2], 62348.55);
  EXPECT_EQ(w.frame.prorated[2], 170.82);
}

// testing::three_year_hand_run: five census members, each the one
// reference hire (hired 2023-2024) of its level, so with
// min_reference_hires = 1 every level is priced from its single reference
// salary x0 whatever the draw (pos = u × 0). Hire pay =
// round2(x0 × M_Y × adj_l) with M_Y = Π (1 + cola_y) over 2025..Y.
// COLA 0.01 / 0.02 / 0.03 in 2025 / 2026 / 2027, so M = 1.01, 1.0302,
// 1.061106. Adjustments L1 1.10, L2 0.95, others 1.0.
//   L1 x0 60,000:  2025 60,600 × 1.1 = 66,660.00; 2026 61,812 × 1.1 = 67,993.20;
//                  2027 63,666.36 × 1.1 = 70,032.996 -> 70,033.00
//   L2 x0 90,000:  2025 90,900 × 0.95 = 86,355.00; 2026 92,718 × 0.95 = 88,082.10;
//                  2027 95,499.54 × 0.95 = 90,724.563 -> 90,724.56
//   L3 x0 130,000: 131,300.00; 133,926.00; 137,943.78
//   L4 x0 200,000: 202,000.00; 206,040.00; 212,221.20
//   L5 x0 300,000: 303,000.00; 309,060.00; 318,331.80
// Head counts with q = 0, g = 0.5, r = 0: N = 5 -> target round(7.5) = 8,
// H = 3 (one each to L1, L2, L3: equal weights, ties to the lower level);
// N = 8 -> 12, H = 4 (L1..L4); N = 12 -> 18, H = 6 (2, 1, 1, 1, 1).
TEST(NewHirePayRules, HirePayMovesForwardByTheCumulativeCola) {
  const testing::HandRun run = testing::three_year_hand_run();
  ASSERT_EQ(run.result.years.size(), 3u);
  const std::map<int, std::vector<double>> pay = {
      {2025, {66660.00, 86355.00, 131300.00, 202000.00, 303000.00}},
      {2026, {67993.20, 88082.10, 133926.00, 206040.00, 309060.00}},
      {2027, {70033.00, 90724.56, 137943.78, 212221.20, 318331.80}},
  };
  const std::map<int, std::vector<int>> hires_by_level = {
      {2025, {1, 1, 1, 0, 0}}, {2026, {1, 1, 1, 1, 0}}, {2027, {2, 1, 1, 1, 1}}};
  std::map<int, std::vector<int>> seen;
  for (const testing::HandRow& r : run.rows) {
    if (!r.hire) continue;
    seen.try_emplace(r.year, std::vector<int>(5, 0))
        .first->second[static_cast<std::size_t>(r.start_level - 1)]++;
    EXPECT_EQ(r.start_salary, pay.at(r.year)[static_cast<std::size_t>(r.start_level - 1)])
        << r.id << " level " << r.start_level;
  }
  EXPECT_EQ(seen, hires_by_level);
}

}  // namespace
}  // namespace planwise::engine
